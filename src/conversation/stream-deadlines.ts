import { performance } from "node:perf_hooks";
import type { Timing } from "../config.js";

export type StreamTiming = Pick<Timing, "firstTokenTimeoutMs" | "streamIdleTimeoutMs" | "roundTimeoutMs">;

interface Deadline {
  at: number;
  missed: string;
}

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
  private stopped = false;
  /** Why the stream counts as stalled, once a deadline has been missed. */
  missed: string | undefined;
  /** How long the first token took, counted as the first-token deadline is, once it has come. */
  firstTokenMs: number | undefined;

  constructor(
    private readonly timing: StreamTiming,
    private readonly onMissed: () => void,
  ) {
    this.schedule();
  }

  /** The request has been written to the network: the clock starts again from now. */
  sent(): void {
    if (this.stopped || this.lastTokenAt !== undefined) return;
    this.startedAt = performance.now();
    this.schedule();
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
      this.schedule();
      return;
    }
    // Cheap on every token: the timer reads it when it fires, rather than being set again each time.
    this.lastTokenAt = performance.now();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private next(): Deadline {
    const { firstTokenTimeoutMs, streamIdleTimeoutMs, roundTimeoutMs } = this.timing;
    const roundEnd = { at: this.startedAt + roundTimeoutMs, missed: `the round took longer than ${roundTimeoutMs} ms` };
    const quiet =
      this.lastTokenAt === undefined
        ? { at: this.startedAt + firstTokenTimeoutMs, missed: `no first token within ${firstTokenTimeoutMs} ms` }
        : { at: this.lastTokenAt + streamIdleTimeoutMs, missed: `no token for ${streamIdleTimeoutMs} ms` };
    return quiet.at < roundEnd.at ? quiet : roundEnd;
  }

  private schedule(): void {
    clearTimeout(this.timer);
    const wait = Math.max(0, this.next().at - performance.now());
    this.timer = setTimeout(() => setImmediate(() => this.judge()), wait);
  }

  private judge(): void {
    if (this.stopped) return;
    const deadline = this.next();
    if (performance.now() < deadline.at) {
      this.schedule();
      return;
    }
    this.missed = deadline.missed;
    this.stop();
    this.onMissed();
  }
}
