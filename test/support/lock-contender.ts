// A process that wants lock files, for test/process-lock.test.ts. It prints one JSON line with what it
// got, keeps what it took until its stdin closes, then exits normally (which releases it).
//   hold <lockFile>                 takes one lock, or reports who holds it
//   race <lockFile>...              says it is ready, reads the moment to start from stdin, then tries
//                                   each lock once, as fast as it can
import { once } from "node:events";
import { createInterface } from "node:readline";
import { acquireProcessLock, LockHeldError, tryAcquireProcessLock } from "../../src/db/process-lock.js";

const [mode, ...args] = process.argv.slice(2);

if (mode === "hold") {
  try {
    acquireProcessLock(args[0]!, "the test's resource");
    report({ held: true });
  } catch (error) {
    if (!(error instanceof LockHeldError)) throw error;
    report({ held: false, message: error.message });
  }
} else if (mode === "race") {
  report({ ready: true });
  const [startAt] = (await once(createInterface({ input: process.stdin }), "line")) as [string];
  // Spinning rather than sleeping: every contender leaves the line within the same scheduler tick or two.
  while (Date.now() < Number(startAt));
  const won = args.filter((lockFile) => tryAcquireProcessLock(lockFile) !== undefined);
  report({ won });
} else {
  throw new Error(`unknown mode ${mode}`);
}
process.stdin.resume();
await once(process.stdin, "end");

function report(outcome: object): void {
  process.stdout.write(`${JSON.stringify({ pid: process.pid, ...outcome })}\n`);
}
