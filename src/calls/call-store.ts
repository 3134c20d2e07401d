import type { ActionItemSource, CallStatus, Prisma, PrismaClient, TurnKind, TurnRole } from "@prisma/client";
import type { HistoryEntry } from "../conversation/agent.js";
import type { Database } from "../db/database.js";
import type { CallAnalysis } from "./call-analysis.js";

export interface CallOpening {
  callId: string;
  resumed: boolean;
  history: HistoryEntry[];
  knownCallerName: string | undefined;
  lastCallSummary: string | undefined;
}

export interface NewTurn {
  id: string;
  role: TurnRole;
  kind: TurnKind;
  text: string;
  interrupted: boolean;
  createdAt: Date;
  firstTokenMs?: number | undefined;
  responseMs?: number | undefined;
}

const terminalStatuses: ReadonlySet<CallStatus> = new Set(["COMPLETED", "BUSY", "NO_ANSWER", "CANCELED", "FAILED"]);

// When Twilio says a call is over while its relay session has not recorded its end, that end is
// on its way (from this process or another one, with the call's last turns): the analysis waits
// for it this long at most, in case the process holding the session died.
const SESSION_END_WAIT_MS = 10_000;

/**
 * The end reason of a call closed because nothing was heard of it for a long time while it was open:
 * its relay session's process stopped without recording the end, and Twilio's final status callback
 * never came (not configured, or lost).
 */
export const NO_END_REPORTED = "no end reported";

export function isTerminal(status: CallStatus): boolean {
  return terminalStatuses.has(status);
}

/** Every read and write of the call log. Nothing here is on the conversation's hot path. */
export class CallStore {
  constructor(private readonly database: Pick<Database, "prisma" | "execute">) {}

  private get prisma(): PrismaClient {
    return this.database.prisma;
  }

  /**
   * Opens the record of a call when its ConversationRelay session starts, or reopens it when Twilio
   * reconnects the same CallSid after a dropped socket (the history comes back with it).
   */
  async openCall(input: { callSid: string; from: string; to: string }): Promise<CallOpening> {
    const existing = await this.prisma.call.findUnique({
      where: { callSid: input.callSid },
      include: { turns: { orderBy: { seq: "asc" } } },
    });
    if (existing?.sessionCount) {
      await this.prisma.call.update({
        where: { id: existing.id },
        data: {
          sessionCount: { increment: 1 },
          // The call goes on: the last session's end was not the call's end, and an analysis done,
          // given up or under way misses what is said from here, so it waits for the new end (one
          // under way still saves what it found: see saveAnalysis).
          endReason: null,
          endedAt: null,
          durationSeconds: null,
          analysisState: "NOT_STARTED",
          analysisDueAt: null,
          analysisAttempts: 0,
          analysisError: null,
          analysisLeaseUntil: null,
          ...(isTerminal(existing.status) ? {} : { status: "IN_PROGRESS" }),
        },
      });
      const caller = existing.callerId ? await this.callerContext(existing.callerId, existing.id) : undefined;
      return {
        callId: existing.id,
        resumed: true,
        history: existing.turns.map((turn) => ({ role: turn.role === "CALLER" ? "caller" : "assistant", text: turn.text })),
        knownCallerName: existing.callerName ?? caller?.name,
        lastCallSummary: caller?.lastCallSummary,
      };
    }

    const now = new Date();
    const caller = input.from
      ? await this.prisma.caller.upsert({
          where: { phone: input.from },
          create: { phone: input.from, callCount: 1, lastCallAt: now },
          update: { callCount: { increment: 1 }, lastCallAt: now },
        })
      : undefined;
    // A status callback may have created the row first (it carries no session): then we fill it in.
    const call = await this.prisma.call.upsert({
      where: { callSid: input.callSid },
      create: {
        callSid: input.callSid,
        from: input.from,
        to: input.to,
        status: "IN_PROGRESS",
        startedAt: now,
        sessionCount: 1,
        callerId: caller?.id ?? null,
        callerName: caller?.name ?? null,
      },
      update: { sessionCount: 1, callerId: caller?.id ?? null, callerName: caller?.name ?? null },
    });
    const context = caller ? await this.callerContext(caller.id, call.id) : undefined;
    return {
      callId: call.id,
      resumed: false,
      history: [],
      knownCallerName: context?.name,
      lastCallSummary: context?.lastCallSummary,
    };
  }

  async callerName(phone: string): Promise<string | undefined> {
    const caller = await this.prisma.caller.findUnique({ where: { phone }, select: { name: true } });
    return caller?.name ?? undefined;
  }

  private async callerContext(callerId: string, currentCallId: string) {
    const caller = await this.prisma.caller.findUnique({ where: { id: callerId } });
    const lastCall = await this.prisma.call.findFirst({
      where: { callerId, id: { not: currentCallId }, summary: { not: null } },
      orderBy: { startedAt: "desc" },
      select: { summary: true },
    });
    return { name: caller?.name ?? undefined, lastCallSummary: lastCall?.summary ?? undefined };
  }

  /**
   * Appends a turn; its place is the next in the call, decided here because writes per call are
   * serial. One statement through the driver: it runs on every turn.
   */
  async addTurn(callId: string, turn: NewTurn): Promise<void> {
    await this.database.execute(
      `INSERT INTO "Turn" (id, "callId", seq, role, kind, text, interrupted, "firstTokenMs", "responseMs", "createdAt")
       SELECT $1::uuid, $2::uuid, COALESCE(MAX(seq), 0) + 1, $3::"TurnRole", $4::"TurnKind", $5, $6, $7::int, $8::int, $9::timestamp
       FROM "Turn" WHERE "callId" = $2::uuid`,
      [turn.id, callId, turn.role, turn.kind, turn.text, turn.interrupted, turn.firstTokenMs ?? null, turn.responseMs ?? null, utcTimestamp(turn.createdAt)],
    );
  }

  async updateTurn(turnId: string, patch: Prisma.TurnUpdateInput): Promise<void> {
    await this.prisma.turn.update({ where: { id: turnId }, data: patch });
  }

  async addActionItem(callId: string, description: string, source: ActionItemSource): Promise<void> {
    await this.prisma.actionItem.create({ data: { callId, description, source } });
  }

  async setCallerName(callId: string, name: string): Promise<void> {
    const call = await this.prisma.call.update({ where: { id: callId }, data: { callerName: name } });
    if (call.callerId) await this.prisma.caller.update({ where: { id: call.callerId }, data: { name } });
  }

  async setHandledBy(callId: string, handledBy: "claude" | "offline"): Promise<void> {
    await this.prisma.call.update({ where: { id: callId }, data: { handledBy } });
  }

  /**
   * A ConversationRelay session ended. The analysis is due after `analysisDelayMs`: at once when the
   * caller hung up or we ended the call, later when Twilio may reconnect (a dropped socket, a
   * transfer the owner may not answer).
   */
  async endSession(callId: string, endReason: string, analysisDelayMs: number): Promise<void> {
    const call = await this.prisma.call.findUniqueOrThrow({ where: { id: callId } });
    // Closed as abandoned while the session was in fact alive (a very long silence): the guessed end
    // gives way to the real one, and the analysis, made without the rest of the call, is done again.
    const guessedEnd = call.endReason === NO_END_REPORTED && !isTerminal(call.status);
    const endedAt = (guessedEnd ? null : call.endedAt) ?? new Date();
    const knownDuration = guessedEnd ? null : call.durationSeconds;
    // Twilio already said the call is over: nothing can resume it.
    const dueAt = new Date(Date.now() + (isTerminal(call.status) ? 0 : analysisDelayMs));
    const analysisToRedo = guessedEnd && call.analysisState !== "RUNNING";
    await this.prisma.call.update({
      where: { id: callId },
      data: {
        endReason,
        endedAt,
        durationSeconds: knownDuration ?? Math.max(0, Math.round((endedAt.getTime() - call.startedAt.getTime()) / 1000)),
        ...(call.analysisState === "NOT_STARTED" || analysisToRedo
          ? { analysisState: "PENDING", analysisDueAt: dueAt, analysisAttempts: 0, analysisError: null }
          : {}),
        // Waiting for this end (see recordStatus): no need to wait any longer than it says.
        ...(call.analysisState === "PENDING" && !analysisToRedo && call.analysisDueAt && dueAt < call.analysisDueAt ? { analysisDueAt: dueAt } : {}),
      },
    });
  }

  /**
   * Closes the calls still open with nothing heard of them for `quietMs`: no turn, no status
   * callback, no session. Left alone they would show as in progress and never be analysed. Their end
   * is the last moment anything happened on them; the analysis is due at once. Safe to run from
   * several processes at the same time. Returns the ids of the calls closed.
   */
  async closeAbandonedCalls(quietMs: number): Promise<string[]> {
    const now = utcTimestamp(new Date());
    const cutoff = utcTimestamp(new Date(Date.now() - quietMs));
    const rows = await this.prisma.$queryRaw<{ id: string }[]>`
      WITH quiet AS (
        SELECT c.id, GREATEST(c."updatedAt", (SELECT max(t."createdAt") FROM "Turn" t WHERE t."callId" = c.id)) AS "lastActivityAt"
        FROM "Call" c
        WHERE c."analysisState" = 'NOT_STARTED' AND c."endReason" IS NULL AND c."updatedAt" < ${cutoff}::timestamp
      )
      UPDATE "Call" c
      SET "endReason" = ${NO_END_REPORTED},
          "endedAt" = COALESCE(c."endedAt", q."lastActivityAt"),
          "durationSeconds" = COALESCE(c."durationSeconds", GREATEST(0, round(extract(epoch FROM q."lastActivityAt" - c."startedAt")))::int),
          "analysisState" = 'PENDING',
          "analysisDueAt" = ${now}::timestamp,
          "updatedAt" = ${now}::timestamp
      FROM quiet q
      WHERE c.id = q.id AND q."lastActivityAt" < ${cutoff}::timestamp AND c."analysisState" = 'NOT_STARTED' AND c."endReason" IS NULL
      RETURNING c.id`;
    return rows.map((row) => row.id);
  }

  /**
   * Twilio's status callback. Idempotent, and safe when callbacks arrive out of order: a lower
   * SequenceNumber never overwrites a higher one, and a finished call never goes back to ringing.
   */
  async recordStatus(input: {
    callSid: string;
    from: string;
    to: string;
    status: CallStatus;
    sequence: number | undefined;
    durationSeconds: number | undefined;
    timestamp: Date | undefined;
  }): Promise<void> {
    const finished = isTerminal(input.status);
    const endedAt = finished ? (input.timestamp ?? new Date()) : undefined;
    const existing = await this.prisma.call.findUnique({ where: { callSid: input.callSid } });
    if (!existing) {
      await this.prisma.call.upsert({
        where: { callSid: input.callSid },
        create: {
          callSid: input.callSid,
          from: input.from,
          to: input.to,
          status: input.status,
          statusSequence: input.sequence ?? null,
          endedAt: endedAt ?? null,
          durationSeconds: input.durationSeconds ?? null,
          // A call that never reached us (busy, no answer) still gets its line in the log.
          ...(finished ? { analysisState: "PENDING", analysisDueAt: new Date() } : {}),
        },
        update: {},
      });
      return;
    }
    const stale = input.sequence !== undefined && existing.statusSequence !== null && input.sequence < existing.statusSequence;
    const regresses = isTerminal(existing.status) && !finished;
    const data: Prisma.CallUpdateInput = {};
    if (!stale && !regresses) {
      data.status = input.status;
      if (input.sequence !== undefined) data.statusSequence = input.sequence;
    }
    if (finished) {
      if (input.durationSeconds !== undefined) data.durationSeconds = input.durationSeconds;
      data.endedAt = endedAt ?? null;
      if (existing.analysisState === "NOT_STARTED" || existing.analysisState === "PENDING") {
        const sessionStillOpen = existing.sessionCount > 0 && existing.endReason === null;
        data.analysisState = "PENDING";
        data.analysisDueAt = new Date(Date.now() + (sessionStillOpen ? SESSION_END_WAIT_MS : 0));
      }
    }
    if (Object.keys(data).length > 0) await this.prisma.call.update({ where: { id: existing.id }, data });
  }

  async callIdForSid(callSid: string): Promise<string | undefined> {
    return (await this.prisma.call.findUnique({ where: { callSid }, select: { id: true } }))?.id;
  }

  /** Takes the next due analysis, or one whose worker died (its lease ran out). */
  async claimDueAnalysis(leaseMs: number): Promise<string | undefined> {
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

  async loadForAnalysis(callId: string) {
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
  async saveAnalysis(callId: string, analysis: CallAnalysis): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      const call = await tx.call.update({
        where: { id: callId },
        data: {
          summary: analysis.summary,
          intent: analysis.intent,
          urgency: analysis.urgency,
          analyzedAt: new Date(),
          ...(analysis.callerName ? { callerName: analysis.callerName } : {}),
        },
      });
      await tx.call.updateMany({
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
    });
  }

  /** Records a failed attempt, unless the analysis was asked to start over meanwhile (see saveAnalysis). */
  async recordAnalysisFailure(callId: string, error: string, retryAt: Date | undefined): Promise<void> {
    await this.prisma.call.updateMany({
      where: { id: callId, analysisState: "RUNNING" },
      data: retryAt
        ? { analysisState: "PENDING", analysisDueAt: retryAt, analysisError: error, analysisLeaseUntil: null }
        : { analysisState: "FAILED", analysisError: error, analysisLeaseUntil: null },
    });
  }
}

/**
 * A Date as Prisma stores a DateTime (`timestamp` without time zone, in UTC). The drivers would send
 * local time with an offset, which a `timestamp` column silently drops.
 */
function utcTimestamp(date: Date): string {
  return date.toISOString().replace("Z", "");
}
