import { addDays, instantOf, wallTimeAt } from "../business/time-zone.js";
import type { QuietHours } from "./channel-settings.js";

/** "07:30" as minutes since midnight (450). */
export const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/**
 * When the quiet hours that hold at `now` end, on the business's clock; undefined outside them.
 * "22:00"–"07:00" runs overnight: quiet from 22:00 until 07:00 the next morning.
 */
export function quietUntil(quiet: QuietHours, now: Date, timeZone: string): Date | undefined {
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  const { date, minuteOfDay } = wallTimeAt(now, timeZone);
  if (start < end) return minuteOfDay >= start && minuteOfDay < end ? instantOf(date, end, timeZone) : undefined;
  if (minuteOfDay >= start) return instantOf(addDays(date, 1), end, timeZone);
  if (minuteOfDay < end) return instantOf(date, end, timeZone);
  return undefined;
}
