import { z } from "zod";
import type { Handoff } from "../conversation/caller-line.js";

/**
 * What we put in `end.handoffData`, read back by the `<Connect action>` callback: how the
 * secretary ended the session (a conversation Handoff, spelled for the wire).
 */
const handoffData = z.object({
  reasonCode: z.enum(["transfer", "goodbye"]),
  reason: z.string().default(""),
});

// Only the reason code is read back; the reason, in Claude's words, is for whoever reads Twilio's
// logs. Cut short, it keeps what we send (even if every character were JSON-escaped, six each)
// within what the action callback accepts back.
const MAX_REASON_LENGTH = 500;
export const MAX_HANDOFF_DATA_LENGTH = 4096;

export function encodeHandoffData(handoff: Handoff): string {
  return JSON.stringify({
    reasonCode: handoff.kind,
    reason: handoff.reason.slice(0, MAX_REASON_LENGTH),
  } satisfies z.input<typeof handoffData>);
}

/** Parses HandoffData posted back by Twilio; anything else (or nothing) is `undefined`. */
export function parseHandoffData(raw: string | undefined): Handoff | undefined {
  if (!raw) return undefined;
  try {
    const result = handoffData.safeParse(JSON.parse(raw));
    return result.success ? { kind: result.data.reasonCode, reason: result.data.reason } : undefined;
  } catch {
    return undefined;
  }
}
