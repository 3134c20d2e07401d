import { type $Enums, type Call, Prisma, type PrismaClient } from "@prisma/client";

/**
 * The call list (`Query.calls`): a page of calls, newest first, and how many there are, in SQL
 * written out here rather than built by Prisma's query compiler, which cost several times the
 * 0.1 ms the page's statement takes (bench/search.ts). Raw queries still go through the client
 * and its driver adapter, so rows come back typed as `findMany` returns them, on either database.
 */

export interface CallListFilter {
  status?: $Enums.CallStatus[];
  urgency?: $Enums.Urgency[];
  afterHours?: boolean;
  spam?: boolean;
  /** Exact, any case. */
  intent?: string;
  /** E.164: the caller's or the called number. */
  phone?: string;
  /** Started at or after. */
  since?: Date;
  /** Started before. */
  until?: Date;
}

export interface CallListPage {
  /** Rows to read; negative reads backwards (towards newer calls) from the cursor, or from the oldest call. */
  take: number;
  /** The call the page starts after (forwards) or ends before (backwards); it is not in the page. */
  cursorId?: string;
}

/** Every column of "Call" the client knows, as `findMany` reads them; the tsvector columns have no client type. */
export function callColumns(table: string): Prisma.Sql {
  return Prisma.raw(
    Object.values(Prisma.CallScalarFieldEnum)
      .map((column) => `${table}."${column}"`)
      .join(", "),
  );
}

const COLUMNS = callColumns(`"Call"`);

// Timestamps are stored as UTC without a zone: a bound Date is read as UTC whatever the session's zone.
const utc = (date: Date) => Prisma.sql`(${date.toISOString()}::timestamptz AT TIME ZONE 'UTC')`;

function conditions(filter: CallListFilter): Prisma.Sql[] {
  const where: Prisma.Sql[] = [];
  if (filter.status?.length)
    where.push(Prisma.sql`"status" IN (${Prisma.join(filter.status.map((s) => Prisma.sql`${s}::"CallStatus"`))})`);
  if (filter.urgency?.length)
    where.push(Prisma.sql`"urgency" IN (${Prisma.join(filter.urgency.map((u) => Prisma.sql`${u}::"Urgency"`))})`);
  if (filter.afterHours !== undefined) where.push(Prisma.sql`"afterHours" = ${filter.afterHours}`);
  if (filter.spam !== undefined) where.push(Prisma.sql`"spam" = ${filter.spam}`);
  // lower() on both sides, as the call_lists migration's index is built.
  if (filter.intent !== undefined) where.push(Prisma.sql`lower("intent") = lower(${filter.intent})`);
  if (filter.phone !== undefined) where.push(Prisma.sql`("from" = ${filter.phone} OR "to" = ${filter.phone})`);
  if (filter.since) where.push(Prisma.sql`"startedAt" >= ${utc(filter.since)}`);
  if (filter.until) where.push(Prisma.sql`"startedAt" < ${utc(filter.until)}`);
  return where;
}

const whereClause = (where: Prisma.Sql[]) =>
  where.length === 0 ? Prisma.empty : Prisma.sql`WHERE ${Prisma.join(where, " AND ")}`;

/** A page of calls, newest first (equal start times: by ID, descending), as `findMany` with a cursor reads it. */
export async function listCalls(prisma: PrismaClient, filter: CallListFilter, page: CallListPage): Promise<Call[]> {
  const backwards = page.take < 0;
  const where = conditions(filter);
  if (page.cursorId !== undefined) {
    // A cursor whose call is gone compares with nothing: an empty page, as with Prisma's cursor.
    const position = Prisma.sql`(SELECT "startedAt", id FROM "Call" WHERE id = ${page.cursorId}::uuid)`;
    where.push(backwards ? Prisma.sql`("startedAt", id) > ${position}` : Prisma.sql`("startedAt", id) < ${position}`);
  }
  const order = backwards ? Prisma.sql`"startedAt" ASC, id ASC` : Prisma.sql`"startedAt" DESC, id DESC`;
  const rows = await prisma.$queryRaw<Call[]>(
    Prisma.sql`SELECT ${COLUMNS} FROM "Call" ${whereClause(where)} ORDER BY ${order} LIMIT ${Math.abs(page.take)}`,
  );
  return backwards ? rows.reverse() : rows;
}

const TALLIED: (keyof CallListFilter)[] = ["status", "urgency", "afterHours", "spam"];

/**
 * How many calls the filter keeps, exactly. A filter on status, urgency, after hours and spam
 * alone (or none) is summed from "CallTally", which triggers keep in step with "Call" in the same
 * transactions (the call_lists migration): a few rows read, whatever the number of calls.
 * A filter on the intent, a number or a time range counts the calls it keeps, through their indexes.
 */
export async function countCalls(prisma: PrismaClient, filter: CallListFilter): Promise<number> {
  const tallied = Object.entries(filter).every(
    ([key, value]) => value === undefined || TALLIED.includes(key as keyof CallListFilter),
  );
  const table = tallied ? Prisma.sql`"CallTally"` : Prisma.sql`"Call"`;
  const total = tallied ? Prisma.sql`coalesce(sum("calls"), 0)::int` : Prisma.sql`count(*)::int`;
  const [row] = await prisma.$queryRaw<{ n: number }[]>(
    Prisma.sql`SELECT ${total} AS n FROM ${table} ${whereClause(conditions(filter))}`,
  );
  return row?.n ?? 0;
}
