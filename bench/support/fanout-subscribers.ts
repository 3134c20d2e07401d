// The live watchers of bench/fanout.ts, forked into their own process: 500 sockets' worth of
// parsing must not run on the secretary's event loop, or it would be counted as the server's
// latency (and would slow the server down). Arrival is stamped with CLOCK_MONOTONIC as soon as
// graphql-ws hands over the event, and compared in the parent with stamps taken in the server.
import { print } from "graphql";
import { type Client, createClient } from "graphql-ws";
import WebSocket from "ws";
import { TranscriptDocument, type TranscriptSubscription } from "../../test/generated/graphql.js";
import { describeError, type LoopStats, monotonicMs, sleep, startLoopProbe } from "./measure.js";

export interface SubscriberJob {
  type: "job";
  url: string;
  token: string;
  /** The call each subscriber watches (a global Call ID), one entry per subscriber. */
  callIds: string[];
  connectBatch: number;
  connectTimeoutMs: number;
}

export type ToSubscribers =
  | SubscriberJob
  /** Reply `seen` once every subscriber has had at least one event (or timeoutMs passed). */
  | { type: "await-any"; timeoutMs: number }
  | { type: "measure" }
  /** Reply `results` once every subscriber has a final event with each of its call's texts (or timeoutMs passed). */
  | { type: "finish"; expectedFinalTexts: Record<string, string[]>; timeoutMs: number };

/** [turn index into `turns`, text length, final ? 1 : 0, arrival in monotonicMs] */
export type ReceivedEvent = [number, number, number, number];

export interface SubscriberReport {
  callId: string;
  turns: { turnId: string; role: string; finalText: string | null; deltasAddUp: boolean }[];
  events: ReceivedEvent[];
  errors: string[];
  /** The server completed the subscription: it does so only once the call is over, and these calls are still on. */
  completedEarly: boolean;
}

export type FromSubscribers =
  | { type: "connected"; ms: number; failed: string[] }
  | { type: "seen"; missing: number }
  | { type: "results"; subscribers: SubscriberReport[]; loop: LoopStats | undefined; incomplete: number };

interface Subscriber {
  callId: string;
  client: Client;
  turnIndex: Map<string, number>;
  turns: { turnId: string; role: string; finalText: string | null; lastText: string; deltas: string }[];
  events: ReceivedEvent[];
  errors: string[];
  completedEarly: boolean;
}

// Resolves once the message is handed to the IPC channel: exiting before that would drop it.
const send = (message: FromSubscribers): Promise<void> =>
  new Promise((resolve, reject) => {
    if (!process.send) return reject(new Error("not forked with an IPC channel"));
    process.send(message, undefined, {}, (error) => (error ? reject(error) : resolve()));
  });
// Orphaned when the bench dies: nothing left to report to.
process.on("disconnect", () => process.exit(1));

const subscribers: Subscriber[] = [];
let probe: ReturnType<typeof startLoopProbe> | undefined;

process.on("message", (message: ToSubscribers) => {
  const run = async () => {
    switch (message.type) {
      case "job":
        return connectAll(message);
      case "await-any": {
        await until(() => subscribers.every((s) => s.events.length > 0), message.timeoutMs);
        return send({ type: "seen", missing: subscribers.filter((s) => s.events.length === 0).length });
      }
      case "measure":
        probe = startLoopProbe();
        return;
      case "finish":
        return finish(message.expectedFinalTexts, message.timeoutMs);
    }
  };
  run().catch((error: unknown) => {
    process.stderr.write(`subscribers: ${describeError(error)}\n`);
    process.exit(1);
  });
});

async function connectAll(job: SubscriberJob): Promise<void> {
  const started = monotonicMs();
  const failed: string[] = [];
  const query = print(TranscriptDocument);
  for (let from = 0; from < job.callIds.length; from += job.connectBatch) {
    const batch = job.callIds.slice(from, from + job.connectBatch);
    await Promise.all(
      batch.map(async (callId) => {
        let connected!: () => void;
        let refused!: (error: Error) => void;
        const ready = new Promise<void>((resolve, reject) => {
          connected = resolve;
          refused = reject;
        });
        const client = createClient({
          url: `${job.url.replace(/^http/, "ws")}/graphql`,
          webSocketImpl: WebSocket,
          connectionParams: { authorization: `Bearer ${job.token}` },
          retryAttempts: 0,
          lazy: false,
          on: {
            connected: () => connected(),
            closed: (event) => refused(new Error(`closed before ack (${(event as { code?: number }).code})`)),
            error: (error) => refused(new Error(describeError(error))),
          },
        });
        const subscriber: Subscriber = {
          callId,
          client,
          turnIndex: new Map(),
          turns: [],
          events: [],
          errors: [],
          completedEarly: false,
        };
        subscribers.push(subscriber);
        client.subscribe<TranscriptSubscription>(
          { query, variables: { callId } },
          {
            next: (value) => receive(subscriber, value.data?.transcript, value.errors),
            error: (error) => {
              subscriber.errors.push(describeError(error));
            },
            complete: () => {
              subscriber.completedEarly = true;
            },
          },
        );
        const timer = setTimeout(() => refused(new Error("no connection_ack in time")), job.connectTimeoutMs);
        try {
          await ready;
        } catch (error) {
          failed.push(describeError(error));
        } finally {
          clearTimeout(timer);
        }
      }),
    );
  }
  await send({ type: "connected", ms: monotonicMs() - started, failed });
}

function receive(
  subscriber: Subscriber,
  event: TranscriptSubscription["transcript"] | undefined,
  errors: unknown,
): void {
  const at = monotonicMs();
  if (!event) {
    subscriber.errors.push(`event without data: ${JSON.stringify(errors)}`);
    return;
  }
  let index = subscriber.turnIndex.get(event.turnId);
  if (index === undefined) {
    index = subscriber.turns.length;
    subscriber.turnIndex.set(event.turnId, index);
    subscriber.turns.push({ turnId: event.turnId, role: event.role, finalText: null, lastText: "", deltas: "" });
  }
  const turn = subscriber.turns[index];
  if (turn) {
    turn.deltas += event.delta;
    turn.lastText = event.text;
    if (event.final) turn.finalText = event.text;
  }
  subscriber.events.push([index, event.text.length, event.final ? 1 : 0, at]);
}

async function finish(expected: Record<string, string[]>, timeoutMs: number): Promise<void> {
  const complete = (s: Subscriber) => {
    const finals = new Set(s.turns.map((t) => t.finalText));
    return (expected[s.callId] ?? []).every((text) => finals.has(text));
  };
  await until(() => subscribers.every((s) => complete(s) || s.errors.length > 0 || s.completedEarly), timeoutMs);
  const loop = probe?.stop();
  await send({
    type: "results",
    loop,
    incomplete: subscribers.filter((s) => !complete(s)).length,
    subscribers: subscribers.map((s) => ({
      callId: s.callId,
      // Deltas only add up for turns seen from their first event; turns already under way when
      // the subscription started are not checked.
      turns: s.turns.map((t) => ({
        turnId: t.turnId,
        role: t.role,
        finalText: t.finalText,
        deltasAddUp: t.deltas === t.lastText,
      })),
      events: s.events,
      errors: s.errors,
      completedEarly: s.completedEarly,
    })),
  });
  await Promise.allSettled(subscribers.map((s) => s.client.dispose()));
  process.disconnect?.();
  process.exit(0);
}

// Polled rather than woken per event: checking 500 subscribers on every one of ~30,000 events
// would put the bookkeeping on the same loop that stamps arrivals.
async function until(done: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = monotonicMs() + timeoutMs;
  while (!done() && monotonicMs() < deadline) await sleep(20);
}
