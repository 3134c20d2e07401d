import { plain, type Span } from "./text.js";

// The number the caller is calling from, named rather than read out: "the number I'm calling from",
// "you already have it", "it's the same one", "same as I'm calling from".
const CALLER_ID_PHRASE =
  /\b(?:this (?:one|number|phone)|the same(?: one| number)?|same (?:one|number)|(?:the (?:one|number)|same as) (?:i'm|i am) (?:calling|ringing) (?:you )?(?:from|on)|the (?:one|number) i (?:called|rang) (?:you )?(?:from|on)|(?:you|you've|you have|you should) (?:already )?(?:have|got|have got) (?:it|that|that one|my number|the number|my (?:cell|mobile|phone))|caller id|on your screen)\b/gi;

// Just before the phrase, it is turned down: "not this one", "it's not the same number".
const NEGATED = /\b(?:not|isn't|aren't|don't|doesn't)\s+(?:\w+\s+)?$/i;

/** Whether `text` points to the caller ID as the number ("you already have it"), not away from it ("not this one"). */
export function namesCallerId(text: string): boolean {
  const clean = plain(text);
  return callerIdPhrases(clean).some((phrase) => !NEGATED.test(clean.slice(0, phrase.start)));
}

/** Where `text` points to the caller ID, so the words can be kept out of a message. */
export function callerIdPhrases(text: string): Span[] {
  return [...plain(text).matchAll(CALLER_ID_PHRASE)].map((match) => ({
    start: match.index,
    end: match.index + match[0].length,
  }));
}
