import twilio from "twilio";
import type { RequestOptions } from "twilio/lib/base/RequestClient.js";

export interface TwilioRestOptions {
  accountSid: string;
  authToken: string;
  /**
   * Where Twilio's REST API is reached instead of https://api.twilio.com (the tests' stand-in, on
   * plain HTTP). Not a setting: production always talks to Twilio.
   */
  restBaseUrl?: string | undefined;
}

export const TWILIO_REST_ORIGIN = "https://api.twilio.com";
// Twilio answers in well under a second; a gateway this slow is as good as down.
const REQUEST_TIMEOUT_MS = 10_000;

/**
 * The official SDK with the account's credentials (HTTP Basic auth), sending to `restBaseUrl` when
 * given. Its request client does not retry (autoRetry is off by default, and stays off: a message
 * sent twice is a message the caller reads twice).
 */
export function twilioRestClient(options: TwilioRestOptions): twilio.Twilio {
  return twilio(options.accountSid, options.authToken, {
    httpClient: options.restBaseUrl
      ? new RebasedRequestClient(options.restBaseUrl, { timeout: REQUEST_TIMEOUT_MS })
      : new twilio.RequestClient({ timeout: REQUEST_TIMEOUT_MS }),
  });
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
