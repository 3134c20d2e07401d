import { plain, type Span } from "./text.js";

export interface DigitRun extends Span {
  digits: string;
  /** What each word or group of the run stood for, where it sits: "4111", "double four" → "44". */
  pieces: DigitPiece[];
}

export interface DigitPiece extends Span {
  digits: string;
}

const DIGIT_WORDS = new Map([
  ["zero", "0"],
  ["one", "1"],
  ["two", "2"],
  ["three", "3"],
  ["four", "4"],
  ["five", "5"],
  ["six", "6"],
  ["seven", "7"],
  ["eight", "8"],
  ["nine", "9"],
]);
const TEEN_WORDS = new Map([
  ["ten", "10"],
  ["eleven", "11"],
  ["twelve", "12"],
  ["thirteen", "13"],
  ["fourteen", "14"],
  ["fifteen", "15"],
  ["sixteen", "16"],
  ["seventeen", "17"],
  ["eighteen", "18"],
  ["nineteen", "19"],
]);
const TENS_WORDS = new Map([
  ["twenty", "2"],
  ["thirty", "3"],
  ["forty", "4"],
  ["fifty", "5"],
  ["sixty", "6"],
  ["seventy", "7"],
  ["eighty", "8"],
  ["ninety", "9"],
]);
const REPEAT_WORDS = new Map([
  ["double", 2],
  ["triple", 3],
]);

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
function readDigits(
  tokens: readonly Token[],
  index: number,
  inRun: boolean,
): { digits: string; consumed: number } | undefined {
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

// How many digits a word can stand for at most, for a quick bound before any parsing: "triple
// five" is three digits in two words, "forty" may be "40". By length, to be compared in place.
const MOST_DIGITS_BY_LENGTH: [word: string, digits: number][][] = [];
for (const [word, digits] of [
  ...[...DIGIT_WORDS.keys(), "oh", "o", "double"].map((word) => [word, 1] as const),
  ...[...TEEN_WORDS.keys(), ...TENS_WORDS.keys(), "triple", "hundred"].map((word) => [word, 2] as const),
  ["thousand", 3] as const,
]) {
  const sameLength = MOST_DIGITS_BY_LENGTH[word.length] ?? [];
  sameLength.push([word, digits]);
  MOST_DIGITS_BY_LENGTH[word.length] = sameLength;
}

/** How many digits the word of ASCII letters from `start` to `end` in `text` (in any case) stands for at most. */
function mostDigitsOfWordAt(text: string, start: number, end: number): number {
  for (const [word, digits] of MOST_DIGITS_BY_LENGTH[end - start] ?? []) {
    let index = 0;
    // (ASCII letters only here: setting 0x20 lower-cases one.)
    while (index < word.length && (text.charCodeAt(start + index) | 0x20) === word.charCodeAt(index)) index++;
    if (index === word.length) return digits;
  }
  return 0;
}

/**
 * At most how many digits `text` holds, written or spoken, counted up to `enough`: a cheap bound
 * that lets a search for long numbers skip the text that cannot hold one.
 */
export function mostDigitsIn(text: string, enough: number): number {
  // Every caller's line goes through here: its words are read where they stand, with none of the
  // match arrays and strings a regular expression's matches cost.
  let count = 0;
  let index = 0;
  while (index < text.length) {
    const start = index;
    if (isAsciiDigit(text.charCodeAt(index))) {
      while (index < text.length && isAsciiDigit(text.charCodeAt(index))) index++;
      count += index - start;
    } else if (isAsciiLetter(text.charCodeAt(index))) {
      while (index < text.length && isAsciiLetter(text.charCodeAt(index))) index++;
      count += mostDigitsOfWordAt(text, start, index);
    } else {
      index++;
      continue;
    }
    if (count >= enough) return count;
  }
  return count;
}

/**
 * Whether a run of digits can end `text`, but for punctuation (its last word is digits or a number
 * word): when not, no number the text holds is at its end, and digitRuns need not be read.
 */
export function mayEndInDigits(text: string): boolean {
  let end = text.length;
  while (end > 0 && TRAILING_PUNCTUATION.test(text.charAt(end - 1))) end--;
  if (end === 0) return false;
  let start = end;
  if (isAsciiDigit(text.charCodeAt(end - 1))) return true;
  while (start > 0 && isAsciiLetter(text.charCodeAt(start - 1))) start--;
  return start < end && mostDigitsOfWordAt(text, start, end) > 0;
}

// What may follow a number that ends a turn (card-numbers.ts, endsTurn).
const TRAILING_PUNCTUATION = /[\s,.!?;:-]/;

function isAsciiDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isAsciiLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/** Runs of digits, written or spoken, separated only by spaces and the punctuation people put in numbers. */
export function digitRuns(text: string): DigitRun[] {
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
    run ??= { digits: "", start: token.start, end: token.end, pieces: [] };
    run.digits += read.digits;
    index += read.consumed - 1;
    run.end = tokens[index]!.end;
    run.pieces.push({ digits: read.digits, start: token.start, end: run.end });
  }
  if (run) runs.push(run);
  return runs.filter((candidate) => /\d/.test(candidate.digits));
}

export function digitCount(digits: string): number {
  return digits.replace(/\D/g, "").length;
}

function longestRun(text: string): DigitRun | undefined {
  return digitRuns(plain(text)).reduce<DigitRun | undefined>(
    (best, run) => (!best || digitCount(run.digits) > digitCount(best.digits) ? run : best),
    undefined,
  );
}

/**
 * The longest run of digits in `text`, whether written ("555-123-4567", "Keypad: 5551234") or
 * spoken ("five five five", "oh" for zero, "double five", "forty-five"); a leading "+" is kept.
 * Used to piece together a number dictated over several turns.
 */
export function extractDigitSequence(text: string): string | undefined {
  return longestRun(text)?.digits;
}
