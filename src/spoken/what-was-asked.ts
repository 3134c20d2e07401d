import { plain } from "./text.js";

/** What the assistant's question was after, so a caller's short answer can be read in context. */
export function askedFor(question: string): "name" | "number" | "reason" | undefined {
  const lower = plain(question).toLowerCase();
  if (/\bname\b|\bwho(?:'s| is) calling\b|\bwho am i speaking\b/.test(lower)) return "name";
  if (/\b(?:number|reach you|call you back|area code)\b/.test(lower)) return "number";
  if (/\b(?:help|about|reason|pass on|message)\b/.test(lower)) return "reason";
  return undefined;
}
