import type { PrismaClient } from "@prisma/client";
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
    await this.prisma.$transaction(async (tx) => {
      const call = await tx.call.findUnique({ where: { id: callId }, select: { callerId: true, callSid: true } });
      if (!call) throw new NotFoundError("No such call");
      // A question the call left in the knowledge gaps stays (it is about the business), but not who asked it.
      await tx.knowledgeGap.updateMany({ where: { callId }, data: { callerPhone: null } });
      await tx.call.delete({ where: { id: callId } });
      // Its audio, at Twilio, is deleted there once this commits (RecordingDeletions).
      await eraseRecordings(tx, call.callSid);
      await tx.erasedCall.upsert({ where: { callSid: call.callSid }, create: { callSid: call.callSid }, update: {} });
      if (call.callerId) {
        const remaining = await tx.call.count({ where: { callerId: call.callerId } });
        if (remaining === 0) await tx.caller.delete({ where: { id: call.callerId } });
        else await tx.caller.update({ where: { id: call.callerId }, data: { callCount: remaining } });
      }
    });
    this.events.callErased(callId);
  }
}
