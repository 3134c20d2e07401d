import { execFile } from "node:child_process";
import { readlinkSync } from "node:fs";
import { setPriority } from "node:os";
import { promisify } from "node:util";

/** What the embedded database's thread got: see moveThreadToBackground. */
export type BackgroundPriority = "idle" | "lowered" | "unchanged";

const run = promisify(execFile);

/**
 * Puts the calling thread behind every other thread of the machine for the CPU. The embedded
 * database's thread runs a statement for a millisecond or more at a time, and a caller who has
 * just spoken is waiting on the event loop, not on it (the hot path never waits for a write).
 *
 * Linux's SCHED_IDLE policy is what does it: a thread woken with work takes the CPU from a
 * SCHED_IDLE thread at once. A lowered nice value alone leaves the woken thread waiting until
 * the database's time slice runs out, which is what made the benchmark's slowest turns (README).
 * Node has no call for a scheduling policy, so util-linux's `chrt` sets it; where `chrt` is
 * missing or refused, the thread gets nice 10 instead.
 * Linux only: elsewhere a nice value belongs to the whole process, the event loop included.
 */
export async function moveThreadToBackground(): Promise<BackgroundPriority> {
  if (process.platform !== "linux") return "unchanged";
  // Linux's "process" IDs in scheduling calls are thread IDs; this names the calling thread.
  const threadId = Number(readlinkSync("/proc/thread-self").split("/").pop());
  try {
    await run("chrt", ["--idle", "--pid", "0", String(threadId)]);
    return "idle";
  } catch {
    try {
      setPriority(threadId, 10);
      return "lowered";
    } catch {
      return "unchanged";
    }
  }
}
