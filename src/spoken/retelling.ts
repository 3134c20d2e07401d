import { NOT_A_NAME } from "./names.js";
import { plain } from "./text.js";
import { saysOnlyHowUrgent } from "./urgency.js";

type Perspective = "you" | "they";

const PERSON_SHIFTS: Record<Perspective, Record<string, string>> = {
  you: {
    "i'm": "you're",
    "i am": "you are",
    "i was": "you were",
    "i've": "you've",
    "i'd": "you'd",
    "i'll": "you'll",
    i: "you",
    me: "you",
    my: "your",
    mine: "yours",
    myself: "yourself",
    "we're": "you're",
    "we are": "you are",
    "we were": "you were",
    "we've": "you've",
    "we'd": "you'd",
    "we'll": "you'll",
    we: "you",
    us: "you",
    our: "your",
    ours: "yours",
    ourselves: "yourselves",
    "you're": "we're",
    "you are": "we are",
    your: "our",
    yours: "ours",
  },
  they: {
    "i'm": "they're",
    "i am": "they are",
    "i was": "they were",
    "i've": "they've",
    "i'd": "they'd",
    "i'll": "they'll",
    i: "they",
    me: "them",
    my: "their",
    mine: "theirs",
    myself: "themselves",
    "we're": "they're",
    "we are": "they are",
    "we were": "they were",
    "we've": "they've",
    "we'd": "they'd",
    "we'll": "they'll",
    we: "they",
    us: "them",
    our: "their",
    ours: "theirs",
    ourselves: "themselves",
  },
};
const PERSON_WORDS =
  /\b(?:i'm|i am|i was|i've|i'd|i'll|myself|mine|my|me|i|we're|we are|we were|we've|we'd|we'll|ourselves|ours|our|we|us|you're|you are|yours|your|you)\b/gi;
// After these, "you" is the subject ("can you call me" → "can we call you"); elsewhere the object.
const BEFORE_SUBJECT_YOU = /(?:^|\b(?:can|could|would|will|do|did|if|when|whether|are|were|have|that))\s*$/i;

/**
 * Retells the caller's words from `perspective`: "you" when speaking back to the caller (their
 * "you" is the business, so it becomes "we"/"us"), "they" when writing for the owner.
 */
export function shiftPerson(text: string, perspective: Perspective): string {
  return plain(text).replace(PERSON_WORDS, (word, offset: number, whole: string) => {
    const lower = word.toLowerCase();
    if (lower === "you") {
      if (perspective === "they") return word;
      return BEFORE_SUBJECT_YOU.test(whole.slice(0, offset)) ? "we" : "us";
    }
    return PERSON_SHIFTS[perspective][lower] ?? word;
  });
}

/** "reschedule my appointment" → "rescheduling my appointment". */
function gerund(phrase: string): string {
  return phrase.replace(/^[a-z]+/i, (verb) => {
    const lower = verb.toLowerCase();
    if (lower.endsWith("ie")) return `${verb.slice(0, -2)}ying`;
    if (lower.endsWith("e") && !/(?:ee|ye|oe)$/.test(lower) && lower !== "be") return `${verb.slice(0, -1)}ing`;
    if (/^[^aeiou]*[aeiou][^aeiouwxy]$/.test(lower)) return `${verb}${verb.at(-1)}ing`;
    return `${verb}ing`;
  });
}

const REASON_SHAPES: readonly [RegExp, (rest: string) => string][] = [
  [
    /^(?:(?:i'm|i am|we're|we are|it's|it is|this is)\s+)?(?:just\s+)?(?:(?:calling|ringing|phoning)\s+)?(?:about|regarding|concerning)\s+(.+)$/i,
    (rest) => `about ${rest}`,
  ],
  [
    /^(?:(?:i'm|i am|we're|we are)\s+)?(?:just\s+)?(?:calling|ringing|phoning)\s+to\s+(.+)$/i,
    (rest) => `about ${gerund(rest)}`,
  ],
  [
    /^(?:i|we)(?:'d|'m|'re|\s+would|\s+am|\s+are|\s+was|\s+were)?\s+(?:really\s+|just\s+|also\s+)?(?:need|needed|want|wanted|like|love|have|had|hope|hoping|looking|trying|wanting|planning)\s+to\s+(.+)$/i,
    (rest) => `about ${gerund(rest)}`,
  ],
  [
    /^(?:(?:i'm|i am|we're|we are)\s+)?(?:just\s+)?(?:calling|ringing|phoning)\s+(?:because|since|as)\s+(.+)$/i,
    (rest) => `because ${rest}`,
  ],
  // What is left of "it's urgent because …" once the urgency is taken out.
  [/^(?:because|since|'cause|cause)\s+(.+)$/i, (rest) => `because ${rest}`],
  [
    /^(?:i|we)(?:'ve|\s+have|\s+had|\s+got|'ve got)?\s+(?:(?:a|some|one|quick)\s+)*questions?\s+(?:about|regarding|on|for)\s+(.+)$/i,
    (rest) => `with a question about ${rest}`,
  ],
];
const QUESTION_START = /^(?:can|could|would|will|is|are|do|does|did|what|when|where|how|why|who|which)\b/i;
const MESSAGE_START = /^(?:tell|ask|let|have|please|remind|give|send)\b/i;
const CLAUSE_START =
  /^(?:i|i'm|i've|i'd|my|we|we're|our|there|there's|it|it's|he|she|they|his|her|their|someone|somebody|something)\b/i;
// A subject and its verb make "the boiler in my flat stopped working" a clause (retold "because
// …"), where "a quote for a new roof" is a topic (retold "about …").
const FINITE_VERB =
  "is|are|was|were|has|have|had|keeps|kept|won't|isn't|wasn't|aren't|hasn't|haven't|doesn't|don't|didn't|can't|will|needs|needed|broke|stopped|started|came|went|got|leaks|leaked|burst|fell|died|froze|cracked|flooded|overflowed|smells|sounds|looks|seems|works";
const SUBJECT_AND_VERB = new RegExp(
  `^(?:the|a|an|this|that|these|those|some)\\s+(?:[a-z'-]+\\s+){0,5}?(?:${FINITE_VERB})\\b`,
  "i",
);
// "Sam said to call": a name, then what they did.
const NAME_AND_VERB = new RegExp(
  `^(?:(?:Dr|Mr|Mrs|Ms)\\.?\\s+)?[A-Z][a-z'-]+(?:\\s+[A-Z][a-z'-]+)?\\s+(?:${FINITE_VERB}|said|told|asked|wants|wanted|sent|gave)\\b`,
);
// "It's urgent because my pipe burst": what follows the urgency is the reason.
const URGENT_THEN_REASON = /^(.+?)\s+((?:because|since|'cause|cause|and)\s+.+)$/i;
// Days and months keep their capitals wherever they are.
const CALENDAR_NAME =
  /^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|august|september|october|november|december)$/;

/**
 * Whether a first word is capitalised only for starting a sentence: a common word ("The", "It's",
 * "Don't", "Leaking", or one the caller also said in lower case) rather than a name ("Sam",
 * "Thursday").
 */
function capitalisedForTheSentence(word: string, rest: string): boolean {
  const lower = word.toLowerCase();
  if (CALENDAR_NAME.test(lower) || /^i(?:'|$)/.test(lower)) return false;
  const contracted = lower.replace(/'(?:s|re|ve|ll|d|m)$/, "");
  if (NOT_A_NAME.has(lower) || NOT_A_NAME.has(contracted) || lower.endsWith("n't")) return true;
  if (lower.length > 5 && lower.endsWith("ing")) return true;
  return rest.split(/[^a-z']+/).includes(lower);
}

/** Sentence-initial capitals would be wrong mid-sentence; names keep theirs. */
function lowerCommonFirstWord(text: string): string {
  const first = /^[a-z']+/i.exec(text)?.[0] ?? "";
  const lowered = first && capitalisedForTheSentence(first, text.slice(first.length));
  return lowered ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

// After a full stop, but not the one of a title: "Dr. Reyes told me to call" is one sentence.
const SENTENCE_BREAK = /(?<=[.!?])(?<!\b(?:dr|mr|mrs|ms|st)\.)\s+/i;

/**
 * The first sentence that says what the call is about, without the clauses that only say how
 * urgent it is: "It's an emergency, my basement is flooding." → "my basement is flooding."
 */
function topicSentence(reason: string): string | undefined {
  for (const sentence of plain(reason).trim().split(SENTENCE_BREAK)) {
    const clauses = sentence
      .split(/(?<=[,;:])\s+|\s+-+\s+/)
      .filter((clause) => !saysOnlyHowUrgent(clause))
      .map((clause) => {
        const [, lead, rest] = URGENT_THEN_REASON.exec(clause) ?? [];
        return lead && rest && saysOnlyHowUrgent(lead) ? rest.replace(/^and\s+/i, "") : clause;
      });
    if (clauses.length > 0) return clauses.join(" ");
  }
  return undefined;
}

/**
 * The first sentence of a reason, retold to fit after "calling…" or "called…": "about
 * rescheduling your appointment", "because your basement is flooding", "asking: what are our
 * hours", "with the message: tell Sam to call you". A reason that only says how urgent the call
 * is becomes "about something urgent".
 */
export function describeReason(reason: string, perspective: Perspective): string {
  const sentence = topicSentence(reason);
  if (sentence === undefined) return "about something urgent";
  const bare = sentence.replace(/[\s.!?,;:]+$/, "");
  const retold = (text: string) => shiftPerson(lowerCommonFirstWord(text), perspective);
  for (const [pattern, shape] of REASON_SHAPES) {
    const rest = pattern.exec(bare)?.[1];
    if (rest) return shape(retold(rest));
  }
  if (sentence.endsWith("?") || QUESTION_START.test(bare)) return `asking: ${retold(bare)}`;
  if (MESSAGE_START.test(bare)) return `with the message: ${retold(bare)}`;
  if (CLAUSE_START.test(bare) || SUBJECT_AND_VERB.test(bare) || NAME_AND_VERB.test(bare)) {
    return `because ${retold(bare)}`;
  }
  return `about ${retold(bare)}`;
}
