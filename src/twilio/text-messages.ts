import { type SentText, type TextMessage, type TextMessenger, TextNotSentError } from "../calls/text-messenger.js";
import { loadTwilioRest, type TwilioRest, type TwilioRestOptions } from "./rest-client.js";

export type TwilioTextMessagesOptions = TwilioRestOptions;

/**
 * Text messages through Twilio's Messages API (`POST /2010-04-01/Accounts/{AccountSid}/Messages.json`,
 * HTTP Basic auth with the account SID and auth token), sent with the official SDK.
 */
export class TwilioTextMessages implements TextMessenger {
  private rest: Promise<TwilioRest> | undefined;

  constructor(private readonly options: TwilioTextMessagesOptions) {}

  async send(message: TextMessage): Promise<SentText> {
    this.rest ??= loadTwilioRest(this.options);
    const { client, RestException } = await this.rest;
    try {
      const sent = await client.messages.create({ from: message.from, to: message.to, body: message.body });
      return { id: sent.sid };
    } catch (error) {
      if (error instanceof RestException)
        throw new TextNotSentError(`Twilio refused the message: ${error.message}`, error.code, { cause: error });
      throw new TextNotSentError("Twilio could not be reached", undefined, { cause: error });
    }
  }
}
