import twilio from "twilio";
import { twilioRoutes } from "./routes.js";

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

  /** The ConversationRelay socket URL as written in our TwiML (Twilio signs exactly that string). */
  relaySocketUrl(): string {
    return this.urlFor(twilioRoutes.relay).replace(/^http/, "ws");
  }

  isValidWebhook(signature: string | undefined, pathAndQuery: string, params: Record<string, string>): boolean {
    if (!signature) return false;
    return twilio.validateRequest(this.authToken, signature, this.urlFor(pathAndQuery), params);
  }

  isValidRelayUpgrade(signature: string | undefined): boolean {
    if (!signature) return false;
    return twilio.validateRequest(this.authToken, signature, this.relaySocketUrl(), {});
  }
}
