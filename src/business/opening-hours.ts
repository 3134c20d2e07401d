/**
 * The business's opening hours, worked out in code: whether the office is open at an instant, until
 * when, and when it next opens, told in plain sentences for the prompt (the model never does time
 * arithmetic); a spoken summary of the week; and the checks the settings API makes on the hours.
 */

import { capitalize } from "../spoken/text.js";
import { type BusinessSettings, type ClosedDate, DAYS_OF_WEEK, type DayOfWeek, type OpeningHours } from "./settings.js";
import {
  addDays,
  DAY_MS,
  dateOfUtcMidnight,
  instantsIn,
  isCalendarDate,
  utcMidnightOf,
  wallTimeAt,
  weekdayOf,
  weekdayOfUtcMidnight,
} from "./time-zone.js";

/** What the clock needs of the settings. */
export type BusinessHours = Pick<BusinessSettings, "timeZone" | "openingHours" | "closedDates">;

/** How many days ahead the clock looks for the next opening, or for the end of this one: a month. */
const LOOKAHEAD_DAYS = 31;

/** An instant, with what the business's clocks show then. */
export interface LocalMoment {
  at: Date;
  /** "2026-12-04" */
  localDate: string;
  /** "18:40" */
  localTime: string;
  weekday: DayOfWeek;
}

/** The business at one instant (`at`): open or not, and until when or from when. */
export interface BusinessClock extends LocalMoment {
  timeZone: string;
  /** False when no opening hours are set: the office is then never open, and nobody knows when it would be. */
  hasOpeningHours: boolean;
  open: boolean;
  /**
   * When open: when this opening ends, an opening that goes on past midnight included. Undefined when
   * closed, or when it does not end within LOOKAHEAD_DAYS.
   */
  closesAt: LocalMoment | undefined;
  /** When closed: when it next opens, closed dates skipped. Undefined when open, or when it does not open within LOOKAHEAD_DAYS. */
  nextOpening: LocalMoment | undefined;
  /** Today (local) is a closed date: which. */
  closedToday: ClosedDate | undefined;
}

/** A range of one day in minutes since its midnight; `closes` may be 1440 (24:00). */
interface DayRange {
  opens: number;
  closes: number;
}

/** An opening in time, as epoch milliseconds: [start, end). */
interface Interval {
  start: number;
  end: number;
}

/** "HH:MM" as minutes since midnight; undefined unless 00:00–23:59, or "24:00" for a closing time. */
function minutesOf(time: string, which: "opens" | "closes"): number | undefined {
  if (which === "closes" && time === "24:00") return 24 * 60;
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  return match ? Number(match[1]) * 60 + Number(match[2]) : undefined;
}

function dayRangeOf(hours: OpeningHours): DayRange | undefined {
  const opens = minutesOf(hours.opens, "opens");
  const closes = minutesOf(hours.closes, "closes");
  return opens !== undefined && closes !== undefined && opens < closes ? { opens, closes } : undefined;
}

/**
 * Each weekday's ranges, earliest first. A malformed range is left out rather than thrown on: the
 * settings API refuses them (openingHoursProblems), and a call must never fail over its prompt.
 */
function weekOf(openingHours: OpeningHours[]): Map<DayOfWeek, DayRange[]> {
  const week = new Map<DayOfWeek, DayRange[]>();
  for (const hours of openingHours) {
    const range = dayRangeOf(hours);
    if (range) week.set(hours.day, [...(week.get(hours.day) ?? []), range]);
  }
  for (const ranges of week.values()) ranges.sort((a, b) => a.opens - b.opens);
  return week;
}

function localMoment(at: Date, timeZone: string): LocalMoment {
  const wall = wallTimeAt(at, timeZone);
  return { at, localDate: wall.date, localTime: clockTime(wall.minuteOfDay), weekday: weekdayOf(wall.date) };
}

function clockTime(minuteOfDay: number): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(Math.floor(minuteOfDay / 60))}:${pad(minuteOfDay % 60)}`;
}

/**
 * Whether the business is open at `now`, until when, or when it opens next. Throws a RangeError for
 * an unknown time zone (the settings API refuses one: isKnownTimeZone).
 */
export function businessClock(hours: BusinessHours, now: Date): BusinessClock {
  const { timeZone } = hours;
  const moment = localMoment(now, timeZone);
  const week = weekOf(hours.openingHours);
  const closedDates = new Map(hours.closedDates.map((closed) => [closed.date, closed]));
  // The days as numbers (their midnights read as UTC), not date strings: an office open around the
  // clock is looked at a month ahead, and that month is worked out on every call.
  const today = utcMidnightOf(moment.localDate);
  const instantOf = instantsIn(timeZone);
  const lookaheadEnd = instantOf(today + LOOKAHEAD_DAYS * DAY_MS, 24 * 60);

  /** Every opening from today to the last day looked at, in order, day by day (no more are worked out than needed). */
  function* openings(): Generator<Interval> {
    for (let n = 0; n <= LOOKAHEAD_DAYS; n++) {
      const day = today + n * DAY_MS;
      // A closed date closes the whole local day, the small hours that go on from the night before included.
      if (closedDates.size > 0 && closedDates.has(dateOfUtcMidnight(day))) continue;
      for (const range of week.get(weekdayOfUtcMidnight(day)) ?? []) {
        const start = instantOf(day, range.opens);
        const end = instantOf(day, range.closes);
        // A range inside the hour the clocks skip is no time at all.
        if (start < end) yield { start, end };
      }
    }
  }

  const clock: BusinessClock = {
    ...moment,
    timeZone,
    hasOpeningHours: week.size > 0,
    open: false,
    closesAt: undefined,
    nextOpening: undefined,
    closedToday: closedDates.get(moment.localDate),
  };
  const nowMs = now.getTime();
  for (const opening of joined(openings())) {
    if (opening.end <= nowMs) continue;
    if (opening.start <= nowMs) {
      clock.open = true;
      if (opening.end < lookaheadEnd) clock.closesAt = localMoment(new Date(opening.end), timeZone);
    } else {
      clock.nextOpening = localMoment(new Date(opening.start), timeZone);
    }
    break;
  }
  return clock;
}

/** Openings that meet (Friday until 24:00, Saturday from 00:00) or overlap, as one. */
function* joined(intervals: Iterable<Interval>): Generator<Interval> {
  let current: Interval | undefined;
  for (const next of intervals) {
    if (current && next.start <= current.end) {
      current = { start: current.start, end: Math.max(current.end, next.end) };
    } else {
      if (current) yield current;
      current = next;
    }
  }
  if (current) yield current;
}

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** A time as people say it: "9 am", "5:30 pm", "noon", "midnight" (0 or 1440). */
export function spokenTime(minuteOfDay: number): string {
  const minutes = minuteOfDay % (24 * 60);
  if (minutes === 0) return "midnight";
  if (minutes === 12 * 60) return "noon";
  const hour = Math.floor(minutes / 60);
  const minute = minutes % 60;
  const twelveHour = hour % 12 === 0 ? 12 : hour % 12;
  return `${minute === 0 ? twelveHour : `${twelveHour}:${String(minute).padStart(2, "0")}`} ${hour < 12 ? "am" : "pm"}`;
}

function minutesOfClockTime(localTime: string): number {
  const [hours, minutes] = localTime.split(":").map(Number);
  return hours! * 60 + minutes!;
}

function dayName(day: DayOfWeek): string {
  return capitalize(day.toLowerCase());
}

/** "Friday, December 4" */
function dayAndDate(date: string): string {
  const [, month, day] = date.split("-").map(Number);
  return `${dayName(weekdayOf(date))}, ${MONTHS[month! - 1]} ${day}`;
}

/** Days from `from` to `to`, both calendar dates. */
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * When a moment is, seen from `today`, after "opens" or as "until": "today at 2 pm", "tomorrow at
 * 9 am", "Monday at 9 am" within the coming week, "Monday, December 14, at 9 am" beyond. Midnight
 * belongs to the night before it ("at midnight tonight", "until midnight Monday night"): "Tuesday
 * at midnight" is heard both ways.
 */
function whenPhrase(moment: LocalMoment, today: string, lead: "at" | "until"): string {
  const minutes = minutesOfClockTime(moment.localTime);
  if (minutes === 0) {
    const night = addDays(moment.localDate, -1);
    const days = daysBetween(today, night);
    const which =
      days === 0
        ? "tonight"
        : days === 1
          ? "tomorrow night"
          : days < 7
            ? `${dayName(weekdayOf(night))} night`
            : `on the night of ${dayAndDate(night)}`;
    return `${lead} midnight ${which}`;
  }
  const days = daysBetween(today, moment.localDate);
  const day =
    days === 0
      ? "today"
      : days === 1
        ? "tomorrow"
        : days < 7
          ? dayName(moment.weekday)
          : `${dayAndDate(moment.localDate)},`;
  return `${lead === "until" ? "until " : ""}${day} at ${spokenTime(minutes)}`;
}

/** Until when an opening goes on: the time alone within the next 24 hours ("until 2 am"), else with its day. */
function untilPhrase(closesAt: LocalMoment, clock: BusinessClock): string {
  const withinADay =
    `${closesAt.localDate} ${closesAt.localTime}` <= `${addDays(clock.localDate, 1)} ${clock.localTime}`;
  return withinADay
    ? `until ${spokenTime(minutesOfClockTime(closesAt.localTime))}`
    : whenPhrase(closesAt, clock.localDate, "until");
}

/**
 * The clock in plain sentences for the prompt: "It is 6:40 pm on Friday, December 4. The office is
 * closed; it opens Monday at 9 am." Without opening hours, only the time (and a closed date).
 */
export function clockSentences(clock: BusinessClock): string {
  const minutes = minutesOfClockTime(clock.localTime);
  const time =
    minutes === 0
      ? `It is midnight at the start of ${dayAndDate(clock.localDate)}.`
      : `It is ${spokenTime(minutes)} on ${dayAndDate(clock.localDate)}.`;
  const status = statusSentence(clock);
  return status ? `${time} ${status}` : time;
}

/**
 * Whether the office is open, as a caller may be told it: "The office is closed; it opens Monday
 * at 9 am." Undefined without opening hours (unless today is a closed date).
 */
export function statusSentence(clock: BusinessClock): string | undefined {
  const closed = clock.closedToday
    ? `The office is closed today${clock.closedToday.note ? ` (${clock.closedToday.note})` : ""}`
    : "The office is closed";
  if (clock.open)
    return clock.closesAt
      ? `The office is open ${untilPhrase(clock.closesAt, clock)}.`
      : "The office is open around the clock.";
  if (clock.nextOpening) return `${closed}; it opens ${whenPhrase(clock.nextOpening, clock.localDate, "at")}.`;
  if (clock.hasOpeningHours) return `${closed}, and does not open again in the coming month.`;
  if (clock.closedToday) return `${closed}.`;
  return undefined;
}

/** "9 am to 5:30 pm", "all day". */
function rangePhrase(opens: number, closes: number): string {
  return opens === 0 && closes === 24 * 60 ? "all day" : `${spokenTime(opens)} to ${spokenTime(closes)}`;
}

/** "a", "a and b", "a, b and c" */
function listPhrase(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

/**
 * The weekly hours as a caller would be told them: "Monday to Friday, 9 am to 5:30 pm; Saturday,
 * 10 am to 2 pm; closed Sunday." Consecutive days with the same hours are grouped; a night that
 * goes on past midnight is told on the day it starts ("Friday, 6 pm to 2 am"). Undefined when no
 * hours are set. Closed dates are not part of it: they are told by the clock, on the day.
 */
export function describeOpeningHours(openingHours: OpeningHours[]): string | undefined {
  const week = weekOf(openingHours);
  if (week.size === 0) return undefined;
  const said = DAYS_OF_WEEK.map((day) => [...(week.get(day) ?? [])]);
  // Fold the small hours (00:00 to 2 am) into the night before when that night runs to 24:00.
  for (const [index, ranges] of said.entries()) {
    const last = ranges.at(-1);
    const nextDay = said[(index + 1) % 7]!;
    const tail = nextDay[0];
    if (last && tail && last.opens > 0 && last.closes === 24 * 60 && tail.opens === 0 && tail.closes < 24 * 60) {
      ranges[ranges.length - 1] = { opens: last.opens, closes: tail.closes };
      nextDay.shift();
    }
  }
  const hoursOfDay = said.map((ranges) => listPhrase(ranges.map((range) => rangePhrase(range.opens, range.closes))));
  const groups: { first: number; last: number; hours: string }[] = [];
  for (const [index, hours] of hoursOfDay.entries()) {
    const group = groups.at(-1);
    if (group && group.hours === hours) group.last = index;
    else groups.push({ first: index, last: index, hours });
  }
  const parts = groups.map(({ first, last, hours }) => {
    const days =
      first === 0 && last === 6
        ? "every day"
        : first === last
          ? dayName(DAYS_OF_WEEK[first]!)
          : `${dayName(DAYS_OF_WEEK[first]!)} ${last === first + 1 ? "and" : "to"} ${dayName(DAYS_OF_WEEK[last]!)}`;
    return hours ? `${days}, ${hours}` : `closed ${days}`;
  });
  return `${capitalize(parts.join("; "))}.`;
}

/** What is wrong with one entry of a list of settings, by its index in the list. */
export interface SettingsProblem {
  index: number;
  message: string;
}

/** Why the settings API should refuse these opening hours; empty when they are fine. */
export function openingHoursProblems(openingHours: OpeningHours[]): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  const valid: { index: number; hours: OpeningHours; range: DayRange }[] = [];
  for (const [index, hours] of openingHours.entries()) {
    const opens = minutesOf(hours.opens, "opens");
    const closes = minutesOf(hours.closes, "closes");
    if (opens === undefined) {
      problems.push({ index, message: `opens must be a time written HH:MM, 00:00 to 23:59: got "${hours.opens}"` });
    }
    if (closes === undefined) {
      problems.push({ index, message: `closes must be a time written HH:MM, up to 24:00: got "${hours.closes}"` });
    }
    if (opens === undefined || closes === undefined) continue;
    if (closes <= opens) {
      problems.push({
        index,
        message: `closes (${hours.closes}) must be after opens (${hours.opens}); hours past midnight are a second range on the next day, from 00:00`,
      });
      continue;
    }
    for (const other of valid) {
      if (other.hours.day === hours.day && other.range.opens < closes && opens < other.range.closes) {
        problems.push({
          index,
          message: `overlaps ${hours.day} ${other.hours.opens} to ${other.hours.closes} (entry ${other.index})`,
        });
      }
    }
    valid.push({ index, hours, range: { opens, closes } });
  }
  return problems;
}

/** Why the settings API should refuse these closed dates; empty when they are fine. */
export function closedDatesProblems(closedDates: ClosedDate[]): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  const seen = new Map<string, number>();
  for (const [index, closed] of closedDates.entries()) {
    if (!isCalendarDate(closed.date)) {
      problems.push({ index, message: `date must be a calendar date written YYYY-MM-DD: got "${closed.date}"` });
      continue;
    }
    const earlier = seen.get(closed.date);
    if (earlier !== undefined) {
      problems.push({ index, message: `date ${closed.date} is listed twice (entry ${earlier})` });
    } else {
      seen.set(closed.date, index);
    }
  }
  return problems;
}
