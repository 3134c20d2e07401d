import type { NotificationChannel, NotificationDelivery, Prisma, PrismaClient, Urgency } from "@prisma/client";
import { utcTimestamp } from "../db/utc-timestamp.js";
import { meetsUrgency, type NotificationFacts } from "./notification-events.js";

/**
 * The outbox (`NotificationDelivery`): a notification is a row written in the same transaction as
 * the change it tells of, so that a change committed is a notification owed, and a change rolled
 * back is none. Each process's NotificationWorker leases rows from it (`FOR UPDATE SKIP LOCKED`,
 * the analysis queue's pattern): no two send the same row, and a row whose worker died is taken
 * again once its lease runs out.
 */

/**
 * Owes the event to every enabled channel that asks for it: one row each, once. `dedupeKey` names
 * what the event is about (a call, an action item, a gap): the same change applied again (a retried
 * or replayed write, a second analysis of the call) enqueues nothing more.
 */
export async function enqueueNotifications(
  tx: Prisma.TransactionClient,
  facts: NotificationFacts,
  dedupeKey: string,
): Promise<void> {
  const urgency = urgencyOf(facts);
  // In SQL: the PGlite driver adapter cannot bind an enum to `has` on an enum array.
  const channels = await tx.$queryRaw<{ id: string; minUrgency: Urgency; repeats: boolean }[]>`
    SELECT id, "minUrgency", (kind = 'EMAIL' AND 'CALL_URGENT' = ANY(events)) AS repeats FROM "NotificationChannel"
    WHERE enabled AND ${facts.event}::"NotificationEvent" = ANY(events)`;
  // An urgent call is one email, not two: a mailbox that gets call.urgent does not get call.analyzed
  // for the same call (a webhook gets both, as a program may want every analysed call).
  const repeated = facts.event === "CALL_ANALYZED" && urgency === "URGENT";
  const wanted = channels.filter(
    (channel) => (urgency === null || meetsUrgency(urgency, channel.minUrgency)) && !(repeated && channel.repeats),
  );
  if (wanted.length === 0) return;
  await tx.notificationDelivery.createMany({
    data: wanted.map((channel) => ({
      channelId: channel.id,
      event: facts.event,
      dedupeKey,
      callId: "callId" in facts.data ? facts.data.callId : null,
      payload: facts.data as unknown as Prisma.InputJsonObject,
      urgency,
    })),
    skipDuplicates: true,
  });
}

/**
 * The urgency a channel's `minUrgency` is held against, and with which URGENT goes through quiet
 * hours: that of an analysed call. A message, a missed call or a question carry none, and go to
 * every channel that asks for them.
 */
function urgencyOf(facts: NotificationFacts): Urgency | null {
  return facts.event === "CALL_ANALYZED" || facts.event === "CALL_URGENT" ? (facts.data.urgency ?? "NORMAL") : null;
}

export type LeasedDelivery = NotificationDelivery & { channel: NotificationChannel };

/** The outbox as the workers of every process share it. */
export class NotificationOutbox {
  constructor(private readonly prisma: PrismaClient) {}

  /** Notifications still owed, across all processes (what a metrics scrape reports). */
  pending(): Promise<number> {
    return this.prisma.notificationDelivery.count({ where: { status: "PENDING" } });
  }

  /** Leases the next row that is due, or whose worker's lease ran out; undefined when none is. */
  async lease(leaseMs: number): Promise<LeasedDelivery | undefined> {
    // UTC from here, as every stored time (see AnalysisQueue.claimDue).
    const now = utcTimestamp(new Date());
    const rows = await this.prisma.$queryRaw<{ id: string }[]>`
      UPDATE "NotificationDelivery" SET "leaseUntil" = ${now}::timestamp + ${leaseMs} * interval '1 millisecond'
      WHERE id = (
        SELECT id FROM "NotificationDelivery"
        WHERE status = 'PENDING' AND "nextAttemptAt" <= ${now}::timestamp
          AND ("leaseUntil" IS NULL OR "leaseUntil" < ${now}::timestamp)
        -- Urgent calls first, when there is a queue (a mail server back after a while).
        ORDER BY (urgency = 'URGENT') IS TRUE DESC, "nextAttemptAt"
        LIMIT 1
        FOR UPDATE SKIP LOCKED
      )
      RETURNING id`;
    const id = rows[0]?.id;
    if (!id) return undefined;
    return this.prisma.notificationDelivery.findUniqueOrThrow({ where: { id }, include: { channel: true } });
  }

  async delivered(delivery: LeasedDelivery): Promise<void> {
    const now = new Date();
    await this.prisma.$transaction([
      this.prisma.notificationDelivery.updateMany({
        where: { id: delivery.id, status: "PENDING" },
        data: { status: "DELIVERED", deliveredAt: now, attempts: { increment: 1 }, leaseUntil: null },
      }),
      this.prisma.notificationChannel.updateMany({
        where: { id: delivery.channelId },
        data: { lastDeliveredAt: now },
      }),
    ]);
  }

  /** A failed attempt: due again at `retryAt`, or FAILED for good without one. The channel shows the error. */
  async failed(delivery: LeasedDelivery, error: string, retryAt: Date | undefined): Promise<void> {
    const now = new Date();
    await this.prisma.$transaction([
      this.prisma.notificationDelivery.updateMany({
        where: { id: delivery.id, status: "PENDING" },
        data: {
          attempts: { increment: 1 },
          lastError: error,
          leaseUntil: null,
          ...(retryAt ? { nextAttemptAt: retryAt } : { status: "FAILED" }),
        },
      }),
      this.prisma.notificationChannel.updateMany({
        where: { id: delivery.channelId },
        data: { lastError: error, lastErrorAt: now },
      }),
    ]);
  }

  /** Not sent now (quiet hours), and no attempt spent: due again at `until`. */
  async hold(delivery: LeasedDelivery, until: Date): Promise<void> {
    await this.prisma.notificationDelivery.updateMany({
      where: { id: delivery.id, status: "PENDING" },
      data: { nextAttemptAt: until, leaseUntil: null },
    });
  }

  /** Never to be sent: the channel was turned off after the row was written. */
  async dropped(delivery: LeasedDelivery, reason: string): Promise<void> {
    await this.prisma.notificationDelivery.updateMany({
      where: { id: delivery.id, status: "PENDING" },
      data: { status: "FAILED", lastError: reason, leaseUntil: null },
    });
  }
}
