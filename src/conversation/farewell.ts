import type { Handoff } from "./caller-line.js";

// Speech runs at roughly 15 characters a second; used to wait for a goodbye to be heard when the
// platform does not say when the speech has finished.
const SPEECH_MS_PER_CHAR = 65;

/**
 * Ends the session (a goodbye, or a transfer to the owner) once the caller has heard the last
 * words: as soon as the platform says the speech finished, or after about as long as the words
 * take to say. The caller speaking first cancels it.
 */
export class Farewell {
  private pending: Handoff | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  /** The handoff that ended the session, once one has. */
  sent: Handoff | undefined;

  constructor(
    private readonly maxWaitMs: number,
    private readonly hangUp: (handoff: Handoff) => void,
  ) {}

  schedule(handoff: Handoff, lastWords: string): void {
    this.pending = handoff;
    const speechMs = Math.min(this.maxWaitMs, lastWords.length * SPEECH_MS_PER_CHAR + 500);
    this.timer = setTimeout(() => this.send(), speechMs);
  }

  cancel(): void {
    clearTimeout(this.timer);
    this.pending = undefined;
  }

  /** Everything said so far has been heard. */
  speechFinished(): void {
    this.send();
  }

  /** The session is over: nothing more is sent. */
  stop(): void {
    clearTimeout(this.timer);
    this.stopped = true;
  }

  private send(): void {
    const handoff = this.pending;
    if (!handoff || this.stopped) return;
    this.cancel();
    this.sent = handoff;
    this.hangUp(handoff);
  }
}
