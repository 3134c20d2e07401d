import type { TranscriptLine } from "../calls/transcript.js";
import type { CallAgent, ReplyEvent } from "./agent.js";

export interface FailoverOptions {
  primary: CallAgent;
  /** Builds the agent that takes over for the rest of the call. */
  createFallback: () => CallAgent;
  onFailover: (error: unknown) => void;
  /** Pause before the one retry: long enough for a blip to pass, short enough not to be heard. */
  retryDelayMs?: number;
}

/**
 * Claude, with one quick retry when it fails (429, 5xx, 529 overloaded, no first token in time),
 * then the offline agent for the rest of the call. The caller hears a natural line either way,
 * never silence and never a "please repeat" loop.
 */
export class FailoverAgent implements CallAgent {
  private fallback: CallAgent | undefined;

  constructor(private readonly options: FailoverOptions) {}

  get kind() {
    return (this.fallback ?? this.options.primary).kind;
  }

  async *reply(history: readonly TranscriptLine[], signal: AbortSignal): AsyncIterable<ReplyEvent> {
    let spoke = false;
    if (!this.fallback) {
      let lastError: unknown;
      for (let attempt = 0; attempt < 2 && !signal.aborted; attempt++) {
        spoke = false;
        try {
          for await (const event of this.options.primary.reply(history, signal)) {
            spoke ||= event.type === "text";
            yield event;
          }
          return;
        } catch (error) {
          lastError = error;
          // Words already spoken cannot be taken back; a retry would repeat them.
          if (spoke) break;
          if (attempt === 0) await delay(this.options.retryDelayMs ?? 150, signal);
        }
      }
      if (signal.aborted) return;
      this.fallback = this.options.createFallback();
      this.options.onFailover(lastError);
    }
    for await (const event of this.fallback.reply(history, signal)) {
      // Taking over mid-sentence: the fallback's words must not run into the ones already spoken.
      if (spoke && event.type === "text") {
        spoke = false;
        yield { type: "text", text: ` ${event.text.trimStart()}` };
      } else yield event;
    }
  }
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    const abort = () => {
      clearTimeout(timer);
      resolve();
    };
    signal.addEventListener("abort", abort, { once: true });
  });
}
