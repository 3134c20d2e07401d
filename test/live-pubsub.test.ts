import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { describe, type TestContext, test } from "node:test";
import { setImmediate as nextTurn, setTimeout as sleep } from "node:timers/promises";
import { createPubSub, type PubSubEventTarget, Repeater } from "graphql-yoga";
import { Redis } from "ioredis";
import { pino } from "pino";
import type { TranscriptEvent } from "../src/calls/call-events.js";
import { boundedSubscription } from "../src/graphql/bounded-subscription.js";
import { type CoalescingPolicy, coalescingWindowMs, createLiveCallEvents } from "../src/graphql/live-call-events.js";
import {
  createLivePubSub,
  type LivePubSub,
  type LiveTopics,
  subscribeAllCalls,
  subscribeTranscript,
} from "../src/graphql/pubsub.js";
import { type CallEnd, transcriptUntilCallOver } from "../src/graphql/transcript-subscription.js";
import { startTcpProxy } from "./support/tcp-proxy.js";
import { eventually } from "./support/wait.js";

function captureLogger() {
  const lines: Array<{ level: number; msg: string }> = [];
  const logger = pino({ level: "debug" }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { logger, lines };
}

/** Reads a subscription in the background, noting the (possibly mocked) time each event arrived. */
function collect<T>(subscription: AsyncIterable<T>) {
  const received: Array<{ at: number; value: T }> = [];
  const finished = (async () => {
    for await (const value of subscription) received.push({ at: Date.now(), value });
  })();
  return { received, finished };
}

/** One outstanding `next()` at a time, so a read that timed out is not lost to the next one. */
function reader<T>(iterator: AsyncIterator<T>) {
  let pending: Promise<IteratorResult<T>> | undefined;
  return async (timeoutMs = 2000): Promise<IteratorResult<T> | "timeout"> => {
    pending ??= iterator.next();
    const timer = new AbortController();
    const timeout = sleep(timeoutMs, "timeout" as const, { signal: timer.signal }).catch(() => "timeout" as const);
    const result = await Promise.race([pending, timeout]);
    timer.abort();
    if (result !== "timeout") pending = undefined;
    return result;
  };
}

// Delivery through the pub/sub and the subscription takes a few promise turns, no timers.
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await nextTurn();
}

/** Moves mocked time on a millisecond at a time, so arrival times are exact. */
async function advance(t: TestContext, ms: number): Promise<void> {
  for (let i = 0; i < ms; i++) {
    t.mock.timers.tick(1);
    await settle();
  }
}

function assistantStream(callId: string, turnId = randomUUID()) {
  let text = "";
  return {
    turnId,
    delta(delta: string): TranscriptEvent {
      text += delta;
      return { callId, turnId, role: "ASSISTANT", text, delta, final: false, interrupted: false };
    },
    final(finalText = text, interrupted = false): TranscriptEvent {
      return { callId, turnId, role: "ASSISTANT", text: finalText, delta: "", final: true, interrupted };
    },
    get text() {
      return text;
    },
  };
}

function callerTurn(callId: string, text: string): TranscriptEvent {
  return { callId, turnId: randomUUID(), role: "CALLER", text, delta: text, final: true, interrupted: false };
}

function joinedDeltas(events: TranscriptEvent[]): string {
  return events.map((event) => event.delta).join("");
}

async function inProcess() {
  const { logger, lines } = captureLogger();
  const live = await createLivePubSub({ logger });
  return { ...live, lines };
}

// The shipped numbers may be tuned; these tests hold the mechanism to a policy of their own.
const POLICY: CoalescingPolicy = {
  windowMs: 20,
  eventsPerSecond: 1000,
  lagFactor: 2,
  maxWindowMs: 100,
  flushChars: 64,
};

describe("live call events", () => {
  test("the first delta of a reply goes out at once; a burst of deltas becomes one event", async (t: TestContext) => {
    t.mock.timers.enable({ apis: ["setTimeout", "Date"], now: 0 });
    const { pubSub } = await inProcess();
    const subscription = subscribeTranscript(pubSub, "call-1");
    const { received } = collect(subscription);
    const events = createLiveCallEvents(pubSub, { coalescing: POLICY });
    const reply = assistantStream("call-1");

    events.transcript(reply.delta("Hello"));
    await settle();
    assert.deepEqual(
      received.map(({ at, value }) => [at, value.delta, value.text]),
      [[0, "Hello", "Hello"]],
    );

    for (let i = 0; i < 9; i++) {
      await advance(t, 2);
      events.transcript(reply.delta(` w${i}`));
      await settle();
    }
    assert.equal(received.length, 1, "deltas within the window wait for it");

    await advance(t, 2);
    assert.equal(received.length, 2);
    assert.equal(received[1]?.at, 20);
    assert.equal(received[1]?.value.text, reply.text);
    assert.equal(joinedDeltas(received.map(({ value }) => value)), reply.text);

    events.close();
    await subscription.return?.();
  });

  test("deltas streaming steadily go out at most a window apart, none waiting longer than that", async (t: TestContext) => {
    t.mock.timers.enable({ apis: ["setTimeout", "Date"], now: 0 });
    const { pubSub } = await inProcess();
    const subscription = subscribeTranscript(pubSub, "call-1");
    const { received } = collect(subscription);
    const events = createLiveCallEvents(pubSub, { coalescing: POLICY });
    const reply = assistantStream("call-1");

    // A token every 15 ms, about Claude Haiku's pace.
    const sentAt: Array<{ at: number; length: number }> = [];
    for (let i = 0; i < 40; i++) {
      events.transcript(reply.delta(`t${i} `));
      sentAt.push({ at: Date.now(), length: reply.text.length });
      await settle();
      await advance(t, 15);
    }
    await advance(t, 20);

    const published = received.map(({ at, value }) => ({ at, value }));
    assert.equal(joinedDeltas(published.map(({ value }) => value)), reply.text);
    for (let i = 1; i < published.length; i++) {
      assert.ok(
        published[i]!.at - published[i - 1]!.at >= 20,
        `events ${i - 1} and ${i} came less than a window apart`,
      );
    }
    for (const { at, length } of sentAt) {
      const carrier = published.find(({ value }) => value.text.length >= length);
      assert.ok(carrier && carrier.at - at <= 20, `a delta sent at ${at} waited more than a window`);
    }
    assert.ok(published.length <= 31, `expected at most one event per 20 ms for 600 ms, got ${published.length}`);

    // A delta arriving after a quiet spell longer than the window does not wait at all.
    await advance(t, 500);
    events.transcript(reply.delta("again"));
    await settle();
    assert.equal(received.at(-1)?.value.delta, "again");
    assert.equal(received.at(-1)?.at, Date.now());

    events.close();
    await subscription.return?.();
  });

  test("text waiting that reaches flushChars goes out without waiting out the window", async (t: TestContext) => {
    t.mock.timers.enable({ apis: ["setTimeout", "Date"], now: 0 });
    const { pubSub } = await inProcess();
    const subscription = subscribeTranscript(pubSub, "call-1");
    const { received } = collect(subscription);
    const events = createLiveCallEvents(pubSub, { coalescing: POLICY });
    const reply = assistantStream("call-1");

    events.transcript(reply.delta("Sure."));
    // A burst: a model's chunk of several tokens at once, then more of them.
    events.transcript(reply.delta(" Dr. Reyes has openings on Tuesday at ten"));
    events.transcript(reply.delta(" and on Thursday at half past two."));
    events.transcript(reply.delta(" Bring"));
    await settle();
    assert.deepEqual(
      received.map(({ at, value }) => [at, value.text]),
      [
        [0, "Sure."],
        [0, "Sure. Dr. Reyes has openings on Tuesday at ten and on Thursday at half past two."],
      ],
    );

    await advance(t, 20);
    assert.equal(received.at(-1)?.value.text, reply.text, "the rest still waits for the window");
    assert.equal(received.at(-1)?.at, 20);
    assert.equal(joinedDeltas(received.map(({ value }) => value)), reply.text);

    events.close();
    await subscription.return?.();
  });

  test("the window widens when more replies stream at once than eventsPerSecond allows for", async (t: TestContext) => {
    t.mock.timers.enable({ apis: ["setTimeout", "Date"], now: 0 });
    const { pubSub } = await inProcess();
    const callIds = ["call-1", "call-2", "call-3", "call-4", "call-5"];
    // Every call is watched: a reply nobody watches publishes nothing, so it takes no share.
    const subscriptions = callIds.map((callId) => subscribeTranscript(pubSub, callId));
    const { received } = collect(subscriptions[0]!);
    for (const other of subscriptions.slice(1)) collect(other);
    // 100 events a second shared by 5 replies: each gets one every 50 ms.
    const events = createLiveCallEvents(pubSub, { coalescing: { ...POLICY, eventsPerSecond: 100 } });
    const replies = callIds.map((callId) => assistantStream(callId));
    for (const reply of replies) events.transcript(reply.delta("Hello"));
    const watched = replies[0]!;
    events.transcript(watched.delta(" there"));
    await settle();
    await advance(t, 49);
    assert.equal(received.length, 1);
    await advance(t, 1);
    assert.deepEqual(
      received.map(({ at, value }) => [at, value.text]),
      [
        [0, "Hello"],
        [50, "Hello there"],
      ],
    );

    // The other replies end: the window is back to windowMs.
    for (const reply of replies.slice(1)) events.transcript(reply.final());
    events.transcript(watched.delta(","));
    await advance(t, 20);
    assert.deepEqual(
      received.map(({ at, value }) => [at, value.text]),
      [
        [0, "Hello"],
        [50, "Hello there"],
        [70, "Hello there,"],
      ],
    );

    events.close();
    for (const subscription of subscriptions) await subscription.return?.();
  });

  test("the window widens with the event loop's lag, never beyond maxWindowMs", () => {
    assert.equal(coalescingWindowMs(POLICY, 1, 0), 20);
    assert.equal(coalescingWindowMs(POLICY, 1, 10), 40);
    assert.equal(coalescingWindowMs(POLICY, 40, 5), 50);
    assert.equal(coalescingWindowMs(POLICY, 1, 200), 100);
    assert.equal(coalescingWindowMs(POLICY, 1000, 0), 100);
  });

  test("a final event flushes the pending delta first, and a call's events keep their order", async (t: TestContext) => {
    t.mock.timers.enable({ apis: ["setTimeout", "Date"], now: 0 });
    const { pubSub } = await inProcess();
    const subscription = subscribeTranscript(pubSub, "call-1");
    const other = subscribeTranscript(pubSub, "call-2");
    const { received } = collect(subscription);
    const { received: receivedByOther } = collect(other);
    const events = createLiveCallEvents(pubSub, { coalescing: POLICY });

    const first = assistantStream("call-1");
    const elsewhere = assistantStream("call-2");
    events.transcript(first.delta("One"));
    events.transcript(elsewhere.delta("Other"));
    events.transcript(first.delta(" two"));
    events.transcript(elsewhere.delta(" call"));
    events.transcript(first.delta(" three."));
    events.transcript(first.final());

    // The caller talks over the next reply: its words go out before the caller's turn.
    const second = assistantStream("call-1");
    events.transcript(second.delta("Sure"));
    events.transcript(second.delta(", I can"));
    events.transcript(second.final("Sure", true));
    events.transcript(callerTurn("call-1", "Wait, one more thing"));

    const third = assistantStream("call-1");
    events.transcript(third.delta("Yes?"));
    events.transcript(third.delta(" Go on"));
    events.transcript(callerTurn("call-1", "Never mind"));
    await settle();

    const seen = received.map(({ value }) => [value.role, value.text, value.delta, value.final]);
    assert.deepEqual(seen, [
      ["ASSISTANT", "One", "One", false],
      ["ASSISTANT", "One two three.", " two three.", false],
      ["ASSISTANT", "One two three.", "", true],
      ["ASSISTANT", "Sure", "Sure", false],
      ["ASSISTANT", "Sure, I can", ", I can", false],
      ["ASSISTANT", "Sure", "", true],
      ["CALLER", "Wait, one more thing", "Wait, one more thing", true],
      ["ASSISTANT", "Yes?", "Yes?", false],
      ["ASSISTANT", "Yes? Go on", " Go on", false],
      ["CALLER", "Never mind", "Never mind", true],
    ]);
    assert.ok(
      received.every(({ at }) => at === 0),
      "nothing in this call waited for a timer",
    );
    assert.deepEqual(
      receivedByOther.map(({ value }) => value.delta),
      ["Other"],
      "another call's pending delta keeps to its own window",
    );

    t.mock.timers.tick(20);
    await settle();
    assert.deepEqual(
      receivedByOther.map(({ value }) => value.delta),
      ["Other", " call"],
    );
    t.mock.timers.tick(1000);
    await settle();
    assert.equal(received.length, seen.length, "no timer publishes anything for a finished turn");

    events.close();
    await Promise.all([subscription.return?.(), other.return?.()]);
  });

  test("flush() publishes what is waiting; after close() nothing more goes out", async (t: TestContext) => {
    t.mock.timers.enable({ apis: ["setTimeout", "Date"], now: 0 });
    const { pubSub } = await inProcess();
    const subscription = subscribeTranscript(pubSub, "call-1");
    const { received } = collect(subscription);
    const events = createLiveCallEvents(pubSub, { coalescing: POLICY });
    const reply = assistantStream("call-1");

    events.transcript(reply.delta("a"));
    events.transcript(reply.delta("b"));
    events.flush();
    events.transcript(reply.delta("c"));
    events.close();
    events.transcript(reply.delta("d"));
    events.callChanged("call-1");
    t.mock.timers.tick(1000);
    await settle();
    assert.deepEqual(
      received.map(({ value }) => value.text),
      ["a", "ab", "abc"],
    );
    await subscription.return?.();
  });

  test("call changes are published, and a failing publish never reaches the call", async () => {
    const { pubSub } = await inProcess();
    const updates = subscribeAllCalls(pubSub, "call:updated");
    const read = reader(updates);
    const events = createLiveCallEvents(pubSub);
    events.callChanged("call-7");
    assert.deepEqual(await read(), { done: false, value: { callId: "call-7" } });
    await updates.return?.();

    const { logger, lines } = captureLogger();
    const broken = {
      publish: () => {
        throw new Error("pub/sub down");
      },
      subscribe: pubSub.subscribe,
    } as LivePubSub;
    const failing = createLiveCallEvents(broken, { logger });
    const reply = assistantStream("call-7");
    assert.doesNotThrow(() => {
      failing.transcript(callerTurn("call-7", "Hello"));
      failing.transcript(reply.delta("Hi"));
      failing.transcript(reply.final());
      failing.callChanged("call-7");
    });
    assert.equal(lines.filter((line) => line.level === 50).length, 4);
  });

  test("events from before the call has a record are not published to an empty id", async () => {
    const { pubSub } = await inProcess();
    const subscription = subscribeTranscript(pubSub, "");
    const read = reader(subscription);
    const events = createLiveCallEvents(pubSub);
    events.transcript(callerTurn("", "Hello?"));
    assert.equal(await read(100), "timeout");
    await subscription.return?.();
  });
});

describe("a stalled subscriber", () => {
  test("is held to maxBuffered while 10,000 events go by, and then sees the latest state", async () => {
    const { pubSub } = await inProcess();
    const dropped: number[] = [];
    const stalled = subscribeTranscript(pubSub, "call-1", {
      maxBuffered: 64,
      onOverflow: (count) => dropped.push(count),
    });
    const healthySubscription = subscribeTranscript(pubSub, "call-1");
    const healthy = collect(healthySubscription);
    // A subscription starts listening at once, without waiting to be read.
    await settle();

    const turnId = randomUUID();
    const started = performance.now();
    let text = "";
    for (let i = 0; i < 10_000; i++) {
      text += `${i} `;
      pubSub.publish("call:transcript", "call-1", {
        callId: "call-1",
        turnId,
        role: "ASSISTANT",
        text,
        delta: `${i} `,
        final: i === 9_999,
        interrupted: false,
      });
      // Events arrive from sockets, a few per turn of the event loop.
      if (i % 100 === 99) await nextTurn();
    }
    const publishMs = performance.now() - started;
    await settle();

    assert.equal(healthy.received.length, 10_000, "other subscribers get everything");
    assert.equal(joinedDeltas(healthy.received.map(({ value }) => value)), text);
    assert.ok(publishMs < 5_000, `publishing took ${publishMs} ms`);

    const read = reader(stalled);
    const resumed: TranscriptEvent[] = [];
    for (;;) {
      const result = await read(200);
      if (result === "timeout" || result.done) break;
      resumed.push(result.value);
    }
    assert.equal(resumed.length, 64, "no more than maxBuffered events were kept for it");
    assert.equal(resumed.at(-1)?.text, text);
    assert.equal(resumed.at(-1)?.final, true);
    assert.deepEqual(dropped, [10_000 - 64], "the overflow is reported once, when it caught up");

    pubSub.publish("call:transcript", "call-1", { ...callerTurn("call-1", "Thanks") });
    const next = await read();
    assert.ok(next !== "timeout" && !next.done && next.value.text === "Thanks", "it keeps receiving after catching up");

    await Promise.all([stalled.return?.(), healthySubscription.return?.()]);
    await healthy.finished;
  });

  test("a synchronous burst past the Repeater's 1024 pending pushes is logged, not fatal", async () => {
    const { pubSub, lines } = await inProcess();
    const subscription = subscribeTranscript(pubSub, "call-1", { maxBuffered: 16 });
    const read = reader(subscription);
    await settle();

    for (let i = 0; i < 5_000; i++) pubSub.publish("call:transcript", "call-1", callerTurn("call-1", `burst ${i}`));
    await settle();
    assert.equal(lines.filter((line) => line.msg.includes("fell too far behind")).length, 1);

    pubSub.publish("call:transcript", "call-1", callerTurn("call-1", "after the burst"));
    let last: TranscriptEvent | undefined;
    for (;;) {
      const result = await read(200);
      if (result === "timeout" || result.done) break;
      last = result.value;
    }
    assert.equal(last?.text, "after the burst");
    await subscription.return?.();
  });
});

describe("a call's transcript until the call is over", () => {
  const live: CallEnd = { status: "IN_PROGRESS", endedAt: null, endReason: null };
  const hungUp: CallEnd = { status: "IN_PROGRESS", endedAt: new Date(), endReason: "CALLER_HUNG_UP" };

  /** A pub/sub whose listeners can be counted, to see that nothing stays subscribed. */
  function countingPubSub() {
    const listeners = new Map<string, number>();
    class CountingTarget extends EventTarget {
      override addEventListener(...args: Parameters<EventTarget["addEventListener"]>): void {
        listeners.set(args[0], (listeners.get(args[0]) ?? 0) + 1);
        super.addEventListener(...args);
      }
      override removeEventListener(...args: Parameters<EventTarget["removeEventListener"]>): void {
        listeners.set(args[0], (listeners.get(args[0]) ?? 0) - 1);
        super.removeEventListener(...args);
      }
    }
    const pubSub: LivePubSub = createPubSub<LiveTopics>({
      eventTarget: new CountingTarget() as PubSubEventTarget<LiveTopics>,
    });
    const subscribed = () => [...listeners.values()].reduce((sum, n) => sum + n, 0);
    return { pubSub, subscribed };
  }

  /** The call as the store would answer, and how many times it was asked. */
  function callRecord(initial: CallEnd | null) {
    const record = { current: initial, reads: 0 };
    const read = async () => {
      record.reads += 1;
      return record.current;
    };
    return { record, read };
  }

  test("delivers the call's events, and completes after them once an update of this call finds it over", async () => {
    const { pubSub, subscribed } = countingPubSub();
    const { record, read } = callRecord(live);
    const subscription = await transcriptUntilCallOver(pubSub, "call-1", read);
    assert.ok(subscription);
    const { received, finished } = collect(subscription);

    pubSub.publish("call:transcript", "call-1", callerTurn("call-1", "Hello?"));
    pubSub.publish("call:updated", { callId: "call-1" });
    await settle();
    assert.deepEqual(
      received.map(({ value }) => value.text),
      ["Hello?"],
    );
    assert.equal(record.reads, 2, "the update made it read the call again");

    record.current = hungUp;
    pubSub.publish("call:updated", { callId: "call-2" });
    await settle();
    assert.equal(record.reads, 2, "another call's update is not this call's business");

    // The last words and the end arrive together: the words are still delivered.
    pubSub.publish("call:transcript", "call-1", callerTurn("call-1", "Bye."));
    pubSub.publish("call:updated", { callId: "call-1" });
    await finished;
    assert.deepEqual(
      received.map(({ value }) => value.text),
      ["Hello?", "Bye."],
    );
    assert.equal(subscribed(), 0, "both topics are unsubscribed");
  });

  test("an end that happens while the call is being read is not missed", async () => {
    const { pubSub } = countingPubSub();
    let reads = 0;
    const subscription = await transcriptUntilCallOver(pubSub, "call-1", async () => {
      reads += 1;
      if (reads > 1) return hungUp;
      // The call ends after this read saw it live, before the subscription is returned.
      pubSub.publish("call:updated", { callId: "call-1" });
      return live;
    });
    assert.ok(subscription);
    const { finished } = collect(subscription);
    await finished;
    assert.equal(reads, 2);
  });

  test("a dropped connection or a transfer is not the end; Twilio's final status is", async () => {
    const { pubSub } = countingPubSub();
    const { record, read } = callRecord(live);
    const subscription = await transcriptUntilCallOver(pubSub, "call-1", read);
    assert.ok(subscription);
    const next = reader(subscription);
    for (const endReason of ["CONNECTION_LOST", "TRANSFERRED_TO_OWNER"] as const) {
      record.current = { status: "IN_PROGRESS", endedAt: new Date(), endReason };
      pubSub.publish("call:updated", { callId: "call-1" });
      assert.equal(await next(100), "timeout", endReason);
    }
    record.current = { status: "COMPLETED", endedAt: new Date(), endReason: "TRANSFERRED_TO_OWNER" };
    pubSub.publish("call:updated", { callId: "call-1" });
    assert.deepEqual(await next(), { done: true, value: undefined });
  });

  test("a call already over completes at once, a call that does not exist is undefined, and neither stays subscribed", async () => {
    const { pubSub, subscribed } = countingPubSub();
    const over = await transcriptUntilCallOver(
      pubSub,
      "call-1",
      callRecord({ status: "COMPLETED", endedAt: new Date(), endReason: null }).read,
    );
    assert.ok(over);
    assert.deepEqual(await over.next(), { done: true, value: undefined });
    assert.equal(await transcriptUntilCallOver(pubSub, "nowhere", callRecord(null).read), undefined);
    await assert.rejects(
      transcriptUntilCallOver(pubSub, "call-1", async () => {
        throw new Error("database down");
      }),
      /database down/,
    );
    assert.equal(subscribed(), 0);
  });

  test("a subscriber that stops reading is unsubscribed, and one that stalls keeps only the newest events", async () => {
    const { pubSub, subscribed } = countingPubSub();
    const { record, read } = callRecord(live);
    const left = await transcriptUntilCallOver(pubSub, "call-1", read);
    const stalled = await transcriptUntilCallOver(pubSub, "call-1", read, { maxBuffered: 4 });
    assert.ok(left && stalled);
    assert.equal(subscribed(), 4, "two topics each");
    await left.return?.();
    assert.equal(subscribed(), 2);

    for (let i = 0; i < 100; i++) {
      pubSub.publish("call:transcript", "call-1", callerTurn("call-1", `line ${i}`));
      // Events arrive from sockets, a few per turn of the event loop.
      if (i % 10 === 9) await settle();
    }
    record.current = hungUp;
    pubSub.publish("call:updated", { callId: "call-1" });
    const { received, finished } = collect(stalled);
    await finished;
    assert.deepEqual(
      received.map(({ value }) => value.text),
      ["line 96", "line 97", "line 98", "line 99"],
    );
    assert.equal(subscribed(), 0);
  });
});

describe("boundedSubscription", () => {
  test("return() stops the source, and nothing is delivered afterwards", async () => {
    let listening = false;
    let push: ((value: number) => Promise<unknown>) | undefined;
    const source = new Repeater<number>(async (next, stop) => {
      listening = true;
      push = next;
      await stop;
      listening = false;
    });
    const subscription = boundedSubscription(source, { maxBuffered: 4 });
    await settle();
    assert.equal(listening, true, "the source is read before the subscriber asks");

    void push?.(1);
    assert.deepEqual(await subscription.next(), { done: false, value: 1 });
    const waiting = subscription.next();
    assert.deepEqual(await subscription.return?.(), { done: true, value: undefined });
    assert.deepEqual(await waiting, { done: true, value: undefined }, "a read in progress ends too");
    await settle();
    assert.equal(listening, false);
    void push?.(2);
    assert.deepEqual(await subscription.next(), { done: true, value: undefined });
  });

  test("unsubscribing from the pub/sub stops delivery", async () => {
    const { pubSub } = await inProcess();
    const subscription = subscribeTranscript(pubSub, "call-1");
    const { received, finished } = collect(subscription);
    await settle();
    pubSub.publish("call:transcript", "call-1", callerTurn("call-1", "one"));
    await settle();
    await subscription.return?.();
    pubSub.publish("call:transcript", "call-1", callerTurn("call-1", "two"));
    await finished;
    assert.deepEqual(
      received.map(({ value }) => value.text),
      ["one"],
    );
  });

  test("a source that fails delivers what it had, then the error", async () => {
    async function* failing() {
      yield 1;
      yield 2;
      throw new Error("source broke");
    }
    const subscription = boundedSubscription(failing(), { maxBuffered: 8 });
    assert.deepEqual(await subscription.next(), { done: false, value: 1 });
    assert.deepEqual(await subscription.next(), { done: false, value: 2 });
    await assert.rejects(subscription.next(), /source broke/);
    assert.deepEqual(await subscription.next(), { done: true, value: undefined });
  });

  test("maxBuffered must be a positive integer", () => {
    assert.throws(() => boundedSubscription(new Repeater<number>(() => undefined), { maxBuffered: 0 }), RangeError);
  });
});

describe("live events through Redis", () => {
  const redisUrl = process.env.REDIS_URL;

  async function subscribedCount(admin: Redis, channel: string): Promise<number> {
    const reply = (await admin.pubsub("NUMSUB", channel)) as [string, number];
    return Number(reply[1]);
  }

  async function until(what: string, probe: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + 5000;
    while (!(await probe())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(20);
    }
  }

  test("an event published by one process reaches a subscriber in another, for its call only", async (t) => {
    if (!redisUrl) return t.skip("needs REDIS_URL");
    const a = await createLivePubSub({ redisUrl, logger: captureLogger().logger });
    const b = await createLivePubSub({ redisUrl, logger: captureLogger().logger });
    const admin = new Redis(redisUrl);
    t.after(async () => {
      await Promise.all([a.close(), b.close()]);
      await admin.quit();
    });
    const callId = randomUUID();
    const otherCallId = randomUUID();

    const transcript = subscribeTranscript(b.pubSub, callId);
    const otherTranscript = subscribeTranscript(b.pubSub, otherCallId);
    const updates = subscribeAllCalls(b.pubSub, "call:updated");
    const readTranscript = reader(transcript);
    const readOther = reader(otherTranscript);
    const readUpdates = reader(updates);
    await until(
      "B to subscribe",
      async () =>
        (await subscribedCount(admin, `call:transcript:${callId}`)) === 1 &&
        (await subscribedCount(admin, `call:transcript:${otherCallId}`)) === 1 &&
        (await subscribedCount(admin, "call:updated")) >= 1,
    );

    const events = createLiveCallEvents(a.pubSub);
    const question = callerTurn(callId, "Is Sam in today?");
    const reply = assistantStream(callId);
    events.transcript(question);
    events.transcript(reply.delta("Sam is out"));
    events.transcript(reply.delta(" until Monday."));
    events.transcript(reply.final());
    events.callChanged(callId);

    const arrived: TranscriptEvent[] = [];
    while (arrived.length < 4) {
      const result = await readTranscript();
      assert.ok(result !== "timeout" && !result.done, `only ${arrived.length} events arrived`);
      arrived.push(result.value);
    }
    assert.deepEqual(arrived[0], question, "events cross Redis as the same plain objects");
    assert.deepEqual(
      arrived.map((event) => [event.text, event.delta, event.final]),
      [
        ["Is Sam in today?", "Is Sam in today?", true],
        ["Sam is out", "Sam is out", false],
        ["Sam is out until Monday.", " until Monday.", false],
        ["Sam is out until Monday.", "", true],
      ],
    );
    for (;;) {
      const update = await readUpdates();
      assert.ok(update !== "timeout" && !update.done, "the call update arrived");
      if (update.value.callId === callId) break;
    }
    assert.equal(await readOther(300), "timeout", "another call's subscriber hears nothing");

    await transcript.return?.();
    await until("B to unsubscribe", async () => (await subscribedCount(admin, `call:transcript:${callId}`)) === 0);
    events.transcript(callerTurn(callId, "Hello?"));
    assert.deepEqual(await readTranscript(), { done: true, value: undefined });

    events.close();
    await Promise.all([otherTranscript.return?.(), updates.return?.()]);
  });

  test("subscriptions still open when the connections close end without unhandled errors", async (t) => {
    if (!redisUrl) return t.skip("needs REDIS_URL");
    const { logger, lines } = captureLogger();
    const live = await createLivePubSub({ redisUrl, logger });
    const subscription = subscribeTranscript(live.pubSub, randomUUID());
    await settle();
    await live.close();
    live.pubSub.publish("call:transcript", "x", callerTurn("x", "late"));
    await subscription.return?.();
    await sleep(50);
    assert.equal(lines.filter((line) => line.level >= 50).length, 0, "closing is not an error");
  });
});

test("Redis going away once started is logged once per connection, and publishing never throws", async (t) => {
  const redisUrl = process.env.REDIS_URL;
  if (!redisUrl) return t.skip("needs REDIS_URL");
  const redis = new URL(redisUrl);
  const proxy = await startTcpProxy({ host: redis.hostname, port: Number(redis.port || 6379) });
  t.after(() => proxy.close());
  const { logger, lines } = captureLogger();
  const live = await createLivePubSub({ redisUrl: proxy.through(redisUrl), logger });
  const subscription = subscribeTranscript(live.pubSub, "call-1");
  const events = createLiveCallEvents(live.pubSub, { logger });
  proxy.cut();
  assert.doesNotThrow(() => {
    events.transcript(callerTurn("call-1", "Hello"));
    events.callChanged("call-1");
  });
  const failures = () => lines.filter((line) => line.msg.includes("Redis connection failing"));
  await eventually("both connections reported failing", async () => failures().length === 2);
  // Reconnection attempts go on meanwhile, and are not logged again.
  await sleep(300);
  assert.equal(failures().length, 2, "one line per connection, not one per retry or event");
  events.close();
  await subscription.return?.();
  await live.close();
});

describe("a Redis that cannot be used at the start", () => {
  // What the start tells the owner is made of these errors (see redisFailure); nothing is left
  // retrying behind the failed start, and nothing is logged: the start's one line says it all.
  test("nobody listening: the connection's own error, ECONNREFUSED", async () => {
    const { logger, lines } = captureLogger();
    await assert.rejects(createLivePubSub({ redisUrl: "redis://:hunter2@127.0.0.1:1", logger }), {
      code: "ECONNREFUSED",
    });
    assert.deepEqual(lines, []);
  });

  test("a server that accepts and never answers: ETIMEDOUT, not a start that waits forever", async (t) => {
    const silent = await startTcpProxy({ host: "127.0.0.1", port: 1 });
    t.after(() => silent.close());
    silent.blackhole();
    const { logger, lines } = captureLogger();
    await assert.rejects(
      createLivePubSub({ redisUrl: silent.through("redis://127.0.0.1:6379"), logger, connectTimeoutMs: 300 }),
      { code: "ETIMEDOUT" },
    );
    assert.deepEqual(lines, []);
  });
});
