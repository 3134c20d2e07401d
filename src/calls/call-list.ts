import { type $Enums, type Call, Prisma } from "@prisma/client";
import type { DriverQuery } from "../db/database.js";
import { epochMs } from "../db/utc-timestamp.js";

/**
 * The call list (`Query.calls`): a page of calls, newest first, and how many there are, in SQL
 * written out here and sent straight through the database driver: Prisma's query compiler cost
 * several times the 0.1 ms the page's statement takes, and even its raw queries cost more CPU
 * than the rest of the request's execution (bench/search.ts). Rows come back as `findMany` returns
 * them, on either database.
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

// The client's DateTime columns of "Call": the driver reads them as epoch milliseconds (epochMs),
// as it would not read a `timestamp` as UTC, and callFromRow makes them Dates in place.
const CALL_COLUMNS: readonly string[] = Object.values(Prisma.CallScalarFieldEnum);
const DATE_TIME_COLUMNS: readonly string[] =
  Prisma.dmmf.datamodel.models
    .find((model) => model.name === "Call")
    ?.fields.filter((field) => field.kind === "scalar" && field.type === "DateTime")
    .map((field) => field.name) ?? [];
// A Prisma without the datamodel would leave the times to the driver's local-time reading: refuse to start instead.
if (!DATE_TIME_COLUMNS.includes("startedAt"))
  throw new Error("Prisma's datamodel does not say which columns of Call are times");

/**
 * The columns of "Call" a page reads, as the client names them, with the ID always among them.
 * A list screen shows a handful of a call's thirty-odd columns: reading only those keeps a
 * page's rows small, and rows that outlive a request's young generation are copied by the
 * garbage collector, their size in its pauses (bench/search.ts prints them).
 */
export interface CallColumns {
  readonly sql: Prisma.Sql;
  readonly times: readonly string[];
}

/** The given columns of "Call" (names the client does not know are left out), and the ID. */
export function callColumnsOf(columns: Iterable<string>): CallColumns {
  const wanted = new Set(columns);
  const read = CALL_COLUMNS.filter((column) => column === "id" || wanted.has(column));
  return {
    sql: Prisma.raw(
      read.map((column) => (DATE_TIME_COLUMNS.includes(column) ? epochMs(column, column) : `"${column}"`)).join(", "),
    ),
    times: DATE_TIME_COLUMNS.filter((column) => read.includes(column)),
  };
}

/** Every column of "Call" the client knows: rows as `findMany` returns them. */
export const EVERY_CALL_COLUMN = callColumnsOf(CALL_COLUMNS);

/** A call's row read with `columns`: only its times change, to Dates; the columns not read are absent. */
export function callFromRow(row: Record<string, unknown>, columns: CallColumns): Call {
  for (const column of columns.times) {
    const ms = row[column];
    if (ms !== null) row[column] = new Date(Number(ms));
  }
  return row as Call;
}

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

/**
 * A page of calls, newest first (equal start times: by ID, descending), as `findMany` with a cursor
 * reads it, with `columns` only: a column not read is absent from the rows, though their type has it.
 */
export async function listCalls(
  query: DriverQuery,
  filter: CallListFilter,
  page: CallListPage,
  columns: CallColumns = EVERY_CALL_COLUMN,
): Promise<Call[]> {
  const backwards = page.take < 0;
  const where = conditions(filter);
  if (page.cursorId !== undefined) {
    // A cursor whose call is gone compares with nothing: an empty page, as with Prisma's cursor.
    const position = Prisma.sql`(SELECT "startedAt", id FROM "Call" WHERE id = ${page.cursorId}::uuid)`;
    where.push(backwards ? Prisma.sql`("startedAt", id) > ${position}` : Prisma.sql`("startedAt", id) < ${position}`);
  }
  // Qualified: a bare "startedAt" here would name the selected epoch milliseconds, not the indexed column.
  const order = backwards
    ? Prisma.sql`"Call"."startedAt" ASC, "Call".id ASC`
    : Prisma.sql`"Call"."startedAt" DESC, "Call".id DESC`;
  const rows = (
    await read<Record<string, unknown>>(
      query,
      Prisma.sql`SELECT ${columns.sql} FROM "Call" ${whereClause(where)} ORDER BY ${order} LIMIT ${Math.abs(page.take)}`,
    )
  ).map((row) => callFromRow(row, columns));
  return backwards ? rows.reverse() : rows;
}

const TALLIED: (keyof CallListFilter)[] = ["status", "urgency", "afterHours", "spam"];

/**
 * How many calls the filter keeps, exactly. A filter on status, urgency, after hours and spam
 * alone (or none) is summed from "CallTally", which triggers keep in step with "Call" in the same
 * transactions (the call_lists migration): a few rows read, whatever the number of calls.
 * A filter on the intent, a number or a time range counts the calls it keeps, through their indexes.
 */
export async function countCalls(query: DriverQuery, filter: CallListFilter): Promise<number> {
  const tallied = Object.entries(filter).every(
    ([key, value]) => value === undefined || TALLIED.includes(key as keyof CallListFilter),
  );
  const table = tallied ? Prisma.sql`"CallTally"` : Prisma.sql`"Call"`;
  const total = tallied ? Prisma.sql`coalesce(sum("calls"), 0)::int` : Prisma.sql`count(*)::int`;
  const [row] = await read<{ n: number }>(
    query,
    Prisma.sql`SELECT ${total} AS n FROM ${table} ${whereClause(conditions(filter))}`,
  );
  return row?.n ?? 0;
}

/** A statement built with Prisma.sql, through the driver ($1, $2… placeholders, as PostgreSQL takes them). */
const read = <Row>(query: DriverQuery, sql: Prisma.Sql) => query<Row>(sql.text, sql.values);
