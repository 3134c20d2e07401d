import type { MessageParam } from "@anthropic-ai/sdk/resources/messages";
import type { TranscriptLine } from "../calls/transcript.js";

/**
 * The conversation as Claude's messages. Consecutive lines from one side are merged (a barge-in can
 * leave two caller lines in a row, or an assistant line cut to nothing), empty lines are dropped,
 * and leading assistant lines (the greeting, which the system prompt quotes) are skipped because
 * the conversation must open with the caller.
 */
export function toClaudeMessages(history: readonly TranscriptLine[]): MessageParam[] {
  const messages: { role: "user" | "assistant"; text: string }[] = [];
  for (const line of history) {
    const text = line.text.trim();
    if (!text) continue;
    const role = line.role === "CALLER" ? "user" : "assistant";
    if (messages.length === 0 && role === "assistant") continue;
    const previous = messages.at(-1);
    if (previous?.role === role) previous.text = `${previous.text}\n${text}`;
    else messages.push({ role, text });
  }
  return messages.map(({ role, text }) => ({ role, content: text }));
}
