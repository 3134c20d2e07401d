import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { placeCall, type SimulatedCall } from "../src/simulator/simulated-call.js";
import { lastConversationRequest, startSecretary, type TestSecretary } from "./support/secretary.js";
import { eventually } from "./support/wait.js";

const STILL_THERE = "Are you still there?";

async function storedCall(secretary: TestSecretary, call: SimulatedCall) {
  return eventually("the call's end recorded", () =>
    secretary.app.database.prisma.call.findFirst({
      where: { callSid: call.callSid, endReason: { not: null } },
      include: { turns: { orderBy: { seq: "asc" } } },
    }),
  );
}

describe("a caller who goes quiet", () => {
  let secretary: TestSecretary;
  before(async () => {
    // A second of silence stands for the default eight.
    secretary = await startSecretary({ settings: { idleRepromptSeconds: 1 } });
  });
  after(() => secretary.dispose());

  test("is asked twice whether they are still there, then told goodbye, and the call ends", async () => {
    secretary.anthropic.enqueue({ text: "Sure, what's the message?" });
    const call = await placeCall({ ...secretary.simulator, from: "+15556660001" });
    assert.equal(await call.say("I'd like to leave a message."), "Sure, what's the message?");
    assert.equal(await call.nextReply(), STILL_THERE);
    assert.equal(await call.nextReply(), STILL_THERE);
    const goodbye = await call.nextReply();
    assert.match(goodbye, /I can't hear anything, so I'll end the call now\..*Goodbye!/);

    const ended = await call.waitForEnd();
    assert.deepEqual(JSON.parse(ended.handoffData ?? "{}"), {
      reasonCode: "goodbye",
      reason: "the caller said nothing",
    });
    assert.match(ended.action?.body ?? "", /<Hangup\/>/);
    assert.equal((await call.finished).reason, "ended");
    await call.hangUp();

    const stored = await storedCall(secretary, call);
    assert.equal(stored.endReason, "ENDED_BY_ASSISTANT");
    // What the caller heard is in the transcript, re-prompts included.
    assert.deepEqual(
      stored.turns.slice(1).map((turn) => [turn.role, turn.text]),
      [
        ["CALLER", "I'd like to leave a message."],
        ["ASSISTANT", "Sure, what's the message?"],
        ["ASSISTANT", STILL_THERE],
        ["ASSISTANT", STILL_THERE],
        ["ASSISTANT", goodbye],
      ],
    );
  });

  test("who speaks up after the re-prompts carries on as before, and the count starts again", async () => {
    const { anthropic } = secretary;
    anthropic.enqueue({ text: "What can I do for you?" }, { text: "Got it, I'll tell Dr. Reyes." });
    const call = await placeCall({ ...secretary.simulator, from: "+15556660002" });
    await call.say("Hello?");
    assert.equal(await call.nextReply(), STILL_THERE);
    assert.equal(await call.nextReply(), STILL_THERE);
    assert.equal(
      await call.say("Yes, sorry, I'm here. Please tell Dr. Reyes I'm running late."),
      "Got it, I'll tell Dr. Reyes.",
    );
    // Claude reads the caller's answer after the question they heard last.
    assert.deepEqual(lastConversationRequest(anthropic).messages, [
      { role: "user", content: "Hello?" },
      { role: "assistant", content: `What can I do for you?\n${STILL_THERE}\n${STILL_THERE}` },
      { role: "user", content: "Yes, sorry, I'm here. Please tell Dr. Reyes I'm running late." },
    ]);
    // Two re-prompts went unanswered before; the caller answered, so the next silence is asked about again.
    assert.equal(await call.nextReply(), STILL_THERE);
    assert.equal(call.outcome, undefined, "the call goes on");
    await call.hangUp();
    const stored = await storedCall(secretary, call);
    assert.equal(stored.endReason, "CALLER_HUNG_UP");
  });
});

describe("a call that reaches its time limit", () => {
  let secretary: TestSecretary;
  before(async () => {
    secretary = await startSecretary({
      // Three seconds stand for the default twenty minutes; the caller is never left in silence meanwhile.
      settings: { maxCallMinutes: 3 / 60, idleRepromptSeconds: 60 },
      // A reply that takes longer than the limit, streamed slowly but steadily.
      timing: { streamIdleTimeoutMs: 2000, roundTimeoutMs: 30_000 },
    });
  });
  after(() => secretary.dispose());

  test("is ended politely, even mid-reply, whatever the caller says", async () => {
    const words = Array.from({ length: 40 }, (_, index) => ` word${index}`);
    secretary.anthropic.enqueue({ text: words.join(""), chunks: words, tokenDelayMs: 250 });
    const call = await placeCall({ ...secretary.simulator, from: "+15556660004" });
    call.sendPrompt("Tell me everything about your prices.");
    const cut = await call.nextReply();
    assert.ok(cut.length > 0 && cut.length < words.join("").length, "the reply was cut short");
    const goodbye = await call.nextReply();
    assert.match(goodbye, /this call has reached its time limit.*saved for Dr\. Reyes\. Goodbye!/);
    // The end is final: the caller talking now is heard, but the call ends all the same.
    call.sendPrompt("Wait, one more thing!");
    const ended = await call.waitForEnd();
    assert.deepEqual(JSON.parse(ended.handoffData ?? "{}"), {
      reasonCode: "goodbye",
      reason: "the call reached its time limit",
    });
    await call.hangUp();

    const stored = await storedCall(secretary, call);
    assert.equal(stored.endReason, "ENDED_BY_ASSISTANT");
    assert.deepEqual(
      stored.turns.slice(1).map((turn) => [turn.role, turn.text, turn.interrupted]),
      [
        ["CALLER", "Tell me everything about your prices.", false],
        ["ASSISTANT", cut, true],
        ["ASSISTANT", goodbye, false],
        ["CALLER", "Wait, one more thing!", false],
      ],
    );
  });
});
