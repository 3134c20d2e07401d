import type { Logger } from "../logger.js";

const RETRY_DELAYS_MS = [100, 500, 2000, 5000];

/**
 * Database writes per call, in order, off the conversation's hot path. A write that fails is retried
 * (a database restart should not lose a turn); the call goes on meanwhile. Writes do not belong to
 * the socket: when a caller hangs up mid-write, the write still completes.
 */
export class WriteQueue {
  private readonly tails = new Map<string, Promise<void>>();

  constructor(private readonly logger: Logger) {}

  /** Queues `write` behind the earlier writes for `key`; the promise settles when it has run. */
  enqueue<T>(key: string, label: string, write: () => Promise<T>): Promise<T | undefined> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    // setImmediate: a write never starts in the same tick as the conversation work that queued it,
    // so the request to Claude (and the first token) leave before any database work begins.
    const result = previous
      .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
      .then(() => this.runWithRetries(key, label, write));
    const tail = result.then(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Resolves once every write queued so far for `key` has run. */
  idle(key: string): Promise<void> {
    return this.tails.get(key) ?? Promise.resolve();
  }

  /** Resolves once every queued write has run (used on shutdown). */
  async drain(): Promise<void> {
    while (this.tails.size > 0) await Promise.all([...this.tails.values()]);
  }

  private async runWithRetries<T>(key: string, label: string, write: () => Promise<T>): Promise<T | undefined> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await write();
      } catch (error) {
        const delay = RETRY_DELAYS_MS[attempt];
        if (delay === undefined) {
          this.logger.error({ err: error, key, write: label }, "database write failed for good");
          return undefined;
        }
        this.logger.warn({ err: error, key, write: label, retryInMs: delay }, "database write failed, retrying");
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }
}
