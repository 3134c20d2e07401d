import { performance } from "node:perf_hooks";

/**
 * Notices a caller who has gone quiet once it is their turn: nothing said, no key pressed, for
 * `idleMs` after the secretary's words were heard. Each silence is counted, until the caller does
 * anything at all; the session decides what each one calls for (a re-prompt, then a goodbye).
 *
 * Every turn moves the wait (paused while a reply goes out, started again after it, again once it
 * has been heard), so the timer is not cleared and set each time: the wait is a time (`dueAt`), and
 * one timer, set for no later than that, looks at it when it fires, and is set again only then,
 * or when a wait must end sooner than the timer would fire.
 */
export class SilenceWatch {
  private timer: NodeJS.Timeout | undefined;
  /** When the timer fires (performance.now()), while it is set. */
  private timerAt = 0;
  /** When the caller's silence counts, while it is their turn. */
  private dueAt: number | undefined;
  private unanswered = 0;
  private stopped = false;

  constructor(
    private readonly idleMs: number,
    private readonly onSilence: (unanswered: number) => void,
  ) {}

  /**
   * The caller's turn: the secretary's words have been heard, or will have been in `stillSpeakingMs`
   * (when the platform has not said so yet). Waits afresh.
   */
  listen(stillSpeakingMs = 0): void {
    if (this.stopped) return;
    const dueAt = performance.now() + stillSpeakingMs + this.idleMs;
    this.dueAt = dueAt;
    // A timer that fires before then looks again (fired); one that would fire too late is set anew.
    if (this.timer === undefined || this.timerAt > dueAt) this.arm(dueAt);
  }

  /** The secretary has the floor (a reply is on its way): no silence is counted meanwhile. */
  pause(): void {
    this.dueAt = undefined;
  }

  /** The caller did something: they are there. A wait under way starts again. */
  heard(): void {
    this.unanswered = 0;
    if (this.dueAt !== undefined) this.listen();
  }

  stop(): void {
    this.stopped = true;
    this.dueAt = undefined;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(at: number): void {
    clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => this.fired(), Math.max(0, at - performance.now()));
  }

  private fired(): void {
    this.timer = undefined;
    const dueAt = this.dueAt;
    // Paused: nothing to wait for until the next listen, which sets a timer of its own.
    if (dueAt === undefined || this.stopped) return;
    if (performance.now() < dueAt) {
      this.arm(dueAt);
      return;
    }
    this.dueAt = undefined;
    this.unanswered += 1;
    this.onSilence(this.unanswered);
  }
}
