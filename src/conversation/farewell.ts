import type { Handoff } from "./caller-line.js";

// Speech runs at roughly 15 characters a second; used to wait for a goodbye to be heard when the
// platform does not say when the speech has finished.
const SPEECH_MS_PER_CHAR = 65;

/** About how long `text` takes to say. */
export function estimatedSpeechMs(text: string): number {
  return text.length * SPEECH_MS_PER_CHAR;
}

/**
 * Ends the session (a goodbye, or a transfer to the owner) once the caller has heard the last
 * words: as soon as the platform says the speech finished, or after about as long as the words
 * take to say. The caller speaking first cancels it, unless the end is final.
 */
export class Farewell {
  private pending: Handoff | undefined;
  private final = false;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  /** The handoff that ended the session, once one has. */
  sent: Handoff | undefined;

  constructor(
    private readonly maxWaitMs: number,
    private readonly hangUp: (handoff: Handoff) => void,
  ) {}

  /** `final`: the session ends whatever the caller says meanwhile (the call reached its time limit). */
  schedule(handoff: Handoff, lastWords: string, options: { final?: boolean } = {}): void {
    this.clear();
    this.pending = handoff;
    this.final = options.final ?? false;
    const speechMs = Math.min(this.maxWaitMs, estimatedSpeechMs(lastWords) + 500);
    this.timer = setTimeout(() => this.send(), speechMs);
  }

  /** An end is on its way: the session is saying its last words. */
  get waiting(): boolean {
    return this.pending !== undefined;
  }

  /** The caller spoke: the session goes on, unless its end is final. */
  cancel(): void {
    if (!this.final) this.clear();
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

  private clear(): void {
    clearTimeout(this.timer);
    this.pending = undefined;
    this.final = false;
  }

  private send(): void {
    const handoff = this.pending;
    if (!handoff || this.stopped) return;
    this.clear();
    this.sent = handoff;
    this.hangUp(handoff);
  }
}
