import { mkdirSync, realpathSync } from "node:fs";
import { acquireProcessLock, type ProcessLock } from "./process-lock.js";

/**
 * Claims PGlite's directory (created if missing) for this process: two processes on one directory
 * corrupt it, and PGlite does not stop them (the postmaster.pid it writes names the same pid, -42,
 * in every process). The lock is a file beside the directory, found through the real path so that
 * every way of naming the directory meets the same lock. Throws LockHeldError when it is in use.
 */
export function lockEmbeddedDatabase(dir: string): ProcessLock {
  mkdirSync(dir, { recursive: true });
  const realDir = realpathSync(dir);
  return acquireProcessLock(`${realDir}.lock`, `The embedded database ${realDir}`);
}
