// The simulated callers of `npm run bench`, forked by bench/calls.ts. They run in their own
// process so that stamping "first token arrived" is not delayed by the fake Claude's timers and
// the bench's bookkeeping sharing one event loop: on a 2-core machine that lag would otherwise be
// reported as the secretary's overhead.
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { placeCall, type SimulatedCall } from "../src/simulator/simulated-call.js";
import { monotonicMs } from "./support/measure.js";

export interface CallerJob {
  type: "job";
  serverUrl: string;
  /** What the server signs against (its PUBLIC_URL). */
  publicUrl: string;
  authToken: string;
  calls: number;
  turns: number;
  rampBatch: number;
  rampGapMs: number;
  /** Each caller waits a random 0..pauseMs before each turn: hearing the reply out, then speaking. */
  pauseMs: number;
  replyTimeoutMs: number;
  /** The fake Claude's reply: anything else means the secretary failed over or garbled it. */
  expectedReply: string;
}

export type ToCallers = CallerJob | { type: "go" };

export interface TurnSample {
  key: string;
  turn: number;
  /** What the caller said: the fake Claude sees it as the last user message and keys its timings by it. */
  prompt: string;
  /** When the prompt was sent and the first non-empty `text` token arrived, in monotonicMs(). */
  sentAt?: number;
  firstTokenAt?: number;
  error?: string;
}

export interface LoopDelay {
  p50: number;
  p99: number;
  max: number;
}

export type FromCallers =
  | { type: "ramped"; placed: number; failures: string[]; ms: number }
  | { type: "turned"; turns: TurnSample[]; loopDelay: LoopDelay; turnPhaseMs: number; cpuMs: number }
  | { type: "done"; failures: string[] };

// performance.now() (what the simulator stamps frames with) is hrtime minus a fixed origin.
const performanceToMonotonic = monotonicMs() - performance.now();

// Unique per turn, so every prompt (and the request the secretary makes for it) is distinguishable.
const turnKey = (call: number, turn: number, who = "caller"): string => `${who} ${call} question ${turn}`;
const promptFor = (key: string): string => `Hi, this is ${key}. Could the doctor call me back about my appointment?`;

const send = (message: FromCallers): void => void process.send?.(message);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

// Orphaned when the bench dies or times out: nothing left to report to.
process.on("disconnect", () => process.exit(1));

let job: CallerJob | undefined;
let go: (() => void) | undefined;
const started = new Promise<void>((resolve) => (go = resolve));

process.on("message", (message: ToCallers) => {
  if (message.type === "job" && !job) {
    job = message;
    run(message).catch((error: unknown) => {
      process.stderr.write(`callers: ${describe(error)}\n`);
      process.exit(1);
    });
  } else if (message.type === "go") go?.();
});

// Warm-up calls before the measured ones: the first turns a fresh process serves run cold code
// (V8 not yet optimised, modules tsx has not compiled yet), which a long-running server has long
// forgotten about.
const WARM_UP_CALLS = 10;

interface PlacedCall {
  index: number;
  call: SimulatedCall;
}

async function run(job: CallerJob): Promise<void> {
  const failures: string[] = [];

  const warmUp = await placeCalls(job, range(job.calls, Math.min(WARM_UP_CALLS, job.calls)), failures);
  const warmSamples = await Promise.all(
    warmUp.map(({ index, call }) =>
      converse({ ...job, pauseMs: Math.min(job.pauseMs, 200) }, index, call, "warm-up caller"),
    ),
  );
  for (const sample of warmSamples.flat()) if (sample.error) failures.push(`${sample.key}: ${sample.error}`);
  await hangUpAll(job, warmUp, failures);

  const rampStart = performance.now();
  const calls = await placeCalls(job, range(0, job.calls), failures);
  send({ type: "ramped", placed: calls.length, failures: [...failures], ms: performance.now() - rampStart });

  await started;
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const turnStart = performance.now();
  const cpuStart = process.cpuUsage();
  const samples = (await Promise.all(calls.map(({ index, call }) => converse(job, index, call)))).flat();
  const turnPhaseMs = performance.now() - turnStart;
  const cpu = process.cpuUsage(cpuStart);
  loop.disable();
  const turnFailures = samples.flatMap((sample) => (sample.error ? [`${sample.key}: ${sample.error}`] : []));
  const ms = (ns: number) => ns / 1e6;
  send({
    type: "turned",
    turns: samples,
    loopDelay: { p50: ms(loop.percentile(50)), p99: ms(loop.percentile(99)), max: ms(loop.max) },
    turnPhaseMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
  });

  // Hang-ups wait for every turn: their webhooks and post-call analyses are not what is measured.
  const hangUpFailures: string[] = [];
  await hangUpAll(job, calls, hangUpFailures);
  send({ type: "done", failures: [...failures, ...turnFailures, ...hangUpFailures] });
  process.disconnect();
}

/** Places the calls in batches, so the webhook storm of a ramp-up is not what gets measured. */
async function placeCalls(job: CallerJob, indices: number[], failures: string[]): Promise<PlacedCall[]> {
  const placed: PlacedCall[] = [];
  for (let first = 0; first < indices.length; first += job.rampBatch) {
    await Promise.all(
      indices.slice(first, first + job.rampBatch).map(async (index) => {
        try {
          const call = await placeCall({
            serverUrl: job.serverUrl,
            publicUrl: job.publicUrl,
            authToken: job.authToken,
            // One caller number per call, so no two calls share a caller record.
            from: `+1555${(1_000_000 + index).toString().slice(1)}`,
            timeoutMs: job.replyTimeoutMs,
          });
          placed.push({ index, call });
        } catch (error) {
          failures.push(`call ${index}: could not be placed: ${describe(error)}`);
        }
      }),
    );
    if (first + job.rampBatch < indices.length) await sleep(job.rampGapMs);
  }
  return placed.sort((a, b) => a.index - b.index);
}

async function hangUpAll(job: CallerJob, calls: PlacedCall[], failures: string[]): Promise<void> {
  for (let first = 0; first < calls.length; first += job.rampBatch) {
    await Promise.all(
      calls.slice(first, first + job.rampBatch).map(async ({ index, call }) => {
        try {
          if (call.outcome)
            throw new Error(
              `the call was already over (${call.outcome.reason}${call.outcome.error ? `: ${call.outcome.error}` : ""})`,
            );
          const { statusCallback } = await call.hangUp();
          if (statusCallback.status >= 300) throw new Error(`status callback answered HTTP ${statusCallback.status}`);
        } catch (error) {
          failures.push(`call ${index}: hang-up failed: ${describe(error)}`);
        } finally {
          call.dispose();
        }
      }),
    );
  }
}

function range(from: number, count: number): number[] {
  return Array.from({ length: count }, (_, k) => from + k);
}

async function converse(job: CallerJob, index: number, call: SimulatedCall, who = "caller"): Promise<TurnSample[]> {
  const samples: TurnSample[] = [];
  for (let turn = 1; turn <= job.turns; turn++) {
    const key = turnKey(index, turn, who);
    const prompt = promptFor(key);
    if (job.pauseMs > 0) await sleep(Math.random() * job.pauseMs);
    let firstTokenAt: number | undefined;
    const unsubscribe = call.onToken(({ token, at }) => {
      if (firstTokenAt === undefined && token !== "") firstTokenAt = at + performanceToMonotonic;
    });
    const sentAt = monotonicMs();
    try {
      const reply = await call.say(prompt, { partials: false });
      if (firstTokenAt === undefined) throw new Error("the reply had no text");
      if (reply.trim() !== job.expectedReply)
        throw new Error(`unexpected reply (offline failover?): ${JSON.stringify(reply.slice(0, 80))}`);
      samples.push({ key, turn, prompt, sentAt, firstTokenAt });
    } catch (error) {
      samples.push({ key, turn, prompt, error: describe(error) });
      // The call is unusable after a lost reply: its next prompt would pair with the late one.
      for (let rest = turn + 1; rest <= job.turns; rest++) {
        const skipped = turnKey(index, rest, who);
        samples.push({
          key: skipped,
          turn: rest,
          prompt: promptFor(skipped),
          error: "skipped after an earlier failure",
        });
      }
      break;
    } finally {
      unsubscribe();
    }
  }
  return samples;
}
