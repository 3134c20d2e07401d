import type { TranscriptLine } from "../calls/transcript.js";

/** What a reply is made of, whichever agent (Claude or the scripted offline one) produces it. */
export type ReplyEvent =
  /** Words to speak, streamed as they come. */
  | { type: "text"; text: string }
  /** A message for the owner; becomes an action item on the call. */
  | { type: "takeMessage"; message: string; callerName?: string; callbackNumber?: string }
  /** The caller told us their name. */
  | { type: "callerName"; name: string }
  /** End the call once the words of this reply have been heard. */
  | { type: "end"; reason: string }
  /** Hand the call to the owner's phone once the words of this reply have been heard. */
  | { type: "transfer"; reason: string }
  /**
   * The words so far were all of this reply the caller will hear: the agent failed mid-reply.
   * What follows answers the caller afresh, as a reply of its own.
   */
  | { type: "brokeOff" };

/** The agent went quiet: no first word, or no next word, in time. Waiting longer would be dead air. */
export class ReplyStalledError extends Error {
  override name = "ReplyStalledError";
}

export interface CallAgent {
  readonly kind: "claude" | "offline";
  /**
   * Replies to the conversation so far; the last line is what the caller just said.
   * Stops promptly, yielding nothing more, once `signal` aborts (the caller barged in).
   */
  reply(history: readonly TranscriptLine[], signal: AbortSignal): AsyncIterable<ReplyEvent>;
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
  canTransfer: boolean;
}
