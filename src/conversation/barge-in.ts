/**
 * What the caller actually heard of an interrupted reply: the reply cut after the last place where
 * the words the voice platform says were spoken (ConversationRelay's `utteranceUntilInterrupt`)
 * match. When the spoken form differs from our text (numbers, punctuation), fall back to the
 * platform's words: they are what was heard.
 */
export function truncateToHeard(sentText: string, spokenText: string): string {
  const heard = spokenText.trim();
  if (!heard) return "";
  const at = sentText.lastIndexOf(heard);
  if (at >= 0) return sentText.slice(0, at + heard.length).trim();
  const looseAt = normalise(sentText).lastIndexOf(normalise(heard));
  return looseAt >= 0 ? cutAtNormalisedLength(sentText, looseAt + normalise(heard).length) : heard;
}

function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** Cuts `text` where its normalised form reaches `length` characters. */
function cutAtNormalisedLength(text: string, length: number): string {
  for (let end = 1; end <= text.length; end++) {
    if (normalise(text.slice(0, end)).length >= length) return text.slice(0, end).trim();
  }
  return text.trim();
}
