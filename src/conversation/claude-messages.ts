import type { MessageParam } from "@anthropic-ai/sdk/resources/messages";
import type { TranscriptLine } from "../calls/transcript.js";

// A phone call rarely passes a few dozen lines. Past this many, only the newest are sent: the start
// of a marathon call (or of a flood of prompts) is the least useful part, and the request's size
// and the time to build it stay bounded whatever the socket did.
export const MAX_LINES_SENT = 100;

/**
 * The conversation as Claude's messages: its newest MAX_LINES_SENT lines. Consecutive lines from one
 * side are merged (a barge-in can leave two caller lines in a row, or an assistant line cut to
 * nothing), empty lines are dropped, and leading assistant lines (the greeting, which the system
 * prompt quotes) are skipped because the conversation must open with the caller. A note from the
 * owner (guideCall) is on the user's side, marked as the owner's, as Claude reads it before its
 * next reply.
 */
export function toClaudeMessages(history: readonly TranscriptLine[]): MessageParam[] {
  const messages: { role: "user" | "assistant"; text: string }[] = [];
  for (const line of history.slice(-MAX_LINES_SENT)) {
    const text = line.role === "OWNER" ? ownerNote(line.text) : line.text.trim();
    if (!text) continue;
    const role = line.role === "ASSISTANT" ? "assistant" : "user";
    if (messages.length === 0 && role === "assistant") continue;
    const previous = messages.at(-1);
    if (previous?.role === role) previous.text = `${previous.text}\n${text}`;
    else messages.push({ role, text });
  }
  return messages.map(({ role, text }) => ({ role, content: text }));
}

/** The owner's note as Claude gets it: said to it alone, to act on and never to read out. */
function ownerNote(note: string): string {
  const text = note.trim();
  return (
    text && `[A note from the owner to you alone; the caller did not hear it. Act on it; never read it out: ${text}]`
  );
}
