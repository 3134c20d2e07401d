// Reads a V8 sampling heap profile (.heapprofile, HeapProfiler.SamplingHeapProfile of the Chrome
// DevTools protocol) without DevTools: what a server allocated over a window, by function and by
// package or file, per turn (bench:calls) or per request (bench:search).
import path from "node:path";
import { groupOf, shortPath } from "./cpu-profile-summary.js";

interface SamplingHeapProfileNode {
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  /** Bytes allocated by this function itself (not its callees), V8's estimate from the samples. */
  selfSize: number;
  id: number;
  children: SamplingHeapProfileNode[];
}

/** The parts of the .heapprofile format read here. */
export interface SamplingHeapProfile {
  head: SamplingHeapProfileNode;
  samples: { size: number; nodeId: number; ordinal: number }[];
}

export interface HeapProfileSummary {
  file: string;
  totalBytes: number;
  samples: number;
  /** Self allocation, largest first. */
  functions: { name: string; where: string; group: string; bytes: number }[];
  groups: { group: string; bytes: number }[];
}

export function summariseHeapProfile(file: string, profile: SamplingHeapProfile): HeapProfileSummary {
  const functions = new Map<string, HeapProfileSummary["functions"][number]>();
  const groups = new Map<string, number>();
  let totalBytes = 0;
  // Iterative: the tree is as deep as the deepest stack sampled. What a built-in allocates (a Map,
  // a Promise, a string) is counted to the file of its nearest caller that has one, which is what
  // would have to change.
  const stack: { node: SamplingHeapProfileNode; caller: string | undefined }[] = [
    { node: profile.head, caller: undefined },
  ];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const { node } = item;
    const frame = node.callFrame;
    const caller = frame.url ? frame.url : item.caller;
    for (const child of node.children) stack.push({ node: child, caller });
    if (node.selfSize === 0) continue;
    totalBytes += node.selfSize;
    const group = groupOf(caller ?? "", frame.functionName);
    const where = frame.url
      ? `${shortPath(frame.url)}${frame.lineNumber > 0 ? `:${frame.lineNumber + 1}` : ""}`
      : caller
        ? `built-in, called from ${shortPath(caller)}`
        : "";
    const name = frame.functionName || "(anonymous)";
    const key = `${name} ${frame.url || caller}:${frame.lineNumber}:${frame.columnNumber}`;
    const entry = functions.get(key) ?? { name, where, group, bytes: 0 };
    entry.bytes += node.selfSize;
    functions.set(key, entry);
    groups.set(group, (groups.get(group) ?? 0) + node.selfSize);
  }
  return {
    file,
    totalBytes,
    samples: profile.samples.length,
    functions: [...functions.values()].sort((a, b) => b.bytes - a.bytes),
    groups: [...groups.entries()].map(([group, bytes]) => ({ group, bytes })).sort((a, b) => b.bytes - a.bytes),
  };
}

/**
 * A few lines to print: KB per turn (or per `unit`: a request) in all, by package or file, then
 * the `top` functions by self allocation.
 */
export function formatHeapProfileSummary(
  summary: HeapProfileSummary,
  who: string,
  turns: number,
  top: number,
  unit = "turn",
): string[] {
  const perTurn = (bytes: number) => `${(bytes / 1024 / Math.max(turns, 1)).toFixed(1).padStart(8)} KB`;
  const share = (bytes: number) => `${((bytes / Math.max(summary.totalBytes, 1)) * 100).toFixed(1).padStart(5)}%`;
  return [
    `  heap profile of the ${who} over the ${unit}s (${path.basename(summary.file)}, ${summary.samples} samples): ` +
      `${(summary.totalBytes / 1024 / Math.max(turns, 1)).toFixed(1)} KB allocated per ${unit} (${turns} ${unit}s, ` +
      `${(summary.totalBytes / 1024 / 1024).toFixed(1)} MB in all, including what the collector freed); self allocation per ${unit}:`,
    "    by package or file:",
    ...summary.groups.slice(0, 15).map(({ group, bytes }) => `    ${perTurn(bytes)} ${share(bytes)}  ${group}`),
    `    top ${top} functions:`,
    ...summary.functions
      .slice(0, top)
      .map(({ name, where, group, bytes }) => `    ${perTurn(bytes)} ${share(bytes)}  ${name}  ${where || group}`),
  ];
}
