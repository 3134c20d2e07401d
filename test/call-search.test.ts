import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { PGlite } from "@electric-sql/pglite";
import { Prisma, type PrismaClient } from "@prisma/client";
import { SearchQueryError, searchCalls, searchCallsSql } from "../src/calls/call-search.js";
import { type Database, openDatabase } from "../src/db/database.js";
import { applyMigrations, type InTransaction, migrationsDir, readMigrations } from "../src/db/migrations.js";
import { createTestDatabase, openTestDatabase, type TestDatabase } from "./support/test-database.js";

interface SeedCall {
  from?: string;
  callerName?: string;
  intent?: string;
  summary?: string;
  notes?: string;
  startedAt?: Date;
  /** Alternating caller / assistant, written one at a time as the call store writes them. */
  turns?: string[];
}

let seq = 0;

async function seedCall(prisma: PrismaClient, call: SeedCall): Promise<string> {
  const { turns = [], ...fields } = call;
  const { id } = await prisma.call.create({
    data: { callSid: `CA${randomUUID().replaceAll("-", "")}`, from: "+15550000000", to: "+15559990000", ...fields },
  });
  for (const [index, text] of turns.entries()) await addTurn(prisma, id, text, index + 1);
  return id;
}

async function addTurn(prisma: PrismaClient, callId: string, text: string, turnSeq = 1000 + ++seq): Promise<string> {
  const turn = await prisma.turn.create({
    data: { id: randomUUID(), callId, seq: turnSeq, role: turnSeq % 2 === 1 ? "CALLER" : "ASSISTANT", text },
  });
  return turn.id;
}

async function ids(prisma: PrismaClient, query: string): Promise<string[]> {
  const { hits } = await searchCalls(prisma, query, { limit: 100, offset: 0 });
  return hits.map((hit) => hit.callId);
}

async function withDatabase(): Promise<{ database: Database; testDatabase: TestDatabase }> {
  const testDatabase = await createTestDatabase();
  const database = await openTestDatabase(testDatabase);
  return { database, testDatabase };
}

async function closeDatabase(handle: { database: Database; testDatabase: TestDatabase }): Promise<void> {
  await handle.database.close();
  await handle.testDatabase.drop();
}

describe("searchCalls over a seeded call log", () => {
  let handle: { database: Database; testDatabase: TestDatabase };
  let prisma: PrismaClient;
  const calls = {} as Record<"reschedule" | "intent" | "mention" | "refund" | "nearNumber" | "spokenNumber", string>;

  before(async () => {
    handle = await withDatabase();
    prisma = handle.database.prisma;
    calls.reschedule = await seedCall(prisma, {
      from: "+15551234567",
      callerName: "Priya Shah",
      startedAt: new Date("2026-03-02T15:00:00Z"),
      turns: [
        "Hi, this is Priya. I need to reschedule my appointment on Tuesday.",
        "Of course. Which day would suit you better?",
        "Thursday afternoon, if you have anything.",
      ],
    });
    calls.intent = await seedCall(prisma, {
      from: "+15557654321",
      callerName: "Marcus Lee",
      intent: "Reschedule cleaning",
      summary: "Marcus wants his cleaning moved to next week.",
      startedAt: new Date("2026-03-01T09:00:00Z"),
      turns: ["Hello, can my cleaning be moved?", "Certainly, when works for you?", "Any day next week."],
    });
    calls.mention = await seedCall(prisma, {
      from: "+15553334444",
      startedAt: new Date("2026-03-03T10:00:00Z"),
      turns: [
        "I'm calling about the invoice you sent last month.",
        "I can take a message for the office about the invoice.",
        "Thanks. I might reschedule later, but the bill is the main thing.",
      ],
    });
    calls.refund = await seedCall(prisma, {
      from: "+442079460958",
      callerName: "Olga Petrova",
      notes: "Prefers email; speaks slowly.",
      startedAt: new Date("2026-03-04T11:00:00Z"),
      turns: ["I was charged twice and would like a refund.", "I'll pass that on so someone can arrange the refund."],
    });
    calls.nearNumber = await seedCall(prisma, {
      from: "+15551234568",
      startedAt: new Date("2026-03-05T12:00:00Z"),
      turns: ["Just checking your opening hours on Saturday."],
    });
    calls.spokenNumber = await seedCall(prisma, {
      from: "+15550001111",
      startedAt: new Date("2026-03-06T12:00:00Z"),
      turns: ["Please have the doctor call my mobile, 555-123-4567, after five."],
    });
  });
  after(() => closeDatabase(handle));

  test("stems words: 'rescheduling appointments' finds 'reschedule my appointment'", async () => {
    assert.deepEqual(await ids(prisma, "rescheduling appointments"), [calls.reschedule]);
  });

  test("ranks a call whose intent or caller name matches above one that mentions the word once in passing", async () => {
    const { hits } = await searchCalls(prisma, "reschedule", { limit: 10, offset: 0 });
    assert.deepEqual(
      hits.map((hit) => hit.callId),
      [calls.intent, calls.mention, calls.reschedule],
      "the intent match first; the two transcript mentions by recency (equal rank)",
    );
    assert.ok(hits[0]!.rank > hits[1]!.rank);
    assert.equal(hits[1]!.rank, hits[2]!.rank);

    const byName = await searchCalls(prisma, "priya", { limit: 10, offset: 0 });
    assert.equal(byName.hits[0]?.callId, calls.reschedule, "the caller's name, also said in the transcript");
  });

  test("has no false hits: all words must match, and unrelated calls never appear", async () => {
    assert.deepEqual(await ids(prisma, "refund"), [calls.refund]);
    assert.deepEqual(await ids(prisma, "invoice bill"), [calls.mention]);
    assert.deepEqual(await ids(prisma, "invoice refund"), [], "no call mentions both");
    assert.deepEqual(await ids(prisma, "appointment -tuesday"), [], "websearch syntax: excluded word");
    assert.deepEqual(await ids(prisma, '"cleaning moved"'), [calls.intent], "websearch syntax: phrase");
    assert.deepEqual(await ids(prisma, "dentures"), []);
    assert.deepEqual(await ids(prisma, "the"), [], "stop words alone match nothing");
  });

  test("searches the summary and the notes as well", async () => {
    assert.deepEqual(await ids(prisma, "next week"), [calls.intent]);
    assert.deepEqual(await ids(prisma, "email"), [calls.refund]);
  });

  test("finds a call by its number in every common format, and only that call", async () => {
    for (const query of [
      "555-123-4567",
      "(555) 123 4567",
      "5551234567",
      "+15551234567",
      "1234567",
      "+1 (555) 123-4567",
    ]) {
      const found = await ids(prisma, query);
      assert.ok(found.includes(calls.reschedule), `${query} finds the call from +15551234567`);
      assert.ok(!found.includes(calls.nearNumber), `${query} does not find +15551234568`);
      assert.ok(!found.includes(calls.refund), `${query} does not find +442079460958`);
    }
    assert.deepEqual(await ids(prisma, "+15551234567"), [calls.reschedule]);
    assert.deepEqual(await ids(prisma, "(555) 946-0958"), [], "shares the last seven digits, not the last ten");
    assert.deepEqual(await ids(prisma, "9460958"), [calls.refund]);
    for (const query of ["+44 20 7946 0958", "020 7946 0958", "0044 20 7946 0958", "2079460958"]) {
      assert.deepEqual(
        await ids(prisma, query),
        [calls.refund],
        `${query}: international, national and 00-prefixed forms`,
      );
    }
  });

  test("a number in a transcript is found in the format it was written", async () => {
    const found = await ids(prisma, "555-123-4567");
    assert.deepEqual(new Set(found), new Set([calls.reschedule, calls.spokenNumber]));
  });

  test("combines a number with words, all of which must match", async () => {
    assert.deepEqual(await ids(prisma, "thursday 555 123 4567"), [calls.reschedule]);
    assert.deepEqual(await ids(prisma, "refund 555 123 4567"), []);
  });

  test("snippets mark where the call matched", async () => {
    const [transcriptHit] = (await searchCalls(prisma, "rescheduling appointments", { limit: 1, offset: 0 })).hits;
    assert.match(transcriptHit!.snippet ?? "", /need to \[\[reschedule\]\] my \[\[appointment\]\] on Tuesday/);

    const [intentHit] = (await searchCalls(prisma, "reschedule", { limit: 1, offset: 0 })).hits;
    assert.match(intentHit!.snippet ?? "", /\[\[Reschedule\]\] cleaning/);

    const [phoneHit] = (await searchCalls(prisma, "(555) 123 4567", { limit: 1, offset: 0 })).hits;
    assert.equal(phoneHit!.snippet, "[[+15551234567]]", "a call found by its number shows the number");

    const spoken = (await searchCalls(prisma, "555-123-4567", { limit: 10, offset: 0 })).hits.find(
      (hit) => hit.callId === calls.spokenNumber,
    );
    assert.match(spoken!.snippet ?? "", /mobile, \[\[555-123-4567\]\], after/, "one mark over the whole number");
  });

  test("pages best first, ties most recent first, with hasMore", async () => {
    const pages = [];
    for (let offset = 0; ; offset += 2) {
      const page = await searchCalls(prisma, "reschedule", { limit: 2, offset });
      pages.push(...page.hits.map((hit) => hit.callId));
      if (!page.hasMore) break;
    }
    assert.deepEqual(pages, [calls.intent, calls.mention, calls.reschedule]);
    assert.deepEqual(
      await searchCalls(prisma, "reschedule", { limit: 3, offset: 0 }).then((page) => page.hasMore),
      false,
    );
  });

  test("rejects an empty query and a bad page with a SearchQueryError", async () => {
    for (const query of ["", "   ", "\n\t", "?!", "-"]) {
      await assert.rejects(
        searchCalls(prisma, query, { limit: 10, offset: 0 }),
        SearchQueryError,
        JSON.stringify(query),
      );
    }
    await assert.rejects(searchCalls(prisma, "x".repeat(501), { limit: 10, offset: 0 }), SearchQueryError);
    await assert.rejects(searchCalls(prisma, "refund", { limit: 0, offset: 0 }), SearchQueryError);
    await assert.rejects(searchCalls(prisma, "refund", { limit: 201, offset: 0 }), SearchQueryError);
    await assert.rejects(searchCalls(prisma, "refund", { limit: 2.5, offset: 0 }), SearchQueryError);
    await assert.rejects(searchCalls(prisma, "refund", { limit: 10, offset: -1 }), SearchQueryError);
  });

  test("user input is never SQL", async () => {
    assert.deepEqual(await ids(prisma, `refund'); DROP TABLE "Call"; --`), [], "just more words that must all match");
    assert.equal(await prisma.call.count(), 6);
  });
});

describe("the search vector follows the call log", () => {
  let handle: { database: Database; testDatabase: TestDatabase };
  let prisma: PrismaClient;
  before(async () => {
    handle = await withDatabase();
    prisma = handle.database.prisma;
  });
  after(() => closeDatabase(handle));

  test("a turn added later becomes searchable", async () => {
    const callId = await seedCall(prisma, { turns: ["Hello, is anybody there?"] });
    assert.deepEqual(await ids(prisma, "veterinarian"), []);
    await addTurn(prisma, callId, "I'm looking for a veterinarian for my cat.");
    assert.deepEqual(await ids(prisma, "veterinarian"), [callId]);
    assert.deepEqual(await ids(prisma, "anybody veterinarian"), [callId], "earlier turns still match");
  });

  test("turns written in one statement are all searchable", async () => {
    const callId = await seedCall(prisma, {});
    await prisma.turn.createMany({
      data: ["Calling about the gutter.", "Which gutter?", "The one over the porch."].map((text, index) => ({
        id: randomUUID(),
        callId,
        seq: index + 1,
        role: index % 2 === 0 ? "CALLER" : "ASSISTANT",
        text,
      })),
    });
    assert.deepEqual(await ids(prisma, "gutter porch"), [callId]);
  });

  test("a truncated turn (barge-in) no longer matches the words it lost", async () => {
    const callId = await seedCall(prisma, { turns: ["Tell me about the cardiology clinic."] });
    const turnId = await addTurn(
      prisma,
      callId,
      "The cardiology clinic is open on weekdays, and the pharmacy is downstairs.",
    );
    assert.deepEqual(await ids(prisma, "pharmacy"), [callId]);
    await prisma.turn.update({
      where: { id: turnId },
      data: { text: "The cardiology clinic is open", interrupted: true },
    });
    assert.deepEqual(await ids(prisma, "pharmacy"), []);
    assert.deepEqual(await ids(prisma, "cardiology weekdays"), []);
    assert.deepEqual(await ids(prisma, "cardiology"), [callId]);
  });

  test("an update that leaves the text alone keeps the call searchable", async () => {
    const callId = await seedCall(prisma, { turns: ["Do you sell hearing aids?"] });
    await prisma.turn.updateMany({ where: { callId }, data: { firstTokenMs: 420 } });
    assert.deepEqual(await ids(prisma, "hearing aids"), [callId]);
  });

  test("a deleted turn no longer matches", async () => {
    const callId = await seedCall(prisma, { turns: ["My ankle is swollen."] });
    const turnId = await addTurn(prisma, callId, "The orthopedist is in on Mondays.");
    await prisma.turn.delete({ where: { id: turnId } });
    assert.deepEqual(await ids(prisma, "orthopedist"), []);
    assert.deepEqual(await ids(prisma, "ankle"), [callId]);
  });

  test("an analysis that sets the summary, intent and caller name is searchable at once", async () => {
    const callId = await seedCall(prisma, { turns: ["Hi, it's about my teeth."] });
    await prisma.call.update({
      where: { id: callId },
      data: { summary: "Needs a root canal quote.", intent: "Price question", callerName: "Ines Duarte" },
    });
    assert.deepEqual(await ids(prisma, "root canal"), [callId]);
    assert.deepEqual(await ids(prisma, "duarte price"), [callId]);
    assert.deepEqual(await ids(prisma, "teeth"), [callId], "the transcript is still there");

    await prisma.call.update({ where: { id: callId }, data: { summary: "Needs a crown." } });
    assert.deepEqual(await ids(prisma, "root canal"), [], "the old summary is gone");
    assert.deepEqual(await ids(prisma, "crown"), [callId]);
  });

  test("a changed number is searchable", async () => {
    const callId = await seedCall(prisma, { from: "+15556667777" });
    await prisma.call.update({ where: { id: callId }, data: { from: "+15558889999" } });
    assert.deepEqual(await ids(prisma, "555-666-7777"), []);
    assert.deepEqual(await ids(prisma, "555-888-9999"), [callId]);
  });

  test("a number far longer than a phone number is indexed by its last 15 digits, and found by its ending", async () => {
    const callId = await seedCall(prisma, { from: `+${"8".repeat(1990)}4242424242` });
    assert.deepEqual(await ids(prisma, "424-242-4242"), [callId]);
    const [endings] = await prisma.$queryRaw<[{ count: number }]>`
      SELECT length(call_search_phone_vector(ARRAY["from"]))::int AS count FROM "Call" WHERE id = ${callId}::uuid`;
    assert.equal(endings.count, 9, "the endings of 7 to 15 digits");
  });

  test("deleting a call deletes its turns without trouble", async () => {
    const callId = await seedCall(prisma, { turns: ["Wrong number, sorry.", "No problem."] });
    await prisma.call.delete({ where: { id: callId } });
    assert.equal(await prisma.turn.count({ where: { callId } }), 0);
  });
});

describe("the call_search migration", () => {
  test("makes calls logged before it searchable", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "secretary-migrations-"));
    const pglite = await PGlite.create();
    try {
      const inTransaction: InTransaction = (work) =>
        pglite.transaction((tx) =>
          work({
            query: async <T>(sql: string, params?: unknown[]) => (await tx.query<T>(sql, params)).rows,
            exec: async (sql) => void (await tx.exec(sql)),
          }),
        );
      const names = readMigrations().map((migration) => migration.name);
      const searchIndex = names.findIndex((name) => name.endsWith("_call_search"));
      assert.ok(searchIndex > 0);
      const copy = (name: string) => cpSync(path.join(migrationsDir, name), path.join(dir, name), { recursive: true });
      names.slice(0, searchIndex).forEach(copy);
      await applyMigrations(inTransaction, dir);
      await pglite.exec(`
        INSERT INTO "Call" (id, "callSid", "from", "to", "updatedAt", summary)
        VALUES ('6f1c3a52-4c1e-4d5e-9a57-0c1b2d3e4f50', 'CA-old', '+15551234567', '+15559990000', now(), 'Asked about whitening.');
        INSERT INTO "Turn" (id, "callId", seq, role, text)
        VALUES (gen_random_uuid(), '6f1c3a52-4c1e-4d5e-9a57-0c1b2d3e4f50', 1, 'CALLER', 'Do you do veneers?');`);
      const searchMigration = names[searchIndex]!;
      copy(searchMigration);
      assert.deepEqual(await applyMigrations(inTransaction, dir), [searchMigration]);

      const { rows } = await pglite.query<{ id: string }>(
        `SELECT id FROM "Call" WHERE "searchVector" @@ websearch_to_tsquery('english', 'whitening veneers')
           AND "searchVector" @@ plainto_tsquery('simple', '1234567')`,
      );
      assert.deepEqual(rows, [{ id: "6f1c3a52-4c1e-4d5e-9a57-0c1b2d3e4f50" }]);
    } finally {
      await pglite.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("search performance", () => {
  test("word queries use the GIN index on a table of a few thousand calls", async (t) => {
    const testDatabase = await createTestDatabase();
    if (testDatabase.kind === "pglite") {
      t.skip("needs a PostgreSQL server (DATABASE_URL): the plan that matters is the production server's");
      return;
    }
    const database = await openDatabase({ databaseUrl: testDatabase.databaseUrl, pgliteDir: "unused" });
    try {
      const prisma = database.prisma;
      // Generated in SQL: a few thousand calls through Prisma one by one would dominate the suite's run time.
      await prisma.$executeRaw`
        INSERT INTO "Call" (id, "callSid", "from", "to", "updatedAt", summary, "callerName")
        SELECT gen_random_uuid(), 'CA-bulk-' || n, '+1555' || lpad(n::text, 7, '0'), '+15559990000', now(),
               (ARRAY['Booked a cleaning.', 'Asked about the bill.', 'Wants a callback about results.'])[1 + n % 3],
               'Caller ' || n
        FROM generate_series(1, 4000) AS n`;
      await prisma.$executeRaw`
        INSERT INTO "Turn" (id, "callId", seq, role, text)
        SELECT gen_random_uuid(), id, 1, 'CALLER', 'Hello, I am calling about my appointment and the invoice.' FROM "Call"`;
      const orthodontist = await seedCall(prisma, { turns: ["Is the orthodontist accepting new patients?"] });
      await prisma.$executeRaw`ANALYZE "Call"`;
      // At 4,000 rows scanning the table (or the newest-first index) is legitimately cheapest, so
      // those plans are switched off here to show the search's condition can use its GIN index; at
      // scale the planner picks it for rare words by itself (bench/search.ts).
      const explain = async (query: string) => {
        const [, plan] = await prisma.$transaction([
          prisma.$queryRaw`SELECT set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true)`,
          prisma.$queryRaw<{ "QUERY PLAN": string }[]>(
            Prisma.sql`EXPLAIN ${searchCallsSql(query, { limit: 20, offset: 0 })}`,
          ),
        ]);
        return plan.map((row) => row["QUERY PLAN"]).join("\n");
      };
      const plan = await explain("orthodontist");
      assert.match(plan, /Bitmap Index Scan on "Call_searchVector_idx"/, plan);
      assert.doesNotMatch(plan, /Seq Scan on "Call"/, plan);

      assert.deepEqual(await ids(prisma, "orthodontist"), [orthodontist]);
      const page = await searchCalls(prisma, "appointment", { limit: 100, offset: 0 });
      assert.equal(page.hits.length, 100);
      assert.equal(page.hasMore, true);
    } finally {
      await closeDatabase({ database, testDatabase });
    }
  });
});
