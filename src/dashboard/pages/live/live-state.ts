import type { EndReason, LiveCallFragment } from "../../generated/graphql";

/**
 * Where a call on the Live page stands, as the call log has it. A call's last session may have
 * ended while Twilio has not yet reported its final status: it is over if nothing follows that
 * session (the server's own rule, `isCallOver`), back with the secretary otherwise.
 */
export type LiveState = "ringing" | "with-secretary" | "put-through" | "reconnecting" | "ended";

type CallProgress = Pick<LiveCallFragment, "status" | "endReason" | "endedAt">;

// After these no session follows; after a lost connection or a transfer one may.
const FINAL_END_REASONS: ReadonlySet<EndReason> = new Set(["CALLER_HUNG_UP", "ENDED_BY_ASSISTANT", "NO_END_REPORTED"]);

export function liveState(call: CallProgress): LiveState {
  if (call.status !== "RINGING" && call.status !== "IN_PROGRESS") return "ended";
  // A resumed session clears endedAt: the call is on again.
  if (call.endReason && call.endedAt) {
    if (FINAL_END_REASONS.has(call.endReason)) return "ended";
    return call.endReason === "TRANSFERRED_TO_OWNER" ? "put-through" : "reconnecting";
  }
  return call.status === "RINGING" ? "ringing" : "with-secretary";
}

export function isOver(call: CallProgress): boolean {
  return liveState(call) === "ended";
}

export const STATE_WORDS: Record<LiveState, string> = {
  ringing: "Ringing",
  "with-secretary": "With the secretary",
  "put-through": "Put through to you",
  reconnecting: "Reconnecting",
  ended: "Ended",
};

export function whoIsCalling(call: Pick<LiveCallFragment, "callerName" | "from">): string {
  return call.callerName ?? call.from;
}
