import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { pino } from "pino";
import { placeCall } from "../src/simulator/simulated-call.js";
import { conversationRequests, startSecretary, type TestSecretary } from "./support/secretary.js";
import { eventually } from "./support/wait.js";

/** One socket that floods the server costs it a closed socket, not its other calls. */
describe("a socket that floods", () => {
  let secretary: TestSecretary;
  const logLines: Array<{ level: number; msg: string; frames?: number }> = [];
  before(async () => {
    const logger = pino({ level: "info" }, { write: (line: string) => void logLines.push(JSON.parse(line)) });
    secretary = await startSecretary({ logger });
  });
  after(() => secretary.dispose());

  test("ten thousand prompts at once: the socket is closed, Claude is asked a few times, a neighbour's call goes on", async () => {
    const neighbour = await placeCall({ ...secretary.simulator, from: "+15554440001" });
    const flooder = await placeCall({ ...secretary.simulator, from: "+15554440002" });
    const requestsBefore = conversationRequests(secretary.anthropic).length;
    const prompts = Array.from({ length: 10_000 }, (_, index) =>
      JSON.stringify({ type: "prompt", voicePrompt: `Flood ${index}`, lang: "en-US", last: true }),
    );
    for (const prompt of prompts) flooder.sendRaw(prompt);
    // Twilio reports the closed socket as a failed session (and the call would resume on a new one).
    await eventually("the flooding socket closed", async () => flooder.sessions[0]?.status === "failed");

    secretary.anthropic.enqueue({ text: "We open at nine." });
    assert.equal(await neighbour.say("When do you open?"), "We open at nine.");
    const flooderRequests = conversationRequests(secretary.anthropic).length - requestsBefore - 1;
    assert.ok(flooderRequests <= 5, `${flooderRequests} requests to Claude for the flood`);
    const stored = await eventually("the flooder's turns written", async () => {
      const turns = await secretary.app.database.prisma.turn.count({ where: { call: { callSid: flooder.callSid } } });
      return turns > 0 && turns;
    });
    assert.ok(stored <= 105, `${stored} turns stored for the flood`);
    await neighbour.hangUp();
    flooder.dispose();
  });

  test("malformed frames: a few are logged one by one, the rest counted; ten in a row close the socket", async () => {
    logLines.length = 0;
    const call = await placeCall({ ...secretary.simulator, from: "+15554440003" });
    for (let index = 0; index < 9; index++) call.sendRaw(`{not json ${index}`);
    secretary.anthropic.enqueue({ text: "Still here." });
    assert.equal(await call.say("Hello?"), "Still here.", "nine in a row, then a good frame: the call goes on");
    for (let index = 0; index < 10; index++) call.sendRaw(`{not json either ${index}`);
    await eventually("the socket closed", async () => call.sessions[0]?.status === "failed");
    await eventually("the closing count logged", async () =>
      logLines.some((line) => line.msg === "ignored more malformed ConversationRelay frames"),
    );
    const oneByOne = logLines.filter((line) => line.msg === "ignored a malformed ConversationRelay frame");
    assert.equal(oneByOne.length, 5);
    assert.equal(logLines.find((line) => line.msg === "ignored more malformed ConversationRelay frames")?.frames, 14);
    // Hung up rather than dropped: a socket cut just before the server stops would hold its stop
    // for Twilio's callback, which a dropped call never sends.
    await call.hangUp();
  });
});
