import { digitCount, digitRuns, extractDigitSequence } from "./digits.js";
import { plain } from "./text.js";

/** Between a local number without area code and the longest international (E.164) number. */
export function looksLikePhoneNumber(digits: string): boolean {
  const count = digitCount(digits);
  return count >= 7 && count <= 15;
}

/** E.164: a plus, a country code (never 0) and at most 15 digits in all, e.g. +15551234567. */
export const E164_PHONE_NUMBER = /^\+[1-9]\d{6,14}$/;

/** A phone number in `text` as digits (with a leading "+" if one was given), or undefined. */
export function extractPhoneNumber(text: string): string | undefined {
  const digits = extractDigitSequence(text);
  return digits && looksLikePhoneNumber(digits) ? digits : undefined;
}

/**
 * Follows a number read out over several turns ("five five five" … "eight six seven five three oh
 * nine"): `partial` is what earlier turns gave. Returns the number once complete, else the digits
 * so far (none when there are too few to be the start of a number). `localTo` as for
 * normalizePhoneNumber: on a North American line eight or nine digits are not a number yet.
 */
export function continueNumber(
  partial: string,
  text: string,
  localTo: string,
): { number: string | undefined; partial: string } {
  const longest = extractDigitSequence(text);
  if (!longest) return { number: undefined, partial };
  const digits = localTo.startsWith("+1") ? withAreaCodeNamed(longest, text) : longest;
  const continued = partial && digitCount(digits) < 10 ? partial + digits : digits;
  if (looksLikePhoneNumber(continued) && !unfinishedNorthAmerican(continued, localTo))
    return { number: continued, partial: "" };
  return { number: undefined, partial: digitCount(continued) >= 3 ? continued : "" };
}

/** "My area code is 415 and the number is 555 1234": the seven digits, with the area code named apart. */
function withAreaCodeNamed(digits: string, text: string): string {
  if (!/^\d{7}$/.test(digits) || !/\barea code\b/i.test(text)) return digits;
  const areaCode = digitRuns(plain(text)).find((run) => /^[2-9]\d\d$/.test(run.digits));
  return areaCode ? areaCode.digits + digits : digits;
}

// Eight or nine digits, or ten after a leading 1 (no area code starts with 1): part of a number.
function unfinishedNorthAmerican(digits: string, localTo: string): boolean {
  return localTo.startsWith("+1") && /^(?:\d{8,9}|1\d{9})$/.test(digits);
}

/**
 * Seven digits on a North American line: a number read out without its area code ("555 1234"),
 * which the owner cannot dial back as it stands.
 */
export function lacksAreaCode(number: string, localTo: string): boolean {
  return localTo.startsWith("+1") && /^\d{7}$/.test(number);
}

/** An area code said on its own ("four one five", "it's 1 415"), as its three digits. */
export function areaCodeIn(text: string): string | undefined {
  const digits = extractDigitSequence(text);
  return digits ? /^1?([2-9]\d\d)$/.exec(digits)?.[1] : undefined;
}

/** The area code of a North American number in E.164 ("+14155550123" → "415"). */
export function areaCodeOf(phone: string): string | undefined {
  return /^\+1([2-9]\d\d)\d{7}$/.exec(phone)?.[1];
}

/**
 * `number` as the owner can dial it back: the caller ID when `number` is its last seven digits, read
 * out without the area code ("555 1234" from +1 415 555 1234); else `number` as it was said.
 */
export function withCallerIdAreaCode(number: string, localTo: string, callerPhone: string): string {
  return lacksAreaCode(number, localTo) && areaCodeOf(callerPhone) && callerPhone.endsWith(number)
    ? callerPhone
    : number;
}

// What people write between the digits of a number: "+1 (555) 123-4567", "555.123.4567".
const SEPARATORS = /[\s()./-]/g;

/**
 * A number as written ("+1 (555) 123-4567") or as read from speech ("5559876543") in E.164 where
 * the country is clear: one without a country code is taken as local to `localTo` (a number from
 * the same place, such as the line that was called, or just its country code) when that is North
 * American, since that is how callers there give their numbers. Otherwise the number comes back
 * as given, separators aside: "07946 095800" stays "07946095800" rather than becoming a guess.
 */
export function normalizePhoneNumber(number: string, localTo: string): string {
  const compact = number.trim().replace(SEPARATORS, "");
  if (!/^\d+$/.test(compact) || !localTo.startsWith("+1")) return compact;
  if (compact.length === 10) return `+1${compact}`;
  if (compact.length === 11 && compact.startsWith("1")) return `+${compact}`;
  return compact;
}

/**
 * A number as someone types it into the API ("+1 (555) 123-4567", "555-123-4567"): the API has no
 * home country of its own, so a number without a country code is read as North American.
 */
export function normalizeTypedPhoneNumber(number: string): string {
  return normalizePhoneNumber(number, "+1");
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
  const northAmerican =
    phone.startsWith("+1") || (!phone.startsWith("+") && digits.length === 11 && digits.startsWith("1"));
  const national = northAmerican && digits.length === 11 ? digits.slice(1) : digits;
  if (national.length === 10) return `${national.slice(0, 3)} ${national.slice(3, 6)} ${national.slice(6)}`;
  if (national.length === 7) return `${national.slice(0, 3)} ${national.slice(3)}`;
  const groups = national.match(/\d{1,3}/g) ?? [];
  // A lone trailing digit sounds like a mistake; fold it into the group before.
  if (groups.length > 1 && groups.at(-1)!.length === 1) groups.splice(-2, 2, groups.at(-2)! + groups.at(-1)!);
  return (phone.startsWith("+") && !northAmerican ? "+" : "") + groups.join(" ");
}
