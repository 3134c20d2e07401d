import { Prisma, type PrismaClient, type Urgency } from "@prisma/client";

export interface CallStats {
  /** Every call, whatever it was. */
  totalCalls: number;
  /** Calls from blocked numbers, rejected unanswered. */
  blockedCalls: number;
  /** Calls the analysis took for a sales pitch, a scam or a robocall (blocked ones aside). */
  spamCalls: number;
  /** Calls neither blocked nor spam that ended within SHORT_HANG_UP_SECONDS without the secretary ending or transferring them. */
  shortHangUps: number;
  /** The rest: calls from people with business with the owner. */
  realCalls: number;
  /** Calls that came in outside opening hours, whatever they were. */
  afterHoursCalls: number;
  /** Over the calls with a known duration (a call still in progress has none). */
  totalDurationSeconds: number;
  averageDurationSeconds: number | null;
  /** Ascending; days without calls are left out. */
  callsPerDay: { day: string /* YYYY-MM-DD, UTC */; calls: number }[];
  /** The ten most frequent intents, most frequent first (ties alphabetical); exact-text groups. */
  topIntents: { intent: string; calls: number }[];
  /** Every urgency in order LOW, NORMAL, HIGH, URGENT, zeros included; unanalysed calls count in none. */
  urgencyCounts: { urgency: Urgency; calls: number }[];
  /** Over the assistant turns of the calls in range; null without any measurement. */
  firstTokenLatencyMs: { p50: number | null; p95: number | null };
}

const TOP_INTENTS = 10;
/** A call over this quickly, which the caller ended, is a wrong number or a pocket dial, not a call. */
export const SHORT_HANG_UP_SECONDS = 15;

/**
 * Figures over the calls started in [since, until), either bound optional. One statement, so
 * every figure comes from the same snapshot.
 */
export async function callStats(prisma: PrismaClient, range: { since?: Date; until?: Date }): Promise<CallStats> {
  const bounds = [
    ...(range.since ? [Prisma.sql`"startedAt" >= ${range.since}`] : []),
    ...(range.until ? [Prisma.sql`"startedAt" < ${range.until}`] : []),
  ];
  const where = bounds.length > 0 ? Prisma.sql`WHERE ${Prisma.join(bounds, " AND ")}` : Prisma.empty;

  // "startedAt" is a UTC timestamp without time zone, so its date is the UTC day.
  // Sums are float8 because bigint would come back as a BigInt; integers are exact in a double.
  const [row] = await prisma.$queryRaw<
    {
      totalCalls: number;
      blockedCalls: number;
      spamCalls: number;
      shortHangUps: number;
      realCalls: number;
      afterHoursCalls: number;
      totalDurationSeconds: number;
      averageDurationSeconds: number | null;
      callsPerDay: CallStats["callsPerDay"];
      topIntents: CallStats["topIntents"];
      urgencyCounts: CallStats["urgencyCounts"];
      latency: [number, number] | null;
    }[]
  >`
    WITH calls AS MATERIALIZED (
      SELECT id, "startedAt", "durationSeconds", intent, urgency, "afterHours",
             CASE
               WHEN status = 'BLOCKED' THEN 'blocked'
               WHEN spam THEN 'spam'
               -- The caller hung up (or the call never got through): not ended nor transferred by the secretary.
               WHEN "durationSeconds" < ${SHORT_HANG_UP_SECONDS} AND ("endReason" IS NULL OR "endReason" = 'CALLER_HUNG_UP')
                 THEN 'short'
               ELSE 'real'
             END AS kind
      FROM "Call" ${where}
    )
    SELECT
      (SELECT count(*)::int FROM calls) AS "totalCalls",
      (SELECT count(*)::int FROM calls WHERE kind = 'blocked') AS "blockedCalls",
      (SELECT count(*)::int FROM calls WHERE kind = 'spam') AS "spamCalls",
      (SELECT count(*)::int FROM calls WHERE kind = 'short') AS "shortHangUps",
      (SELECT count(*)::int FROM calls WHERE kind = 'real') AS "realCalls",
      (SELECT count(*)::int FROM calls WHERE "afterHours") AS "afterHoursCalls",
      (SELECT coalesce(sum("durationSeconds"), 0)::float8 FROM calls) AS "totalDurationSeconds",
      (SELECT avg("durationSeconds")::float8 FROM calls) AS "averageDurationSeconds",
      (SELECT coalesce(json_agg(json_build_object('day', day, 'calls', n) ORDER BY day), '[]'::json)
         FROM (SELECT to_char("startedAt", 'YYYY-MM-DD') AS day, count(*)::int AS n FROM calls GROUP BY 1) AS per_day
      ) AS "callsPerDay",
      (SELECT coalesce(json_agg(json_build_object('intent', intent, 'calls', n) ORDER BY n DESC, intent), '[]'::json)
         FROM (SELECT intent, count(*)::int AS n FROM calls WHERE intent IS NOT NULL
               GROUP BY intent ORDER BY n DESC, intent LIMIT ${TOP_INTENTS}) AS top
      ) AS "topIntents",
      (SELECT json_agg(json_build_object('urgency', level, 'calls', coalesce(counted.n, 0)) ORDER BY level)
         FROM unnest(enum_range(NULL::"Urgency")) AS level
         LEFT JOIN (SELECT urgency, count(*)::int AS n FROM calls GROUP BY urgency) AS counted ON counted.urgency = level
      ) AS "urgencyCounts",
      (SELECT percentile_cont(ARRAY[0.5, 0.95]) WITHIN GROUP (ORDER BY t."firstTokenMs")
         FROM "Turn" AS t JOIN calls ON calls.id = t."callId"
         WHERE t.role = 'ASSISTANT' AND t."firstTokenMs" IS NOT NULL
      ) AS latency`;
  if (!row) throw new Error("the stats query returned no row");

  return {
    totalCalls: row.totalCalls,
    blockedCalls: row.blockedCalls,
    spamCalls: row.spamCalls,
    shortHangUps: row.shortHangUps,
    realCalls: row.realCalls,
    afterHoursCalls: row.afterHoursCalls,
    totalDurationSeconds: row.totalDurationSeconds,
    averageDurationSeconds: row.averageDurationSeconds,
    callsPerDay: row.callsPerDay,
    topIntents: row.topIntents,
    urgencyCounts: row.urgencyCounts,
    firstTokenLatencyMs: { p50: row.latency?.[0] ?? null, p95: row.latency?.[1] ?? null },
  };
}
