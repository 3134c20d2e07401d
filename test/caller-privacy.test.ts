import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { signedPost } from "../src/simulator/signed-requests.js";
import { placeCall } from "../src/simulator/simulated-call.js";
import { DeleteCallDocument } from "./generated/graphql.js";
import { systemPromptOf } from "./support/fake-anthropic.js";
import { ApiClient } from "./support/graphql-client.js";
import { lastConversationRequest, startSecretary, type TestSecretary } from "./support/secretary.js";
import { eventually } from "./support/wait.js";

/** What a caller can learn about other callers (or other calls) by calling: nothing. */
describe("what callers can learn about other calls", () => {
  let secretary: TestSecretary;
  before(async () => {
    secretary = await startSecretary();
    // The analysis names Rosa only when the call's words do: a spoofed call's record must not.
    secretary.anthropic.respondWith((body) => ({
      toolUse: {
        name: "record_call_analysis",
        input: JSON.stringify(body.messages).includes("Rosa Diaz")
          ? {
              summary: "Rosa Diaz asked for her test results; her PIN is 2468.",
              intent: "test results",
              urgency: "NORMAL",
              callerName: "Rosa Diaz",
              actionItems: [],
            }
          : {
              summary: "Someone asked about an earlier call.",
              intent: "question",
              urgency: "LOW",
              callerName: null,
              actionItems: [],
            },
      },
    }));
  });
  after(() => secretary.dispose());
  const prisma = () => secretary.app.database.prisma;

  /** A first call from the number, by its owner (verified), analysed. */
  async function firstCall(from: string): Promise<void> {
    secretary.anthropic.enqueue({ text: "I'll pass that on, Rosa." });
    const call = await placeCall({ ...secretary.simulator, from });
    await call.say("This is Rosa Diaz, my PIN is 2468, I need my test results.");
    await call.hangUp();
    await eventually("the first call analysed", () =>
      prisma().call.findFirst({ where: { from, analysisState: "DONE" } }),
    );
  }

  test("a caller ID the carrier does not vouch for is greeted as a stranger, and Claude hears nothing of earlier calls", async () => {
    await firstCall("+15558880001");
    for (const stirVerstat of [
      null,
      "TN-Validation-Passed-B",
      "TN-Validation-Passed-C",
      "TN-Validation-Failed-A",
      "No-TN-Validation",
    ]) {
      secretary.anthropic.enqueue({ text: "How can I help?" });
      const spoofed = await placeCall({ ...secretary.simulator, from: "+15558880001", stirVerstat });
      assert.doesNotMatch(spoofed.twiml.relay?.welcomeGreeting ?? "", /Rosa/, `greeting with ${stirVerstat}`);
      await spoofed.say("Hi, what did I ask about last time?");
      const prompt = systemPromptOf(lastConversationRequest(secretary.anthropic));
      assert.doesNotMatch(prompt, /Rosa|2468|test results|returning caller/, `prompt with ${stirVerstat}`);
      assert.match(prompt, /We do not know this caller yet/);
      await spoofed.hangUp();
      const stored = await eventually("the spoofed call analysed", () =>
        prisma().call.findFirst({ where: { callSid: spoofed.callSid, analysisState: "DONE" } }),
      );
      assert.equal(stored.callerName, null, "the owner is not told it was Rosa either");
      assert.equal(stored.stirVerstat, stirVerstat, "the verdict is recorded with the call");
    }
  });

  test("callers with a withheld number are nobody in particular: no shared caller record, no name", async () => {
    for (const name of ["Ada Byron", "Bea Cole"]) {
      secretary.anthropic.enqueue({ text: "Noted." });
      const call = await placeCall({ ...secretary.simulator, from: "anonymous" });
      assert.doesNotMatch(call.twiml.relay?.welcomeGreeting ?? "", /Ada/);
      await call.say(`This is ${name}.`);
      await call.hangUp();
    }
    assert.equal(await prisma().caller.count({ where: { phone: "anonymous" } }), 0);
    const calls = await prisma().call.findMany({ where: { from: "anonymous" }, select: { callerId: true } });
    assert.deepEqual(calls, [{ callerId: null }, { callerId: null }]);
  });

  test("a verified returning caller is greeted by name, and the prompt forbids telling them about earlier calls", async () => {
    await firstCall("+15558880002");
    secretary.anthropic.enqueue({ text: "Welcome back." });
    const call = await placeCall({
      ...secretary.simulator,
      from: "+15558880002",
      stirVerstat: "TN-Validation-Passed-A",
    });
    assert.match(call.twiml.relay?.welcomeGreeting ?? "", /^Hello Rosa,/);
    await call.say("Hi again.");
    const prompt = systemPromptOf(lastConversationRequest(secretary.anthropic));
    assert.match(prompt, /returning caller: Rosa Diaz/);
    assert.match(prompt, /Never tell the caller anything about earlier calls/);
    await call.hangUp();
  });

  test("an erased call stays erased: a late status callback or a new session does not bring it back", async () => {
    secretary.anthropic.enqueue({ text: "Noted." });
    const call = await placeCall({ ...secretary.simulator, from: "+15558880003" });
    await call.say("Please forget me.");
    await call.hangUp();
    const row = await eventually("the call analysed", () =>
      prisma().call.findFirst({ where: { callSid: call.callSid, analysisState: "DONE" } }),
    );
    const api = new ApiClient(secretary.app.url, secretary.app.apiToken);
    await api.query(DeleteCallDocument, { input: { callId: Buffer.from(`Call:${row.id}`).toString("base64") } });
    assert.equal(await prisma().call.count({ where: { callSid: call.callSid } }), 0);

    const late = await signedPost(secretary.simulator, "/twilio/status", {
      CallSid: call.callSid,
      AccountSid: call.accountSid,
      From: call.from,
      To: call.to,
      CallStatus: "completed",
      CallDuration: "12",
    });
    assert.equal(late.status, 204);
    assert.equal(await prisma().call.count({ where: { callSid: call.callSid } }), 0, "no call recreated");
    assert.equal(await prisma().call.count({ where: { from: "+15558880003" } }), 0, "the number is nowhere");

    // A session for the erased CallSid (a replayed voice webhook) is refused, and not resumed.
    const again = await placeCall({ ...secretary.simulator, from: call.from, callSid: call.callSid });
    const outcome = await again.finished;
    // The server closes the session; asked what next, it tells Twilio to hang up, not to reconnect.
    assert.equal(outcome.reason, "failed");
    assert.match(outcome.action?.body ?? "", /<Hangup\/>/);
    assert.equal(again.sessions.length, 1);
    assert.equal(await prisma().call.count({ where: { callSid: call.callSid } }), 0, "still erased");
    await api.close();
  });
});
