import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { placeCall } from "../src/simulator/simulated-call.js";
import { CallsScreenedDocument, StatsDocument } from "./generated/graphql.js";
import { systemPromptOf } from "./support/fake-anthropic.js";
import { ApiClient } from "./support/graphql-client.js";
import { lastConversationRequest, startSecretary, type TestSecretary } from "./support/secretary.js";
import { eventually } from "./support/wait.js";

const SCREENING_GREETING =
  "Hello, you've reached Harbor Dental. This call is transcribed. May I ask who's calling and what it's about?";
const SCREENING_LINE = /could not verify the caller's number\. Before anything else, find out who is calling and why/;

/** Calls whose caller ID failed verification are screened first; the analysis tells spam apart. */
describe("screening and spam", () => {
  let secretary: TestSecretary;
  let api: ApiClient;
  before(async () => {
    secretary = await startSecretary();
    api = new ApiClient(secretary.app.url, secretary.app.apiToken);
    // The analysis takes a pitch for spam, as Claude would: only what the call says decides it.
    secretary.anthropic.respondWith((body) => {
      const pitch = JSON.stringify(body.messages).includes("Google listing");
      return {
        toolUse: {
          name: "record_call_analysis",
          input: {
            summary: pitch ? "A sales call about the Google listing." : "A patient asked about opening hours.",
            intent: pitch ? "sales call" : "opening hours",
            urgency: "LOW",
            callerName: null,
            actionItems: [],
            spam: pitch,
          },
        },
      };
    });
  });
  after(async () => {
    await api.close();
    await secretary.dispose();
  });
  const prisma = () => secretary.app.database.prisma;

  test("a caller ID that failed verification is asked who and why first, and Claude is told to screen", async () => {
    for (const stirVerstat of ["TN-Validation-Failed-B", "No-TN-Validation"]) {
      secretary.anthropic.enqueue({ text: "Thanks. What is it regarding?" });
      const call = await placeCall({ ...secretary.simulator, from: "+15550108001", stirVerstat });
      assert.equal(call.twiml.relay?.welcomeGreeting, SCREENING_GREETING, stirVerstat);
      await call.say("Hi, who is this?");
      const prompt = systemPromptOf(lastConversationRequest(secretary.anthropic));
      assert.match(prompt, SCREENING_LINE, stirVerstat);
      assert.match(prompt, /if it is a sales pitch or a recorded message, say politely that we are not interested/);
      assert.ok(prompt.includes(`"${SCREENING_GREETING}"`), "Claude knows what the caller heard");
      await call.hangUp();
      const stored = await eventually("the screened call recorded", () =>
        prisma().call.findFirst({ where: { callSid: call.callSid, endReason: { not: null } } }),
      );
      assert.equal(stored.stirVerstat, stirVerstat);
    }
  });

  test("a verified caller ID, or one with no verdict at all, is greeted as usual", async () => {
    for (const stirVerstat of ["TN-Validation-Passed-B", null]) {
      secretary.anthropic.enqueue({ text: "We open at nine." });
      const call = await placeCall({ ...secretary.simulator, from: "+15550108002", stirVerstat });
      assert.match(call.twiml.relay?.welcomeGreeting ?? "", /How can I help you today\?$/, String(stirVerstat));
      await call.say("When do you open?");
      assert.doesNotMatch(systemPromptOf(lastConversationRequest(secretary.anthropic)), SCREENING_LINE);
      await call.hangUp();
    }
  });

  test("a call the analysis marks as spam is spam on the call, and counted apart from real calls", async () => {
    secretary.anthropic.enqueue({ text: "We're not interested, thank you. Goodbye." });
    const pitch = await placeCall({ ...secretary.simulator, from: "+15550108003" });
    await pitch.say("Hi, this is Dana, I'm calling to verify your Google listing before it's removed.");
    await pitch.hangUp({ duration: 40 });
    secretary.anthropic.enqueue({ text: "We open at nine on Saturdays." });
    const patient = await placeCall({ ...secretary.simulator, from: "+15550108004" });
    await patient.say("Are you open on Saturday mornings?");
    await patient.hangUp({ duration: 50 });
    for (const call of [pitch, patient])
      await eventually("the call analysed", () =>
        prisma().call.findFirst({ where: { callSid: call.callSid, analysisState: "DONE" } }),
      );

    const spam = await api.query(CallsScreenedDocument, { filter: { spam: true } });
    assert.deepEqual(
      spam.calls.edges.map((edge) => [edge.node.callSid, edge.node.spam]),
      [[pitch.callSid, true]],
    );
    const notSpam = await api.query(CallsScreenedDocument, { filter: { spam: false, phone: "+15550108004" } });
    assert.deepEqual(
      notSpam.calls.edges.map((edge) => [edge.node.callSid, edge.node.spam]),
      [[patient.callSid, false]],
    );

    const { stats } = await api.query(StatsDocument, {});
    assert.equal(stats.spamCalls, 1);
    assert.equal(stats.blockedCalls, 0);
    assert.equal(
      stats.realCalls + stats.spamCalls + stats.blockedCalls + stats.shortHangUps,
      stats.totalCalls,
      "every call is of one kind",
    );
  });
});
