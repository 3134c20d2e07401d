import { asksForSomeone } from "./asking-for-someone.js";
import { digitRuns } from "./digits.js";
import { isGoodbye } from "./goodbye.js";
import { findName } from "./names.js";
import { looksLikePhoneNumber } from "./phone-numbers.js";
import { capitalize, isKeypadEntry, plain, type Span, wordsOf } from "./text.js";

// Whole segments that carry nothing for the owner.
const FILLER_WORDS = new Set(
  `hi hiya hello hey there yes yeah yep yup ya um umm uh uhh er oh ok okay so well thanks thank you
  please sure right alright hmm ah again good morning afternoon evening that's correct fine great
  perfect no nope bye goodbye wait actually sorry`.split(/\s+/),
);
const PLEASANTRY =
  /^(?:how are you(?: doing)?(?: today)?|how's it going|how are things|thanks?(?: you)?(?: (?:so|very) much| a lot)?|i appreciate (?:it|that)|(?:have a )?(?:good|great|nice) (?:day|one|afternoon|evening))$|\bwrong number\b/;
const LEADING_FILLER =
  /^(?:(?:and|so|but|well|also|anyway|um+|uh+|oh|yeah|yes|okay|ok|just|wait|actually|sorry)\b[,\s]*)+/i;
const NUMBER_LEAD_IN =
  /(?:(?:my|the|a)\s+(?:(?:best|phone|cell|mobile|callback|home|work)\s+)*number\s+is|(?:you can\s+)?(?:reach|call|text)\s+me(?:\s+back)?\s+(?:at|on)|it's|it is|at|on)\s*[:,]?\s*$/i;

function phoneSpans(text: string): Span[] {
  return digitRuns(text)
    .filter((run) => looksLikePhoneNumber(run.digits))
    .map((run) => {
      const leadIn = NUMBER_LEAD_IN.exec(text.slice(0, run.start));
      return { start: leadIn ? leadIn.index : run.start, end: run.end };
    });
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
  if (PLEASANTRY.test(words.join(" ")) || (isGoodbye(segment) && words.length <= 5)) return undefined;
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
 */
export function extractReason(text: string, options: { expectingName?: boolean } = {}): string | undefined {
  const clean = plain(text);
  if (isKeypadEntry(clean)) return undefined;
  const name = findName(clean, options.expectingName ?? false);
  const remainder = withoutSpans(clean, [...(name ? [name] : []), ...phoneSpans(clean)]);
  const kept = (remainder.match(/[^,.;!?]+[,.;!?]*/g) ?? []).flatMap((segment) => keptPart(segment) ?? []);
  const reason = kept
    .join(" ")
    .replace(LEADING_FILLER, "")
    .replace(/[\s,;:]+$/, "");
  return reason ? capitalize(reason) : undefined;
}
