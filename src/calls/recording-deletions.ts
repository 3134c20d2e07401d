import type { PrismaClient } from "@prisma/client";
import { utcTimestamp } from "../db/utc-timestamp.js";
import type { Logger } from "../logger.js";
import { WorkLoop } from "../work-loop.js";

/** Where the recordings' audio is (Twilio): deleting one there. */
export interface RecordingArchive {
  /** Resolves once the recording is gone (already gone counts); throws while it cannot be deleted. */
  delete(recordingSid: string): Promise<void>;
}

export interface RecordingDeletionsOptions {
  prisma: PrismaClient;
  archive: RecordingArchive;
  logger: Logger;
  /** How often the queue is looked at for deletions due (a retry's time, another process's work). */
  pollMs: number;
  /** The first retry's delay after a failed deletion; it doubles with each attempt, up to an hour. */
  retryBaseMs: number;
}

// One attempt (Twilio's answer) takes well under this; a process that died mid-attempt leaves its
// row to another after it.
const ATTEMPT_LEASE_MS = 60_000;
const LONGEST_RETRY_MS = 60 * 60_000;

/**
 * Deletes at Twilio the recordings of erased calls, from the `RecordingDeletion` table (written in
 * the erasure's own transaction): each until Twilio confirms it, retried with backoff while Twilio
 * is down or refuses, never dropped. Every process runs one; a row is claimed by one at a time.
 */
export class RecordingDeletions {
  private readonly loop: WorkLoop;

  constructor(private readonly options: RecordingDeletionsOptions) {
    this.loop = new WorkLoop(() => this.deleteDue(), options.pollMs);
  }

  start(): void {
    this.loop.start();
  }

  /** Looks for deletions due now rather than at the next poll (a call was just erased). */
  kick(): void {
    this.loop.kick();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
  }

  private async deleteDue(): Promise<void> {
    try {
      for (;;) {
        if (this.loop.stopped) return;
        const claimed = await this.claimDue();
        if (!claimed) return;
        await this.attempt(claimed.recordingSid, claimed.attempts);
      }
    } catch (error) {
      this.options.logger.error({ err: error }, "the recording deletion queue could not be read");
    }
  }

  /** The next deletion due, pushed a lease ahead so that no other process takes it meanwhile. */
  private async claimDue(): Promise<{ recordingSid: string; attempts: number } | undefined> {
    const now = new Date();
    const rows = await this.options.prisma.$queryRaw<{ recordingSid: string; attempts: number }[]>`
      UPDATE "RecordingDeletion"
      SET "dueAt" = ${utcTimestamp(new Date(now.getTime() + ATTEMPT_LEASE_MS))}::timestamp,
          attempts = attempts + 1
      WHERE "recordingSid" = (
        SELECT "recordingSid" FROM "RecordingDeletion"
        WHERE "dueAt" <= ${utcTimestamp(now)}::timestamp
        ORDER BY "dueAt"
        LIMIT 1
        FOR UPDATE SKIP LOCKED
      )
      RETURNING "recordingSid", attempts`;
    return rows[0];
  }

  private async attempt(recordingSid: string, attempts: number): Promise<void> {
    const { prisma, archive, logger, retryBaseMs } = this.options;
    try {
      await archive.delete(recordingSid);
    } catch (error) {
      const retryMs = Math.min(retryBaseMs * 2 ** (attempts - 1), LONGEST_RETRY_MS);
      const reason = error instanceof Error ? error.message : String(error);
      logger.warn(
        { recordingSid, attempts, retryInMs: retryMs, reason },
        "could not delete a recording at Twilio; retrying later",
      );
      await prisma.recordingDeletion.updateMany({
        where: { recordingSid },
        data: { dueAt: new Date(Date.now() + retryMs), lastError: reason.slice(0, 500) },
      });
      return;
    }
    await prisma.recordingDeletion.deleteMany({ where: { recordingSid } });
    logger.info({ recordingSid, attempts }, "deleted an erased call's recording at Twilio");
  }
}
