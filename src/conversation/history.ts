import type { MessageParam } from "@anthropic-ai/sdk/resources/messages";
import type { HistoryEntry } from "./agent.js";

/**
 * The conversation as Claude's messages. Consecutive lines from one side are merged (a barge-in can
 * leave two caller lines in a row, or an assistant line cut to nothing), empty lines are dropped,
 * and leading assistant lines (the greeting, which the system prompt quotes) are skipped because
 * the conversation must open with the caller.
 */
export function toClaudeMessages(history: readonly HistoryEntry[]): MessageParam[] {
  const messages: { role: "user" | "assistant"; text: string }[] = [];
  for (const entry of history) {
    const text = entry.text.trim();
    if (!text) continue;
    const role = entry.role === "caller" ? "user" : "assistant";
    if (messages.length === 0 && role === "assistant") continue;
    const previous = messages.at(-1);
    if (previous?.role === role) previous.text = `${previous.text}\n${text}`;
    else messages.push({ role, text });
  }
  return messages.map(({ role, text }) => ({ role, content: text }));
}

/**
 * What the caller actually heard of an interrupted reply: the reply cut after the last place where
 * Twilio's `utteranceUntilInterrupt` matches. When the spoken form differs from our text (numbers,
 * punctuation), fall back to Twilio's words: they are what was heard.
 */
export function truncateToHeard(sentText: string, utteranceUntilInterrupt: string): string {
  const heard = utteranceUntilInterrupt.trim();
  if (!heard) return "";
  const at = sentText.lastIndexOf(heard);
  if (at >= 0) return sentText.slice(0, at + heard.length).trim();
  const looseAt = normalise(sentText).lastIndexOf(normalise(heard));
  return looseAt >= 0 ? cutAtNormalisedLength(sentText, looseAt + normalise(heard).length) : heard;
}

function normalise(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim();
}

/** Cuts `text` where its normalised form reaches `length` characters. */
function cutAtNormalisedLength(text: string, length: number): string {
  for (let end = 1; end <= text.length; end++) {
    if (normalise(text.slice(0, end)).length >= length) return text.slice(0, end).trim();
  }
  return text.trim();
}
