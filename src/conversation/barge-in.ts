/**
 * What the caller actually heard of an interrupted reply: the reply cut after the last place where
 * the words the voice platform says were spoken (ConversationRelay's `utteranceUntilInterrupt`)
 * match. When the spoken form differs from our text (numbers, punctuation), fall back to the
 * platform's words: they are what was heard.
 */
export function truncateToHeard(sentText: string, spokenText: string): string {
  const heard = spokenText.trim();
  // Nothing of the reply went out: whatever the platform reports was something else (a holding line).
  if (!heard || !sentText.trim()) return "";
  const at = sentText.lastIndexOf(heard);
  if (at >= 0) return sentText.slice(0, at + heard.length).trim();
  const looseAt = normalise(sentText).lastIndexOf(normalise(heard));
  return looseAt >= 0 ? cutAtNormalisedLength(sentText, looseAt + normalise(heard).length) : heard;
}

/**
 * What the caller heard, less a line said before it (the holding line, when the platform reports it
 * with the reply); unchanged when it does not start with that line.
 */
export function withoutLeading(spokenText: string, line: string): string {
  const spoken = spokenText.trim();
  const before = normalise(line);
  const heard = normalise(spoken);
  if (heard !== before && !heard.startsWith(`${before} `)) return spoken;
  return spoken.slice(spokenCharsFor(spoken, before.length)).replace(/^[^\p{L}\p{N}]+/u, "");
}

function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** Cuts `text` where its normalised form reaches `length` characters. */
function cutAtNormalisedLength(text: string, length: number): string {
  return text.slice(0, spokenCharsFor(text, length)).trim();
}

/** How many characters of `text` it takes for its normalised form to reach `length` characters. */
function spokenCharsFor(text: string, length: number): number {
  for (let end = 1; end <= text.length; end++) {
    if (normalise(text.slice(0, end)).length >= length) return end;
  }
  return text.length;
}
