// `npm run bench`: how much latency the secretary adds to each conversational turn when many
// calls are up at once. The secretary runs as its own process, exactly as deployed (`src/main.ts`),
// against a fake Claude with a fixed time to first token; simulated callers measure prompt ->
// first spoken token, and the fake's own time to first token is taken off per request. With --wire,
// the same turns are also timed from a packet capture (bench/support/wire-capture.ts).
import { type ChildProcess, fork, spawn } from "node:child_process";
import diagnostics_channel from "node:diagnostics_channel";
import { once } from "node:events";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { type AddressInfo, createServer } from "node:net";
import os, { tmpdir } from "node:os";
import path from "node:path";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { type FakeAnthropic, startFakeAnthropic } from "../test/support/fake-anthropic.js";
import { createScratchDatabase, type ScratchDatabase } from "../test/support/scratch-database.js";
import type { CallerJob, FromCallers, LoopDelay, ToCallers, TurnSample } from "./callers.js";
import { type LoadedBusiness, loadBusiness } from "./support/business.js";
import { BENCH_API_TOKEN, BENCH_TWILIO_AUTH_TOKEN, QUIET_ANALYSIS, REPO } from "./support/fixtures.js";
import {
  cpuMs,
  formatDistribution,
  ms as formatMs,
  machineBusyMs,
  mainThreadSchedMs,
  monotonicMs,
  procStatusKb,
  sleep,
} from "./support/measure.js";
import { integerFlag as int, runBench } from "./support/run-bench.js";
import { type Capture, startCapture, type WireTimings } from "./support/wire-capture.js";

const USAGE = `Usage: npm run bench -- [options]

  --calls N      concurrent calls (default 200)
  --turns N      caller turns per call (default 3)
  --ttft MS      the fake Claude's time to first token (default 300)
  --pause MS     each caller waits a random 0..MS before each turn, as if listening to the reply
                 and then speaking (default 6000; a real turn takes 5-10 s). 0 = every call speaks
                 in lockstep, a burst that measures queueing rather than per-turn overhead
  --timeout S    give up after S seconds (default 300)
  --profile DIR  also write a V8 CPU profile of the secretary (.cpuprofile) into DIR
  --built        run the production build (\`node dist/main.js\`, after \`npm run build\`) instead of
                 \`src/main.ts\` through tsx, whose compiler and source maps take about 120 MB more
  --no-business  leave the business as a new install has it (no hours, no knowledge, no caller
                 rules) instead of setting up 20 KB of knowledge and 100 rules: what they cost
  --wire         also time every turn at the wire: tcpdump on the loopback interface (needs tcpdump
                 and root, or CAP_NET_RAW). Excludes the simulated callers' and fake Claude's own
                 lateness in noticing a message, which the default figures count as the secretary's

With DATABASE_URL set, the secretary uses PostgreSQL: a scratch database is created on that server
and dropped at the end, so the bench never writes into the database the URL names. Without it, the
embedded PGlite in a temporary directory.`;

// 16 tokens as the fake splits it: about one spoken sentence, like a real secretary turn.
const REPLY = "Of course. May I have your name and a good number to call you back?";
// Roughly Claude Haiku's streaming rate.
const TOKEN_DELAY_MS = 15;
const READY_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 10_000;
const REPLY_TIMEOUT_MS = 20_000;
const RAMP_BATCH = 10;
const RAMP_GAP_MS = 50;
const RSS_SAMPLE_MS = 100;
// After the ramp the secretary is still writing call records; turns start once it is idle.
const QUIET_CPU_FRACTION = 0.1;
const QUIET_MAX_WAIT_MS = 15_000;

interface Options {
  calls: number;
  turns: number;
  ttftMs: number;
  pauseMs: number;
  timeoutMs: number;
  profileDir: string | undefined;
  wire: boolean;
  /** Set up a business (hours, 20 KB of knowledge, caller rules) before the calls. */
  business: boolean;
  /** Run dist/main.js, as deployed, rather than src/main.ts through tsx. */
  built: boolean;
}

function parseOptions(): Options | undefined {
  const { values } = parseArgs({
    options: {
      calls: { type: "string", default: "200" },
      turns: { type: "string", default: "3" },
      ttft: { type: "string", default: "300" },
      pause: { type: "string", default: "6000" },
      timeout: { type: "string", default: "300" },
      profile: { type: "string" },
      wire: { type: "boolean", default: false },
      "no-business": { type: "boolean", default: false },
      built: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) return undefined;
  return {
    calls: int("calls", values.calls, 1),
    turns: int("turns", values.turns, 1),
    ttftMs: int("ttft", values.ttft, 0),
    pauseMs: int("pause", values.pause, 0),
    timeoutMs: int("timeout", values.timeout, 1) * 1000,
    profileDir: values.profile === undefined ? undefined : path.resolve(values.profile),
    wire: values.wire,
    business: !values["no-business"],
    built: values.built,
  };
}

/** Everything that must be undone however the run ends. */
interface Resources {
  fake?: FakeAnthropic;
  dataDir?: string;
  database?: ScratchDatabase;
  secretary?: ChildProcess;
  callers?: ChildProcess;
  capture?: Capture;
  rssTimer?: NodeJS.Timeout;
}

/** In monotonicMs(), comparable with the callers' timestamps. */
interface FakeTiming {
  arrivedAt: number;
  firstDeltaAt: number;
  requests: number;
}

/** The write journal's counters, as /readyz reports them. */
interface JournalCounters {
  writesJournaled: number;
  fileWrites: number;
  writeMs: number;
  syncs: number;
  syncMs: number;
}

interface Results {
  options: Options;
  database: string;
  business: LoadedBusiness | undefined;
  /** What the write journal did during the turns. */
  journal: JournalCounters | undefined;
  turns: TurnSample[];
  failures: string[];
  fakeTimings: Map<string, FakeTiming>;
  wire: WireTimings | undefined;
  peakRssKb: number | undefined;
  maxSampledRssKb: number;
  idleRssKb: number | undefined;
  callersLoop: LoopDelay;
  fakeLoop: LoopDelay;
  secretaryCpuMs: number | undefined;
  /** The secretary's event-loop thread during the turns: on a CPU, and runnable but kept waiting for one. */
  secretaryMainThread: { onCpuMs: number; waitingMs: number } | undefined;
  callersCpuMs: number;
  benchCpuMs: number;
  machineBusyMs: number | undefined;
  secretaryLoop: SecretaryProbe | undefined;
  turnPhaseMs: number;
  rampMs: number;
  secretaryLog: OutputTail;
}

async function bench(options: Options, resources: Resources): Promise<Results> {
  const fake = await startFakeAnthropic();
  resources.fake = fake;
  const fakeTimings = timeFakeReplies(fake, options.ttftMs);

  resources.dataDir = mkdtempSync(path.join(tmpdir(), "secretary-bench-"));
  const port = await freePort();
  const postgresServer = process.env.DATABASE_URL?.trim() || undefined;
  if (postgresServer) resources.database = await createScratchDatabase(postgresServer, "secretary_bench");
  const databaseUrl = resources.database?.url;
  const env: NodeJS.ProcessEnv = {
    // Only what the secretary needs, so settings in the caller's shell (OWNER_PHONE, REDIS_URL…) do not change what is measured.
    ...pick(process.env, ["PATH", "HOME", "TMPDIR", "LANG"]),
    PORT: String(port),
    DATA_DIR: resources.dataDir,
    TWILIO_AUTH_TOKEN: BENCH_TWILIO_AUTH_TOKEN,
    API_TOKEN: BENCH_API_TOKEN,
    ANTHROPIC_API_KEY: "bench-anthropic-key",
    ANTHROPIC_BASE_URL: fake.url,
    LOG_LEVEL: "warn",
    ...(databaseUrl && { DATABASE_URL: databaseUrl }),
  };
  const profiling = options.profileDir ? ["--cpu-prof", "--cpu-prof-dir", options.profileDir] : [];
  const probeFile = path.join(resources.dataDir, "event-loop.json");
  const secretary = spawn(
    process.execPath,
    [
      ...profiling,
      ...(options.built ? [] : ["--import", "tsx"]),
      "--import",
      eventLoopProbe(probeFile),
      options.built ? "dist/main.js" : "src/main.ts",
    ],
    { cwd: REPO, env, stdio: ["ignore", "pipe", "pipe"] },
  );
  resources.secretary = secretary;
  const secretaryLog = new OutputTail(secretary);
  const serverUrl = `http://127.0.0.1:${port}`;
  const readiness = await waitUntilReady(serverUrl, secretary, secretaryLog);
  const business = options.business ? await loadBusiness(serverUrl, BENCH_API_TOKEN) : undefined;
  const pid = secretary.pid;
  if (pid === undefined) throw new Error("the secretary has no pid");
  const database =
    readiness.database === "postgres"
      ? "PostgreSQL (a scratch database on DATABASE_URL's server)"
      : readiness.database === "pglite"
        ? "embedded PGlite"
        : String(readiness.database);

  const idleRssKb = procStatusKb(pid, "VmRSS");
  let maxSampledRssKb = idleRssKb ?? 0;
  resources.rssTimer = setInterval(() => {
    maxSampledRssKb = Math.max(maxSampledRssKb, procStatusKb(pid, "VmRSS") ?? 0);
  }, RSS_SAMPLE_MS);

  const callers = fork(path.join(REPO, "bench", "callers.ts"), [], {
    cwd: REPO,
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  resources.callers = callers;
  const job: CallerJob = {
    type: "job",
    serverUrl,
    // The secretary signs against http://localhost:PORT when PUBLIC_URL is unset; we still connect to 127.0.0.1.
    publicUrl: `http://localhost:${port}`,
    authToken: BENCH_TWILIO_AUTH_TOKEN,
    calls: options.calls,
    turns: options.turns,
    rampBatch: RAMP_BATCH,
    rampGapMs: RAMP_GAP_MS,
    pauseMs: options.pauseMs,
    replyTimeoutMs: REPLY_TIMEOUT_MS,
    expectedReply: REPLY,
  };
  const ramped = nextMessage(callers, "ramped", secretary);
  callers.send(job satisfies ToCallers);
  const ramp = await ramped;
  process.stderr.write(
    `${ramp.placed} calls up in ${(ramp.ms / 1000).toFixed(1)} s; waiting for the secretary to go idle\n`,
  );
  await waitForQuiet(pid, secretary);
  if (options.wire)
    resources.capture = await startCapture(path.join(resources.dataDir, "turns.pcap"), {
      secretary: port,
      claude: Number(new URL(fake.url).port),
    });

  const journalBefore = await journalCounters(serverUrl);
  const fakeLoop = monitorEventLoopDelay({ resolution: 1 });
  fakeLoop.enable();
  const cpuBefore = cpuMs(pid);
  const schedBefore = mainThreadSchedMs(pid);
  const benchCpuBefore = process.cpuUsage();
  const machineBefore = machineBusyMs();
  secretary.kill("SIGUSR2");
  const turnsFrom = process.hrtime.bigint();
  const turned = nextMessage(callers, "turned", secretary);
  // Listened for now: with few calls, the hang-ups can be over before the turns are tallied.
  const hungUp = nextMessage(callers, "done", secretary);
  hungUp.catch(() => undefined);
  callers.send({ type: "go" } satisfies ToCallers);
  const outcome = await turned;
  const cpuAfter = cpuMs(pid);
  const schedAfter = mainThreadSchedMs(pid);
  secretary.kill("SIGUSR2");
  const benchCpu = process.cpuUsage(benchCpuBefore);
  const machineAfter = machineBusyMs();
  // V8 profiles are stamped with CLOCK_MONOTONIC µs, as is hrtime: this window selects the turns.
  if (options.profileDir)
    process.stderr.write(`turn phase, CLOCK_MONOTONIC µs: ${turnsFrom / 1000n}..${process.hrtime.bigint() / 1000n}\n`);
  fakeLoop.disable();
  const journalAfter = await journalCounters(serverUrl);
  await resources.capture?.stop();
  const secretaryLoop = await readProbe(probeFile);
  const { failures } = await hungUp;

  clearInterval(resources.rssTimer);
  maxSampledRssKb = Math.max(maxSampledRssKb, procStatusKb(pid, "VmRSS") ?? 0);
  const peakRssKb = procStatusKb(pid, "VmHWM");
  if (secretary.exitCode !== null || secretary.signalCode !== null)
    throw new Error(`the secretary exited during the run\n${secretaryLog.text()}`);

  const ms = (ns: number) => ns / 1e6;
  return {
    options,
    database,
    business,
    journal:
      journalBefore && journalAfter
        ? {
            writesJournaled: journalAfter.writesJournaled - journalBefore.writesJournaled,
            fileWrites: journalAfter.fileWrites - journalBefore.fileWrites,
            writeMs: journalAfter.writeMs - journalBefore.writeMs,
            syncs: journalAfter.syncs - journalBefore.syncs,
            syncMs: journalAfter.syncMs - journalBefore.syncMs,
          }
        : undefined,
    turns: outcome.turns,
    failures,
    fakeTimings,
    wire: resources.capture?.timings(),
    peakRssKb,
    maxSampledRssKb,
    idleRssKb,
    callersLoop: outcome.loopDelay,
    fakeLoop: { p50: ms(fakeLoop.percentile(50)), p99: ms(fakeLoop.percentile(99)), max: ms(fakeLoop.max) },
    secretaryCpuMs: cpuBefore !== undefined && cpuAfter !== undefined ? cpuAfter - cpuBefore : undefined,
    secretaryMainThread:
      schedBefore && schedAfter
        ? { onCpuMs: schedAfter.onCpuMs - schedBefore.onCpuMs, waitingMs: schedAfter.waitingMs - schedBefore.waitingMs }
        : undefined,
    callersCpuMs: outcome.cpuMs,
    benchCpuMs: (benchCpu.user + benchCpu.system) / 1000,
    machineBusyMs: machineBefore !== undefined && machineAfter !== undefined ? machineAfter - machineBefore : undefined,
    secretaryLoop,
    turnPhaseMs: outcome.turnPhaseMs,
    rampMs: ramp.ms,
    secretaryLog,
  };
}

/**
 * Answers every streamed request with REPLY after `ttftMs`, and records, per caller prompt, when
 * the request reached the fake and when its first text delta was written. That interval (the
 * fake's real TTFT, including its own timer lateness) is what gets subtracted, not the nominal one.
 */
function timeFakeReplies(fake: FakeAnthropic, ttftMs: number): Map<string, FakeTiming> {
  const timings = new Map<string, FakeTiming>();
  // The fake calls the responder and writes `message_start` in the same tick, so the next
  // response to write anything is the one this prompt belongs to.
  let promptOfNextStream: string | undefined;
  fake.respondWith((body) => {
    // Post-call analyses (not streamed, not measured): a valid analysis keeps the secretary's worker quiet.
    if (body.stream !== true) return QUIET_ANALYSIS;
    const last = body.messages.at(-1);
    promptOfNextStream = last?.role === "user" && typeof last.content === "string" ? last.content : undefined;
    return { text: REPLY, ttftMs, tokenDelayMs: TOKEN_DELAY_MS };
  });
  // The fake's HTTP server is internal to it; its requests are observed through Node's HTTP
  // diagnostics channel instead (the only HTTP server in this process is the fake).
  diagnostics_channel.subscribe("http.server.request.start", (message) => {
    const { request, response } = message as { request: IncomingMessage; response: ServerResponse };
    if (request.method !== "POST" || !request.url?.startsWith("/v1/messages")) return;
    const arrivedAt = monotonicMs();
    let bound = false;
    let prompt: string | undefined;
    let timed = false;
    const write = response.write;
    response.write = function (this: ServerResponse, ...args: unknown[]) {
      if (!bound) {
        bound = true;
        prompt = promptOfNextStream;
        promptOfNextStream = undefined;
      }
      const [chunk] = args;
      if (
        !timed &&
        prompt !== undefined &&
        typeof chunk === "string" &&
        chunk.startsWith("event: content_block_delta")
      ) {
        timed = true;
        const previous = timings.get(prompt);
        timings.set(prompt, { arrivedAt, firstDeltaAt: monotonicMs(), requests: (previous?.requests ?? 0) + 1 });
      }
      return (write as (...a: unknown[]) => boolean).apply(this, args);
    } as ServerResponse["write"];
  });
  return timings;
}

const OVERHEAD_HEADING = "server overhead (prompt in -> first token out, minus Claude TTFT): ";

function report(results: Results): void {
  const { options } = results;
  const overheads: number[] = [];
  const clientTimes: number[] = [];
  const fakeTtfts: number[] = [];
  const inbound: number[] = [];
  const outbound: number[] = [];
  const overheadsByTurn = new Map<number, number[]>();
  let unpaired = 0;
  let retried = 0;
  for (const turn of results.turns) {
    if (turn.sentAt === undefined || turn.firstTokenAt === undefined) continue;
    const clientMs = turn.firstTokenAt - turn.sentAt;
    const fake = results.fakeTimings.get(turn.prompt);
    let fakeTtft = options.ttftMs;
    if (fake) {
      fakeTtft = fake.firstDeltaAt - fake.arrivedAt;
      fakeTtfts.push(fakeTtft);
      inbound.push(fake.arrivedAt - turn.sentAt);
      outbound.push(turn.firstTokenAt - fake.firstDeltaAt);
      if (fake.requests > 1) retried++;
    } else {
      // Should not happen; the configured TTFT is the fallback.
      unpaired++;
    }
    clientTimes.push(clientMs);
    overheads.push(clientMs - fakeTtft);
    const list = overheadsByTurn.get(turn.turn) ?? [];
    list.push(clientMs - fakeTtft);
    overheadsByTurn.set(turn.turn, list);
  }
  const wire = results.wire && wireOverheads(results.turns, results.wire);
  const failedTurns = results.turns.filter((t) => t.error !== undefined).length;
  const failures = results.failures.length;
  const totalTurns = options.calls * options.turns;
  const mb = (kb: number | undefined) => (kb === undefined ? "n/a" : `${Math.round(kb / 1024)} MB`);
  const f = formatMs;
  const dist = (xs: number[]) => formatDistribution(xs, { count: false });
  const label = (text: string) => `  ${text.padEnd(44)}`;
  const cpu = results.secretaryCpuMs;
  const othersMs =
    results.machineBusyMs === undefined || cpu === undefined
      ? undefined
      : Math.max(0, results.machineBusyMs - cpu - results.callersCpuMs - results.benchCpuMs);
  const pct = (cpuMs: number | undefined) =>
    cpuMs === undefined ? "n/a" : `${Math.round((cpuMs / results.turnPhaseMs) * 100)}%`;

  const lines = [
    "",
    `calls: ${options.calls} concurrent, ${options.turns} turns each (${totalTurns} turns), fake Claude TTFT ${options.ttftMs} ms, database: ${results.database}${options.built ? ", the production build" : ""}`,
    `${OVERHEAD_HEADING}${dist(overheads)}`,
    ...(wire ? [`${"the same, timed at the wire:".padEnd(OVERHEAD_HEADING.length)}${dist(wire.overheads)}`] : []),
    `peak RSS of the secretary: ${mb(results.peakRssKb)}`,
    results.business
      ? `the business, set up through the API: opening hours, ${results.business.knowledgeEntries} knowledge entries (${(results.business.knowledgeCharacters / 1000).toFixed(1)} KB, all in the prompt), ${results.business.callerRules} caller rules`
      : "the business: as a new install has it (--no-business)",
    `failures: ${failures}${failures ? ` (${failedTurns} of ${totalTurns} turns failed or were skipped)` : ""}`,
    "",
    `method: callers in their own process (after ${Math.min(10, options.calls)} unmeasured warm-up calls), ${overheads.length} turns timed there; Claude TTFT subtracted as measured by the fake for each request ` +
      `(request arrival -> first text delta written)${unpaired ? `, the configured TTFT for ${unpaired} turns it could not pair` : ""}; ` +
      `each caller waits a random 0-${options.pauseMs} ms before each turn; reply of 16 tokens at ${TOKEN_DELAY_MS} ms/token`,
    `${label("prompt -> first token, on the caller:")}${dist(clientTimes)}`,
    `${label("fake Claude's own TTFT:")}${dist(fakeTtfts)}`,
    `${label("prompt sent -> request reaches Claude:")}${dist(inbound)}`,
    `${label("first delta written -> token at the caller:")}${dist(outbound)}`,
    ...(wire && results.wire
      ? [
          `  at the wire: tcpdump on lo, ${results.wire.packets} packets; ${wire.overheads.length} of ${overheads.length} turns decoded` +
            `${results.wire.droppedByKernel ? `, ${results.wire.droppedByKernel} packets dropped by the kernel` : ""}${results.wire.brokenStreams ? `, ${results.wire.brokenStreams} connections with a gap` : ""}`,
          `${label("prompt frame in -> request to Claude out:")}${dist(wire.inbound)}`,
          `${label("Claude's first delta in -> token frame out:")}${dist(wire.outbound)}`,
          `${label("fake Claude's TTFT at the wire:")}${dist(wire.claude)}`,
        ]
      : []),
    ...[...overheadsByTurn.entries()]
      .sort(([a], [b]) => a - b)
      .map(([turn, xs]) => `${label(`overhead of turn ${turn}:`)}${dist(xs)}`),
    `${label("event-loop delay p99 / max:")}secretary ${f(results.secretaryLoop?.p99)} / ${f(results.secretaryLoop?.max)}, callers ${f(results.callersLoop.p99)} / ${f(results.callersLoop.max)}, fake Claude ${f(results.fakeLoop.p99)} / ${f(results.fakeLoop.max)}`,
    `${label("secretary event loop busy during the turns:")}${results.secretaryLoop ? `${Math.round(results.secretaryLoop.utilization * 100)}%` : "n/a"}`,
    `${label("secretary GC pauses during the turns:")}${gcLine(results.secretaryLoop?.gc)}`,
    `${label("secretary's event-loop thread, the turns:")}${schedLine(results.secretaryMainThread)}`,
    `${label("CPU during the turns (100% = one core):")}secretary ${pct(cpu)}${cpu === undefined ? "" : ` (${(cpu / Math.max(1, overheads.length)).toFixed(1)} ms per turn)`}, callers ${pct(results.callersCpuMs)}, bench + fake Claude ${pct(results.benchCpuMs)}, anything else on the machine ${pct(othersMs)}; ${os.availableParallelism()} cores, turns took ${(results.turnPhaseMs / 1000).toFixed(1)} s`,
    ...(othersMs !== undefined && othersMs / results.turnPhaseMs > 0.2
      ? [
          `  note: other processes used ${pct(othersMs)} of a core while the turns ran; the numbers are not from a quiet machine`,
        ]
      : []),
    `${label("write journal during the turns:")}${journalLine(results.journal, overheads.length)}`,
    `${label("secretary RSS:")}idle after start ${mb(results.idleRssKb)}, max sampled every ${RSS_SAMPLE_MS} ms ${mb(results.maxSampledRssKb)}, VmHWM ${mb(results.peakRssKb)}`,
    `${label("ramp-up:")}${(results.rampMs / 1000).toFixed(1)} s in batches of ${RAMP_BATCH}`,
    ...(results.secretaryLoop && results.secretaryLoop.utilization > 0.8
      ? [
          `  note: the secretary's event loop was busy ${Math.round(results.secretaryLoop.utilization * 100)}% of the time: the overhead is mostly queueing behind other calls; a larger --pause measures per-turn cost`,
        ]
      : []),
    ...(retried ? [`  ${retried} turns needed more than one Claude request (the secretary retried)`] : []),
    ...(results.secretaryLog.problemCount
      ? [
          `  the secretary logged ${results.secretaryLog.problemCount} warnings or errors; last:`,
          ...results.secretaryLog.problems.map((l) => `    ${l.slice(0, 300)}`),
        ]
      : []),
  ];
  if (failures) lines.push("  first failures:", ...results.failures.slice(0, 10).map((failure) => `    ${failure}`));
  console.log(lines.join("\n"));
}

/** Per turn: (request out - prompt in) + (token out - first delta in), all four stamped by the kernel. */
function wireOverheads(
  samples: TurnSample[],
  wire: WireTimings,
): { overheads: number[]; inbound: number[]; outbound: number[]; claude: number[] } {
  const result = {
    overheads: [] as number[],
    inbound: [] as number[],
    outbound: [] as number[],
    claude: [] as number[],
  };
  for (const sample of samples) {
    if (sample.firstTokenAt === undefined) continue;
    const turn = wire.turns.get(sample.prompt);
    if (
      turn?.promptAt === undefined ||
      turn.requestAt === undefined ||
      turn.firstDeltaAt === undefined ||
      turn.firstTokenAt === undefined
    )
      continue;
    const inbound = turn.requestAt - turn.promptAt;
    const outbound = turn.firstTokenAt - turn.firstDeltaAt;
    result.inbound.push(inbound);
    result.outbound.push(outbound);
    result.claude.push(turn.firstDeltaAt - turn.requestAt);
    result.overheads.push(inbound + outbound);
  }
  return result;
}

/**
 * What the secretary printed: its last lines, to show when it fails to start or dies, and its
 * warnings and errors (pino JSON lines), which are worth reporting. Anything else it prints, such
 * as a start-up banner with a locally generated token, is not repeated in the results.
 */
class OutputTail {
  readonly lines: string[] = [];
  readonly problems: string[] = [];
  problemCount = 0;
  private partial = "";

  constructor(child: ChildProcess) {
    const take = (data: Buffer) => {
      const text = this.partial + data.toString("utf8");
      const lines = text.split("\n");
      this.partial = lines.pop() ?? "";
      for (const line of lines) {
        if (!line.trim()) continue;
        this.lines.push(line);
        if (this.lines.length > 50) this.lines.shift();
        if (pinoLevel(line) >= 40) {
          this.problemCount++;
          this.problems.push(line);
          if (this.problems.length > 5) this.problems.shift();
        }
      }
    };
    child.stdout?.on("data", take);
    child.stderr?.on("data", take);
  }

  text(): string {
    return [...this.lines, this.partial].filter(Boolean).slice(-20).join("\n");
  }
}

function pinoLevel(line: string): number {
  if (!line.startsWith("{")) return 0;
  try {
    const level: unknown = (JSON.parse(line) as { level?: unknown }).level;
    return typeof level === "number" ? level : 0;
  } catch {
    return 0;
  }
}

function journalLine(journal: JournalCounters | undefined, turns: number): string {
  if (!journal || turns === 0) return "n/a";
  const perTurn = (value: number) => (value / turns).toFixed(2);
  const perSync = journal.syncs > 0 ? (journal.syncMs / journal.syncs).toFixed(2) : "n/a";
  const writeUs = journal.fileWrites > 0 ? ((journal.writeMs * 1000) / journal.fileWrites).toFixed(0) : "n/a";
  return `${perTurn(journal.writesJournaled)} appends per turn in ${perTurn(journal.fileWrites)} write(2)s (${writeUs} µs each, on the event loop, after the turn's work) and ${perTurn(journal.syncs)} fdatasyncs (${perSync} ms each, on the thread pool)`;
}

function schedLine(thread: Results["secretaryMainThread"]): string {
  if (!thread) return "n/a";
  const share =
    thread.onCpuMs > 0 ? ` (${Math.round((thread.waitingMs / thread.onCpuMs) * 100)}% of its time on a CPU)` : "";
  return `${thread.onCpuMs.toFixed(0)} ms on a CPU, ${thread.waitingMs.toFixed(0)} ms ready to run but waiting for one${share}`;
}

function gcLine(gc: SecretaryProbe["gc"] | undefined): string {
  if (!gc) return "n/a";
  return `${gc.count} pauses, ${gc.totalMs.toFixed(0)} ms in all, ${gc.over2Ms} over 2 ms, longest ${gc.maxMs.toFixed(1)} ms`;
}

/**
 * Preloaded into the secretary (a data: URL, so src/ stays untouched): the first SIGUSR2 starts
 * measuring its event loop, the second writes delay percentiles, utilisation and garbage-collection
 * pauses to `outFile`. That is the server's own view of how long work waited for its main thread.
 */
function eventLoopProbe(outFile: string): string {
  const source = `
    import { monitorEventLoopDelay, performance, PerformanceObserver } from "node:perf_hooks";
    import { writeFileSync } from "node:fs";
    const delay = monitorEventLoopDelay({ resolution: 2 });
    let since;
    let gcPauses = [];
    new PerformanceObserver((list) => {
      if (since) for (const entry of list.getEntries()) gcPauses.push(entry.duration);
    }).observe({ entryTypes: ["gc"] });
    process.on("SIGUSR2", () => {
      if (!since) {
        delay.reset();
        delay.enable();
        gcPauses = [];
        since = performance.eventLoopUtilization();
        return;
      }
      delay.disable();
      const ms = (ns) => ns / 1e6;
      gcPauses.sort((a, b) => a - b);
      writeFileSync(${JSON.stringify(outFile)}, JSON.stringify({
        p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max),
        utilization: performance.eventLoopUtilization(since).utilization,
        gc: { count: gcPauses.length, totalMs: gcPauses.reduce((a, b) => a + b, 0), over2Ms: gcPauses.filter((d) => d > 2).length, maxMs: gcPauses.at(-1) ?? 0 },
      }));
      since = undefined;
    });`;
  return `data:text/javascript,${encodeURIComponent(source)}`;
}

/** What the secretary measured of itself during the turns. */
interface SecretaryProbe extends LoopDelay {
  utilization: number;
  /** Garbage-collection pauses on its main thread. */
  gc: { count: number; totalMs: number; over2Ms: number; maxMs: number };
}

async function readProbe(file: string): Promise<SecretaryProbe | undefined> {
  for (let attempt = 0; attempt < 40; attempt++) {
    try {
      return JSON.parse(readFileSync(file, "utf8")) as SecretaryProbe;
    } catch {
      await sleep(50);
    }
  }
  return undefined;
}

async function journalCounters(serverUrl: string): Promise<JournalCounters | undefined> {
  try {
    const response = await fetch(`${serverUrl}/readyz`, { signal: AbortSignal.timeout(2000) });
    return ((await response.json()) as { journal?: JournalCounters }).journal;
  } catch {
    return undefined;
  }
}

async function waitUntilReady(serverUrl: string, child: ChildProcess, log: OutputTail): Promise<{ database?: string }> {
  const started = performance.now();
  let exited = false;
  child.once("exit", () => (exited = true));
  while (performance.now() - started < READY_TIMEOUT_MS) {
    if (exited || child.exitCode !== null)
      throw new Error(`the secretary exited before it was ready (code ${child.exitCode}):\n${log.text()}`);
    try {
      const response = await fetch(`${serverUrl}/readyz`, { signal: AbortSignal.timeout(2000) });
      if (response.status === 200) return (await response.json()) as { database?: string };
      await response.body?.cancel();
    } catch {
      // Not listening yet.
    }
    await sleep(100);
  }
  throw new Error(`the secretary was not ready within ${READY_TIMEOUT_MS / 1000} s:\n${log.text()}`);
}

/** Resolves when the secretary has used under QUIET_CPU_FRACTION of a core for 300 ms. */
async function waitForQuiet(pid: number, child: ChildProcess): Promise<void> {
  const started = performance.now();
  let previous = cpuMs(pid);
  let quietSamples = 0;
  while (performance.now() - started < QUIET_MAX_WAIT_MS && quietSamples < 3) {
    await sleep(100);
    if (child.exitCode !== null) return;
    const now = cpuMs(pid);
    if (now === undefined || previous === undefined) return;
    quietSamples = now - previous < 100 * QUIET_CPU_FRACTION ? quietSamples + 1 : 0;
    previous = now;
  }
}

function nextMessage<T extends FromCallers["type"]>(
  callers: ChildProcess,
  type: T,
  secretary: ChildProcess,
): Promise<Extract<FromCallers, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: FromCallers) => {
      if (message.type !== type) return;
      cleanup();
      resolve(message as Extract<FromCallers, { type: T }>);
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`the simulated callers exited (code ${code}) before reporting "${type}"`));
    };
    const onSecretaryExit = (code: number | null, signal: string | null) => {
      cleanup();
      reject(new Error(`the secretary exited mid-run (code ${code}, signal ${signal})`));
    };
    const cleanup = () => {
      callers.off("message", onMessage);
      callers.off("exit", onExit);
      secretary.off("exit", onSecretaryExit);
    };
    callers.on("message", onMessage);
    callers.once("exit", onExit);
    secretary.once("exit", onSecretaryExit);
  });
}

async function cleanUp(resources: Resources): Promise<void> {
  clearInterval(resources.rssTimer);
  await resources.capture?.stop();
  if (resources.callers) await stopProcess(resources.callers, 2000);
  if (resources.secretary) {
    const how = await stopProcess(resources.secretary, STOP_GRACE_MS);
    if (how === "killed")
      console.error(`note: the secretary did not stop within ${STOP_GRACE_MS / 1000} s of SIGTERM and was killed`);
  }
  await resources.fake?.close().catch(() => undefined);
  if (resources.dataDir) rmSync(resources.dataDir, { recursive: true, force: true });
  await resources.database
    ?.drop()
    .catch((error: unknown) => console.error(`could not drop ${resources.database?.name}: ${String(error)}`));
}

async function stopProcess(child: ChildProcess, graceMs: number): Promise<"exited" | "stopped" | "killed"> {
  if (child.exitCode !== null || child.signalCode !== null) return "exited";
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  const inTime = await Promise.race([exited.then(() => true), sleep(graceMs).then(() => false)]);
  if (inTime) return "stopped";
  child.kill("SIGKILL");
  await exited;
  return "killed";
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function pick(env: NodeJS.ProcessEnv, names: string[]): NodeJS.ProcessEnv {
  return Object.fromEntries(names.flatMap((name) => (env[name] === undefined ? [] : [[name, env[name]]])));
}

process.exit(
  await runBench({
    usage: USAGE,
    parseOptions,
    resources: {},
    run: bench,
    report: (results: Results) => {
      report(results);
      return results.failures.length === 0;
    },
    cleanUp,
  }),
);
