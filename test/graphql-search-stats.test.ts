import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import type { PrismaClient } from "@prisma/client";
import { SearchCallsDocument, StatsDocument } from "./generated/graphql.js";
import { ApiClient } from "./support/graphql-client.js";
import { startSecretary, type TestSecretary } from "./support/secretary.js";

interface SeedCall {
  from: string;
  startedAt: string;
  callerName?: string;
  intent?: string;
  urgency?: "LOW" | "NORMAL" | "HIGH" | "URGENT";
  summary?: string;
  durationSeconds?: number;
  turns: [role: "CALLER" | "ASSISTANT", text: string, firstTokenMs?: number][];
}

async function seed(prisma: PrismaClient, call: SeedCall): Promise<string> {
  const { turns, startedAt, ...fields } = call;
  const row = await prisma.call.create({
    data: {
      ...fields,
      callSid: `CA${randomUUID().replace(/-/g, "")}`,
      to: "+15550009999",
      status: "COMPLETED",
      startedAt: new Date(startedAt),
    },
  });
  for (const [index, [role, text, firstTokenMs]] of turns.entries()) {
    await prisma.turn.create({
      data: { id: randomUUID(), callId: row.id, seq: index + 1, role, text, firstTokenMs: firstTokenMs ?? null },
    });
  }
  return Buffer.from(`Call:${row.id}`).toString("base64");
}

describe("search and stats through the API", () => {
  let secretary: TestSecretary;
  let api: ApiClient;
  const ids: Record<string, string> = {};
  before(async () => {
    secretary = await startSecretary();
    api = new ApiClient(secretary.app.url, secretary.app.apiToken);
    const prisma = secretary.app.database.prisma;
    ids.maria = await seed(prisma, {
      from: "+15551234567",
      startedAt: "2026-05-04T10:00:00Z",
      callerName: "Maria Lopez",
      intent: "reschedule appointment",
      urgency: "NORMAL",
      summary: "Maria wants to reschedule her appointment to next week.",
      durationSeconds: 60,
      turns: [
        ["CALLER", "Hi, I need to reschedule my appointment on Thursday."],
        ["ASSISTANT", "Of course, I can take a message.", 400],
      ],
    });
    ids.tom = await seed(prisma, {
      from: "+15559876543",
      startedAt: "2026-05-04T15:00:00Z",
      callerName: "Tom Baker",
      intent: "billing question",
      urgency: "HIGH",
      durationSeconds: 120,
      turns: [
        ["CALLER", "I was billed twice. Also, my wife may need an appointment someday."],
        ["ASSISTANT", "I'm sorry about that.", 800],
      ],
    });
    ids.quiet = await seed(prisma, {
      from: "+15550001111",
      startedAt: "2026-05-06T09:00:00Z",
      intent: "opening hours",
      urgency: "LOW",
      durationSeconds: 30,
      turns: [
        ["CALLER", "What time do you open on Saturday?"],
        ["ASSISTANT", "We open at nine.", 200],
      ],
    });
  });
  after(async () => {
    await api.close();
    await secretary.dispose();
  });

  const search = async (query: string, first = 10) =>
    (await api.query(SearchCallsDocument, { query, first })).searchCalls.edges;

  test("stemming: 'rescheduling appointments' finds 'reschedule my appointment', best match first", async () => {
    const hits = await search("rescheduling appointments");
    assert.equal(hits[0]?.node.id, ids.maria);
    assert.match(hits[0]?.snippet ?? "", /\[\[reschedule\]\]/i);
    assert.ok(
      hits.every((hit) => hit.node.id !== ids.quiet),
      "no false hits",
    );
    const appointment = await search("appointment");
    assert.deepEqual(
      appointment.map((hit) => hit.node.id),
      [ids.maria, ids.tom],
      "a call about it ranks above a passing mention",
    );
    assert.ok(appointment[0]!.rank > appointment[1]!.rank);
  });

  test("phone numbers in any format, caller names, and nothing for unrelated words", async () => {
    for (const phone of ["555-123-4567", "(555) 123 4567", "+15551234567", "1234567"]) {
      assert.deepEqual(
        (await search(phone)).map((hit) => hit.node.id),
        [ids.maria],
        phone,
      );
    }
    assert.deepEqual(
      (await search("baker")).map((hit) => hit.node.id),
      [ids.tom],
    );
    assert.deepEqual(await search("xylophone"), []);
  });

  test("paginates, and refuses an empty query with a clear message", async () => {
    const page = await api.query(SearchCallsDocument, { query: "appointment", first: 1 });
    assert.equal(page.searchCalls.pageInfo.hasNextPage, true);
    const next = await api.query(SearchCallsDocument, {
      query: "appointment",
      first: 1,
      after: page.searchCalls.pageInfo.endCursor,
    });
    assert.deepEqual(
      next.searchCalls.edges.map((edge) => edge.node.id),
      [ids.tom],
    );
    const empty = await api.post(SearchCallsDocument, { query: "   " });
    assert.match(empty.body.errors?.[0]?.message ?? "", /search/i);
    assert.equal(empty.body.errors?.[0]?.extensions?.code, "BAD_USER_INPUT");
  });

  test("stats over a date range", async () => {
    const { stats } = await api.query(StatsDocument, { since: "2026-05-04T00:00:00Z", until: "2026-05-07T00:00:00Z" });
    assert.equal(stats.totalCalls, 3);
    assert.equal(stats.totalDurationSeconds, 210);
    assert.equal(stats.averageDurationSeconds, 70);
    assert.deepEqual(stats.callsPerDay, [
      { day: "2026-05-04", calls: 2 },
      { day: "2026-05-06", calls: 1 },
    ]);
    assert.equal(stats.topIntents.length, 3);
    assert.deepEqual(
      stats.urgencyCounts.map((entry) => [entry.urgency, entry.calls]),
      [
        ["LOW", 1],
        ["NORMAL", 1],
        ["HIGH", 1],
        ["URGENT", 0],
      ],
    );
    assert.equal(stats.firstTokenLatencyMs.p50, 400);
    assert.ok(stats.firstTokenLatencyMs.p95! > 700 && stats.firstTokenLatencyMs.p95! <= 800);
    const may5 = await api.query(StatsDocument, { since: "2026-05-05T00:00:00Z", until: "2026-05-06T00:00:00Z" });
    assert.equal(may5.stats.totalCalls, 0);
    assert.equal(may5.stats.averageDurationSeconds, null);
    assert.deepEqual(may5.stats.firstTokenLatencyMs, { p50: null, p95: null });
  });
});
