import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { encodeGlobalID } from "@pothos/plugin-relay";
import type { CallerDataDocument } from "../src/calls/caller-data.js";
import { createLogger } from "../src/logger.js";
import { placeCall, type SimulatedCall } from "../src/simulator/simulated-call.js";
import { CallDocument, SearchCallsDocument } from "./generated/graphql.js";
import { ApiClient } from "./support/graphql-client.js";
import { conversationRequests, startSecretary, type TestSecretary, writesSettled } from "./support/secretary.js";
import { eventually } from "./support/wait.js";

interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

const CALL_DELETED = "subscription { callDeleted }";
const TRANSCRIPT = `subscription ($callId: ID!) { transcript(callId: $callId) { turnId role text final } }`;
const DAY_MS = 86_400_000;

interface TranscriptData {
  transcript: { turnId: string; role: string; text: string; final: boolean };
}

/** The caller's lines as a live watcher shows them at the end: each turn as its last event has it. */
function callerLinesLive(events: readonly { data?: TranscriptData | null }[]): string[] {
  const lines = new Map<string, string>();
  for (const { data } of events)
    if (data?.transcript.role === "CALLER") lines.set(data.transcript.turnId, data.transcript.text);
  return [...lines.values()];
}

/** The post-call analysis, the same for every call. */
const ANALYSIS = {
  toolUse: {
    name: "record_call_analysis",
    input: {
      summary: "A caller wanted to pay a bill.",
      intent: "payment",
      urgency: "NORMAL",
      callerName: "Ada Moss",
      actionItems: ["Call Ada back about the bill"],
      spam: false,
    },
  },
};

/**
 * The texts in `seen` that hold the security code the tests' callers give (737): three digits may
 * be part of anything (a timestamp, a port, an id, a duration), so it is looked for as a number of
 * its own, in every text.
 */
function securityCodeIn(seen: unknown): string[] {
  const securityCode = /(?<![0-9A-Za-z]|\d\.)737(?![0-9A-Za-z]|\.\d)/;
  return textsIn(seen).filter((text) => securityCode.test(text));
}

/** Every string in `value`, however deep: what a caller's words could be carried in (numbers are times, sizes, counts). */
function textsIn(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(textsIn);
  if (value !== null && typeof value === "object") return Object.values(value).flatMap(textsIn);
  return [];
}

/** Subscribes and waits until the server has taken the subscription (graphql-ws connects lazily). */
async function subscribed<T>(stream: T): Promise<T> {
  await new Promise((resolve) => setTimeout(resolve, 200));
  return stream;
}

describe("privacy", () => {
  let secretary: TestSecretary;
  let api: ApiClient;
  const logs: LogLine[] = [];
  before(async () => {
    secretary = await startSecretary({
      logger: createLogger("debug", { write: (line: string) => void logs.push(JSON.parse(line) as LogLine) }),
    });
    api = new ApiClient(secretary.app.url, secretary.app.apiToken);
    secretary.anthropic.respondWith(() => ANALYSIS);
  });
  after(async () => {
    await api.close();
    await secretary.dispose();
  });
  const prisma = () => secretary.app.database.prisma;

  /** A call from `from` in which the caller says each of `lines`, analysed. */
  async function finishedCall(from: string, lines: string[]): Promise<string> {
    const call = await placeCall({ ...secretary.simulator, from });
    for (const line of lines) {
      secretary.anthropic.enqueue({ text: "Noted." });
      await call.say(line);
    }
    await call.hangUp();
    const row = await eventually("the call analysed", () =>
      prisma().call.findFirst({ where: { callSid: call.callSid, analysisState: "DONE" } }),
    );
    return row.id;
  }

  /** A call from `from`, its transcript followed by a live watcher from the start. */
  async function watchedCall(from: string) {
    const call = await placeCall({ ...secretary.simulator, from });
    const row = await eventually("the call record", () =>
      prisma().call.findUnique({ where: { callSid: call.callSid } }),
    );
    const callId = encodeGlobalID("Call", row.id);
    const transcript = await subscribed(api.ws<TranscriptData, { callId: string }>(TRANSCRIPT, { callId }));
    return { call, row, callId, transcript };
  }

  /** The watcher stops, the caller hangs up; once the call is analysed and every write is in. */
  async function hangUpAnalysed(call: SimulatedCall, id: string, transcript: { close(): void }) {
    transcript.close();
    await call.hangUp();
    await eventually("the call analysed", () => prisma().call.findFirst({ where: { id, analysisState: "DONE" } }));
    await writesSettled(secretary);
  }

  /**
   * After a card number, with the caller's lines `expected` (the first one, where the number began,
   * corrected when it was read out over several turns): the call log through the API and a live
   * watcher at the end show them, a search for the digits finds no call, and the analysis was sent
   * the first line as kept. Returns the stored turns.
   */
  async function assertCorrectedOnRecord(
    callId: string,
    live: readonly { data?: TranscriptData | null }[],
    expected: string[],
  ) {
    const stored = (await api.query(CallDocument, { callId })).call?.turns ?? [];
    assert.deepEqual(
      stored.filter((turn) => turn.role === "CALLER").map((turn) => turn.text),
      expected,
      "the stored transcript, through the API",
    );
    assert.deepEqual(callerLinesLive(live), expected, "the live transcript, as a watcher shows it at the end");
    const found = await api.query(SearchCallsDocument, { query: "4111", first: 50 });
    assert.ok(
      !found.searchCalls.edges.some((edge) => edge.node.id === callId),
      "a search for the digits finds no call",
    );
    // This call's analysis: the one with the words the first line opens with (the server's Claude
    // has analysed the other tests' calls too).
    const first = expected[0]!;
    const analysis = secretary.anthropic.requests
      .filter((request) => request.body?.stream !== true)
      .map((request) => JSON.stringify(request.body))
      .find((body) => body.includes(first.slice(0, first.indexOf("[card number]"))));
    assert.ok(analysis?.includes(first), "the analysis reads the corrected turn");
    assert.ok(!analysis?.includes("4111"));
    return stored;
  }

  test("a card number and its security code, said or keyed, reach neither Claude, the call log, live watchers, the analysis nor the logs", async () => {
    const { call, row, transcript } = await watchedCall("+15550301001");
    secretary.anthropic.enqueue({ text: "Thank you." }, { text: "Got it." }, { text: "Thanks." });
    await call.say("Hi, I'd like to pay my bill, the card is four one one one one one one one one one one one");
    await call.say("4111 1111 1111 1111 and the CVV is 737");
    call.dtmf("5500000000000004");
    // The keys are answered after a pause with no more keys.
    await eventually("the keyed number answered", () =>
      prisma().turn.findFirst({ where: { callId: row.id, kind: "DTMF" } }),
    );
    await transcript.waitFor("the keyed line, live", (event) =>
      Boolean(event.data?.transcript.text.startsWith("Keypad")),
    );
    await hangUpAnalysed(call, row.id, transcript);

    const turns = await prisma().turn.findMany({ where: { callId: row.id, role: "CALLER" }, orderBy: { seq: "asc" } });
    assert.deepEqual(
      turns.map((turn) => turn.text),
      [
        // The caller began the number, then said it again whole: what they said of it first goes too.
        "Hi, I'd like to pay my bill, the card is [card number]",
        "[card number] and the CVV is [security code]",
        "Keypad: [card number]",
      ],
    );
    const seen = {
      requests: secretary.anthropic.requests.map((request) => request.body),
      live: transcript.events,
      logs,
    };
    const everything = JSON.stringify(seen);
    for (const digits of ["4111 1111", "5500000000000004"]) {
      assert.ok(!everything.includes(digits), `${digits} is nowhere`);
    }
    assert.deepEqual(securityCodeIn(seen), [], "the security code is nowhere");
    const analysisRequest = secretary.anthropic.requests.find((request) => request.body?.stream !== true);
    assert.ok(JSON.stringify(analysisRequest?.body).includes("[card number] and the CVV is [security code]"));
    assert.ok(
      transcript.events.some((event) => event.data?.transcript.text === "[card number] and the CVV is [security code]"),
    );
  });

  test("a card number read out over two turns is whole nowhere: the first turn is corrected in the call log, for live watchers and in what Claude is sent next", async () => {
    const { call, row, callId, transcript } = await watchedCall("+15550301002");
    const requestsBefore = conversationRequests(secretary.anthropic).length;
    secretary.anthropic.enqueue({ text: "Go on." }, { text: "Thank you." }, { text: "Goodbye." });
    await call.say("Yes, my card is 4111 1111 1111");
    // The first part is stored (the reply has started) before the rest is said.
    await eventually("the first part stored", () =>
      prisma().turn.findFirst({ where: { callId: row.id, role: "CALLER" } }),
    );
    await call.say("1111, and the code is 737");
    await call.say("That's all, thanks.");
    await transcript.waitFor("the first turn corrected, live", (event) =>
      Boolean(event.data?.transcript.text === "Yes, my card is [card number]"),
    );
    await hangUpAnalysed(call, row.id, transcript);

    const stored = await assertCorrectedOnRecord(callId, transcript.events, [
      "Yes, my card is [card number]",
      "[card number], and the code is [security code]",
      "That's all, thanks.",
    ]);
    const requests = conversationRequests(secretary.anthropic)
      .slice(requestsBefore)
      .map((body) => JSON.stringify(body));
    assert.equal(requests.length, 3);
    // Claude heard the start once, before the rest was said; from the next request on, never again.
    assert.ok(requests[0]!.includes("Yes, my card is 4111 1111 1111"));
    for (const request of requests.slice(1)) {
      assert.ok(request.includes("Yes, my card is [card number]"), "the first turn, corrected");
      assert.ok(!request.includes("4111"));
    }

    assert.deepEqual(securityCodeIn({ requests, live: transcript.events, stored, logs }), [], "the code is nowhere");
    for (const text of [
      ...requests,
      ...transcript.events.map((event) => event.data?.transcript.text ?? ""),
      ...logs.map((line) => JSON.stringify(line)),
    ]) {
      assert.ok((text.match(/1111/g)?.length ?? 0) < 3, "nothing holds the number whole (nor all but its first group)");
    }
  });

  test("a card number begun before the connection dropped and finished once the call resumed is whole nowhere: the turn before the drop is corrected as within one session", async () => {
    const { call, row, callId, transcript } = await watchedCall("+15550301004");
    secretary.anthropic.enqueue({ text: "Go on." }, { text: "Thank you." }, { text: "Goodbye." });
    await call.say("Sure, the card is 4111 1111 1111");
    await eventually("the first part stored", () =>
      prisma().turn.findFirst({ where: { callId: row.id, role: "CALLER" } }),
    );
    // The socket drops; Twilio resumes the call on a new session, which knows only what the call log holds.
    await call.dropConnection();
    assert.equal(call.sessions.length, 2);
    const requestsBefore = conversationRequests(secretary.anthropic).length;
    await call.say("1111, and the code is 737");
    await call.say("That's all, thanks.");
    // The correction goes out before the turn that made it, and that one before the caller's last words.
    await transcript.waitFor("the caller's last words, live", (event) =>
      Boolean(event.data?.transcript.text === "That's all, thanks."),
    );
    await hangUpAnalysed(call, row.id, transcript);

    const stored = await assertCorrectedOnRecord(callId, transcript.events, [
      "Sure, the card is [card number]",
      "[card number], and the code is [security code]",
      "That's all, thanks.",
    ]);
    const requests = conversationRequests(secretary.anthropic)
      .slice(requestsBefore)
      .map((body) => JSON.stringify(body));
    assert.equal(requests.length, 2);
    for (const request of requests) {
      assert.ok(request.includes("Sure, the card is [card number]"), "the turn before the drop, corrected");
      assert.ok(!request.includes("4111"));
    }
    assert.deepEqual(securityCodeIn({ requests, live: transcript.events, stored }), [], "the code is nowhere");
  });

  test("a security code said first thing after the connection dropped, the card number complete before it, is redacted everywhere as within one session", async () => {
    const { call, row, callId, transcript } = await watchedCall("+15550301005");
    const logsBefore = logs.length;
    const requestsBefore = conversationRequests(secretary.anthropic).length;
    secretary.anthropic.enqueue({ text: "And the code?" }, { text: "Thank you." }, { text: "Goodbye." });
    await call.say("Right, my card number is 4111 1111 1111 1111");
    await eventually("the card number stored", () =>
      prisma().turn.findFirst({ where: { callId: row.id, role: "CALLER" } }),
    );
    // The socket drops; the resumed session knows the number only as the call log keeps it.
    await call.dropConnection();
    assert.equal(call.sessions.length, 2);
    await call.say("737");
    await call.say("That's all, thanks.");
    await transcript.waitFor("the caller's last words, live", (event) =>
      Boolean(event.data?.transcript.text === "That's all, thanks."),
    );
    await hangUpAnalysed(call, row.id, transcript);

    const stored = await assertCorrectedOnRecord(callId, transcript.events, [
      "Right, my card number is [card number]",
      "[security code]",
      "That's all, thanks.",
    ]);
    const found = await api.query(SearchCallsDocument, { query: "737", first: 50 });
    assert.ok(!found.searchCalls.edges.some((edge) => edge.node.id === callId), "a search for the code finds no call");
    const requests = conversationRequests(secretary.anthropic).slice(requestsBefore);
    assert.equal(requests.length, 3);
    const analysis = secretary.anthropic.requests
      .filter((request) => request.body?.stream !== true)
      .map((request) => request.body)
      .filter((body) => JSON.stringify(body).includes("Right, my card number is [card number]"));
    assert.equal(analysis.length, 1, "this call's analysis");
    assert.deepEqual(
      securityCodeIn({ requests, live: transcript.events, stored, analysis, logs: logs.slice(logsBefore) }),
      [],
      "the code is nowhere",
    );
  });

  test("the start of a card number keyed and the rest said before the keys were answered: the keyed turn reaches the call log corrected, in its place", async () => {
    const call = await placeCall({ ...secretary.simulator, from: "+15550301003" });
    secretary.anthropic.enqueue({ text: "Thank you." });
    // Keys wait for a pause before they are answered; the words that follow them at once come with
    // them, so the keyed turn is still off the database when the rest of the number is said.
    call.dtmf("41111111");
    await call.say("1111 1111, that's it");
    await call.hangUp();
    await writesSettled(secretary);

    const row = await prisma().call.findUniqueOrThrow({ where: { callSid: call.callSid } });
    const turns = await prisma().turn.findMany({ where: { callId: row.id, role: "CALLER" }, orderBy: { seq: "asc" } });
    assert.deepEqual(
      turns.map((turn) => [turn.kind, turn.text]),
      [
        ["DTMF", "Keypad: [card number]"],
        ["SPEECH", "[card number], that's it"],
      ],
    );
    const request = JSON.stringify(conversationRequests(secretary.anthropic).at(-1));
    assert.ok(request.includes("Keypad: [card number]"), "Claude gets the keyed turn corrected");
    assert.ok(!request.includes("4111"));
  });

  test("retentionDays erases the calls that started before it, in progress or not yet due ones stay, and each is announced", async () => {
    const refused = await api.post(
      `mutation { updateSettings(input: { retentionDays: 0 }) { settings { retentionDays } } }`,
    );
    assert.equal(refused.body.errors?.[0]?.extensions?.code, "BAD_USER_INPUT");
    assert.equal(refused.body.errors?.[0]?.extensions?.field, "retentionDays");

    const old = await finishedCall("+15550302001", ["I'm calling about my invoice."]);
    const older = await finishedCall("+15550302002", ["Do you open on Saturdays?"]);
    const recent = await finishedCall("+15550302003", ["Is the doctor in today?"]);
    await writesSettled(secretary);
    const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS);
    await prisma().call.update({ where: { id: old }, data: { startedAt: daysAgo(31) } });
    await prisma().call.update({ where: { id: older }, data: { startedAt: daysAgo(400) } });
    await prisma().call.update({ where: { id: recent }, data: { startedAt: daysAgo(29) } });
    // A call still going on (its process is away), however old, is never erased under it.
    const live = await prisma().call.create({
      data: {
        callSid: `CA${randomUUID().replaceAll("-", "")}`,
        from: "+15550302004",
        to: "+15550000000",
        startedAt: daysAgo(90),
      },
    });
    // Kept while the setting is off, the default.
    const settings = await api.post("{ settings { retentionDays } }");
    assert.deepEqual(settings.body.data, { settings: { retentionDays: null } });

    const deletions = await subscribed(api.ws<{ callDeleted: string }, never>(CALL_DELETED));
    const set = await api.post(
      `mutation { updateSettings(input: { retentionDays: 30 }) { settings { retentionDays } } }`,
    );
    assert.deepEqual(set.body.data, { updateSettings: { settings: { retentionDays: 30 } } });
    for (const callId of [old, older]) {
      await deletions.waitFor(
        "the erasure on callDeleted",
        (event) => event.data?.callDeleted === encodeGlobalID("Call", callId),
      );
    }
    assert.deepEqual(
      (await prisma().call.findMany({ where: { id: { in: [old, older, recent, live.id] } }, select: { id: true } }))
        .map((call) => call.id)
        .sort(),
      [recent, live.id].sort(),
    );
    assert.equal(await prisma().turn.count({ where: { callId: { in: [old, older] } } }), 0);
    assert.equal(await prisma().actionItem.count({ where: { callId: { in: [old, older] } } }), 0);
    assert.equal(await prisma().caller.count({ where: { phone: { in: ["+15550302001", "+15550302002"] } } }), 0);
    deletions.close();
    await api.post(`mutation { updateSettings(input: { retentionDays: null }) { settings { retentionDays } } }`);
    await prisma().call.delete({ where: { id: live.id } });
  });

  test("callerData gives everything stored about a number, and eraseCaller erases it, each call announced; both logged without the number", async () => {
    const phone = "+15550303001";
    const first = await finishedCall(phone, ["This is Ada Moss, I'm calling about my bill."]);
    const second = await finishedCall(phone, ["Ada again, did you get my message?"]);
    const someoneElse = await finishedCall("+15550303002", ["Hello, it's Ben."]);
    await writesSettled(secretary);
    await api.post(
      `mutation { updateCallNotes(input: { callId: "${encodeGlobalID("Call", first)}", notes: "Owes $40" }) { call { id } } }`,
    );
    await api.post(
      `mutation { setCallerRule(input: { phone: "${phone}", kind: VIP, note: "a regular" }) { callerRule { id } } }`,
    );

    for (const query of [
      `{ callerData(phone: "not a number") }`,
      `mutation { eraseCaller(input: { phone: "12" }) { erasedCallCount } }`,
    ]) {
      const { body } = await api.post(query);
      assert.equal(body.errors?.[0]?.extensions?.code, "BAD_USER_INPUT", query);
      assert.equal(body.errors?.[0]?.extensions?.field, "phone", query);
    }

    // Any format of the number will do.
    const { body } = await api.post<{ callerData: CallerDataDocument }, never>(
      `{ callerData(phone: "(555) 030-3001") }`,
    );
    const data = body.data!.callerData;
    assert.equal(data.phone, phone);
    assert.deepEqual(data.caller && { name: data.caller.name, callCount: data.caller.callCount }, {
      name: "Ada Moss",
      callCount: 2,
    });
    assert.deepEqual(data.callerRule && { kind: data.callerRule.kind, note: data.callerRule.note }, {
      kind: "VIP",
      note: "a regular",
    });
    assert.deepEqual(
      data.calls.map((call) => call.callId),
      [first, second].map((id) => encodeGlobalID("Call", id)),
    );
    const firstCall = data.calls[0]!;
    assert.equal(firstCall.notes, "Owes $40");
    assert.equal(firstCall.summary, "A caller wanted to pay a bill.");
    assert.deepEqual(
      firstCall.turns.filter((turn) => turn.role === "CALLER").map((turn) => turn.text),
      ["This is Ada Moss, I'm calling about my bill."],
    );
    assert.deepEqual(
      firstCall.actionItems.map((item) => item.description),
      ["Call Ada back about the bill"],
    );
    assert.ok(!JSON.stringify(data).includes("Ben"), "nothing of another caller");

    const deletions = await subscribed(api.ws<{ callDeleted: string }, never>(CALL_DELETED));
    const erased = await api.post(`mutation { eraseCaller(input: { phone: "${phone}" }) { erasedCallCount } }`);
    assert.deepEqual(erased.body.data, { eraseCaller: { erasedCallCount: 2 } });
    for (const callId of [first, second]) {
      await deletions.waitFor(
        "the erasure on callDeleted",
        (event) => event.data?.callDeleted === encodeGlobalID("Call", callId),
      );
    }
    deletions.close();
    const afterwards = await api.post<{ callerData: CallerDataDocument }, never>(`{ callerData(phone: "${phone}") }`);
    const left = afterwards.body.data!.callerData;
    assert.deepEqual(
      { caller: left.caller, callerRule: left.callerRule, calls: left.calls },
      { caller: null, callerRule: null, calls: [] },
    );
    assert.equal(await prisma().turn.count({ where: { callId: { in: [first, second] } } }), 0);
    assert.ok(await prisma().call.findUnique({ where: { id: someoneElse } }), "another caller's call stays");

    const requests = logs.filter((line) => line.action === "callerData" || line.action === "eraseCaller");
    assert.deepEqual(
      requests.map((line) => [line.action, line.by, line.level]),
      [
        ["callerData", "owner (API token)", 30],
        ["eraseCaller", "owner (API token)", 30],
        ["callerData", "owner (API token)", 30],
      ],
    );
    assert.ok(!JSON.stringify(requests).includes(phone), "never the number in full");
    assert.ok(!JSON.stringify(requests).includes("Ada"), "nor what is stored");
  });
});
