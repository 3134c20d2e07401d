import { createHmac, timingSafeEqual } from "node:crypto";
import { twilioRoutes } from "./routes.js";

/**
 * What the server tells Twilio about one relay session it asks for (in the TwiML of the voice
 * webhook, a resume or a transfer's return): the call, who is on it, and the custom parameters
 * the session will trust.
 */
export interface SessionTicket {
  callSid: string;
  accountSid: string;
  from: string;
  to: string;
  parameters: Record<string, string>;
  /** When the server wrote the TwiML; the call log accepts each ticket once, newest first. */
  issuedAt: Date;
}

/** What the ticket's URL itself says; the rest is checked against the session's `setup`. */
export interface TicketClaim {
  callSid: string;
  issuedAt: Date;
  mac: string;
}

// Twilio opens the socket within a second or two of reading the TwiML; after this long the URL,
// and a signature captured for it, opens nothing.
export const TICKET_LIFETIME_MS = 5 * 60_000;
// The clocks of the processes behind a load balancer may differ a little.
const CLOCK_SKEW_MS = 60_000;

const CALL_SID = /^CA[0-9a-f]{32}$/;
const TICKET_PATH = new RegExp(`^${twilioRoutes.relay}/(CA[0-9a-f]{32})/([0-9]{13})/([A-Za-z0-9_-]{43})$`);

/**
 * The ConversationRelay URL of one session: `/twilio/relay/<CallSid>/<issued at>/<MAC>`. Twilio
 * signs the URL exactly as written, so a captured upgrade signature is good for that session only,
 * and only for a few minutes. The MAC, under a key derived from the auth token, covers the call's
 * CallSid, AccountSid, From, To and custom parameters, so a `setup` that says anything else is
 * refused: the session believes nothing the server did not put in its TwiML.
 *
 * The call log accepts each ticket once (CallStore.openCall). ConversationRelay's
 * `applicationReconnect`, which reconnects a dropped socket to the same URL, would be refused as a
 * replay: we do not enable it, and enabling it needs its own rule here.
 */
export class RelayTickets {
  private readonly key: Buffer;

  constructor(
    authToken: string,
    private readonly publicWsUrl: string,
  ) {
    this.key = createHmac("sha256", authToken).update("phone-secretary relay session ticket v1").digest();
  }

  /** The relay URL to put in the TwiML. */
  url(ticket: SessionTicket): string {
    if (!CALL_SID.test(ticket.callSid)) throw new Error(`not a CallSid: ${ticket.callSid}`);
    return `${this.publicWsUrl}${twilioRoutes.relay}/${ticket.callSid}/${ticket.issuedAt.getTime()}/${this.mac(ticket)}`;
  }

  /** The claim in an upgrade's path, if it is a ticket's path at all. */
  claimIn(pathname: string): TicketClaim | undefined {
    const match = TICKET_PATH.exec(pathname);
    if (!match) return undefined;
    const [, callSid = "", issuedAt = "", mac = ""] = match;
    return { callSid, issuedAt: new Date(Number(issuedAt)), mac };
  }

  /** Whether a ticket issued at that time may still open a session. */
  isCurrent(claim: TicketClaim, now = Date.now()): boolean {
    const age = now - claim.issuedAt.getTime();
    return age <= TICKET_LIFETIME_MS && age >= -CLOCK_SKEW_MS;
  }

  /** Whether `setup`'s account, numbers and parameters are the ones the ticket was issued for. */
  matches(claim: TicketClaim, setup: Omit<SessionTicket, "issuedAt">): boolean {
    if (setup.callSid !== claim.callSid) return false;
    const expected = Buffer.from(this.mac({ ...setup, issuedAt: claim.issuedAt }));
    const given = Buffer.from(claim.mac);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  private mac(ticket: SessionTicket): string {
    const parameters = Object.entries(ticket.parameters).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const signed = JSON.stringify([
      ticket.callSid,
      ticket.issuedAt.getTime(),
      ticket.accountSid,
      ticket.from,
      ticket.to,
      parameters,
    ]);
    return createHmac("sha256", this.key).update(signed).digest("base64url");
  }
}
