import { describeError } from "./measure.js";

/** A bad command-line flag: runBench prints it with the usage and exits 2. */
export class UsageError extends Error {}

/** An integer flag's value, or a UsageError naming the flag and its allowed range. */
export function integerFlag(name: string, raw: string, min: number, max = Infinity): number {
  const value = Number(raw);
  if (Number.isInteger(value) && value >= min && value <= max) return value;
  const range = max === Infinity ? `>= ${min}` : `from ${min} to ${max}`;
  throw new UsageError(`--${name} must be an integer ${range}, got ${JSON.stringify(raw)}`);
}

export interface BenchDefinition<Options extends { timeoutMs: number }, Results, Resources> {
  usage: string;
  /** Parsed flags, or undefined for --help; throws on bad flags. */
  parseOptions(): Options | undefined;
  /** Filled in by `run` as it starts things, so `cleanUp` can stop them whatever happens. */
  resources: Resources;
  run(options: Options, resources: Resources): Promise<Results>;
  /** Prints the results; false when the run itself broke (lost events, failed calls). */
  report(results: Results): boolean;
  cleanUp(resources: Resources): Promise<void>;
}

/**
 * What every benchmark does around its measurement: flags and --help, a global deadline (and
 * Ctrl-C) that ends the run, and clean-up however it ends. Resolves with the exit code.
 */
export async function runBench<Options extends { timeoutMs: number }, Results, Resources>(
  bench: BenchDefinition<Options, Results, Resources>,
): Promise<number> {
  let options: Options | undefined;
  try {
    options = bench.parseOptions();
  } catch (error) {
    console.error(`${describeError(error)}\n\n${bench.usage}`);
    return 2;
  }
  if (!options) {
    console.log(bench.usage);
    return 0;
  }
  const timeoutMs = options.timeoutMs;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`the bench did not finish within ${timeoutMs / 1000} s`)), timeoutMs);
    process.once("SIGINT", () => reject(new Error("interrupted")));
  });
  try {
    const results = await Promise.race([bench.run(options, bench.resources), deadline]);
    return bench.report(results) ? 0 : 1;
  } catch (error) {
    console.error(`bench failed: ${describeError(error)}`);
    return 1;
  } finally {
    clearTimeout(timer);
    await bench.cleanUp(bench.resources);
  }
}
