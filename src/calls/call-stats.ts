import { Prisma, type PrismaClient, type Urgency } from "@prisma/client";

export interface CallStats {
  totalCalls: number;
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
      totalDurationSeconds: number;
      averageDurationSeconds: number | null;
      callsPerDay: CallStats["callsPerDay"];
      topIntents: CallStats["topIntents"];
      urgencyCounts: CallStats["urgencyCounts"];
      latency: [number, number] | null;
    }[]
  >`
    WITH calls AS MATERIALIZED (
      SELECT id, "startedAt", "durationSeconds", intent, urgency FROM "Call" ${where}
    )
    SELECT
      (SELECT count(*)::int FROM calls) AS "totalCalls",
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
    totalDurationSeconds: row.totalDurationSeconds,
    averageDurationSeconds: row.averageDurationSeconds,
    callsPerDay: row.callsPerDay,
    topIntents: row.topIntents,
    urgencyCounts: row.urgencyCounts,
    firstTokenLatencyMs: { p50: row.latency?.[0] ?? null, p95: row.latency?.[1] ?? null },
  };
}
