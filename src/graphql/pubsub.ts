import { setMaxListeners } from "node:events";
import { createPubSub, type PubSub, type PubSubEvent, type PubSubEventTarget } from "graphql-yoga";
import type { Redis } from "ioredis";
import type { TranscriptEvent } from "../calls/call-events.js";
import type { Logger } from "../logger.js";
import { type BoundedSubscriptionOptions, boundedSubscription } from "./bounded-subscription.js";

/** The payload of the topics about all calls: which call changed, or was erased. */
export interface CallRef {
  callId: string;
}

export type LiveTopics = {
  "call:updated": [CallRef];
  "call:deleted": [CallRef];
  "call:transcript": [callId: string, payload: TranscriptEvent];
  /** The owner changed the business's settings: every process reads them again. */
  "business:changed": [BusinessChanged];
  /** A command for a live call (call-commands.ts), to every process: the one holding the call applies it. */
  "call:command": [unknown];
  /** What became of a command, to the process that sent it (by its id). */
  "call:command-ack": [processId: string, payload: unknown];
};

export interface BusinessChanged {
  what: "settings" | "knowledge";
}

export type LivePubSub = PubSub<LiveTopics> & {
  /**
   * Whether anyone may be subscribed to `routingKey` (for `id`): a publisher with nobody to tell can
   * skip the work of making an event. Absent, or with Redis (other processes' subscribers are not
   * known here), someone may be.
   */
  watched?(routingKey: keyof LiveTopics, id?: string): boolean;
};

export interface LivePubSubOptions {
  /** Shares events between processes through Redis; without it they stay in this process. */
  redisUrl?: string;
  logger: Logger;
  /** How long the start waits for Redis to answer (a server that accepts and says nothing would hold it forever). */
  connectTimeoutMs?: number;
}

export interface LivePubSubHandle {
  pubSub: LivePubSub;
  /** Disconnects from Redis; live subscriptions then end quietly. */
  close(): Promise<void>;
}

type LiveEventTarget = PubSubEventTarget<LiveTopics>;
type LiveEvent = PubSubEvent<LiveTopics, keyof LiveTopics>;

/**
 * The pub/sub behind live GraphQL subscriptions: yoga's `createPubSub`, in-process or over Redis.
 *
 * With Redis, the start needs it: a REDIS_URL nothing answers at is a mistake to fix (a process
 * left out of the others' live events and commands would go unnoticed), told by the error of the
 * first connection attempt. Once started, calls must be answered even when the live view cannot
 * be shared, so Redis going away is logged and reconnected in the background.
 */
export async function createLivePubSub(options: LivePubSubOptions): Promise<LivePubSubHandle> {
  const { logger } = options;
  if (!options.redisUrl) {
    const eventTarget = new EventTarget();
    // One listener per live subscriber: a busy call easily has more than Node's warning threshold.
    setMaxListeners(0, eventTarget);
    const listened = countListeners(containListenerErrors(eventTarget as LiveEventTarget, logger));
    const pubSub = createPubSub<LiveTopics>({ eventTarget: listened.target });
    // yoga's topic for an event with an id (createPubSub: `${routingKey}:${id}`).
    const watched = (routingKey: keyof LiveTopics, id?: string): boolean =>
      listened.has(id === undefined ? routingKey : `${routingKey}:${id}`);
    return {
      pubSub: {
        subscribe: pubSub.subscribe,
        watched,
        // Most events (every token of every call) have no subscriber: they cost nothing then.
        publish: ((routingKey: keyof LiveTopics, ...args: [unknown, unknown?]) => {
          if (watched(routingKey, args[1] === undefined ? undefined : String(args[0])))
            (pubSub.publish as (key: keyof LiveTopics, ...rest: unknown[]) => void)(routingKey, ...args);
        }) as LivePubSub["publish"],
      },
      close: async () => undefined,
    };
  }

  // Loaded only with REDIS_URL: a process without it keeps ioredis's code out of its memory.
  const [{ Redis }, { createRedisEventTarget }] = await Promise.all([
    import("ioredis"),
    import("@graphql-yoga/redis-event-target"),
  ]);
  let closing = false;
  // Publishing while Redis is away fails at once instead of queueing stale events (pub/sub is
  // at-most-once anyway). Subscribing waits for the connection however long it takes: a SUBSCRIBE
  // given up on would leave a subscription that silently never receives anything.
  const publish = new Redis(options.redisUrl, { lazyConnect: true, enableOfflineQueue: false });
  const subscribe = new Redis(options.redisUrl, { lazyConnect: true, maxRetriesPerRequest: null });
  await connectAtStart([publish, subscribe], options.connectTimeoutMs ?? 10_000);
  logger.info("live events go through Redis");
  const publishClient = guardConnection(publish, "publish", logger, () => closing);
  const subscribeClient = guardConnection(subscribe, "subscribe", logger, () => closing);

  const eventTarget = createRedisEventTarget<LiveEvent>({ publishClient, subscribeClient });
  return {
    pubSub: createPubSub<LiveTopics>({ eventTarget: containListenerErrors(eventTarget, logger) }),
    close: async () => {
      closing = true;
      await Promise.all([disconnect(publish), disconnect(subscribe)]);
    },
  };
}

/** Every transcript event of one call, as a GraphQL subscription resolver can return it. */
export function subscribeTranscript(
  pubSub: LivePubSub,
  callId: string,
  options: Partial<BoundedSubscriptionOptions> = {},
): AsyncIterableIterator<TranscriptEvent> {
  // Each event carries its turn's whole text, so dropping old ones under pressure loses no words.
  return boundedSubscription(pubSub.subscribe("call:transcript", callId), {
    maxBuffered: options.maxBuffered ?? 256,
    onOverflow: options.onOverflow,
  });
}

/** Every event of a topic about all calls: a call changed (`call:updated`) or was erased (`call:deleted`). */
export function subscribeAllCalls(
  pubSub: LivePubSub,
  topic: "call:updated" | "call:deleted",
  options: Partial<BoundedSubscriptionOptions> = {},
): AsyncIterableIterator<CallRef> {
  return boundedSubscription(pubSub.subscribe(topic), {
    maxBuffered: options.maxBuffered ?? 256,
    onOverflow: options.onOverflow,
  });
}

/**
 * A yoga subscription pushes into an unbuffered Repeater from inside the event listener, and the
 * Repeater throws once 1024 pushes are pending (a burst faster than the subscription can read).
 * Thrown from an EventTarget listener that is an uncaught exception, which would end the process
 * and every call on it; here it costs only that subscriber the event, logged once per subscriber.
 */
function containListenerErrors(target: LiveEventTarget, logger: Logger): LiveEventTarget {
  // Listeners are typed by the event of their own topic; only that topic's events reach them.
  type Listener = ((event: LiveEvent) => void) | { handleEvent(event: LiveEvent): void };
  const guarded = new WeakMap<Listener, (event: LiveEvent) => void>();
  const guard = (listener: Listener): ((event: LiveEvent) => void) => {
    let wrapper = guarded.get(listener);
    if (!wrapper) {
      let reported = false;
      wrapper = (event) => {
        try {
          if (typeof listener === "function") listener(event);
          else listener.handleEvent(event);
        } catch (error) {
          if (reported) return;
          reported = true;
          logger.warn(
            { err: error, topic: event.type },
            "a live subscriber fell too far behind; events for it are being dropped",
          );
        }
      };
      guarded.set(listener, wrapper);
    }
    return wrapper;
  };
  return {
    addEventListener: (type, listener, options) => {
      if (listener) target.addEventListener(type, guard(listener as Listener), options);
    },
    removeEventListener: (type, listener, options) => {
      const wrapper = listener && guarded.get(listener as Listener);
      if (wrapper) target.removeEventListener(type, wrapper, options);
    },
    dispatchEvent: (event) => target.dispatchEvent(event),
  };
}

/** Which event types have a listener now, in this process. */
function countListeners(target: LiveEventTarget): { target: LiveEventTarget; has(type: string): boolean } {
  // By listener, as EventTarget counts them: the same one added twice is there once.
  const listeners = new Map<string, Set<unknown>>();
  return {
    has: (type) => listeners.has(type),
    target: {
      addEventListener: (type, listener, options) => {
        target.addEventListener(type, listener, options);
        if (!listener) return;
        const set = listeners.get(type) ?? new Set();
        set.add(listener);
        listeners.set(type, set);
      },
      removeEventListener: (type, listener, options) => {
        target.removeEventListener(type, listener, options);
        const set = listeners.get(type);
        if (!set?.delete(listener) || set.size > 0) return;
        listeners.delete(type);
      },
      dispatchEvent: (event) => target.dispatchEvent(event),
    },
  };
}

/**
 * Logs a connection's failures once per outage rather than once per retry or per event, and
 * catches the promises the Redis event target leaves unhandled (PUBLISH, SUBSCRIBE, UNSUBSCRIBE):
 * left alone, one failed command would be an unhandled rejection that ends the process.
 */
function guardConnection(client: Redis, role: string, logger: Logger, isClosing: () => boolean): Redis {
  let failing = false;
  const failed = (error: unknown): void => {
    if (failing || isClosing()) return;
    failing = true;
    logger.error({ err: error, redis: role }, "Redis connection failing; live events are lost until it recovers");
  };
  client.on("error", failed);
  client.on("ready", () => {
    if (failing) logger.info({ redis: role }, "Redis connection recovered");
    failing = false;
  });
  const guardedCommands = new Set<PropertyKey>(["publish", "subscribe", "unsubscribe"]);
  return new Proxy(client, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== "function") return value;
      if (!guardedCommands.has(property)) return value.bind(target);
      return (...args: unknown[]) => (value.apply(target, args) as Promise<unknown>).catch(failed);
    },
  });
}

/**
 * Opens the connections, or rejects with why the first attempt failed (ECONNREFUSED, a refused
 * password, ETIMEDOUT after `timeoutMs`) once all are closed: ioredis itself rejects with
 * "Connection is closed", tells the cause to its error listeners only, and would go on retrying.
 */
async function connectAtStart(clients: Redis[], timeoutMs: number): Promise<void> {
  let cause: unknown;
  const noteCause = (error: unknown) => {
    cause ??= error;
  };
  for (const client of clients) client.on("error", noteCause);
  const deadline = setTimeout(() => {
    noteCause(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: "ETIMEDOUT" }));
    for (const client of clients) client.disconnect();
  }, timeoutMs);
  // All settled: a connection still under way would report its failure to no listener, which
  // ioredis prints with its stack.
  const failed = (await Promise.allSettled(clients.map((client) => client.connect()))).find(
    (result) => result.status === "rejected",
  );
  clearTimeout(deadline);
  if (failed) for (const client of clients) client.disconnect();
  for (const client of clients) client.off("error", noteCause);
  if (failed) throw cause ?? failed.reason;
}

function disconnect(client: Redis): Promise<void> {
  // QUIT lets Redis finish what was sent; a connection that is not up has nothing to finish.
  if (client.status !== "ready") {
    client.disconnect();
    return Promise.resolve();
  }
  return client.quit().then(
    () => undefined,
    () => client.disconnect(),
  );
}
