import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import type { ExecutionResult } from "graphql";
import { Redis } from "ioredis";
import { CallStore } from "../src/calls/call-store.js";
import { placeCall, type SimulatedCall } from "../src/simulator/simulated-call.js";
import {
  CallDocument,
  CallsDocument,
  EndCallDocument,
  GuideCallDocument,
  SayOnCallDocument,
  TranscriptDocument,
  TransferCallDocument,
} from "./generated/graphql.js";
import type { FakeAnthropic } from "./support/fake-anthropic.js";
import { ApiClient } from "./support/graphql-client.js";
import { openTestCall } from "./support/open-call.js";
import {
  conversationRequests,
  lastConversationRequest,
  startSecretary,
  type TestSecretary,
  writesSettled,
} from "./support/secretary.js";
import type { SecretaryProcess } from "./support/server-process.js";
import { scaleOutSkip, startTwoSecretaries, type TwoSecretaries } from "./support/two-secretaries.js";
import { eventually } from "./support/wait.js";

const OWNER_PHONE = "+15550001111";
const globalId = (id: string) => Buffer.from(`Call:${id}`).toString("base64");

/** The call's global ID, once the call log has its session open (what the owner sees on the dashboard). */
async function liveCallId(secretary: TestSecretary, call: SimulatedCall): Promise<string> {
  const row = await eventually("the call's session in the call log", () =>
    secretary.app.database.prisma.call.findFirst({ where: { callSid: call.callSid, sessionCount: { gt: 0 } } }),
  );
  return globalId(row.id);
}

/** Everything the caller heard on the call, word for word. */
function heard(call: SimulatedCall): string {
  return call.textFrames.map((frame) => frame.token).join("");
}

function errorOf(result: { body: ExecutionResult<unknown> }) {
  const error = result.body.errors?.[0];
  return { code: error?.extensions?.code, field: error?.extensions?.field, message: error?.message };
}

describe("live call control from the API", () => {
  let secretary: TestSecretary;
  let api: ApiClient;
  before(async () => {
    secretary = await startSecretary({ env: { OWNER_PHONE } });
    api = new ApiClient(secretary.app.url, secretary.app.apiToken);
  });
  after(async () => {
    await api.close();
    await secretary.dispose();
  });

  test("guideCall: Claude reads the owner's note before its next reply; the transcript shows it as OWNER; the caller never hears it", async () => {
    const { anthropic } = secretary;
    const note = "Tell her Tuesday 3 pm is fine.";
    anthropic.enqueue(
      { text: "Of course. Which day would suit you?" },
      { text: "Tuesday at 3 pm is fine. Shall I put you down?" },
    );
    const call = await placeCall({ ...secretary.simulator, from: "+15552220001" });
    assert.equal(await call.say("I'd like to come in next week."), "Of course. Which day would suit you?");
    const callId = await liveCallId(secretary, call);
    const transcript = api.ws(TranscriptDocument, { callId });
    await new Promise((resolve) => setTimeout(resolve, 200));

    const guided = await api.query(GuideCallDocument, { input: { callId, note } });
    assert.equal(guided.guideCall.call.status, "IN_PROGRESS");
    const live = await transcript.waitFor("the note on the live transcript", (event) => {
      const turn = event.data?.transcript;
      return turn?.role === "OWNER" && turn.final;
    });
    assert.equal(live.data?.transcript.text, note);

    assert.equal(await call.say("Is Tuesday afternoon possible?"), "Tuesday at 3 pm is fine. Shall I put you down?");
    const [first, second] = conversationRequests(anthropic).slice(-2);
    assert.ok(first && second);
    assert.doesNotMatch(JSON.stringify(first.messages), /Tuesday 3 pm/, "the note was not there before it was sent");
    const lastUser = second.messages.at(-1);
    assert.equal(lastUser?.role, "user");
    assert.equal(typeof lastUser?.content, "string");
    const content = String(lastUser?.content);
    assert.ok(content.startsWith("Is Tuesday afternoon possible?\n"), content);
    assert.match(content, /note from the owner.*the caller did not hear it.*Tell her Tuesday 3 pm is fine\.\]$/s);
    assert.deepEqual(
      second.messages.map((message) => message.role),
      ["user", "assistant", "user"],
      "the messages alternate, as Claude requires",
    );
    assert.doesNotMatch(heard(call), /Tuesday 3 pm|note/, "the caller never hears the note");

    await call.hangUp();
    await writesSettled(secretary);
    const stored = await api.query(CallDocument, { callId });
    assert.deepEqual(
      stored.call?.turns.slice(1).map((turn) => [turn.role, turn.text]),
      [
        ["CALLER", "I'd like to come in next week."],
        ["ASSISTANT", "Of course. Which day would suit you?"],
        ["OWNER", note],
        ["CALLER", "Is Tuesday afternoon possible?"],
        ["ASSISTANT", "Tuesday at 3 pm is fine. Shall I put you down?"],
      ],
    );
    transcript.close();
  });

  test("sayOnCall: the caller hears the owner's line right after the reply under way, and Claude knows it was said", async () => {
    const { anthropic } = secretary;
    const line = "Dr. Reyes says she can see you today at four.";
    const reply = "Let me look at what we have next week for you.";
    anthropic.enqueue(
      // Slow enough that the owner's line arrives while it is still being spoken.
      { text: reply, chunks: ["Let me look", " at what", " we have", " next week", " for you."], tokenDelayMs: 250 },
      { text: "Wonderful, see you at four." },
    );
    const call = await placeCall({ ...secretary.simulator, from: "+15552220002" });
    const callId = await liveCallId(secretary, call);
    const firstWords = new Promise<void>((resolve) => {
      const stop = call.onToken((frame) => {
        if (frame.token !== "Let me look") return;
        stop();
        resolve();
      });
    });
    call.sendPrompt("Do you have anything next week?");
    await firstWords;
    await api.query(SayOnCallDocument, { input: { callId, text: line } });
    assert.equal(call.replies.length, 0, "the reply was still under way when the line was asked for");

    assert.equal(await call.nextReply(), reply, "the reply is whole, not cut by the line");
    assert.equal(await call.nextReply(), line);
    assert.equal(await call.say("Today at four is perfect."), "Wonderful, see you at four.");
    assert.deepEqual(lastConversationRequest(anthropic).messages.slice(-2), [
      { role: "assistant", content: `${reply}\n${line}` },
      { role: "user", content: "Today at four is perfect." },
    ]);
    await call.hangUp();
    await writesSettled(secretary);
    const stored = await api.query(CallDocument, { callId });
    assert.deepEqual(
      stored.call?.turns.slice(1, 4).map((turn) => [turn.role, turn.text]),
      [
        ["CALLER", "Do you have anything next week?"],
        ["ASSISTANT", reply],
        ["ASSISTANT", line],
      ],
    );
  });

  test("transferCall puts the caller through to the owner's phone, as transfer_to_owner does", async () => {
    const call = await placeCall({ ...secretary.simulator, from: "+15552220003" });
    const callId = await liveCallId(secretary, call);
    await api.query(TransferCallDocument, { input: { callId } });
    const ended = await call.waitForEnd();
    assert.equal(JSON.parse(ended.handoffData ?? "{}").reasonCode, "transfer");
    assert.equal(call.replies.at(-1), "Let me put you through to Dr. Reyes now.");
    const dial = ended.action?.twiml?.verbs.find((verb) => verb.name === "Dial");
    assert.equal(dial?.attributes.callerId, "+15552220003", "the owner sees who is calling");
    assert.equal(call.pendingDial?.number, OWNER_PHONE);
    const owner = await call.pickUp({ press: "1" });
    assert.ok(owner.heard.includes("The call you asked to take."), "the whisper says which call it is");
    assert.equal(owner.bridged, true);
    await call.finishDial("completed", { duration: 30 });
    await call.hangUp();
    const stored = await eventually("the transferred call", () =>
      secretary.app.database.prisma.call.findFirst({ where: { callSid: call.callSid, endReason: { not: null } } }),
    );
    assert.equal(stored.endReason, "TRANSFERRED_TO_OWNER");
  });

  test("endCall: a reply under way stops, the caller hears the owner's farewell, and the call ends", async () => {
    const { anthropic } = secretary;
    const farewell = "Dr. Reyes will call you back tomorrow morning. Goodbye!";
    anthropic.enqueue({
      text: "We have several options, let me go through all of them one by one.",
      chunks: ["We have", " several options,", " let me go", " through all", " of them", " one by one."],
      tokenDelayMs: 250,
    });
    const call = await placeCall({ ...secretary.simulator, from: "+15552220004" });
    const callId = await liveCallId(secretary, call);
    const transcript = api.ws(TranscriptDocument, { callId });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const firstWords = new Promise<void>((resolve) => {
      const stop = call.onToken((frame) => {
        if (frame.token !== "We have") return;
        stop();
        resolve();
      });
    });
    call.sendPrompt("What are my options for a cleaning?");
    await firstWords;
    await api.query(EndCallDocument, { input: { callId, farewell } });
    const ended = await call.waitForEnd();
    assert.equal(JSON.parse(ended.handoffData ?? "{}").reasonCode, "goodbye");
    assert.equal(call.replies.at(-1), farewell);
    assert.doesNotMatch(heard(call), /one by one/, "the reply stopped where it was");
    assert.ok(ended.action?.twiml?.verbs.some((verb) => verb.name === "Hangup"));
    // The call is over for its watchers too.
    await transcript.completion();

    const again = await api.post(EndCallDocument, { input: { callId, farewell } });
    assert.equal(errorOf(again).code, "CALL_NOT_LIVE");
    await writesSettled(secretary);
    const stored = await api.query(CallDocument, { callId });
    const turns = stored.call?.turns ?? [];
    assert.equal(turns.at(-1)?.text, farewell);
    assert.equal(turns.filter((turn) => turn.text === farewell).length, 1, "said once");
    const row = await secretary.app.database.prisma.call.findFirstOrThrow({ where: { callSid: call.callSid } });
    assert.equal(row.endReason, "ENDED_BY_ASSISTANT");
  });

  test("bad input, an unknown call or one that is over: a clear error, and nothing said or kept", async () => {
    const call = await placeCall({ ...secretary.simulator, from: "+15552220005" });
    const callId = await liveCallId(secretary, call);

    const emptyNote = await api.post(GuideCallDocument, { input: { callId, note: "   " } });
    assert.deepEqual(errorOf(emptyNote), { code: "BAD_USER_INPUT", field: "note", message: "The note is empty." });
    const longLine = await api.post(SayOnCallDocument, { input: { callId, text: "a".repeat(501) } });
    assert.deepEqual(errorOf(longLine), {
      code: "BAD_USER_INPUT",
      field: "text",
      message: "The text is longer than 500 characters.",
    });
    const emptyFarewell = await api.post(EndCallDocument, { input: { callId, farewell: "" } });
    assert.equal(errorOf(emptyFarewell).field, "farewell");
    const notACall = await api.post(GuideCallDocument, { input: { callId: "nonsense", note: "Hello" } });
    assert.equal(errorOf(notACall).code, "BAD_USER_INPUT");
    const unknown = await api.post(TransferCallDocument, { input: { callId: globalId(randomUUID()) } });
    assert.equal(errorOf(unknown).code, "NOT_FOUND");

    await call.hangUp();
    await writesSettled(secretary);
    const over = await api.post(SayOnCallDocument, { input: { callId, text: "Are you still there?" } });
    assert.equal(errorOf(over).code, "CALL_NOT_LIVE");
    assert.match(errorOf(over).message ?? "", /not live/);

    const stored = await api.query(CallDocument, { callId });
    assert.deepEqual(
      stored.call?.turns.map((turn) => turn.role),
      ["ASSISTANT"],
      "only the greeting: nothing the refused commands carried",
    );
    assert.equal(call.replies.length, 0, "the caller heard nothing but the greeting");
  });

  test("a call the log says is live but no process holds (its process died): CALL_CONTROL_TIMEOUT, and nothing kept", async () => {
    const prisma = secretary.app.database.prisma;
    // A session opened by a process that is gone: the call log has it open, no process holds it.
    const { callId } = await openTestCall(new CallStore(secretary.app.database), {
      callSid: `CA${randomUUID().replaceAll("-", "")}`,
      from: "+15552220006",
      to: "+15550009999",
    });
    const result = await api.post(GuideCallDocument, { input: { callId: globalId(callId), note: "Offer Tuesday." } });
    assert.equal(errorOf(result).code, "CALL_CONTROL_TIMEOUT");
    assert.equal(await prisma.turn.count({ where: { callId } }), 0);
  });
});

describe("live call control with the offline secretary and no owner phone", () => {
  let secretary: TestSecretary;
  let api: ApiClient;
  before(async () => {
    secretary = await startSecretary({ offline: true });
    api = new ApiClient(secretary.app.url, secretary.app.apiToken);
  });
  after(async () => {
    await api.close();
    await secretary.dispose();
  });

  test("the offline secretary goes on past an owner's note; a transfer without an owner phone is NO_OWNER_PHONE", async () => {
    const call = await placeCall({ ...secretary.simulator, from: "+15552220007" });
    const callId = await liveCallId(secretary, call);
    await api.query(GuideCallDocument, { input: { callId, note: "She is a regular: offer Tuesday." } });
    const reply = await call.say("Hi, this is Maria Lopez, I'd like to book a cleaning.");
    assert.ok(reply.length > 0);
    assert.doesNotMatch(heard(call), /regular|Tuesday/, "the offline secretary does not read the note out");

    const transfer = await api.post(TransferCallDocument, { input: { callId } });
    assert.equal(errorOf(transfer).code, "NO_OWNER_PHONE");
    assert.ok(call.active, "the call goes on");
    await call.hangUp();
    await writesSettled(secretary);
    const stored = await api.query(CallDocument, { callId });
    assert.deepEqual(
      stored.call?.turns.map((turn) => turn.role),
      ["ASSISTANT", "OWNER", "CALLER", "ASSISTANT"],
    );
  });
});

const API_TOKEN = "call-control-api-token-0123456789";
const TWILIO_AUTH_TOKEN = "call-control-twilio-token-0123456789";

describe("live call control across two processes on one PostgreSQL and Redis", { skip: scaleOutSkip }, () => {
  let two: TwoSecretaries;
  let anthropic: FakeAnthropic;
  let a: SecretaryProcess;
  let b: SecretaryProcess;
  before(async () => {
    two = await startTwoSecretaries("control", {
      API_TOKEN,
      TWILIO_AUTH_TOKEN,
      BUSINESS_NAME: "Harbor Dental",
      OWNER_NAME: "Dr. Reyes",
    });
    ({ anthropic, a, b } = two);
  });
  after(() => two?.stop());

  /** The call's global ID, as the owner finds it, once the caller's first words are in the call log. */
  async function callIdOf(call: SimulatedCall, api: ApiClient): Promise<string> {
    return eventually("the call and its caller's words in the call log", async () => {
      const list = await api.query(CallsDocument, { first: 1, filter: { phone: call.from } });
      const id = list.calls.edges[0]?.node.id;
      if (!id) return undefined;
      const stored = await api.query(CallDocument, { callId: id });
      return stored.call?.turns.some((turn) => turn.role === "CALLER") && id;
    });
  }

  test("guideCall and sayOnCall sent to process B reach the call that process A holds", async () => {
    anthropic.enqueue({ text: "Certainly. When would you like to come in?" }, { text: "Tuesday at 3 pm is fine." });
    const call = await placeCall({
      serverUrl: a.url,
      publicUrl: a.publicUrl,
      authToken: TWILIO_AUTH_TOKEN,
      from: "+15552220008",
    });
    assert.equal(await call.say("I need a check-up."), "Certainly. When would you like to come in?");
    const onB = new ApiClient(b.url, API_TOKEN);
    const callId = await callIdOf(call, onB);

    await onB.query(GuideCallDocument, { input: { callId, note: "Tell her Tuesday 3 pm is fine." } });
    assert.equal(await call.say("Maybe Tuesday?"), "Tuesday at 3 pm is fine.");
    const content = String(lastConversationRequest(anthropic).messages.at(-1)?.content);
    assert.match(content, /^Maybe Tuesday\?\n\[A note from the owner.*Tell her Tuesday 3 pm is fine\.\]$/s);

    const line = "Dr. Reyes says hello.";
    await onB.query(SayOnCallDocument, { input: { callId, text: line } });
    assert.equal(await call.nextReply(), line);
    assert.doesNotMatch(heard(call), /Tell her/);

    await call.hangUp();
    const roles = await eventually("the call's turns in the call log", async () => {
      const turns = (await onB.query(CallDocument, { callId })).call?.turns ?? [];
      return turns.length === 7 && turns.map((turn) => turn.role);
    });
    assert.deepEqual(roles, ["ASSISTANT", "CALLER", "ASSISTANT", "OWNER", "CALLER", "ASSISTANT", "ASSISTANT"]);
    await onB.close();
  });

  test("a command that arrives twice (sent again when its answer was lost) is answered twice and applied once", async () => {
    // Listens on Redis as any process does, to get the command exactly as it travelled.
    const listener = new Redis(process.env.REDIS_URL ?? "");
    const travelled: string[] = [];
    listener.on("message", (_channel, message: string) => travelled.push(message));
    await listener.subscribe("call:command");
    anthropic.enqueue({ text: "Sure, what is it about?" }, { text: "Thank you, I'll pass that on." });
    const call = await placeCall({
      serverUrl: a.url,
      publicUrl: a.publicUrl,
      authToken: TWILIO_AUTH_TOKEN,
      from: "+15552220010",
    });
    assert.equal(await call.say("I'd like to leave a message."), "Sure, what is it about?");
    const onB = new ApiClient(b.url, API_TOKEN);
    const callId = await callIdOf(call, onB);
    const line = "Dr. Reyes is just finishing with a patient.";
    await onB.query(SayOnCallDocument, { input: { callId, text: line } });
    assert.equal(await call.nextReply(), line);
    const command = await eventually("the command on Redis", async () =>
      travelled.find((message) => message.includes(line)),
    );
    const { id, replyTo } = JSON.parse(command) as { id: string; replyTo: string };
    const answers: string[] = [];
    listener.on("message", (channel: string, message: string) => {
      if (channel === `call:command-ack:${replyTo}`) answers.push(message);
    });
    await listener.subscribe(`call:command-ack:${replyTo}`);

    const publisher = new Redis(process.env.REDIS_URL ?? "");
    await publisher.publish("call:command", command);
    const answer = await eventually("the holder's answer to the copy", async () =>
      answers.find((message) => message.includes(id)),
    );
    assert.deepEqual(JSON.parse(answer), { id, result: "applied" });
    assert.equal(await call.say("It's about my bill."), "Thank you, I'll pass that on.");
    assert.equal(call.replies.filter((reply) => reply === line).length, 1, "the line was said once");
    await call.hangUp();
    await onB.close();
    publisher.disconnect();
    listener.disconnect();
  });

  test("a call whose process was killed is CALL_CONTROL_TIMEOUT from the other one", async () => {
    const call = await placeCall({
      serverUrl: a.url,
      publicUrl: a.publicUrl,
      authToken: TWILIO_AUTH_TOKEN,
      from: "+15552220009",
    });
    anthropic.enqueue({ text: "How can I help?" });
    await call.say("Hello?");
    const onB = new ApiClient(b.url, API_TOKEN);
    const callId = await callIdOf(call, onB);
    a.child.kill("SIGKILL");
    await a.exited;
    const result = await onB.post(EndCallDocument, { input: { callId } });
    assert.equal(errorOf(result).code, "CALL_CONTROL_TIMEOUT");
    await onB.close();
    call.dispose();
  });
});
