import type { TurnKind, TurnRole } from "@prisma/client";

/**
 * One line of a call as both sides heard it: what the agents answer from, what a resumed call
 * starts again with, and what the post-call analysis reads. Roles are the call log's own
 * (`CALLER`, `ASSISTANT`); a model's wording of them ("user") stays with that model's adapter.
 */
export interface TranscriptLine {
  role: TurnRole;
  text: string;
}

/**
 * A stored turn as a line of the conversation. A text sent to the caller was not said: it reads as
 * what it was, so that neither a model nor the analysis takes it for words the caller heard.
 */
export function transcriptLineOf(turn: { role: TurnRole; kind: TurnKind; text: string }): TranscriptLine {
  if (turn.kind === "SMS") return { role: turn.role, text: `[Texted to the caller's phone: "${turn.text}"]` };
  return { role: turn.role, text: turn.text };
}
