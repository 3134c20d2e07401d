import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type Database, openDatabase } from "../src/db/database.js";
import { placeCall } from "../src/simulator/simulated-call.js";
import { startSecretary, type TestSecretary } from "./support/secretary.js";
import { startTcpProxy, type TcpProxy } from "./support/tcp-proxy.js";
import { createTestDatabase, openTestDatabase } from "./support/test-database.js";
import { eventually } from "./support/wait.js";

// Longer than the old write queue's whole retry budget (~7.6 s), after which it dropped writes.
const OUTAGE_MS = 9000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every turn of a call, in order, read past the proxy. */
async function storedCall(database: Database, callSid: string) {
  return database.prisma.call.findUnique({
    where: { callSid },
    include: { turns: { orderBy: { seq: "asc" } }, caller: true },
  });
}

describe("PostgreSQL going away mid-call loses nothing and doubles nothing", () => {
  let secretary: TestSecretary;
  let proxy: TcpProxy;
  let direct: Database;
  let skip: string | undefined;
  before(async () => {
    const database = await createTestDatabase();
    if (!database.databaseUrl) {
      skip = "needs a PostgreSQL server (DATABASE_URL)";
      return;
    }
    proxy = await startTcpProxy({ host: "127.0.0.1", port: Number(new URL(database.databaseUrl).port || 5432) });
    secretary = await startSecretary({
      database,
      env: { DATABASE_URL: proxy.through(database.databaseUrl) },
      // Claude replies while the database is away; the post-call analysis is not what is tested.
      timing: { resumeGraceMs: 400 },
    });
    direct = await openTestDatabase(database);
  });
  after(async () => {
    if (skip) return;
    proxy.restore();
    await direct.close();
    await secretary.dispose();
    await proxy.close();
  });

  test("a restart of the database (connections reset and refused for 9 s) while calls go on and start", async (t) => {
    if (skip) return t.skip(skip);
    const { anthropic } = secretary;
    anthropic.enqueue(
      { text: "Of course. What's your name?" },
      { text: "Thanks Dana. What's it about?" },
      { text: "Got it, I'll pass that on." },
      { text: "Yes, I'm here. How can I help?" },
      { text: "Sure, what time suits you?" },
    );
    const before = await placeCall({ ...secretary.simulator, from: "+15557770001" });
    await before.say("Hi, I'd like to leave a message.");

    proxy.cut();
    const cutAt = Date.now();
    await before.say("It's Dana Whitfield.");
    await before.say("My filling fell out this morning.");
    // A call that starts while the database is down.
    const during = await placeCall({ ...secretary.simulator, from: "+15557770002" });
    await during.say("Hello?");
    await during.say("I want to book a cleaning.");
    const hungUp = await before.hangUp();
    assert.equal(hungUp.statusCallback.status, 204, "the status is kept (journaled) although the database is down");
    await sleep(OUTAGE_MS - (Date.now() - cutAt));
    const ready = await fetch(`${secretary.app.url}/readyz`);
    assert.equal(ready.status, 503);
    proxy.restore();
    await during.hangUp();

    const first = await eventually(
      "the first call complete in the database",
      async () => {
        const call = await storedCall(direct, before.callSid);
        return call?.status === "COMPLETED" && call.endReason && call.turns.length === 7 && call;
      },
      20_000,
    );
    assert.deepEqual(
      first.turns.map((turn) => turn.text),
      [
        "Hello, you've reached Harbor Dental. This call is transcribed. How can I help you today?",
        "Hi, I'd like to leave a message.",
        "Of course. What's your name?",
        "It's Dana Whitfield.",
        "Thanks Dana. What's it about?",
        "My filling fell out this morning.",
        "Got it, I'll pass that on.",
      ],
    );
    assert.equal(first.endReason, "CALLER_HUNG_UP");
    assert.equal(first.caller?.callCount, 1, "one call counted, however many retries");

    const second = await eventually(
      "the call that started during the outage, complete",
      async () => {
        const call = await storedCall(direct, during.callSid);
        return call?.status === "COMPLETED" && call.endReason && call.turns.length === 5 && call;
      },
      20_000,
    );
    assert.deepEqual(
      second.turns.map((turn) => turn.role),
      ["ASSISTANT", "CALLER", "ASSISTANT", "CALLER", "ASSISTANT"],
    );
    assert.equal(second.caller?.callCount, 1);
    assert.equal(second.sessionCount, 1);
    await eventually("ready again, with every write in the database", async () => {
      const response = await fetch(`${secretary.app.url}/readyz`);
      const body = (await response.json()) as { journal: { writesNotInDatabase: number } };
      return response.status === 200 && body.journal.writesNotInDatabase === 0;
    });
  });

  test("a blackholed database (nothing answers): health checks and webhooks answer in time, and the call's words arrive later", async (t) => {
    if (skip) return t.skip(skip);
    const { anthropic } = secretary;
    anthropic.enqueue({ text: "Sure, one moment." }, { text: "Noted, thank you." });
    const call = await placeCall({ ...secretary.simulator, from: "+15557770003" });
    await call.say("Can you hear me?");
    proxy.blackhole();
    try {
      const started = Date.now();
      const ready = await fetch(`${secretary.app.url}/readyz`);
      assert.equal(ready.status, 503);
      assert.ok(Date.now() - started < 2500, "/readyz answers within about a second");
      await call.say("Please ask Dr. Reyes to call me back.");
      const hangUpStarted = Date.now();
      const hungUp = await call.hangUp();
      assert.equal(hungUp.statusCallback.status, 204);
      assert.ok(Date.now() - hangUpStarted < 5000, "the status callback is answered well within Twilio's 15 s");
    } finally {
      proxy.restore();
    }
    const stored = await eventually(
      "the call complete",
      async () => {
        const row = await storedCall(direct, call.callSid);
        return row?.status === "COMPLETED" && row.endReason && row.turns.length === 5 && row;
      },
      30_000,
    );
    assert.equal(stored.turns.at(-2)?.text, "Please ask Dr. Reyes to call me back.");
    assert.equal(new Set(stored.turns.map((turn) => turn.id)).size, 5);
  });
});

describe("a database that stops answering mid-statement", () => {
  test("the statement fails with a read timeout instead of waiting forever, through the driver, Prisma and a transaction; once the database is back, statements go through", async (t) => {
    const database = await createTestDatabase();
    if (!database.databaseUrl) return t.skip("needs a PostgreSQL server (DATABASE_URL)");
    const proxy = await startTcpProxy({ host: "127.0.0.1", port: Number(new URL(database.databaseUrl).port || 5432) });
    // A second rather than ten: the transaction's BEGIN and its ROLLBACK each wait it out.
    const through = await openDatabase({
      databaseUrl: proxy.through(database.databaseUrl),
      pgliteDir: "memory://",
      readTimeoutMs: 1000,
    });
    try {
      // Three connections open and idle in the pool, one for each way a statement is made.
      await Promise.all([1, 2, 3].map(() => through.query("SELECT pg_sleep(0.1)", [])));
      // They stay open; nothing comes back on them.
      proxy.blackhole();
      await Promise.all([
        assert.rejects(through.query("SELECT 2 AS two", []), /Query read timeout/),
        assert.rejects(through.prisma.call.count(), /Query read timeout/),
        assert.rejects(
          through.transaction((query) => query("SELECT 4 AS four", [])),
          /Query read timeout/,
        ),
      ]);
      proxy.restore();
      await eventually(
        "a statement answered again",
        async () => (await through.query<{ three: number }>("SELECT 3 AS three", []).catch(() => []))[0]?.three === 3,
      );
    } finally {
      proxy.restore();
      await through.close();
      await proxy.close();
      await database.drop();
    }
  });
});
