import type { TransfersNow } from "../business/transfer-policy.js";
import type { TranscriptLine } from "../calls/transcript.js";

/** What a reply is made of, whichever agent (Claude or the scripted offline one) produces it. */
export type ReplyEvent =
  /** Words to speak, streamed as they come. */
  | { type: "text"; text: string }
  /** A message for the owner; becomes an action item on the call. */
  | { type: "takeMessage"; message: string; callerName?: string; callbackNumber?: string; emergency?: boolean }
  /** The caller told us their name. */
  | { type: "callerName"; name: string }
  /** A question about the business the agent could not answer: the owner is to add the answer. */
  | { type: "unansweredQuestion"; question: string }
  /**
   * A short line for a wait inside the reply ("Let me check that." while something is looked up):
   * said at once if nothing of the reply has been, and cut short by its first words. Not part of it.
   */
  | { type: "filler"; text: string }
  /** End the call once the words of this reply have been heard. */
  | { type: "end"; reason: string }
  /**
   * Hand the call to the owner's phone once the words of this reply have been heard. `briefing` is
   * what the owner hears before taking the call ("Jane Doe, burst pipe in the kitchen, wants someone today").
   */
  | { type: "transfer"; reason: string; briefing: string }
  /** From here on the caller hears, and is heard in, this language (BCP-47). */
  | { type: "switchLanguage"; language: string }
  /**
   * The words so far were all of this reply the caller will hear: the agent failed mid-reply.
   * What follows answers the caller afresh, as a reply of its own.
   */
  | { type: "brokeOff" };

/** The longest briefing a transfer carries: one line, said to the owner in a few seconds. */
export const MAX_BRIEFING_LENGTH = 200;

/** The agent went quiet: no first word, or no next word, in time. Waiting longer would be dead air. */
export class ReplyStalledError extends Error {
  override name = "ReplyStalledError";
}

export interface CallAgent {
  readonly kind: "claude" | "offline";
  /**
   * Replies to the conversation so far; the last line is what the caller just said. Each event goes
   * to `out` as soon as it is known (Claude's words in the tick that read them off the network):
   * a callback rather than an async iterator, whose every step, at every layer, is a promise and
   * its jobs, for each of a reply's words. Resolves once the reply is over; what `out` throws
   * fails the reply as the agent's own failure would. Stops promptly, handing out nothing more,
   * once `signal` aborts (the caller barged in).
   */
  reply(history: readonly TranscriptLine[], signal: AbortSignal, out: (event: ReplyEvent) => void): Promise<void>;
}

/** What we know about the caller when a call starts. */
export interface CallerFacts {
  callerPhone: string;
  calledNumber: string;
  knownCallerName: string | undefined;
  lastCallSummary: string | undefined;
  /** Earlier in this call a transfer rang the owner, who did not answer. */
  ownerUnavailable: boolean;
  /** The caller ID failed verification: find out who is calling, and why, before anything else. */
  screening: boolean;
}

/** What an agent knows when a call starts: the caller, and the business it answers for. */
export interface CallContext extends CallerFacts {
  ownerName: string;
  businessName: string;
  /** Some caller may be put through now (`transfers` says who). */
  canTransfer: boolean;
  transfers: TransfersNow;
  /**
   * What to tell a caller who asks when we are open, worked out in code rather than left to a model:
   * `now` about the present ("The office is closed; it opens Monday at 9 am."), `weekly` the usual
   * week ("Our hours are: Monday to Friday, 9 am to 5:30 pm; closed Saturday and Sunday.").
   * Undefined when the owner has set no hours.
   */
  businessHours: { now: string; weekly: string } | undefined;
  /** The local date and time, as a sentence ("It is 6:40 pm on Friday, December 4."), hours or not. */
  now: string;
}
