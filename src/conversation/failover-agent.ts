import { performance } from "node:perf_hooks";
import type { TranscriptLine } from "../calls/transcript.js";
import { type CallAgent, type ReplyEvent, ReplyStalledError } from "./agent.js";

export interface FailoverOptions {
  primary: CallAgent;
  /**
   * Builds the agent that answers the turns the primary cannot. It is built at the first failure
   * and kept for the rest of the call, so what it has gathered (a name, a number) carries over.
   */
  createFallback: () => CallAgent;
  /** The fallback answers this turn. */
  onFailover: (error: unknown) => void;
  /** Pause before the one retry: long enough for a blip to pass, short enough not to be heard. */
  retryDelayMs?: number;
}

// An error that comes back this fast (429, 5xx, 529 overloaded, a refused connection) is worth one
// more try: the retry still fits in the silence the caller would hear anyway. A slower one is not.
const QUICK_FAILURE_MS = 1000;

/**
 * Claude, with the offline agent answering any turn Claude cannot; the next turn tries Claude again.
 *
 * A quick error before any word or action is retried once. A stall is not: the caller has already
 * waited the whole first-token budget (and heard "One moment."), and a second wait would double the
 * silence. When Claude fails after words went out, those words stand: the reply breaks off there (a
 * `brokeOff` event) and the offline agent answers as a reply of its own, knowing what was heard.
 * The caller hears a natural line either way, never dead air and never a "please repeat" loop.
 */
export class FailoverAgent implements CallAgent {
  private fallback: CallAgent | undefined;

  constructor(private readonly options: FailoverOptions) {}

  get kind() {
    return this.options.primary.kind;
  }

  async reply(
    history: readonly TranscriptLine[],
    signal: AbortSignal,
    out: (event: ReplyEvent) => void,
  ): Promise<void> {
    let spoken = "";
    let handedOut = false;
    const relay = (event: ReplyEvent) => {
      if (event.type === "text") spoken += event.text;
      handedOut = true;
      out(event);
    };
    let failure: unknown;
    for (let attempt = 0; attempt < 2 && !signal.aborted; attempt++) {
      const startedAt = performance.now();
      try {
        await this.options.primary.reply(history, signal, relay);
        return;
      } catch (error) {
        failure = error;
        const quick = !(error instanceof ReplyStalledError) && performance.now() - startedAt < QUICK_FAILURE_MS;
        // Words spoken or a message taken cannot be taken back; a retry would repeat them.
        if (attempt > 0 || handedOut || !quick) break;
        await delay(this.options.retryDelayMs ?? 150, signal);
      }
    }
    if (signal.aborted) return;
    this.options.onFailover(failure);
    let heard = history;
    if (spoken.trim()) {
      out({ type: "brokeOff" });
      heard = [...history, { role: "ASSISTANT", text: spoken }];
    }
    this.fallback ??= this.options.createFallback();
    await this.fallback.reply(heard, signal, out);
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
