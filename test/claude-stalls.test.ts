import assert from "node:assert/strict";
import { performance } from "node:perf_hooks";
import { after, before, describe, test } from "node:test";
import Anthropic from "@anthropic-ai/sdk";
import type { ReplyEvent } from "../src/conversation/agent.js";
import { ClaudeAgent } from "../src/conversation/claude-agent.js";
import { keepAliveRequest } from "../src/http/keep-alive-fetch.js";
import { PrometheusMetrics } from "../src/metrics/prometheus-metrics.js";
import { placeCall, type SimulatedCall } from "../src/simulator/simulated-call.js";
import { TranscriptDocument } from "./generated/graphql.js";
import { type FakeAnthropic, startFakeAnthropic } from "./support/fake-anthropic.js";
import { ApiClient } from "./support/graphql-client.js";
import {
  conversationRequests,
  lastConversationRequest,
  startSecretary,
  type TestSecretary,
  testTiming,
} from "./support/secretary.js";
import { eventually } from "./support/wait.js";

const HOLD_LINE = "One moment.";
const OFFLINE_TAKES_OVER = /^Let me make sure I get this right for Dr\. Reyes\./;

/** The last conversational request, as the fake received it (post-call analyses leave off). */
const lastConversationRecord = (anthropic: FakeAnthropic) =>
  anthropic.requests.filter((request) => request.body.stream === true).at(-1);

/** What the caller heard after speaking at `saidAt`: how long until the first words, and the longest silence between words. */
function silenceAfter(call: SimulatedCall, saidAt: number) {
  const frames = call.textFrames.filter((frame) => frame.at >= saidAt && frame.token.trim());
  const first = frames[0];
  assert.ok(first, "the caller heard something");
  let longestGapMs = 0;
  for (let i = 1; i < frames.length; i++) longestGapMs = Math.max(longestGapMs, frames[i]!.at - frames[i - 1]!.at);
  return { firstWordsMs: first.at - saidAt, longestGapMs };
}

describe("Claude stalling: the caller is never left in dead air", () => {
  let secretary: TestSecretary;
  let api: ApiClient;
  before(async () => {
    secretary = await startSecretary();
    api = new ApiClient(secretary.app.url, secretary.app.apiToken);
  });
  after(async () => {
    await api.close();
    await secretary.dispose();
  });
  const prisma = () => secretary.app.database.prisma;
  const storedCall = (callSid: string) =>
    eventually("the call stored", () =>
      prisma().call.findFirst({
        where: { callSid, endReason: { not: null } },
        include: { turns: { orderBy: { seq: "asc" } }, actionItems: true },
      }),
    );
  const turnsOf = (stored: Awaited<ReturnType<typeof storedCall>>) =>
    stored.turns.map((turn) => [turn.role, turn.text, turn.interrupted]);

  test("no first word: the caller hears a holding line at once, then the offline secretary within seconds", async () => {
    const { anthropic } = secretary;
    const before = conversationRequests(anthropic).length;
    anthropic.enqueue({ stall: true });
    const call = await placeCall({ ...secretary.simulator, from: "+15557770001" });
    const saidAt = performance.now();
    const reply = await call.say("Hello, I'd like to book a cleaning.");

    assert.match(reply, OFFLINE_TAKES_OVER);
    assert.deepEqual(call.fillers, [HOLD_LINE]);
    const silence = silenceAfter(call, saidAt);
    assert.ok(silence.firstWordsMs < 1000, `the caller heard nothing for ${silence.firstWordsMs} ms`);
    assert.ok(silence.longestGapMs < 2000, `a silence of ${silence.longestGapMs} ms`);
    assert.equal(
      conversationRequests(anthropic).length,
      before + 1,
      "a stalled request is not sent again: the caller has waited enough",
    );
    await eventually("the stalled request abandoned", async () => lastConversationRecord(anthropic)?.aborted);
    await call.hangUp();

    const stored = await storedCall(call.callSid);
    assert.deepEqual(turnsOf(stored).slice(1), [
      ["CALLER", "Hello, I'd like to book a cleaning.", false],
      ["ASSISTANT", reply, false],
    ]);
    assert.equal(stored.handledBy, "OFFLINE");
  });

  test("a first word that is late but in time: the holding line, then Claude's reply, which is all that is stored", async () => {
    const { anthropic } = secretary;
    anthropic.enqueue({ text: "Sure, Thursday works.", ttftMs: testTiming.holdLineAfterMs + 150 });
    const call = await placeCall({ ...secretary.simulator, from: "+15557770002" });
    assert.equal(await call.say("Can I come in on Thursday?"), "Sure, Thursday works.");
    assert.deepEqual(call.fillers, [HOLD_LINE]);
    const frames = call.textFrames.filter((frame) => frame.token);
    assert.deepEqual(
      frames.map((frame) => frame.preemptible),
      [true, ...frames.slice(1).map(() => false)],
      "the holding line is preemptible, the reply's words are not",
    );
    await call.hangUp();
    const stored = await storedCall(call.callSid);
    assert.deepEqual(turnsOf(stored).slice(1), [
      ["CALLER", "Can I come in on Thursday?", false],
      ["ASSISTANT", "Sure, Thursday works.", false],
    ]);
    assert.equal(stored.handledBy, "CLAUDE");
  });

  test("a stall mid-reply: what was heard stands as an interrupted turn, the offline line is a turn of its own, and the next turn is Claude's again", async () => {
    const { anthropic } = secretary;
    anthropic.enqueue(
      { text: "Thanks for calling Harbor Dental, I can move that for you.", stallAfterChunks: 2 },
      { text: "Thanks, Sam. Which day suits you better?" },
    );
    const call = await placeCall({ ...secretary.simulator, from: "+15557770003" });
    const { id } = await eventually("the call record", () =>
      prisma().call.findFirst({ where: { callSid: call.callSid } }),
    );
    const transcript = api.sse(TranscriptDocument, { callId: Buffer.from(`Call:${id}`).toString("base64") });
    assert.equal(await transcript.status, 200);

    const saidAt = performance.now();
    const broken = await call.say("Hi, I need to move my appointment.");
    assert.equal(broken, "Thanks for", "the words already spoken stand, on their own");
    const offline = await call.nextReply();
    assert.match(offline, OFFLINE_TAKES_OVER, "the offline line is not glued onto the broken sentence");
    const silence = silenceAfter(call, saidAt);
    assert.ok(silence.longestGapMs < 2000, `a silence of ${silence.longestGapMs} ms`);
    assert.deepEqual(call.fillers, [], "the first words were on time");

    assert.equal(await call.say("It's Sam Patel."), "Thanks, Sam. Which day suits you better?");
    assert.deepEqual(lastConversationRequest(anthropic).messages, [
      { role: "user", content: "Hi, I need to move my appointment." },
      { role: "assistant", content: `Thanks for\n${offline}` },
      { role: "user", content: "It's Sam Patel." },
    ]);
    await call.hangUp();

    const stored = await storedCall(call.callSid);
    assert.deepEqual(turnsOf(stored).slice(1), [
      ["CALLER", "Hi, I need to move my appointment.", false],
      ["ASSISTANT", "Thanks for", true],
      ["ASSISTANT", offline, false],
      ["CALLER", "It's Sam Patel.", false],
      ["ASSISTANT", "Thanks, Sam. Which day suits you better?", false],
    ]);
    assert.equal(stored.handledBy, "OFFLINE", "the offline secretary answered a turn of the call");

    await transcript.completion();
    const finals = transcript.events
      .map((event) => event.data!.transcript)
      .filter((event) => event.role === "ASSISTANT" && event.final);
    assert.deepEqual(
      finals.map((event) => [event.text, event.interrupted]),
      [
        ["Thanks for", true],
        [offline, false],
        ["Thanks, Sam. Which day suits you better?", false],
      ],
      "live watchers see the same turns",
    );
    assert.equal(new Set(finals.map((event) => event.turnId)).size, 3);
    const offlineTurnId = finals[1]!.turnId;
    const offlineDeltas = transcript.events
      .map((event) => event.data!.transcript)
      .filter((event) => event.turnId === offlineTurnId && !event.final);
    assert.ok(
      offlineDeltas.every((event) => !event.text.startsWith("Thanks for")),
      "the offline turn streams on its own",
    );
  });

  test("a stall in the second round, after a tool: the message is kept, and the offline secretary answers within seconds", async () => {
    const { anthropic } = secretary;
    const before = conversationRequests(anthropic).length;
    anthropic.enqueue(
      {
        text: "Let me note that down.",
        toolUse: {
          name: "take_message",
          input: { message: "Wants to move Thursday's appointment.", caller_name: "Sam Patel" },
        },
      },
      { stall: true },
    );
    const call = await placeCall({ ...secretary.simulator, from: "+15557770004" });
    const saidAt = performance.now();
    assert.equal(await call.say("This is Sam Patel, I need to move Thursday's appointment."), "Let me note that down.");
    const offline = await call.nextReply();
    assert.match(offline, OFFLINE_TAKES_OVER);
    const silence = silenceAfter(call, saidAt);
    assert.ok(silence.longestGapMs < 2000, `a silence of ${silence.longestGapMs} ms`);
    const requests = conversationRequests(anthropic);
    assert.equal(requests.length, before + 2, "the tool's result went back to Claude, once");
    await eventually("the stalled second round abandoned", async () => lastConversationRecord(anthropic)?.aborted);
    await call.hangUp();

    const stored = await storedCall(call.callSid);
    assert.deepEqual(turnsOf(stored).slice(1), [
      ["CALLER", "This is Sam Patel, I need to move Thursday's appointment.", false],
      ["ASSISTANT", "Let me note that down.", true],
      ["ASSISTANT", offline, false],
    ]);
    assert.match(stored.actionItems[0]?.description ?? "", /Wants to move Thursday's appointment/);
  });

  test("Claude recovers: a turn it stalled on is the offline secretary's, the next is Claude's, with the whole conversation", async () => {
    const { anthropic } = secretary;
    anthropic.enqueue({ stall: true }, { text: "Of course. What day works better for you?" });
    const call = await placeCall({ ...secretary.simulator, from: "+15557770005" });
    const offline = await call.say("I need to move my appointment.");
    assert.match(offline, OFFLINE_TAKES_OVER);
    assert.equal(await call.say("It's Sam Patel."), "Of course. What day works better for you?");
    assert.deepEqual(
      lastConversationRequest(anthropic).messages,
      [
        { role: "user", content: "I need to move my appointment." },
        { role: "assistant", content: offline },
        { role: "user", content: "It's Sam Patel." },
      ],
      "Claude sees the offline secretary's line, and no holding line",
    );
    await call.hangUp();
    const stored = await storedCall(call.callSid);
    assert.equal(stored.handledBy, "OFFLINE");
    assert.ok(stored.turns.every((turn) => !turn.text.includes(HOLD_LINE)));
  });

  test("the caller talking over the holding line: nothing of it is stored, and the next request carries both of their lines", async () => {
    const { anthropic } = secretary;
    anthropic.enqueue({ stall: true }, { text: "No problem, Friday it is." });
    const call = await placeCall({ ...secretary.simulator, from: "+15557770006" });
    call.sendPrompt("I need to move my appointment.");
    await eventually("the holding line", async () => call.fillers.length > 0);
    call.interrupt("One moment", 400);
    assert.equal(await call.say("To Friday, please."), "No problem, Friday it is.");
    assert.deepEqual(lastConversationRequest(anthropic).messages, [
      { role: "user", content: "I need to move my appointment.\nTo Friday, please." },
    ]);
    await call.hangUp();
    const stored = await storedCall(call.callSid);
    assert.deepEqual(turnsOf(stored).slice(1), [
      ["CALLER", "I need to move my appointment.", false],
      ["ASSISTANT", "", true],
      ["CALLER", "To Friday, please.", false],
      ["ASSISTANT", "No problem, Friday it is.", false],
    ]);
  });

  test("the caller talking over a reply that followed the holding line: what they heard of the reply is kept, even reported with the holding line", async () => {
    const { anthropic } = secretary;
    anthropic.enqueue(
      {
        text: "Sure, Thursday works, and so does Friday.",
        ttftMs: testTiming.holdLineAfterMs + 150,
        tokenDelayMs: 100,
      },
      { text: "Friday it is." },
    );
    const call = await placeCall({ ...secretary.simulator, from: "+15557770008" });
    call.sendPrompt("Can I come in on Thursday?");
    await eventually("the reply under way", async () => call.textFrames.filter((frame) => frame.token).length >= 4);
    assert.deepEqual(call.fillers, [HOLD_LINE]);
    call.interrupt("One moment. Sure, Thursday", 1200);
    assert.equal(await call.say("Actually, Friday."), "Friday it is.");
    await call.hangUp();
    const stored = await storedCall(call.callSid);
    assert.deepEqual(turnsOf(stored).slice(1, 3), [
      ["CALLER", "Can I come in on Thursday?", false],
      ["ASSISTANT", "Sure, Thursday", true],
    ]);
  });

  test("a reply that trickles on past the round's cap breaks off where it got to", async () => {
    const capped = await startSecretary({ timing: { roundTimeoutMs: 1200 } });
    try {
      const text = "We have openings on Monday, Tuesday, Wednesday, Thursday and Friday mornings this week.";
      capped.anthropic.enqueue({ text, tokenDelayMs: 200 });
      const call = await placeCall({ ...capped.simulator, from: "+15557770007" });
      const broken = await call.say("When can I come in?");
      assert.ok(text.startsWith(broken) && broken.length < text.length, `heard ${JSON.stringify(broken)}`);
      assert.match(await call.nextReply(), OFFLINE_TAKES_OVER);
      await call.hangUp();
    } finally {
      await capped.dispose();
    }
  });
});

describe("Claude's deadlines count from the request leaving this process", () => {
  let fake: FakeAnthropic;
  before(async () => {
    fake = await startFakeAnthropic();
  });
  after(() => fake.close());

  /** Busy with other work (other calls' frames, say) for `ms`, without letting anything else run. */
  const busyFor = (ms: number) => {
    const until = performance.now() + ms;
    while (performance.now() < until);
  };

  /** Claude as a call uses it, over keepAliveRequest; the process is busy `busyBeforeWriteMs` before each write. */
  function claude(busyBeforeWriteMs = 0) {
    const request: typeof keepAliveRequest = (url, init) => {
      busyFor(busyBeforeWriteMs);
      return keepAliveRequest(url, init);
    };
    return new ClaudeAgent({
      client: new Anthropic({ apiKey: "test", baseURL: fake.url, maxRetries: 0 }),
      request,
      model: "claude-test",
      systemPrompt: [{ type: "text", text: "You answer the phone." }],
      tools: { offersTransfer: false, mayTransfer: false, searchKnowledge: undefined, languages: ["en-US"] },
      timing: testTiming,
      metrics: new PrometheusMetrics(),
    });
  }

  async function replyOf(agent: ClaudeAgent): Promise<string> {
    const events: ReplyEvent[] = [];
    await agent.reply([{ role: "CALLER", text: "Hello?" }], new AbortController().signal, (event) =>
      events.push(event),
    );
    return events.map((event) => (event.type === "text" ? event.text : "")).join("");
  }

  test("a request that waited in this process past the first-token deadline before it was written is not a stall", async () => {
    fake.enqueue({ text: "Hello, Harbor Dental.", ttftMs: 100 });
    assert.equal(await replyOf(claude(testTiming.firstTokenTimeoutMs + 200)), "Hello, Harbor Dental.");
  });

  test("a process too busy to read the answer on time does not take itself for a stalled model", async () => {
    fake.enqueue({ text: "Hello, Harbor Dental." });
    const reply = replyOf(claude());
    await fake.waitForRequests(fake.requests.length + 1);
    // The answer is on its way; this process is busy past every deadline before it reads it.
    busyFor(testTiming.firstTokenTimeoutMs + 300);
    assert.equal(await reply, "Hello, Harbor Dental.");
  });

  test("a stream that stops mid-reply is a stall", async () => {
    fake.enqueue({ text: "Hello, Harbor Dental, how can I help?", stallAfterChunks: 3 });
    await assert.rejects(replyOf(claude()), { name: "ReplyStalledError", message: /no token for/ });
  });
});
