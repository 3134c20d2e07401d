import { performance } from "node:perf_hooks";
import type { Timing } from "../config.js";

export type StreamTiming = Pick<Timing, "firstTokenTimeoutMs" | "streamIdleTimeoutMs" | "roundTimeoutMs">;

/**
 * The deadlines of one streamed request: its first token, each gap between tokens after that, and
 * its end. They count from the moment the request was written (`sent`); until then from the moment
 * it was made, so that a request that never leaves (a connection that never opens) misses them too.
 *
 * A deadline is judged only once the events that had already arrived have been read: the timer's
 * verdict waits for the next check phase of the event loop, after its poll phase. A process too
 * busy to read its sockets on time must not take its own lateness for the model stalling.
 */
export class StreamDeadlines {
  private startedAt = performance.now();
  private lastTokenAt: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** When the timer fires: never after the deadline that comes first, so that none is judged late. */
  private timerAt = 0;
  private stopped = false;
  /** Why the stream counts as stalled, once a deadline has been missed. */
  missed: string | undefined;
  /** How long the first token took, counted as the first-token deadline is, once it has come. */
  firstTokenMs: number | undefined;

  constructor(
    private readonly timing: StreamTiming,
    private readonly onMissed: () => void,
  ) {
    // One timer for the whole of most rounds: no deadline can come before the shortest of them
    // counted from now (`sent` and tokens only move them later), and a round answered in time ends
    // before it fires. One that fires early is set again for the deadline then due (judge).
    const { firstTokenTimeoutMs, streamIdleTimeoutMs, roundTimeoutMs } = timing;
    this.arm(this.startedAt + Math.min(firstTokenTimeoutMs, streamIdleTimeoutMs, roundTimeoutMs));
  }

  /** The request has been written to the network: the clock starts again from now. */
  sent(): void {
    if (this.stopped || this.lastTokenAt !== undefined) return;
    // Every deadline moves later: the timer, set for one that came before, is still in time.
    this.startedAt = performance.now();
  }

  /**
   * An event of the stream arrived. `isToken`: it carries words or a tool's input, which is the
   * model answering; before the first of those, nothing else counts (a block's start is not an answer).
   */
  heard(isToken: boolean): void {
    if (this.lastTokenAt === undefined) {
      if (!isToken || this.stopped) return;
      this.lastTokenAt = performance.now();
      this.firstTokenMs = this.lastTokenAt - this.startedAt;
      // The gap allowed after a token may be shorter than the wait for the first one.
      const at = this.deadline();
      if (at < this.timerAt) this.arm(at);
      return;
    }
    // Cheap on every token: the timer reads it when it fires, rather than being set again each time.
    this.lastTokenAt = performance.now();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** When the wait for the next token ends: the first counted from the request, the others from the last. */
  private quietUntil(): number {
    const { firstTokenTimeoutMs, streamIdleTimeoutMs } = this.timing;
    return this.lastTokenAt === undefined
      ? this.startedAt + firstTokenTimeoutMs
      : this.lastTokenAt + streamIdleTimeoutMs;
  }

  /** When the first deadline not yet passed falls: the round's end, or the wait for the next token. */
  private deadline(): number {
    return Math.min(this.quietUntil(), this.startedAt + this.timing.roundTimeoutMs);
  }

  /** What the deadline that came first said, once missed. */
  private missedWhat(): string {
    const { firstTokenTimeoutMs, streamIdleTimeoutMs, roundTimeoutMs } = this.timing;
    if (this.quietUntil() >= this.startedAt + roundTimeoutMs) return `the round took longer than ${roundTimeoutMs} ms`;
    return this.lastTokenAt === undefined
      ? `no first token within ${firstTokenTimeoutMs} ms`
      : `no token for ${streamIdleTimeoutMs} ms`;
  }

  private arm(at: number): void {
    clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => setImmediate(() => this.judge()), Math.max(0, at - performance.now()));
  }

  private judge(): void {
    if (this.stopped) return;
    const at = this.deadline();
    if (performance.now() < at) {
      this.arm(at);
      return;
    }
    this.missed = this.missedWhat();
    this.stop();
    this.onMissed();
  }
}
