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
const DAY_MS = 86_400_000;

/** One formatter per zone: building one costs far more than using it. */
const formats = new Map<string, Intl.DateTimeFormat>();

function formatIn(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
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
    formats.set(timeZone, format);
  }
  return format;
}

/** The wall clock in `timeZone` at an instant, as milliseconds since the epoch as if it were UTC. */
function wallClockAsUtc(epochMs: number, timeZone: string): number {
  const parts = formatIn(timeZone).formatToParts(epochMs);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(part("year"), part("month") - 1, part("day"), part("hour"), part("minute"), part("second"));
}

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
  const [year, month, day] = date.split("-").map(Number);
  const wall = Date.UTC(year!, month! - 1, day!, 0, minuteOfDay);
  // The offsets a day either side: the same unless the clocks change near this time (no zone changes twice in two days).
  const before = offsetAt(wall - DAY_MS, timeZone);
  const after = offsetAt(wall + DAY_MS, timeZone);
  if (before === after) return new Date(wall - before);
  // Of the two instants the wall time could be, keep those at which the clock does show it; the earlier first.
  const shown = [wall - before, wall - after].filter((t) => offsetAt(t, timeZone) === wall - t).sort((a, b) => a - b);
  if (shown[0] !== undefined) return new Date(shown[0]);
  // Neither: the clocks skip this time. The jump lies between those two instants (the old offset holds
  // at the first, the new one at the second); clocks change on a whole minute, so search by minutes.
  let early = wall - after;
  let late = wall - before;
  while (late - early > MINUTE_MS) {
    const middle = early + Math.floor((late - early) / 2 / MINUTE_MS) * MINUTE_MS;
    if (offsetAt(middle, timeZone) === before) early = middle;
    else late = middle;
  }
  return new Date(late);
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
