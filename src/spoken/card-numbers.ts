import { type DigitPiece, type DigitRun, digitRuns, mostDigitsIn } from "./digits.js";
import type { Span } from "./text.js";

/** What a payment card number is replaced by, wherever a caller's words are kept or shown. */
export const CARD_NUMBER_MARK = "[card number]";
/** What the security code said with a card number is replaced by. */
export const SECURITY_CODE_MARK = "[security code]";

// Payment card numbers (ISO/IEC 7812) are 13 to 19 digits; the issuers' ranges start with 2 to 6
// (Mastercard's 2-series, Amex and Diners 3, Visa 4, Mastercard 5, Discover and UnionPay 6). A
// phone number with its country code ("1 555…") or a date never starts a card.
const SHORTEST_CARD = 13;
const LONGEST_CARD = 19;
const CARD_FIRST_DIGIT = /^[2-6]/;
// A security code is asked for by one of these names; an expiry date is not one.
const SECURITY_CODE_WORDS = /\b(?:security|cvv|cvc|cv2|cid|code|back)\b/i;
const EXPIRY_WORDS = /\b(?:expir\w*|exp|date|valid|until|through|thru)\b/i;
// "…1111, and it's 123": a code said right after the number, with at most a few words between.
const WORDS_BEFORE_A_BARE_CODE = 4;
// The shortest group a card number is read out in ("4111 1111…", Amex's "3782 822463…").
const GROUP_OF_DIGITS = 4;

/** The Luhn check every payment card number passes (and a mistyped one fails). */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index++) {
    let digit = digits.charCodeAt(digits.length - 1 - index) - 48;
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

interface Cut extends Span {
  mark: string;
}

/**
 * The longest card number in `pieces` starting with piece `first`, as the index of its last
 * piece. The number may be split anywhere the caller paused ("4111 1111…", "four one one one…",
 * "double four"), but not inside a group they said as one.
 */
function cardFrom(pieces: readonly DigitPiece[], first: number): number | undefined {
  if (!CARD_FIRST_DIGIT.test(pieces[first]!.digits)) return undefined;
  let digits = "";
  let found: number | undefined;
  for (let last = first; last < pieces.length; last++) {
    digits += pieces[last]!.digits;
    if (digits.length > LONGEST_CARD) break;
    if (digits.length >= SHORTEST_CARD && passesLuhn(digits)) found = last;
  }
  return found;
}

/** Whether the digits from piece `first` to the end of the run are a security code (3 or 4 digits). */
function isCode(pieces: readonly DigitPiece[], first: number): boolean {
  let length = 0;
  for (let index = first; index < pieces.length; index++) length += pieces[index]!.digits.length;
  return length === 3 || length === 4;
}

/**
 * The end (a piece of `run`) of a card number the caller began at the end of their last turn
 * (`trailing`) and goes on with at the start of this one: speech recognition ends a turn at a
 * pause, and people pause between the groups of a card number.
 */
function continuedCard(text: string, run: DigitRun, trailing: string): number | undefined {
  if (wordsIn(text.slice(0, run.start)) > WORDS_BEFORE_A_BARE_CODE) return undefined;
  let digits = trailing;
  let found: number | undefined;
  for (const [index, piece] of run.pieces.entries()) {
    if (!/^\d+$/.test(piece.digits)) return found;
    digits += piece.digits;
    if (digits.length > LONGEST_CARD) break;
    if (digits.length >= SHORTEST_CARD && passesLuhn(digits)) found = index;
  }
  return found;
}

/** The digits `text` ends with (but for punctuation) when they may be the start of a card number, else "". */
function startOfCardAtEnd(text: string, runs: readonly DigitRun[], cuts: readonly Cut[]): string {
  const last = runs.at(-1);
  if (!last || cuts.some((cut) => cut.end > last.start) || !/^[\s,.!?;:-]*$/.test(text.slice(last.end))) return "";
  const digits = last.digits.replace(/\D/g, "");
  return digits.length >= GROUP_OF_DIGITS && digits.length < SHORTEST_CARD && CARD_FIRST_DIGIT.test(digits)
    ? digits
    : "";
}

function wordsIn(text: string): number {
  return text.match(/[a-z']+/gi)?.length ?? 0;
}

/** Whether `between` (what was said between a card number and a short run of digits) introduces a security code. */
function introducesCode(between: string): boolean {
  if (SECURITY_CODE_WORDS.test(between)) return true;
  return !EXPIRY_WORDS.test(between) && wordsIn(between) <= WORDS_BEFORE_A_BARE_CODE;
}

/**
 * Hides payment card numbers in what one caller says, turn by turn, before the words are kept
 * anywhere (the transcript, the model's request, live events, the logs). A card number is 13–19
 * digits, written ("4111 1111 1111 1111", "4111-1111…") or spoken as speech recognition writes it
 * ("four one one one", "oh" for zero, "double four", "forty one"), that passes the Luhn check;
 * it becomes "[card number]". A security code of 3 or 4 digits said right after one, in the same
 * turn or at the start of the next ("…and the CVV is 123"), becomes "[security code]".
 *
 * Phone numbers, dates, amounts and order numbers that fail the Luhn check are left alone.
 * One object per call: it remembers how the last turn ended. A card number read out over two turns
 * (speech recognition ends a turn at a pause) is caught in the second, whose part of it is taken
 * out; the first part was kept before the rest was said.
 */
export class CardNumberRedactor {
  /** The caller's last turn gave a card number and no security code yet. */
  private codeMayFollow = false;
  /** The digits the caller's last turn ended with, when they may be the start of a card number. */
  private trailingDigits = "";

  redact(text: string): string {
    const { codeMayFollow, trailingDigits } = this;
    this.codeMayFollow = false;
    this.trailingDigits = "";
    // The hot path: most turns hold no number at all, and most numbers are too short to be a card.
    const mostDigits = mostDigitsIn(text, SHORTEST_CARD);
    if (!codeMayFollow && mostDigits < SHORTEST_CARD - trailingDigits.length) {
      // Though one may be the start of a card number the caller goes on with after a pause.
      if (mostDigits >= GROUP_OF_DIGITS) this.trailingDigits = startOfCardAtEnd(text, digitRuns(text), []);
      return text;
    }
    const cuts: Cut[] = [];
    // Where the last card number ended, while a security code may still follow it.
    let cardEnd: number | undefined = codeMayFollow ? 0 : undefined;
    const runs = digitRuns(text);
    for (const [index, run] of runs.entries()) {
      const continued = index === 0 && trailingDigits ? continuedCard(text, run, trailingDigits) : undefined;
      if (continued !== undefined) {
        const end = run.pieces[continued]!.end;
        cuts.push({ start: run.start, end, mark: CARD_NUMBER_MARK });
        cardEnd = this.cutRun(text, run, end, cuts, continued + 1);
      } else {
        cardEnd = this.cutRun(text, run, cardEnd, cuts);
      }
    }
    this.codeMayFollow = cardEnd !== undefined && cuts.some((cut) => cut.mark === CARD_NUMBER_MARK);
    this.trailingDigits = startOfCardAtEnd(text, runs, cuts);
    let redacted = text;
    for (const cut of cuts.reverse()) redacted = redacted.slice(0, cut.start) + cut.mark + redacted.slice(cut.end);
    return redacted;
  }

  /** Cuts the card numbers and security codes out of one run of digits; returns where a code may still follow. */
  private cutRun(text: string, run: DigitRun, cardEnd: number | undefined, cuts: Cut[], from = 0): number | undefined {
    const pieces = run.pieces.filter((piece) => /^\d+$/.test(piece.digits));
    let index = from;
    let codeAfter = cardEnd;
    while (index < pieces.length) {
      if (codeAfter !== undefined) {
        const between = text.slice(codeAfter, pieces[index]!.start);
        if (introducesCode(between) && isCode(pieces, index)) {
          cuts.push({ start: pieces[index]!.start, end: run.end, mark: SECURITY_CODE_MARK });
          return undefined;
        }
        // "…expires twelve twenty-seven, and the code is…": the date is not the code, which may come next.
        if (EXPIRY_WORDS.test(between) && index === 0 && run.digits.length <= 6) return run.end;
      }
      const card = cardFrom(pieces, index);
      if (card === undefined) {
        codeAfter = undefined;
        index++;
        continue;
      }
      cuts.push({ start: pieces[index]!.start, end: pieces[card]!.end, mark: CARD_NUMBER_MARK });
      codeAfter = pieces[card]!.end;
      index = card + 1;
    }
    return codeAfter;
  }
}
