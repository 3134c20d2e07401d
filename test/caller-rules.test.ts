import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { CallStore } from "../src/calls/call-store.js";
import { placeCall } from "../src/simulator/simulated-call.js";
import {
  CallerRulesDocument,
  CallsScreenedDocument,
  RemoveCallerRuleDocument,
  SetCallerRuleDocument,
} from "./generated/graphql.js";
import { systemPromptOf } from "./support/fake-anthropic.js";
import { ApiClient } from "./support/graphql-client.js";
import {
  conversationRequests,
  lastConversationRequest,
  startSecretary,
  type TestSecretary,
  writesSettled,
} from "./support/secretary.js";
import { eventually } from "./support/wait.js";

const OWNER_PHONE = "+15550001111";

const analysis = (summary: string) => ({
  toolUse: {
    name: "record_call_analysis",
    input: { summary, intent: "question", urgency: "LOW", callerName: null, actionItems: [], spam: false },
  },
});

/** The owner's rules for numbers: blocked callers kept out before anything costs money, VIPs put through. */
describe("caller rules: block and VIP", () => {
  let secretary: TestSecretary;
  let api: ApiClient;
  before(async () => {
    secretary = await startSecretary({ env: { OWNER_PHONE } });
    api = new ApiClient(secretary.app.url, secretary.app.apiToken);
    secretary.anthropic.respondWith(() => analysis("A caller asked a question."));
  });
  after(async () => {
    await api.close();
    await secretary.dispose();
  });
  const prisma = () => secretary.app.database.prisma;
  /** The requests Claude got since the `since`th that name the number (the prompt and the analysis do). */
  const requestsAbout = (phone: string, since: number) =>
    secretary.anthropic.requests.slice(since).filter((request) => JSON.stringify(request.body).includes(phone));

  test("rules are set, changed, listed and removed by number in any format; a bad number or note changes nothing", async () => {
    const { setCallerRule: blocked } = await api.query(SetCallerRuleDocument, {
      input: { phone: "(555) 010-7777", kind: "BLOCK", note: "  extended warranty again  " },
    });
    assert.equal(blocked.callerRule.phone, "+15550107777");
    assert.equal(blocked.callerRule.kind, "BLOCK");
    assert.equal(blocked.callerRule.note, "extended warranty again");

    const { setCallerRule: vip } = await api.query(SetCallerRuleDocument, {
      input: { phone: "+1 555 010 7777", kind: "VIP", note: null },
    });
    assert.equal(vip.callerRule.id, blocked.callerRule.id, "one rule per number: setting it again replaces it");
    assert.deepEqual([vip.callerRule.kind, vip.callerRule.note], ["VIP", null]);
    await api.query(SetCallerRuleDocument, { input: { phone: "+445550107778", kind: "BLOCK" } });

    const vips = await api.query(CallerRulesDocument, { kind: "VIP" });
    assert.equal(vips.callerRules.totalCount, 1);
    assert.deepEqual(
      vips.callerRules.edges.map((edge) => edge.node.phone),
      ["+15550107777"],
    );
    const everyRule = (await api.query(CallerRulesDocument, {})).callerRules.totalCount;

    for (const [input, field] of [
      [{ phone: "12", kind: "BLOCK" }, "phone"],
      [{ phone: "call me maybe", kind: "VIP" }, "phone"],
      [{ phone: "+15550107779", kind: "BLOCK", note: "x".repeat(501) }, "note"],
    ] as const) {
      const refused = await api.post(SetCallerRuleDocument, { input });
      const error = refused.body.errors?.[0];
      assert.equal(error?.extensions?.code, "BAD_USER_INPUT", JSON.stringify(input));
      assert.equal(error?.extensions?.field, field);
      assert.match(error?.message ?? "", new RegExp(`^${field}: `));
    }
    assert.equal((await api.query(CallerRulesDocument, {})).callerRules.totalCount, everyRule, "nothing was set");

    const { removeCallerRule } = await api.query(RemoveCallerRuleDocument, { input: { phone: "555-010-7777" } });
    assert.equal(removeCallerRule.removedCallerRuleId, blocked.callerRule.id);
    const again = await api.post(RemoveCallerRuleDocument, { input: { phone: "555-010-7777" } });
    assert.equal(again.body.errors?.[0]?.extensions?.code, "NOT_FOUND");
    assert.match(again.body.errors?.[0]?.message ?? "", /\+15550107777/);
    const badRemoval = await api.post(RemoveCallerRuleDocument, { input: { phone: "0" } });
    assert.equal(badRemoval.body.errors?.[0]?.extensions?.field, "phone");
  });

  test("a number blocked from one of its calls is rejected busy next time: no Claude, no analysis, and the owner sees what was kept out", async () => {
    const { anthropic } = secretary;
    const from = "+15550107001";
    anthropic.enqueue({ text: "This is about your car's extended warranty." });
    const first = await placeCall({ ...secretary.simulator, from });
    await first.say("Hello, we've been trying to reach you about your car's extended warranty.");
    await first.hangUp();
    await writesSettled(secretary);
    // The owner blocks the number straight from the call they read.
    const [firstCall] = (await api.query(CallsScreenedDocument, { filter: { phone: from } })).calls.edges;
    assert.ok(firstCall);
    await api.query(SetCallerRuleDocument, { input: { phone: firstCall.node.from, kind: "BLOCK", note: "robocall" } });
    await eventually("the first call analysed", () =>
      prisma().call.findFirst({ where: { callSid: first.callSid, analysisState: "DONE" } }),
    );
    const requestsBefore = anthropic.requests.length;

    const blocked = await placeCall({ ...secretary.simulator, from, stirVerstat: "TN-Validation-Passed-C" });

    assert.equal(blocked.outcome?.reason, "rejected");
    assert.deepEqual(
      blocked.voiceAnswer?.twiml?.verbs.map((verb) => [verb.name, verb.attributes.reason]),
      [["Reject", "busy"]],
      "rejected unanswered, with a busy signal",
    );
    assert.equal(blocked.sessions.length, 0, "no relay session");
    assert.equal(blocked.outcome?.statusCallback?.status, 204, "Twilio's busy status is taken");
    await writesSettled(secretary);

    const listed = await api.query(CallsScreenedDocument, { filter: { status: ["BLOCKED"] } });
    const kept = listed.calls.edges.find((edge) => edge.node.callSid === blocked.callSid)?.node;
    assert.ok(kept, "the blocked call is in the owner's list");
    assert.equal(kept.status, "BLOCKED", "Twilio's busy report did not turn it into a missed call");
    assert.equal(kept.from, from);
    assert.equal(kept.stirVerstat, "TN-Validation-Passed-C");
    assert.deepEqual([kept.callerRule?.kind, kept.callerRule?.note], ["BLOCK", "robocall"]);
    assert.equal(kept.analysisState, "NOT_STARTED");
    const earlier = await api.query(CallsScreenedDocument, { filter: { phone: from, status: ["COMPLETED"] } });
    assert.equal(earlier.calls.edges[0]?.node.callerRule?.kind, "BLOCK", "the earlier call shows the number blocked");

    // A call analysed after it shows the worker went past the blocked one, and a sweep of calls
    // left open does not pick it up either: it is never analysed.
    anthropic.enqueue({ text: "Noted." });
    const next = await placeCall({ ...secretary.simulator, from: "+15550107002" });
    await next.say("Just checking you're open Saturday.");
    await next.hangUp();
    await eventually("the next call analysed", () =>
      prisma().call.findFirst({ where: { callSid: next.callSid, analysisState: "DONE" } }),
    );
    assert.deepEqual(await new CallStore(secretary.app.database).closeAbandonedCalls(0), []);
    assert.deepEqual(requestsAbout(from, requestsBefore), [], "nothing about the blocked call was sent to Claude");
    const stored = await prisma().call.findUniqueOrThrow({ where: { callSid: blocked.callSid } });
    assert.deepEqual([stored.status, stored.analysisState, stored.sessionCount], ["BLOCKED", "NOT_STARTED", 0]);
  });

  test("a VIP rings the owner first; unanswered, the secretary takes the call on the same record", async () => {
    const { anthropic } = secretary;
    const from = "+15550107003";
    await api.query(SetCallerRuleDocument, { input: { phone: from, kind: "VIP", note: "my accountant" } });
    const conversationsBefore = conversationRequests(anthropic).length;

    const call = await placeCall({ ...secretary.simulator, from });

    assert.deepEqual(
      call.voiceAnswer?.twiml?.verbs.map((verb) => verb.name),
      ["Say", "Dial"],
    );
    assert.equal(call.pendingDial?.number, OWNER_PHONE);
    assert.equal(
      call.pendingDial?.actionUrl,
      `${secretary.app.publicUrl}/twilio/dial-result?attempt=0&briefing=One+of+your+VIP+callers.`,
    );
    assert.equal(call.pendingDial?.attributes.callerId, from, "the owner sees who is calling");
    assert.equal(call.sessions.length, 0, "nobody but the owner answers yet");
    const ringing = await eventually("the VIP's call recorded while the owner's phone rings", () =>
      prisma().call.findFirst({ where: { callSid: call.callSid }, include: { caller: true } }),
    );
    assert.deepEqual([ringing.status, ringing.endReason], ["IN_PROGRESS", "TRANSFERRED_TO_OWNER"]);
    assert.equal(ringing.caller?.callCount, 1);

    const back = await call.finishDial("no-answer");
    assert.match(back.twiml?.relay?.welcomeGreeting ?? "", /^I'm sorry, Dr\. Reyes isn't available right now\./);
    anthropic.enqueue({ text: "Of course, I'll tell Dr. Reyes the forms are ready." });
    assert.equal(
      await call.say("Tell her the tax forms are ready to sign."),
      "Of course, I'll tell Dr. Reyes the forms are ready.",
    );
    assert.equal(conversationRequests(anthropic).length, conversationsBefore + 1);
    assert.match(
      systemPromptOf(lastConversationRequest(anthropic)),
      /who did not answer\. Do not transfer again, even in an emergency/,
    );
    await call.hangUp();

    const stored = await eventually("the VIP's call analysed", async () => {
      const found = await prisma().call.findFirst({
        where: { callSid: call.callSid },
        include: { turns: { orderBy: { seq: "asc" } }, caller: true },
      });
      return found?.analysisState === "DONE" && found;
    });
    assert.equal(await prisma().call.count({ where: { from } }), 1, "one call, one record");
    assert.deepEqual([stored.status, stored.endReason, stored.sessionCount], ["COMPLETED", "CALLER_HUNG_UP", 1]);
    assert.equal(stored.caller?.callCount, 1, "counted once for its caller");
    assert.deepEqual(
      stored.turns.map((turn) => turn.role),
      ["ASSISTANT", "CALLER", "ASSISTANT"],
    );
  });

  test("a VIP the owner answers is over without a session: recorded, completed, and summed up without Claude", async () => {
    const { anthropic } = secretary;
    const from = "+15550107004";
    await api.query(SetCallerRuleDocument, { input: { phone: from, kind: "VIP" } });
    const requestsBefore = anthropic.requests.length;

    const call = await placeCall({ ...secretary.simulator, from });
    const owner = await call.pickUp({ press: "1" });
    assert.deepEqual(owner.heard.slice(1), ["One of your VIP callers.", "Press 1 to take the call."]);
    const over = await call.finishDial("completed", { duration: 180 });
    assert.deepEqual(
      over.twiml?.verbs.map((verb) => verb.name),
      ["Hangup"],
    );
    await call.hangUp({ duration: 185 });

    const stored = await eventually("the answered VIP call analysed", () =>
      prisma().call.findFirst({ where: { callSid: call.callSid, analysisState: "DONE" } }),
    );
    assert.deepEqual(
      [stored.status, stored.durationSeconds, stored.endReason, stored.sessionCount, stored.handledBy],
      ["COMPLETED", 185, "TRANSFERRED_TO_OWNER", 0, "CLAUDE"],
    );
    assert.equal(stored.summary, `${from} called and was put straight through to the owner's phone.`);
    assert.deepEqual(requestsAbout(from, requestsBefore), [], "nothing was asked of Claude");
  });

  test("a VIP whose caller ID failed verification is screened by the secretary, not put through", async () => {
    const from = "+15550107005";
    await api.query(SetCallerRuleDocument, { input: { phone: from, kind: "VIP" } });
    const call = await placeCall({ ...secretary.simulator, from, stirVerstat: "TN-Validation-Failed-A" });
    assert.equal(call.pendingDial, undefined);
    assert.equal(call.sessions.length, 1);
    assert.match(call.twiml.relay?.welcomeGreeting ?? "", /May I ask who's calling and what it's about\?$/);
    await call.hangUp();
  });
});

describe("a VIP when the owner cannot be rung", () => {
  let secretary: TestSecretary;
  let api: ApiClient;
  // Without OWNER_PHONE the owner is never reachable: the VIP gets the secretary.
  before(async () => {
    secretary = await startSecretary();
    api = new ApiClient(secretary.app.url, secretary.app.apiToken);
  });
  after(async () => {
    await api.close();
    await secretary.dispose();
  });

  test("gets the secretary, greeted by name when the caller ID is verified", async () => {
    const from = "+15550107006";
    secretary.anthropic.respondWith(() => ({
      toolUse: {
        name: "record_call_analysis",
        input: {
          summary: "Nora Quinn called about her invoice.",
          intent: "invoice",
          urgency: "LOW",
          callerName: "Nora Quinn",
          actionItems: [],
          spam: false,
        },
      },
    }));
    secretary.anthropic.enqueue({ text: "Thanks Nora." });
    const first = await placeCall({ ...secretary.simulator, from });
    await first.say("This is Nora Quinn about my invoice.");
    await first.hangUp();
    await eventually("Nora's first call analysed", () =>
      secretary.app.database.prisma.call.findFirst({ where: { callSid: first.callSid, analysisState: "DONE" } }),
    );
    await api.query(SetCallerRuleDocument, { input: { phone: from, kind: "VIP" } });

    const call = await placeCall({ ...secretary.simulator, from });
    assert.equal(call.pendingDial, undefined);
    assert.match(call.twiml.relay?.welcomeGreeting ?? "", /^Hello Nora, you've reached Harbor Dental\./);
    await call.hangUp();
  });
});
