import { type ExecutionResult, GraphQLError } from "graphql";

/**
 * Most operations (live subscriptions, mostly) one graphql-ws connection or graphql-sse single
 * connection runs at once. A dashboard needs a few; a thousand on one socket is a client gone
 * wrong, or one trying to keep the server busy.
 */
export const MAX_OPERATIONS_PER_CONNECTION = 100;

export function tooManyOperations(): GraphQLError {
  return new GraphQLError(
    `At most ${MAX_OPERATIONS_PER_CONNECTION} operations run at once on one connection: complete one before starting another`,
    { extensions: { code: "TOO_MANY_OPERATIONS" } },
  );
}

type Outcome = ExecutionResult | AsyncIterable<ExecutionResult>;

/**
 * The operations running on each graphql-sse single connection (named by its stream token), for a
 * protocol handler that does not tell: an operation takes a slot when it starts and gives it back
 * when it ends, however it ends (completed, failed, stopped by the client, or with its stream).
 */
export class OperationSlots {
  private readonly running = new Map<string, number>();

  /** Runs `start` if `connection` has a slot free, or answers with the refusal. */
  async run(
    connection: string,
    start: () => Outcome | Promise<Outcome>,
  ): Promise<ExecutionResult | AsyncIterableIterator<ExecutionResult>> {
    const running = this.running.get(connection) ?? 0;
    if (running >= MAX_OPERATIONS_PER_CONNECTION) return { errors: [tooManyOperations()] };
    this.running.set(connection, running + 1);
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      const left = (this.running.get(connection) ?? 1) - 1;
      if (left > 0) this.running.set(connection, left);
      else this.running.delete(connection);
    };
    try {
      const outcome = await start();
      if (Symbol.asyncIterator in outcome) return releasedAtEnd(outcome, release);
      release();
      return outcome;
    } catch (error) {
      release();
      throw error;
    }
  }
}

/** `source`, calling `release` once it is done, fails, or is stopped. */
function releasedAtEnd<T>(source: AsyncIterable<T>, release: () => void): AsyncIterableIterator<T> {
  const items = source[Symbol.asyncIterator]();
  const done = (): IteratorResult<T> => ({ done: true, value: undefined });
  const iterator: AsyncIterableIterator<T> = {
    async next() {
      try {
        const next = await items.next();
        if (next.done) release();
        return next;
      } catch (error) {
        release();
        throw error;
      }
    },
    async return() {
      release();
      return (await items.return?.()) ?? done();
    },
    async throw(error?: unknown) {
      release();
      if (items.throw) return items.throw(error);
      throw error;
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
