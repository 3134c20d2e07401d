import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import pg from "pg";
import { CallStore } from "../src/calls/call-store.js";
import { placeCall } from "../src/simulator/simulated-call.js";
import type { FakeReply } from "./support/fake-anthropic.js";
import { openTestCall } from "./support/open-call.js";
import {
  conversationRequests,
  lastConversationRequest,
  startSecretary,
  type TestSecretary,
  writesSettled,
} from "./support/secretary.js";
import { eventually } from "./support/wait.js";

describe("a live call survives what goes wrong", () => {
  let secretary: TestSecretary;
  before(async () => {
    secretary = await startSecretary();
  });
  after(() => secretary.dispose());
  const prisma = () => secretary.app.database.prisma;

  test("malformed, invalid and unknown frames are logged and the call goes on", async () => {
    secretary.anthropic.enqueue({ text: "Still here, how can I help?" });
    const call = await placeCall({ ...secretary.simulator, from: "+15556660001" });
    call.sendRaw("{not json");
    call.sendRaw("[1,2,3]");
    call.sendRaw(JSON.stringify({ type: "prompt" }));
    call.sendRaw(JSON.stringify({ type: "dtmf", digit: "not-a-digit" }));
    call.sendRaw(JSON.stringify({ type: "somethingNew", payload: { x: 1 } }));
    call.sendInfo("clientSpeaking", "on");
    call.sendRaw(JSON.stringify({ type: "error", description: "Invalid message received, code: 64107" }));
    const reply = await call.say("Hello, are you there?");
    assert.equal(reply, "Still here, how can I help?");
    await call.hangUp();
    const turns = await eventually("turns", async () => {
      const rows = await prisma().turn.findMany({ where: { call: { callSid: call.callSid } } });
      return rows.length === 3 && rows;
    });
    assert.ok(turns.every((turn) => !turn.text.includes("not json")));
  });

  test("keypad digits are recorded and given to the model", async () => {
    secretary.anthropic.enqueue({ text: "Got it, 5551234." });
    const call = await placeCall({ ...secretary.simulator, from: "+15556660002" });
    call.dtmf("5551234");
    assert.equal(await call.nextReply(), "Got it, 5551234.");
    assert.deepEqual(lastConversationRequest(secretary.anthropic).messages, [
      { role: "user", content: "Keypad: 5551234" },
    ]);
    await call.hangUp();
    const turn = await eventually("keypad turn", () =>
      prisma().turn.findFirst({ where: { call: { callSid: call.callSid }, kind: "DTMF" } }),
    );
    assert.equal(turn.text, "Keypad: 5551234");
    assert.equal(turn.role, "CALLER");
  });

  test("Claude overloaded (529): one quick retry, then the offline secretary answers that turn; it keeps what it learned, and Claude answers again once it can", async () => {
    const { anthropic } = secretary;
    const overloaded = { error: { status: 529, type: "overloaded_error" } };
    const before = conversationRequests(anthropic).length;
    anthropic.enqueue(overloaded, overloaded);
    const call = await placeCall({ ...secretary.simulator, from: "+15556660003" });
    const reply = await call.say("Hi, this is Sam Patel, my crown came loose.");
    assert.equal(conversationRequests(anthropic).length, before + 2, "exactly one retry");
    assert.match(reply, /^Let me make sure I get this right for Dr\. Reyes\./);
    assert.doesNotMatch(reply, /technical|error|repeat/i);
    // Still overloaded on the next turn: Claude is asked again, and the same offline secretary
    // carries on from what it already knows.
    anthropic.enqueue(overloaded, overloaded);
    const next = await call.say("Yes, that's the best number.");
    assert.equal(conversationRequests(anthropic).length, before + 4, "every turn tries Claude first");
    assert.match(next, /Sam Patel.*Is that right\?/);
    // Claude is back, and answers from the whole conversation.
    anthropic.enqueue(
      {
        text: "Thanks, Sam.",
        toolUse: { name: "take_message", input: { message: "Crown came loose.", caller_name: "Sam Patel" } },
      },
      { text: " Dr. Reyes will call you back." },
    );
    assert.equal(await call.say("Yes."), "Thanks, Sam. Dr. Reyes will call you back.");
    assert.deepEqual(
      conversationRequests(anthropic)
        .at(-2)
        ?.messages.map((message) => message.role),
      ["user", "assistant", "user", "assistant", "user"],
    );
    await call.hangUp();
    const stored = await eventually("failed-over call", () =>
      prisma().call.findFirst({
        where: { callSid: call.callSid, endReason: { not: null } },
        include: { actionItems: true },
      }),
    );
    assert.equal(stored.handledBy, "OFFLINE", "the offline secretary answered turns of this call");
    assert.deepEqual(
      stored.actionItems.map((item) => item.description),
      ["Crown came loose. — Caller: Sam Patel"],
    );
  });

  test("a model that starts a reply but sends no words in time counts as stalled", async () => {
    const { anthropic } = secretary;
    const before = conversationRequests(anthropic).length;
    anthropic.enqueue({ text: "Far too late.", ttftMs: 5000 });
    const call = await placeCall({ ...secretary.simulator, from: "+15556660007" });
    const reply = await call.say("Hello, is anyone there?");
    assert.match(reply, /Dr\. Reyes/);
    assert.doesNotMatch(reply, /too late/);
    assert.equal(conversationRequests(anthropic).length, before + 1, "a stall is not retried");
    await call.hangUp();
  });

  test("Claude failing mid-reply: the words already spoken stand as an interrupted turn, and the offline secretary answers in a turn of its own", async () => {
    const { anthropic } = secretary;
    const before = conversationRequests(anthropic).length;
    anthropic.enqueue({ text: "Sure, I can help you with that today.", failAfterChunks: 3 });
    const call = await placeCall({ ...secretary.simulator, from: "+15556660008" });
    assert.equal(await call.say("Hi, I need to move my appointment."), "Sure, I");
    const offline = await call.nextReply();
    assert.match(offline, /^Let me make sure I get this right for Dr\. Reyes\./, "not glued onto the broken sentence");
    assert.equal(conversationRequests(anthropic).length, before + 1, "words already spoken are not asked for again");
    await call.hangUp();
    const stored = await eventually("failed-over call", () =>
      prisma().call.findFirst({
        where: { callSid: call.callSid, endReason: { not: null } },
        include: { turns: { orderBy: { seq: "asc" } } },
      }),
    );
    assert.equal(stored.handledBy, "OFFLINE");
    assert.deepEqual(
      stored.turns.slice(-2).map((turn) => [turn.text, turn.interrupted]),
      [
        ["Sure, I", true],
        [offline, false],
      ],
    );
  });

  test("a 429 followed by success is invisible to the caller", async () => {
    secretary.anthropic.enqueue({ error: { status: 429, type: "rate_limit_error" } }, { text: "Happy to help." });
    const call = await placeCall({ ...secretary.simulator, from: "+15556660005" });
    assert.equal(await call.say("Hi there."), "Happy to help.");
    await call.hangUp();
    const stored = await eventually("call", () =>
      prisma().call.findFirst({ where: { callSid: call.callSid, endReason: { not: null } } }),
    );
    assert.equal(stored.handledBy, "CLAUDE");
  });

  test("a dropped socket resumes on the same call record with its history", async () => {
    const { anthropic } = secretary;
    anthropic.enqueue({ text: "Sure, what's the new date?" }, { text: "Perfect, the fifth it is." });
    const call = await placeCall({ ...secretary.simulator, from: "+15556660006" });
    await call.say("I want to move my appointment.");
    const resumed = await call.dropConnection();
    assert.ok(resumed?.twiml?.relay, "the action callback answers a fresh ConversationRelay");
    assert.match(resumed.twiml.relay.welcomeGreeting ?? "", /still here/);
    assert.equal(call.sessions.length, 2);
    assert.equal(call.sessions[1]?.callStatus, "IN_PROGRESS");
    assert.equal(await call.say("The fifth, please."), "Perfect, the fifth it is.");
    // Claude knows what was said before the drop, and that the caller heard the reconnect line.
    assert.deepEqual(lastConversationRequest(anthropic).messages, [
      { role: "user", content: "I want to move my appointment." },
      { role: "assistant", content: `Sure, what's the new date?\n${resumed.twiml.relay.welcomeGreeting}` },
      { role: "user", content: "The fifth, please." },
    ]);
    await call.hangUp();
    const calls = await prisma().call.findMany({
      where: { callSid: call.callSid },
      include: { turns: { orderBy: { seq: "asc" } } },
    });
    assert.equal(calls.length, 1);
    await eventually("all turns on the one record", async () => {
      const turns = await prisma().turn.findMany({
        where: { call: { callSid: call.callSid } },
        orderBy: { seq: "asc" },
      });
      return (
        turns.length === 6 &&
        turns.map((turn) => turn.role).join(",") === "ASSISTANT,CALLER,ASSISTANT,ASSISTANT,CALLER,ASSISTANT"
      );
    });
    const stored = await prisma().call.findUniqueOrThrow({ where: { callSid: call.callSid } });
    assert.equal(stored.sessionCount, 2);
  });
});

describe("durable post-call analysis", () => {
  test("a pending analysis survives a restart and is done by the next process", async () => {
    let secretary = await startSecretary({ onDisk: true, timing: { resumeGraceMs: 60_000 } });
    try {
      secretary.anthropic.enqueue({ text: "Noted, I'll tell Dr. Reyes." });
      const call = await placeCall({ ...secretary.simulator, from: "+15558880001" });
      await call.say("Please tell Dr. Reyes my X-rays are ready to pick up.");
      // The socket drops and the call never comes back: the analysis waits for a resume that won't come.
      call.dispose();
      const pending = await eventually("analysis pending", () =>
        secretary.app.database.prisma.call.findFirst({ where: { callSid: call.callSid, analysisState: "PENDING" } }),
      );
      await secretary.stop();
      secretary = await startSecretary({ reuse: secretary, timing: { resumeGraceMs: 60_000 } });
      secretary.anthropic.respondWith(() => ({
        toolUse: {
          name: "record_call_analysis",
          input: {
            summary: "X-rays are ready.",
            intent: "x-ray pickup",
            urgency: "LOW",
            callerName: null,
            actionItems: [],
          },
        },
      }));
      // Make it due now, as if the grace period had passed while the server was down.
      await secretary.app.database.prisma.call.update({
        where: { id: pending.id },
        data: { analysisDueAt: new Date() },
      });
      const done = await eventually("analysis after restart", () =>
        secretary.app.database.prisma.call.findFirst({ where: { id: pending.id, analysisState: "DONE" } }),
      );
      assert.equal(done.summary, "X-rays are ready.");
      assert.equal(done.intent, "x-ray pickup");
    } finally {
      await secretary.dispose();
    }
  });

  test("a call whose process died mid-call, with no final status from Twilio, is closed and analysed instead of staying in progress", async () => {
    const secretary = await startSecretary({ timing: { abandonedCallAfterMs: 10 * 60_000 } });
    try {
      const prisma = secretary.app.database.prisma;
      const store = new CallStore(secretary.app.database);
      // What a process killed mid-call leaves behind: an open session with its turns, and no end.
      const { callId } = await openTestCall(store, {
        callSid: "CA00000000000000000000000000dead01",
        from: "+15558880009",
        to: "+15550002222",
      });
      const lastHeard = new Date(Date.now() - 12 * 60_000);
      await prisma.call.update({
        where: { id: callId },
        data: { startedAt: new Date(lastHeard.getTime() - 45_000), updatedAt: new Date(lastHeard.getTime() - 45_000) },
      });
      const turn = (role: "CALLER" | "ASSISTANT", text: string, at: Date) =>
        store.addTurn(callId, { id: randomUUID(), role, kind: "SPEECH", text, interrupted: false, createdAt: at });
      await turn("CALLER", "My crown came off, can Dr. Reyes see me tomorrow?", new Date(lastHeard.getTime() - 5_000));
      await turn("ASSISTANT", "I'll ask Dr. Reyes and we'll call you back.", lastHeard);
      secretary.anthropic.respondWith(() => ({
        toolUse: {
          name: "record_call_analysis",
          input: {
            summary: "Crown came off; wants an appointment tomorrow.",
            intent: "appointment",
            urgency: "HIGH",
            callerName: null,
            actionItems: ["Call back about the crown."],
          },
        },
      }));

      const done = await eventually("the abandoned call analysed", () =>
        prisma.call.findFirst({ where: { id: callId, analysisState: "DONE" } }),
      );
      assert.equal(done.endReason, "NO_END_REPORTED");
      assert.equal(done.endedAt?.toISOString(), lastHeard.toISOString());
      assert.equal(done.durationSeconds, 45);
      assert.equal(done.summary, "Crown came off; wants an appointment tomorrow.");
      const analysis = secretary.anthropic.requests.find((request) => request.body?.tool_choice?.type === "tool");
      assert.match(JSON.stringify(analysis?.body.messages), /My crown came off/);
    } finally {
      await secretary.dispose();
    }
  });

  test("stopping the server mid-call loses nothing that was said", async () => {
    const timing = { resumeGraceMs: 60_000 };
    let secretary = await startSecretary({ onDisk: true, timing });
    try {
      secretary.anthropic.enqueue({ text: "Of course, I'll let Dr. Reyes know right away." });
      const call = await placeCall({ ...secretary.simulator, from: "+15558880003" });
      await call.say("Please tell Dr. Reyes the lab called about my crown.");
      await secretary.stop();
      call.dispose();
      secretary = await startSecretary({ reuse: secretary, timing });
      const stored = await secretary.app.database.prisma.call.findUniqueOrThrow({
        where: { callSid: call.callSid },
        include: { turns: { orderBy: { seq: "asc" } } },
      });
      assert.deepEqual(stored.turns.map((turn) => turn.text).slice(1), [
        "Please tell Dr. Reyes the lab called about my crown.",
        "Of course, I'll let Dr. Reyes know right away.",
      ]);
      assert.equal(stored.endReason, "CONNECTION_LOST");
      assert.equal(stored.analysisState, "PENDING", "waits for Twilio to resume the call elsewhere");
    } finally {
      await secretary.dispose();
    }
  });

  test("PostgreSQL dropping every connection (a restart, a failover) does not take the secretary down", async (t) => {
    const secretary = await startSecretary();
    try {
      if (!secretary.database.databaseUrl) {
        t.skip("needs a PostgreSQL server (DATABASE_URL)");
        return;
      }
      const prisma = secretary.app.database.prisma;
      await Promise.all([1, 2, 3].map(() => prisma.call.count()));
      const admin = new pg.Client({ connectionString: secretary.database.databaseUrl });
      await admin.connect();
      try {
        const { rowCount } = await admin.query(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
        );
        assert.ok((rowCount ?? 0) > 0, "the secretary had connections to drop");
      } finally {
        await admin.end();
      }
      const ready = await eventually(
        "ready again",
        async () => (await fetch(`${secretary.app.url}/readyz`)).status === 200,
      );
      assert.ok(ready);
      secretary.anthropic.enqueue({ text: "Yes, we are open." });
      const call = await placeCall({ ...secretary.simulator, from: "+15558880003" });
      assert.equal(await call.say("Are you open today?"), "Yes, we are open.");
      await call.hangUp();
      await eventually("the call stored", () =>
        prisma.call.findFirst({ where: { callSid: call.callSid, endReason: { not: null } } }),
      );
    } finally {
      await secretary.dispose();
    }
  });

  test("a failing analysis is recorded, retried, and marked failed after the last attempt", async () => {
    const secretary = await startSecretary();
    try {
      const { anthropic } = secretary;
      let analyses = 0;
      anthropic.respondWith(() => {
        analyses++;
        return analyses === 1
          ? { error: { status: 500, type: "api_error", message: "boom" } }
          : {
              toolUse: {
                name: "record_call_analysis",
                input: { summary: "", intent: "x", urgency: "LOW", callerName: null, actionItems: [] },
              },
            };
      });
      anthropic.enqueue({ text: "Okay." });
      const call = await placeCall({ ...secretary.simulator, from: "+15558880002" });
      await call.say("Just checking you're open.");
      await call.hangUp();
      const failed = await eventually(
        "analysis failed for good",
        () =>
          secretary.app.database.prisma.call.findFirst({ where: { callSid: call.callSid, analysisState: "FAILED" } }),
        10_000,
      );
      assert.equal(failed.analysisAttempts, 5);
      assert.match(failed.analysisError ?? "", /did not match the schema/);
      assert.equal(analyses, 5);
    } finally {
      await secretary.dispose();
    }
  });

  test("a late status callback does not bring forward the retry of an analysis that failed (Claude down)", async () => {
    const secretary = await startSecretary({ timing: { analysisRetryBaseMs: ANALYSIS_RETRY_BACKOFF_MS } });
    try {
      const prisma = secretary.app.database.prisma;
      const { call, retryAt, analyses } = await analysisWaitingForRetry(secretary, "+15558880003", {
        toolUse: {
          name: "record_call_analysis",
          input: {
            summary: "Asked whether the practice is open on Saturday.",
            intent: "opening hours",
            urgency: "LOW",
            callerName: null,
            actionItems: [],
          },
        },
      });

      // Twilio retries its status callback, and a callback held up in its queue arrives late.
      const completed = { CallStatus: "completed", CallDuration: "42" };
      assert.equal((await call.postStatus(completed)).status, 204);
      assert.equal((await call.postStatus({ ...completed, SequenceNumber: "1" })).status, 204);
      await writesSettled(secretary);
      const after = await prisma.call.findUniqueOrThrow({ where: { callSid: call.callSid } });
      assert.equal(after.analysisState, "PENDING");
      assert.equal(after.analysisDueAt?.getTime(), retryAt, "the retry is still due when its backoff ends");
      assert.equal(after.analysisAttempts, 1);
      assert.equal(analyses(), 1, "Claude was not asked again");

      // Once the backoff has passed, the retry runs and succeeds.
      await prisma.call.update({ where: { id: after.id }, data: { analysisDueAt: new Date() } });
      const done = await eventually("the retried analysis done", () =>
        prisma.call.findFirst({ where: { id: after.id, analysisState: "DONE" } }),
      );
      assert.equal(done.summary, "Asked whether the practice is open on Saturday.");
      assert.equal(done.analysisAttempts, 2);
      assert.equal(analyses(), 2);
    } finally {
      await secretary.dispose();
    }
  });

  test("a session end applied again (replayed from the journal) does not bring forward the retry of an analysis that failed (Claude down)", async () => {
    const secretary = await startSecretary({ timing: { analysisRetryBaseMs: ANALYSIS_RETRY_BACKOFF_MS } });
    try {
      const prisma = secretary.app.database.prisma;
      const { waiting, retryAt, analyses } = await analysisWaitingForRetry(secretary, "+15558880004", OVERLOADED);

      // The session's end written again, as a restarted process replays its journal: once as it was
      // (the caller hung up, due at once), once as a dropped connection Twilio might resume.
      const store = new CallStore(secretary.app.database);
      await store.endSession(waiting.id, waiting.sessionKey ?? "", "CALLER_HUNG_UP", 0);
      await store.endSession(waiting.id, waiting.sessionKey ?? "", "CONNECTION_LOST", 30_000);
      const after = await prisma.call.findUniqueOrThrow({ where: { id: waiting.id } });
      assert.equal(after.analysisState, "PENDING");
      assert.equal(after.analysisDueAt?.getTime(), retryAt, "the retry is still due when its backoff ends");
      assert.equal(after.analysisAttempts, 1);
      assert.match(after.analysisError ?? "", /Overloaded/);
      assert.equal(after.durationSeconds, 42, "the call's length stands");
      assert.equal(analyses(), 1, "Claude was not asked again");
    } finally {
      await secretary.dispose();
    }
  });
});

// Long enough that an analysis's retry cannot come during a test, unless something brings it forward.
const ANALYSIS_RETRY_BACKOFF_MS = 10 * 60_000;
const OVERLOADED: FakeReply = { error: { status: 529, type: "overloaded_error", message: "Overloaded" } };

/**
 * A call of 42 s whose analysis Claude refused (overloaded) the first time, now waiting out its
 * backoff; `retried` is how Claude answers the analyses after that. `analyses()` counts them all.
 */
async function analysisWaitingForRetry(secretary: TestSecretary, from: string, retried: FakeReply) {
  let analyses = 0;
  secretary.anthropic.respondWith(() => {
    analyses++;
    return analyses === 1 ? OVERLOADED : retried;
  });
  secretary.anthropic.enqueue({ text: "Yes, until noon." });
  const call = await placeCall({ ...secretary.simulator, from });
  await call.say("Are you open on Saturday?");
  await call.hangUp({ duration: 42 });
  await writesSettled(secretary);
  const waiting = await eventually("the failed analysis waiting for its retry", () =>
    secretary.app.database.prisma.call.findFirst({
      where: { callSid: call.callSid, analysisState: "PENDING", analysisAttempts: 1 },
    }),
  );
  assert.match(waiting.analysisError ?? "", /Overloaded/);
  const retryAt = waiting.analysisDueAt?.getTime() ?? 0;
  assert.ok(retryAt > Date.now() + ANALYSIS_RETRY_BACKOFF_MS / 2, "the retry waits out its backoff");
  return { call, waiting, retryAt, analyses: () => analyses };
}
