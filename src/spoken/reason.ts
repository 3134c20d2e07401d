import { asksForSomeone } from "./asking-for-someone.js";
import { callerIdPhrases } from "./caller-id-named.js";
import { digitCount, digitRuns } from "./digits.js";
import { isGoodbye } from "./goodbye.js";
import { findName } from "./names.js";
import { looksLikePhoneNumber } from "./phone-numbers.js";
import { capitalize, isKeypadEntry, plain, type Span, wordsOf } from "./text.js";

// Whole segments that carry nothing for the owner.
const FILLER_WORDS = new Set(
  `hi hiya hello hey there yes yeah yep yup ya um umm uh uhh er oh ok okay so well thanks thank you
  please sure right alright hmm ah again good morning afternoon evening that's correct fine great
  perfect no nope bye goodbye wait actually sorry not wrong quite it it's is isn't`.split(/\s+/),
);
const PLEASANTRY =
  /^(?:how are you(?: doing)?(?: today)?|how's it going|how are things|thanks?(?: you)?(?: (?:so|very) much| a lot)?|i appreciate (?:it|that)|(?:have a )?(?:good|great|nice) (?:day|one|afternoon|evening))$|\bwrong number\b/;
// An answer to a yes/no question, which tells the owner nothing: "yes, that works for me".
const YES_NO_ANSWER =
  /^(?:(?:yes|yeah|yep|sure|no|nope|ok|okay|oh|um|uh)\s+)*(?:that (?:works|would work|sounds (?:good|great|fine)|is (?:it|me|fine|good|great|perfect|correct|right))|that's (?:it|me|the one)|works for me|sounds (?:good|great|fine)|go ahead|please do|of course|you got it|i (?:think|guess) so|not really)(?:\s+(?:for me|thanks|thank you))*$/;
// Talk about the callback number itself ("yes, that's my cell", "the one I'm calling from", "a
// different one", "same area code as yours"), and holding on while finding it ("hang on, let me grab
// my phone"): the number is taken on its own.
const NUMBER_TALK = {
  topic: /\b(?:number|cell|cellphone|mobile|phone|landline|line|one|same|area code|local)\b/,
  words: new Set(
    `that's that this it's it is my the your our a use call me back on at best cell cellphone mobile phone
    number home work office landline line same one i'm i calling ringing from instead better fine good works
    can could reach text try direct personal own main here there you just also still different another
    other new as yours area code local`.split(/\s+/),
  ),
};
const HOLDING_ON = {
  topic: /\b(?:hold|hang|sec|second|moment|minute|bear|let me)\b/,
  words: new Set(
    `hold hang on one sec second seconds moment minute just a let me check see find look grab get it think
    wait give bear with while i i'll i'm need to have got my phone here where is`.split(/\s+/),
  ),
};

/** Whether every word of a segment is small talk about `talk.topic`. */
function onlyTalksAbout(words: readonly string[], talk: { topic: RegExp; words: Set<string> }): boolean {
  return talk.topic.test(words.join(" ")) && words.every((word) => talk.words.has(word) || FILLER_WORDS.has(word));
}

const LEADING_FILLER =
  /^(?:(?:and|so|but|well|also|anyway|um+|uh+|oh|yeah|yes|okay|ok|just|wait|actually|sorry)\b[,\s]*)+/i;
const NUMBER_LEAD_IN =
  /(?:(?:my|the|a)\s+(?:(?:best|phone|cell|mobile|callback|home|work)\s+)*number\s+is|(?:you can\s+)?(?:reach|call|text)\s+me(?:\s+back)?\s+(?:at|on)|it's|it is|at|on)\s*[:,]?\s*$/i;

/**
 * Where phone numbers were said, with their lead-in ("my number is …"). When the caller was asked
 * for their number, shorter runs are its pieces ("it's five five five", an area code) and go too,
 * as do words pointing to the caller ID ("you have it, …").
 */
function phoneSpans(text: string, expectingNumber: boolean): Span[] {
  const numbers = digitRuns(text)
    .filter((run) => looksLikePhoneNumber(run.digits) || (expectingNumber && digitCount(run.digits) >= 3))
    .map((run) => {
      const leadIn = NUMBER_LEAD_IN.exec(text.slice(0, run.start));
      return { start: leadIn ? leadIn.index : run.start, end: run.end };
    });
  return expectingNumber ? [...numbers, ...callerIdPhrases(text)] : numbers;
}

/** `text` with the spans cut out, each replaced by a comma so the pieces stay separate clauses. */
function withoutSpans(text: string, spans: readonly Span[]): string {
  let result = text;
  let lastStart = Infinity;
  for (const span of [...spans].sort((a, b) => b.start - a.start)) {
    if (span.end > lastStart) continue;
    result = `${result.slice(0, span.start)}, ${result.slice(span.end)}`;
    lastStart = span.start;
  }
  return result;
}

function keptPart(segment: string): string | undefined {
  const words = wordsOf(segment);
  if (words.length === 0 || words.every((word) => FILLER_WORDS.has(word))) return undefined;
  // Letters spelled out ("L O P E Z") belong to a name or number, not the reason.
  if (words.every((word) => word.length === 1)) return undefined;
  if (PLEASANTRY.test(words.join(" ")) || YES_NO_ANSWER.test(words.join(" "))) return undefined;
  if (isGoodbye(segment) && words.length <= 5) return undefined;
  if (onlyTalksAbout(words, NUMBER_TALK) || onlyTalksAbout(words, HOLDING_ON)) return undefined;
  // "from Acme Plumbing" left over after "this is Maria …" is who they are, not why they call.
  if (words[0] === "from" && words.length <= 4) return undefined;
  if (asksForSomeone(segment)) {
    const topic = /\b(?:about|regarding)\b/i.exec(segment);
    return topic ? segment.slice(topic.index) : undefined;
  }
  return segment.trim();
}

/**
 * What the caller wants, in their own words, with greetings, their name, their phone number and
 * small talk taken out: "Hi, this is Maria, I need to reschedule" → "I need to reschedule".
 * `expectingName`/`expectingNumber`: the caller was just asked for it, so a bare answer is that.
 */
export function extractReason(
  text: string,
  options: { expectingName?: boolean; expectingNumber?: boolean } = {},
): string | undefined {
  const clean = plain(text);
  if (isKeypadEntry(clean)) return undefined;
  const name = findName(clean, options.expectingName ?? false);
  const remainder = withoutSpans(clean, [
    ...(name ? [name] : []),
    ...phoneSpans(clean, options.expectingNumber ?? false),
  ]);
  const kept = (remainder.match(/[^,.;!?]+[,.;!?]*/g) ?? []).flatMap((segment) => keptPart(segment) ?? []);
  const reason = kept
    .join(" ")
    .replace(LEADING_FILLER, "")
    .replace(/[\s,;:]+$/, "");
  return reason ? capitalize(reason) : undefined;
}
