/**
 * A Date as Prisma stores a DateTime (`timestamp` without time zone, in UTC), for raw SQL. The
 * drivers would send local time with an offset, which a `timestamp` column silently drops.
 */
export function utcTimestamp(date: Date): string {
  return date.toISOString().replace("Z", "");
}
