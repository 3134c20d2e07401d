import { isGoodbye } from "./goodbye.js";
import { capitalize, isKeypadEntry, plain, type Span } from "./text.js";

export interface NamePhrase extends Span {
  name: string;
}

// Words that follow "this is", "I'm", "it's"… in ordinary sentences; none of them is a name.
export const NOT_A_NAME = new Set(
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

/** The caller's name and where it was said in `text` (already `plain`), so a reason can leave it out. */
export function findName(text: string, expectingName: boolean): NamePhrase | undefined {
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

/**
 * What to call someone in a short "Hello …" or "Thanks, …": "Maria Lopez" → "Maria". A title
 * goes with the surname, as people say it ("Dr. Maria Lopez" → "Dr. Lopez", "Dr Smith" stays
 * "Dr Smith"), and a name that starts with an initial ("J. Smith") is only complete whole.
 */
export function firstName(name: string): string {
  const words = name.trim().split(/\s+/);
  const first = words[0] ?? "";
  if (words.length > 1 && TITLES.has(first.toLowerCase().replace(/\.$/, ""))) return `${first} ${words.at(-1)}`;
  if (/^[a-z]\.?$/i.test(first)) return words.join(" ");
  return first;
}
