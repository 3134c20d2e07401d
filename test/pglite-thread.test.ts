import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { openDatabase, type Database } from "../src/db/database.js";

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
      data: { callSid: "CA00000000000000000000000000thread1", from: "+15550100001", to: "+15550100002", startedAt, durationSeconds: 42, urgency: "HIGH" },
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
        await tx.call.create({ data: { callSid: "CA00000000000000000000000000thread2", from: "+15550100003", to: "+15550100004" } });
        throw new Error("changed my mind");
      }),
      /changed my mind/,
    );
    assert.equal(await database.prisma.call.count({ where: { callSid: "CA00000000000000000000000000thread2" } }), 0);
    await database.prisma.call.create({ data: { callSid: "CA00000000000000000000000000thread3", from: "+15550100005", to: "+15550100006" } });
    assert.equal(await database.prisma.call.count({ where: { callSid: "CA00000000000000000000000000thread3" } }), 1);
  });

  test("PostgreSQL's errors reach Prisma as PostgreSQL errors, with their SQLSTATE", async () => {
    const data = { callSid: "CA00000000000000000000000000thread4", from: "+15550100007", to: "+15550100008" };
    await database.prisma.call.create({ data });
    await assert.rejects(database.prisma.call.create({ data }), (error: Error & { cause?: { kind?: string; code?: string } }) => {
      assert.deepEqual({ kind: error.cause?.kind, code: error.cause?.code }, { kind: "postgres", code: "23505" });
      return true;
    });
  });

  test("statements from many calls at once all land", async () => {
    const sids = Array.from({ length: 50 }, (_, i) => `CA0000000000000000000000000burst${String(i).padStart(2, "0")}`);
    await Promise.all(sids.map((callSid, i) => database.prisma.call.create({ data: { callSid, from: `+1555020${String(i).padStart(4, "0")}`, to: "+15550100000" } })));
    assert.equal(await database.prisma.call.count({ where: { callSid: { in: sids } } }), sids.length);
  });
});
