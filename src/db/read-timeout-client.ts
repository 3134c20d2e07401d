import pg from "pg";

type QueryCallback = (error: Error | null | undefined, result?: unknown) => void;

// pg's own, unexported: the queries waiting for the connection, and what sends the next one.
interface ClientQueue {
  _queryQueue: unknown[];
  _pulseQueryQueue(): void;
}

/**
 * A pg client whose every query fails after `readTimeoutMs` without an answer, as pg's own
 * `query_timeout` does, and which then behaves as pg does: the caller gets "Query read timeout",
 * an answer arriving later is dropped, and a query not yet sent is taken out of the queue.
 *
 * pg's `query_timeout` is armed inside `Client.query`, where the query and the callback that
 * replaces its own share one closure context (query → callback → context → query). With that
 * cycle, V8's young-generation collections kept every finished query's rows, and the promise and
 * request that awaited them, alive until the next full collection, unreachable as they were (a heap
 * snapshot finds none): about half of all young allocation survived each scavenge instead of 1%,
 * every scavenge took several milliseconds, and the tail of `calls(first: 20)` was those pauses
 * (bench/search.ts). Here the timer's closure knows the query, the query's callback knows only the
 * timer and the caller's callback, and nothing a query's answer reaches refers back to it.
 */
export function readTimeoutClient(readTimeoutMs: number): typeof pg.Client {
  return class ReadTimeoutClient extends pg.Client {
    // One signature for pg's overloads, which pg-pool and Prisma's adapter call as pg documents them.
    // biome-ignore lint/suspicious/noExplicitAny: the overloads' results (a promise, void, a submittable)
    override query(config: unknown, values?: unknown, callback?: unknown): any {
      if (typeof values === "function") return this.query(config, undefined, values);
      const submittable = typeof (config as { submit?: unknown } | null)?.submit === "function";
      const query = (
        submittable
          ? config
          : new pg.Query(config as pg.QueryConfig, values as unknown[] | undefined, callback as QueryCallback)
      ) as pg.Query & { callback?: QueryCallback };
      if (submittable && !query.callback && callback) query.callback = callback as QueryCallback;
      // As pg does: without a callback (given, or in the query's config), a promise of the result.
      let caller = query.callback;
      let promise: Promise<unknown> | undefined;
      if (!caller && !submittable) {
        promise = new Promise((resolve, reject) => {
          caller = (error, result) => (error ? reject(error) : resolve(result));
        }).catch((error: Error) => {
          // A stack that leads back to the caller, not to the socket's read.
          Error.captureStackTrace(error);
          throw error;
        });
      }
      const answered = answerOnce(caller ?? (() => undefined));
      query.callback = answered.callback;
      answered.timer = timeOut(this as unknown as ClientQueue, query, answered.callback, readTimeoutMs);
      super.query(query as unknown as pg.Submittable);
      return submittable ? query : promise;
    }
  };
}

/** The caller's callback, called once: with the answer, or with the timeout's error, whichever comes first. */
function answerOnce(caller: QueryCallback) {
  const answered = {
    timer: undefined as NodeJS.Timeout | undefined,
    callback: (error: Error | null | undefined, result?: unknown) => {
      if (!answered.timer) return;
      clearTimeout(answered.timer);
      answered.timer = undefined;
      caller(error, result);
    },
  };
  return answered;
}

// In a function of its own, so that the query is in the timer's closure only.
function timeOut(client: ClientQueue, query: unknown, callback: QueryCallback, ms: number): NodeJS.Timeout {
  return setTimeout(() => {
    callback(new Error("Query read timeout"));
    const queued = client._queryQueue.indexOf(query);
    if (queued > -1) client._queryQueue.splice(queued, 1);
    client._pulseQueryQueue();
  }, ms);
}
