// The simulated callers of `npm run bench`, forked by bench/calls.ts. They run in their own
// process so that stamping "first token arrived" is not delayed by the fake Claude's timers and
// the bench's bookkeeping sharing one event loop: on a 2-core machine that lag would otherwise be
// reported as the secretary's overhead.
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { spokenLines } from "../src/conversation/spoken-lines.js";
import { type CallOutcome, placeCall, type SimulatedCall } from "../src/simulator/simulated-call.js";
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
  /** How long the server lets a caller be silent before re-prompting, when the bench set it (the floor never does). */
  silenceRepromptMs?: number;
  /**
   * A caller who has waited this long in silence, for the other calls to be placed or to finish
   * their turns, says an unmeasured line, as a real caller on hold would, before the silence watch
   * would ask whether it is still there; undefined: never.
   */
  stillHereAfterMs?: number;
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
  /** What the caller heard instead of the reply, or why it heard nothing. */
  error?: string;
  cause?: FailureCause;
}

/**
 * Why a turn failed, by what the caller heard instead, so that a reader tells the secretary's
 * failures from the bench's: "silence watch" is the secretary re-prompting ("Are you still
 * there?") or saying goodbye to a caller who had said nothing for too long, which a caller that
 * speaks every 0-6 s never meets unless the bench keeps it waiting.
 */
export type FailureCause = "silence watch" | "wrong reply" | "no reply" | "call ended" | "skipped";

/**
 * The longest a caller said nothing: from the end of the reply to its last turn (or its call's
 * start, when the greeting is spoken) to its next prompt or its hang-up. The secretary counts a
 * silence from once its words have been heard, so a little less; its re-prompts escalate it.
 */
export interface Silences {
  /** Until the first measured turn: the rest of the ramp, the wait for the server to go idle, a pause. */
  beforeTurnsMs: number;
  betweenTurnsMs: number;
  /** After the last measured turn, until hanging up: the other calls' turns, and the hang-ups before its own. */
  afterTurnsMs: number;
}

export interface LoopDelay {
  p50: number;
  p99: number;
  max: number;
}

export type FromCallers =
  | { type: "ramped"; placed: number; failures: string[]; ms: number }
  | {
      type: "turned";
      turns: TurnSample[];
      loopDelay: LoopDelay;
      turnPhaseMs: number;
      cpuMs: number;
      silences: Omit<Silences, "afterTurnsMs">;
      /** Unmeasured "still here" lines said while the turns were measured. */
      stillHereDuringTurns: number;
    }
  | { type: "done"; failures: string[]; afterTurnsMs: number; stillHereLines: number };

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

// The lines of the secretary's silence watch (the bench's business speaks English).
const SILENCE_LINES = new Set([spokenLines("en-US").stillThere, spokenLines("en-US").noAnswerGoodbye]);

interface PlacedCall {
  index: number;
  call: SimulatedCall;
  /**
   * When the reply to the caller's last turn ended, or its call started (monotonicMs()): what the
   * secretary says on its own, its re-prompts among them, does not count as an answer.
   */
  lastHeardAt: number;
  /** Unmeasured lines it said while waiting; the one under way. */
  stillHereLines: number;
  stillHere?: Promise<void>;
  /** Why one of those lines failed: the call is not measured then, its late reply could answer a turn. */
  stillHereFailed?: string;
}

/** Calls whose callers wait in silence: for the rest to be placed, or for the others' turns to end. */
const waiting = new Set<PlacedCall>();
const STILL_HERE_CHECK_MS = 500;
const stillHereCounts = { all: 0, duringTurns: 0 };
let measuring = false;

async function run(job: CallerJob): Promise<void> {
  const failures: string[] = [];
  const stillHereTimer = keepWaitingCallersTalking(job, failures);

  const warmUp = await placeCalls(job, range(job.calls, Math.min(WARM_UP_CALLS, job.calls)), failures);
  const warmSamples = await Promise.all(
    warmUp.map((placed) => converse({ ...job, pauseMs: Math.min(job.pauseMs, 200) }, placed, "warm-up caller")),
  );
  for (const sample of warmSamples.flat()) if (sample.error) failures.push(`${sample.key}: ${sample.error}`);
  await hangUpAll(job, warmUp, failures);

  // Every call is placed, and the server has gone idle, before any measured turn: a turn is then
  // measured with all the calls up, and without the ramp's webhooks and call records. The callers
  // meanwhile say nothing (a "hello" would not help: a caller who said it is silent again while
  // the rest are placed, and callers who kept talking would keep the server from going idle), so
  // the secretary's silence watch must wait longer than they do: bench/calls.ts sets it, and a
  // caller kept waiting nearly that long (a slow ramp) says a line (keepWaitingCallersTalking).

  const rampStart = performance.now();
  const calls = await placeCalls(job, range(0, job.calls), failures);
  send({ type: "ramped", placed: calls.length, failures: [...failures], ms: performance.now() - rampStart });

  await started;
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const turnStart = performance.now();
  const cpuStart = process.cpuUsage();
  const silences = { beforeTurnsMs: 0, betweenTurnsMs: 0, afterTurnsMs: 0 };
  measuring = true;
  const samples = (await Promise.all(calls.map((placed) => converse(job, placed, "caller", silences)))).flat();
  measuring = false;
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
    silences: { beforeTurnsMs: silences.beforeTurnsMs, betweenTurnsMs: silences.betweenTurnsMs },
    stillHereDuringTurns: stillHereCounts.duringTurns,
  });

  // Hang-ups wait for every turn: their webhooks and post-call analyses are not what is measured.
  const hangUpFailures: string[] = [];
  await hangUpAll(job, calls, hangUpFailures, silences);
  clearInterval(stillHereTimer);
  send({
    type: "done",
    failures: [...failures, ...turnFailures, ...hangUpFailures],
    afterTurnsMs: silences.afterTurnsMs,
    stillHereLines: stillHereCounts.all,
  });
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
          const entry: PlacedCall = { index, call, lastHeardAt: monotonicMs(), stillHereLines: 0 };
          placed.push(entry);
          waiting.add(entry);
        } catch (error) {
          failures.push(`call ${index}: could not be placed: ${describe(error)}`);
        }
      }),
    );
    if (first + job.rampBatch < indices.length) await sleep(job.rampGapMs);
  }
  return placed.sort((a, b) => a.index - b.index);
}

async function hangUpAll(job: CallerJob, calls: PlacedCall[], failures: string[], silences?: Silences): Promise<void> {
  for (let first = 0; first < calls.length; first += job.rampBatch) {
    await Promise.all(
      calls.slice(first, first + job.rampBatch).map(async (placed) => {
        const { index, call } = placed;
        // A call whose turn failed no longer waits: its silence since says nothing of the bench's.
        const waited = waiting.delete(placed);
        await placed.stillHere;
        try {
          if (call.outcome) throw new Error(`the call was already over (${callEnd(call, call.outcome)})`);
          if (silences && waited)
            silences.afterTurnsMs = Math.max(silences.afterTurnsMs, monotonicMs() - placed.lastHeardAt);
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

async function converse(
  job: CallerJob,
  placed: PlacedCall,
  who = "caller",
  silences?: Silences,
): Promise<TurnSample[]> {
  const { index, call } = placed;
  waiting.delete(placed);
  await placed.stillHere;
  const samples: TurnSample[] = [];
  if (placed.stillHereFailed !== undefined)
    for (let turn = 1; turn <= job.turns; turn++) {
      const key = turnKey(index, turn, who);
      const error = `skipped: the line it said while waiting failed (${placed.stillHereFailed})`;
      samples.push({ key, turn, prompt: promptFor(key), error, cause: "skipped" });
    }
  for (let turn = samples.length + 1; turn <= job.turns; turn++) {
    const key = turnKey(index, turn, who);
    const prompt = promptFor(key);
    if (job.pauseMs > 0) await sleep(Math.random() * job.pauseMs);
    let firstTokenAt: number | undefined;
    const unsubscribe = call.onToken(({ token, at }) => {
      if (firstTokenAt === undefined && token !== "") firstTokenAt = at + performanceToMonotonic;
    });
    const sentAt = monotonicMs();
    const silentMs = sentAt - placed.lastHeardAt;
    if (silences && turn === 1) silences.beforeTurnsMs = Math.max(silences.beforeTurnsMs, silentMs);
    if (silences && turn > 1) silences.betweenTurnsMs = Math.max(silences.betweenTurnsMs, silentMs);
    const heard = { replies: call.replies.length, fillers: call.fillers.length };
    let failure: { cause: FailureCause; error: string } | undefined;
    try {
      const reply = await call.say(prompt, { partials: false });
      if (firstTokenAt === undefined || reply.trim() !== job.expectedReply)
        failure = failureOf(job, call, heard, silentMs, reply);
    } catch (error) {
      failure = failureOf(job, call, heard, silentMs, undefined, error);
    } finally {
      unsubscribe();
      placed.lastHeardAt = monotonicMs();
    }
    if (!failure) {
      samples.push({ key, turn, prompt, sentAt, firstTokenAt });
      continue;
    }
    samples.push({ key, turn, prompt, ...failure });
    // The call is unusable after a lost reply: its next prompt would pair with the late one.
    for (let rest = turn + 1; rest <= job.turns; rest++) {
      const skipped = turnKey(index, rest, who);
      samples.push({
        key: skipped,
        turn: rest,
        prompt: promptFor(skipped),
        error: "skipped after an earlier failure",
        cause: "skipped",
      });
    }
    // Left alone: a reply still on its way would answer anything it said.
    return samples;
  }
  waiting.add(placed);
  return samples;
}

/**
 * Has each caller that has waited `job.stillHereAfterMs` in silence say an unmeasured line (a
 * prompt of its own, answered like any other), as a real caller kept waiting would, so that a ramp
 * slower than the bench's setting of the silence watch allows for does not bring its re-prompts
 * back. Off without `stillHereAfterMs`; the lines are counted, and the report says so.
 */
function keepWaitingCallersTalking(job: CallerJob, failures: string[]): NodeJS.Timeout | undefined {
  const after = job.stillHereAfterMs;
  if (after === undefined) return undefined;
  return setInterval(() => {
    const now = monotonicMs();
    for (const placed of waiting) {
      if (placed.stillHere || placed.call.outcome || now - placed.lastHeardAt < after) continue;
      placed.stillHere = sayStillHere(job, placed, failures).finally(() => {
        placed.stillHere = undefined;
      });
    }
  }, STILL_HERE_CHECK_MS);
}

async function sayStillHere(job: CallerJob, placed: PlacedCall, failures: string[]): Promise<void> {
  const { call } = placed;
  const key = turnKey(placed.index, ++placed.stillHereLines, "waiting caller");
  stillHereCounts.all += 1;
  if (measuring) stillHereCounts.duringTurns += 1;
  const heard = { replies: call.replies.length, fillers: call.fillers.length };
  const silentMs = monotonicMs() - placed.lastHeardAt;
  try {
    const reply = await call.say(promptFor(key), { partials: false });
    if (reply.trim() !== job.expectedReply) placed.stillHereFailed = failureOf(job, call, heard, silentMs, reply).error;
  } catch (error) {
    placed.stillHereFailed = failureOf(job, call, heard, silentMs, undefined, error).error;
  } finally {
    if (placed.stillHereFailed !== undefined) {
      failures.push(`${key} (unmeasured): ${placed.stillHereFailed}`);
      waiting.delete(placed);
    }
    placed.lastHeardAt = monotonicMs();
  }
}

/**
 * What a failed turn's caller heard instead of the reply (`reply`, when a talk cycle came at all),
 * and since it spoke (`heard`: the counts of talk cycles and fillers then), in words a reader can
 * judge: the secretary's silence watch after the bench kept the caller quiet, or a failure of its own.
 */
function failureOf(
  job: CallerJob,
  call: SimulatedCall,
  heard: { replies: number; fillers: number },
  silentMs: number,
  reply: string | undefined,
  error?: unknown,
): { cause: FailureCause; error: string } {
  const quote = (text: string) => JSON.stringify(text.length > 120 ? `${text.slice(0, 120)}…` : text);
  const lines = call.replies.slice(heard.replies);
  const fillers = call.fillers.slice(heard.fillers);
  const meanwhile = [...lines.map(quote), ...fillers.map((filler) => `${quote(filler)} (a filler)`)];
  const silence =
    `the caller had said nothing for ${(silentMs / 1000).toFixed(1)} s before this prompt` +
    (job.silenceRepromptMs === undefined ? "" : `; the server re-prompts after ${job.silenceRepromptMs / 1000} s`);
  const silenceLine = [...lines, ...(call.outcome ? call.replies.slice(-1) : [])].find((line) =>
    SILENCE_LINES.has(line.trim()),
  );
  if (silenceLine !== undefined)
    return {
      cause: "silence watch",
      error: `heard the silence watch's ${quote(silenceLine)} instead of the reply (${silence})${call.outcome ? `; the call ended (${callEnd(call, call.outcome)})` : ""}`,
    };
  if (reply !== undefined)
    return {
      cause: "wrong reply",
      error: `heard ${reply.trim() ? quote(reply) : "a reply with no words"} instead of the reply (offline failover?)${meanwhile.length > 1 ? `; everything it heard: ${meanwhile.join(", ")}` : ""}`,
    };
  if (call.outcome)
    return {
      cause: "call ended",
      error: `the call ended before the reply (${callEnd(call, call.outcome)})${meanwhile.length ? `; it heard ${meanwhile.join(", ")}` : ""}`,
    };
  return {
    cause: "no reply",
    error: `${describe(error)}; it heard ${meanwhile.length ? meanwhile.join(", ") : "nothing"} meanwhile (${silence})`,
  };
}

/** How the call ended, and the last words its caller heard (marked when they were the silence watch's). */
function callEnd(call: SimulatedCall, outcome: CallOutcome): string {
  const last = call.replies.at(-1);
  return [
    `${outcome.reason}${outcome.error ? `: ${outcome.error}` : ""}`,
    ...(last === undefined
      ? []
      : [
          `the last words heard: ${JSON.stringify(last.slice(0, 120))}${SILENCE_LINES.has(last.trim()) ? ", the silence watch's" : ""}`,
        ]),
  ].join("; ");
}
