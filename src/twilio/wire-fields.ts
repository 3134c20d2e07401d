import { z } from "zod";

/**
 * Fields that come both in Twilio's webhooks and in ConversationRelay's `setup` frame. What passes
 * here reaches the database and the logs, so each has Twilio's format, or at least a bound.
 */

/** `CA` and 32 hex digits, as Twilio writes every Call SID. */
export const callSid = z.string().regex(/^CA[0-9a-fA-F]{32}$/, "not a Call SID");

/** `AC` and 32 hex digits. */
export const accountSid = z.string().regex(/^AC[0-9a-fA-F]{32}$/, "not an Account SID");

/** A ConversationRelay session: `VX` and 32 hex digits. */
export const relaySessionId = z.string().regex(/^VX[0-9a-fA-F]{32}$/, "not a ConversationRelay session id");

/**
 * A caller's or a called number: E.164 (a plus and at most 15 digits), or a withheld caller ID as
 * Twilio passes it on ("anonymous" since 2023; carriers' "restricted", "unknown"… reach it too), or
 * empty. Anything longer would cost the search index dearly: every ending of the number is indexed.
 */
export const phoneNumber = z
  .string()
  .regex(/^(\+\d{1,15}|anonymous|restricted|unknown|unavailable|private|blocked)?$/i, "not a phone number");
