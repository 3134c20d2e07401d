// ConversationRelay's `hints` is one comma-separated attribute. Names are what the recogniser gets
// wrong; a few dozen of them is plenty, and a bounded attribute keeps the TwiML small.
const MAX_HINTS = 50;
const MAX_HINTS_LENGTH = 1000;
// Longer than any name: a phrase this long is not one the recogniser needs help with.
const MAX_HINT_LENGTH = 80;

/**
 * The phrases the speech recogniser should expect (the business, the owner, the caller, the staff),
 * as ConversationRelay's `hints`: in the order given, each once whatever its case, commas (the
 * separator) and control characters taken out, within MAX_HINTS and MAX_HINTS_LENGTH.
 */
export function speechHints(phrases: readonly (string | undefined)[]): string {
  const hints: string[] = [];
  const seen = new Set<string>();
  let length = 0;
  for (const phrase of phrases) {
    const hint = (phrase ?? "")
      .replace(/[,\p{Cc}]/gu, " ")
      .replace(/\s+/g, " ")
      .trim();
    const key = hint.toLowerCase();
    if (!hint || hint.length > MAX_HINT_LENGTH || seen.has(key)) continue;
    const added = hints.length === 0 ? hint.length : hint.length + 1;
    if (hints.length === MAX_HINTS || length + added > MAX_HINTS_LENGTH) break;
    seen.add(key);
    hints.push(hint);
    length += added;
  }
  return hints.join(",");
}
