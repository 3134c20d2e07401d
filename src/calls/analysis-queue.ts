import type { AnalysisState, Call, Prisma, PrismaClient } from "@prisma/client";
import { utcTimestamp } from "../db/utc-timestamp.js";
import type { CallFacts } from "../notifications/notification-events.js";
import { enqueueNotifications } from "../notifications/outbox.js";
import type { CallAnalysis } from "./call-analysis.js";

/** A call's analysis columns, as plain values: they fit a call's creation as well as its update. */
interface AnalysisFields {
  analysisState: AnalysisState;
  analysisDueAt?: Date | null;
  analysisAttempts?: number;
  analysisError?: string | null;
  analysisLeaseUntil?: Date | null;
}

/**
 * Where a call's post-call analysis stands (`Call.analysisState`), and every move between states:
 *
 *   NOT_STARTED ── the call ended ──▶ PENDING ── claimed once due ──▶ RUNNING ──▶ DONE
 *                                       ▲                                │
 *                                       └──── failed, retried later ◀────┤
 *                                                                        └──▶ FAILED (attempts used up)
 *
 *   From any state: a session resumes ──▶ NOT_STARTED; the owner asks for a re-run ──▶ PENDING, due now.
 *
 * The queue is the table itself, so a pending analysis survives a restart and several processes
 * share the work; a RUNNING analysis whose lease ran out (its process died) is claimed again.
 * The moves made as part of a larger change to a call (its end, its status, a resume) are the
 * `analysisTransitions` that CallStore writes with that change.
 */
export const analysisTransitions = {
  /**
   * A session opened again on the call: an analysis done, given up or under way misses what is said
   * from here, so it waits for the new end (one under way still saves what it found: see `complete`).
   */
  restart: (): AnalysisFields => ({
    analysisState: "NOT_STARTED",
    analysisDueAt: null,
    analysisAttempts: 0,
    analysisError: null,
    analysisLeaseUntil: null,
  }),
  /** The call is over (or may be, once `dueAt` has passed without a resume): a fresh analysis. */
  schedule: (dueAt: Date): AnalysisFields => ({
    analysisState: "PENDING",
    analysisDueAt: dueAt,
    analysisAttempts: 0,
    analysisError: null,
    analysisLeaseUntil: null,
  }),
  /** Due at another time, keeping the attempts made so far. */
  reschedule: (dueAt: Date): AnalysisFields => ({ analysisState: "PENDING", analysisDueAt: dueAt }),
};

/** The calls whose analysis is due, as a queue the analysis workers of every process share. */
export class AnalysisQueue {
  constructor(private readonly prisma: PrismaClient) {}

  /** Takes the next due analysis, or one whose worker died (its lease ran out). */
  async claimDue(leaseMs: number): Promise<string | undefined> {
    // The time comes from here, in UTC like every stored time: the server's now() would be compared
    // in its own time zone, and a server not on UTC would claim work hours early or late.
    const now = utcTimestamp(new Date());
    const rows = await this.prisma.$queryRaw<{ id: string }[]>`
      UPDATE "Call" SET "analysisState" = 'RUNNING',
                        "analysisLeaseUntil" = ${now}::timestamp + ${leaseMs} * interval '1 millisecond',
                        "analysisAttempts" = "analysisAttempts" + 1
      WHERE id = (
        SELECT id FROM "Call"
        WHERE ("analysisState" = 'PENDING' AND "analysisDueAt" <= ${now}::timestamp)
           OR ("analysisState" = 'RUNNING' AND "analysisLeaseUntil" < ${now}::timestamp)
        ORDER BY "analysisDueAt" NULLS FIRST
        LIMIT 1
        FOR UPDATE SKIP LOCKED
      )
      RETURNING id`;
    return rows[0]?.id;
  }

  /**
   * How many analyses wait (PENDING, due or not) and run (RUNNING), across every process: one count
   * on the state's index, for /metrics.
   */
  async depth(): Promise<{ pending: number; running: number }> {
    const rows = await this.prisma.$queryRaw<{ state: AnalysisState; n: number }[]>`
      SELECT "analysisState" AS state, count(*)::int AS n FROM "Call"
      WHERE "analysisState" IN ('PENDING', 'RUNNING')
      GROUP BY "analysisState"`;
    const count = (state: AnalysisState) => rows.find((row) => row.state === state)?.n ?? 0;
    return { pending: count("PENDING"), running: count("RUNNING") };
  }

  /** What the analysis reads: the call, its turns in order, and the messages taken during it. */
  async load(callId: string) {
    return this.prisma.call.findUniqueOrThrow({
      where: { id: callId },
      include: { turns: { orderBy: { seq: "asc" } }, actionItems: { where: { source: "CALL" } } },
    });
  }

  /**
   * Saves what an analysis found. The call is DONE only if it is still RUNNING: when it was asked to
   * start over meanwhile (the call resumed, or the owner asked for a re-run), the findings stay and
   * so does the state that says it is to be done again.
   */
  async complete(callId: string, analysis: CallAnalysis, outcome: { missed: boolean }): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      const call = await tx.call.update({
        where: { id: callId },
        data: {
          summary: analysis.summary,
          intent: analysis.intent,
          urgency: analysis.urgency,
          spam: analysis.spam,
          analyzedAt: new Date(),
          ...(analysis.callerName ? { callerName: analysis.callerName } : {}),
        },
      });
      const { count: done } = await tx.call.updateMany({
        where: { id: callId, analysisState: "RUNNING" },
        data: { analysisState: "DONE", analysisError: null, analysisLeaseUntil: null },
      });
      // Re-running the analysis replaces its own items; the messages taken during the call stay.
      await tx.actionItem.deleteMany({ where: { callId, source: "ANALYSIS" } });
      if (analysis.actionItems.length > 0) {
        await tx.actionItem.createMany({
          data: analysis.actionItems.map((description) => ({ callId, description, source: "ANALYSIS" as const })),
        });
      }
      if (analysis.callerName && call.callerId) {
        await tx.caller.updateMany({ where: { id: call.callerId, name: null }, data: { name: analysis.callerName } });
      }
      // The owner is told once the findings are final (not when the call is to be analysed again),
      // and never of spam.
      if (done === 1 && !analysis.spam) await this.notify(tx, call, outcome.missed);
    });
  }

  /** Owes the owner the call's notifications, in the transaction that completes its analysis. */
  private async notify(tx: Prisma.TransactionClient, call: Call, missed: boolean): Promise<void> {
    const actionItems = await tx.actionItem.findMany({
      where: { callId: call.id },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { description: true },
    });
    const data: CallFacts = {
      callId: call.id,
      from: call.from,
      callerName: call.callerName,
      startedAt: call.startedAt.toISOString(),
      summary: call.summary,
      intent: call.intent,
      urgency: call.urgency,
      actionItems: actionItems.map((item) => item.description),
    };
    if (missed) return enqueueNotifications(tx, { event: "CALL_MISSED", data }, call.id);
    if (call.urgency === "URGENT") await enqueueNotifications(tx, { event: "CALL_URGENT", data }, call.id);
    await enqueueNotifications(tx, { event: "CALL_ANALYZED", data }, call.id);
  }

  /**
   * Records a failed attempt: PENDING again at `retryAt`, or FAILED for good without one. Left alone
   * when the analysis was asked to start over meanwhile (see `complete`).
   */
  async fail(callId: string, error: string, retryAt: Date | undefined): Promise<void> {
    await this.prisma.call.updateMany({
      where: { id: callId, analysisState: "RUNNING" },
      data: retryAt
        ? { analysisState: "PENDING", analysisDueAt: retryAt, analysisError: error, analysisLeaseUntil: null }
        : { analysisState: "FAILED", analysisError: error, analysisLeaseUntil: null },
    });
  }

  /** The owner asks for the analysis again (it FAILED, or a better model is set): due now. */
  async rerun(callId: string): Promise<boolean> {
    const { count } = await this.prisma.call.updateMany({
      where: { id: callId },
      data: analysisTransitions.schedule(new Date()),
    });
    return count > 0;
  }
}
