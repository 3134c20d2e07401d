import type twilio from "twilio";
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

/** The SDK's REST client for the account, and the error class its requests fail with. */
export interface TwilioRest {
  client: twilio.Twilio;
  RestException: typeof twilio.RestException;
}

/**
 * The official SDK with the account's credentials (HTTP Basic auth), sending to `restBaseUrl` when
 * given. Its request client does not retry (autoRetry is off by default, and stays off: a message
 * sent twice is a message the caller reads twice). Loaded when first needed: the SDK's index brings
 * its HTTP client (axios) and every API's definitions, about 5 MB of heap that a secretary without
 * TWILIO_ACCOUNT_SID never uses (the TwiML and the signature check load only their own modules).
 */
export async function loadTwilioRest(options: TwilioRestOptions): Promise<TwilioRest> {
  const { default: sdk } = await import("twilio");
  const httpClient = options.restBaseUrl
    ? rebasedRequestClient(sdk, options.restBaseUrl)
    : new sdk.RequestClient({ timeout: REQUEST_TIMEOUT_MS });
  return { client: sdk(options.accountSid, options.authToken, { httpClient }), RestException: sdk.RestException };
}

/**
 * The SDK's own HTTP client, sending what it would send to api.twilio.com to another base URL:
 * the SDK's way of pointing it elsewhere (its `httpClient` option), since its hosts are fixed.
 */
function rebasedRequestClient(sdk: typeof twilio, baseUrl: string): twilio.RequestClient {
  class RebasedRequestClient extends sdk.RequestClient {
    override request<TData>(options: RequestOptions<TData>) {
      const uri = options.uri.startsWith(TWILIO_REST_ORIGIN)
        ? baseUrl.replace(/\/+$/, "") + options.uri.slice(TWILIO_REST_ORIGIN.length)
        : options.uri;
      return super.request<TData>({ ...options, uri });
    }
  }
  return new RebasedRequestClient({ timeout: REQUEST_TIMEOUT_MS });
}
