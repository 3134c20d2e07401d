import { NOT_A_NAME } from "./names.js";
import { plain } from "./text.js";

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
    our: "their",
    ours: "theirs",
    ourselves: "themselves",
  },
};
const PERSON_WORDS =
  /\b(?:i'm|i am|i was|i've|i'd|i'll|myself|mine|my|me|i|we're|we are|we were|we've|we'd|we'll|ourselves|ours|our|we|you're|you are|yours|your|you)\b/gi;
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
  [
    /^(?:i|we)(?:'ve|\s+have|\s+had|\s+got|'ve got)?\s+(?:(?:a|some|one|quick)\s+)*questions?\s+(?:about|regarding|on|for)\s+(.+)$/i,
    (rest) => `with a question about ${rest}`,
  ],
];
const QUESTION_START = /^(?:can|could|would|will|is|are|do|does|did|what|when|where|how|why|who|which)\b/i;
const MESSAGE_START = /^(?:tell|ask|let|have|please|remind|give|send)\b/i;
const CLAUSE_START =
  /^(?:i|i'm|i've|i'd|my|we|we're|our|there|there's|it|it's|he|she|they|his|her|their|someone|somebody|something|(?:the|a|an)\s+\w+\s+(?:is|are|was|were|has|have|had|keeps|won't|isn't|broke|stopped))\b/i;

/** Sentence-initial capitals would be wrong mid-sentence; names keep theirs. */
function lowerCommonFirstWord(text: string): string {
  const first = /^[a-z']+/i.exec(text)?.[0] ?? "";
  return NOT_A_NAME.has(first.toLowerCase()) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

/**
 * The first sentence of a reason, retold to fit after "calling…" or "called…": "about
 * rescheduling your appointment", "because your basement is flooding", "asking: what are our
 * hours", "with the message: tell Sam to call you".
 */
export function describeReason(reason: string, perspective: Perspective): string {
  const sentence =
    plain(reason)
      .trim()
      .split(/(?<=[.!?])\s+/)[0] ?? "";
  const bare = sentence.replace(/[\s.!?,;:]+$/, "");
  const retold = (text: string) => shiftPerson(lowerCommonFirstWord(text), perspective);
  for (const [pattern, shape] of REASON_SHAPES) {
    const rest = pattern.exec(bare)?.[1];
    if (rest) return shape(retold(rest));
  }
  if (sentence.endsWith("?") || QUESTION_START.test(bare)) return `asking: ${retold(bare)}`;
  if (MESSAGE_START.test(bare)) return `with the message: ${retold(bare)}`;
  if (CLAUSE_START.test(bare)) return `because ${retold(bare)}`;
  return `about ${retold(bare)}`;
}
