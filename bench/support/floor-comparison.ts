// `bench:calls -- --pairs N` and `--sweep`: the secretary and its floor (the bare relay) measured
// side by side, in alternating runs of one invocation, because this machine's speed drifts by 2x
// from hour to hour: only ratios taken minutes apart mean anything. Each run is a fresh process
// (and, for the secretary, a fresh scratch database); this file orders the runs and prints them.
import { ms } from "./measure.js";
import type { ServerKind } from "./server-process.js";

/** Server overhead per turn (prompt in -> first token out, minus Claude's TTFT), in ms. */
export interface Percentiles {
  p50: number;
  p99: number;
}

/** What one run leaves for the comparison: its numbers, never its samples, so memory stays bounded. */
export interface RunSummary {
  server: ServerKind;
  calls: number;
  totalTurns: number;
  /** Turns that failed, were skipped after a failure, or belonged to a call that could not be placed. */
  failedTurns: number;
  /** Other failures (a hang-up that went wrong). */
  otherFailures: number;
  /** The failed turns by what their callers heard instead of the reply, when any failed. */
  failureCauses: string | undefined;
  /** Timed at the wire (with --wire) and by the load generators; undefined without a sample. */
  wire: Percentiles | undefined;
  generator: Percentiles | undefined;
  cpuPerTurnMs: number | undefined;
  serverLoopBusy: number | undefined;
  /** The simulated callers' own event loop: a saturated load generator shows here. */
  callersLoopP99: number;
  callersCpuShare: number;
  /** What the rest of the machine used meanwhile, as a share of one core. */
  othersShare: number | undefined;
  peakRssKb: number | undefined;
  /** This process, after the run: it keeps summaries only, so a long sweep's memory stays flat. */
  benchRssKb: number;
  /** Printed under the run's line: the first failures, a profile's summary. */
  notes: string[];
}

export interface ComparisonPlan {
  /** Concurrent calls at each level: one level for --pairs, several for --sweep. */
  levels: number[];
  /** Alternating pairs at each level. */
  pairs: number;
  sweep: boolean;
  /** How the bench set the servers up, printed before the runs and under the sweep's curve. */
  conditions: string[];
}

export interface Pair {
  calls: number;
  project: RunSummary;
  floor: RunSummary;
}

type Ratios = Record<"wireP50" | "wireP99" | "generatorP50" | "generatorP99" | "cpuPerTurn", number | undefined>;

const RATIO_LABELS: [keyof Ratios, string][] = [
  ["wireP50", "wire p50"],
  ["wireP99", "wire p99"],
  ["generatorP50", "load-generator p50"],
  ["generatorP99", "load-generator p99"],
  ["cpuPerTurn", "CPU per turn"],
];
// Goal 1 of issue 17: within 1.5x the floor's p99 and 2x its p50, with no failed turn.
const P99_LIMIT = 1.5;
const P50_LIMIT = 2;

/**
 * Runs the pairs, level by level: project then floor, then floor then project (ABBA), so that a
 * machine getting slower or faster over the run favours neither. Prints each run and each pair's
 * ratios as they come.
 */
export async function compareWithFloor(
  plan: ComparisonPlan,
  runOne: (server: ServerKind, calls: number) => Promise<RunSummary>,
): Promise<Pair[]> {
  const pairs: Pair[] = [];
  const total = plan.levels.length * plan.pairs * 2;
  let runs = 0;
  for (const condition of plan.conditions) console.log(condition);
  for (const calls of plan.levels) {
    for (let p = 0; p < plan.pairs; p++) {
      const order: ServerKind[] = pairs.length % 2 === 0 ? ["project", "floor"] : ["floor", "project"];
      const pair: Partial<Record<ServerKind, RunSummary>> = {};
      for (const server of order) {
        process.stderr.write(`run ${++runs} of ${total}: ${server}, ${calls} calls\n`);
        const summary = await runOne(server, calls);
        pair[server] = summary;
        console.log(runLine(summary));
        for (const note of summary.notes) console.log(note);
      }
      const done = { calls, project: pair.project!, floor: pair.floor! };
      pairs.push(done);
      console.log(`pair ${pairs.length} (${calls} calls), project / floor: ${ratioLine(ratios(done))}\n`);
    }
  }
  return pairs;
}

/** The end of a comparison: each ratio's range over the pairs, or the sweep's curve. False when a --pairs run failed turns. */
export function reportComparison(plan: ComparisonPlan, pairs: Pair[]): boolean {
  if (plan.sweep) {
    console.log(curve(plan, pairs).join("\n"));
    return true;
  }
  const all = pairs.map(ratios);
  console.log(
    [
      `project / floor over ${pairs.length} pair${pairs.length === 1 ? "" : "s"} at ${plan.levels[0]} calls (range, median):`,
      ...RATIO_LABELS.flatMap(([key, label]) => {
        const values = all.flatMap((r) => (r[key] === undefined ? [] : [r[key]]));
        return values.length === 0 ? [] : [`  ${`${label}:`.padEnd(20)}${range(values)}`];
      }),
    ].join("\n"),
  );
  return pairs.every((pair) => pair.project.failedTurns + pair.floor.failedTurns === 0);
}

function ratios({ project, floor }: Pair): Ratios {
  const ratio = (a: number | undefined, b: number | undefined) => (a === undefined || !b ? undefined : a / b);
  return {
    wireP50: ratio(project.wire?.p50, floor.wire?.p50),
    wireP99: ratio(project.wire?.p99, floor.wire?.p99),
    generatorP50: ratio(project.generator?.p50, floor.generator?.p50),
    generatorP99: ratio(project.generator?.p99, floor.generator?.p99),
    cpuPerTurn: ratio(project.cpuPerTurnMs, floor.cpuPerTurnMs),
  };
}

const x = (value: number | undefined) => (value === undefined ? "n/a" : `${value.toFixed(2)}x`);
const p = (value: Percentiles | undefined) => (value ? `p50 ${ms(value.p50)} p99 ${ms(value.p99)}` : "no samples");
const pct = (share: number | undefined) => (share === undefined ? "n/a" : `${Math.round(share * 100)}%`);
const mb = (kb: number | undefined) => (kb === undefined ? "n/a" : `${Math.round(kb / 1024)} MB`);

function runLine(run: RunSummary): string {
  const head = `  ${run.server.padEnd(7)} ${String(run.calls).padStart(5)} calls: `;
  return [
    head,
    ...(run.wire ? [`wire ${p(run.wire)}; `] : []),
    `load generator ${p(run.generator)}; `,
    `CPU ${run.cpuPerTurnMs === undefined ? "n/a" : `${run.cpuPerTurnMs.toFixed(1)} ms`} per turn; `,
    `failed turns ${run.failedTurns} of ${run.totalTurns}${run.failureCauses ? ` (${run.failureCauses})` : ""}${run.otherFailures ? ` (and ${run.otherFailures} other failures)` : ""}\n`,
    " ".repeat(head.length),
    `loop busy ${pct(run.serverLoopBusy)}, peak RSS ${mb(run.peakRssKb)}; `,
    `callers' loop p99 ${ms(run.callersLoopP99)}, CPU ${pct(run.callersCpuShare)} of a core; `,
    `the rest of the machine ${pct(run.othersShare)}; the bench's RSS ${mb(run.benchRssKb)}`,
  ].join("");
}

function ratioLine(r: Ratios): string {
  return RATIO_LABELS.flatMap(([key, label]) => (r[key] === undefined ? [] : [`${label} ${x(r[key])}`])).join(", ");
}

function range(values: number[]): string {
  return `${x(Math.min(...values))} – ${x(Math.max(...values))} (${x(median(values))})`;
}

function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = values.toSorted((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

const medianOf = (values: (number | undefined)[]) =>
  median(values.filter((value): value is number => value !== undefined));

/**
 * The sweep's curve: per level, medians over its pairs, timed at the wire when every run was, else
 * by the load generators. Marks the largest level where the project failed no turn and stayed
 * within P99_LIMIT x the floor's p99 and P50_LIMIT x its p50.
 */
function curve(plan: ComparisonPlan, pairs: Pair[]): string[] {
  const atWire = pairs.every((pair) => pair.project.wire && pair.floor.wire);
  const basis = (run: RunSummary) => (atWire ? run.wire : run.generator);
  const levels = [...new Set(pairs.map((pair) => pair.calls))];
  const rows = levels.map((calls) => {
    const level = pairs.filter((pair) => pair.calls === calls);
    const of = (server: ServerKind, pick: (run: RunSummary) => number | undefined) =>
      medianOf(level.map((pair) => pick(pair[server])));
    const ratio = (pick: (run: RunSummary) => number | undefined) =>
      medianOf(
        level.map((pair) => {
          const floor = pick(pair.floor);
          const project = pick(pair.project);
          return floor && project !== undefined ? project / floor : undefined;
        }),
      );
    const p50Ratio = ratio((run) => basis(run)?.p50);
    const p99Ratio = ratio((run) => basis(run)?.p99);
    const projectFailed = level.reduce((sum, pair) => sum + pair.project.failedTurns, 0);
    const floorFailed = level.reduce((sum, pair) => sum + pair.floor.failedTurns, 0);
    const within =
      projectFailed === 0 &&
      p50Ratio !== undefined &&
      p99Ratio !== undefined &&
      p50Ratio <= P50_LIMIT &&
      p99Ratio <= P99_LIMIT;
    const cell = (server: ServerKind) =>
      `${num(of(server, (run) => basis(run)?.p50))} / ${num(of(server, (run) => basis(run)?.p99))}`;
    const cpu = (server: ServerKind) => num(of(server, (run) => run.cpuPerTurnMs));
    const callersLoop = Math.max(...level.flatMap((pair) => [pair.project.callersLoopP99, pair.floor.callersLoopP99]));
    return {
      calls,
      within,
      cells: [
        String(calls),
        cell("floor"),
        cell("project"),
        `${x(p50Ratio)} / ${x(p99Ratio)}`,
        `${cpu("floor")} / ${cpu("project")} (${x(ratio((run) => run.cpuPerTurnMs))})`,
        `${floorFailed} / ${projectFailed}`,
        num(callersLoop),
      ],
    };
  });
  const capacity = rows.filter((row) => row.within).at(-1)?.calls;
  const header = [
    "calls",
    "floor p50 / p99",
    "project p50 / p99",
    "ratio p50 / p99",
    "CPU per turn floor / project",
    "failed turns floor / project",
    "callers' loop p99",
  ];
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row.cells[i]?.length ?? 0)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padStart(widths[i] ?? 0)).join("  ");
  const perLevel = pairs.length / levels.length;
  return [
    "",
    `capacity sweep: server overhead ${atWire ? "timed at the wire" : "timed by the load generators"}, ms; ` +
      `${perLevel > 1 ? `medians over ${perLevel} alternating pairs per level` : "one alternating pair per level"}; CPU per turn in ms; ` +
      "the callers' loop p99 is the worst run's (when it grows, the load generator is saturated too)",
    line(header),
    ...rows.map((row) => `${line(row.cells)}${row.calls === capacity ? "  <- capacity" : ""}`),
    ...plan.conditions,
    capacity === undefined
      ? `capacity: no level had 0 failed turns with the project within ${P99_LIMIT}x the floor's p99 and ${P50_LIMIT}x its p50`
      : `capacity: ${capacity} calls, the largest level with 0 failed turns and the project within ${P99_LIMIT}x the floor's p99 and ${P50_LIMIT}x its p50` +
        (rows.some((row) => row.calls < capacity && !row.within)
          ? " (a smaller level missed it: noise, or run it again)"
          : ""),
  ];
}

function num(value: number | undefined): string {
  return value === undefined || Number.isNaN(value) ? "n/a" : value.toFixed(1);
}
