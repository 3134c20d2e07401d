import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import type { CallLogWrite } from "../src/calls/call-log-write.js";
import { CallStore } from "../src/calls/call-store.js";
import { readJournal, WriteJournal } from "../src/calls/write-journal.js";
import { createLogger } from "../src/logger.js";
import { createTestDatabase, openTestDatabase } from "./support/test-database.js";

const repoRoot = fileURLToPath(new URL("..", import.meta.url));
const silent = createLogger("silent");

function turn(text: string): CallLogWrite {
  return {
    op: "addTurn",
    turn: { id: randomUUID(), role: "CALLER", kind: "SPEECH", text, interrupted: false, createdAt: new Date() },
  };
}

test("a journal left by a killed process gives back, in order, what the database had not confirmed; a line cut by the crash is skipped", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "journal-"));
  try {
    const writes = ["one", "two", "three", "four"].map((text) => ({ callSid: "CA1", write: turn(text) }));
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "test/support/journal-writer.ts", dir, JSON.stringify(writes), "2"],
      { cwd: repoRoot, stdio: "inherit" },
    );
    const [, signal] = await once(child, "exit");
    assert.equal(signal, "SIGKILL");

    const { journal, recovered, forget } = WriteJournal.open(dir, silent);
    assert.deepEqual(
      recovered.map((entry) => (entry.write.op === "addTurn" ? entry.write.turn.text : entry.write.op)),
      ["three", "four"],
    );
    assert.equal(recovered[0]?.write.op === "addTurn" && recovered[0].write.turn.createdAt instanceof Date, true);
    forget();
    assert.deepEqual(
      readdirSync(dir).filter((name) => !name.startsWith(`${process.pid}-`)),
      [],
      "the dead process's journal and lock are gone once taken over",
    );
    await journal.close();
    assert.deepEqual(readdirSync(dir), [], "a journal with nothing unconfirmed is deleted on close");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Appends `write` for call CA2; `durable` settles once it would survive a power cut. */
function append(journal: WriteJournal, write: CallLogWrite): { n: number; durable: Promise<boolean> } {
  let n = 0;
  const durable = new Promise<boolean>((resolve) => {
    n = journal.append({ callSid: "CA2", sessionKey: undefined, write }, resolve);
  });
  return { n, durable };
}

test("a journal rewrites itself without the confirmed writes, keeping the rest, and stays small", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "journal-"));
  try {
    // Small, so that a hundred lines fill it several times over. They come five at a time, as the
    // writes of a few calls in one moment do: each five wait for their fdatasync (at most one per
    // 50 ms), then the database confirms them.
    const { journal } = WriteJournal.open(dir, silent, { compactAtBytes: 4_000 });
    const file = path.join(dir, readdirSync(dir).find((name) => name.endsWith(".jsonl")) ?? "");
    const kept = append(journal, turn("kept all along"));
    for (let i = 0; i < 100; i += 5) {
      const entries = [0, 1, 2, 3, 4].map((j) => append(journal, turn(`line ${i + j}`)));
      await Promise.all(entries.map((entry) => entry.durable));
      for (const entry of entries) journal.confirm(entry.n);
    }
    const last = append(journal, turn("the newest"));
    assert.equal(await last.durable, true);
    assert.ok(statSync(file).size < 8_000, `the file stays near its limit (${statSync(file).size} bytes)`);
    assert.deepEqual(
      readJournal(file, silent).map((entry) => (entry.write.op === "addTurn" ? entry.write.turn.text : "")),
      ["kept all along", "the newest"],
    );
    journal.confirm(kept.n);
    journal.confirm(last.n);
    await journal.close();
    assert.deepEqual(readdirSync(dir), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a journal's writes applied twice (a retry after a lost answer, a replay) change nothing more than once", async () => {
  const testDatabase = await createTestDatabase();
  const database = await openTestDatabase(testDatabase);
  try {
    const store = new CallStore(database);
    const callSid = "CA00000000000000000000000000000j01";
    const session = {
      callSid,
      from: "+15557790001",
      to: "+15557790000",
      issuedAt: new Date(),
      stirVerstat: "TN-Validation-Passed-A",
      afterHours: false,
      sessionKey: randomUUID(),
    };
    const first = await store.openCall(session);
    const again = await store.openCall(session);
    assert.ok("callId" in first && "callId" in again);
    assert.equal(again.callId, first.callId, "the session's own open, repeated, gets the same call");
    const callId = first.callId;
    const words = turn("My name is Ada.");
    const actionItemId = randomUUID();
    for (let i = 0; i < 2; i++) {
      if (words.op === "addTurn") await store.addTurn(callId, words.turn);
      await store.addActionItem(callId, actionItemId, "Call Ada back", "CALL");
    }
    const stored = await database.prisma.call.findUniqueOrThrow({
      where: { id: callId },
      include: { turns: true, actionItems: true, caller: true },
    });
    assert.equal(stored.turns.length, 1);
    assert.equal(stored.actionItems.length, 1);
    assert.equal(stored.caller?.callCount, 1);
    assert.equal(stored.sessionCount, 1);

    // The call resumed on a new session; the old session's end, replayed late, does not end it.
    const resumed = await store.openCall({
      ...session,
      issuedAt: new Date(Date.now() + 1000),
      sessionKey: randomUUID(),
    });
    assert.ok("callId" in resumed && resumed.resumed);
    await store.endSession(callId, session.sessionKey, "CONNECTION_LOST", 0);
    const live = await database.prisma.call.findUniqueOrThrow({ where: { id: callId } });
    assert.equal(live.endReason, null);
    assert.equal(live.sessionCount, 2);
  } finally {
    await database.close();
    await testDatabase.drop();
  }
});
