import type { Call, EndReason } from "@prisma/client";
import { isTerminal } from "./call-store.js";

/**
 * Session end reasons after which nothing more is said on the call. A dropped connection
 * (CONNECTION_LOST) may be resumed by Twilio, and a transfer (TRANSFERRED_TO_OWNER) comes back to
 * the secretary when the owner does not answer, so those two are not in it.
 */
const FINAL_END_REASONS: ReadonlySet<EndReason> = new Set(["CALLER_HUNG_UP", "ENDED_BY_ASSISTANT", "NO_END_REPORTED"]);

/**
 * The call has ended and cannot come back: Twilio reported a final status, or its last relay
 * session ended in a way no new session follows. A live view of the call can close then.
 */
export function isCallOver(call: Pick<Call, "endedAt" | "status" | "endReason">): boolean {
  // A resumed session clears endedAt (see CallStore.openCall): then the call is on again.
  if (call.endedAt === null) return false;
  return isTerminal(call.status) || (call.endReason !== null && FINAL_END_REASONS.has(call.endReason));
}

/**
 * A relay session of the call is open, as far as the call log knows: one has opened, none has
 * recorded its end since, and Twilio has not reported the call over.
 */
export function hasOpenSession(call: Pick<Call, "sessionCount" | "endReason" | "status">): boolean {
  return call.sessionCount > 0 && call.endReason === null && !isTerminal(call.status);
}
