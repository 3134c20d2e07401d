/**
 * How a call session talks to the caller. Whatever carries the call implements it (Twilio's
 * ConversationRelay socket today, in `twilio/relay-connection.ts`), so the conversation never
 * sees a wire format.
 */
export interface CallerLine {
  /** A piece of the reply, to be spoken as soon as it arrives. */
  speak(text: string): void;
  /**
   * A short line to fill a silence while the reply is late ("One moment."): spoken at once, and
   * cut short by the reply's first words rather than making them wait. Not part of the reply.
   */
  holdOn(text: string): void;
  /** The reply is complete. */
  endReply(): void;
  /** From now on the caller's speech is recognised, and ours spoken, in this language (BCP-47). */
  switchLanguage(language: string): void;
  /** Ends the session: the call is over, or goes to the owner's phone. */
  hangUp(handoff: Handoff): void;
  /** Cuts the connection at once: this session must not go on (the call log refused it). */
  drop(reason: string): void;
}

/** How a session ends by the secretary's choice. */
export interface Handoff {
  kind: "goodbye" | "transfer";
  reason: string;
  /** A transfer's one line for the person it rings, before they take the call (see TransferBriefing). */
  briefing?: string;
}
