/**
 * Pulls details out of what a caller said, as speech-to-text writes it. These are deterministic
 * English heuristics rather than a language model: the offline secretary must behave the same on
 * every call and in tests, and must never fail outright.
 */

interface Span {
  start: number;
  end: number;
}

interface NamePhrase extends Span {
  name: string;
}

interface DigitRun extends Span {
  digits: string;
}

/** Speech-to-text mixes typographic and plain apostrophes; every pattern here expects plain ones. */
function plain(text: string): string {
  return text.replace(/[\u2018\u2019]/g, "'");
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function wordsOf(text: string): string[] {
  return text.toLowerCase().match(/[a-z][a-z'-]*|\d+/g) ?? [];
}

/** Keypad presses reach the agent as a caller line "Keypad: 5551234". */
function isKeypadEntry(text: string): boolean {
  return /^\s*keypad\s*:/i.test(text);
}

// Words that follow "this is", "I'm", "it's"… in ordinary sentences; none of them is a name.
const NOT_A_NAME = new Set(
  `a an the and or but so to of in on at for from with about by as if then than that this these
  those there here it its is are was were be been being am do does did have has had having i i'm
  i'd i'll i've me my mine we us our you your he him his she her they them their what who whom
  whose which when where why how not no nope yes yeah yep sure ok okay well just only also still
  really very quite too calling call called phoning ringing trying looking hoping wondering
  wanting needing going gonna wanna got get getting good fine great alright sorry afraid glad
  happy interested new back again busy available away home today tomorrow tonight yesterday now
  later soon please thanks thank hi hello hey bye goodbye um uh er oh hmm ah like right wrong
  correct speaking number phone name message urgent emergency problem question issue appointment
  customer client someone somebody anyone anybody everyone everybody nobody something anything
  everything nothing monday tuesday wednesday thursday friday saturday sunday morning afternoon
  evening night doing rather tell ask let can could would will should may might must actually
  never mind wait hold maybe pardon excuse`.split(/\s+/),
);

const TITLES = new Set(["mr", "mrs", "ms", "miss", "dr", "doctor"]);

const NAME_INTRO =
  /\b(?:(my name is|my name's|the name is|the name's|name's)|(this is|it's|it is|i'm|i am|call me))\s+/gi;

// "Maria here." at the start of a clause; the lookahead keeps "Everyone here is sick" out.
const NAME_HERE =
  /(?:^|[.!?,]\s*|\b(?:[Hh]i|[Hh]ello|[Hh]ey)\s+)([A-Z][A-Za-z'-]*(?: [A-Z][A-Za-z'-]*)?) here\b(?=\s*(?:[,.!?]|$|calling\b|speaking\b|again\b))/g;

// Said before or after a bare name when answering "what's your name?".
const NAME_ANSWER_FILLER = new Set(
  `yes yeah yep sure um uh oh okay ok well so hi hello hey sorry it's it is this my name name's
  i'm i am the just here speaking thanks thank you please again`.split(/\s+/),
);

function isNameWord(word: string): boolean {
  const lower = word.toLowerCase();
  return /^[A-Za-z][A-Za-z'-]*$/.test(word) && !NOT_A_NAME.has(lower) && !lower.endsWith("'s");
}

function formatName(words: readonly string[]): string {
  return words
    .map((word) => {
      if (TITLES.has(word.toLowerCase())) return `${capitalize(word.toLowerCase())}.`;
      return word === word.toLowerCase() ? capitalize(word) : word;
    })
    .join(" ");
}

/**
 * Reads up to three name words from the start of `rest`. After "this is"/"I'm"/"it's"/"call me"
 * only capitalised words count, because those phrases usually introduce something else
 * ("this is urgent", "I'm good", "call me whenever").
 */
function readNameWords(rest: string, needsCapital: boolean): { name: string; length: number } | undefined {
  const words: string[] = [];
  let length = 0;
  for (const token of rest.matchAll(/\S+/g)) {
    const word = token[0].replace(/[,.!?;:]+$/, "");
    const endsClause = word !== token[0];
    if (words.length === 0 && TITLES.has(word.toLowerCase())) {
      words.push(word);
      continue;
    }
    if (!isNameWord(word) || (needsCapital && !/^[A-Z]/.test(word))) break;
    words.push(word);
    length = token.index + word.length;
    if (endsClause || words.length === 3 + (TITLES.has(words[0]!.toLowerCase()) ? 1 : 0)) break;
  }
  if (length === 0) return undefined;
  return { name: formatName(words), length };
}

function introducedName(text: string): NamePhrase | undefined {
  for (const match of text.matchAll(NAME_INTRO)) {
    const after = match.index + match[0].length;
    const words = readNameWords(text.slice(after), match[2] !== undefined);
    if (words) return { name: words.name, start: match.index, end: after + words.length };
  }
  return undefined;
}

function nameBeforeHere(text: string): NamePhrase | undefined {
  for (const match of text.matchAll(NAME_HERE)) {
    const name = match[1]!;
    if (!name.split(" ").every(isNameWord)) continue;
    const end = match.index + match[0].length;
    return { name: formatName(name.split(" ")), start: end - name.length - " here".length, end };
  }
  return undefined;
}

/** A reply to "what's your name?" is often just the name, maybe wrapped in "yeah, it's … thanks". */
function bareName(text: string): NamePhrase | undefined {
  for (const segment of text.matchAll(/[^,.;!?]+/g)) {
    const words = segment[0].trim().split(/\s+/).filter(Boolean);
    while (words.length > 0 && NAME_ANSWER_FILLER.has(words[0]!.toLowerCase())) words.shift();
    while (words.length > 0 && NAME_ANSWER_FILLER.has(words.at(-1)!.toLowerCase())) words.pop();
    if (words.length === 0) continue;
    if (words.length > 3 || !words.every(isNameWord)) return undefined;
    return { name: formatName(words), start: segment.index, end: segment.index + segment[0].length };
  }
  return undefined;
}

function findName(text: string, expectingName: boolean): NamePhrase | undefined {
  if (isKeypadEntry(text)) return undefined;
  const bare = expectingName && !isGoodbye(text) ? bareName(text) : undefined;
  return introducedName(text) ?? nameBeforeHere(text) ?? bare;
}

/**
 * The caller's name, from "my name is…", "this is…", "I'm…", "it's…", "… here", or, when we have
 * just asked for it (`expectingName`), a short answer that is only a name.
 */
export function extractName(text: string, options: { expectingName?: boolean } = {}): string | undefined {
  return findName(plain(text), options.expectingName ?? false)?.name;
}

const DIGIT_WORDS = new Map([
  ["zero", "0"], ["one", "1"], ["two", "2"], ["three", "3"], ["four", "4"],
  ["five", "5"], ["six", "6"], ["seven", "7"], ["eight", "8"], ["nine", "9"],
]);
const TEEN_WORDS = new Map([
  ["ten", "10"], ["eleven", "11"], ["twelve", "12"], ["thirteen", "13"], ["fourteen", "14"],
  ["fifteen", "15"], ["sixteen", "16"], ["seventeen", "17"], ["eighteen", "18"], ["nineteen", "19"],
]);
const TENS_WORDS = new Map([
  ["twenty", "2"], ["thirty", "3"], ["forty", "4"], ["fifty", "5"],
  ["sixty", "6"], ["seventy", "7"], ["eighty", "8"], ["ninety", "9"],
]);
const REPEAT_WORDS = new Map([["double", 2], ["triple", 3]]);

interface Token {
  text: string;
  start: number;
  end: number;
}

function singleDigit(token: Token | undefined): string | undefined {
  if (!token) return undefined;
  if (token.text === "oh" || token.text === "o") return "0";
  return /^\d$/.test(token.text) ? token.text : DIGIT_WORDS.get(token.text);
}

/** The digits that the tokens at `index` stand for, and how many tokens that took. */
function readDigits(tokens: readonly Token[], index: number, inRun: boolean): { digits: string; consumed: number } | undefined {
  const word = tokens[index]!.text;
  const next = tokens[index + 1];
  if (/^\d+$/.test(word)) return { digits: word, consumed: 1 };
  if (word === "+" || word === "plus") return inRun ? undefined : { digits: "+", consumed: 1 };
  // "Oh" is zero only inside a number: "five oh five", not "Oh, and…" before or after one.
  if (word === "oh" || word === "o") {
    const zero = inRun && (next === undefined || singleDigit(next) !== undefined || /^\d+$/.test(next.text));
    return zero ? { digits: "0", consumed: 1 } : undefined;
  }
  const unit = DIGIT_WORDS.get(word) ?? TEEN_WORDS.get(word);
  if (unit) return { digits: unit, consumed: 1 };
  const repeat = REPEAT_WORDS.get(word);
  const repeated = singleDigit(next);
  if (repeat) return repeated ? { digits: repeated.repeat(repeat), consumed: 2 } : undefined;
  const tens = TENS_WORDS.get(word);
  if (tens) {
    const ones = next && DIGIT_WORDS.get(next.text);
    return ones && ones !== "0" ? { digits: tens + ones, consumed: 2 } : { digits: `${tens}0`, consumed: 1 };
  }
  if (word === "hundred" && inRun) return { digits: "00", consumed: 1 };
  if (word === "thousand" && inRun) return { digits: "000", consumed: 1 };
  return undefined;
}

/** Runs of digits, written or spoken, separated only by spaces and the punctuation people put in numbers. */
function digitRuns(text: string): DigitRun[] {
  const tokens: Token[] = [...text.matchAll(/\+|\d+|[a-z]+/gi)].map((match) => ({
    text: match[0].toLowerCase(),
    start: match.index,
    end: match.index + match[0].length,
  }));
  const runs: DigitRun[] = [];
  let run: DigitRun | undefined;
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index]!;
    if (run && !/^[\s,.\-()/]*$/.test(text.slice(run.end, token.start))) {
      runs.push(run);
      run = undefined;
    }
    const read = readDigits(tokens, index, run !== undefined);
    if (!read) {
      if (run) runs.push(run);
      run = undefined;
      continue;
    }
    run ??= { digits: "", start: token.start, end: token.end };
    run.digits += read.digits;
    index += read.consumed - 1;
    run.end = tokens[index]!.end;
  }
  if (run) runs.push(run);
  return runs.filter((candidate) => /\d/.test(candidate.digits));
}

function digitCount(digits: string): number {
  return digits.replace(/\D/g, "").length;
}

function longestRun(text: string): DigitRun | undefined {
  return digitRuns(plain(text)).reduce<DigitRun | undefined>(
    (best, run) => (!best || digitCount(run.digits) > digitCount(best.digits) ? run : best),
    undefined,
  );
}

/** Between a local number without area code and the longest international (E.164) number. */
function looksLikePhoneNumber(digits: string): boolean {
  const count = digitCount(digits);
  return count >= 7 && count <= 15;
}

/**
 * The longest run of digits in `text`, whether written ("555-123-4567", "Keypad: 5551234") or
 * spoken ("five five five", "oh" for zero, "double five", "forty-five"); a leading "+" is kept.
 * Used to piece together a number dictated over several turns.
 */
function extractDigitSequence(text: string): string | undefined {
  return longestRun(text)?.digits;
}

/** A phone number in `text` as digits (with a leading "+" if one was given), or undefined. */
export function extractPhoneNumber(text: string): string | undefined {
  const digits = extractDigitSequence(text);
  return digits && looksLikePhoneNumber(digits) ? digits : undefined;
}

/**
 * Follows a number read out over several turns ("five five five" … "eight six seven five three oh
 * nine"): `partial` is what earlier turns gave. Returns the number once complete, else the digits
 * so far (none when there are too few to be the start of a number).
 */
export function continueNumber(partial: string, text: string): { number: string | undefined; partial: string } {
  const digits = extractDigitSequence(text);
  if (!digits) return { number: undefined, partial };
  const continued = partial && digitCount(digits) < 10 ? partial + digits : digits;
  if (looksLikePhoneNumber(continued)) return { number: continued, partial: "" };
  return { number: undefined, partial: digitCount(continued) >= 3 ? continued : "" };
}

/**
 * E.164 where the country is clear: a ten-digit number is taken as local to `referencePhone` when
 * that is North American, since that is how callers there give their numbers.
 */
export function normalizePhoneNumber(digits: string, referencePhone: string): string {
  if (digits.startsWith("+")) return digits;
  if (!referencePhone.startsWith("+1")) return digits;
  if (digits.length === 10) return `+1${digits}`;
  if (digits.length === 11 && digits.startsWith("1")) return `+${digits}`;
  return digits;
}

// How carriers present a withheld caller ID to Twilio: the keypad spellings of ANONYMOUS,
// RESTRICTED, BLOCKED, UNKNOWN and UNAVAILABLE.
const WITHHELD_CALLER_IDS = new Set(["+266696687", "+7378742833", "+2562533", "+8656696", "+86282452253"]);

/** Whether a caller ID is a real number we could offer to call back. */
export function isCallbackNumber(phone: string): boolean {
  return !WITHHELD_CALLER_IDS.has(phone) && looksLikePhoneNumber(phone.replace(/[^\d+]/g, ""));
}

/** A number as a person would say it: "555 123 4567" for North America, groups of three otherwise. */
export function formatPhoneForSpeech(phone: string): string {
  const digits = phone.replace(/\D/g, "");
  const northAmerican = phone.startsWith("+1") || (!phone.startsWith("+") && digits.length === 11 && digits.startsWith("1"));
  const national = northAmerican && digits.length === 11 ? digits.slice(1) : digits;
  if (national.length === 10) return `${national.slice(0, 3)} ${national.slice(3, 6)} ${national.slice(6)}`;
  if (national.length === 7) return `${national.slice(0, 3)} ${national.slice(3)}`;
  const groups = national.match(/\d{1,3}/g) ?? [];
  // A lone trailing digit sounds like a mistake; fold it into the group before.
  if (groups.length > 1 && groups.at(-1)!.length === 1) groups.splice(-2, 2, groups.at(-2)! + groups.at(-1)!);
  return (phone.startsWith("+") && !northAmerican ? "+" : "") + groups.join(" ");
}

const NO_WORDS =
  /\b(?:no|nope|nah|not|wrong|incorrect|isn't|wasn't|don't|doesn't|negative|wait)\b/i;
const YES_WORDS =
  /\b(?:yes|yeah|yep|yup|yea|ya|sure|correct|right|exactly|absolutely|definitely|alright|ok|okay|perfect|great|fine|good|uh-huh|mm-hmm|affirmative|of course|please do|go ahead|sounds good|that works|works for me|that's it|you got it|it is|i think so|that's me)\b/i;

/** The answer to a yes/no question; when both appear, the first one said wins ("no, that's right" is a no). */
export function parseYesNo(text: string): "yes" | "no" | undefined {
  const yes = plain(text).search(YES_WORDS);
  const no = plain(text).search(NO_WORDS);
  if (yes < 0 && no < 0) return undefined;
  if (no < 0) return "yes";
  if (yes < 0) return "no";
  return yes < no ? "yes" : "no";
}

const GOODBYE =
  /\b(?:good\s?bye|bye(?:-bye)?|see you|talk (?:to you )?(?:later|soon)|that's all|that is all|that's everything|nothing else|never ?mind|i'll call (?:back|again)|i will call (?:back|again)|i'll try (?:again|later)|(?:have|got|gotta|need) to go|gotta go|hang(?:ing)? up)\b/i;

/** Whether the caller is wrapping up ("that's all", "bye", "I'll call back later"). */
export function isGoodbye(text: string): boolean {
  return GOODBYE.test(plain(text));
}

const SPEAK_TO = /\b(?:(?:speak|talk)\s+(?:to|with)|(?:get|reach)\s+hold\s+of)\b/i;
// Case-sensitive so that "is Sam in" counts and "is leaking in the kitchen" does not.
const IS_SOMEONE_IN =
  /\b[Ii]s\s+(?:[A-Z][a-z]+|the\s+\w+|(?:there\s+)?(?:someone|somebody|anyone|anybody))\s+(?:there|available|around|in)\b/;

/** "Is Sam there?", "Can I speak to the owner?": the caller wants a person, not a message. */
export function asksForSomeone(text: string): boolean {
  return SPEAK_TO.test(plain(text)) || IS_SOMEONE_IN.test(plain(text));
}

/** What the assistant's question was after, so a caller's short answer can be read in context. */
export function askedFor(question: string): "name" | "number" | "reason" | undefined {
  const lower = plain(question).toLowerCase();
  if (/\bname\b/.test(lower)) return "name";
  if (/\b(?:number|reach you|call you back)\b/.test(lower)) return "number";
  if (/\b(?:help|about|reason|pass on|message)\b/.test(lower)) return "reason";
  return undefined;
}

// Whole segments that carry nothing for the owner.
const FILLER_WORDS = new Set(
  `hi hiya hello hey there yes yeah yep yup ya um umm uh uhh er oh ok okay so well thanks thank you
  please sure right alright hmm ah again good morning afternoon evening that's correct fine great
  perfect no nope bye goodbye wait actually sorry`.split(/\s+/),
);
const PLEASANTRY =
  /^(?:how are you(?: doing)?(?: today)?|how's it going|how are things|thanks?(?: you)?(?: (?:so|very) much| a lot)?|i appreciate (?:it|that)|(?:have a )?(?:good|great|nice) (?:day|one|afternoon|evening))$|\bwrong number\b/;
const LEADING_FILLER = /^(?:(?:and|so|but|well|also|anyway|um+|uh+|oh|yeah|yes|okay|ok|just|wait|actually|sorry)\b[,\s]*)+/i;
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
  const reason = kept.join(" ").replace(LEADING_FILLER, "").replace(/[\s,;:]+$/, "");
  return reason ? capitalize(reason) : undefined;
}

export function wordCount(text: string): number {
  return wordsOf(text).length;
}

type Perspective = "you" | "they";

const PERSON_SHIFTS: Record<Perspective, Record<string, string>> = {
  you: {
    "i'm": "you're", "i am": "you are", "i was": "you were", "i've": "you've", "i'd": "you'd",
    "i'll": "you'll", i: "you", me: "you", my: "your", mine: "yours", myself: "yourself",
    "we're": "you're", "we are": "you are", "we were": "you were", "we've": "you've",
    "we'd": "you'd", "we'll": "you'll", we: "you", our: "your", ours: "yours",
    ourselves: "yourselves", "you're": "we're", "you are": "we are", your: "our", yours: "ours",
  },
  they: {
    "i'm": "they're", "i am": "they are", "i was": "they were", "i've": "they've", "i'd": "they'd",
    "i'll": "they'll", i: "they", me: "them", my: "their", mine: "theirs", myself: "themselves",
    "we're": "they're", "we are": "they are", "we were": "they were", "we've": "they've",
    "we'd": "they'd", "we'll": "they'll", we: "they", our: "their", ours: "theirs",
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
  const sentence = plain(reason).trim().split(/(?<=[.!?])\s+/)[0] ?? "";
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
