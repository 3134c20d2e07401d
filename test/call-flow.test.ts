import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { placeCall } from "../src/simulator/simulated-call.js";
import { systemPromptOf, textOf, toolNamesOf } from "./support/fake-anthropic.js";
import {
  conversationRequests,
  lastConversationRequest,
  startSecretary,
  type TestSecretary,
} from "./support/secretary.js";
import { eventually } from "./support/wait.js";

describe("a whole call answered by Claude", () => {
  let secretary: TestSecretary;
  before(async () => {
    secretary = await startSecretary({
      env: { OWNER_PHONE: "+15550001111", SECRETARY_INSTRUCTIONS: "We are closed on Mondays." },
    });
  });
  after(() => secretary.dispose());

  test("greets, streams Claude's reply token by token, takes a message, hangs up, and keeps everything", async () => {
    const { anthropic } = secretary;
    const prisma = secretary.app.database.prisma;
    anthropic.enqueue(
      {
        text: "Sure, I can help with that. May I have your name?",
        chunks: ["Sure,", " I can", " help with that.", " May I", " have your name?"],
      },
      {
        text: "Thanks Maria, I've noted that.",
        toolUse: {
          name: "take_message",
          input: {
            message: "Wants to move Thursday's cleaning to next week",
            caller_name: "Maria Lopez",
            callback_number: "+15551234567",
          },
        },
      },
      { text: " Dr. Reyes will call you back. Anything else?" },
      { text: "You're welcome, goodbye!", toolUse: { name: "end_call", input: { reason: "caller is done" } } },
    );
    anthropic.respondWith(() => ({
      toolUse: {
        name: "record_call_analysis",
        input: {
          summary: "Maria Lopez wants to move her Thursday cleaning to next week.",
          intent: "reschedule appointment",
          urgency: "NORMAL",
          callerName: "Maria Lopez",
          // The message taken during the call is the to-do; the analysis is told so and adds none.
          actionItems: [],
        },
      },
    }));

    const call = await placeCall({ ...secretary.simulator, from: "+15551234567", to: "+15550009999" });
    const relay = call.twiml.relay;
    assert.ok(relay, "the voice webhook answers with <Connect><ConversationRelay>");
    // The session's own URL: the call, when it was issued, and a MAC (see relay-ticket.ts).
    const relayBase = `${secretary.app.publicUrl.replace(/^http/, "ws")}/twilio/relay/${call.callSid}/`;
    assert.ok(relay.url.startsWith(relayBase), relay.url);
    assert.match(relay.url.slice(relayBase.length), /^\d{13}\/[A-Za-z0-9_-]{43}$/);
    assert.equal(relay.action, `${secretary.app.publicUrl}/twilio/relay-action`);
    assert.match(relay.welcomeGreeting ?? "", /Harbor Dental/);
    assert.match(relay.welcomeGreeting ?? "", /transcribed/);
    assert.equal(relay.attributes.interruptible, "any");
    assert.equal(relay.attributes.dtmfDetection, "true");

    const first = await call.say("Hi, I need to reschedule my cleaning on Thursday.");
    assert.equal(first, "Sure, I can help with that. May I have your name?");
    const tokens = call.textFrames.filter((frame) => frame.token !== "");
    assert.deepEqual(
      tokens.map((frame) => frame.token),
      ["Sure,", " I can", " help with that.", " May I", " have your name?"],
    );
    assert.equal(call.textFrames.at(-1)?.last, true, "the reply closes with last:true");

    const second = await call.say("It's Maria Lopez, you can reach me on this number.");
    assert.equal(second, "Thanks Maria, I've noted that. Dr. Reyes will call you back. Anything else?");
    await call.say("No, that's all, thanks.");
    const ended = await call.waitForEnd();
    assert.deepEqual(JSON.parse(ended.handoffData ?? "{}"), { reasonCode: "goodbye", reason: "caller is done" });
    assert.match(ended.action?.body ?? "", /<Hangup\/>/);
    await call.hangUp({ duration: 42 });

    const [firstRequest, , toolRound] = conversationRequests(anthropic);
    assert.ok(firstRequest && toolRound);
    assert.equal(firstRequest.stream, true);
    assert.match(systemPromptOf(firstRequest), /Harbor Dental/);
    assert.match(systemPromptOf(firstRequest), /closed on Mondays/);
    assert.match(systemPromptOf(firstRequest), /\+15551234567/);
    assert.deepEqual(firstRequest.messages, [
      { role: "user", content: "Hi, I need to reschedule my cleaning on Thursday." },
    ]);
    assert.deepEqual(toolNamesOf(firstRequest), [
      "take_message",
      "note_unanswered_question",
      "end_call",
      "transfer_to_owner",
    ]);
    // The tool round carries the tool result back to Claude before it finishes the sentence.
    const toolResult = toolRound.messages.at(-1)?.content;
    assert.ok(Array.isArray(toolResult));
    assert.equal(toolResult[0]?.type, "tool_result");

    const stored = await eventually("the analysis", () =>
      prisma.call.findFirst({
        where: { callSid: call.callSid, analysisState: "DONE" },
        include: { turns: { orderBy: { seq: "asc" } }, actionItems: { orderBy: { createdAt: "asc" } }, caller: true },
      }),
    );
    assert.equal(stored.status, "COMPLETED");
    assert.equal(stored.durationSeconds, 42);
    assert.equal(stored.from, "+15551234567");
    assert.equal(stored.endReason, "ENDED_BY_ASSISTANT");
    assert.equal(stored.summary, "Maria Lopez wants to move her Thursday cleaning to next week.");
    assert.equal(stored.intent, "reschedule appointment");
    assert.equal(stored.urgency, "NORMAL");
    assert.equal(stored.callerName, "Maria Lopez");
    assert.equal(stored.caller?.name, "Maria Lopez");
    assert.equal(stored.caller?.callCount, 1);
    assert.deepEqual(
      stored.turns.map((turn) => [turn.role, turn.text]),
      [
        ["ASSISTANT", relay.welcomeGreeting],
        ["CALLER", "Hi, I need to reschedule my cleaning on Thursday."],
        ["ASSISTANT", "Sure, I can help with that. May I have your name?"],
        ["CALLER", "It's Maria Lopez, you can reach me on this number."],
        ["ASSISTANT", "Thanks Maria, I've noted that. Dr. Reyes will call you back. Anything else?"],
        ["CALLER", "No, that's all, thanks."],
        ["ASSISTANT", "You're welcome, goodbye!"],
      ],
    );
    assert.ok(
      stored.turns
        .filter((turn) => turn.role === "ASSISTANT" && turn.seq > 1)
        .every((turn) => turn.firstTokenMs !== null),
    );
    assert.deepEqual(
      stored.actionItems.map((item) => [item.source, item.description]),
      [["CALL", "Wants to move Thursday's cleaning to next week — Caller: Maria Lopez — Call back: +15551234567"]],
    );
    const analysisRequest = anthropic.requests.find((request) => request.body.tool_choice)?.body;
    assert.deepEqual(analysisRequest?.tool_choice, { type: "tool", name: "record_call_analysis" });
    assert.match(textOf(analysisRequest?.messages[0]), /Caller: No, that's all, thanks\./);
    assert.match(
      textOf(analysisRequest?.messages[0]),
      /already recorded during the call.*do not repeat them.*\n- Wants to move Thursday's cleaning to next week — Caller: Maria Lopez/s,
    );
  });

  test("partial prompts are not answered; only the final prompt is", async () => {
    const { anthropic } = secretary;
    const before = conversationRequests(anthropic).length;
    anthropic.enqueue({ text: "Yes, we open at nine." });
    const call = await placeCall({ ...secretary.simulator, from: "+15557770000", partialIntervalMs: 5 });
    call.sendRaw(JSON.stringify({ type: "prompt", voicePrompt: "What time", lang: "en-US", last: false }));
    call.sendRaw(JSON.stringify({ type: "prompt", voicePrompt: "What time do you", lang: "en-US", last: false }));
    const reply = await call.say("What time do you open tomorrow?");
    assert.equal(reply, "Yes, we open at nine.");
    assert.equal(conversationRequests(anthropic).length, before + 1, "one Claude request for the whole utterance");
    assert.deepEqual(lastConversationRequest(anthropic).messages, [
      { role: "user", content: "What time do you open tomorrow?" },
    ]);
    await call.hangUp();
  });

  test("a transfer ends the session with handoff data and the action callback dials the owner", async () => {
    const { anthropic } = secretary;
    anthropic.enqueue({
      text: "Of course, putting you through now.",
      toolUse: { name: "transfer_to_owner", input: { reason: "emergency" } },
    });
    const call = await placeCall({ ...secretary.simulator, from: "+15553334444" });
    await call.say("My tooth is bleeding badly, I need Dr. Reyes right now.");
    const ended = await call.waitForEnd();
    assert.equal(JSON.parse(ended.handoffData ?? "{}").reasonCode, "transfer");
    const dial = call.pendingDial;
    assert.equal(dial?.number, "+15550001111");
    assert.equal(dial?.attributes.callerId, "+15553334444", "the owner sees who is calling");
    assert.equal(dial?.actionUrl, `${secretary.app.publicUrl}/twilio/dial-result?attempt=0`);
    assert.match(ended.action?.body ?? "", /<Say>Connecting you to Dr\. Reyes now\.<\/Say>/);
    // The owner took the call and the two of them talked; when that is over, so is the call.
    assert.equal((await call.pickUp({ press: "1" })).bridged, true);
    const over = await call.finishDial("completed", { duration: 95 });
    assert.ok(over.twiml?.verbs.some((verb) => verb.name === "Hangup"));
    await call.hangUp();
    const stored = await eventually("the transferred call", () =>
      secretary.app.database.prisma.call.findFirst({ where: { callSid: call.callSid, endReason: { not: null } } }),
    );
    assert.equal(stored.endReason, "TRANSFERRED_TO_OWNER");
  });

  test("an unanswered transfer comes back to the secretary, who takes the message instead; nothing is lost", async () => {
    const { anthropic } = secretary;
    const prisma = secretary.app.database.prisma;
    anthropic.enqueue(
      {
        text: "Let me put you through to Dr. Reyes.",
        toolUse: { name: "transfer_to_owner", input: { reason: "wants to speak to the doctor" } },
      },
      // Asked to transfer again, Claude is refused: it says so instead.
      { toolUse: { name: "transfer_to_owner", input: { reason: "still wants the doctor" } } },
      { text: "Of course. I'll tell Dr. Reyes your crown came loose." },
    );
    const call = await placeCall({ ...secretary.simulator, from: "+15553335555" });
    await call.say("Can I talk to Dr. Reyes? My crown came loose.");
    await call.waitForEnd();
    const back = await call.finishDial("no-answer");
    const sorry = back.twiml?.relay?.welcomeGreeting ?? "";
    assert.match(sorry, /^I'm sorry, Dr\. Reyes isn't available right now\. I'll take a message/);
    assert.equal(call.sessions.length, 2);

    assert.equal(
      await call.say("Please tell him my crown came loose."),
      "Of course. I'll tell Dr. Reyes your crown came loose.",
    );
    assert.equal(call.sessions.length, 2, "no second transfer to an owner who did not answer");
    const [request, refused] = conversationRequests(anthropic).slice(-2);
    assert.ok(request && refused);
    // The tools are the same on every call (they are cached with the prompt); the call's own facts say no.
    assert.deepEqual(toolNamesOf(request), [
      "take_message",
      "note_unanswered_question",
      "end_call",
      "transfer_to_owner",
    ]);
    assert.match(systemPromptOf(request), /who did not answer\. Do not transfer again, even in an emergency/);
    assert.deepEqual(request.messages, [
      { role: "user", content: "Can I talk to Dr. Reyes? My crown came loose." },
      { role: "assistant", content: `Let me put you through to Dr. Reyes.\n${sorry}` },
      { role: "user", content: "Please tell him my crown came loose." },
    ]);
    const refusal = refused.messages.at(-1)?.content;
    assert.ok(Array.isArray(refusal));
    assert.deepEqual(
      refusal.map((block) => block.type === "tool_result" && [block.content, block.is_error]),
      [["You cannot put this caller through: take a message instead.", true]],
    );
    await call.hangUp();

    const stored = await eventually("the call analysed after its second session", async () => {
      const found = await prisma.call.findFirst({
        where: { callSid: call.callSid },
        include: { turns: { orderBy: { seq: "asc" } } },
      });
      return (
        found?.analysisState === "DONE" && found.sessionCount === 2 && found.endReason === "CALLER_HUNG_UP" && found
      );
    });
    assert.match(stored.turns[0]?.text ?? "", /^Hello, you've reached/);
    assert.deepEqual(
      stored.turns.slice(1).map((turn) => turn.text),
      [
        "Can I talk to Dr. Reyes? My crown came loose.",
        "Let me put you through to Dr. Reyes.",
        sorry,
        "Please tell him my crown came loose.",
        "Of course. I'll tell Dr. Reyes your crown came loose.",
      ],
    );
    const analyses = anthropic.requests.filter((recorded) => recorded.body?.tool_choice?.type === "tool");
    assert.match(
      JSON.stringify(analyses.at(-1)?.body.messages),
      /Please tell him my crown came loose/,
      "the analysis saw the whole call",
    );
  });

  test("a returning caller is greeted by name and Claude is told about their last call", async () => {
    const { anthropic } = secretary;
    const prisma = secretary.app.database.prisma;
    await eventually("Maria's first call analysed", () =>
      prisma.call.findFirst({ where: { from: "+15551234567", analysisState: "DONE" } }),
    );
    anthropic.enqueue({ text: "Welcome back, Maria." });
    const call = await placeCall({ ...secretary.simulator, from: "+15551234567" });
    assert.match(call.twiml.relay?.welcomeGreeting ?? "", /^Hello Maria, you've reached Harbor Dental/);
    await call.say("Hi, it's me again.");
    const system = systemPromptOf(lastConversationRequest(anthropic));
    assert.match(system, /returning caller: Maria Lopez/);
    assert.match(system, /move her Thursday cleaning/);
    await call.hangUp();
    const caller = await prisma.caller.findUniqueOrThrow({ where: { phone: "+15551234567" } });
    assert.equal(caller.callCount, 2);
  });
});
