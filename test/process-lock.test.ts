import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { acquireProcessLock, LockHeldError, tryAcquireProcessLock } from "../src/db/process-lock.js";

const repoRoot = fileURLToPath(new URL("..", import.meta.url));
/** No process has this pid: above Linux's largest pid_max, and far above other systems'. */
const NO_SUCH_PID = 2 ** 30;

interface Outcome {
  pid: number;
  held?: boolean;
  message?: string;
  ready?: boolean;
  won?: string[];
}

interface Contender {
  child: ChildProcess;
  /** The next line the contender prints. */
  next(): Promise<Outcome>;
  tell(line: string): void;
  /** Closes its stdin: it exits normally, releasing what it holds. */
  finish(): Promise<void>;
}

/** A process of its own (test/support/lock-contender.ts) that wants lock files. */
function contender(...args: string[]): Contender {
  const child = spawn(process.execPath, ["--import", "tsx", "test/support/lock-contender.ts", ...args], {
    cwd: repoRoot,
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  return {
    child,
    async next() {
      const { value, done } = await lines.next();
      if (done) throw new Error(`the contender exited (${child.exitCode ?? child.signalCode}) before reporting`);
      return JSON.parse(value) as Outcome;
    },
    tell: (line) => child.stdin!.write(`${line}\n`),
    async finish() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.stdin!.end();
      await once(child, "exit");
    },
  };
}

async function killed(child: ChildProcess): Promise<void> {
  child.kill("SIGKILL");
  if (child.exitCode === null && child.signalCode === null) await once(child, "exit");
}

function holderIn(lockFile: string): { pid: number; hostname: string; command: string; since: string } {
  return JSON.parse(readFileSync(lockFile, "utf8"));
}

describe("a lock file that one process at a time may hold", () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), "process-lock-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test("while another process holds it, taking it fails with a message naming the thing, the pid, the command and since when", async () => {
    const lockFile = path.join(dir, "held.lock");
    const holder = contender("hold", lockFile);
    try {
      const { pid, held } = await holder.next();
      assert.equal(held, true);
      assert.equal(tryAcquireProcessLock(lockFile), undefined);
      const refusal = refused(() => acquireProcessLock(lockFile, "The widget store"));
      const { message, holder: named } = refusal;
      assert.match(message, new RegExp(`^The widget store is in use by process ${pid} \\(.*lock-contender\\.ts hold`));
      assert.match(message, new RegExp(`since ${holderIn(lockFile).since}`));
      assert.equal(named.pid, pid);
      // The holder is untouched by the refusals.
      assert.equal(holderIn(lockFile).pid, pid);
    } finally {
      await holder.finish();
    }
    assert.equal(existsSync(lockFile), false, "a normal exit releases the lock");
    const lock = acquireProcessLock(lockFile, "The widget store");
    assert.equal(holderIn(lockFile).pid, process.pid);
    lock.release();
    assert.equal(existsSync(lockFile), false);
  });

  test("the lock of a process killed with SIGKILL is stale, and the next process takes it over", async () => {
    const lockFile = path.join(dir, "killed.lock");
    const holder = contender("hold", lockFile);
    const { pid } = await holder.next();
    await killed(holder.child);
    assert.equal(holderIn(lockFile).pid, pid, "a killed process leaves its lock behind");

    const next = contender("hold", lockFile);
    try {
      const taken = await next.next();
      assert.equal(taken.held, true);
      assert.equal(holderIn(lockFile).pid, taken.pid);
      assert.equal(tryAcquireProcessLock(lockFile), undefined, "the new holder is alive");
    } finally {
      await next.finish();
    }
  });

  test("a process holding a lock fails to take it a second time, and can take it again once it released it", () => {
    const lockFile = path.join(dir, "own.lock");
    const lock = acquireProcessLock(lockFile, "The widget store");
    assert.match(
      refused(() => acquireProcessLock(lockFile, "The widget store")).message,
      new RegExp(`^The widget store is in use by process ${process.pid} \\(this process\\)`),
    );
    lock.release();
    lock.release();
    acquireProcessLock(lockFile, "The widget store").release();
  });

  test("a lock whose pid now belongs to another process (a different start time) is stale", {
    skip: process.platform !== "linux" ? "start times are read from /proc" : false,
  }, () => {
    const lockFile = path.join(dir, "reused.lock");
    // This very pid, alive, but started at another time: the process that wrote the lock is gone.
    writeFileSync(lockFile, JSON.stringify({ ...lockContent(process.pid), startTime: "1" }));
    const lock = acquireProcessLock(lockFile, "The widget store");
    assert.notEqual(holderIn(lockFile).since, "2020-01-01T00:00:00.000Z");
    lock.release();
  });

  test("an unreadable lock file left long ago is stale; a lock from another host is never taken over", () => {
    const unreadable = path.join(dir, "unreadable.lock");
    writeFileSync(unreadable, "");
    utimesSync(unreadable, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    acquireProcessLock(unreadable, "The widget store").release();

    const foreign = path.join(dir, "foreign.lock");
    writeFileSync(foreign, JSON.stringify({ ...lockContent(NO_SUCH_PID), hostname: `not-${hostname()}` }));
    assert.throws(
      () => acquireProcessLock(foreign, "The widget store"),
      (error: Error) =>
        error instanceof LockHeldError &&
        error.message.includes(`process ${NO_SUCH_PID} (node server.js) on host not-${hostname()}`) &&
        error.message.includes(`delete ${foreign}`),
    );
    assert.equal(tryAcquireProcessLock(foreign), undefined);
  });

  test("processes racing to take over the same stale locks, or to create the same new ones: exactly one wins each", async () => {
    const raceDir = mkdtempSync(path.join(dir, "race-"));
    // Enough of them that a takeover that merely checks the content before deleting it is caught
    // deleting the lock another process has just taken (it was in every run tried).
    const lockFiles = Array.from({ length: 400 }, (_, index) => path.join(raceDir, `${index}.lock`));
    // Half of them stale (the holder is gone), half not there yet.
    lockFiles.forEach((lockFile, index) => {
      if (index % 2 === 0) writeFileSync(lockFile, JSON.stringify(lockContent(NO_SUCH_PID)));
    });
    const contenders = Array.from({ length: 4 }, () => contender("race", ...lockFiles));
    try {
      await Promise.all(contenders.map((each) => each.next()));
      const startAt = Date.now() + 100;
      for (const each of contenders) each.tell(String(startAt));
      const outcomes = await Promise.all(contenders.map((each) => each.next()));
      for (const lockFile of lockFiles) {
        const winners = outcomes.filter((outcome) => outcome.won?.includes(lockFile));
        assert.equal(winners.length, 1, `${path.basename(lockFile)} won by ${winners.map((each) => each.pid)}`);
        assert.equal(holderIn(lockFile).pid, winners[0]!.pid);
      }
      assert.deepEqual(
        readdirSync(raceDir).filter((name) => !name.endsWith(".lock")),
        [],
        "no takeover is left behind",
      );
    } finally {
      await Promise.all(contenders.map((each) => each.finish()));
    }
    assert.deepEqual(readdirSync(raceDir), [], "every winner released its locks on exit");
  });
});

function refused(take: () => unknown): LockHeldError {
  try {
    take();
  } catch (error) {
    if (error instanceof LockHeldError) return error;
    throw error;
  }
  assert.fail("the lock was taken");
}

function lockContent(pid: number) {
  return {
    pid,
    startTime: null,
    hostname: hostname(),
    command: "node server.js",
    since: "2020-01-01T00:00:00.000Z",
    nonce: "0123456789abcdef",
  };
}
