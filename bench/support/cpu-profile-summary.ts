// Reads a V8 CPU profile (.cpuprofile, written by `node --cpu-prof`) without DevTools: where a
// server's main thread spent its time over a window (the turns of a `bench:calls` run), by
// function and by package or file.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { REPO } from "./fixtures.js";

/** The parts of the .cpuprofile format (Chrome DevTools protocol, Profiler.Profile) read here. */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number } }[];
  /** µs on CLOCK_MONOTONIC, as process.hrtime. */
  startTime: number;
  endTime: number;
  /** The node on top of the stack at each sample, and the µs since the sample before it. */
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  file: string;
  /** Sampled time in the window, and how much of it the thread was idle (waiting for events). */
  sampledMs: number;
  idleMs: number;
  /** Self time, busiest first: the function itself, not what it called. */
  functions: { name: string; where: string; group: string; ms: number }[];
  groups: { group: string; ms: number }[];
}

/**
 * The profile V8 wrote for the main thread of process `pid` in `dir` (named
 * CPU.<date>.<time>.<pid>.<thread>.<sequence>.cpuprofile; the main thread is thread 0).
 */
export function findCpuProfile(dir: string, pid: number): string | undefined {
  const name = readdirSync(dir).find((file) => file.endsWith(".cpuprofile") && file.includes(`.${pid}.0.`));
  return name === undefined ? undefined : path.join(dir, name);
}

/** Self time per function and per package or file, over samples taken from `fromUs` to `toUs` (CLOCK_MONOTONIC). */
export function summariseCpuProfile(file: string, window: { fromUs: number; toUs: number }): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const selfUs = new Map<number, number>();
  let at = profile.startTime;
  // A sample stands for the time until the next one (the last, until the profile ends).
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i] ?? 0;
    const next = i + 1 < profile.samples.length ? at + (profile.timeDeltas[i + 1] ?? 0) : profile.endTime;
    const from = Math.max(at, window.fromUs);
    const to = Math.min(next, window.toUs);
    if (to <= from) continue;
    const id = profile.samples[i] ?? -1;
    selfUs.set(id, (selfUs.get(id) ?? 0) + (to - from));
  }

  const functions = new Map<string, ProfileSummary["functions"][number]>();
  const groups = new Map<string, number>();
  let sampledUs = 0;
  let idleUs = 0;
  for (const [id, us] of selfUs) {
    const frame = nodes.get(id);
    if (!frame) continue;
    sampledUs += us;
    if (frame.functionName === "(idle)") {
      idleUs += us;
      continue;
    }
    const group = groupOf(frame.url, frame.functionName);
    // tsx compiles TypeScript onto one line: there, only the file says where a function is.
    const where = frame.url ? `${shortPath(frame.url)}${frame.lineNumber > 0 ? `:${frame.lineNumber + 1}` : ""}` : "";
    const name = frame.functionName || "(anonymous)";
    const key = `${name} ${frame.url}:${frame.lineNumber}:${frame.columnNumber}`;
    const entry = functions.get(key) ?? { name, where, group, ms: 0 };
    entry.ms += us / 1000;
    functions.set(key, entry);
    groups.set(group, (groups.get(group) ?? 0) + us / 1000);
  }
  return {
    file,
    sampledMs: sampledUs / 1000,
    idleMs: idleUs / 1000,
    functions: [...functions.values()].sort((a, b) => b.ms - a.ms),
    groups: [...groups.entries()].map(([group, ms]) => ({ group, ms })).sort((a, b) => b.ms - a.ms),
  };
}

/** A few lines to print: the busiest packages or files, then the `top` busiest functions; `over` says what the window held. */
export function formatProfileSummary(summary: ProfileSummary, who: string, top: number, over = "the turns"): string[] {
  const busyMs = summary.sampledMs - summary.idleMs;
  const share = (ms: number) => `${((ms / Math.max(busyMs, 1e-9)) * 100).toFixed(1).padStart(5)}%`;
  const time = (ms: number) => `${ms.toFixed(1).padStart(8)} ms`;
  return [
    `  CPU profile of the ${who}'s main thread over ${over} (${path.basename(summary.file)}): ` +
      `${busyMs.toFixed(0)} ms busy of ${summary.sampledMs.toFixed(0)} ms sampled; self time, % of busy:`,
    "    by package or file:",
    ...summary.groups.slice(0, 12).map(({ group, ms }) => `    ${time(ms)} ${share(ms)}  ${group}`),
    `    top ${top} functions:`,
    ...summary.functions
      .slice(0, top)
      .map(({ name, where, group, ms }) => `    ${time(ms)} ${share(ms)}  ${name}  ${where || group}`),
  ];
}

const REPO_URL = `${pathToFileURL(REPO).href}/`;

/** A package (node_modules/<name> or <@scope/name>), a file of ours (src/…), a part of Node, or what V8 does itself. */
export function groupOf(url: string, functionName: string): string {
  if (!url) {
    if (functionName === "(garbage collector)" || functionName === "(program)") return functionName;
    return "(V8 built-ins and native code)";
  }
  const modules = url.lastIndexOf("/node_modules/");
  if (modules >= 0) {
    const [first = "", second = ""] = url.slice(modules + "/node_modules/".length).split("/");
    return `node_modules/${first.startsWith("@") ? `${first}/${second}` : first}`;
  }
  if (url.startsWith("node:internal/")) return `node:internal/${url.slice("node:internal/".length).split("/")[0]}`;
  if (url.startsWith("data:")) return "(the bench's event-loop probe)";
  return shortPath(url);
}

export function shortPath(url: string): string {
  if (url.startsWith(REPO_URL)) return url.slice(REPO_URL.length);
  const modules = url.lastIndexOf("/node_modules/");
  return modules >= 0 ? url.slice(modules + 1) : url;
}
