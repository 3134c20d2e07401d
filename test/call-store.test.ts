import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { describe, test } from "node:test";
import pg from "pg";
import { AnalysisQueue } from "../src/calls/analysis-queue.js";
import { applyWrite, type CallLogWrite, callLogWrite } from "../src/calls/call-log-write.js";
import { CallStore, type NewTurn } from "../src/calls/call-store.js";
import { TurnBatch } from "../src/calls/turn-batch.js";
import { isRefusedAsWrong } from "../src/calls/write-queue.js";
import type { Database } from "../src/db/database.js";
import { openTestCall } from "./support/open-call.js";
import { createTestDatabase, openTestDatabase, type TestDatabase } from "./support/test-database.js";
import { eventually } from "./support/wait.js";

describe("the call log in the database", () => {
  test("turns are numbered in order and keep the moment they happened, whatever the server's time zone", () =>
    withDatabase(async (database) => {
      const savedZone = process.env.TZ;
      try {
        const store = new CallStore(database);
        const { callId } = await openTestCall(store, {
          callSid: "CA0000000000000000000000000000tz01",
          from: "+15550001111",
          to: "+15550002222",
        });
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
          turns.map((turn) => ({
            seq: turn.seq,
            text: turn.text,
            at: turn.createdAt.toISOString(),
            firstTokenMs: turn.firstTokenMs,
          })),
          [
            { seq: 1, text: "line 1", at: "2026-11-24T09:15:30.125Z", firstTokenMs: null },
            { seq: 2, text: "line 2", at: "2026-11-24T09:15:34.500Z", firstTokenMs: 412 },
          ],
        );
      } finally {
        if (savedZone === undefined) delete process.env.TZ;
        else process.env.TZ = savedZone;
      }
    }));

  test("turns of several calls written together each take their call's next place; one the database refuses fails alone, and one already there takes no place", () =>
    withDatabase(async (database) => {
      const store = new CallStore(database);
      const [first, second, erased] = await Promise.all(
        ["bt01", "bt02", "bt03"].map((name, index) =>
          openTestCall(store, {
            callSid: `CA0000000000000000000000000000${name}`,
            from: `+1555000222${index}`,
            to: "+15550002222",
          }),
        ),
      );
      const said = (text: string): NewTurn => ({
        id: randomUUID(),
        role: "CALLER",
        kind: "SPEECH",
        text,
        interrupted: false,
        createdAt: new Date(),
      });
      const hello = said("Hello?");
      await store.addTurn(first!.callId, hello);
      // The owner erased the third call while its turn was on its way.
      await database.prisma.call.delete({ where: { id: erased!.callId } });

      const batch = new TurnBatch(store, isRefusedAsWrong);
      const outcomes = await Promise.allSettled([
        batch.add(first!.callId, hello),
        batch.add(first!.callId, said("Is this the dentist?")),
        batch.add(second!.callId, said("Hi, it's Dana.")),
        batch.add(erased!.callId, said("Gone already.")),
      ]);
      assert.deepEqual(
        outcomes.map((outcome) => outcome.status),
        ["fulfilled", "fulfilled", "fulfilled", "rejected"],
      );
      const refusal = outcomes[3]?.status === "rejected" ? outcomes[3].reason : undefined;
      assert.equal(isRefusedAsWrong(refusal), true, `refused as wrong, not the database away: ${String(refusal)}`);
      const turns = await database.prisma.turn.findMany({ orderBy: [{ callId: "asc" }, { seq: "asc" }] });
      const byCall = (callId: string) =>
        turns.filter((turn) => turn.callId === callId).map((turn) => [turn.seq, turn.text]);
      assert.deepEqual(byCall(first!.callId), [
        [1, "Hello?"],
        [2, "Is this the dentist?"],
      ]);
      assert.deepEqual(byCall(second!.callId), [[1, "Hi, it's Dana."]]);
      assert.equal(turns.length, 3);

      // Together again, all of them good: two turns of one call keep the order they were given in.
      await Promise.all([
        batch.add(first!.callId, said("I need a cleaning.")),
        batch.add(second!.callId, said("About my bill.")),
        batch.add(first!.callId, said("Next week, if you can.")),
      ]);
      const after = await database.prisma.turn.findMany({ orderBy: [{ callId: "asc" }, { seq: "asc" }] });
      const afterByCall = (callId: string) =>
        after.filter((turn) => turn.callId === callId).map((turn) => [turn.seq, turn.text]);
      assert.deepEqual(afterByCall(first!.callId).slice(2), [
        [3, "I need a cleaning."],
        [4, "Next week, if you can."],
      ]);
      assert.deepEqual(afterByCall(second!.callId), [
        [1, "Hi, it's Dana."],
        [2, "About my bill."],
      ]);
    }));

  test("Twilio's word that a call is over waits for the relay session's last writes before the analysis; a resumed call ends when it really ends", () =>
    withDatabase(async (database) => {
      const store = new CallStore(database);
      const callSid = "CA0000000000000000000000000000end1";
      const { callId, sessionKey } = await openTestCall(store, { callSid, from: "+15550003333", to: "+15550002222" });
      const call = () => database.prisma.call.findUniqueOrThrow({ where: { id: callId } });

      // The socket dropped: the session's end is recorded, and the analysis waits for a resume.
      await store.endSession(callId, sessionKey, "CONNECTION_LOST", 30_000);
      const dropped = await call();
      assert.equal(dropped.endReason, "CONNECTION_LOST");
      // Twilio reconnected: the call goes on, and its end is no longer known.
      const resumedSession = await openTestCall(store, { callSid, from: "+15550003333", to: "+15550002222" });
      const resumed = await call();
      assert.deepEqual([resumed.endReason, resumed.endedAt, resumed.analysisState], [null, null, "NOT_STARTED"]);

      // The status callback can come first, even from another process: the session is still open.
      await store.recordStatus({
        callSid,
        from: "+15550003333",
        to: "+15550002222",
        status: "COMPLETED",
        sequence: 3,
        durationSeconds: 61,
        timestamp: undefined,
      });
      const reported = await call();
      assert.equal(reported.analysisState, "PENDING");
      assert.ok(reported.analysisDueAt!.getTime() > Date.now() + 5_000, "the analysis waits for the session's end");
      // The session's end (with its last words before it) lets the analysis start at once.
      await store.endSession(callId, resumedSession.sessionKey, "CALLER_HUNG_UP", 30_000);
      const ended = await call();
      assert.equal(ended.endReason, "CALLER_HUNG_UP");
      assert.equal(ended.durationSeconds, 61);
      assert.ok(
        ended.analysisDueAt!.getTime() <= Date.now(),
        "a call Twilio reported over cannot resume, so nothing waits",
      );
    }));

  test(
    "a session's end that meets the call resuming on a new session (the old process slow to write it) leaves the live call open",
    { skip: !process.env.DATABASE_URL && "needs a PostgreSQL server (DATABASE_URL): two sessions writing at once" },
    () =>
      withDatabase(async (database, testDatabase) => {
        const store = new CallStore(database);
        const call = { callSid: "CA0000000000000000000000000000rs01", from: "+15550003334", to: "+15550002222" };
        const first = await openTestCall(store, call);
        const stored = () => database.prisma.call.findUniqueOrThrow({ where: { id: first.callId } });
        // A connection of its own holds the turns, which the resume reads last in its transaction,
        // once it has claimed the call: the new session's opening is under way, not yet committed.
        const holder = new pg.Client({ connectionString: testDatabase.databaseUrl });
        await holder.connect();
        try {
          await holder.query("BEGIN");
          await holder.query(`LOCK TABLE "Turn" IN ACCESS EXCLUSIVE MODE`);
          // What a session waits for, as the server's lock table says (a statement waiting on a lock
          // may not show in pg_stat_activity yet).
          const waitingFor = (what: string, lock: string) =>
            eventually(
              what,
              async () =>
                ((await holder.query(`SELECT 1 FROM pg_locks WHERE NOT granted AND ${lock}`)).rowCount ?? 0) > 0,
            );
          const resuming = openTestCall(store, call);
          await waitingFor("the resume to claim the call and read its turns", `relation = '"Turn"'::regclass`);
          // The old session's end, read while the call was still its own, is written now.
          const ending = store.endSession(first.callId, first.sessionKey, "CONNECTION_LOST", 30_000);
          await waitingFor("the old session's end to wait for the resume", `locktype = 'transactionid'`);
          await holder.query("COMMIT");
          const second = await resuming;
          await ending;

          const live = await stored();
          assert.equal(live.sessionKey, second.sessionKey);
          assert.deepEqual(
            [live.status, live.endReason, live.endedAt, live.durationSeconds, live.analysisState],
            ["IN_PROGRESS", null, null, null, "NOT_STARTED"],
            "the call goes on: not ended, and not analysed halfway through",
          );
          await store.endSession(first.callId, second.sessionKey, "CALLER_HUNG_UP", 0);
          const ended = await stored();
          assert.deepEqual([ended.endReason, ended.analysisState], ["CALLER_HUNG_UP", "PENDING"]);
        } finally {
          await holder.end();
        }
      }),
  );

  test("a call left open by a process that stopped is closed at its last sign of life; if its session was alive after all, its real end wins", () =>
    withDatabase(async (database) => {
      const store = new CallStore(database);
      const call = (id: string) => database.prisma.call.findUniqueOrThrow({ where: { id } });
      const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);
      const openWithTurn = async (callSid: string, minutes: number) => {
        const { callId, sessionKey } = await openTestCall(store, { callSid, from: "+15550004444", to: "+15550002222" });
        // A minute between the start and the last turn, exactly, however long the statements take.
        const at = minutesAgo(minutes);
        const startedAt = new Date(at.getTime() - 60_000);
        await database.prisma.call.update({ where: { id: callId }, data: { startedAt, updatedAt: startedAt } });
        await store.addTurn(callId, {
          id: randomUUID(),
          role: "CALLER",
          kind: "SPEECH",
          text: "Is anyone there?",
          interrupted: false,
          createdAt: at,
        });
        return { callId, sessionKey, lastTurnAt: at };
      };
      const abandoned = await openWithTurn("CA0000000000000000000000000000ab01", 20);
      const quiet = await openWithTurn("CA0000000000000000000000000000ab02", 5);
      // Twilio said the call was answered, then nothing more: no session, no final status.
      await store.recordStatus({
        callSid: "CA0000000000000000000000000000ab03",
        from: "+15550005555",
        to: "+15550002222",
        status: "IN_PROGRESS",
        sequence: 1,
        durationSeconds: undefined,
        timestamp: undefined,
      });
      const statusOnly = await database.prisma.call.update({
        where: { callSid: "CA0000000000000000000000000000ab03" },
        data: { startedAt: minutesAgo(30), updatedAt: minutesAgo(30) },
      });

      const closed = await store.closeAbandonedCalls(15 * 60_000);
      assert.deepEqual(new Set(closed), new Set([abandoned.callId, statusOnly.id]));
      const swept = await call(abandoned.callId);
      assert.equal(swept.endReason, "NO_END_REPORTED");
      assert.equal(
        swept.endedAt?.toISOString(),
        abandoned.lastTurnAt.toISOString(),
        "it ended when it was last heard of",
      );
      assert.equal(swept.durationSeconds, 60);
      assert.equal(swept.analysisState, "PENDING");
      assert.ok(swept.analysisDueAt!.getTime() <= Date.now());
      assert.deepEqual(
        [(await call(quiet.callId)).endReason, (await call(quiet.callId)).analysisState],
        [null, "NOT_STARTED"],
        "five quiet minutes are not an abandoned call",
      );
      assert.deepEqual(await store.closeAbandonedCalls(15 * 60_000), [], "a call is closed once");

      // The session was alive (a very long silence) and ends now: its real end replaces the guess,
      // and the analysis is done again with the whole call.
      await database.prisma.call.update({
        where: { id: abandoned.callId },
        data: { analysisState: "DONE", summary: "Half a call." },
      });
      await store.endSession(abandoned.callId, abandoned.sessionKey, "CALLER_HUNG_UP", 0);
      const ended = await call(abandoned.callId);
      assert.equal(ended.endReason, "CALLER_HUNG_UP");
      assert.ok(ended.endedAt!.getTime() > Date.now() - 5_000, "the real end");
      // From its start 21 minutes ago to now (the test's own statements take a moment).
      assert.equal(ended.durationSeconds, Math.round((ended.endedAt!.getTime() - ended.startedAt.getTime()) / 1000));
      assert.ok(
        ended.durationSeconds! >= 21 * 60 && ended.durationSeconds! < 21 * 60 + 30,
        `${ended.durationSeconds} s`,
      );
      assert.equal(ended.analysisState, "PENDING");
    }));

  test("a call came in after hours stays so: a resumed session does not change it", () =>
    withDatabase(async (database) => {
      const store = new CallStore(database);
      const call = { callSid: "CA0000000000000000000000000000ah01", from: "+15550004444", to: "+15550002222" };
      const session = (afterHours: boolean, issuedAt: number) => ({
        ...call,
        issuedAt: new Date(issuedAt),
        stirVerstat: undefined,
        afterHours,
        sessionKey: randomUUID(),
      });
      const started = Date.now();
      const opened = await store.openCall(session(true, started));
      assert.ok("callId" in opened);
      const afterHours = async () =>
        (await database.prisma.call.findUniqueOrThrow({ where: { id: opened.callId } })).afterHours;
      assert.equal(await afterHours(), true);
      const resumed = await store.openCall(session(false, started + 1000));
      assert.ok("resumed" in resumed && resumed.resumed);
      assert.equal(await afterHours(), true);
    }));

  test("a database server whose time zone is not UTC hands out due analyses on time, not hours early or late", () => {
    const zone = "America/New_York";
    return withDatabase(async (database) => {
      const [setting] = await database.prisma.$queryRaw<{ zone: string }[]>`SELECT current_setting('TimeZone') AS zone`;
      assert.equal(setting?.zone, zone);

      const store = new CallStore(database);
      const analyses = new AnalysisQueue(database.prisma);
      const later = await openTestCall(store, {
        callSid: "CA0000000000000000000000000000tz02",
        from: "+15550006666",
        to: "+15550002222",
      });
      await store.endSession(later.callId, later.sessionKey, "CONNECTION_LOST", 60 * 60_000);
      assert.equal(await analyses.claimDue(60_000), undefined, "due in an hour");
      const now = await openTestCall(store, {
        callSid: "CA0000000000000000000000000000tz03",
        from: "+15550007777",
        to: "+15550002222",
      });
      await store.endSession(now.callId, now.sessionKey, "CALLER_HUNG_UP", 0);
      assert.equal(await analyses.claimDue(60_000), now.callId, "due now");
    }, zone);
  });

  test("a session's end makes an analysis waiting for it due, but leaves a retry waiting out its backoff", () =>
    withDatabase(async (database) => {
      const store = new CallStore(database);
      const callSid = "CA0000000000000000000000000000end1";
      const { callId, sessionKey } = await openTestCall(store, { callSid, from: "+15550009999", to: "+15550002222" });
      const call = () => database.prisma.call.findUniqueOrThrow({ where: { id: callId } });

      // Twilio says the call is over before its session's end is written: the analysis waits for that end…
      await store.recordStatus({
        callSid,
        from: "+15550009999",
        to: "+15550002222",
        status: "COMPLETED",
        sequence: 3,
        durationSeconds: 42,
        timestamp: undefined,
      });
      const waiting = await call();
      assert.equal(waiting.analysisState, "PENDING");
      assert.ok(waiting.analysisDueAt!.getTime() > Date.now(), "it waits for the session's end");
      // …which makes it due at once.
      await store.endSession(callId, sessionKey, "CALLER_HUNG_UP", 0);
      const ended = await call();
      assert.ok(ended.analysisDueAt!.getTime() <= Date.now(), "due once the session ended");
      assert.equal(ended.endReason, "CALLER_HUNG_UP");

      // Closed as abandoned, analysed, failed and waiting for its retry: the session's real end
      // replaces the guessed one, and the retry (which reads the whole call) keeps its time.
      const retryAt = new Date(Date.now() + 10 * 60_000);
      await database.prisma.call.update({
        where: { id: callId },
        data: {
          status: "IN_PROGRESS",
          endReason: "NO_END_REPORTED",
          analysisState: "PENDING",
          analysisAttempts: 1,
          analysisError: "Overloaded",
          analysisDueAt: retryAt,
        },
      });
      await store.endSession(callId, sessionKey, "CALLER_HUNG_UP", 0);
      const retrying = await call();
      assert.equal(retrying.endReason, "CALLER_HUNG_UP");
      assert.deepEqual(
        [retrying.analysisState, retrying.analysisDueAt?.getTime(), retrying.analysisAttempts, retrying.analysisError],
        ["PENDING", retryAt.getTime(), 1, "Overloaded"],
      );
    }));

  test("an analysis under way when the call resumes, or when the owner asks for a re-run, saves what it found and is done again", () =>
    withDatabase(async (database) => {
      const store = new CallStore(database);
      const analyses = new AnalysisQueue(database.prisma);
      const callSid = "CA0000000000000000000000000000run1";
      const { callId, sessionKey } = await openTestCall(store, { callSid, from: "+15550008888", to: "+15550002222" });
      const call = () => database.prisma.call.findUniqueOrThrow({ where: { id: callId } });
      const findings = {
        summary: "Asked about a refund.",
        intent: "refund",
        urgency: "NORMAL" as const,
        callerName: null,
        actionItems: [],
        spam: false,
      };

      await store.endSession(callId, sessionKey, "CONNECTION_LOST", 0);
      assert.equal(await analyses.claimDue(60_000), callId);
      // Twilio reconnects while the analysis runs: what is said from here must be analysed too.
      const second = await openTestCall(store, { callSid, from: "+15550008888", to: "+15550002222" });
      await analyses.complete(callId, findings, { missed: false });
      const resumed = await call();
      assert.equal(resumed.summary, "Asked about a refund.");
      assert.equal(resumed.analysisState, "NOT_STARTED", "waits for the call's new end");
      await store.endSession(callId, second.sessionKey, "CALLER_HUNG_UP", 0);
      assert.equal((await call()).analysisState, "PENDING");

      // The owner asks for a re-run while one is running: the re-run still happens.
      assert.equal(await analyses.claimDue(60_000), callId);
      await analyses.rerun(callId);
      await analyses.fail(callId, "overloaded", undefined);
      assert.deepEqual([(await call()).analysisState, (await call()).analysisError], ["PENDING", null]);
      assert.equal(await analyses.claimDue(60_000), callId);
      await analyses.complete(callId, findings, { missed: false });
      assert.equal((await call()).analysisState, "DONE");
    }));

  test("a question the secretary could not answer counts once per call, however often its write is applied (a retry, a replay from the journal)", () =>
    withDatabase(async (database) => {
      const store = new CallStore(database);
      const calls = await Promise.all(
        ["gap1", "gap2"].map((name, index) =>
          openTestCall(store, {
            callSid: `CA00000000000000000000000000${name}`,
            from: `+1555000111${index}`,
            to: "+15550002222",
          }),
        ),
      );
      const gap = () => database.prisma.knowledgeGap.findMany();
      /** The write as the journal gives it back (JSON), applied to its call. */
      const apply = (callId: string, write: CallLogWrite) =>
        applyWrite(store, callLogWrite.parse(JSON.parse(JSON.stringify(write))), async () => callId);
      const note = (question: string, at: string): CallLogWrite => ({
        op: "noteKnowledgeGap",
        askId: randomUUID(),
        question,
        askedAt: new Date(at),
      });

      const first = note("Do you take Delta Dental?", "2026-12-03T10:00:00.000Z");
      await apply(calls[0]!.callId, first);
      await apply(calls[0]!.callId, first);
      // Asked again on the same call, in other words: still once for that call.
      await apply(calls[0]!.callId, note("do you TAKE delta dental", "2026-12-03T10:01:00.000Z"));
      assert.deepEqual(
        (await gap()).map((row) => [row.question, row.timesAsked, row.callId, row.callerPhone]),
        [["Do you take Delta Dental?", 1, calls[0]!.callId, "+15550001110"]],
      );

      const second = note("Um, do you take Delta Dental, please?", "2026-12-03T11:00:00.000Z");
      await apply(calls[1]!.callId, second);
      await apply(calls[1]!.callId, second);
      const [counted] = await gap();
      assert.deepEqual(
        [counted?.timesAsked, counted?.callId, counted?.callerPhone, counted?.question],
        [2, calls[1]!.callId, "+15550001111", "Do you take Delta Dental?"],
      );
      assert.equal(counted?.firstAskedAt.toISOString(), "2026-12-03T10:00:00.000Z");
      assert.equal(counted?.lastAskedAt.toISOString(), "2026-12-03T11:00:00.000Z");

      // Once answered, the question asked again is a new gap.
      await database.prisma.knowledgeGap.updateMany({ data: { answeredAt: new Date() } });
      await apply(calls[1]!.callId, note("Do you take Delta Dental?", "2026-12-03T12:00:00.000Z"));
      assert.deepEqual((await gap()).map((row) => [row.timesAsked, row.answeredAt === null]).sort(), [
        [1, true],
        [2, false],
      ]);
    }));
});

/**
 * Runs a test against a fresh database (in-memory PGlite, or a scratch database on DATABASE_URL's
 * server), its sessions in `timeZone` when given, closed and dropped afterwards.
 */
async function withDatabase(
  run: (database: Database, testDatabase: TestDatabase) => Promise<void>,
  timeZone?: string,
): Promise<void> {
  const testDatabase = await createTestDatabase();
  try {
    const database = await openTestDatabase(testDatabase, timeZone);
    try {
      await run(database, testDatabase);
    } finally {
      await database.close();
    }
  } finally {
    await testDatabase.drop();
  }
}
