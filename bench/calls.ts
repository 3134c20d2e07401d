// `npm run bench:calls`: how much latency the secretary adds to each conversational turn when many
// calls are up at once. The secretary runs as its own process, exactly as deployed (`src/main.ts`),
// against a fake Claude with a fixed time to first token; simulated callers measure prompt ->
// first spoken token, and the fake's own time to first token is taken off per request. With --wire,
// the same turns are also timed from a packet capture (bench/support/wire-capture.ts). The same
// load can be put on a bare relay (bench/support/bare-relay.ts), the floor any relay pays, and the
// two compared in alternating runs (--pairs, --sweep: bench/support/floor-comparison.ts).
import { type ChildProcess, fork } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os, { tmpdir } from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { type FakeAnthropic, startFakeAnthropic } from "../test/support/fake-anthropic.js";
import { createScratchDatabase, type ScratchDatabase } from "../test/support/scratch-database.js";
import type { CallerJob, FailureCause, FromCallers, LoopDelay, Silences, ToCallers, TurnSample } from "./callers.js";
import { type LoadedBusiness, loadBusiness, setSilenceReprompt } from "./support/business.js";
import {
  findCpuProfile,
  formatProfileSummary,
  type ProfileSummary,
  summariseCpuProfile,
} from "./support/cpu-profile-summary.js";
import { type FakeTiming, timeFakeReplies } from "./support/fake-claude-timings.js";
import { BENCH_API_TOKEN, BENCH_METRICS_TOKEN, BENCH_TWILIO_AUTH_TOKEN, REPO } from "./support/fixtures.js";
import {
  type ComparisonPlan,
  compareWithFloor,
  type Pair,
  type RunSummary,
  reportComparison,
} from "./support/floor-comparison.js";
import {
  formatHeapProfileSummary,
  type HeapProfileSummary,
  summariseHeapProfile,
} from "./support/heap-profile-summary.js";
import { type HeapSampler, startHeapSampling } from "./support/heap-sampler.js";
import {
  cpuMs,
  formatDistribution,
  ms as formatMs,
  machineBusyMs,
  mainThreadSchedMs,
  procStatusKb,
  summarize,
} from "./support/measure.js";
import { integerFlag as int, runBench, UsageError } from "./support/run-bench.js";
import {
  checkOpenFilesLimit,
  freePort,
  type OutputTail,
  pick,
  readProbe,
  type ServerKind,
  type ServerProbe,
  type ServerProcess,
  startServer,
  stopProcess,
  waitForQuiet,
} from "./support/server-process.js";
import { type Capture, startCapture, type WireTimings } from "./support/wire-capture.js";

// The capacity curve of issue 17: its goal is 1,000 calls.
const DEFAULT_SWEEP = "200,400,600,800,1000,1200";

// The silence watch's wait (idleRepromptSeconds) on the bench: the most the setting allows. Every
// call is placed, and the server left to go idle, before any measured turn, so that each turn is
// measured with all the calls up; until then the callers say nothing, and after their own turns
// they wait for the others' before hanging up. With the 8 s a new install has, a caller placed
// early in a ramp of 1,200 calls was asked "Are you still there?" before its first turn, and callers
// done early were re-prompted, then told goodbye, while the others' turns were measured: failed
// turns and hang-ups, and the re-prompts' work in the measurement, that no caller of the modelled
// load (speaking 0-6 s after each reply) causes. Waiting longer changes nothing a measured turn
// does: the watch still runs for every call, paused and restarted on each turn; only its one
// timer fires less often while a caller waits. Keeping the callers talking instead would put
// turns on the server while the bench waits for it to go idle, and ConversationRelay has no
// keepalive a caller can send (a key press is a turn once the keypad entry times out).
const SILENCE_REPROMPT_SECONDS = 60;
// A ramp slower than that allows for (a loaded machine, more calls) is met by the callers: one
// who has waited two thirds of it in silence says an unmeasured line (bench/callers.ts).
const stillHereAfterMs = (options: { repromptSeconds: number }) => Math.round((options.repromptSeconds * 1000 * 2) / 3);

const USAGE = `Usage: npm run bench:calls -- [options]

  --calls N      concurrent calls (default 200)
  --turns N      caller turns per call (default 3)
  --ttft MS      the fake Claude's time to first token (default 300)
  --pause MS     each caller waits a random 0..MS before each turn, as if listening to the reply
                 and then speaking (default 6000; a real turn takes 5-10 s). 0 = every call speaks
                 in lockstep, a burst that measures queueing rather than per-turn overhead
  --timeout S    give up after S seconds per run (default 300)
  --profile DIR  also write a V8 CPU profile of the server (.cpuprofile) into DIR, and print where
                 its main thread spent the turns: self time by package or file, and the top functions
  --heap-profile DIR
                 also sample what the server allocates during the turns, including what the garbage
                 collector freed (through its inspector, --inspect on a free loopback port), write
                 the profile (.heapprofile) into DIR, and print the KB allocated per turn: in all,
                 by package or file, and the top functions by self allocation
  --built        run the production build (\`node dist/main.js\`, after \`npm run build\`) instead of
                 \`src/main.ts\` through tsx, whose compiler and source maps take about 120 MB more
  --no-business  leave the business as a new install has it (no hours, no knowledge, no caller
                 rules) instead of setting up 20 KB of knowledge and 100 rules: what they cost
                 (the silence re-prompt is still set, --reprompt)
  --reprompt S   the secretary's idleRepromptSeconds for the run: how long a caller may say nothing
                 before "Are you still there?" (default ${SILENCE_REPROMPT_SECONDS}, the most it allows; a new install has 8).
                 The callers wait in silence for the other calls to be placed and to finish their
                 turns, longer than a real caller ever does: a bench condition, printed with the
                 results. A caller kept waiting two thirds of it says an unmeasured line (either server)
  --node-flags="FLAGS"
                 given to node before the server's entry point (either server), space-separated
                 (with the =, since they start with dashes): --node-flags="--trace-gc", …
  --server-output FILE
                 append everything the server prints to FILE (--trace-gc's lines, say); otherwise
                 only its warnings and errors are shown
  --wire         also time every turn at the wire: tcpdump on the loopback interface (needs tcpdump
                 and root, or CAP_NET_RAW). Excludes the simulated callers' and fake Claude's own
                 lateness in noticing a message, which the default figures count as the secretary's

The floor, and the secretary against it:
  --server S     project (default): the secretary, src/main.ts; floor: a bare relay
                 (bench/support/bare-relay.ts: node:http + ws, one streaming request to Claude per
                 prompt, each delta forwarded as a token; no database, no SDK, no logging)
  --pairs N      N alternating pairs of runs, project and floor (project first, then floor first,
                 and so on), each a fresh process and database; prints the project/floor ratios of
                 p50, p99 and CPU per turn for each pair and their range at the end
  --sweep LIST   a capacity curve: at each number of calls in LIST (default
                 ${DEFAULT_SWEEP}), the same alternating pairs (one per level unless
                 --pairs), then a table of both servers' p50/p99, CPU per turn and failed turns,
                 marking the largest level where the project failed no turn within 1.5x the
                 floor's p99 and 2x its p50

With DATABASE_URL set, the secretary uses PostgreSQL: a scratch database is created on that server
for each run and dropped at its end, so the bench never writes into the database the URL names.
Without it, the embedded PGlite in a temporary directory.`;

// 16 tokens as the fake splits it: about one spoken sentence, like a real secretary turn.
const REPLY = "Of course. May I have your name and a good number to call you back?";
// Roughly Claude Haiku's streaming rate.
const TOKEN_DELAY_MS = 15;
const STOP_GRACE_MS = 10_000;
const REPLY_TIMEOUT_MS = 20_000;
const RAMP_BATCH = 10;
const RAMP_GAP_MS = 50;
const RSS_SAMPLE_MS = 100;
// Functions listed from a profile: all of them for one run, the busiest for each run of a comparison.
const PROFILE_TOP = 25;
const PROFILE_TOP_IN_COMPARISON = 10;

interface Options {
  calls: number;
  turns: number;
  ttftMs: number;
  pauseMs: number;
  /** For the whole invocation: --timeout per run, times the runs. */
  timeoutMs: number;
  profileDir: string | undefined;
  heapProfileDir: string | undefined;
  wire: boolean;
  /** Set up a business (hours, 20 KB of knowledge, caller rules) before the calls. */
  business: boolean;
  /** The secretary's idleRepromptSeconds for the run. */
  repromptSeconds: number;
  server: ServerKind;
  /** Alternating project/floor pairs (per level with --sweep); undefined for a single run. */
  pairs: number | undefined;
  /** The levels of --sweep. */
  sweep: number[] | undefined;
  /** Run dist/main.js, as deployed, rather than src/main.ts through tsx. */
  built: boolean;
  /** Given to node before the server's entry point. */
  nodeFlags: string[];
  serverOutput: string | undefined;
}

function parseOptions(): Options | undefined {
  const args = process.argv.slice(2);
  // `--sweep` on its own takes the default levels (parseArgs has no optional values).
  const sweepAt = args.indexOf("--sweep");
  if (sweepAt >= 0 && (args[sweepAt + 1] === undefined || args[sweepAt + 1]?.startsWith("--")))
    args.splice(sweepAt + 1, 0, DEFAULT_SWEEP);
  const { values } = parseArgs({
    args,
    options: {
      calls: { type: "string" },
      turns: { type: "string", default: "3" },
      ttft: { type: "string", default: "300" },
      pause: { type: "string", default: "6000" },
      timeout: { type: "string", default: "300" },
      profile: { type: "string" },
      "heap-profile": { type: "string" },
      wire: { type: "boolean", default: false },
      "no-business": { type: "boolean", default: false },
      reprompt: { type: "string", default: String(SILENCE_REPROMPT_SECONDS) },
      server: { type: "string" },
      pairs: { type: "string" },
      sweep: { type: "string" },
      built: { type: "boolean", default: false },
      "node-flags": { type: "string", default: "" },
      "server-output": { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) return undefined;
  if (values.server !== undefined && values.server !== "project" && values.server !== "floor")
    throw new UsageError(`--server is project or floor, got ${JSON.stringify(values.server)}`);
  const pairs = values.pairs === undefined ? undefined : int("pairs", values.pairs, 1);
  const sweep = values.sweep?.split(",").map((level) => int("sweep", level.trim(), 1));
  if (values.server !== undefined && (pairs !== undefined || sweep !== undefined))
    throw new UsageError("--pairs and --sweep run both servers: leave --server out");
  if (sweep !== undefined && values.calls !== undefined)
    throw new UsageError("--sweep gives the numbers of calls: leave --calls out");
  const runs = sweep ? sweep.length * 2 * (pairs ?? 1) : pairs ? 2 * pairs : 1;
  const repromptSeconds = int("reprompt", values.reprompt, 3);
  if (repromptSeconds > 60)
    throw new UsageError(`--reprompt is 3 to 60 seconds, as the setting is; got ${repromptSeconds}`);
  return {
    calls: int("calls", values.calls ?? "200", 1),
    turns: int("turns", values.turns, 1),
    ttftMs: int("ttft", values.ttft, 0),
    pauseMs: int("pause", values.pause, 0),
    timeoutMs: int("timeout", values.timeout, 1) * 1000 * runs,
    profileDir: values.profile === undefined ? undefined : path.resolve(values.profile),
    heapProfileDir: values["heap-profile"] === undefined ? undefined : path.resolve(values["heap-profile"]),
    wire: values.wire,
    business: !values["no-business"],
    repromptSeconds,
    server: values.server ?? "project",
    pairs,
    sweep,
    built: values.built,
    nodeFlags: values["node-flags"].split(/\s+/).filter(Boolean),
    serverOutput: values["server-output"] === undefined ? undefined : path.resolve(values["server-output"]),
  };
}

/** Everything that must be undone however a run ends; emptied by cleanUp for the next run. */
interface Resources {
  fake?: FakeAnthropic;
  stopTimingFake?: () => void;
  dataDir?: string;
  database?: ScratchDatabase;
  server?: ChildProcess;
  callers?: ChildProcess;
  capture?: Capture;
  heapSampler?: HeapSampler;
  rssTimer?: NodeJS.Timeout;
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
  server: ServerKind;
  database: string;
  business: LoadedBusiness | undefined;
  /** The secretary's idleRepromptSeconds during the run, as its settings said once set; undefined for the floor. */
  repromptSeconds: number | undefined;
  /** The longest the callers said nothing, before, between and after their measured turns. */
  silences: Silences;
  /** Unmeasured lines of callers kept waiting (CallerJob.stillHereAfterMs), in all and while the turns were measured. */
  stillHere: { lines: number; duringTurns: number };
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
  serverCpuMs: number | undefined;
  /** The server's event-loop thread during the turns: on a CPU, and runnable but kept waiting for one. */
  serverMainThread: { onCpuMs: number; waitingMs: number } | undefined;
  callersCpuMs: number;
  benchCpuMs: number;
  machineBusyMs: number | undefined;
  serverLoop: ServerProbe | undefined;
  turnPhaseMs: number;
  rampMs: number;
  serverLog: OutputTail;
  /** With --profile: where the server's main thread spent the turns. */
  profile: ProfileSummary | undefined;
  /** With --heap-profile: what the server allocated during the turns. */
  heapProfile: HeapProfileSummary | undefined;
}

/** One run: a fresh fake Claude, server, database and callers; ramp up, take the turns, hang up. */
async function runOnce(options: Options, resources: Resources): Promise<Results> {
  const { server: kind } = options;
  const who = kind === "floor" ? "the floor" : "the secretary";
  const fake = await startFakeAnthropic();
  resources.fake = fake;
  const { timings: fakeTimings, stop: stopTimingFake } = timeFakeReplies(fake, {
    text: REPLY,
    ttftMs: options.ttftMs,
    tokenDelayMs: TOKEN_DELAY_MS,
  });
  resources.stopTimingFake = stopTimingFake;

  resources.dataDir = mkdtempSync(path.join(tmpdir(), "secretary-bench-"));
  const port = await freePort();
  const postgresServer = process.env.DATABASE_URL?.trim() || undefined;
  if (postgresServer && kind === "project")
    resources.database = await createScratchDatabase(postgresServer, "secretary_bench");
  const databaseUrl = resources.database?.url;
  const env: NodeJS.ProcessEnv = {
    // Only what the server needs, so settings in the caller's shell (OWNER_PHONE, REDIS_URL…) do not
    // change what is measured; and the C library's, which the Dockerfile sets, to measure them.
    ...pick(process.env, ["PATH", "HOME", "TMPDIR", "LANG", "MALLOC_MMAP_THRESHOLD_", "MALLOC_ARENA_MAX"]),
    // As the Dockerfile deploys it: production, with what production requires (PUBLIC_URL, the
    // Twilio and API tokens) and a metrics token, without which it warns at start. (With the
    // embedded database it still warns that DATABASE_URL is unset, as it would deployed.)
    NODE_ENV: "production",
    PORT: String(port),
    PUBLIC_URL: `http://localhost:${port}`,
    METRICS_TOKEN: BENCH_METRICS_TOKEN,
    DATA_DIR: resources.dataDir,
    TWILIO_AUTH_TOKEN: BENCH_TWILIO_AUTH_TOKEN,
    API_TOKEN: BENCH_API_TOKEN,
    ANTHROPIC_API_KEY: "bench-anthropic-key",
    ANTHROPIC_BASE_URL: fake.url,
    LOG_LEVEL: "warn",
    ...(databaseUrl && { DATABASE_URL: databaseUrl }),
  };
  const server: ServerProcess = await startServer(
    kind,
    {
      port,
      env,
      probeFile: path.join(resources.dataDir, "event-loop.json"),
      profileDir: options.profileDir,
      inspectPort: options.heapProfileDir === undefined ? undefined : await freePort(),
      built: options.built,
      nodeFlags: options.nodeFlags,
      outputFile: options.serverOutput,
    },
    (child) => (resources.server = child),
  );
  const { pid, child: serverChild, url: serverUrl } = server;
  const business = options.business && kind === "project" ? await loadBusiness(serverUrl, BENCH_API_TOKEN) : undefined;
  const repromptSeconds =
    kind === "project" ? await setSilenceReprompt(serverUrl, BENCH_API_TOKEN, options.repromptSeconds) : undefined;
  const database =
    server.database === "postgres"
      ? "PostgreSQL (a scratch database on DATABASE_URL's server)"
      : server.database === "pglite"
        ? "embedded PGlite"
        : server.database === "none"
          ? "none (the floor has none)"
          : String(server.database);

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
    // Both servers sign against PUBLIC_URL, http://localhost:PORT; we still connect to 127.0.0.1.
    publicUrl: `http://localhost:${port}`,
    authToken: BENCH_TWILIO_AUTH_TOKEN,
    calls: options.calls,
    turns: options.turns,
    rampBatch: RAMP_BATCH,
    rampGapMs: RAMP_GAP_MS,
    pauseMs: options.pauseMs,
    replyTimeoutMs: REPLY_TIMEOUT_MS,
    expectedReply: REPLY,
    ...(repromptSeconds !== undefined && { silenceRepromptMs: repromptSeconds * 1000 }),
    // For either server, so that both carry the same load.
    stillHereAfterMs: stillHereAfterMs(options),
  };
  const ramped = nextMessage(callers, "ramped", serverChild);
  callers.send(job satisfies ToCallers);
  const ramp = await ramped;
  process.stderr.write(`${ramp.placed} calls up in ${(ramp.ms / 1000).toFixed(1)} s; waiting for ${who} to go idle\n`);
  await waitForQuiet(pid, serverChild);
  if (options.wire)
    resources.capture = await startCapture(path.join(resources.dataDir, "turns.pcap"), {
      secretary: port,
      claude: Number(new URL(fake.url).port),
    });

  if (options.heapProfileDir !== undefined && server.inspectPort !== undefined)
    resources.heapSampler = await startHeapSampling(server.inspectPort);
  const journalBefore = await journalCounters(serverUrl);
  const fakeLoop = monitorEventLoopDelay({ resolution: 1 });
  fakeLoop.enable();
  const cpuBefore = cpuMs(pid);
  const schedBefore = mainThreadSchedMs(pid);
  const benchCpuBefore = process.cpuUsage();
  const machineBefore = machineBusyMs();
  serverChild.kill("SIGUSR2");
  // V8 profiles are stamped with CLOCK_MONOTONIC µs, as is hrtime: this window selects the turns.
  const turnsFromUs = Number(process.hrtime.bigint() / 1000n);
  const turned = nextMessage(callers, "turned", serverChild);
  // Listened for now: with few calls, the hang-ups can be over before the turns are tallied.
  const hungUp = nextMessage(callers, "done", serverChild);
  hungUp.catch(() => undefined);
  callers.send({ type: "go" } satisfies ToCallers);
  const outcome = await turned;
  const cpuAfter = cpuMs(pid);
  const schedAfter = mainThreadSchedMs(pid);
  serverChild.kill("SIGUSR2");
  const benchCpu = process.cpuUsage(benchCpuBefore);
  const machineAfter = machineBusyMs();
  const turnsToUs = Number(process.hrtime.bigint() / 1000n);
  let heapProfile: HeapProfileSummary | undefined;
  if (resources.heapSampler && options.heapProfileDir !== undefined) {
    mkdirSync(options.heapProfileDir, { recursive: true });
    const { file, profile } = await resources.heapSampler.stop(options.heapProfileDir, pid);
    heapProfile = summariseHeapProfile(file, profile);
    resources.heapSampler.close();
    delete resources.heapSampler;
  }
  if (options.profileDir) process.stderr.write(`turn phase, CLOCK_MONOTONIC µs: ${turnsFromUs}..${turnsToUs}\n`);
  fakeLoop.disable();
  const journalAfter = await journalCounters(serverUrl);
  await resources.capture?.stop();
  const serverLoop = await readProbe(server.probeFile);
  const { failures, afterTurnsMs, stillHereLines } = await hungUp;

  clearInterval(resources.rssTimer);
  maxSampledRssKb = Math.max(maxSampledRssKb, procStatusKb(pid, "VmRSS") ?? 0);
  const peakRssKb = procStatusKb(pid, "VmHWM");
  if (serverChild.exitCode !== null || serverChild.signalCode !== null)
    throw new Error(`${who} exited during the run\n${server.log.text()}`);
  // V8 writes the profile as the server exits.
  let profile: ProfileSummary | undefined;
  if (options.profileDir) {
    await stopServer(serverChild, who);
    const file = findCpuProfile(options.profileDir, pid);
    profile = file ? summariseCpuProfile(file, { fromUs: turnsFromUs, toUs: turnsToUs }) : undefined;
  }

  const ms = (ns: number) => ns / 1e6;
  return {
    options,
    server: kind,
    database,
    business,
    repromptSeconds,
    silences: { ...outcome.silences, afterTurnsMs },
    stillHere: { lines: stillHereLines, duringTurns: outcome.stillHereDuringTurns },
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
    serverCpuMs: cpuBefore !== undefined && cpuAfter !== undefined ? cpuAfter - cpuBefore : undefined,
    serverMainThread:
      schedBefore && schedAfter
        ? { onCpuMs: schedAfter.onCpuMs - schedBefore.onCpuMs, waitingMs: schedAfter.waitingMs - schedBefore.waitingMs }
        : undefined,
    callersCpuMs: outcome.cpuMs,
    benchCpuMs: (benchCpu.user + benchCpu.system) / 1000,
    machineBusyMs: machineBefore !== undefined && machineAfter !== undefined ? machineAfter - machineBefore : undefined,
    serverLoop,
    turnPhaseMs: outcome.turnPhaseMs,
    rampMs: ramp.ms,
    serverLog: server.log,
    profile,
    heapProfile,
  };
}

/** Server overhead per timed turn, by the load generators and, with --wire, at the wire. */
function overheadsOf(results: Results) {
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
  return { overheads, clientTimes, fakeTtfts, inbound, outbound, overheadsByTurn, unpaired, retried, wire };
}

/** What a comparison keeps of a run. */
function summariseRun(results: Results): RunSummary {
  const { options } = results;
  const { overheads, wire } = overheadsOf(results);
  const percentiles = (values: number[]) => {
    const s = summarize(values);
    return s && { p50: s.p50, p99: s.p99 };
  };
  const totalTurns = options.calls * options.turns;
  const failedTurns = totalTurns - overheads.length;
  const cpu = results.serverCpuMs;
  return {
    server: results.server,
    calls: options.calls,
    totalTurns,
    failedTurns,
    otherFailures: Math.max(0, results.failures.length - failedTurns),
    failureCauses: failedTurns ? causeTally(results) : undefined,
    wire: wire && percentiles(wire.overheads),
    generator: percentiles(overheads),
    cpuPerTurnMs: cpu === undefined || overheads.length === 0 ? undefined : cpu / overheads.length,
    serverLoopBusy: results.serverLoop?.utilization,
    callersLoopP99: results.callersLoop.p99,
    callersCpuShare: results.callersCpuMs / results.turnPhaseMs,
    othersShare: othersMs(results) === undefined ? undefined : (othersMs(results) ?? 0) / results.turnPhaseMs,
    peakRssKb: results.peakRssKb,
    benchRssKb: process.memoryUsage.rss() / 1024,
    notes: [
      `    callers silent at most: ${silenceLine(results)}`,
      ...results.failures.slice(0, 3).map((failure) => `    failure: ${failure}`),
      ...(results.serverLog.problemCount
        ? [
            `    it logged ${results.serverLog.problemCount} warnings or errors; last: ${results.serverLog.problems.at(-1)?.slice(0, 200)}`,
          ]
        : []),
      ...(results.profile ? formatProfileSummary(results.profile, results.server, PROFILE_TOP_IN_COMPARISON) : []),
      ...(results.heapProfile
        ? formatHeapProfileSummary(results.heapProfile, results.server, overheads.length, PROFILE_TOP_IN_COMPARISON)
        : []),
    ],
  };
}

/** CPU the rest of the machine used during the turns: neither the server, the callers nor this process. */
function othersMs(results: Results): number | undefined {
  const cpu = results.serverCpuMs;
  return results.machineBusyMs === undefined || cpu === undefined
    ? undefined
    : Math.max(0, results.machineBusyMs - cpu - results.callersCpuMs - results.benchCpuMs);
}

const OVERHEAD_HEADING = "server overhead (prompt in -> first token out, minus Claude TTFT): ";

function report(results: Results): void {
  const { options } = results;
  const { overheads, clientTimes, fakeTtfts, inbound, outbound, overheadsByTurn, unpaired, retried, wire } =
    overheadsOf(results);
  const who = results.server === "floor" ? "floor" : "secretary";
  const failedTurns = results.turns.filter((t) => t.error !== undefined).length;
  const failures = results.failures.length;
  const totalTurns = options.calls * options.turns;
  const mb = (kb: number | undefined) => (kb === undefined ? "n/a" : `${Math.round(kb / 1024)} MB`);
  const f = formatMs;
  const dist = (xs: number[]) => formatDistribution(xs, { count: false });
  const label = (text: string) => `  ${text.padEnd(44)}`;
  const cpu = results.serverCpuMs;
  const others = othersMs(results);
  const pct = (cpuMs: number | undefined) =>
    cpuMs === undefined ? "n/a" : `${Math.round((cpuMs / results.turnPhaseMs) * 100)}%`;

  const lines = [
    "",
    `calls: ${options.calls} concurrent, ${options.turns} turns each (${totalTurns} turns), fake Claude TTFT ${options.ttftMs} ms, ` +
      `server: ${results.server === "floor" ? "the floor (a bare relay)" : `the secretary${options.built ? " (the production build)" : ""}`}, database: ${results.database}`,
    `${OVERHEAD_HEADING}${dist(overheads)}`,
    ...(wire ? [`${"the same, timed at the wire:".padEnd(OVERHEAD_HEADING.length)}${dist(wire.overheads)}`] : []),
    `peak RSS of the ${who}: ${mb(results.peakRssKb)}`,
    results.server === "floor"
      ? "the business: none (the floor has no settings, knowledge or caller rules)"
      : results.business
        ? `the business, set up through the API: opening hours, ${results.business.knowledgeEntries} knowledge entries (${(results.business.knowledgeCharacters / 1000).toFixed(1)} KB, all in the prompt), ${results.business.callerRules} caller rules`
        : "the business: as a new install has it (--no-business)",
    ...(results.repromptSeconds === undefined ? [] : [repromptCondition(results.repromptSeconds)]),
    `failures: ${failures}${failures ? ` (${failedTurns} of ${totalTurns} turns failed or were skipped${failedTurns ? `: ${causeTally(results)}` : ""})` : ""}`,
    "",
    `method: callers in their own process (after ${Math.min(10, options.calls)} unmeasured warm-up calls), ${overheads.length} turns timed there; Claude TTFT subtracted as measured by the fake for each request ` +
      `(request arrival -> first text delta written)${unpaired ? `, the configured TTFT for ${unpaired} turns it could not pair` : ""}; ` +
      `each caller waits a random 0-${options.pauseMs} ms before each turn; reply of 16 tokens at ${TOKEN_DELAY_MS} ms/token` +
      (results.server === "floor"
        ? "; the floor: bench/support/bare-relay.ts (node:http + ws; it checks Twilio's signatures, then per final prompt one streaming request of the caller's words alone, no history, no system prompt, over a kept-alive agent, each text delta forwarded as a token; no database, no SDK, no logging)"
        : ""),
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
    `${label("event-loop delay p99 / max:")}${who} ${f(results.serverLoop?.p99)} / ${f(results.serverLoop?.max)}, callers ${f(results.callersLoop.p99)} / ${f(results.callersLoop.max)}, fake Claude ${f(results.fakeLoop.p99)} / ${f(results.fakeLoop.max)}`,
    `${label(`${who} event loop busy during the turns:`)}${results.serverLoop ? `${Math.round(results.serverLoop.utilization * 100)}%` : "n/a"}`,
    `${label(`${who} event loop held up (tasks):`)}${stallLine(results.serverLoop)}`,
    `${label(`${who} GC pauses during the turns:`)}${gcLine(results.serverLoop?.gc)}`,
    `${label(`${who}'s event-loop thread, the turns:`)}${schedLine(results.serverMainThread)}`,
    `${label("CPU during the turns (100% = one core):")}${who} ${pct(cpu)}${cpu === undefined ? "" : ` (${(cpu / Math.max(1, overheads.length)).toFixed(1)} ms per turn)`}, callers ${pct(results.callersCpuMs)}, bench + fake Claude ${pct(results.benchCpuMs)}, anything else on the machine ${pct(others)}; ${os.availableParallelism()} cores, turns took ${(results.turnPhaseMs / 1000).toFixed(1)} s`,
    ...(others !== undefined && others / results.turnPhaseMs > 0.2
      ? [
          `  note: other processes used ${pct(others)} of a core while the turns ran; the numbers are not from a quiet machine`,
        ]
      : []),
    ...(results.server === "project"
      ? [`${label("write journal during the turns:")}${journalLine(results.journal, overheads.length)}`]
      : []),
    `${label(`${who} RSS:`)}idle after start ${mb(results.idleRssKb)}, max sampled every ${RSS_SAMPLE_MS} ms ${mb(results.maxSampledRssKb)}, VmHWM ${mb(results.peakRssKb)}`,
    `${label("ramp-up:")}${(results.rampMs / 1000).toFixed(1)} s in batches of ${RAMP_BATCH}`,
    `${label("longest a caller said nothing:")}${silenceLine(results)}`,
    ...(results.serverLoop && results.serverLoop.utilization > 0.8
      ? [
          `  note: the ${who}'s event loop was busy ${Math.round(results.serverLoop.utilization * 100)}% of the time: the overhead is mostly queueing behind other calls; a larger --pause measures per-turn cost`,
        ]
      : []),
    ...(retried ? [`  ${retried} turns needed more than one Claude request (the ${who} retried)`] : []),
    ...(results.serverLog.problemCount
      ? [
          `  the ${who} logged ${results.serverLog.problemCount} warnings or errors; last:`,
          ...results.serverLog.problems.map((l) => `    ${l.slice(0, 300)}`),
        ]
      : []),
    ...(results.profile ? ["", ...formatProfileSummary(results.profile, who, PROFILE_TOP)] : []),
    ...(results.heapProfile
      ? ["", ...formatHeapProfileSummary(results.heapProfile, who, overheads.length, PROFILE_TOP)]
      : []),
    ...(options.profileDir && !results.profile
      ? [`  no CPU profile of the ${who} found in ${options.profileDir}`]
      : []),
  ];
  if (failures) lines.push("  first failures:", ...results.failures.slice(0, 10).map((failure) => `    ${failure}`));
  console.log(lines.join("\n"));
}

function repromptCondition(seconds: number): string {
  return `bench condition: the secretary re-prompts a silent caller after ${seconds} s (its idleRepromptSeconds; 8 on a new install), because the callers wait in silence for every call to be placed before their turns and for the others' turns after theirs; one kept waiting ${stillHereAfterMs({ repromptSeconds: seconds }) / 1000} s says an unmeasured line (bench/calls.ts)`;
}

/** Failed turns by what their callers heard instead of the reply (TurnSample.cause), and the calls never placed. */
function causeTally(results: Results): string {
  const counts = new Map<FailureCause | "call not placed", number>();
  for (const turn of results.turns) if (turn.cause) counts.set(turn.cause, (counts.get(turn.cause) ?? 0) + 1);
  const unplaced = results.options.calls * results.options.turns - results.turns.length;
  if (unplaced > 0) counts.set("call not placed", unplaced);
  return [...counts].map(([cause, count]) => `${count} ${cause}`).join(", ");
}

/** The callers' longest silences against the secretary's silence watch: how near the bench came to it. */
function silenceLine(results: Results): string {
  const { beforeTurnsMs, betweenTurnsMs, afterTurnsMs } = results.silences;
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const longest = Math.max(beforeTurnsMs, betweenTurnsMs, afterTurnsMs);
  const watch =
    results.repromptSeconds === undefined
      ? "the floor has no silence watch"
      : longest >= results.repromptSeconds * 1000
        ? `AT OR OVER the ${results.repromptSeconds} s after which the secretary re-prompts: failures marked "silence watch" are the bench's`
        : `the secretary re-prompts after ${results.repromptSeconds} s`;
  const { lines, duringTurns } = results.stillHere;
  const stillHere = lines
    ? `; ${lines} unmeasured lines of callers who had waited ${s(stillHereAfterMs(results.options))} (${duringTurns} while the turns were measured${duringTurns ? ", their work in the CPU per turn" : ""})`
    : "";
  return `${s(beforeTurnsMs)} before its first turn, ${s(betweenTurnsMs)} between turns, ${s(afterTurnsMs)} after its last until it hung up (${watch})${stillHere}`;
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

function journalLine(journal: JournalCounters | undefined, turns: number): string {
  if (!journal || turns === 0) return "n/a";
  const perTurn = (value: number) => (value / turns).toFixed(2);
  const perSync = journal.syncs > 0 ? (journal.syncMs / journal.syncs).toFixed(2) : "n/a";
  const writeUs = journal.fileWrites > 0 ? ((journal.writeMs * 1000) / journal.fileWrites).toFixed(0) : "n/a";
  return `${perTurn(journal.writesJournaled)} appends per turn in ${perTurn(journal.fileWrites)} write(2)s (${writeUs} µs each, on the event loop, after the turn's work) and ${perTurn(journal.syncs)} fdatasyncs (${perSync} ms each, on the thread pool)`;
}

function schedLine(thread: Results["serverMainThread"]): string {
  if (!thread) return "n/a";
  const share =
    thread.onCpuMs > 0 ? ` (${Math.round((thread.waitingMs / thread.onCpuMs) * 100)}% of its time on a CPU)` : "";
  return `${thread.onCpuMs.toFixed(0)} ms on a CPU, ${thread.waitingMs.toFixed(0)} ms ready to run but waiting for one${share}`;
}

function gcLine(gc: ServerProbe["gc"] | undefined): string {
  if (!gc) return "n/a";
  const kinds = Object.entries(gc.byKind)
    .map(
      ([kind, pauses]) =>
        `${kind} ${pauses.count} (${pauses.totalMs.toFixed(0)} ms, longest ${pauses.maxMs.toFixed(1)})`,
    )
    .join(", ");
  return `${gc.count} pauses, ${gc.totalMs.toFixed(0)} ms in all, ${gc.over2Ms} over 2 ms, longest ${gc.maxMs.toFixed(1)} ms${kinds ? `: ${kinds}` : ""}`;
}

function stallLine(loop: ServerProbe | undefined): string {
  if (!loop) return "n/a";
  const { over10Ms, over20Ms, over50Ms } = loop.stalls;
  return `${over10Ms} over 10 ms, ${over20Ms} over 20 ms, ${over50Ms} over 50 ms`;
}

async function journalCounters(serverUrl: string): Promise<JournalCounters | undefined> {
  try {
    const response = await fetch(`${serverUrl}/readyz`, { signal: AbortSignal.timeout(2000) });
    return ((await response.json()) as { journal?: JournalCounters }).journal;
  } catch {
    return undefined;
  }
}

function nextMessage<T extends FromCallers["type"]>(
  callers: ChildProcess,
  type: T,
  server: ChildProcess,
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
    const onServerExit = (code: number | null, signal: string | null) => {
      cleanup();
      reject(new Error(`the server exited mid-run (code ${code}, signal ${signal})`));
    };
    const cleanup = () => {
      callers.off("message", onMessage);
      callers.off("exit", onExit);
      server.off("exit", onServerExit);
    };
    callers.on("message", onMessage);
    callers.once("exit", onExit);
    server.once("exit", onServerExit);
  });
}

async function stopServer(child: ChildProcess, who: string): Promise<void> {
  const how = await stopProcess(child, STOP_GRACE_MS);
  if (how === "killed")
    console.error(`note: ${who} did not stop within ${STOP_GRACE_MS / 1000} s of SIGTERM and was killed`);
}

/** Stops and removes what the run started, and empties `resources` for the next run. */
async function cleanUp(resources: Resources): Promise<void> {
  clearInterval(resources.rssTimer);
  resources.stopTimingFake?.();
  resources.heapSampler?.close();
  await resources.capture?.stop();
  if (resources.callers) await stopProcess(resources.callers, 2000);
  if (resources.server) await stopServer(resources.server, "the server");
  await resources.fake?.close().catch(() => undefined);
  if (resources.dataDir) rmSync(resources.dataDir, { recursive: true, force: true });
  await resources.database
    ?.drop()
    .catch((error: unknown) => console.error(`could not drop ${resources.database?.name}: ${String(error)}`));
  for (const key of Object.keys(resources) as (keyof Resources)[]) delete resources[key];
}

type Outcome = { single: Results } | { pairs: Pair[]; plan: ComparisonPlan };

process.exit(
  await runBench({
    usage: USAGE,
    parseOptions,
    resources: {} as Resources,
    run: async (options: Options, resources: Resources): Promise<Outcome> => {
      checkOpenFilesLimit(Math.max(...(options.sweep ?? [options.calls])));
      if (options.pairs === undefined && options.sweep === undefined)
        return { single: await runOnce(options, resources) };
      const plan = {
        levels: options.sweep ?? [options.calls],
        pairs: options.pairs ?? 1,
        sweep: !!options.sweep,
        conditions: [repromptCondition(options.repromptSeconds)],
      };
      const pairs = await compareWithFloor(plan, async (server, calls) => {
        try {
          // Only the summary outlives the run: a sweep's memory does not grow with its runs.
          return summariseRun(await runOnce({ ...options, server, calls }, resources));
        } finally {
          await cleanUp(resources);
        }
      });
      return { pairs, plan };
    },
    report: (outcome: Outcome) => {
      if ("single" in outcome) {
        report(outcome.single);
        return outcome.single.failures.length === 0;
      }
      return reportComparison(outcome.plan, outcome.pairs);
    },
    cleanUp,
  }),
);
