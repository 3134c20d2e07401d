// The SDK's signature check by itself: its index would load its REST client as well (rest-client.ts).
import { validateRequest } from "twilio/lib/webhooks/webhooks.js";

/**
 * Checks `X-Twilio-Signature` against the URL Twilio was given, built from PUBLIC_URL: behind a TLS
 * proxy the request's own Host and scheme are not what Twilio signed, and must not be trusted.
 */
export class TwilioSignatureVerifier {
  constructor(
    private readonly authToken: string,
    private readonly publicUrl: string,
  ) {}

  /** The public URL of a path on this server, as Twilio sees it. */
  urlFor(pathAndQuery: string): string {
    return `${this.publicUrl}${pathAndQuery}`;
  }

  /** The public URL WebSocket paths hang off: wss:// for an https:// server, ws:// for http://. */
  get publicWsUrl(): string {
    return this.publicUrl.replace(/^http/, "ws");
  }

  isValidWebhook(signature: string | undefined, pathAndQuery: string, params: Record<string, string>): boolean {
    if (!signature) return false;
    return validateRequest(this.authToken, signature, this.urlFor(pathAndQuery), params);
  }

  /** The upgrade is signed over the socket URL exactly as our TwiML wrote it, with no parameters. */
  isValidRelayUpgrade(signature: string | undefined, pathAndQuery: string): boolean {
    if (!signature) return false;
    return validateRequest(this.authToken, signature, `${this.publicWsUrl}${pathAndQuery}`, {});
  }
}
