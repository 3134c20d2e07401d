import type { TurnRole } from "@prisma/client";

/**
 * One line of a call as both sides heard it: what the agents answer from, what a resumed call
 * starts again with, and what the post-call analysis reads. Roles are the call log's own
 * (`CALLER`, `ASSISTANT`); a model's wording of them ("user") stays with that model's adapter.
 */
export interface TranscriptLine {
  role: TurnRole;
  text: string;
}
