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
// five" is three digits in two words, "forty" may be "40".
function mostDigitsOf(word: string): number {
  if (/^\d+$/.test(word)) return word.length;
  if (DIGIT_WORDS.has(word) || word === "oh" || word === "o" || word === "double") return 1;
  if (TEEN_WORDS.has(word) || TENS_WORDS.has(word) || word === "triple" || word === "hundred") return 2;
  return word === "thousand" ? 3 : 0;
}

/**
 * At most how many digits `text` holds, written or spoken, counted up to `enough`: a cheap bound
 * that lets a search for long numbers skip the text that cannot hold one.
 */
export function mostDigitsIn(text: string, enough: number): number {
  // Every caller's line goes through here: its words are read where they stand, with none of the
  // match arrays and strings a regular expression's matches cost, and only a word short enough to
  // be a number's is looked at.
  let count = 0;
  let index = 0;
  while (index < text.length) {
    const start = index;
    if (isAsciiDigit(text.charCodeAt(index))) {
      while (index < text.length && isAsciiDigit(text.charCodeAt(index))) index++;
      count += index - start;
    } else if (isAsciiLetter(text.charCodeAt(index))) {
      while (index < text.length && isAsciiLetter(text.charCodeAt(index))) index++;
      if (index - start <= LONGEST_NUMBER_WORD) count += mostDigitsOf(text.slice(start, index).toLowerCase());
    } else {
      index++;
      continue;
    }
    if (count >= enough) return count;
  }
  return count;
}

// "seventeen": no longer word stands for digits.
const LONGEST_NUMBER_WORD = 9;

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
