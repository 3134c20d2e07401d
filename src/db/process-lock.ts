// A file that one process at a time may own (Node has no flock). The file is created with O_EXCL and
// holds its owner's identity; an owner that is gone leaves a stale file, which the next process takes over.
//
// Same-host assumption: liveness is checked with the local process table, so it is only known for
// owners on this host. A file written by another host (a network share mounted on two machines) is
// always treated as held, never taken over: the error names that host and the file to delete once
// nothing there uses it. Processes in another PID namespace on this host (a container sharing the
// directory) are not visible either; containers have their own hostname, so the same rule applies.
import { createHash, randomBytes } from "node:crypto";
import { closeSync, fstatSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import { hostname } from "node:os";

export interface ProcessLock {
  readonly path: string;
  release(): void;
}

/** Who owns a lock file, as written in it. */
export interface LockHolder {
  pid: number;
  /** Linux: the process's start time (clock ticks since boot), so that a reused pid is not taken for the owner. */
  startTime: string | null;
  hostname: string;
  command: string;
  /** When the lock was taken (ISO 8601). */
  since: string;
  /** Tells this taking of the lock apart from any other, even by the same process. */
  nonce: string;
}

export class LockHeldError extends Error {
  constructor(
    readonly what: string,
    readonly lockFile: string,
    readonly holder: LockHolder,
  ) {
    super(describeHeld(what, lockFile, holder));
    this.name = "LockHeldError";
  }
}

/** Takes `lockFile` for this process, or throws LockHeldError naming `what` and the holder; a stale lock (its process is gone) is taken over. */
export function acquireProcessLock(lockFile: string, what: string): ProcessLock {
  const outcome = lockOrHolder(lockFile);
  if (isLock(outcome)) return outcome;
  throw new LockHeldError(what, lockFile, outcome);
}

/** Non-throwing variant for scanning: undefined when another live process holds it. */
export function tryAcquireProcessLock(lockFile: string): ProcessLock | undefined {
  const outcome = lockOrHolder(lockFile);
  return isLock(outcome) ? outcome : undefined;
}

/** A lock file that cannot be parsed is being written (open and write are two steps) until it is this old. */
const UNREADABLE_IS_STALE_AFTER_MS = 2000;
/** Others taking and releasing the lock, or taking over the same stale one, settle well within this. */
const GIVE_UP_AFTER_MS = 5000;
const PAUSE_MS = 5;

const held = new Set<ProcessLock>();
let releaseOnExit = false;

function lockOrHolder(lockFile: string): ProcessLock | LockHolder {
  const content = JSON.stringify(thisProcess());
  const deadline = Date.now() + GIVE_UP_AFTER_MS;
  while (Date.now() < deadline) {
    if (createExclusive(lockFile, content)) return heldLock(lockFile, content);
    const found = readLockFile(lockFile);
    // Released between our attempt and the read: try again at once.
    if (!found) continue;
    if (found.holder && isAlive(found.holder)) return found.holder;
    if (!found.holder && Date.now() - found.modifiedMs < UNREADABLE_IS_STALE_AFTER_MS) pause();
    else if (!removeStale(lockFile, found)) pause();
  }
  throw new Error(`could not take the lock file ${lockFile} within ${GIVE_UP_AFTER_MS / 1000} s`);
}

/**
 * Deletes `lockFile` if it is still the `stale` one; false when another process is doing just that.
 * Reading then deleting is not atomic, so two processes that both saw the stale owner could otherwise
 * interleave, the second deleting the lock the first has just taken. The takeover is therefore itself
 * a lock, named after the stale file: only the process holding it may delete, and it checks the
 * file again first (its content, and its time for an unreadable one, which a new lock file being
 * written would otherwise match). (Renaming the stale file aside and restoring it when it turned out to be fresh
 * is not enough: a third process may create the lock while it is aside, and then two hold it.) A
 * takeover lock left by a process killed in those few system calls is stale in turn, and taken over
 * the same way.
 */
function removeStale(lockFile: string, stale: FoundLockFile): boolean {
  const staleId = createHash("sha256").update(`${stale.modifiedMs} ${stale.content}`).digest("hex").slice(0, 16);
  const takeover = lockOrHolder(`${lockFile}.takeover-${staleId}`);
  if (!isLock(takeover)) return false;
  try {
    const current = readLockFile(lockFile);
    if (current?.content === stale.content && current.modifiedMs === stale.modifiedMs) unlinkIfPresent(lockFile);
    return true;
  } finally {
    takeover.release();
  }
}

function heldLock(lockFile: string, content: string): ProcessLock {
  const lock: ProcessLock = {
    path: lockFile,
    release() {
      if (!held.delete(lock)) return;
      // Deleted only while it is still ours: a lock wrongly taken over must not be freed for a third process.
      if (readLockFile(lockFile)?.content === content) unlinkIfPresent(lockFile);
    },
  };
  held.add(lock);
  if (!releaseOnExit) {
    releaseOnExit = true;
    // A normal exit (including process.exit) releases; a killed process leaves a stale lock, taken over later.
    process.on("exit", () => {
      for (const lock of held) lock.release();
    });
  }
  return lock;
}

function createExclusive(lockFile: string, content: string): boolean {
  let fd: number;
  try {
    fd = openSync(lockFile, "wx");
  } catch (error) {
    if (errorCode(error) === "EEXIST") return false;
    throw error;
  }
  try {
    writeSync(fd, content);
  } catch (error) {
    closeSync(fd);
    unlinkIfPresent(lockFile);
    throw error;
  }
  closeSync(fd);
  return true;
}

interface FoundLockFile {
  content: string;
  /** Undefined when the content cannot be parsed. */
  holder: LockHolder | undefined;
  modifiedMs: number;
}

function readLockFile(lockFile: string): FoundLockFile | undefined {
  let fd: number;
  try {
    fd = openSync(lockFile, "r");
  } catch (error) {
    if (errorCode(error) === "ENOENT") return undefined;
    throw error;
  }
  try {
    const modifiedMs = fstatSync(fd).mtimeMs;
    const content = readFileSync(fd, "utf8");
    return { content, holder: parseHolder(content), modifiedMs };
  } finally {
    closeSync(fd);
  }
}

function parseHolder(content: string): LockHolder | undefined {
  try {
    const holder = JSON.parse(content) as Partial<LockHolder>;
    if (!Number.isInteger(holder.pid) || holder.pid! <= 0 || typeof holder.hostname !== "string") return undefined;
    return {
      pid: holder.pid!,
      startTime: typeof holder.startTime === "string" ? holder.startTime : null,
      hostname: holder.hostname,
      command: String(holder.command ?? "?"),
      since: String(holder.since ?? "?"),
      nonce: String(holder.nonce ?? ""),
    };
  } catch {
    return undefined;
  }
}

function thisProcess(): LockHolder {
  const self = linuxProcess(process.pid);
  return {
    pid: process.pid,
    startTime: typeof self === "object" ? self.startTime : null,
    hostname: hostname(),
    command: process.argv.join(" ").slice(0, 500),
    since: new Date().toISOString(),
    nonce: randomBytes(8).toString("hex"),
  };
}

function isAlive(holder: LockHolder): boolean {
  // Another host's processes cannot be seen from here.
  if (holder.hostname !== hostname()) return true;
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    if (errorCode(error) === "ESRCH") return false;
  }
  if (holder.startTime === null) return true;
  const found = linuxProcess(holder.pid);
  // Unreadable (/proc mounted with hidepid, say): it exists, and may be the owner.
  if (found === undefined) return true;
  if (found === "gone") return false;
  // A zombie has exited; a different start time means the pid was reused.
  return found.state !== "Z" && found.state !== "X" && found.startTime === holder.startTime;
}

/** From /proc/<pid>/stat: the state (field 3) and the start time (field 22); undefined off Linux or unreadable. */
function linuxProcess(pid: number): { state: string; startTime: string } | "gone" | undefined {
  if (process.platform !== "linux") return undefined;
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch (error) {
    return errorCode(error) === "ENOENT" ? "gone" : undefined;
  }
  // Field 2, the command name in parentheses, may itself hold spaces and parentheses.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const [state, startTime] = [fields[0], fields[19]];
  return state && startTime ? { state, startTime } : undefined;
}

function describeHeld(what: string, lockFile: string, holder: LockHolder): string {
  const sameHost = holder.hostname === hostname();
  const who = `process ${holder.pid} (${sameHost && holder.pid === process.pid ? "this process" : holder.command})`;
  if (sameHost) {
    return `${what} is in use by ${who}, since ${holder.since}. Only one process may use it at a time: stop that one first.`;
  }
  return (
    `${what} is in use by ${who} on host ${holder.hostname}, since ${holder.since}. ` +
    `A process on another host cannot be checked from here: once nothing there uses it, delete ${lockFile}.`
  );
}

function isLock(outcome: ProcessLock | LockHolder): outcome is ProcessLock {
  return "release" in outcome;
}

function unlinkIfPresent(file: string): void {
  try {
    unlinkSync(file);
  } catch (error) {
    if (errorCode(error) !== "ENOENT") throw error;
  }
}

function pause(): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, PAUSE_MS);
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException).code;
}
