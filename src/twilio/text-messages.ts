import twilio from "twilio";
import type { RequestOptions } from "twilio/lib/base/RequestClient.js";
import { type SentText, type TextMessage, type TextMessenger, TextNotSentError } from "../calls/text-messenger.js";

export interface TwilioTextMessagesOptions {
  accountSid: string;
  authToken: string;
  /**
   * Where Twilio's REST API is reached instead of https://api.twilio.com (the tests' stand-in, on
   * plain HTTP). Not a setting: production always talks to Twilio.
   */
  restBaseUrl?: string | undefined;
}

const TWILIO_REST_ORIGIN = "https://api.twilio.com";
// Twilio answers a message in well under a second; a gateway this slow is as good as down.
const REQUEST_TIMEOUT_MS = 10_000;

/**
 * Text messages through Twilio's Messages API (`POST /2010-04-01/Accounts/{AccountSid}/Messages.json`,
 * HTTP Basic auth with the account SID and auth token), sent with the official SDK.
 */
export class TwilioTextMessages implements TextMessenger {
  private readonly client: twilio.Twilio;

  constructor(options: TwilioTextMessagesOptions) {
    // The SDK's request client does not retry (its autoRetry is off by default, and stays off: a
    // message sent twice is a message the caller reads twice).
    this.client = twilio(options.accountSid, options.authToken, {
      httpClient: options.restBaseUrl
        ? new RebasedRequestClient(options.restBaseUrl, { timeout: REQUEST_TIMEOUT_MS })
        : new twilio.RequestClient({ timeout: REQUEST_TIMEOUT_MS }),
    });
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

/**
 * The SDK's own HTTP client, sending what it would send to api.twilio.com to another base URL:
 * the SDK's way of pointing it elsewhere (its `httpClient` option), since its hosts are fixed.
 */
class RebasedRequestClient extends twilio.RequestClient {
  constructor(
    private readonly baseUrl: string,
    options: ConstructorParameters<typeof twilio.RequestClient>[0],
  ) {
    super(options);
  }

  override request<TData>(options: RequestOptions<TData>) {
    const uri = options.uri.startsWith(TWILIO_REST_ORIGIN)
      ? this.baseUrl.replace(/\/+$/, "") + options.uri.slice(TWILIO_REST_ORIGIN.length)
      : options.uri;
    return super.request<TData>({ ...options, uri });
  }
}
