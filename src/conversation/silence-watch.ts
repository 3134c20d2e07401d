/**
 * Notices a caller who has gone quiet once it is their turn: nothing said, no key pressed, for
 * `idleMs` after the secretary's words were heard. Each silence is counted, until the caller does
 * anything at all; the session decides what each one calls for (a re-prompt, then a goodbye).
 */
export class SilenceWatch {
  private timer: NodeJS.Timeout | undefined;
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
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.unanswered += 1;
      this.onSilence(this.unanswered);
    }, stillSpeakingMs + this.idleMs);
  }

  /** The secretary has the floor (a reply is on its way): no silence is counted meanwhile. */
  pause(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** The caller did something: they are there. A wait under way starts again. */
  heard(): void {
    this.unanswered = 0;
    if (this.timer) this.listen();
  }

  stop(): void {
    this.stopped = true;
    this.pause();
  }
}
