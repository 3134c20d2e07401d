import type { CallStatus } from "./generated/graphql";

/** The statuses of a call Twilio has not reported over: ringing, or on the line. */
const LIVE_STATUSES: readonly CallStatus[] = ["RINGING", "IN_PROGRESS"];

/** Ringing or in progress: the call is not over yet. */
export function isLive(status: string): boolean {
  return (LIVE_STATUSES as readonly string[]).includes(status);
}
