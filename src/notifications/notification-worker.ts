import type { Logger } from "../logger.js";
import { WorkLoop } from "../work-loop.js";
import { channelTarget } from "./channel-target.js";
import type { SendNotification } from "./notification-sender.js";
import { type Reader, writeNotification } from "./notification-text.js";
import type { LeasedDelivery, NotificationOutbox } from "./outbox.js";
import { quietUntil } from "./quiet-hours.js";

export interface NotificationWorkerOptions {
  outbox: NotificationOutbox;
  send: SendNotification;
  /** PUBLIC_URL and the business's time zone, read at send time (the owner may change the zone). */
  reader: () => Reader;
  logger: Logger;
  pollMs: number;
  /** First retry delay; doubles with each attempt, up to `maxRetryMs`. */
  retryBaseMs: number;
  maxRetryMs?: number;
  /** Attempts before a delivery is FAILED for good. */
  maxAttempts?: number;
  /** A leased row not settled by then is taken by another worker (its process died). Longer than a send's timeouts. */
  leaseMs?: number;
  /** Looks, this often, whether a daily digest has come due, and owes it to the outbox. */
  digests?: { everyMs: number; enqueueDue: () => Promise<void> };
}

const MAX_RETRY_MS = 3_600_000;
const MAX_ATTEMPTS = 8;
const LEASE_MS = 120_000;

/**
 * Sends what the outbox owes, one row at a time, in every process: a row is leased by one worker
 * only, and settled (delivered, retried later, held for quiet hours) after its send. A process that
 * dies mid-send leaves a lease that runs out, and another worker sends the row again: at least once,
 * under the same id (a webhook's `webhook-id`, an email's Message-ID), so that a receiver can tell.
 */
export class NotificationWorker {
  private readonly loop: WorkLoop;
  private digestsCheckedAt = 0;

  constructor(private readonly options: NotificationWorkerOptions) {
    this.loop = new WorkLoop(() => this.sendDue(), options.pollMs);
  }

  start(): void {
    this.loop.start();
  }

  /** Looks for due rows now (something was just enqueued) rather than at the next poll. */
  kick(): void {
    this.loop.kick();
  }

  /** Stops leasing, and resolves once the send in progress is settled. */
  async stop(): Promise<void> {
    await this.loop.stop();
  }

  private async sendDue(): Promise<void> {
    const { outbox, logger, digests } = this.options;
    if (digests && Date.now() - this.digestsCheckedAt >= digests.everyMs) {
      this.digestsCheckedAt = Date.now();
      await digests.enqueueDue().catch((error: unknown) => {
        logger.error({ err: error }, "the daily digests could not be checked");
      });
    }
    try {
      for (;;) {
        if (this.loop.stopped) return;
        const delivery = await outbox.lease(this.options.leaseMs ?? LEASE_MS);
        if (!delivery) return;
        await this.deliver(delivery);
      }
    } catch (error) {
      logger.error({ err: error }, "the notification worker could not read its outbox");
    }
  }

  private async deliver(delivery: LeasedDelivery): Promise<void> {
    const { outbox, logger } = this.options;
    const log = logger.child({ deliveryId: delivery.id, channelId: delivery.channelId, event: delivery.event });
    const { channel } = delivery;
    if (!channel.enabled) {
      await outbox.dropped(delivery, "The channel was turned off before this was sent.");
      return;
    }
    const reader = this.options.reader();
    if (channel.quietHoursStart && channel.quietHoursEnd && delivery.urgency !== "URGENT") {
      const until = quietUntil(
        { start: channel.quietHoursStart, end: channel.quietHoursEnd },
        new Date(),
        reader.timeZone,
      );
      if (until) {
        log.debug({ until }, "held for the channel's quiet hours");
        await outbox.hold(delivery, until);
        return;
      }
    }
    try {
      await this.options.send(channelTarget(channel), writeNotification(delivery, reader));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const attempts = delivery.attempts + 1;
      const maxAttempts = this.options.maxAttempts ?? MAX_ATTEMPTS;
      const delay = Math.min(this.options.retryBaseMs * 2 ** (attempts - 1), this.options.maxRetryMs ?? MAX_RETRY_MS);
      const retryAt = attempts < maxAttempts ? new Date(Date.now() + delay) : undefined;
      log.warn(
        { error: message, attempts, retryAt },
        retryAt ? "a notification could not be sent; will retry" : "a notification could not be sent, for good",
      );
      await outbox.failed(delivery, message, retryAt);
      return;
    }
    await outbox.delivered(delivery);
    log.info("notification sent");
  }
}
