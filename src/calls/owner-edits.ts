import type { Prisma, PrismaClient } from "@prisma/client";
import { utcTimestamp } from "../db/utc-timestamp.js";
import type { AnalysisQueue } from "./analysis-queue.js";
import type { CallEvents } from "./call-events.js";
import { eraseRecordings } from "./call-recordings.js";

/** The call or action item an edit names does not exist (any more). */
export class NotFoundError extends Error {
  override name = "NotFoundError";
}

/**
 * What the owner changes in the call log, through the API: notes, a re-run of the analysis, an
 * action item done, erasure. Each change is announced to live watchers through CallEvents, the
 * same path the call session's changes take, so every dashboard sees it.
 */
export class OwnerEdits {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly analyses: AnalysisQueue,
    private readonly events: CallEvents,
  ) {}

  /** Sets the owner's notes on a call; blank clears them. */
  async setNotes(callId: string, notes: string | null | undefined): Promise<void> {
    const { count } = await this.prisma.call.updateMany({
      where: { id: callId },
      data: { notes: notes?.trim() || null },
    });
    if (count === 0) throw new NotFoundError("No such call");
    this.events.callChanged(callId);
  }

  /** Runs the post-call analysis again; the worker is woken by the change's announcement. */
  async requestReanalysis(callId: string): Promise<void> {
    if (!(await this.analyses.rerun(callId))) throw new NotFoundError("No such call");
    this.events.callChanged(callId);
  }

  /** Marks an action item done or not done; its call changed with it. */
  async setActionItemDone(actionItemId: string, done: boolean): Promise<void> {
    const item = await this.prisma.actionItem.findUnique({ where: { id: actionItemId }, select: { callId: true } });
    const { count } = await this.prisma.actionItem.updateMany({
      where: { id: actionItemId },
      data: { done, doneAt: done ? new Date() : null },
    });
    if (!item || count === 0) throw new NotFoundError("No such action item");
    this.events.callChanged(item.callId);
  }

  /**
   * Erases a call with its turns, action items and recording (a caller's right to erasure), and the caller
   * too when no other call of theirs remains. Its CallSid stays behind, alone, so that nothing
   * Twilio (or anyone replaying Twilio) sends about the call later brings it back.
   */
  async eraseCall(callId: string): Promise<void> {
    const erased = await this.prisma.$transaction((tx) => eraseCalls(tx, [callId]));
    if (erased.length === 0) throw new NotFoundError("No such call");
    this.events.callErased(callId);
  }

  /**
   * Erases, as `eraseCall` does, at most `limit` calls that started before `before` and are over
   * (a call still ringing or in progress is never erased), in one transaction. Calls another
   * process is erasing at the same moment are skipped, not waited for. Returns the calls erased.
   */
  async eraseCallsStartedBefore(before: Date, limit: number): Promise<string[]> {
    const erased = await this.prisma.$transaction(async (tx) => {
      const due = await tx.$queryRaw<{ id: string }[]>`
        SELECT id FROM "Call"
        WHERE "startedAt" < ${utcTimestamp(before)}::timestamp AND status NOT IN ('RINGING', 'IN_PROGRESS')
        ORDER BY "startedAt"
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED`;
      return eraseCalls(
        tx,
        due.map((row) => row.id),
      );
    });
    for (const callId of erased) this.events.callErased(callId);
    return erased;
  }

  /**
   * Erases everything stored about one number (a caller's right to erasure): their calls (as
   * `eraseCall` does, `batchSize` to a transaction), their caller record, the owner's rule for
   * them, and their number on the knowledge gaps they left. Returns how many calls were erased.
   */
  async eraseCaller(phone: string, batchSize = ERASE_BATCH_SIZE): Promise<number> {
    let count = 0;
    for (;;) {
      const erased = await this.prisma.$transaction(async (tx) => {
        const calls = await tx.call.findMany({
          where: { OR: [{ from: phone }, { caller: { phone } }] },
          select: { id: true },
          take: batchSize,
        });
        return eraseCalls(
          tx,
          calls.map((call) => call.id),
        );
      });
      for (const callId of erased) this.events.callErased(callId);
      count += erased.length;
      if (erased.length < batchSize) break;
    }
    await this.prisma.$transaction([
      this.prisma.caller.deleteMany({ where: { phone } }),
      this.prisma.callerRule.deleteMany({ where: { phone } }),
      this.prisma.knowledgeGap.updateMany({ where: { callerPhone: phone }, data: { callerPhone: null } }),
    ]);
    return count;
  }
}

// Calls erased in one transaction: short enough that a transaction never holds locks for long.
const ERASE_BATCH_SIZE = 100;

/**
 * Erases the calls that still exist of `callIds` within `tx`, each as `eraseCall` describes, and
 * returns them. A few statements for the whole set, so that a batch holds the database briefly.
 */
async function eraseCalls(tx: Prisma.TransactionClient, callIds: readonly string[]): Promise<string[]> {
  const calls = await tx.call.findMany({
    where: { id: { in: [...callIds] } },
    select: { id: true, callerId: true, callSid: true },
  });
  if (calls.length === 0) return [];
  const ids = calls.map((call) => call.id);
  // A question the call left in the knowledge gaps stays (it is about the business), but not who asked it.
  await tx.knowledgeGap.updateMany({ where: { callId: { in: ids } }, data: { callerPhone: null } });
  await tx.call.deleteMany({ where: { id: { in: ids } } });
  await tx.erasedCall.createMany({ data: calls.map((call) => ({ callSid: call.callSid })), skipDuplicates: true });
  // Their audio, at Twilio, is deleted there once this commits (RecordingDeletions).
  await eraseRecordings(
    tx,
    calls.map((call) => call.callSid),
  );
  for (const callerId of new Set(calls.flatMap((call) => (call.callerId ? [call.callerId] : [])))) {
    const remaining = await tx.call.count({ where: { callerId } });
    if (remaining === 0) await tx.caller.delete({ where: { id: callerId } });
    else await tx.caller.update({ where: { id: callerId }, data: { callCount: remaining } });
  }
  return ids;
}
