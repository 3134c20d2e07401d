/**
 * A Date as Prisma stores a DateTime (`timestamp` without time zone, in UTC), for raw SQL. The
 * drivers would send local time with an offset, which a `timestamp` column silently drops.
 */
export function utcTimestamp(date: Date): string {
  // toISOString always ends in "Z": a slice of it, not a copy with "Z" replaced.
  return date.toISOString().slice(0, -1);
}

/**
 * SQL reading such a column as epoch milliseconds, under `as` (`${column}Ms` unless told): the epoch
 * of a `timestamp` takes it as UTC, where the drivers would read it as local time. `date_part` works
 * in float8, a quarter of the CPU of `extract`'s numeric (a page of the call list reads eight such
 * columns a row); rounded, it is exact to the millisecond Prisma stores.
 */
export function epochMs(column: string, as = `${column}Ms`): string {
  return `round(date_part('epoch', "${column}") * 1000) AS "${as}"`;
}
