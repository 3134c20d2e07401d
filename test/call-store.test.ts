import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { describe, test } from "node:test";
import { CallStore } from "../src/calls/call-store.js";
import { openDatabase } from "../src/db/database.js";
import { createTestDatabase } from "./support/test-database.js";

describe("the call log's per-turn writes", () => {
  test("turns are numbered in order and keep the moment they happened, whatever the server's time zone", async () => {
    const testDatabase = await createTestDatabase();
    const database = await openDatabase({ databaseUrl: testDatabase.databaseUrl, pgliteDir: "memory://" });
    const savedZone = process.env.TZ;
    try {
      const store = new CallStore(database);
      const { callId } = await store.openCall({ callSid: "CA0000000000000000000000000000tz01", from: "+15550001111", to: "+15550002222" });
      const moments = [new Date("2026-11-24T09:15:30.125Z"), new Date("2026-11-24T09:15:34.500Z")];
      // The drivers format a Date in the process's local zone; the stored instant must not move with it.
      for (const [index, zone] of ["America/New_York", "Asia/Kolkata"].entries()) {
        process.env.TZ = zone;
        await store.addTurn(callId, {
          id: randomUUID(),
          role: index === 0 ? "CALLER" : "ASSISTANT",
          kind: "SPEECH",
          text: `line ${index + 1}`,
          interrupted: false,
          createdAt: moments[index]!,
          firstTokenMs: index === 1 ? 412 : undefined,
        });
      }
      process.env.TZ = savedZone;
      const turns = await database.prisma.turn.findMany({ where: { callId }, orderBy: { seq: "asc" } });
      assert.deepEqual(
        turns.map((turn) => ({ seq: turn.seq, text: turn.text, at: turn.createdAt.toISOString(), firstTokenMs: turn.firstTokenMs })),
        [
          { seq: 1, text: "line 1", at: "2026-11-24T09:15:30.125Z", firstTokenMs: null },
          { seq: 2, text: "line 2", at: "2026-11-24T09:15:34.500Z", firstTokenMs: 412 },
        ],
      );
    } finally {
      if (savedZone === undefined) delete process.env.TZ;
      else process.env.TZ = savedZone;
      await database.close();
      await testDatabase.drop();
    }
  });

  test("Twilio's word that a call is over waits for the relay session's last writes before the analysis; a resumed call ends when it really ends", async () => {
    const testDatabase = await createTestDatabase();
    const database = await openDatabase({ databaseUrl: testDatabase.databaseUrl, pgliteDir: "memory://" });
    try {
      const store = new CallStore(database);
      const callSid = "CA0000000000000000000000000000end1";
      const { callId } = await store.openCall({ callSid, from: "+15550003333", to: "+15550002222" });
      const call = () => database.prisma.call.findUniqueOrThrow({ where: { id: callId } });

      // The socket dropped: the session's end is recorded, and the analysis waits for a resume.
      await store.endSession(callId, "connection lost", 30_000);
      const dropped = await call();
      assert.equal(dropped.endReason, "connection lost");
      // Twilio reconnected: the call goes on, and its end is no longer known.
      await store.openCall({ callSid, from: "+15550003333", to: "+15550002222" });
      const resumed = await call();
      assert.deepEqual([resumed.endReason, resumed.endedAt, resumed.analysisState], [null, null, "NOT_STARTED"]);

      // The status callback can come first, even from another process: the session is still open.
      await store.recordStatus({ callSid, from: "+15550003333", to: "+15550002222", status: "COMPLETED", sequence: 3, durationSeconds: 61, timestamp: undefined });
      const reported = await call();
      assert.equal(reported.analysisState, "PENDING");
      assert.ok(reported.analysisDueAt!.getTime() > Date.now() + 5_000, "the analysis waits for the session's end");
      // The session's end (with its last words before it) lets the analysis start at once.
      await store.endSession(callId, "caller hung up", 30_000);
      const ended = await call();
      assert.equal(ended.endReason, "caller hung up");
      assert.equal(ended.durationSeconds, 61);
      assert.ok(ended.analysisDueAt!.getTime() <= Date.now(), "a call Twilio reported over cannot resume, so nothing waits");
    } finally {
      await database.close();
      await testDatabase.drop();
    }
  });
});
