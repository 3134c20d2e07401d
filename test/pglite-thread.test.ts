import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { type Database, openDatabase } from "../src/db/database.js";

// The embedded database runs in its own thread; Prisma must not be able to tell.
describe("the embedded database in its own thread", () => {
  let database: Database;
  before(async () => {
    database = await openDatabase({ databaseUrl: undefined, pgliteDir: "memory://" });
  });
  after(() => database.close());

  test("values come back typed as Prisma expects: dates, numbers, nulls, enums", async () => {
    const startedAt = new Date("2026-11-24T08:00:00.250Z");
    const created = await database.prisma.call.create({
      data: {
        callSid: "CA00000000000000000000000000thread1",
        from: "+15550100001",
        to: "+15550100002",
        startedAt,
        durationSeconds: 42,
        urgency: "HIGH",
      },
    });
    const call = await database.prisma.call.findUniqueOrThrow({ where: { id: created.id } });
    assert.equal(call.startedAt.toISOString(), startedAt.toISOString());
    assert.equal(call.durationSeconds, 42);
    assert.equal(call.urgency, "HIGH");
    assert.equal(call.summary, null);
    assert.equal(await database.prisma.call.count({ where: { callSid: created.callSid } }), 1);
  });

  test("a failing transaction leaves nothing behind, and the database goes on", async () => {
    await assert.rejects(
      database.prisma.$transaction(async (tx) => {
        await tx.call.create({
          data: { callSid: "CA00000000000000000000000000thread2", from: "+15550100003", to: "+15550100004" },
        });
        throw new Error("changed my mind");
      }),
      /changed my mind/,
    );
    assert.equal(await database.prisma.call.count({ where: { callSid: "CA00000000000000000000000000thread2" } }), 0);
    await database.prisma.call.create({
      data: { callSid: "CA00000000000000000000000000thread3", from: "+15550100005", to: "+15550100006" },
    });
    assert.equal(await database.prisma.call.count({ where: { callSid: "CA00000000000000000000000000thread3" } }), 1);
  });

  test("PostgreSQL's errors reach Prisma as PostgreSQL errors, with their SQLSTATE", async () => {
    const data = { callSid: "CA00000000000000000000000000thread4", from: "+15550100007", to: "+15550100008" };
    await database.prisma.call.create({ data });
    await assert.rejects(
      database.prisma.call.create({ data }),
      (error: Error & { cause?: { kind?: string; code?: string } }) => {
        assert.deepEqual({ kind: error.cause?.kind, code: error.cause?.code }, { kind: "postgres", code: "23505" });
        return true;
      },
    );
  });

  test("statements from many calls at once all land", async () => {
    const sids = Array.from({ length: 50 }, (_, i) => `CA0000000000000000000000000burst${String(i).padStart(2, "0")}`);
    await Promise.all(
      sids.map((callSid, i) =>
        database.prisma.call.create({
          data: { callSid, from: `+1555020${String(i).padStart(4, "0")}`, to: "+15550100000" },
        }),
      ),
    );
    assert.equal(await database.prisma.call.count({ where: { callSid: { in: sids } } }), sids.length);
  });

  test("its thread gives way to the event loop for the CPU, and the event loop keeps its priority", {
    skip: process.platform !== "linux" && "scheduling priorities are per thread on Linux only",
  }, () => {
    const threads = readdirSync("/proc/self/task").map((tid) => ({
      tid: Number(tid),
      ...schedulingOf(`/proc/self/task/${tid}/stat`),
    }));
    const SCHED_IDLE = 5;
    const background = threads.filter((thread) =>
      database.threadPriority === "idle" ? thread.policy === SCHED_IDLE : thread.nice === 10,
    );
    assert.ok(
      database.threadPriority === "idle" || database.threadPriority === "lowered",
      `priority reported: ${database.threadPriority}`,
    );
    assert.equal(background.length, 1, JSON.stringify(threads));
    assert.notEqual(background[0]!.tid, process.pid);
    assert.deepEqual(
      threads.find((thread) => thread.tid === process.pid),
      { tid: process.pid, policy: 0, nice: 0 },
    );
  });
});

/** The nice value and scheduling policy of a thread, from its /proc stat line (fields 19 and 41). */
function schedulingOf(statFile: string): { policy: number; nice: number } {
  const stat = readFileSync(statFile, "utf8");
  // The command name (field 2) may hold spaces; the fields after it are counted from field 3.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return { policy: Number(fields[41 - 3]), nice: Number(fields[19 - 3]) };
}
