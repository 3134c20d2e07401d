/**
 * A Date as Prisma stores a DateTime (`timestamp` without time zone, in UTC), for raw SQL. The
 * drivers would send local time with an offset, which a `timestamp` column silently drops.
 */
export function utcTimestamp(date: Date): string {
  return date.toISOString().replace("Z", "");
}

/**
 * SQL reading such a column as epoch milliseconds, under `${column}Ms`: `extract(epoch ...)` takes a
 * `timestamp` as UTC, where the drivers would read it as local time.
 */
export function epochMs(column: string): string {
  return `round(extract(epoch FROM "${column}") * 1000)::float8 AS "${column}Ms"`;
}
