import { type TextMessenger, TextNotSentError } from "../calls/text-messenger.js";
import type { Logger } from "../logger.js";
import { isCallbackNumber } from "../spoken/phone-numbers.js";

/** What became of a text to the caller, in words Claude can pass on. */
export type CallerTextOutcome = { sent: true } | { sent: false; why: string };

export interface CallerTextsOptions {
  messenger: TextMessenger;
  logger: Logger;
  callSid: string;
  /** The number the caller called: the business's, which the text comes from. */
  businessNumber: string;
  /** The caller's number, the only one a text goes to. */
  callerNumber: string;
  /** The caller ID failed verification: the number may not be the caller's. */
  callerIdSuspect: boolean;
  /** A text went out: it joins the call's record. */
  onSent(body: string): void;
}

// A few texts (an address, a link, a confirmation) are a service; more are a caller being spammed.
export const MAX_TEXTS_PER_CALL = 3;
// Twilio's error for a recipient who replied STOP to the sending number.
const UNSUBSCRIBED_RECIPIENT = 21610;

/**
 * The texts the secretary sends the caller during one call session (send_text): to the number the
 * caller is calling from and no other, from the business's number, a few at most.
 */
export class CallerTexts {
  private attempts = 0;

  constructor(private readonly options: CallerTextsOptions) {}

  async send(body: string): Promise<CallerTextOutcome> {
    const { messenger, logger, callSid, businessNumber, callerNumber } = this.options;
    if (!isCallbackNumber(callerNumber))
      return { sent: false, why: "The caller's number is withheld, so no text can be sent: tell them instead." };
    if (this.options.callerIdSuspect)
      return {
        sent: false,
        why: "The caller's number could not be verified as theirs, so no text is sent to it: tell them instead.",
      };
    if (!isCallbackNumber(businessNumber)) return { sent: false, why: "Texts cannot be sent on this line." };
    if (this.attempts >= MAX_TEXTS_PER_CALL)
      return { sent: false, why: `No more texts on this call (${MAX_TEXTS_PER_CALL} at most).` };
    this.attempts++;
    try {
      const sent = await messenger.send({ from: businessNumber, to: callerNumber, body });
      logger.info({ callSid, messageId: sent.id }, "texted the caller");
      this.options.onSent(body);
      return { sent: true };
    } catch (error) {
      const refused = error instanceof TextNotSentError ? error : undefined;
      // The reason and code only: the error's request would carry the body.
      logger.warn(
        { callSid, code: refused?.code, reason: refused?.reason ?? String(error) },
        "a text to the caller was not sent",
      );
      return {
        sent: false,
        why:
          refused?.code === UNSUBSCRIBED_RECIPIENT
            ? "The caller has opted out of texts from this number (they once replied STOP): tell them instead."
            : "The text could not be sent: tell them instead.",
      };
    }
  }
}
