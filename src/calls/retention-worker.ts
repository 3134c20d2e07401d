import type { Logger } from "../logger.js";
import { WorkLoop } from "../work-loop.js";
import type { OwnerEdits } from "./owner-edits.js";

export interface RetentionWorkerOptions {
  /** The owner's `retentionDays` now: null keeps every call. */
  retentionDays: () => number | null;
  edits: OwnerEdits;
  logger: Logger;
  /** How often it looks for calls past the retention period. */
  pollMs: number;
  /** Rest between two batches, so that a first run over years of calls never crowds out the calls going on. */
  batchPauseMs: number;
  batchSize?: number;
}

const DAY_MS = 86_400_000;
const BATCH_SIZE = 100;

/**
 * Erases the calls older than the owner's retention period (`retentionDays`, by their start), with
 * everything attached, through the same path as `deleteCall` (each announced on `callDeleted`). In
 * batches, one transaction each with a pause between, that lock only the calls they erase and skip
 * those another process is erasing: several processes may run it, and no call in progress waits on it.
 */
export class RetentionWorker {
  private readonly loop: WorkLoop;

  constructor(private readonly options: RetentionWorkerOptions) {
    this.loop = new WorkLoop(
      () =>
        this.eraseExpired().catch((error: unknown) =>
          this.options.logger.warn({ err: error }, "erasing calls past retention failed"),
        ),
      options.pollMs,
    );
  }

  start(): void {
    this.loop.start();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
  }

  private async eraseExpired(): Promise<void> {
    const batchSize = this.options.batchSize ?? BATCH_SIZE;
    let total = 0;
    for (;;) {
      const days = this.options.retentionDays();
      if (days === null || this.loop.stopped) break;
      const erased = await this.options.edits.eraseCallsStartedBefore(new Date(Date.now() - days * DAY_MS), batchSize);
      total += erased.length;
      if (erased.length < batchSize) break;
      await new Promise((resolve) => setTimeout(resolve, this.options.batchPauseMs));
    }
    if (total > 0) this.options.logger.info({ by: "retention", erasedCalls: total }, "erased calls past retention");
  }
}
