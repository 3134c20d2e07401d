/**
 * Local dates and times in an IANA time zone, with nothing but `Intl` (Node ships full ICU): the
 * wall clock at an instant, and the instant of a wall-clock time. Two small functions are all the
 * opening hours need, so no date library; `Temporal` would do it, but Node 20 has none.
 */

import { DAYS_OF_WEEK, type DayOfWeek } from "./settings.js";

/** A local time: a calendar date ("2026-12-04") and the minutes since that date's midnight. */
export interface WallTime {
  date: string;
  minuteOfDay: number;
}

const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

/**
 * One formatter per zone (building one costs far more than using it), and where its fields stand in
 * what it writes: read from the string `format` returns, rather than from `formatToParts`, whose
 * array of a dozen part objects was most of what working out a business's hours allocated.
 */
interface ZoneFormat {
  format: Intl.DateTimeFormat;
  /** Indexes into the numbers of a formatted instant of its year, month, day, hour, minute and second. */
  order: readonly number[];
}

const formats = new Map<string, ZoneFormat>();
const FIELDS = ["year", "month", "day", "hour", "minute", "second"] as const;

function formatIn(timeZone: string): ZoneFormat {
  let zone = formats.get(timeZone);
  if (!zone) {
    const format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      // h23: some ICU versions write midnight as "24" with hour12 off.
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    // The order the fields are written in, as this ICU writes them (en-US: month/day/year, then the time).
    const numbers = format.formatToParts(0).filter((part) => part.type !== "literal");
    const order = FIELDS.map((field) => numbers.findIndex((part) => part.type === field));
    if (numbers.length !== FIELDS.length || order.includes(-1))
      throw new Error(`unexpected date format for ${timeZone}: ${format.format(0)}`);
    zone = { format, order };
    formats.set(timeZone, zone);
  }
  return zone;
}

const ZERO = 48;
const NINE = 57;

/** The wall clock in `timeZone` at an instant, as milliseconds since the epoch as if it were UTC. */
function wallClockAsUtc(epochMs: number, timeZone: string): number {
  const { format, order } = formatIn(timeZone);
  const text = format.format(epochMs);
  // The six numbers it holds, in the order written (whatever separates them).
  numbers.fill(0);
  let field = -1;
  let inNumber = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code >= ZERO && code <= NINE) {
      if (!inNumber) {
        inNumber = true;
        field++;
      }
      if (field < numbers.length) numbers[field] = numbers[field]! * 10 + (code - ZERO);
    } else inNumber = false;
  }
  const at = (which: number) => numbers[order[which]!]!;
  return Date.UTC(at(0), at(1) - 1, at(2), at(3), at(4), at(5));
}

// The numbers of the instant being read (the process reads one at a time).
const numbers = [0, 0, 0, 0, 0, 0];

/** How far the zone's clocks are ahead of UTC at an instant (negative west of Greenwich), in milliseconds. */
function offsetAt(epochMs: number, timeZone: string): number {
  return wallClockAsUtc(epochMs, timeZone) - Math.floor(epochMs / 1000) * 1000;
}

/** The local date and time in `timeZone` at `instant`, to the minute. Throws a RangeError for an unknown zone. */
export function wallTimeAt(instant: Date, timeZone: string): WallTime {
  const wall = new Date(wallClockAsUtc(instant.getTime(), timeZone));
  return { date: wall.toISOString().slice(0, 10), minuteOfDay: wall.getUTCHours() * 60 + wall.getUTCMinutes() };
}

/**
 * The instant a wall clock in `timeZone` shows `date` at `minuteOfDay` (1440 is the next midnight).
 * On a day the clocks change: a time they skip (02:30 when they jump from 02:00 to 03:00) is the
 * instant they jump, the first that is past it; a time they show twice (01:30 when they fall back
 * from 02:00 to 01:00) is its first occurrence.
 */
export function instantOf(date: string, minuteOfDay: number, timeZone: string): Date {
  return new Date(instantWith(utcMidnightOf(date), minuteOfDay, (epochMs) => offsetAt(epochMs, timeZone)));
}

/**
 * `instantOf` in one zone, for many times that lie close together (a month of opening hours), in
 * milliseconds since the epoch, the date given as `utcMidnightOf` gives it: the zone's offset at
 * each instant is worked out once. A day's closing at midnight and the next day's opening ask for
 * the same ones.
 */
export function instantsIn(timeZone: string): (dateMs: number, minuteOfDay: number) => number {
  const offsets = new Map<number, number>();
  const offset = (epochMs: number) => {
    let known = offsets.get(epochMs);
    if (known === undefined) {
      known = offsetAt(epochMs, timeZone);
      offsets.set(epochMs, known);
    }
    return known;
  };
  return (dateMs, minuteOfDay) => instantWith(dateMs, minuteOfDay, offset);
}

/** A calendar date (YYYY-MM-DD) as the milliseconds since the epoch of its midnight read as UTC. */
export function utcMidnightOf(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
}

/** The calendar date (YYYY-MM-DD) whose midnight read as UTC is `dateMs`. */
export function dateOfUtcMidnight(dateMs: number): string {
  return new Date(dateMs).toISOString().slice(0, 10);
}

/** The weekday of a date given as `utcMidnightOf` gives it. */
export function weekdayOfUtcMidnight(dateMs: number): DayOfWeek {
  // 1 January 1970 was a Thursday; DAYS_OF_WEEK counts from Monday.
  return DAYS_OF_WEEK[(((Math.floor(dateMs / DAY_MS) + 3) % 7) + 7) % 7]!;
}

function instantWith(dateMs: number, minuteOfDay: number, offsetAt: (epochMs: number) => number): number {
  const wall = dateMs + minuteOfDay * MINUTE_MS;
  // The offsets a day either side: the same unless the clocks change near this time (no zone changes twice in two days).
  const before = offsetAt(wall - DAY_MS);
  const after = offsetAt(wall + DAY_MS);
  if (before === after) return wall - before;
  // Of the two instants the wall time could be, keep those at which the clock does show it; the earlier first.
  const shown = [wall - before, wall - after].filter((t) => offsetAt(t) === wall - t).sort((a, b) => a - b);
  if (shown[0] !== undefined) return shown[0];
  // Neither: the clocks skip this time. The jump lies between those two instants (the old offset holds
  // at the first, the new one at the second); clocks change on a whole minute, so search by minutes.
  let early = wall - after;
  let late = wall - before;
  while (late - early > MINUTE_MS) {
    const middle = early + Math.floor((late - early) / 2 / MINUTE_MS) * MINUTE_MS;
    if (offsetAt(middle) === before) early = middle;
    else late = middle;
  }
  return late;
}

/** Whether `name` is a time zone this process knows by its IANA name ("America/New_York", "UTC"). */
export function isKnownTimeZone(name: string): boolean {
  // A fixed offset ("+05:30", accepted by newer engines) is no place: it never follows daylight saving time.
  if (!/^[A-Za-z]/.test(name)) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** Whether `text` is a real calendar date written YYYY-MM-DD ("2026-02-29" is not). */
export function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === text;
}

/** The calendar date `days` after `date` (both YYYY-MM-DD). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The weekday of a calendar date (YYYY-MM-DD). */
export function weekdayOf(date: string): DayOfWeek {
  // getUTCDay counts from Sunday (0); DAYS_OF_WEEK from Monday.
  return DAYS_OF_WEEK[(new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7]!;
}
