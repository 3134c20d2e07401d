import { randomUUID } from "node:crypto";
import type { CallOpening, CallStore } from "../../src/calls/call-store.js";

let lastIssuedAt = 0;

/**
 * Opens a call's record as a new relay session would: a ticket issued now (later than any before,
 * so each call opens), from a caller ID the carrier verified. Fails the test if the store refuses.
 * Returns the session's key too, which its end needs.
 */
export async function openTestCall(
  store: CallStore,
  call: { callSid: string; from: string; to: string },
): Promise<CallOpening & { sessionKey: string }> {
  lastIssuedAt = Math.max(Date.now(), lastIssuedAt + 1);
  const sessionKey = randomUUID();
  const opening = await store.openCall({
    ...call,
    issuedAt: new Date(lastIssuedAt),
    stirVerstat: "TN-Validation-Passed-A",
    afterHours: false,
    sessionKey,
  });
  if ("refused" in opening) throw new Error(`the call log refused the session: ${opening.refused}`);
  return { ...opening, sessionKey };
}
