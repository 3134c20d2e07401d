// `tsx bench/fanout.ts`: how fast a live transcript reaches its watchers when many owners' screens
// follow many calls at once. 500 graphql-ws subscribers (by default) follow the `transcript` of 20
// simultaneous calls against one in-process secretary; the subscribers run in a child process.
//
// Where the time is taken, without touching src/:
// - "left the call handler": CallSession.speak() sends a token's `text` frame on the relay socket and
//   hands the same delta to the live-event publisher in one synchronous step. The bench wraps
//   ws's WebSocket.prototype.send (server-side sockets only) and stamps each `text` frame there.
// - "published": the in-process pub/sub is yoga's createPubSub over an EventTarget, so wrapping
//   EventTarget.prototype.dispatchEvent stamps each transcript event as it is published (with
//   --redis, ioredis's publish() is wrapped instead).
// - "arrived": the child stamps each event when graphql-ws hands it over.
// All stamps are CLOCK_MONOTONIC (shared by every process), so they compare across processes.
import { type ChildProcess, fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import os, { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { encodeGlobalID } from "@pothos/plugin-relay";
import { Redis } from "ioredis";
import { pino } from "pino";
import WebSocket from "ws";
import { type App, buildApp, type RunningApp } from "../src/app.js";
import type { TranscriptEvent } from "../src/calls/call-events.js";
import { loadConfig } from "../src/config.js";
import { DEFAULT_COALESCING } from "../src/graphql/live-call-events.js";
import { placeCall, type SimulatedCall } from "../src/simulator/simulated-call.js";
import { type FakeAnthropic, startFakeAnthropic } from "../test/support/fake-anthropic.js";
import { createScratchDatabase, type ScratchDatabase } from "../test/support/scratch-database.js";
import { childMessages } from "./support/child-messages.js";
import type { FromSubscribers, SubscriberReport, ToSubscribers } from "./support/fanout-subscribers.js";
import { BENCH_TWILIO_AUTH_TOKEN, QUIET_ANALYSIS, REPO } from "./support/fixtures.js";
import {
  DEFAULT_SERVER_URL,
  describeError,
  formatDistribution,
  formatLoop,
  type LoopStats,
  machineBusyMs,
  monotonicMs,
  ms,
  postgresCpuMs,
  sleep,
  startLoopProbe,
  summarize,
  withTimeout,
} from "./support/measure.js";
import { integerFlag as int, runBench, UsageError } from "./support/run-bench.js";
import { uncommittedSources } from "./support/source-state.js";

const USAGE = `Usage: tsx bench/fanout.ts [options]

  --subscribers N  graphql-ws subscribers, spread evenly over the calls (default 500)
  --calls N        simultaneous calls (default 20)
  --turns N        measured caller turns per call, after one unmeasured warm-up turn (default 3)
  --token-delay MS the fake Claude's gap between tokens (default 15, about Claude Haiku's rate)
  --ttft MS        the fake Claude's time to first token (default 300)
  --pause MS       each caller waits a random 0..MS before each turn (default 1000)
  --redis          live events through Redis (REDIS_URL, default redis://127.0.0.1:6379)
  --timeout S      give up after S seconds (default 240)

DATABASE_URL names the PostgreSQL server (default ${DEFAULT_SERVER_URL}); a scratch database is
created on it and dropped at the end.`;

const CONNECT_BATCH = 50;
const CONNECT_TIMEOUT_MS = 10_000;
const WARM_UP_ROUNDS = 3;
const SEEN_TIMEOUT_MS = 3000;
const FINISH_TIMEOUT_MS = 10_000;
const CALL_RECORD_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 15_000;

const QUESTIONS = [
  "could I move my cleaning to later this week?",
  "my crown feels loose, can someone look at it before Friday?",
  "I got an invoice I don't understand, who can explain the charges?",
  "do you take Delta Dental insurance for a new patient?",
  "my son chipped a tooth at soccer practice, is today possible?",
  "can the doctor call in a refill for the antibiotics?",
];
const SENTENCES = [
  "Dr. Reyes has openings on Tuesday at ten and on Thursday at half past two.",
  "Please bring your insurance card and arrive ten minutes early so we can update your file.",
  "If the pain gets worse before then, call us back and we will fit you in the same day.",
  "I have noted that you prefer a morning appointment, and the office will confirm by text message.",
  "The billing team is in from nine to five and can walk you through every line of the invoice.",
  "For a chipped tooth, keep the piece in milk if you still have it and avoid chewing on that side.",
  "The doctor reviews refill requests at noon, and the pharmacy usually has them ready by evening.",
  "We are on the second floor of the Harbor building, and parking is free for the first hour.",
];

interface Options {
  subscribers: number;
  calls: number;
  turns: number;
  tokenDelayMs: number;
  ttftMs: number;
  pauseMs: number;
  redisUrl: string | undefined;
  timeoutMs: number;
}

function parseOptions(): Options | undefined {
  const { values } = parseArgs({
    options: {
      subscribers: { type: "string", default: "500" },
      calls: { type: "string", default: "20" },
      turns: { type: "string", default: "3" },
      "token-delay": { type: "string", default: "15" },
      ttft: { type: "string", default: "300" },
      pause: { type: "string", default: "1000" },
      redis: { type: "boolean", default: false },
      timeout: { type: "string", default: "240" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) return undefined;
  const options: Options = {
    subscribers: int("subscribers", values.subscribers, 1, 5000),
    calls: int("calls", values.calls, 1, 500),
    turns: int("turns", values.turns, 1, 50),
    tokenDelayMs: int("token-delay", values["token-delay"], 0, 1000),
    ttftMs: int("ttft", values.ttft, 0, 3000),
    pauseMs: int("pause", values.pause, 0, 60_000),
    redisUrl: values.redis ? process.env.REDIS_URL?.trim() || "redis://127.0.0.1:6379" : undefined,
    timeoutMs: int("timeout", values.timeout, 1, 3600) * 1000,
  };
  if (options.subscribers < options.calls)
    throw new UsageError("--subscribers must be at least --calls (every call is watched)");
  return options;
}

// ---------------------------------------------------------------------------------------------
// Observation points (see the header comment).

interface RelayReply {
  /** Stamp of each non-empty token frame, and the reply's length once it was sent. */
  sends: number[];
  cumLens: number[];
  /** The `last: true` frame that closes the reply. */
  lastSend: number;
}

interface Published {
  callId: string;
  turnId: string;
  role: TranscriptEvent["role"];
  textLen: number;
  final: boolean;
  text: string | undefined;
  at: number;
}

const relayReplies = new Map<string, RelayReply>();
const warnings: string[] = [];
const published: Published[] = [];

function observeServer(): void {
  const open = new WeakMap<object, { text: string; sends: number[]; cumLens: number[] }>();
  const wsProto = WebSocket.prototype as unknown as {
    send(this: WebSocket & { _isServer?: boolean }, data: unknown, ...rest: unknown[]): void;
  };
  const send = wsProto.send;
  wsProto.send = function (data, ...rest) {
    if (this._isServer && typeof data === "string" && data.startsWith('{"type":"text"')) {
      const at = monotonicMs();
      const frame = JSON.parse(data) as { token: string; last?: boolean };
      const reply = open.get(this) ?? { text: "", sends: [], cumLens: [] };
      open.set(this, reply);
      if (frame.token) {
        reply.text += frame.token;
        reply.sends.push(at);
        reply.cumLens.push(reply.text.length);
      }
      if (frame.last) {
        relayReplies.set(reply.text, { sends: reply.sends, cumLens: reply.cumLens, lastSend: at });
        open.delete(this);
      }
    }
    return send.call(this, data, ...rest);
  };

  const record = (event: TranscriptEvent) =>
    published.push({
      callId: event.callId,
      turnId: event.turnId,
      role: event.role,
      textLen: event.text.length,
      final: event.final,
      text: event.final ? event.text : undefined,
      at: monotonicMs(),
    });
  const dispatch = EventTarget.prototype.dispatchEvent;
  EventTarget.prototype.dispatchEvent = function (event) {
    if (event.type.startsWith("call:transcript:")) record((event as CustomEvent<TranscriptEvent>).detail);
    return dispatch.call(this, event);
  };
  const redisProto = Redis.prototype as unknown as {
    publish(this: Redis, channel: unknown, message: unknown, ...rest: unknown[]): unknown;
  };
  const publish = redisProto.publish;
  redisProto.publish = function (channel, message, ...rest) {
    if (typeof channel === "string" && channel.startsWith("call:transcript:") && typeof message === "string") {
      record(JSON.parse(message) as TranscriptEvent);
    }
    return publish.call(this, channel, message, ...rest);
  };
}

// ---------------------------------------------------------------------------------------------

/** Unique per call and turn, so a reply's text identifies it wherever it is seen. */
function promptFor(call: number, turn: number): string {
  return `This is caller ${call + 1}, question ${turn + 1}: ${QUESTIONS[(call + turn) % QUESTIONS.length]}`;
}

function replyFor(call: number, turn: number): string {
  const pick = (k: number) => SENTENCES[(call * 3 + turn * 5 + k) % SENTENCES.length];
  return `Thank you, your reference is ${call + 1}-${turn + 1}. ${pick(0)} ${pick(1)} ${pick(2)}`;
}

const warmUpPrompt = (call: number, round: number) =>
  `Hello, this is caller ${call + 1}, can you hear me (${round + 1})?`;
const warmUpReply = (call: number, round: number) =>
  `Yes, caller ${call + 1}, loud and clear (${round + 1}). How can I help?`;

function phoneFor(call: number): string {
  return `+1555201${String(call).padStart(4, "0")}`;
}

interface Resources {
  fake?: FakeAnthropic;
  database?: ScratchDatabase;
  app?: App;
  dataDir?: string;
  child?: ChildProcess;
  calls: SimulatedCall[];
}

interface Run {
  options: Options;
  running: RunningApp;
  connectMs: number;
  warmUpRounds: number;
  globalIdOf: Map<string, string>;
  measured: Map<string, { call: number; role: "CALLER" | "ASSISTANT" }>;
  expectedFinalTexts: Record<string, string[]>;
  results: Extract<FromSubscribers, { type: "results" }>;
  serverLoop: LoopStats;
  /** Machine-wide busy CPU over the same window as serverLoop. */
  machineBusyMs: number | undefined;
  postgresMs: number | undefined;
  /** The measured turns, from the first caller's pause to the last reply heard (monotonicMs). */
  turnsFrom: number;
  turnPhaseMs: number;
  simulatorTokens: Map<string, number[]>;
  failures: string[];
  problems: string[];
}

async function bench(options: Options, resources: Resources): Promise<Run> {
  observeServer();
  // Node prints these itself; they are repeated in the report because they come from the server.
  process.on("warning", (warning) => warnings.push(`${warning.name}: ${warning.message}`));
  const problems: string[] = [];
  const failures: string[] = [];

  const prompts = new Map<string, string>();
  for (let call = 0; call < options.calls; call++) {
    for (let round = 0; round < WARM_UP_ROUNDS; round++)
      prompts.set(warmUpPrompt(call, round), warmUpReply(call, round));
    for (let turn = 0; turn < options.turns; turn++) prompts.set(promptFor(call, turn), replyFor(call, turn));
  }
  const fake = await startFakeAnthropic();
  resources.fake = fake;
  fake.respondWith((body) => {
    // A valid post-call analysis keeps the worker quiet after the hang-ups.
    if (body.stream !== true) return QUIET_ANALYSIS;
    const last = body.messages.at(-1);
    const prompt = typeof last?.content === "string" ? last.content : "";
    return {
      text: prompts.get(prompt) ?? "Sorry, could you say that again?",
      ttftMs: options.ttftMs,
      tokenDelayMs: options.tokenDelayMs,
    };
  });

  const serverUrl = process.env.DATABASE_URL?.trim() || DEFAULT_SERVER_URL;
  resources.database = await createScratchDatabase(serverUrl, "secretary_bench");
  resources.dataDir = mkdtempSync(path.join(tmpdir(), "secretary-fanout-"));
  const apiToken = randomBytes(24).toString("hex");
  const config = loadConfig({
    PORT: "0",
    DATA_DIR: resources.dataDir,
    DATABASE_URL: resources.database.url,
    TWILIO_AUTH_TOKEN: BENCH_TWILIO_AUTH_TOKEN,
    API_TOKEN: apiToken,
    ANTHROPIC_API_KEY: "bench-anthropic-key",
    ANTHROPIC_BASE_URL: fake.url,
    BUSINESS_NAME: "Harbor Dental",
    OWNER_NAME: "Dr. Reyes",
    ...(options.redisUrl && { REDIS_URL: options.redisUrl }),
  });
  // Warnings and errors are collected for the report rather than interleaved with it.
  const logger = pino(
    { level: "warn", base: undefined },
    {
      write(line: string) {
        problems.push(line.trim());
      },
    },
  );
  resources.app = buildApp(config, { logger });
  const running = await resources.app.start();

  const child = fork(path.join(REPO, "bench", "support", "fanout-subscribers.ts"), [], {
    cwd: REPO,
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  resources.child = child;
  const tell = (message: ToSubscribers) => child.send(message);
  const fromChild = childMessages<FromSubscribers>(child, "subscriber");

  // Calls first: a subscription needs the call's id, which exists once the call record does.
  const calls = await Promise.all(
    Array.from({ length: options.calls }, (_, call) =>
      placeCall({
        serverUrl: running.url,
        publicUrl: running.publicUrl,
        authToken: running.twilioAuthToken,
        from: phoneFor(call),
        timeoutMs: 30_000,
      }),
    ),
  );
  resources.calls.push(...calls);
  const simulatorTokens = new Map<string, number[]>();
  const toMonotonic = monotonicMs() - performance.now();
  for (const call of calls) {
    let text = "";
    let at: number[] = [];
    call.onToken((token) => {
      if (token.token) {
        text += token.token;
        at.push(token.at + toMonotonic);
      }
      if (token.last) {
        simulatorTokens.set(text, at);
        text = "";
        at = [];
      }
    });
  }
  const globalIdOf = await callIds(running, calls);
  const callGlobalIds = calls.map((call) => globalIdOf.get(call.callSid) ?? "");

  const connected = fromChild.next("connected", CONNECT_TIMEOUT_MS * Math.ceil(options.subscribers / CONNECT_BATCH));
  tell({
    type: "job",
    url: running.url,
    token: apiToken,
    callIds: Array.from({ length: options.subscribers }, (_, k) => callGlobalIds[k % options.calls] ?? ""),
    connectBatch: CONNECT_BATCH,
    connectTimeoutMs: CONNECT_TIMEOUT_MS,
  });
  const connection = await connected;
  if (connection.failed.length > 0)
    throw new Error(
      `${connection.failed.length} subscribers could not connect: ${connection.failed.slice(0, 3).join("; ")}`,
    );

  // graphql-ws does not acknowledge a subscription; an event is the only proof that it is live on
  // the server. Turns measured later all start after every subscriber has had one.
  let warmUpRounds = 0;
  for (let round = 0; ; round++) {
    if (round >= WARM_UP_ROUNDS) throw new Error(`some subscribers saw no event after ${WARM_UP_ROUNDS} warm-up turns`);
    warmUpRounds++;
    await Promise.all(calls.map((call, i) => call.say(warmUpPrompt(i, round), { partials: false })));
    const seen = fromChild.next("seen", SEEN_TIMEOUT_MS + 5000);
    tell({ type: "await-any", timeoutMs: SEEN_TIMEOUT_MS });
    if ((await seen).missing === 0) break;
  }

  const measured = new Map<string, { call: number; role: "CALLER" | "ASSISTANT" }>();
  const expectedFinalTexts: Record<string, string[]> = {};
  for (let call = 0; call < options.calls; call++) {
    const texts: string[] = [];
    for (let turn = 0; turn < options.turns; turn++) {
      measured.set(promptFor(call, turn), { call, role: "CALLER" });
      measured.set(replyFor(call, turn), { call, role: "ASSISTANT" });
      texts.push(promptFor(call, turn), replyFor(call, turn));
    }
    expectedFinalTexts[callGlobalIds[call] ?? ""] = texts;
  }

  tell({ type: "measure" });
  const serverProbe = startLoopProbe();
  const machineFrom = machineBusyMs();
  const postgresFrom = postgresCpuMs();
  const turnsFrom = monotonicMs();
  await Promise.all(
    calls.map(async (call, i) => {
      for (let turn = 0; turn < options.turns; turn++) {
        await sleep(Math.random() * options.pauseMs);
        try {
          const reply = await call.say(promptFor(i, turn), { partials: false });
          if (reply !== replyFor(i, turn))
            failures.push(`call ${i + 1} turn ${turn + 1}: the caller heard ${JSON.stringify(reply.slice(0, 80))}`);
        } catch (error) {
          failures.push(`call ${i + 1} turn ${turn + 1}: ${describeError(error)}`);
          return;
        }
      }
    }),
  );
  const turnPhaseMs = monotonicMs() - turnsFrom;
  const results = fromChild.next("results", FINISH_TIMEOUT_MS + 10_000);
  tell({ type: "finish", expectedFinalTexts, timeoutMs: FINISH_TIMEOUT_MS });
  const collected = await results;
  const serverLoop = serverProbe.stop();
  const machineTo = machineBusyMs();
  const postgresTo = postgresCpuMs();

  await Promise.allSettled(calls.map((call) => withTimeout(call.hangUp(), 5000, "hang-up timed out")));
  return {
    options,
    running,
    connectMs: connection.ms,
    warmUpRounds,
    globalIdOf,
    measured,
    expectedFinalTexts,
    results: collected,
    serverLoop,
    machineBusyMs: machineFrom === undefined || machineTo === undefined ? undefined : machineTo - machineFrom,
    postgresMs: postgresFrom === undefined || postgresTo === undefined ? undefined : postgresTo - postgresFrom,
    turnsFrom,
    turnPhaseMs,
    simulatorTokens,
    failures,
    problems,
  };
}

async function callIds(running: RunningApp, calls: SimulatedCall[]): Promise<Map<string, string>> {
  const sids = calls.map((call) => call.callSid);
  const deadline = monotonicMs() + CALL_RECORD_TIMEOUT_MS;
  for (;;) {
    const rows = await running.database.prisma.call.findMany({
      where: { callSid: { in: sids } },
      select: { id: true, callSid: true },
    });
    if (rows.length === sids.length) return new Map(rows.map((row) => [row.callSid, encodeGlobalID("Call", row.id)]));
    if (monotonicMs() > deadline)
      throw new Error(`only ${rows.length} of ${sids.length} call records exist after ${CALL_RECORD_TIMEOUT_MS} ms`);
    await sleep(50);
  }
}

// ---------------------------------------------------------------------------------------------

type Kind = "caller" | "first" | "coalesced" | "final";

interface MeasuredTurn {
  turnId: string;
  role: "CALLER" | "ASSISTANT";
  text: string;
  events: (Published & { kind: Kind })[];
  relay: RelayReply | undefined;
}

function report(run: Run): boolean {
  const { options, results } = run;
  const problems: string[] = [...run.failures];

  // The measured turns, as published, by the call they belong to (global id).
  const byTurnId = new Map<string, Published[]>();
  for (const event of published) {
    const list = byTurnId.get(event.turnId) ?? [];
    list.push(event);
    byTurnId.set(event.turnId, list);
  }
  const turnsOfCall = new Map<string, Map<string, MeasuredTurn>>();
  const dbToGlobal = new Map<string, string>();
  for (const [, globalId] of run.globalIdOf) {
    const dbId = Buffer.from(globalId, "base64")
      .toString("utf8")
      .replace(/^Call:/, "");
    dbToGlobal.set(dbId, globalId);
  }
  for (const [turnId, events] of byTurnId) {
    const final = events.find((e) => e.final);
    const identity = final?.text === undefined ? undefined : run.measured.get(final.text);
    if (!final?.text || !identity) continue;
    const globalId = dbToGlobal.get(final.callId) ?? "";
    const turns = turnsOfCall.get(globalId) ?? new Map<string, MeasuredTurn>();
    turnsOfCall.set(globalId, turns);
    const sorted = [...events].sort((a, b) => a.at - b.at);
    turns.set(turnId, {
      turnId,
      role: identity.role,
      text: final.text,
      events: sorted.map((e, i) => ({
        ...e,
        kind: e.role === "CALLER" ? "caller" : e.final ? "final" : i === 0 ? "first" : "coalesced",
      })),
      relay: identity.role === "ASSISTANT" ? relayReplies.get(final.text) : undefined,
    });
    if (identity.role === "ASSISTANT" && !relayReplies.get(final.text))
      problems.push(`no relay frames recorded for turn ${turnId}`);
  }
  const measuredTurnCount = [...turnsOfCall.values()].reduce((n, turns) => n + turns.size, 0);
  if (measuredTurnCount !== options.calls * options.turns * 2) {
    problems.push(
      `expected ${options.calls * options.turns * 2} measured turns to be published, found ${measuredTurnCount}`,
    );
  }

  const publishedByKind: Record<Kind, number> = { caller: 0, first: 0, coalesced: 0, final: 0 };
  for (const turns of turnsOfCall.values())
    for (const turn of turns.values()) for (const e of turn.events) publishedByKind[e.kind]++;

  // Server side, once per token: how long a delta waited to be coalesced before being published.
  const coalescingWait: number[] = [];
  for (const turns of turnsOfCall.values()) {
    for (const turn of turns.values()) {
      if (!turn.relay) continue;
      turn.relay.cumLens.forEach((cumLen, k) => {
        const carrier = turn.events.find((e) => e.textLen >= cumLen);
        const sent = turn.relay?.sends[k];
        if (carrier && sent !== undefined) coalescingWait.push(carrier.at - sent);
      });
    }
  }

  const eventLatency: Record<Kind | "all", number[]> = { all: [], caller: [], first: [], coalesced: [], final: [] };
  const tokenLatency: number[] = [];
  const firstTokenLatency: number[] = [];
  const newestWordLatency: number[] = [];
  const endOfReplyLatency: number[] = [];
  let expectedDeliveries = 0;
  let received = 0;
  let missing = 0;
  let wrongFinal = 0;
  let brokenDeltas = 0;
  let subscriberErrors = 0;
  for (const subscriber of results.subscribers) {
    subscriberErrors += subscriber.errors.length + (subscriber.completedEarly ? 1 : 0);
    const turns = turnsOfCall.get(subscriber.callId) ?? new Map<string, MeasuredTurn>();
    const eventsByTurn = new Map<number, SubscriberReport["events"]>();
    for (const event of subscriber.events) {
      const list = eventsByTurn.get(event[0]) ?? [];
      list.push(event);
      eventsByTurn.set(event[0], list);
    }
    const seenTurns = new Map(subscriber.turns.map((t, index) => [t.turnId, { ...t, index }]));
    for (const turn of turns.values()) {
      expectedDeliveries += turn.events.length;
      const seen = seenTurns.get(turn.turnId);
      const got = seen ? (eventsByTurn.get(seen.index) ?? []) : [];
      if (seen?.finalText !== turn.text) wrongFinal++;
      if (seen && !seen.deltasAddUp) brokenDeltas++;
      const arrivals = new Map(got.map(([, textLen, final, at]) => [`${textLen}|${final}`, at]));
      for (const event of turn.events) {
        const at = arrivals.get(`${event.textLen}|${event.final ? 1 : 0}`);
        if (at === undefined) {
          missing++;
          continue;
        }
        received++;
        eventLatency.all.push(at - event.at);
        eventLatency[event.kind].push(at - event.at);
      }
      const relay = turn.relay;
      if (!relay) continue;
      // Arrival order: the first event that carries a token is the one that delivered it.
      const ordered = [...got].sort((a, b) => a[3] - b[3]);
      relay.cumLens.forEach((cumLen, k) => {
        const carrier = ordered.find(([, textLen]) => textLen >= cumLen);
        const sent = relay.sends[k];
        if (!carrier || sent === undefined) return;
        tokenLatency.push(carrier[3] - sent);
        if (k === 0) firstTokenLatency.push(carrier[3] - sent);
      });
      for (const [, textLen, final, at] of ordered) {
        if (final) {
          endOfReplyLatency.push(at - relay.lastSend);
          continue;
        }
        const k = relay.cumLens.indexOf(textLen);
        const sent = relay.sends[k];
        if (sent !== undefined) newestWordLatency.push(at - sent);
      }
    }
  }

  // The brief's alternative stamp: when the simulated Twilio (same process) received each frame.
  const relayHop: number[] = [];
  for (const [text, relay] of relayReplies) {
    const at = run.simulatorTokens.get(text);
    if (!at) continue;
    relay.sends.forEach((sent, k) => {
      const arrived = at[k];
      if (arrived !== undefined) relayHop.push(arrived - sent);
    });
  }

  const replies = [...turnsOfCall.values()].flatMap((turns) => [...turns.values()]).filter((t) => t.relay);
  const tokensPerReply = summarize(replies.map((t) => t.relay?.sends.length ?? 0));
  const p99Event = summarize(eventLatency.all)?.p99;
  const p99Token = summarize(tokenLatency)?.p99;
  const p99Wait = summarize(coalescingWait)?.p99;
  const rates = eventRates(run);
  const label = (text: string) => `  ${text.padEnd(58)}`;
  const transport = options.redisUrl ? "Redis pub/sub" : "in-process pub/sub";
  const lines = [
    "",
    `fanout: ${options.subscribers} graphql-ws subscribers on the transcripts of ${options.calls} simultaneous calls (${options.subscribers / options.calls} per call), ${transport}, PostgreSQL (scratch database)`,
    `  code: ${uncommittedSources(REPO)}`,
    `  ${options.turns} measured caller turns per call after ${run.warmUpRounds} warm-up turn(s); replies of ${tokensPerReply?.p50 ?? "?"} tokens at ${options.tokenDelayMs} ms/token after a ${options.ttftMs} ms TTFT; callers pause 0-${options.pauseMs} ms before each turn; ${os.availableParallelism()} cores`,
    "",
    `events published for the measured turns: ${Object.values(publishedByKind).reduce((a, b) => a + b, 0)} (caller turns ${publishedByKind.caller}, first deltas ${publishedByKind.first}, coalesced deltas ${publishedByKind.coalesced}, finals ${publishedByKind.final})`,
    `deliveries: expected ${expectedDeliveries}, received ${received}, missing ${missing}; subscribers without the full final text of a turn: ${wrongFinal}; turns whose deltas do not add up: ${brokenDeltas}; subscription errors: ${subscriberErrors}`,
    "",
    "latency, per delivered event: published -> arrived at the subscriber (pub/sub, GraphQL execution, graphql-ws, loopback, client):",
    `${label("all events")}${formatDistribution(eventLatency.all)}`,
    `${label("  first delta of a reply (published at once)")}${formatDistribution(eventLatency.first)}`,
    `${label("  coalesced deltas (window or size reached)")}${formatDistribution(eventLatency.coalesced)}`,
    `${label("  final event of a reply")}${formatDistribution(eventLatency.final)}`,
    `${label("  caller turns")}${formatDistribution(eventLatency.caller)}`,
    "latency, per token: frame leaves the call handler -> first event carrying it arrives (per subscriber):",
    `${label("all tokens (includes the coalescing)")}${formatDistribution(tokenLatency)}`,
    `${label("  first token of each reply (published at once)")}${formatDistribution(firstTokenLatency)}`,
    `${label("  of which: waiting to be coalesced (server, per token)")}${formatDistribution(coalescingWait)}`,
    `${label("newest word of an assistant event: handler -> arrival")}${formatDistribution(newestWordLatency)}`,
    `${label("end of reply: `last` frame -> final event arrives")}${formatDistribution(endOfReplyLatency)}`,
    "",
    `target p99 <= 50 ms: published event -> subscriber p99 ${ms(p99Event)}: ${p99Event !== undefined && p99Event <= 50 ? "met" : "MISSED"}; ` +
      `per token including coalescing p99 ${ms(p99Token)}: ${p99Token !== undefined && p99Token <= 50 ? "met" : "MISSED"}` +
      (p99Token !== undefined && p99Wait !== undefined && p99Token > 50
        ? ` - coalescing alone holds a token up to ${ms(p99Wait)} (p99; window ${DEFAULT_COALESCING.windowMs}-${DEFAULT_COALESCING.maxWindowMs} ms)`
        : ""),
    `${label("what that costs: transcript events published")}${rates.published}`,
    `${label("  delivered, over all subscribers")}${rates.delivered}`,
    "",
    `${label("server process during the turns")}${formatLoop(run.serverLoop)} (secretary + fake Claude + simulated callers)`,
    `${label("subscriber process during the turns")}${results.loop ? formatLoop(results.loop) : "n/a"}`,
    ...(run.machineBusyMs === undefined
      ? []
      : [
          `${label("PostgreSQL / anything else on the machine")}CPU ${Math.round(((run.postgresMs ?? 0) / Math.max(1, run.serverLoop.wallMs)) * 100)}% / ${Math.round(
            (Math.max(
              0,
              run.machineBusyMs - run.serverLoop.cpuMs - (results.loop?.cpuMs ?? 0) - (run.postgresMs ?? 0),
            ) /
              Math.max(1, run.serverLoop.wallMs)) *
              100,
          )}% of a core (the machine has ${os.availableParallelism()})`,
        ]),
    `${label("relay hop: server ws.send -> simulated Twilio receives")}${formatDistribution(relayHop)}`,
    `  (the simulator shares the server's event loop, so its receive stamp lags the real send by this much; the send stamp is used)`,
    `${label("set-up")}${options.subscribers} subscribers connected in ${(run.connectMs / 1000).toFixed(1)} s; measured turns took ${(run.turnPhaseMs / 1000).toFixed(1)} s`,
    "",
    "method: secretary in this process (buildApp, PostgreSQL), fake Claude and simulated Twilio callers here too; subscribers in a child process.",
    "  'Leaves the call handler' = WebSocket.prototype.send of each relay `text` frame (speak() sends the frame and hands the delta to the",
    "  publisher in the same synchronous step); 'published' = EventTarget.dispatchEvent (or ioredis publish) of the transcript event;",
    "  'arrived' = graphql-ws client callback in the child. All stamps CLOCK_MONOTONIC. Events are matched by turn id and text length.",
  ];
  if (warnings.length > 0)
    lines.push(
      `process warnings (${warnings.length}):`,
      ...[...new Set(warnings)].slice(0, 3).map((w) => `    ${w.slice(0, 300)}`),
    );
  if (run.problems.length > 0) {
    lines.push(
      `the secretary logged ${run.problems.length} warnings or errors; first:`,
      ...run.problems.slice(0, 5).map((p) => `    ${p.slice(0, 300)}`),
    );
  }
  const broken =
    problems.length > 0 ||
    missing > 0 ||
    wrongFinal > 0 ||
    brokenDeltas > 0 ||
    subscriberErrors > 0 ||
    results.incomplete > 0;
  if (results.incomplete > 0)
    problems.push(
      `${results.incomplete} subscribers did not have every final text within ${FINISH_TIMEOUT_MS / 1000} s`,
    );
  if (problems.length > 0) lines.push("run problems:", ...problems.slice(0, 10).map((p) => `    ${p}`));
  lines.push(
    broken
      ? "RUN BROKEN: events were lost or the run failed (see above)"
      : "run complete: every subscriber got every event and the full text of every turn",
  );
  console.log(lines.join("\n"));
  return !broken;
}

/**
 * Every transcript event published, and delivered to a subscriber, while the measured turns ran
 * (warm-up turns excluded), per second: on average, and in the busiest second. Coalescing less
 * lowers a token's latency and raises these.
 */
function eventRates(run: Run): { published: string; delivered: string } {
  const from = run.turnsFrom;
  const to = from + run.turnPhaseMs;
  const perSecond = (stamps: Iterable<number>): string => {
    const bins = new Array<number>(Math.max(1, Math.ceil(run.turnPhaseMs / 1000))).fill(0);
    let count = 0;
    for (const at of stamps) {
      if (at < from || at >= to) continue;
      count++;
      const bin = Math.floor((at - from) / 1000);
      bins[bin] = (bins[bin] ?? 0) + 1;
    }
    const mean = Math.round(count / (run.turnPhaseMs / 1000));
    return `${mean}/s on average, ${Math.max(...bins)} in the busiest second (${count} in ${(run.turnPhaseMs / 1000).toFixed(1)} s)`;
  };
  return {
    published: perSecond(published.map((event) => event.at)),
    delivered: perSecond(run.results.subscribers.flatMap((subscriber) => subscriber.events.map((event) => event[3]))),
  };
}

// ---------------------------------------------------------------------------------------------

async function cleanUp(resources: Resources): Promise<void> {
  const child = resources.child;
  if (child && child.exitCode === null && child.signalCode === null) {
    const exited = once(child, "exit");
    child.kill("SIGTERM");
    await Promise.race([exited, sleep(3000)]);
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
  for (const call of resources.calls) call.dispose();
  if (resources.app)
    await withTimeout(resources.app.stop(), STOP_TIMEOUT_MS, "the secretary did not stop").catch((e: unknown) =>
      console.error(describeError(e)),
    );
  await resources.fake?.close().catch(() => undefined);
  await resources.database
    ?.drop()
    .catch((e: unknown) => console.error(`could not drop ${resources.database?.name}: ${describeError(e)}`));
  if (resources.dataDir) rmSync(resources.dataDir, { recursive: true, force: true });
}

// Exit explicitly: a handle a library forgot to close must not keep a finished bench alive.
process.exit(
  await runBench({
    usage: USAGE,
    parseOptions,
    resources: { calls: [] },
    run: bench,
    report: report,
    cleanUp,
  }),
);
