import { z } from "zod";
import { MAX_BRIEFING_LENGTH } from "../conversation/agent.js";
import type { Handoff } from "../conversation/caller-line.js";

/**
 * What we put in `end.handoffData`, read back by the `<Connect action>` callback: how the
 * secretary ended the session (a conversation Handoff, spelled for the wire).
 */
const handoffData = z.object({
  reasonCode: z.enum(["transfer", "goodbye"]),
  reason: z.string().default(""),
  // What the person a transfer rings hears first: read back to write the whisper's URL.
  briefing: z
    .string()
    .optional()
    .transform((briefing) => briefing?.slice(0, MAX_BRIEFING_LENGTH)),
});

// The reason, in Claude's words, is only for whoever reads Twilio's logs; the code and a transfer's
// briefing are read back. Both cut short, what we send stays within what the action callback
// accepts back, even if every character were JSON-escaped (six each).
const MAX_REASON_LENGTH = 450;
export const MAX_HANDOFF_DATA_LENGTH = 4096;

export function encodeHandoffData(handoff: Handoff): string {
  return JSON.stringify({
    reasonCode: handoff.kind,
    reason: handoff.reason.slice(0, MAX_REASON_LENGTH),
    ...(handoff.briefing && { briefing: handoff.briefing.slice(0, MAX_BRIEFING_LENGTH) }),
  } satisfies z.input<typeof handoffData>);
}

/** Parses HandoffData posted back by Twilio; anything else (or nothing) is `undefined`. */
export function parseHandoffData(raw: string | undefined): Handoff | undefined {
  if (!raw) return undefined;
  try {
    const result = handoffData.safeParse(JSON.parse(raw));
    if (!result.success) return undefined;
    const { reasonCode, reason, briefing } = result.data;
    return { kind: reasonCode, reason, ...(briefing && { briefing }) };
  } catch {
    return undefined;
  }
}
