import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import type { CallStatus, EndReason, PrismaClient, TurnRole, Urgency } from "@prisma/client";
import { callStats } from "../src/calls/call-stats.js";
import type { Database } from "../src/db/database.js";
import { createTestDatabase, openTestDatabase, type TestDatabase } from "./support/test-database.js";

interface SeedCall {
  startedAt: string;
  durationSeconds?: number;
  intent?: string;
  urgency?: Urgency;
  /** [role, firstTokenMs] per turn, in order. */
  turns?: [TurnRole, number | null][];
  status?: CallStatus;
  endReason?: EndReason;
  spam?: boolean;
  afterHours?: boolean;
}

async function seedCall(prisma: PrismaClient, call: SeedCall): Promise<void> {
  const { id } = await prisma.call.create({
    data: {
      callSid: `CA${randomUUID().replaceAll("-", "")}`,
      from: "+15551230000",
      to: "+15559990000",
      status: call.status ?? "COMPLETED",
      endReason: call.endReason ?? null,
      spam: call.spam ?? false,
      afterHours: call.afterHours ?? false,
      startedAt: new Date(call.startedAt),
      durationSeconds: call.durationSeconds ?? null,
      intent: call.intent ?? null,
      urgency: call.urgency ?? null,
    },
  });
  for (const [index, [role, firstTokenMs]] of (call.turns ?? []).entries()) {
    await prisma.turn.create({
      data: {
        id: randomUUID(),
        callId: id,
        seq: index + 1,
        role,
        text: role === "CALLER" ? "Hello?" : "Hi there.",
        firstTokenMs,
      },
    });
  }
}

const march = { since: new Date("2026-03-01T00:00:00Z"), until: new Date("2026-03-04T00:00:00Z") };

describe("callStats", () => {
  let testDatabase: TestDatabase;
  let database: Database;
  let prisma: PrismaClient;

  before(async () => {
    testDatabase = await createTestDatabase();
    // A server set to a zone east of UTC: its local midnight is not the UTC day's, so a range or a
    // day taken in the wrong zone moves calls across the boundaries tested here.
    database = await openTestDatabase(testDatabase, "Asia/Kolkata");
    prisma = database.prisma;
    // In [since, until): the first millisecond of the range is in, the last call a millisecond before its end.
    await seedCall(prisma, {
      startedAt: "2026-03-01T00:00:00.000Z",
      durationSeconds: 60,
      intent: "Reschedule appointment",
      urgency: "NORMAL",
      // The caller's turn carries a latency only to prove that it is left out.
      turns: [
        ["CALLER", 5000],
        ["ASSISTANT", 100],
        ["CALLER", null],
        ["ASSISTANT", 200],
      ],
    });
    await seedCall(prisma, {
      startedAt: "2026-03-01T23:59:59.999Z",
      durationSeconds: 120,
      intent: "Reschedule appointment",
      urgency: "HIGH",
      turns: [
        ["CALLER", null],
        ["ASSISTANT", 300],
        ["ASSISTANT", null],
      ],
    });
    await seedCall(prisma, {
      startedAt: "2026-03-02T12:00:00.000Z",
      intent: "Billing question",
      urgency: "URGENT",
      turns: [
        ["CALLER", null],
        ["ASSISTANT", 400],
      ],
    });
    await seedCall(prisma, {
      startedAt: "2026-03-03T23:59:59.999Z",
      durationSeconds: 30,
      turns: [
        ["CALLER", null],
        ["ASSISTANT", 1000],
      ],
    });
    // Outside the range, one on each side.
    await seedCall(prisma, {
      startedAt: "2026-03-04T00:00:00.000Z",
      durationSeconds: 999,
      intent: "Billing question",
      urgency: "LOW",
      turns: [["ASSISTANT", 9999]],
    });
    await seedCall(prisma, {
      startedAt: "2026-02-28T23:59:59.999Z",
      durationSeconds: 500,
      urgency: "LOW",
      turns: [["ASSISTANT", 8888]],
    });
  });
  after(async () => {
    await database.close();
    await testDatabase.drop();
  });

  test("figures over [since, until)", async () => {
    const { firstTokenLatencyMs, ...stats } = await callStats(prisma, march);
    assert.deepEqual(stats, {
      totalCalls: 4,
      blockedCalls: 0,
      spamCalls: 0,
      shortHangUps: 0,
      realCalls: 4,
      afterHoursCalls: 0,
      totalDurationSeconds: 210,
      averageDurationSeconds: 70,
      callsPerDay: [
        { day: "2026-03-01", calls: 2 },
        { day: "2026-03-02", calls: 1 },
        { day: "2026-03-03", calls: 1 },
      ],
      topIntents: [
        { intent: "Reschedule appointment", calls: 2 },
        { intent: "Billing question", calls: 1 },
      ],
      urgencyCounts: [
        { urgency: "LOW", calls: 0 },
        { urgency: "NORMAL", calls: 1 },
        { urgency: "HIGH", calls: 1 },
        { urgency: "URGENT", calls: 1 },
      ],
    });
    // Assistant latencies 100, 200, 300, 400, 1000: p95 interpolates 80% of the way from 400 to 1000
    // (in floating point, hence the tolerance).
    assert.equal(firstTokenLatencyMs.p50, 300);
    assert.ok(Math.abs(firstTokenLatencyMs.p95! - 880) < 1e-9, String(firstTokenLatencyMs.p95));
  });

  test("figures over everything without bounds", async () => {
    const stats = await callStats(prisma, {});
    assert.equal(stats.totalCalls, 6);
    assert.equal(stats.totalDurationSeconds, 1709);
    assert.equal(stats.averageDurationSeconds, 1709 / 5, "the call without a duration is not averaged in");
    assert.deepEqual(stats.callsPerDay, [
      { day: "2026-02-28", calls: 1 },
      { day: "2026-03-01", calls: 2 },
      { day: "2026-03-02", calls: 1 },
      { day: "2026-03-03", calls: 1 },
      { day: "2026-03-04", calls: 1 },
    ]);
    assert.deepEqual(stats.topIntents, [
      { intent: "Billing question", calls: 2 },
      { intent: "Reschedule appointment", calls: 2 },
    ]);
    assert.deepEqual(stats.urgencyCounts, [
      { urgency: "LOW", calls: 2 },
      { urgency: "NORMAL", calls: 1 },
      { urgency: "HIGH", calls: 1 },
      { urgency: "URGENT", calls: 1 },
    ]);
    // 100, 200, 300, 400, 1000, 8888, 9999: the median is the fourth; p95 is 70% of the way from 8888 to 9999.
    assert.equal(stats.firstTokenLatencyMs.p50, 400);
    assert.ok(Math.abs(stats.firstTokenLatencyMs.p95! - 9665.7) < 1e-9, String(stats.firstTokenLatencyMs.p95));
  });

  test("either bound alone", async () => {
    assert.equal((await callStats(prisma, { since: new Date("2026-03-02T00:00:00Z") })).totalCalls, 3);
    const before = await callStats(prisma, { until: march.since });
    assert.equal(before.totalCalls, 1);
    assert.deepEqual(before.firstTokenLatencyMs, { p50: 8888, p95: 8888 });
  });

  test("an empty range has zeros, nulls and every urgency", async () => {
    assert.deepEqual(await callStats(prisma, { since: new Date("2030-01-01T00:00:00Z") }), {
      totalCalls: 0,
      blockedCalls: 0,
      spamCalls: 0,
      shortHangUps: 0,
      realCalls: 0,
      afterHoursCalls: 0,
      totalDurationSeconds: 0,
      averageDurationSeconds: null,
      callsPerDay: [],
      topIntents: [],
      urgencyCounts: [
        { urgency: "LOW", calls: 0 },
        { urgency: "NORMAL", calls: 0 },
        { urgency: "HIGH", calls: 0 },
        { urgency: "URGENT", calls: 0 },
      ],
      firstTokenLatencyMs: { p50: null, p95: null },
    });
  });

  test("top intents: the ten most frequent, ties alphabetical", async () => {
    const april = { since: new Date("2026-04-01T00:00:00Z"), until: new Date("2026-05-01T00:00:00Z") };
    const counts: [string, number][] = [
      ["Prescription refill", 3],
      ["Directions", 3],
      ...Array.from({ length: 10 }, (_, index): [string, number] => [`Question ${String.fromCharCode(74 - index)}`, 1]),
    ];
    let minute = 0;
    for (const [intent, calls] of counts) {
      for (let i = 0; i < calls; i++) {
        await seedCall(prisma, { startedAt: new Date(Date.UTC(2026, 3, 2, 9, minute++)).toISOString(), intent });
      }
    }
    const { topIntents, totalCalls } = await callStats(prisma, april);
    assert.equal(totalCalls, 16);
    assert.deepEqual(topIntents, [
      { intent: "Directions", calls: 3 },
      { intent: "Prescription refill", calls: 3 },
      ...["A", "B", "C", "D", "E", "F", "G", "H"].map((letter) => ({ intent: `Question ${letter}`, calls: 1 })),
    ]);
  });

  test("blocked calls, spam and short hang-ups are counted apart from real calls; after-hours calls among all", async () => {
    const june = { since: new Date("2026-06-01T00:00:00Z"), until: new Date("2026-07-01T00:00:00Z") };
    let minute = 0;
    const at = () => new Date(Date.UTC(2026, 5, 3, 9, minute++)).toISOString();
    // Real: a conversation, however short the secretary made it, and one transferred at once.
    await seedCall(prisma, { startedAt: at(), durationSeconds: 95, endReason: "CALLER_HUNG_UP" });
    await seedCall(prisma, { startedAt: at(), durationSeconds: 8, endReason: "ENDED_BY_ASSISTANT", afterHours: true });
    await seedCall(prisma, { startedAt: at(), durationSeconds: 5, endReason: "TRANSFERRED_TO_OWNER" });
    // Still in progress: no duration yet, so not a hang-up.
    await seedCall(prisma, { startedAt: at(), status: "IN_PROGRESS" });
    // Short hang-ups: the caller gone within 15 s, or a call that never reached the secretary.
    await seedCall(prisma, { startedAt: at(), durationSeconds: 14, endReason: "CALLER_HUNG_UP", afterHours: true });
    await seedCall(prisma, { startedAt: at(), durationSeconds: 0, status: "CANCELED" });
    // Not under 15 s: real.
    await seedCall(prisma, { startedAt: at(), durationSeconds: 15, endReason: "CALLER_HUNG_UP" });
    // Spam, however short; blocked, spam or not.
    await seedCall(prisma, { startedAt: at(), durationSeconds: 6, endReason: "CALLER_HUNG_UP", spam: true });
    await seedCall(prisma, { startedAt: at(), durationSeconds: 300, spam: true, afterHours: true });
    await seedCall(prisma, { startedAt: at(), status: "BLOCKED" });
    await seedCall(prisma, { startedAt: at(), status: "BLOCKED", spam: true, afterHours: true });

    const stats = await callStats(prisma, june);
    assert.deepEqual(
      {
        totalCalls: stats.totalCalls,
        realCalls: stats.realCalls,
        shortHangUps: stats.shortHangUps,
        spamCalls: stats.spamCalls,
        blockedCalls: stats.blockedCalls,
        afterHoursCalls: stats.afterHoursCalls,
      },
      { totalCalls: 11, realCalls: 5, shortHangUps: 2, spamCalls: 2, blockedCalls: 2, afterHoursCalls: 4 },
    );
  });
});
