// The server a `bench:calls` run measures, as its own process: the secretary (src/main.ts, exactly
// as deployed) or the bare relay that is its floor (bare-relay.ts). Started with a probe of its event
// loop preloaded, watched until it is ready, then idle, and stopped; what it printed is kept.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createWriteStream, readFileSync } from "node:fs";
import { type AddressInfo, createServer } from "node:net";
import { performance } from "node:perf_hooks";
import type { LoopDelay } from "../callers.js";
import { REPO } from "./fixtures.js";
import { cpuMs, sleep } from "./measure.js";

/** project: the secretary, src/main.ts; floor: the bare relay. */
export type ServerKind = "project" | "floor";

const ENTRY: Record<ServerKind, string> = { project: "src/main.ts", floor: "bench/support/bare-relay.ts" };
const READY_TIMEOUT_MS = 60_000;
// After the ramp the secretary is still writing call records; turns start once it is idle.
const QUIET_CPU_FRACTION = 0.1;
const QUIET_MAX_WAIT_MS = 15_000;

export interface ServerProcess {
  kind: ServerKind;
  child: ChildProcess;
  pid: number;
  url: string;
  log: OutputTail;
  /** What /readyz says the database is: "postgres", "pglite", or "none" for the floor. */
  database: string | undefined;
  /** Where the event-loop probe writes what it measured (readProbe). */
  probeFile: string;
  /** The port of its inspector, when it was started with one. */
  inspectPort: number | undefined;
}

/**
 * Spawns the server on `port` with exactly `env` and resolves once /readyz answers 200. With
 * `profileDir`, V8 writes a CPU profile of it there when it exits; with `inspectPort`, its inspector
 * listens on that port of the loopback interface (heap-sampler.ts drives it).
 */
export async function startServer(
  kind: ServerKind,
  options: {
    port: number;
    env: NodeJS.ProcessEnv;
    probeFile: string;
    profileDir: string | undefined;
    inspectPort?: number;
    /** The secretary as `npm run build` leaves it (dist/main.js), not src/main.ts through tsx. */
    built: boolean;
    /** Given to node before the server's entry point (--trace-gc, --max-semi-space-size=…). */
    nodeFlags?: readonly string[];
    /** Everything the server prints is appended here too, after a line naming it. */
    outputFile?: string | undefined;
  },
  started: (child: ChildProcess) => void,
): Promise<ServerProcess> {
  const profiling = options.profileDir ? ["--cpu-prof", "--cpu-prof-dir", options.profileDir] : [];
  const inspecting = options.inspectPort === undefined ? [] : [`--inspect=127.0.0.1:${options.inspectPort}`];
  const built = options.built && kind === "project";
  const child = spawn(
    process.execPath,
    [
      ...profiling,
      ...inspecting,
      ...(options.nodeFlags ?? []),
      ...(built ? [] : ["--import", "tsx"]),
      "--import",
      eventLoopProbe(options.probeFile),
      built ? "dist/main.js" : ENTRY[kind],
    ],
    { cwd: REPO, env: options.env, stdio: ["ignore", "pipe", "pipe"] },
  );
  started(child);
  if (options.outputFile !== undefined) keepOutput(child, kind, options.outputFile);
  const log = new OutputTail(child);
  const url = `http://127.0.0.1:${options.port}`;
  const readiness = await waitUntilReady(url, child, log);
  if (child.pid === undefined) throw new Error(`the ${kind} server has no pid`);
  return {
    kind,
    child,
    pid: child.pid,
    url,
    log,
    database: readiness.database,
    probeFile: options.probeFile,
    inspectPort: options.inspectPort,
  };
}

/** Appends what `child` prints to `file`, all of it: --trace-gc's lines, say, which OutputTail does not keep. */
function keepOutput(child: ChildProcess, kind: ServerKind, file: string): void {
  const out = createWriteStream(file, { flags: "a" });
  out.write(`== the ${kind === "project" ? "secretary" : "floor"}, pid ${child.pid}, ${new Date().toISOString()}\n`);
  child.stdout?.pipe(out, { end: false });
  child.stderr?.pipe(out, { end: false });
  child.once("exit", () => out.end());
}

/**
 * What the server printed: its last lines, to show when it fails to start or dies, and its
 * warnings and errors (pino JSON lines), which are worth reporting. Anything else it prints, such
 * as a start-up banner with a locally generated token, is not repeated in the results.
 */
export class OutputTail {
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

/**
 * Preloaded into the server (a data: URL, so src/ stays untouched): the first SIGUSR2 starts
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
      if (since) for (const entry of list.getEntries()) gcPauses.push({ ms: entry.duration, kind: entry.detail?.kind });
    }).observe({ entryTypes: ["gc"] });
    // How many of the probe's 2 ms ticks came more than limitMs after the one before: one per
    // task (or run of tasks, or pause) that long. The histogram answers a percentile exactly, so
    // the rank where the ticks pass the limit is found by halving.
    const ticksOver = (limitMs) => {
      let below = 0, above = 100;
      for (let step = 0; step < 50; step++) {
        const middle = (below + above) / 2;
        if (delay.percentile(middle) > limitMs * 1e6) above = middle;
        else below = middle;
      }
      return Math.round((delay.count * (100 - above)) / 100);
    };
    const kinds = { 1: "scavenge", 4: "markCompact", 8: "incremental", 16: "weakCallbacks" };
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
      const durations = gcPauses.map((pause) => pause.ms).sort((a, b) => a - b);
      const byKind = {};
      for (const { ms, kind } of gcPauses) {
        const name = kinds[kind] ?? String(kind);
        const sum = (byKind[name] ??= { count: 0, totalMs: 0, maxMs: 0 });
        sum.count++;
        sum.totalMs += ms;
        sum.maxMs = Math.max(sum.maxMs, ms);
      }
      writeFileSync(${JSON.stringify(outFile)}, JSON.stringify({
        p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max),
        stalls: { over10Ms: ticksOver(10), over20Ms: ticksOver(20), over50Ms: ticksOver(50) },
        utilization: performance.eventLoopUtilization(since).utilization,
        gc: { count: durations.length, totalMs: durations.reduce((a, b) => a + b, 0), over2Ms: durations.filter((d) => d > 2).length, maxMs: durations.at(-1) ?? 0, byKind },
      }));
      since = undefined;
    });`;
  return `data:text/javascript,${encodeURIComponent(source)}`;
}

/** What the server measured of itself during the turns. */
export interface ServerProbe extends LoopDelay {
  /** The event loop's ticks that came more than 10, 20 or 50 ms apart: tasks (or pauses) that long. */
  stalls: { over10Ms: number; over20Ms: number; over50Ms: number };
  utilization: number;
  /** Garbage-collection pauses on its main thread, in all and by kind (scavenge, markCompact, …). */
  gc: GcPauses & { over2Ms: number; byKind: Record<string, GcPauses> };
}

export interface GcPauses {
  count: number;
  totalMs: number;
  maxMs: number;
}

export async function readProbe(file: string): Promise<ServerProbe | undefined> {
  for (let attempt = 0; attempt < 40; attempt++) {
    try {
      return JSON.parse(readFileSync(file, "utf8")) as ServerProbe;
    } catch {
      await sleep(50);
    }
  }
  return undefined;
}

async function waitUntilReady(serverUrl: string, child: ChildProcess, log: OutputTail): Promise<{ database?: string }> {
  const started = performance.now();
  let exited = false;
  child.once("exit", () => (exited = true));
  while (performance.now() - started < READY_TIMEOUT_MS) {
    if (exited || child.exitCode !== null)
      throw new Error(`the server exited before it was ready (code ${child.exitCode}):\n${log.text()}`);
    try {
      const response = await fetch(`${serverUrl}/readyz`, { signal: AbortSignal.timeout(2000) });
      if (response.status === 200) return (await response.json()) as { database?: string };
      await response.body?.cancel();
    } catch {
      // Not listening yet.
    }
    await sleep(100);
  }
  throw new Error(`the server was not ready within ${READY_TIMEOUT_MS / 1000} s:\n${log.text()}`);
}

/** Resolves when the server has used under QUIET_CPU_FRACTION of a core for 300 ms. */
export async function waitForQuiet(pid: number, child: ChildProcess): Promise<void> {
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

export async function stopProcess(child: ChildProcess, graceMs: number): Promise<"exited" | "stopped" | "killed"> {
  if (child.exitCode !== null || child.signalCode !== null) return "exited";
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  const inTime = await Promise.race([exited.then(() => true), sleep(graceMs).then(() => false)]);
  if (inTime) return "stopped";
  child.kill("SIGKILL");
  await exited;
  return "killed";
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export function pick(env: NodeJS.ProcessEnv, names: string[]): NodeJS.ProcessEnv {
  return Object.fromEntries(names.flatMap((name) => (env[name] === undefined ? [] : [[name, env[name]]])));
}

// Besides one socket per call: the server's database pool and connections to Claude, the callers'
// webhook connections, files and pipes.
const FILES_BESIDES_CALLS = 256;

/**
 * Throws when `calls` concurrent calls would run out of file descriptors: the server and the
 * callers each hold a socket per call. Node raises its soft limit to the hard one at start-up,
 * and the children inherit this process's, so the hard limit is what counts.
 */
export function checkOpenFilesLimit(calls: number): void {
  let limit: number;
  try {
    const line = readFileSync("/proc/self/limits", "utf8")
      .split("\n")
      .find((l) => l.startsWith("Max open files"));
    limit = Number(line?.split(/\s+/)[3]);
  } catch {
    return;
  }
  const needed = calls + FILES_BESIDES_CALLS;
  if (Number.isFinite(limit) && limit < needed)
    throw new Error(
      `${calls} calls need about ${needed} open files in the server and in the callers, and this process may open ${limit}: raise the limit (ulimit -n ${needed}, or the hard limit in /etc/security/limits.conf)`,
    );
}
