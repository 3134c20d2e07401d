import { type DigitPiece, type DigitRun, digitRuns, mayEndInDigits, mostDigitsIn } from "./digits.js";
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
// Where digits at the end of a turn may begin a card number the caller goes on with in the next:
// 3 to 6, or Mastercard's 2221–2720 (so a year such as 2024 said last is not one). Stricter than
// CARD_FIRST_DIGIT, as those digits are read with fewer of the next turn's to check them by.
const CARD_START = /^(?:[3-6]|2(?:22[1-9]|2[3-9]\d|[3-6]\d\d|7[01]\d|720))/;
// A North American phone number as written ("555 123 4567", "(555) 123-4567", "5551234567") or
// read out ("five five five, one two three, …"), with or without the 1 before it: never part of a
// card, which is read out in groups of 4 to 6.
const PHONE_NUMBER_GROUPS = ["3,3,4", "1,3,3,4", "10"];

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
 * The digits a recent turn of the caller's ended with, which a card number said over several turns
 * (speech recognition ends a turn at a pause, and people pause between the groups of a card
 * number) may have begun with or gone on through; where they sit in the turn as it was kept.
 */
interface TrailingDigits<Key> extends Span {
  key: Key;
  /** The turn as it was kept (card numbers said whole in it already taken out). */
  kept: string;
  digits: string;
}

/** An earlier turn that held the start of a card number the caller finished later: how it reads now. */
export interface EarlierTurn<Key> {
  key: Key;
  text: string;
}

export interface RedactedTurn<Key> {
  /** The turn as it may be kept and shown. */
  text: string;
  /** The earlier turns, oldest first, that a card number completed in this turn began in: to be corrected wherever they went. */
  earlier: EarlierTurn<Key>[];
}

/** The digit pieces of `run`, as `cardFrom` reads them (a "+" is none). */
function digitPieces(run: DigitRun): DigitPiece[] {
  return run.pieces.filter((piece) => /^\d+$/.test(piece.digits));
}

/**
 * How the caller grouped the digits of `run`: written groups ("555 123 4567") are each one, digit
 * words run together until a comma, dash or the like ("five five five, one two three").
 */
function groupsOf(text: string, run: DigitRun): number[] {
  const groups: number[] = [];
  let previous: DigitPiece | undefined;
  const written = (piece: DigitPiece) => /\d/.test(text.charAt(piece.start));
  for (const piece of run.pieces) {
    const gap = previous ? text.slice(previous.end, piece.start) : "";
    // Written groups are apart by the space between them; digit words only by punctuation.
    const joins = previous !== undefined && /^\s*$/.test(gap) && !(written(piece) && written(previous));
    if (joins) groups.push((groups.pop() ?? 0) + piece.digits.length);
    else groups.push(piece.digits.length);
    previous = piece;
  }
  return groups;
}

function isPhoneNumber(text: string, run: DigitRun): boolean {
  return PHONE_NUMBER_GROUPS.includes(groupsOf(text, run).join(","));
}

/** Whether `run` is a sum of money ("$3,500"): never the start of a card. */
function isAmount(text: string, run: DigitRun): boolean {
  return /[$€£¥]\s*$/.test(text.slice(0, run.start));
}

/** Whether `run` opens the turn: at most a few words before it ("and then 1111…", "Keypad: 1111"). */
function opensTurn(text: string, run: DigitRun): boolean {
  return wordsIn(text.slice(0, run.start)) <= WORDS_BEFORE_A_BARE_CODE;
}

/** Whether `run` ends the turn, but for punctuation. */
function endsTurn(text: string, run: DigitRun): boolean {
  return /^[\s,.!?;:-]*$/.test(text.slice(run.end));
}

/**
 * A card number that begins in the digits the last turns ended with (`trailing`, from one of its
 * entries on) and ends in `run`, the first run of this turn: which entry it begins at, and the
 * piece of `run` it ends with. The longest there is.
 */
function continuedCard<Key>(
  trailing: readonly TrailingDigits<Key>[],
  pieces: readonly DigitPiece[],
): { from: number; last: number } | undefined {
  for (let from = 0; from < trailing.length; from++) {
    if (!CARD_START.test(trailing[from]!.digits)) continue;
    let digits = trailing
      .slice(from)
      .map((entry) => entry.digits)
      .join("");
    let last: number | undefined;
    for (const [index, piece] of pieces.entries()) {
      digits += piece.digits;
      if (digits.length > LONGEST_CARD) break;
      if (digits.length >= SHORTEST_CARD && passesLuhn(digits)) last = index;
    }
    if (last !== undefined) return { from, last };
  }
  return undefined;
}

/**
 * The entries of `trailing` (from the first returned on) whose digits are the start of `card`, a
 * card number said whole: the caller started over after a pause ("4111 1111 1111" … "sorry, 4111
 * 1111 1111 1111"), and what they said of it before goes too.
 */
function startedOver<Key>(trailing: readonly TrailingDigits<Key>[], card: string): number | undefined {
  for (let from = 0; from < trailing.length; from++) {
    const digits = trailing
      .slice(from)
      .map((entry) => entry.digits)
      .join("");
    if (digits.length >= GROUP_OF_DIGITS && card.startsWith(digits)) return from;
  }
  return undefined;
}

/** `entry`'s turn with its trailing digits taken out. */
function withoutTrailingDigits<Key>(entry: TrailingDigits<Key>): EarlierTurn<Key> {
  return { key: entry.key, text: entry.kept.slice(0, entry.start) + CARD_NUMBER_MARK + entry.kept.slice(entry.end) };
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
 * One object per session of a call: it remembers how the last turns ended (a resumed session
 * recalls the turns of the sessions before it). A card number read out over several
 * turns (speech recognition ends a turn at a pause) is caught in the turn that completes it: its
 * part there is taken out, and the earlier turns it began in come back in `earlier`, corrected, for
 * the caller of `redact` to put right wherever they already went. `Key` is how the caller of
 * `redact` knows a turn again.
 */
export class CardNumberRedactor<Key> {
  /** The caller's last turn gave a card number and no security code yet. */
  private codeMayFollow = false;
  /**
   * The digits the last turns ended with, oldest first, when a card number may have begun in them:
   * at most 18 digits (a card number has at least one more, in the turn that completes it).
   */
  private trailing: TrailingDigits<Key>[] = [];

  redact(text: string, key: Key): RedactedTurn<Key> {
    const { codeMayFollow, trailing } = this;
    this.codeMayFollow = false;
    this.trailing = [];
    const trailingDigits = trailing.reduce((count, entry) => count + entry.digits.length, 0);
    // The hot path: most turns hold no number at all, and most numbers are too short to be a card.
    const mostDigits = mostDigitsIn(text, SHORTEST_CARD);
    if (!codeMayFollow && mostDigits < SHORTEST_CARD - trailingDigits) {
      // Though the turn may begin a card number the caller goes on with after a pause, or go on with
      // one: digits it ends with (the common line with a number in it ends in words, and is done).
      if ((mostDigits >= GROUP_OF_DIGITS || (mostDigits > 0 && trailing.length > 0)) && mayEndInDigits(text))
        this.trailing = this.trailingOf(text, text, key, digitRuns(text), [], trailing);
      return { text, earlier: [] };
    }
    const cuts: Cut[] = [];
    let earlier: EarlierTurn<Key>[] = [];
    // Where the last card number ended, while a security code may still follow it.
    let cardEnd: number | undefined = codeMayFollow ? 0 : undefined;
    const runs = digitRuns(text);
    for (const [index, run] of runs.entries()) {
      const pieces = digitPieces(run);
      const fromEarlier = index === 0 && trailing.length > 0 && opensTurn(text, run);
      const whole = fromEarlier && pieces.length > 0 ? cardFrom(pieces, 0) : undefined;
      const continued =
        fromEarlier && whole === undefined && !run.digits.startsWith("+") && !isPhoneNumber(text, run)
          ? continuedCard(trailing, pieces)
          : undefined;
      if (continued) {
        earlier = trailing.slice(continued.from).map(withoutTrailingDigits);
        const end = pieces[continued.last]!.end;
        cuts.push({ start: run.start, end, mark: CARD_NUMBER_MARK });
        cardEnd = this.cutRun(text, run, end, cuts, continued.last + 1);
        continue;
      }
      if (whole !== undefined) {
        const card = pieces
          .slice(0, whole + 1)
          .map((piece) => piece.digits)
          .join("");
        const from = startedOver(trailing, card);
        if (from !== undefined) earlier = trailing.slice(from).map(withoutTrailingDigits);
      }
      cardEnd = this.cutRun(text, run, cardEnd, cuts);
    }
    this.codeMayFollow = cardEnd !== undefined && cuts.some((cut) => cut.mark === CARD_NUMBER_MARK);
    let redacted = text;
    for (const cut of cuts.toReversed()) redacted = redacted.slice(0, cut.start) + cut.mark + redacted.slice(cut.end);
    this.trailing = this.trailingOf(text, redacted, key, runs, cuts, earlier.length > 0 ? [] : trailing);
    return { text: redacted, earlier };
  }

  /**
   * A turn the caller said earlier in the call, as it was kept, remembered as if it had just been
   * said: a session that resumes the call after a dropped connection goes through the call's
   * earlier turns, in order, so that a card number begun before the drop and finished after it is
   * caught, and the turns it began in come back in `earlier`, as within one session. A turn kept
   * with a card number in it (`[card number]`) ended it as the live turn did: a security code said
   * first thing after the drop is caught too.
   */
  recall(kept: string, key: Key): void {
    this.redact(kept, key);
    const mark = kept.lastIndexOf(CARD_NUMBER_MARK);
    if (mark === -1) return;
    // What followed the number decides, as it did live: a code (kept as its mark) or other digits
    // end the wait for one, an expiry date does not.
    const after = kept.slice(mark + CARD_NUMBER_MARK.length);
    let codeAfter: number | undefined = after.includes(SECURITY_CODE_MARK) ? undefined : 0;
    for (const run of digitRuns(after)) codeAfter = this.cutRun(after, run, codeAfter, []);
    this.codeMayFollow = codeAfter !== undefined;
  }

  /**
   * What this turn leaves for the next to go on with: the digits it ends with, after `before` (the
   * earlier turns' trailing digits) when it is only more of them, when a card number may have begun
   * there. `text` is the turn as said, `kept` as kept; `cuts` were made in it, before its last run.
   */
  private trailingOf(
    text: string,
    kept: string,
    key: Key,
    runs: readonly DigitRun[],
    cuts: readonly Cut[],
    before: readonly TrailingDigits<Key>[],
  ): TrailingDigits<Key>[] {
    const last = runs.at(-1);
    if (
      !last ||
      cuts.some((cut) => cut.end > last.start) ||
      !endsTurn(text, last) ||
      isPhoneNumber(text, last) ||
      isAmount(text, last)
    )
      return [];
    // The cuts are all before the run: in the kept turn it sits as far from the end as in the said one.
    const shift = kept.length - text.length;
    const entry = {
      key,
      kept,
      start: last.start + shift,
      end: last.end + shift,
      digits: last.digits.replace(/\D/g, ""),
    };
    const goesOn = runs.length === 1 && cuts.length === 0 && before.length > 0 && opensTurn(text, last);
    const begins =
      entry.digits.length >= GROUP_OF_DIGITS && entry.digits.length < SHORTEST_CARD && CARD_START.test(entry.digits);
    if (!goesOn && !begins) return [];
    const entries = goesOn ? [...before, entry] : [entry];
    // The next turn adds a digit at least, and a card number has at most 19: what came before goes.
    let digits = entries.reduce((count, candidate) => count + candidate.digits.length, 0);
    while (digits >= LONGEST_CARD) digits -= entries.shift()!.digits.length;
    return entries.some((candidate) => CARD_START.test(candidate.digits)) ? entries : [];
  }

  /** Cuts the card numbers and security codes out of one run of digits; returns where a code may still follow. */
  private cutRun(text: string, run: DigitRun, cardEnd: number | undefined, cuts: Cut[], from = 0): number | undefined {
    const pieces = digitPieces(run);
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
