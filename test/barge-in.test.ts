import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { placeCall } from "../src/simulator/simulated-call.js";
import {
  conversationRequests,
  lastConversationRequest,
  startSecretary,
  type TestSecretary,
} from "./support/secretary.js";
import { eventually } from "./support/wait.js";

describe("barge-in", () => {
  let secretary: TestSecretary;
  before(async () => {
    secretary = await startSecretary();
  });
  after(() => secretary.dispose());

  const turnsOf = (callSid: string) =>
    secretary.app.database.prisma.turn.findMany({ where: { call: { callSid } }, orderBy: { seq: "asc" } });

  test("an interrupt stops Claude at once, keeps only what was heard, and the history stays well-formed", async () => {
    const { anthropic } = secretary;
    const long = "Our hygienist has openings on Tuesday at nine, Wednesday at two, and Friday at four.";
    anthropic.enqueue(
      {
        text: long,
        chunks: ["Our hygienist has openings", " on Tuesday at nine,", " Wednesday at two,", " and Friday at four."],
        tokenDelayMs: 150,
      },
      { text: "Great, Wednesday at two it is." },
    );
    const call = await placeCall({ ...secretary.simulator, from: "+15552220001" });
    call.sendPrompt("When can I come in for a cleaning?");
    await eventually("the first two tokens", async () => call.textFrames.filter((frame) => frame.token).length >= 2);
    call.interrupt("Our hygienist has openings on Tuesday", 1800);
    const framesAtInterrupt = call.textFrames.length;

    await eventually("the Claude stream to be aborted", async () => anthropic.requests[0]?.aborted);
    await new Promise((resolve) => setTimeout(resolve, 400));
    assert.equal(call.textFrames.length, framesAtInterrupt, "nothing more of the interrupted reply is sent");

    const reply = await call.say("Wednesday works for me.");
    assert.equal(reply, "Great, Wednesday at two it is.");
    assert.deepEqual(anthropic.requests[1]?.body.messages, [
      { role: "user", content: "When can I come in for a cleaning?" },
      { role: "assistant", content: "Our hygienist has openings on Tuesday" },
      { role: "user", content: "Wednesday works for me." },
    ]);
    await call.hangUp();

    const turns = await eventually("all turns stored", async () => {
      const rows = await turnsOf(call.callSid);
      return rows.length === 5 && rows;
    });
    assert.deepEqual(
      turns.slice(1).map((turn) => [turn.role, turn.text, turn.interrupted]),
      [
        ["CALLER", "When can I come in for a cleaning?", false],
        ["ASSISTANT", "Our hygienist has openings on Tuesday", true],
        ["CALLER", "Wednesday works for me.", false],
        ["ASSISTANT", "Great, Wednesday at two it is.", false],
      ],
    );
  });

  test("an interrupt before any word was heard never puts two caller messages in a row", async () => {
    const { anthropic } = secretary;
    const before = conversationRequests(anthropic).length;
    anthropic.enqueue({ text: "Let me check that for you.", ttftMs: 300 }, { text: "Sure, what is the new address?" });
    const call = await placeCall({ ...secretary.simulator, from: "+15552220002" });
    call.sendPrompt("I need to update my address.");
    await eventually("Claude asked", async () => conversationRequests(anthropic).length > before);
    call.interrupt("", 0);
    await call.say("Actually, it's my billing address.");
    assert.deepEqual(lastConversationRequest(anthropic).messages, [
      { role: "user", content: "I need to update my address.\nActually, it's my billing address." },
    ]);
    await call.hangUp();
  });

  test("an interrupt after the reply was sent truncates the stored turn to what the caller heard", async () => {
    const { anthropic } = secretary;
    anthropic.enqueue(
      { text: "We're open nine to five on weekdays, and ten to two on Saturdays." },
      { text: "Yes, Saturday works." },
    );
    const call = await placeCall({ ...secretary.simulator, from: "+15552220003" });
    await call.say("When are you open?");
    // Twilio was still speaking the finished reply when the caller cut in.
    call.interrupt("We're open nine to five on weekdays", 2100);
    await call.say("Can I come Saturday?");
    assert.deepEqual(lastConversationRequest(anthropic).messages.slice(-2), [
      { role: "assistant", content: "We're open nine to five on weekdays" },
      { role: "user", content: "Can I come Saturday?" },
    ]);
    await call.hangUp();
    const turns = await eventually("turns stored", async () => {
      const rows = await turnsOf(call.callSid);
      return rows.length === 5 && rows;
    });
    assert.deepEqual([turns[2]?.text, turns[2]?.interrupted], ["We're open nine to five on weekdays", true]);
  });

  test("a caller can talk over the greeting; the stored greeting is what they heard", async () => {
    const { anthropic } = secretary;
    anthropic.enqueue({ text: "Of course." });
    const call = await placeCall({ ...secretary.simulator, from: "+15552220004" });
    call.interrupt("Hello, you've reached Harbor Dental.", 1500);
    await call.say("Hi, quick question.");
    await call.hangUp();
    const turns = await eventually("turns stored", async () => {
      const rows = await turnsOf(call.callSid);
      return rows.length === 3 && rows;
    });
    assert.deepEqual([turns[0]?.text, turns[0]?.interrupted], ["Hello, you've reached Harbor Dental.", true]);
  });
});
