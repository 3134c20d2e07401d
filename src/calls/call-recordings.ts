import type { Prisma, PrismaClient } from "@prisma/client";

/** What Twilio's recording status callback says of a call's recording, once it is over. */
export interface RecordingReport {
  recordingSid: string;
  callSid: string;
  /** completed: there is audio; absent or failed: there is none to listen to. */
  status: "completed" | "absent" | "failed";
  durationSeconds: number | undefined;
}

/** A call's recording the owner can listen to. */
export interface KeptRecording {
  recordingSid: string;
  durationSeconds: number | null;
}

/**
 * The calls' recordings, as Twilio reported them (`recordCalls`): the audio stays at Twilio, and
 * only its SID, status and duration are kept here. A recording whose call was erased is never
 * kept: it goes straight to deletion at Twilio (`RecordingDeletions`).
 */
export class CallRecordings {
  constructor(private readonly prisma: PrismaClient) {}

  /** Keeps what Twilio reported; the same report twice keeps it once. */
  async keep(report: RecordingReport): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      // The call's row locked while this is decided: an erasure of the call running now either
      // finished before (and the call is in ErasedCall), or waits and then finds this recording.
      await tx.$queryRaw`SELECT id FROM "Call" WHERE "callSid" = ${report.callSid} FOR UPDATE`;
      const erased = await tx.erasedCall.findUnique({ where: { callSid: report.callSid } });
      if (erased) {
        await scheduleDeletion(tx, [report.recordingSid]);
        return;
      }
      const fields = { status: report.status, durationSeconds: report.durationSeconds ?? null };
      await tx.callRecording.upsert({
        where: { recordingSid: report.recordingSid },
        create: { recordingSid: report.recordingSid, callSid: report.callSid, ...fields },
        update: fields,
      });
    });
  }

  /** The recording of a call (its database id) that has audio; the latest, should Twilio have made two. */
  async ofCall(callId: string): Promise<KeptRecording | undefined> {
    const call = await this.prisma.call.findUnique({ where: { id: callId }, select: { callSid: true } });
    return call ? keptRecording(this.prisma, call.callSid) : undefined;
  }
}

/** The recording of a call (its CallSid) that has audio; the latest, should Twilio have made two. */
export async function keptRecording(prisma: PrismaClient, callSid: string): Promise<KeptRecording | undefined> {
  const recording = await prisma.callRecording.findFirst({
    where: { callSid, status: "completed" },
    orderBy: { createdAt: "desc" },
    select: { recordingSid: true, durationSeconds: true },
  });
  return recording ?? undefined;
}

/**
 * Part of erasing calls (in their transaction): their recordings are forgotten here and queued for
 * deletion at Twilio, where the audio is. Queued in the same transaction, a deletion is never
 * lost: Twilio down, or this process stopping, only delays it.
 */
export async function eraseRecordings(tx: Prisma.TransactionClient, callSids: readonly string[]): Promise<void> {
  const where = { callSid: { in: [...callSids] } };
  const recordings = await tx.callRecording.findMany({ where, select: { recordingSid: true } });
  if (recordings.length === 0) return;
  await tx.callRecording.deleteMany({ where });
  await scheduleDeletion(
    tx,
    recordings.map((recording) => recording.recordingSid),
  );
}

async function scheduleDeletion(tx: Prisma.TransactionClient, recordingSids: string[]): Promise<void> {
  await tx.recordingDeletion.createMany({
    data: recordingSids.map((recordingSid) => ({ recordingSid, dueAt: new Date() })),
    skipDuplicates: true,
  });
}
