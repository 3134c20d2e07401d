/**
 * The port through which the core sends a text message (SMS) from the business's number: the
 * secretary texting a caller during a call (send_text), the missed-call text-back, and later the
 * owner's notifications. The Twilio adapter implements it (twilio/text-messages.ts).
 */
export interface TextMessenger {
  /** Resolves once the carrier's gateway has taken the message; rejects with TextNotSentError otherwise. */
  send(message: TextMessage): Promise<SentText>;
}

export interface TextMessage {
  /** E.164: the business's number, the one callers call. */
  from: string;
  /** E.164. */
  to: string;
  body: string;
}

export interface SentText {
  /** The gateway's id of the message (Twilio's Message SID), for the owner to look it up. */
  id: string;
}

/**
 * The gateway refused the message, or could not be reached: `code` is the gateway's own error code
 * when it gave one (Twilio's 21610: the recipient replied STOP), `reason` a short sentence without
 * the message's body.
 */
export class TextNotSentError extends Error {
  override name = "TextNotSentError";
  constructor(
    readonly reason: string,
    readonly code: number | undefined,
    options?: { cause?: unknown },
  ) {
    super(code === undefined ? reason : `${reason} (error ${code})`, options);
  }
}
