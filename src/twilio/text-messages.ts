import twilio from "twilio";
import { type SentText, type TextMessage, type TextMessenger, TextNotSentError } from "../calls/text-messenger.js";
import { type TwilioRestOptions, twilioRestClient } from "./rest-client.js";

export type TwilioTextMessagesOptions = TwilioRestOptions;

/**
 * Text messages through Twilio's Messages API (`POST /2010-04-01/Accounts/{AccountSid}/Messages.json`,
 * HTTP Basic auth with the account SID and auth token), sent with the official SDK.
 */
export class TwilioTextMessages implements TextMessenger {
  private readonly client: twilio.Twilio;

  constructor(options: TwilioTextMessagesOptions) {
    this.client = twilioRestClient(options);
  }

  async send(message: TextMessage): Promise<SentText> {
    try {
      const sent = await this.client.messages.create({ from: message.from, to: message.to, body: message.body });
      return { id: sent.sid };
    } catch (error) {
      if (error instanceof twilio.RestException)
        throw new TextNotSentError(`Twilio refused the message: ${error.message}`, error.code, { cause: error });
      throw new TextNotSentError("Twilio could not be reached", undefined, { cause: error });
    }
  }
}
