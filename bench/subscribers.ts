// `npm run bench:subscribers`: what many live subscriptions cost the calls being answered. 1,000
// `callUpdated` subscriptions (by default, over 10 graphql-ws connections) watch every call while
// a few simulated calls converse and the owner's notes on a call change 10 times a second, each
// change one `callUpdated` event that every subscription resolves.
//
// The secretary runs in this process (PostgreSQL, a scratch database), so its database statements
// can be counted: pg.Client's query is wrapped, and each SELECT of a call by its id is one read; the
// in-process pub/sub's dispatchEvent is wrapped to count the events. The subscriptions run in one
// child process (bench/support/call-feed-subscribers.ts), the callers in another (bench/callers.ts,
// as in bench/calls.ts), each stamping its own prompts and first tokens.
import { type ChildProcess, fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { encodeGlobalID } from "@pothos/plugin-relay";
import pg from "pg";
import { pino } from "pino";
import { type App, buildApp } from "../src/app.js";
import { loadConfig } from "../src/config.js";
import { type FakeAnthropic, startFakeAnthropic } from "../test/support/fake-anthropic.js";
import { createScratchDatabase, type ScratchDatabase } from "../test/support/scratch-database.js";
import type { CallerJob, FromCallers, ToCallers, TurnSample } from "./callers.js";
import type { FromFeedSubscribers, ToFeedSubscribers } from "./support/call-feed-subscribers.js";
import { childMessages } from "./support/child-messages.js";
import { BENCH_TWILIO_AUTH_TOKEN, QUIET_ANALYSIS, REPO } from "./support/fixtures.js";
import {
  DEFAULT_SERVER_URL,
  describeError,
  formatDistribution,
  formatLoop,
  type LoopStats,
  sleep,
  startLoopProbe,
  withTimeout,
} from "./support/measure.js";
import { integerFlag as int, runBench, UsageError } from "./support/run-bench.js";

const USAGE = `Usage: npm run bench:subscribers -- [options]

  --subscriptions N  callUpdated subscriptions (default 1000; 0 measures the calls alone)
  --connections N    graphql-ws connections they are spread over (default 10)
  --calls N          concurrent simulated calls (default 5)
  --turns N          caller turns per call (default 5)
  --events N         owner's edits per second, each one callUpdated event (default 10)
  --ttft MS          the fake Claude's time to first token (default 300)
  --pause MS         each caller waits a random 0..MS before each turn (default 1000)
  --timeout S        give up after S seconds (default 300)

DATABASE_URL names the PostgreSQL server (default ${DEFAULT_SERVER_URL}); a scratch database is
created on it and dropped at the end.`;

const REPLY = "Of course. May I have your name and a good number to call you back?";
const TOKEN_DELAY_MS = 15;
const WARM_UP_ROUNDS = 10;
const SEEN_TIMEOUT_MS = 3000;
const PHASE_TIMEOUT_MS = 120_000;
const REPLY_TIMEOUT_MS = 60_000;
// Events published near the end of the turns still reach their subscribers after it.
const DRAIN_MS = 2000;
const STOP_TIMEOUT_MS = 15_000;
const UPDATE_NOTES =
  "mutation Edit($callId: ID!, $notes: String) { updateCallNotes(input: { callId: $callId, notes: $notes }) { call { id } } }";

interface Options {
  subscriptions: number;
  connections: number;
  calls: number;
  turns: number;
  eventsPerSecond: number;
  ttftMs: number;
  pauseMs: number;
  timeoutMs: number;
}

function parseOptions(): Options | undefined {
  const { values } = parseArgs({
    options: {
      subscriptions: { type: "string", default: "1000" },
      connections: { type: "string", default: "10" },
      calls: { type: "string", default: "5" },
      turns: { type: "string", default: "5" },
      events: { type: "string", default: "10" },
      ttft: { type: "string", default: "300" },
      pause: { type: "string", default: "1000" },
      timeout: { type: "string", default: "300" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) return undefined;
  const options: Options = {
    subscriptions: int("subscriptions", values.subscriptions, 0, 20_000),
    connections: int("connections", values.connections, 1, 1000),
    calls: int("calls", values.calls, 1, 200),
    turns: int("turns", values.turns, 1, 50),
    eventsPerSecond: int("events", values.events, 1, 1000),
    ttftMs: int("ttft", values.ttft, 0, 3000),
    pauseMs: int("pause", values.pause, 0, 60_000),
    timeoutMs: int("timeout", values.timeout, 1, 3600) * 1000,
  };
  if (options.connections > Math.max(1, options.subscriptions))
    throw new UsageError("--connections must not exceed --subscriptions");
  return options;
}

/** Counted in this process, where the secretary runs. */
const counters = { callReads: 0, callsAsked: 0, callUpdates: 0 };

function countDatabaseReadsAndEvents(): void {
  // What Prisma sends for `findUnique({ where: { id } })` on Call, whatever it selects: one id, or
  // the ids of every findUnique made in the same tick, which Prisma batches into one statement.
  const readOfCalls = /^SELECT [\s\S]* FROM "public"\."Call" WHERE \(?"public"\."Call"\."id" (= \$1|IN \(([^)]*)\))/;
  // On the client, not the pool: Prisma sends some statements on a connection it holds.
  const clientProto = pg.Client.prototype as unknown as { query(this: pg.Client, ...args: unknown[]): unknown };
  const query = clientProto.query;
  clientProto.query = function (...args) {
    const [config] = args;
    const text = typeof config === "string" ? config : (config as { text?: unknown } | undefined)?.text;
    const read = typeof text === "string" ? readOfCalls.exec(text) : null;
    if (read) {
      counters.callReads += 1;
      counters.callsAsked += read[2] === undefined ? 1 : read[2].split(",").length;
    }
    return query.apply(this, args);
  };
  const dispatch = EventTarget.prototype.dispatchEvent;
  EventTarget.prototype.dispatchEvent = function (event) {
    if (event.type === "call:updated") counters.callUpdates += 1;
    return dispatch.call(this, event);
  };
}

interface Resources {
  fake?: FakeAnthropic;
  database?: ScratchDatabase;
  app?: App;
  dataDir?: string;
  children: ChildProcess[];
  churn?: NodeJS.Timeout;
}

interface Results {
  options: Options;
  turns: TurnSample[];
  failures: string[];
  received: number[];
  refused: Record<string, number>;
  callReads: number;
  callsAsked: number;
  callUpdates: number;
  /** Events published until the subscribers were asked for their counts: what each live one should have. */
  callUpdatesDelivered: number;
  editsFailed: number;
  serverLoop: LoopStats;
  problems: string[];
}

async function bench(options: Options, resources: Resources): Promise<Results> {
  countDatabaseReadsAndEvents();
  const problems: string[] = [];
  const fake = await startFakeAnthropic();
  resources.fake = fake;
  fake.respondWith((body) =>
    body.stream === true ? { text: REPLY, ttftMs: options.ttftMs, tokenDelayMs: TOKEN_DELAY_MS } : QUIET_ANALYSIS,
  );
  resources.database = await createScratchDatabase(
    process.env.DATABASE_URL?.trim() || DEFAULT_SERVER_URL,
    "secretary_bench",
  );
  resources.dataDir = mkdtempSync(path.join(tmpdir(), "secretary-subscribers-"));
  const apiToken = randomBytes(24).toString("hex");
  const config = loadConfig({
    PORT: "0",
    DATA_DIR: resources.dataDir,
    DATABASE_URL: resources.database.url,
    TWILIO_AUTH_TOKEN: BENCH_TWILIO_AUTH_TOKEN,
    API_TOKEN: apiToken,
    ANTHROPIC_API_KEY: "bench-anthropic-key",
    ANTHROPIC_BASE_URL: fake.url,
  });
  // Warnings and errors are collected for the report rather than interleaved with it.
  const logger = pino({ level: "warn", base: undefined }, { write: (line: string) => void problems.push(line.trim()) });
  resources.app = buildApp(config, { logger });
  const running = await resources.app.start();

  const edited = await running.database.prisma.call.create({
    data: { callSid: "CA-bench-edited", from: "+15550100000", to: "+15550109999", status: "COMPLETED" },
  });
  const editedId = encodeGlobalID("Call", edited.id);
  let edits = 0;
  let editsFailed = 0;
  const edit = async (): Promise<void> => {
    edits += 1;
    try {
      const response = await fetch(`${running.url}/graphql`, {
        method: "POST",
        headers: { authorization: `Bearer ${apiToken}`, "content-type": "application/json" },
        body: JSON.stringify({ query: UPDATE_NOTES, variables: { callId: editedId, notes: `edit ${edits}` } }),
      });
      const body = (await response.json()) as { errors?: unknown[] };
      if (!response.ok || body.errors?.length) editsFailed += 1;
    } catch {
      editsFailed += 1;
    }
  };

  const subscribers = forkChild(resources, path.join("bench", "support", "call-feed-subscribers.ts"));
  const fromSubscribers = childMessages<FromFeedSubscribers>(subscribers, "subscriber");
  const tellSubscribers = (message: ToFeedSubscribers) => subscribers.send(message);
  tellSubscribers({
    type: "job",
    url: running.url,
    token: apiToken,
    subscriptions: options.subscriptions,
    connections: options.connections,
  });
  // graphql-ws does not acknowledge a subscription; an event (or a refusal) is the only proof that
  // the server has it. The measurement starts once every subscription has had one.
  for (let round = 0; options.subscriptions > 0; round++) {
    if (round >= WARM_UP_ROUNDS) throw new Error(`some subscriptions saw no event after ${WARM_UP_ROUNDS} edits`);
    await edit();
    const seen = fromSubscribers.next("seen", SEEN_TIMEOUT_MS + 5000);
    tellSubscribers({ type: "await-any", timeoutMs: SEEN_TIMEOUT_MS });
    if ((await seen).waiting === 0) break;
  }

  const callers = forkChild(resources, "bench/callers.ts");
  const fromCallers = childMessages<FromCallers>(callers, "caller");
  const job: CallerJob = {
    type: "job",
    serverUrl: running.url,
    publicUrl: running.publicUrl,
    authToken: running.twilioAuthToken,
    calls: options.calls,
    turns: options.turns,
    rampBatch: 10,
    rampGapMs: 50,
    pauseMs: options.pauseMs,
    replyTimeoutMs: REPLY_TIMEOUT_MS,
    expectedReply: REPLY,
  };
  const ramped = fromCallers.next("ramped", PHASE_TIMEOUT_MS);
  callers.send(job satisfies ToCallers);
  const ramp = await ramped;

  const inFlight = new Set<Promise<void>>();
  resources.churn = setInterval(() => {
    const pending = edit().finally(() => inFlight.delete(pending));
    inFlight.add(pending);
  }, 1000 / options.eventsPerSecond);
  counters.callReads = 0;
  counters.callsAsked = 0;
  counters.callUpdates = 0;
  editsFailed = 0;
  tellSubscribers({ type: "measure" });
  const serverProbe = startLoopProbe();
  const turned = fromCallers.next("turned", PHASE_TIMEOUT_MS);
  const done = fromCallers.next("done", PHASE_TIMEOUT_MS * 2);
  done.catch(() => undefined);
  callers.send({ type: "go" } satisfies ToCallers);
  const outcome = await turned;
  clearInterval(resources.churn);
  await Promise.all(inFlight);
  const serverLoop = serverProbe.stop();
  const { callReads, callsAsked, callUpdates } = counters;

  await sleep(DRAIN_MS);
  const callUpdatesDelivered = counters.callUpdates;
  const results = fromSubscribers.next("results", PHASE_TIMEOUT_MS);
  tellSubscribers({ type: "finish" });
  const { received, refused } = await results;
  const { failures } = await done;
  return {
    options,
    turns: outcome.turns,
    failures: [...ramp.failures, ...failures],
    received,
    refused,
    callReads,
    callsAsked,
    callUpdates,
    callUpdatesDelivered,
    editsFailed,
    serverLoop,
    problems,
  };
}

function forkChild(resources: Resources, script: string): ChildProcess {
  const child = fork(path.join(REPO, script), [], {
    cwd: REPO,
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  resources.children.push(child);
  return child;
}

function report(results: Results): boolean {
  const { options } = results;
  const firstTokens = results.turns.flatMap((turn) =>
    turn.sentAt !== undefined && turn.firstTokenAt !== undefined ? [turn.firstTokenAt - turn.sentAt] : [],
  );
  const live = results.received.length;
  const delivered = results.received.reduce((sum, n) => sum + n, 0);
  const expected = live * results.callUpdatesDelivered;
  const perEvent = (n: number) => (results.callUpdates ? (n / results.callUpdates).toFixed(2) : "n/a");
  const label = (text: string) => `  ${text.padEnd(50)}`;
  const lines = [
    "",
    `${options.subscriptions} callUpdated subscriptions over ${options.connections} graphql-ws connections; ${options.calls} calls x ${options.turns} turns; ` +
      `${options.eventsPerSecond} edits/s; fake Claude TTFT ${options.ttftMs} ms; PostgreSQL`,
    `${label("subscriptions live / refused:")}${live} / ${options.subscriptions - live}`,
    ...Object.entries(results.refused).map(([message, count]) => `${label("")}${count} x ${message}`),
    `${label("callUpdated events during the turns:")}${results.callUpdates}`,
    `${label("per event, calls read by id (Prisma findUnique):")}${perEvent(results.callsAsked)} (the edit itself reads its call once)`,
    `${label("per event, SQL statements reading them:")}${perEvent(results.callReads)} (Prisma batches the findUniques of one tick)`,
    `${label("events delivered to live subscriptions:")}${expected ? `${((delivered / expected) * 100).toFixed(1)}%` : "n/a"} (${delivered} of ${expected}, ${DRAIN_MS / 1000} s after the turns)`,
    `${label("prompt -> first token, on the caller:")}${formatDistribution(firstTokens)}`,
    `${label("the same minus the fake's TTFT:")}${formatDistribution(firstTokens.map((ms) => ms - options.ttftMs))}`,
    `${label("secretary process during the turns:")}${formatLoop(results.serverLoop)} (with the fake Claude and the edits' client)`,
    "",
    "method: secretary in this process on PostgreSQL (pg.Client's query wrapped to count reads of one call; the pub/sub's dispatchEvent",
    "  to count events); subscriptions and callers in two child processes; callers after 10 unmeasured warm-up calls (bench/callers.ts).",
  ];
  const failures = [...results.failures, ...(results.editsFailed ? [`${results.editsFailed} edits failed`] : [])];
  if (failures.length > 0) lines.push(`failures (${failures.length}):`, ...failures.slice(0, 5).map((f) => `    ${f}`));
  if (results.problems.length > 0)
    lines.push(
      `the secretary logged ${results.problems.length} warnings or errors; first:`,
      ...results.problems.slice(0, 5).map((p) => `    ${p.slice(0, 300)}`),
    );
  console.log(lines.join("\n"));
  return failures.length === 0;
}

async function cleanUp(resources: Resources): Promise<void> {
  clearInterval(resources.churn);
  for (const child of resources.children) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    const exited = once(child, "exit");
    child.kill("SIGTERM");
    await Promise.race([exited, sleep(3000)]);
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
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
process.exit(await runBench({ usage: USAGE, parseOptions, resources: { children: [] }, run: bench, report, cleanUp }));
