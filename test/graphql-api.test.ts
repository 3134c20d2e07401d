import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { parse, validate } from "graphql";
import { NetworkError } from "graphql-sse";
import { schema } from "../src/graphql/schema.js";
import { GRAPHIQL_DEFAULT_QUERY } from "../src/graphql/server.js";
import { placeCall } from "../src/simulator/simulated-call.js";
import {
  ActionItemPageDocument,
  ActionItemsDocument,
  CallDeletedDocument,
  CallDocument,
  CallerCallsDocument,
  CallersDocument,
  CallsDocument,
  CallUpdatedDocument,
  CompleteActionItemDocument,
  DeleteCallDocument,
  NodeDocument,
  ReanalyzeCallDocument,
  ReopenActionItemDocument,
  TranscriptDocument,
  UpdateCallNotesDocument,
} from "./generated/graphql.js";
import { ApiClient } from "./support/graphql-client.js";
import { startSecretary, type TestSecretary } from "./support/secretary.js";
import { eventually } from "./support/wait.js";

const globalId = (typename: string, id: string) => Buffer.from(`${typename}:${id}`).toString("base64");

const analysis = (
  summary: string,
  intent: string,
  urgency: string,
  callerName: string | null,
  actionItems: string[],
) => ({
  toolUse: { name: "record_call_analysis", input: { summary, intent, urgency, callerName, actionItems } },
});

describe("the owner's GraphQL API", () => {
  let secretary: TestSecretary;
  let api: ApiClient;
  before(async () => {
    secretary = await startSecretary();
    api = new ApiClient(secretary.app.url, secretary.app.apiToken);
  });
  after(async () => {
    await api.close();
    await secretary.dispose();
  });

  test("a live call appears on callUpdated (graphql-ws), streams on transcript (SSE and graphql-ws), whose subscriptions complete when the caller hangs up", async () => {
    const { anthropic } = secretary;
    anthropic.respondWith(() =>
      analysis("Ana asked about whitening prices.", "pricing question", "LOW", "Ana Silva", []),
    );
    const feed = api.ws(CallUpdatedDocument);
    // graphql-ws connects lazily; give the subscription a moment to be registered.
    await new Promise((resolve) => setTimeout(resolve, 200));

    const call = await placeCall({ ...secretary.simulator, from: "+15551110001" });
    const started = await feed.waitFor(
      "the call starting",
      (event) => event.data?.callUpdated.callSid === call.callSid,
    );
    assert.equal(started.data?.callUpdated.status, "IN_PROGRESS");
    const callId = started.data!.callUpdated.id;

    const transcript = api.sse(TranscriptDocument, { callId });
    assert.equal(await transcript.status, 200);
    const transcriptOverWs = api.ws(TranscriptDocument, { callId });
    await new Promise((resolve) => setTimeout(resolve, 200));
    anthropic.enqueue({
      text: "Whitening starts at two hundred dollars, and I can take a message for a booking.",
      chunks: ["Whitening starts", " at two hundred", " dollars, and I can", " take a message", " for a booking."],
      tokenDelayMs: 60,
    });
    await call.say("Hi, this is Ana Silva, how much is whitening?");

    const callerTurn = await transcript.waitFor(
      "the caller's turn",
      (event) => event.data?.transcript.role === "CALLER",
    );
    assert.deepEqual(callerTurn.data?.transcript, {
      turnId: callerTurn.data?.transcript.turnId,
      role: "CALLER",
      text: "Hi, this is Ana Silva, how much is whitening?",
      delta: "Hi, this is Ana Silva, how much is whitening?",
      final: true,
      interrupted: false,
    });
    const final = await transcript.waitFor(
      "the assistant's final event",
      (event) => event.data?.transcript.role === "ASSISTANT" && event.data.transcript.final,
    );
    const reply = "Whitening starts at two hundred dollars, and I can take a message for a booking.";
    assert.equal(final.data?.transcript.text, reply);
    const streamed = transcript.events
      .map((event) => event.data!.transcript)
      .filter((event) => event.role === "ASSISTANT" && !event.final);
    assert.ok(streamed.length >= 2, "the reply streams in several events");
    assert.equal(streamed.map((event) => event.delta).join(""), reply, "the deltas add up to the reply");
    assert.ok(
      streamed.every(
        (event, i) => reply.startsWith(event.text) && (i === 0 || event.text.length > streamed[i - 1]!.text.length),
      ),
    );
    const finalOverWs = await transcriptOverWs.waitFor(
      "the final reply over graphql-ws",
      (event) => event.data?.transcript.role === "ASSISTANT" && event.data.transcript.final,
    );
    assert.equal(finalOverWs.data?.transcript.text, reply);
    assert.equal(
      transcript.completed || transcriptOverWs.completed,
      false,
      "the call goes on, and so do its transcripts",
    );

    await call.hangUp({ duration: 20 });
    await Promise.all([transcript.completion(), transcriptOverWs.completion()]);
    assert.deepEqual([...transcript.errors, ...transcriptOverWs.errors], []);
    const analysed = await feed.waitFor(
      "the analysis landing",
      (event) => event.data?.callUpdated.callSid === call.callSid && event.data.callUpdated.analysisState === "DONE",
    );
    assert.equal(analysed.data?.callUpdated.summary, "Ana asked about whitening prices.");
    assert.ok(
      feed.events.some(
        (event) => event.data?.callUpdated.callSid === call.callSid && event.data.callUpdated.status === "COMPLETED",
      ),
    );
    assert.equal(feed.completed, false, "callUpdated follows every call and never completes");
    feed.close();

    const { call: stored } = await api.query(CallDocument, { callId });
    assert.equal(stored?.callerName, "Ana Silva");
    assert.deepEqual(
      stored?.turns.map((turn) => turn.role),
      ["ASSISTANT", "CALLER", "ASSISTANT"],
    );
    assert.equal(stored?.turns[2]?.text, reply);
    assert.equal(stored?.caller?.phone, "+15551110001");
    const { node } = await api.query(NodeDocument, { id: callId });
    assert.deepEqual(node, { id: callId, callSid: call.callSid });
  });

  test("a transcript outlives a dropped connection: the resumed session streams on it, and it completes at the hang-up", async () => {
    const { anthropic } = secretary;
    anthropic.enqueue({ text: "Sure, what's the new date?" }, { text: "The fifth it is." });
    const call = await placeCall({ ...secretary.simulator, from: "+15551110002" });
    const row = await eventually("the call record", () =>
      secretary.app.database.prisma.call.findUnique({ where: { callSid: call.callSid } }),
    );
    const transcript = api.ws(TranscriptDocument, { callId: globalId("Call", row.id) });
    await new Promise((resolve) => setTimeout(resolve, 200));

    await call.say("I want to move my appointment.");
    await call.dropConnection();
    await eventually("the drop recorded", () =>
      secretary.app.database.prisma.call.findFirst({ where: { id: row.id, sessionCount: 2 } }),
    );
    assert.equal(await call.say("The fifth, please."), "The fifth it is.");
    await transcript.waitFor(
      "the resumed session's reply",
      (event) => event.data?.transcript.text === "The fifth it is." && event.data.transcript.final,
    );
    assert.equal(transcript.completed, false);

    await call.hangUp();
    await transcript.completion();
    assert.deepEqual(transcript.errors, []);
  });

  test("a transcript of a call already over completes at once; of a call that does not exist, it is an error", async () => {
    const prisma = secretary.app.database.prisma;
    const over = await prisma.call.create({
      data: {
        callSid: "CA-over",
        from: "+15557770000",
        to: "+15550009999",
        status: "COMPLETED",
        endedAt: new Date(),
        endReason: "CALLER_HUNG_UP",
      },
    });
    const missing = globalId("Call", randomUUID());
    for (const subscribe of [api.ws.bind(api), api.sse.bind(api)] as const) {
      const finished = subscribe(TranscriptDocument, { callId: globalId("Call", over.id) });
      await finished.completion();
      assert.deepEqual([finished.events, finished.errors], [[], []]);

      const nowhere = subscribe(TranscriptDocument, { callId: missing });
      const refusal = await nowhere.waitFor("the refusal", (event) => Boolean(event.errors?.length));
      assert.equal(refusal.errors?.[0]?.extensions?.code, "NOT_FOUND");
      assert.match(refusal.errors?.[0]?.message ?? "", /No such call/);
      assert.equal(refusal.data ?? null, null);
      await nowhere.completion();

      const malformed = subscribe(TranscriptDocument, { callId: "not-an-id" });
      const bad = await malformed.waitFor("the refusal", (event) => Boolean(event.errors?.length));
      assert.equal(bad.errors?.[0]?.extensions?.code, "BAD_USER_INPUT");
    }
  });

  test("graphql-sse in single-connection mode: a live call's events, its transcript and a query share one event stream", async () => {
    const { anthropic } = secretary;
    anthropic.respondWith(() => analysis("Bo asked for a callback.", "callback request", "NORMAL", "Bo", []));
    const browser = new ApiClient(secretary.app.url, secretary.app.apiToken);
    const feed = browser.sseSingleConnection(CallUpdatedDocument);
    await eventually("the event stream open", async () => browser.sseConnections === 1);

    const call = await placeCall({ ...secretary.simulator, from: "+15551110003" });
    const started = await feed.waitFor(
      "the call starting",
      (event) => event.data?.callUpdated.callSid === call.callSid,
    );
    const callId = started.data!.callUpdated.id;
    const transcript = browser.sseSingleConnection(TranscriptDocument, { callId });
    await new Promise((resolve) => setTimeout(resolve, 200));
    anthropic.enqueue({
      text: "I'll ask her to call you back.",
      chunks: ["I'll ask her", " to call you back."],
      tokenDelayMs: 40,
    });
    await call.say("Please have Dr. Reyes call me back.");
    await transcript.waitFor(
      "the caller's turn",
      (event) => event.data?.transcript.text === "Please have Dr. Reyes call me back.",
    );
    await transcript.waitFor(
      "the reply",
      (event) => event.data?.transcript.text === "I'll ask her to call you back." && event.data.transcript.final,
    );

    await call.hangUp();
    await transcript.completion();
    await feed.waitFor(
      "the analysis landing",
      (event) => event.data?.callUpdated.callSid === call.callSid && event.data.callUpdated.analysisState === "DONE",
    );
    const query = browser.sseSingleConnection(CallDocument, { callId });
    await query.completion();
    assert.equal(query.events[0]?.data?.call?.summary, "Bo asked for a callback.");
    const missing = browser.sseSingleConnection(UpdateCallNotesDocument, {
      input: { callId: globalId("Call", randomUUID()), notes: "x" },
    });
    await missing.completion();
    assert.equal(
      missing.events[0]?.errors?.[0]?.extensions?.code,
      "NOT_FOUND",
      "errors are reported as on the other transports",
    );
    assert.equal(browser.sseConnections, 1, "one connection carried every operation");
    assert.deepEqual([...feed.errors, ...transcript.errors, ...query.errors], []);
    feed.close();
    await browser.close();
  });

  test("calls: newest first, paginated, filtered", async () => {
    const prisma = secretary.app.database.prisma;
    const base = Date.parse("2026-03-01T12:00:00Z");
    for (let i = 0; i < 5; i++) {
      await prisma.call.create({
        data: {
          callSid: `CA-list-${i}`,
          from: i % 2 === 0 ? "+15552220000" : "+15553330000",
          to: "+15550009999",
          status: i === 4 ? "NO_ANSWER" : "COMPLETED",
          startedAt: new Date(base + i * 3_600_000),
          intent: i < 2 ? "Reschedule appointment" : "billing question",
          urgency: i === 3 ? "URGENT" : "NORMAL",
        },
      });
    }
    const window = { since: "2026-03-01T00:00:00Z", until: "2026-03-02T00:00:00Z" };
    const firstPage = await api.query(CallsDocument, { first: 2, filter: window });
    assert.equal(firstPage.calls.totalCount, 5);
    assert.deepEqual(
      firstPage.calls.edges.map((edge) => edge.node.startedAt),
      ["2026-03-01T16:00:00.000Z", "2026-03-01T15:00:00.000Z"],
    );
    assert.equal(firstPage.calls.pageInfo.hasNextPage, true);
    const secondPage = await api.query(CallsDocument, {
      first: 2,
      after: firstPage.calls.pageInfo.endCursor,
      filter: window,
    });
    assert.deepEqual(
      secondPage.calls.edges.map((edge) => edge.node.startedAt),
      ["2026-03-01T14:00:00.000Z", "2026-03-01T13:00:00.000Z"],
    );
    const lastPage = await api.query(CallsDocument, {
      first: 2,
      after: secondPage.calls.pageInfo.endCursor,
      filter: window,
    });
    assert.deepEqual(
      lastPage.calls.edges.map((edge) => edge.node.startedAt),
      ["2026-03-01T12:00:00.000Z"],
    );
    assert.equal(lastPage.calls.pageInfo.hasNextPage, false);

    const count = async (filter: Record<string, unknown>) => {
      const { calls } = await api.query(CallsDocument, { first: 1, filter: { ...window, ...filter } });
      const all = await api.query(CallsDocument, { first: 50, filter: { ...window, ...filter } });
      assert.equal(
        calls.totalCount,
        all.calls.edges.length,
        `totalCount counts what the filter ${JSON.stringify(filter)} lets through`,
      );
      return calls.totalCount;
    };
    assert.equal(await count({ phone: "(555) 222-0000" }), 3);
    assert.equal(await count({ phone: "+15550009999" }), 5, "the called number matches too");
    assert.equal(await count({ status: ["NO_ANSWER"] }), 1);
    assert.equal(await count({ urgency: ["URGENT", "HIGH"] }), 1);
    assert.equal(await count({ intent: "reschedule APPOINTMENT" }), 2);
    assert.equal(await count({ since: "2026-03-01T14:00:00Z" }), 3);
  });

  test("calls and searchCalls: a page shows every field of a call as the call itself does, whichever fields a query asks for and however", async () => {
    const prisma = secretary.app.database.prisma;
    const from = "+15554440101";
    const caller = await prisma.caller.create({ data: { phone: from, name: "Rosa Diaz", callCount: 1 } });
    const call = await prisma.call.create({
      data: {
        callSid: "CA-every-field",
        from,
        to: "+15550009999",
        callerId: caller.id,
        status: "COMPLETED",
        startedAt: new Date("2026-04-02T09:00:00Z"),
        endedAt: new Date("2026-04-02T09:03:20Z"),
        durationSeconds: 200,
        callerName: "Rosa Diaz",
        summary: "Rosa wants a cleaning next week.",
        intent: "book cleaning",
        urgency: "HIGH",
        notes: "Prefers mornings.",
        handledBy: "OFFLINE",
        endReason: "CALLER_HUNG_UP",
        stirVerstat: "TN-Validation-Passed-A",
        afterHours: true,
        spam: false,
        analysisState: "FAILED",
        analysisError: "the analysis timed out",
        analyzedAt: new Date("2026-04-02T09:04:00Z"),
        turns: { create: [{ id: randomUUID(), seq: 0, role: "CALLER", text: "I'd like a cleaning." }] },
        actionItems: { create: [{ description: "Book Rosa a cleaning" }] },
      },
    });
    await prisma.callerRule.create({ data: { phone: from, kind: "VIP" } });
    await prisma.callRecording.create({
      data: { recordingSid: "RE-every-field", callSid: call.callSid, status: "completed", durationSeconds: 198 },
    });
    const fields = [
      "id",
      "callSid",
      "from",
      "to",
      "status",
      "startedAt",
      "endedAt",
      "durationSeconds",
      "callerName",
      "summary",
      "intent",
      "urgency",
      "notes",
      "handledBy",
      "stirVerstat",
      "afterHours",
      "spam",
      "endReason",
      "analysisState",
      "analysisError",
      "analyzedAt",
      "callerRule { kind }",
      "caller { id name callCount }",
      "turns { seq text }",
      "actionItems { description }",
      "recording { durationSeconds url }",
    ];
    type Page = { edges: { node: unknown }[] };
    // A selection under `edges`, for an edge type (CallEdge or CallSearchEdge).
    type EdgeSelection = (edgeType: string) => string;
    const asked = async (nodeSelection: EdgeSelection, callSelection: string, fragments = "") => {
      const { status, body } = await api.post<{ call: unknown; calls: Page; searchCalls: Page }, unknown>(
        `query ($callId: ID!, $filter: CallFilter, $phone: String!) {
          call(callId: $callId) { ${callSelection} }
          calls(first: 5, filter: $filter) { edges { ${nodeSelection("CallEdge")} } }
          searchCalls(query: $phone, first: 5) { edges { ${nodeSelection("CallSearchEdge")} } }
        } ${fragments}`,
        { callId: globalId("Call", call.id), filter: { phone: from }, phone: from },
      );
      assert.equal(status, 200, JSON.stringify(body.errors));
      assert.equal(body.errors, undefined);
      assert.ok(body.data);
      assert.equal(body.data.calls.edges.length, 1, "the filter keeps this one call");
      assert.equal(body.data.searchCalls.edges.length, 1, "the search by number finds this one call");
      return {
        listed: body.data.calls.edges[0]?.node,
        found: body.data.searchCalls.edges[0]?.node,
        alone: body.data.call,
      };
    };
    const everyField = `fragment EveryField on Call { ${fields.join(" ")} }`;
    const whole = await asked(() => "node { ...EveryField }", "...EveryField", everyField);
    assert.deepEqual(whole.listed, whole.alone);
    assert.deepEqual(whole.found, whole.alone);
    assert.equal((whole.listed as { summary: string }).summary, "Rosa wants a cleaning next week.");
    assert.equal((whole.listed as { analyzedAt: string }).analyzedAt, "2026-04-02T09:04:00.000Z");
    // Each field on its own: under an alias, in inline fragments beside __typename, in a fragment on the Node interface.
    const ways: ((field: string) => [EdgeSelection, string?])[] = [
      (field) => [() => `node { picked: ${field} }`],
      (field) => [(edgeType) => `... on ${edgeType} { node { __typename ... on Call { picked: ${field} } } }`],
      (field) => [() => "node { ...Picked }", `fragment Picked on Node { ... on Call { picked: ${field} } }`],
    ];
    for (const field of fields)
      for (const way of ways) {
        const [nodeSelection, fragments] = way(field);
        const { listed, found, alone } = await asked(nodeSelection, `picked: ${field}`, fragments);
        const picked = (node: unknown) => (node as { picked: unknown }).picked;
        const how = `${field}, asked as ${nodeSelection("CallEdge")} ${fragments ?? ""}`;
        assert.deepEqual(picked(listed), picked(alone), `calls: ${how}`);
        assert.deepEqual(picked(found), picked(alone), `searchCalls: ${how}`);
      }
    // The other tests count action items, callers and rules: this call leaves none behind.
    await prisma.call.delete({ where: { id: call.id } });
    await prisma.caller.delete({ where: { id: caller.id } });
    await prisma.callerRule.delete({ where: { phone: from } });
    await prisma.callRecording.delete({ where: { recordingSid: "RE-every-field" } });
  });

  test("calls: totalCount stays exact through every kind of write, and pages read the same backwards", async () => {
    const prisma = secretary.app.database.prisma;
    const filters: Record<string, unknown>[] = [
      {},
      { status: ["COMPLETED"] },
      { status: ["BUSY", "FAILED"] },
      { urgency: ["URGENT"] },
      { spam: true },
      { afterHours: false, urgency: ["LOW", "URGENT"] },
    ];
    const where = (filter: Record<string, unknown>) => ({
      ...(filter.status ? { status: { in: filter.status as never[] } } : {}),
      ...(filter.urgency ? { urgency: { in: filter.urgency as never[] } } : {}),
      ...(typeof filter.spam === "boolean" ? { spam: filter.spam } : {}),
      ...(typeof filter.afterHours === "boolean" ? { afterHours: filter.afterHours } : {}),
    });
    const agree = async (after: string) => {
      for (const filter of filters) {
        const { calls } = await api.query(CallsDocument, { first: 1, filter });
        assert.equal(
          calls.totalCount,
          await prisma.call.count({ where: where(filter) }),
          `${after}: ${JSON.stringify(filter)}`,
        );
      }
    };
    await agree("before");
    const made = [];
    for (let i = 0; i < 4; i++)
      made.push(
        await prisma.call.create({
          data: { callSid: `CA-tally-${i}`, from: "+15554440000", to: "+15550009999", status: "IN_PROGRESS" },
        }),
      );
    await agree("calls created");
    const [first, second, third, fourth] = made.map((call) => call.id) as [string, string, string, string];
    await prisma.call.update({ where: { id: first }, data: { status: "COMPLETED", urgency: "URGENT" } });
    await prisma.call.update({ where: { id: second }, data: { status: "BUSY", spam: true } });
    // Two calls moving opposite ways in one transaction, and one moving twice.
    await prisma.$transaction([
      prisma.call.update({ where: { id: first }, data: { status: "FAILED" } }),
      prisma.call.update({ where: { id: third }, data: { status: "COMPLETED", urgency: "LOW" } }),
      prisma.call.update({ where: { id: third }, data: { urgency: "URGENT" } }),
    ]);
    await agree("calls changed");
    await assert.rejects(
      prisma.$transaction(async (tx) => {
        await tx.call.create({ data: { callSid: "CA-tally-undone", from: "+15554440000", to: "+15550009999" } });
        await tx.call.update({ where: { id: fourth }, data: { status: "COMPLETED" } });
        throw new Error("rolled back");
      }),
    );
    await agree("a transaction rolled back");
    await api.query(DeleteCallDocument, { input: { callId: globalId("Call", second) } });
    await prisma.call.deleteMany({ where: { id: { in: [first, third] } } });
    await agree("calls deleted");

    // Every call once, backwards from the oldest page as forwards from the newest.
    const forwards: string[] = [];
    let after: string | null | undefined;
    for (let hasNext = true; hasNext; ) {
      const { calls } = await api.query(CallsDocument, { first: 3, after });
      forwards.push(...calls.edges.map((edge) => edge.node.id));
      ({ hasNextPage: hasNext, endCursor: after } = calls.pageInfo);
    }
    const backwards: string[] = [];
    let before: string | null | undefined;
    for (let hasPrevious = true; hasPrevious; ) {
      const { calls } = await api.query(CallsDocument, { last: 3, before });
      backwards.unshift(...calls.edges.map((edge) => edge.node.id));
      ({ hasPreviousPage: hasPrevious, startCursor: before } = calls.pageInfo);
    }
    assert.equal(forwards.length, await prisma.call.count());
    assert.deepEqual(backwards, forwards);
  });

  test("a caller's calls: the same CallConnection, with that caller's totalCount, paginated", async () => {
    const prisma = secretary.app.database.prisma;
    const caller = await prisma.caller.create({ data: { phone: "+15558880000", callCount: 3 } });
    const other = await prisma.caller.create({ data: { phone: "+15558880001", callCount: 1 } });
    const base = Date.parse("2026-04-01T12:00:00Z");
    for (let i = 0; i < 3; i++) {
      await prisma.call.create({
        data: {
          callSid: `CA-caller-${i}`,
          from: caller.phone,
          to: "+15550009999",
          callerId: caller.id,
          startedAt: new Date(base + i * 60_000),
        },
      });
    }
    await prisma.call.create({
      data: { callSid: "CA-caller-other", from: other.phone, to: "+15550009999", callerId: other.id },
    });

    const first = await api.query(CallerCallsDocument, { callerId: globalId("Caller", caller.id), first: 2 });
    assert.ok(first.node && "calls" in first.node);
    assert.equal(first.node.calls.totalCount, 3, "only this caller's calls, over all pages");
    assert.deepEqual(
      first.node.calls.edges.map((edge) => edge.node.startedAt),
      ["2026-04-01T12:02:00.000Z", "2026-04-01T12:01:00.000Z"],
    );
    assert.equal(first.node.calls.pageInfo.hasNextPage, true);
    const rest = await api.query(CallerCallsDocument, {
      callerId: globalId("Caller", caller.id),
      first: 2,
      after: first.node.calls.pageInfo.endCursor,
    });
    assert.ok(rest.node && "calls" in rest.node);
    assert.deepEqual(
      rest.node.calls.edges.map((edge) => edge.node.startedAt),
      ["2026-04-01T12:00:00.000Z"],
    );
    assert.equal(rest.node.calls.totalCount, 3);

    const callers = await api.query(CallersDocument, { first: 100 });
    assert.equal(callers.callers.totalCount, await prisma.caller.count());
    const listed = callers.callers.edges.find((edge) => edge.node.phone === caller.phone);
    assert.equal(listed?.node.calls.totalCount, 3);
    const page = await api.query(CallersDocument, { first: 1 });
    assert.equal(page.callers.edges.length, 1);
    assert.equal(page.callers.totalCount, callers.callers.totalCount, "totalCount is over all pages");
  });

  test("action items: the to-do list, completed and reopened", async () => {
    const prisma = secretary.app.database.prisma;
    const call = await prisma.call.create({ data: { callSid: "CA-items", from: "+15554440000", to: "+15550009999" } });
    await prisma.actionItem.createMany({
      data: [
        { callId: call.id, description: "Call back about the invoice", source: "ANALYSIS" },
        { callId: call.id, description: "Send the new patient form", source: "CALL" },
      ],
    });
    const open = await api.query(ActionItemsDocument, { done: false });
    assert.equal(open.actionItems.totalCount, 2);
    const item = open.actionItems.edges.find((edge) => edge.node.description === "Call back about the invoice")!.node;
    const completed = await api.query(CompleteActionItemDocument, { input: { actionItemId: item.id } });
    assert.equal(completed.completeActionItem.actionItem.id, item.id);
    assert.equal(completed.completeActionItem.actionItem.done, true);
    assert.ok(completed.completeActionItem.actionItem.doneAt);
    const done = await api.query(ActionItemsDocument, { done: true });
    assert.deepEqual(
      done.actionItems.edges.map((edge) => edge.node.id),
      [item.id],
    );
    assert.equal(done.actionItems.totalCount, 1);
    assert.equal((await api.query(ActionItemsDocument, { done: false })).actionItems.totalCount, 1);
    assert.equal((await api.query(ActionItemsDocument, {})).actionItems.totalCount, 2);
    const reopened = await api.query(ReopenActionItemDocument, { input: { actionItemId: item.id } });
    assert.deepEqual(reopened.reopenActionItem.actionItem, { id: item.id, done: false, doneAt: null });
    const wrongType = await api.post(CompleteActionItemDocument, {
      input: { actionItemId: globalId("Call", call.id) },
    });
    assert.match(wrongType.body.errors?.[0]?.message ?? "", /Not a ActionItem ID/);
    assert.equal(wrongType.body.errors?.[0]?.extensions?.code, "BAD_USER_INPUT");
    const gone = await api.post(CompleteActionItemDocument, {
      input: { actionItemId: globalId("ActionItem", randomUUID()) },
    });
    assert.equal(gone.body.errors?.[0]?.extensions?.code, "NOT_FOUND");
  });

  test("action items, most urgent first: by their call's urgency then newest, paged both ways without a gap or a repeat", async () => {
    const prisma = secretary.app.database.prisma;
    const at = (minute: number) => new Date(Date.UTC(2026, 4, 1, 9, minute));
    const callWith = async (urgency: "LOW" | "NORMAL" | "HIGH" | "URGENT" | null) =>
      (
        await prisma.call.create({
          data: { callSid: `CA-order-${urgency}`, from: "+15552220000", to: "+15550009999", urgency },
        })
      ).id;
    const [low, none, urgent, normal, high] = [
      await callWith("LOW"),
      await callWith(null),
      await callWith("URGENT"),
      await callWith("NORMAL"),
      await callWith("HIGH"),
    ];
    // Created out of order, and two of the urgent call's items at the same instant (their ids decide).
    await prisma.actionItem.createMany({
      data: [
        { callId: low, description: "order: low, newest", createdAt: at(50) },
        { callId: none, description: "order: no urgency", createdAt: at(59) },
        { callId: urgent, description: "order: urgent, older", createdAt: at(1) },
        { callId: normal, description: "order: normal", createdAt: at(30) },
        {
          id: "00000000-0000-4000-8000-0000000000b2",
          callId: urgent,
          description: "order: urgent, tie b",
          createdAt: at(20),
        },
        {
          id: "00000000-0000-4000-8000-0000000000a1",
          callId: urgent,
          description: "order: urgent, tie a",
          createdAt: at(20),
        },
        { callId: high, description: "order: high", createdAt: at(10) },
        { callId: low, description: "order: low, older", createdAt: at(5) },
        { callId: high, description: "order: high, done", createdAt: at(11), done: true, doneAt: at(12) },
      ],
    });
    const mostUrgent = [
      "order: urgent, tie b",
      "order: urgent, tie a",
      "order: urgent, older",
      "order: high",
      "order: normal",
      "order: low, newest",
      "order: low, older",
      "order: no urgency",
    ];
    const ours = (descriptions: string[]) => descriptions.filter((description) => description.startsWith("order: "));

    // Forward, two at a time: the pages join up into the whole list, in order.
    const forward: string[] = [];
    let after: string | null | undefined;
    let totalCount = 0;
    for (;;) {
      const page = await api.query(ActionItemPageDocument, { done: false, orderBy: "MOST_URGENT", first: 2, after });
      forward.push(...page.actionItems.edges.map((edge) => edge.node.description));
      totalCount = page.actionItems.totalCount;
      if (!page.actionItems.pageInfo.hasNextPage) break;
      after = page.actionItems.pageInfo.endCursor;
    }
    assert.deepEqual(ours(forward), mostUrgent);
    assert.equal(forward.length, totalCount, "every open item once, on some page");
    assert.equal(new Set(forward).size, forward.length, "no item on two pages");

    // Backward from the end, two at a time: the same list.
    const backward: string[] = [];
    let before: string | null | undefined;
    for (;;) {
      const page = await api.query(ActionItemPageDocument, { done: false, orderBy: "MOST_URGENT", last: 2, before });
      backward.unshift(...page.actionItems.edges.map((edge) => edge.node.description));
      if (!page.actionItems.pageInfo.hasPreviousPage) break;
      before = page.actionItems.pageInfo.startCursor;
    }
    assert.deepEqual(backward, forward);

    const urgencies = await api.query(ActionItemPageDocument, { done: false, orderBy: "MOST_URGENT", first: 3 });
    assert.deepEqual(
      urgencies.actionItems.edges.map((edge) => edge.node.call.urgency),
      ["URGENT", "URGENT", "URGENT"],
    );

    // Without orderBy, newest first as before.
    const newest = await api.query(ActionItemPageDocument, { done: false, first: 100 });
    assert.deepEqual(ours(newest.actionItems.edges.map((edge) => edge.node.description)), [
      "order: no urgency",
      "order: low, newest",
      "order: normal",
      "order: urgent, tie b",
      "order: urgent, tie a",
      "order: high",
      "order: low, older",
      "order: urgent, older",
    ]);
  });

  test("notes, re-analysis and erasure", async () => {
    const { anthropic } = secretary;
    const prisma = secretary.app.database.prisma;
    anthropic.enqueue({ text: "I'll pass that on." });
    anthropic.respondWith(() => analysis("First take.", "message", "NORMAL", "Leo Park", ["Call Leo back"]));
    const call = await placeCall({ ...secretary.simulator, from: "+15556660000" });
    await call.say("This is Leo Park, please have the doctor call me.");
    await call.hangUp();
    const row = await eventually("analysed", () =>
      prisma.call.findFirst({ where: { callSid: call.callSid, analysisState: "DONE" } }),
    );
    const callId = globalId("Call", row.id);
    const feed = api.ws(CallUpdatedDocument);

    const noted = await api.query(UpdateCallNotesDocument, { input: { callId, notes: "  Prefers mornings  " } });
    assert.deepEqual(noted.updateCallNotes.call, { id: callId, notes: "Prefers mornings" });
    // The owner's edit is announced. graphql-ws does not say when a subscription starts listening, so
    // the same edit is made again until the feed has one: from then on it misses nothing.
    await eventually("the notes edit on the feed", async () => {
      if (feed.events.some((event) => event.data?.callUpdated.id === callId)) return true;
      await api.query(UpdateCallNotesDocument, { input: { callId, notes: "Prefers mornings" } });
      return false;
    });

    // Another call's analysis, slow to answer, keeps the worker busy: the re-analysis waits its turn.
    anthropic.respondWith((body) =>
      JSON.stringify(body.messages).includes("Mia Chen")
        ? { ...analysis("Mia called.", "message", "LOW", "Mia Chen", []), ttftMs: 1500 }
        : analysis("Second take.", "callback request", "HIGH", "Leo Park", ["Call Leo back before noon"]),
    );
    anthropic.enqueue({ text: "I'll tell her." });
    const other = await placeCall({ ...secretary.simulator, from: "+15556660001" });
    await other.say("This is Mia Chen, just saying hello.");
    await other.hangUp();
    await eventually("the other call's analysis under way", async () =>
      anthropic.requests.some(
        (request) => request.body.tool_choice?.type === "tool" && JSON.stringify(request.body).includes("Mia Chen"),
      ),
    );
    const rerun = await api.query(ReanalyzeCallDocument, { input: { callId } });
    assert.equal(rerun.reanalyzeCall.call.id, callId);
    assert.equal(rerun.reanalyzeCall.call.analysisState, "PENDING");
    const redone = await eventually("re-analysed", () =>
      prisma.call.findFirst({
        where: { id: row.id, analysisState: "DONE", summary: "Second take." },
        include: { actionItems: true },
      }),
    );
    assert.equal(redone.urgency, "HIGH");
    await feed.waitFor("the re-analysis landing", (event) => event.data?.callUpdated.summary === "Second take.");
    const states = feed.events.flatMap((event) =>
      event.data?.callUpdated.id === callId
        ? [`${event.data.callUpdated.analysisState} ${event.data.callUpdated.summary}`]
        : [],
    );
    // Claimed once the worker is free: announced then, not only when it lands.
    const running = states.indexOf("RUNNING First take.");
    assert.ok(running >= 0, `the analysis under way is announced: ${states.join(", ")}`);
    assert.ok(running < states.indexOf("DONE Second take."), `then its landing: ${states.join(", ")}`);
    feed.close();
    assert.deepEqual(
      redone.actionItems.filter((item) => item.source === "ANALYSIS").map((item) => item.description),
      ["Call Leo back before noon"],
    );

    const callers = await api.query(CallersDocument);
    assert.ok(callers.callers.edges.some((edge) => edge.node.phone === "+15556660000"));
    const deletions = api.ws(CallDeletedDocument);
    // graphql-ws connects lazily; give the subscription a moment to be registered.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const erased = await api.query(DeleteCallDocument, { input: { callId } });
    assert.equal(erased.deleteCall.deletedCallId, callId);
    await deletions.waitFor("the erasure on callDeleted", (event) => event.data?.callDeleted === callId);
    assert.equal(await prisma.call.count({ where: { id: row.id } }), 0);
    assert.equal(await prisma.turn.count({ where: { callId: row.id } }), 0);
    assert.equal(await prisma.actionItem.count({ where: { callId: row.id } }), 0);
    assert.equal(
      await prisma.caller.count({ where: { phone: "+15556660000" } }),
      0,
      "a caller with no calls left is erased too",
    );
    const { call: gone } = await api.query(CallDocument, { callId });
    assert.equal(gone, null);
    for (const { body } of [
      await api.post(DeleteCallDocument, { input: { callId } }),
      await api.post(UpdateCallNotesDocument, { input: { callId, notes: "too late" } }),
      await api.post(ReanalyzeCallDocument, { input: { callId } }),
    ]) {
      assert.match(body.errors?.[0]?.message ?? "", /No such call/);
      assert.equal(body.errors?.[0]?.extensions?.code, "NOT_FOUND");
    }
    const malformed = await api.post(UpdateCallNotesDocument, { input: { callId: "not-an-id", notes: "x" } });
    assert.equal(malformed.body.errors?.[0]?.extensions?.code, "BAD_USER_INPUT");
    assert.match(malformed.body.errors?.[0]?.message ?? "", /Not a Call ID/);
  });
});

describe("access to the API", () => {
  let secretary: TestSecretary;
  before(async () => {
    secretary = await startSecretary();
  });
  after(() => secretary.dispose());

  test("nothing is served without the token: 401 on HTTP, SSE and graphql-sse, 4401 on graphql-ws", async () => {
    for (const token of [undefined, "wrong-token-wrong-token"]) {
      const client = new ApiClient(secretary.app.url, token);
      const http = await client.post(CallsDocument, { first: 1 });
      assert.equal(http.status, 401);
      assert.match(http.body.errors?.[0]?.message ?? "", /API token/);
      const get = await fetch(
        `${secretary.app.url}/graphql?query=${encodeURIComponent("{ calls(first: 1) { totalCount } }")}`,
        {
          headers: token ? { authorization: `Bearer ${token}` } : {},
        },
      );
      assert.equal(get.status, 401);
      const sse = client.sse(CallUpdatedDocument);
      assert.equal(await sse.status, 401);
      const ws = client.ws(CallUpdatedDocument);
      assert.equal(await ws.closeCode, 4401);
      const single = client.sseSingleConnection(CallUpdatedDocument);
      await eventually("graphql-sse refusal", async () => single.errors.length > 0);
      const refusal = single.errors[0];
      assert.ok(refusal instanceof NetworkError, String(refusal));
      assert.equal(refusal.response?.status, 401);
      assert.equal(single.events.length, 0);
      for (const method of ["PUT", "GET", "POST", "DELETE"]) {
        const raw = await fetch(`${secretary.app.url}/graphql/stream`, {
          method,
          headers: {
            accept: method === "GET" ? "text/html" : "*/*",
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
        });
        assert.equal(raw.status, 401, `${method} /graphql/stream`);
      }
      await client.close();
    }
  });

  test("GraphiQL is served to a signed-in browser without data, with nothing to paste", async () => {
    const signIn = await fetch(`${secretary.app.url}/api/session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ token: secretary.app.apiToken }),
    });
    assert.equal(signIn.status, 204);
    const cookie = signIn.headers.getSetCookie()[0]?.split(";")[0] ?? "";
    const page = await fetch(`${secretary.app.url}/graphql`, { headers: { accept: "text/html", cookie } });
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /graphiql/i);
    assert.doesNotMatch(html, /PASTE|Authorization/);
    assert.doesNotMatch(html, /https?:\/\/(unpkg|cdn|esm\.sh|jsdelivr)/, "no CDN: works offline");

    // Its example operations run as they are, through the session.
    assert.deepEqual(validate(schema, parse(GRAPHIQL_DEFAULT_QUERY)), []);
    const recent = await fetch(`${secretary.app.url}/graphql`, {
      method: "POST",
      headers: { cookie, origin: secretary.app.url, "content-type": "application/json" },
      body: JSON.stringify({ query: GRAPHIQL_DEFAULT_QUERY, operationName: "RecentCalls" }),
    });
    const body = (await recent.json()) as { data?: unknown; errors?: unknown };
    assert.deepEqual([recent.status, body.errors, typeof body.data], [200, undefined, "object"]);
  });

  test("abusive queries are refused on HTTP, graphql-ws and graphql-sse alike", async () => {
    const api = new ApiClient(secretary.app.url, secretary.app.apiToken);
    const deep = `{ calls(first: 1) { edges { node { caller { calls(first: 1) { edges { node { caller { calls(first: 1) { edges { node { caller { calls(first: 1) { edges { node { id } } } } } } } } } } } } } } } }`;
    const aliases = `{ ${Array.from({ length: 20 }, (_, i) => `a${i}: calls(first: 1) { totalCount }`).join(" ")} }`;
    // Refused while parsing, where the others are refused while validating.
    const tokens = `{ ${"__typename ".repeat(2100)}}`;
    for (const query of [deep, aliases, tokens]) {
      const http = await api.post(query);
      assert.ok(http.body.errors?.length, "HTTP refuses it");
      assert.equal(http.body.data ?? undefined, undefined);
      const ws = api.ws(query);
      await eventually("graphql-ws refusal", async () => ws.errors.length > 0 || ws.closed);
      assert.ok(ws.errors.length > 0, "graphql-ws refuses it");
      assert.equal(ws.events.length, 0);
      const single = api.sseSingleConnection(query);
      await single.completion();
      assert.match(single.events[0]?.errors?.[0]?.message ?? "", /limit/, "graphql-sse refuses it");
      assert.ok(!single.events.some((event) => event.data), "and runs none of it");
    }
    await api.close();
  });
});

describe("the API in production", () => {
  let secretary: TestSecretary;
  before(async () => {
    secretary = await startSecretary({
      env: {
        NODE_ENV: "production",
        API_TOKEN: "production-api-token-0123456789",
        PUBLIC_URL: "https://secretary.example",
      },
    });
  });
  after(() => secretary.dispose());

  test("introspection is off on HTTP, graphql-ws and graphql-sse, and GraphiQL is not served", async () => {
    const api = new ApiClient(secretary.app.url, "production-api-token-0123456789");
    const introspection = "{ __schema { types { name } } }";
    const http = await api.post(introspection);
    assert.match(http.body.errors?.[0]?.message ?? "", /introspection/i);
    const ws = api.ws(introspection);
    await eventually(
      "graphql-ws refusal",
      async () => ws.errors.length > 0 || ws.events.some((event) => event.errors?.length),
    );
    assert.ok(!ws.events.some((event) => event.data), "no schema over graphql-ws");
    const single = api.sseSingleConnection(introspection);
    await single.completion();
    assert.match(single.events[0]?.errors?.[0]?.message ?? "", /introspection/i);
    assert.ok(!single.events.some((event) => event.data), "no schema over graphql-sse");
    const page = await fetch(`${secretary.app.url}/graphql`, { headers: { accept: "text/html" } });
    assert.notEqual(page.status, 200);
    await api.close();
  });
});
