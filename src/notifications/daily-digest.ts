import type { Prisma, PrismaClient, Urgency } from "@prisma/client";
import { addDays, instantOf, wallTimeAt } from "../business/time-zone.js";
import { minutesOf } from "./quiet-hours.js";

/** What the daily digest tells of one day (a local date of the business): the payload of its outbox row. */
export interface DigestFacts {
  /** The day told of, YYYY-MM-DD on the business's clock: yesterday, when it is sent. */
  date: string;
  /** The day's calls but spam, most urgent first, then in order. */
  calls: DigestCall[];
  /** Spam calls that day: counted, not listed. */
  spamCalls: number;
  /** Action items not done yet, from any day, oldest first. */
  openActionItems: { callId: string; description: string; callerName: string | null; from: string }[];
  /** Questions callers asked that the knowledge base still does not answer, most asked first. */
  openKnowledgeGaps: { question: string; timesAsked: number }[];
}

export interface DigestCall {
  callId: string;
  from: string;
  callerName: string | null;
  startedAt: string;
  urgency: Urgency | null;
  summary: string | null;
  intent: string | null;
}

// A digest is read, not searched: past these, the rest is in the API.
const MAX_CALLS = 200;
const MAX_ACTION_ITEMS = 50;
const MAX_GAPS = 20;
const URGENCY_RANK: Record<Urgency, number> = { URGENT: 0, HIGH: 1, NORMAL: 2, LOW: 3 };

/**
 * Owes today's digest to every enabled email channel that asks for DAILY_DIGEST and whose
 * `digestTime` has passed on the business's clock. The row's dedupeKey is the day told of: every
 * process runs this check, and the outbox's unique key lets only the first enqueue count.
 */
export async function enqueueDueDigests(prisma: PrismaClient, now: Date, timeZone: string): Promise<void> {
  const { date: today, minuteOfDay } = wallTimeAt(now, timeZone);
  const channels = await prisma.$queryRaw<{ id: string; digestTime: string }[]>`
    SELECT id, "digestTime" FROM "NotificationChannel"
    WHERE enabled AND kind = 'EMAIL' AND 'DAILY_DIGEST' = ANY(events)`;
  const due = channels.filter((channel) => minutesOf(channel.digestTime) <= minuteOfDay);
  if (due.length === 0) return;
  const date = addDays(today, -1);
  const sent = await prisma.notificationDelivery.findMany({
    where: { event: "DAILY_DIGEST", dedupeKey: date, channelId: { in: due.map((channel) => channel.id) } },
    select: { channelId: true },
  });
  const owed = due.filter((channel) => !sent.some((row) => row.channelId === channel.id));
  if (owed.length === 0) return;
  const facts = await digestFacts(prisma, date, timeZone);
  await prisma.notificationDelivery.createMany({
    data: owed.map((channel) => ({
      channelId: channel.id,
      event: "DAILY_DIGEST" as const,
      dedupeKey: date,
      payload: facts as unknown as Prisma.InputJsonObject,
    })),
    skipDuplicates: true,
  });
}

async function digestFacts(prisma: PrismaClient, date: string, timeZone: string): Promise<DigestFacts> {
  const startedAt = { gte: instantOf(date, 0, timeZone), lt: instantOf(addDays(date, 1), 0, timeZone) };
  const [calls, spamCalls, items, gaps] = await Promise.all([
    prisma.call.findMany({
      where: { startedAt, spam: false },
      orderBy: { startedAt: "asc" },
      take: MAX_CALLS,
      select: { id: true, from: true, callerName: true, startedAt: true, urgency: true, summary: true, intent: true },
    }),
    prisma.call.count({ where: { startedAt, spam: true } }),
    prisma.actionItem.findMany({
      where: { done: false, call: { spam: false } },
      orderBy: { createdAt: "asc" },
      take: MAX_ACTION_ITEMS,
      select: { callId: true, description: true, call: { select: { callerName: true, from: true } } },
    }),
    prisma.knowledgeGap.findMany({
      where: { answeredAt: null },
      orderBy: [{ timesAsked: "desc" }, { lastAskedAt: "desc" }],
      take: MAX_GAPS,
      select: { question: true, timesAsked: true },
    }),
  ]);
  const rank = (urgency: Urgency | null) => (urgency ? URGENCY_RANK[urgency] : 4);
  return {
    date,
    calls: calls
      .map((call) => ({
        callId: call.id,
        from: call.from,
        callerName: call.callerName,
        startedAt: call.startedAt.toISOString(),
        urgency: call.urgency,
        summary: call.summary,
        intent: call.intent,
      }))
      .sort((a, b) => rank(a.urgency) - rank(b.urgency)),
    spamCalls,
    openActionItems: items.map((item) => ({
      callId: item.callId,
      description: item.description,
      callerName: item.call.callerName,
      from: item.call.from,
    })),
    openKnowledgeGaps: gaps,
  };
}
