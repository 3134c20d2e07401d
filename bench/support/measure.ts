// Shared by the benchmarks: clocks, percentiles, formatting, what the machine is doing.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { type EventLoopUtilization, monitorEventLoopDelay, performance } from "node:perf_hooks";

/** The PostgreSQL server the benches use when DATABASE_URL is not set: this machine's. */
export const DEFAULT_SERVER_URL = "postgresql://postgres@127.0.0.1:5432/test";

/**
 * CLOCK_MONOTONIC in ms. One clock for every process on the machine, so stamps taken in different
 * processes compare directly; `performance.timeOrigin + performance.now()` would add each process's
 * own wall-clock sample at start-up (and NTP slewing) to every cross-process difference.
 */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export interface Distribution {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentiles: every figure reported is a value that was actually observed. */
export function summarize(values: readonly number[]): Distribution | undefined {
  if (values.length === 0) return undefined;
  const sorted = Float64Array.from(values).sort();
  const at = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
  let sum = 0;
  for (const value of sorted) sum += value;
  return {
    count: sorted.length,
    p50: at(50),
    p95: at(95),
    p99: at(99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
    mean: sum / sorted.length,
  };
}

export function ms(value: number | undefined, digits = 1): string {
  return value === undefined || Number.isNaN(value) ? "n/a" : `${value.toFixed(digits)} ms`;
}

export function formatDistribution(
  values: readonly number[],
  options: { digits?: number; count?: boolean } = {},
): string {
  const s = summarize(values);
  if (!s) return "no samples";
  const d = options.digits ?? 1;
  const n = options.count === false ? "" : `  (n=${s.count})`;
  return `p50 ${ms(s.p50, d)}  p95 ${ms(s.p95, d)}  p99 ${ms(s.p99, d)}  max ${ms(s.max, d)}${n}`;
}

export interface LoopStats {
  delayP50Ms: number;
  delayP99Ms: number;
  delayMaxMs: number;
  /** Share of wall time the event loop was busy. */
  utilization: number;
  cpuMs: number;
  wallMs: number;
}

/** Event-loop delay, utilisation and CPU of this process over a window, to show whether it was the bottleneck. */
export function startLoopProbe(): { stop(): LoopStats } {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const elu: EventLoopUtilization = performance.eventLoopUtilization();
  const cpu = process.cpuUsage();
  const started = monotonicMs();
  return {
    stop() {
      delay.disable();
      const used = process.cpuUsage(cpu);
      const toMs = (ns: number) => ns / 1e6;
      return {
        delayP50Ms: toMs(delay.percentile(50)),
        delayP99Ms: toMs(delay.percentile(99)),
        delayMaxMs: toMs(delay.max),
        utilization: performance.eventLoopUtilization(elu).utilization,
        cpuMs: (used.user + used.system) / 1000,
        wallMs: monotonicMs() - started,
      };
    },
  };
}

export function formatLoop(stats: LoopStats): string {
  const core = Math.round((stats.cpuMs / Math.max(1, stats.wallMs)) * 100);
  return `loop busy ${Math.round(stats.utilization * 100)}%, loop delay p99 ${ms(stats.delayP99Ms)} max ${ms(stats.delayMaxMs)}, CPU ${core}% of a core`;
}

export const sleep = (milliseconds: number) => new Promise<void>((resolve) => setTimeout(resolve, milliseconds));

/** Rejects with `message` if `promise` has not settled within `timeoutMs`. */
export function withTimeout<T>(promise: Promise<T>, timeoutMs: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(message)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export const describeError = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * CPU time the whole machine spent busy, in ms, from /proc/stat (undefined elsewhere). Compared
 * with this process's own CPU it shows whether something else competed for the cores meanwhile.
 */
export function machineBusyMs(): number | undefined {
  try {
    const fields = readFileSync("/proc/stat", "utf8").split("\n", 1)[0]?.trim().split(/\s+/).slice(1).map(Number) ?? [];
    // user nice system idle iowait irq softirq steal: everything but idle and iowait is busy.
    const busy = fields.slice(0, 8).reduce((sum, value, i) => (i === 3 || i === 4 ? sum : sum + value), 0);
    return (busy * 1000) / CLOCK_TICKS_PER_S;
  } catch {
    return undefined;
  }
}

const CLOCK_TICKS_PER_S = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/**
 * CPU used by the local PostgreSQL server (every database on it), in ms, or undefined when no
 * postgres process is visible. Backends and parallel workers that exit are reaped by the
 * postmaster, whose children's time (cutime + cstime) then includes them, so a difference of two
 * readings covers short-lived workers too.
 */
export function postgresCpuMs(): number | undefined {
  let ticks = 0;
  let found = false;
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return undefined;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue;
    }
    // "pid (comm) state ppid …": comm may contain spaces, so fields are counted after the last ")".
    const close = stat.lastIndexOf(")");
    if (stat.slice(stat.indexOf("(") + 1, close) !== "postgres") continue;
    const fields = stat.slice(close + 2).split(" ");
    // After comm: state is field 3, so utime (14), stime (15), cutime (16), cstime (17) are at 11..14.
    ticks += [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i] ?? 0), 0);
    found = true;
  }
  return found ? (ticks * 1000) / CLOCK_TICKS_PER_S : undefined;
}

/** A size from /proc/<pid>/status (VmRSS: resident now; VmHWM: the peak), in kB. */
export function procStatusKb(pid: number, field: "VmRSS" | "VmHWM"): number | undefined {
  try {
    const match = readFileSync(`/proc/${pid}/status`, "utf8").match(new RegExp(`^${field}:\\s+(\\d+) kB`, "m"));
    return match?.[1] === undefined ? undefined : Number(match[1]);
  } catch {
    return undefined;
  }
}

/** User + system CPU time of `pid` so far. */
export function cpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name may contain spaces; the fields after its closing parenthesis do not.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? (ticks * 1000) / CLOCK_TICKS_PER_S : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The main thread of `pid` (its event loop): time on a CPU and time spent runnable but waiting for
 * one, from the scheduler's own accounting (/proc/PID/schedstat, nanoseconds).
 */
export function mainThreadSchedMs(pid: number): { onCpuMs: number; waitingMs: number } | undefined {
  try {
    const [onCpu, waiting] = readFileSync(`/proc/${pid}/schedstat`, "utf8").trim().split(/\s+/).map(Number);
    if (onCpu === undefined || waiting === undefined || !Number.isFinite(onCpu) || !Number.isFinite(waiting))
      return undefined;
    return { onCpuMs: onCpu / 1e6, waitingMs: waiting / 1e6 };
  } catch {
    return undefined;
  }
}
