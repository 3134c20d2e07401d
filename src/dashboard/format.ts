// How the pages write times, durations and the API's enum values, in the browser's own locale.

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const time = new Intl.DateTimeFormat(undefined, { timeStyle: "short" });
const sameDay = (a: Date, b: Date) => a.toDateString() === b.toDateString();

/** "14:05" today, "3 Dec 2026, 14:05" otherwise. */
export function formatWhen(iso: string, now = new Date()): string {
  const at = new Date(iso);
  return sameDay(at, now) ? `Today ${time.format(at)}` : dateTime.format(at);
}

export function formatDateTime(iso: string): string {
  return dateTime.format(new Date(iso));
}

/** 75 → "1 min 15 s". */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds == null) return "";
  const minutes = Math.floor(seconds / 60);
  const rest = Math.round(seconds % 60);
  return minutes > 0 ? `${minutes} min ${rest} s` : `${rest} s`;
}

/** IN_PROGRESS → "In progress". */
export function formatEnum(value: string): string {
  const words = value.toLowerCase().replaceAll("_", " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function formatCount(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString()} ${count === 1 ? one : many}`;
}
