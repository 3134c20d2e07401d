import { performance } from "node:perf_hooks";

// A call sends a few frames a second: partial prompts every 200–300 ms, a frame per key pressed,
// speaker events. A burst of a hundred and a steady thirty a second is far above that, and far
// below what it takes to make a process wait (every final prompt starts work).
const BURST = 100;
const PER_SECOND = 30;

/**
 * How many frames a socket may still send: a token bucket that refills at PER_SECOND up to BURST.
 * A socket that runs it dry is flooding, not talking.
 */
export class FrameBudget {
  private tokens = BURST;
  private refilledAt = performance.now();

  /** Takes one frame's token; false when there is none left. */
  take(): boolean {
    const now = performance.now();
    this.tokens = Math.min(BURST, this.tokens + ((now - this.refilledAt) * PER_SECOND) / 1000);
    this.refilledAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
