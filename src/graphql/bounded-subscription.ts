export interface BoundedSubscriptionOptions {
  /** How many undelivered items a subscriber may fall behind by before the oldest are dropped. */
  maxBuffered: number;
  /**
   * How many items the subscriber missed, reported once it has caught up again (or when the
   * subscription ends), so a long stall is one log line rather than one per dropped item.
   */
  onOverflow?: (dropped: number) => void;
}

/**
 * Reads `source` as fast as it produces, whatever the subscriber does, keeping at most
 * `maxBuffered` undelivered items and dropping the oldest. A stalled subscriber (a paused SSE
 * client, a slow WebSocket) therefore never makes publishers wait, never grows memory without
 * bound, and when it resumes it sees the newest items. Meant for events that each carry the state
 * they describe, so a gap costs intermediate steps, not the outcome.
 *
 * Reading starts at once (a yoga subscription only listens once something reads it), and
 * `return()` stops the source, which is what unsubscribes from the pub/sub.
 */
export function boundedSubscription<T>(
  source: AsyncIterable<T>,
  options: BoundedSubscriptionOptions,
): AsyncIterableIterator<T> {
  const { maxBuffered, onOverflow } = options;
  if (!Number.isInteger(maxBuffered) || maxBuffered < 1)
    throw new RangeError(`maxBuffered must be a positive integer, got ${maxBuffered}`);

  const iterator = source[Symbol.asyncIterator]();
  const buffer: T[] = [];
  const waiting = new Set<() => void>();
  let dropped = 0;
  let sourceEnded = false;
  let sourceError: { error: unknown } | undefined;
  let closed = false;

  const wakeAll = (): void => {
    for (const wake of waiting) wake();
    waiting.clear();
  };

  const reportDrops = (): void => {
    if (dropped === 0) return;
    const count = dropped;
    dropped = 0;
    onOverflow?.(count);
  };

  const pump = async (): Promise<void> => {
    try {
      for (;;) {
        const result = await iterator.next();
        if (closed) return;
        if (result.done) break;
        if (buffer.length >= maxBuffered) {
          buffer.shift();
          dropped += 1;
        }
        buffer.push(result.value);
        wakeAll();
      }
    } catch (error) {
      sourceError = { error };
    }
    sourceEnded = true;
    wakeAll();
  };
  void pump();

  const done = (): IteratorResult<T> => ({ done: true, value: undefined });

  const subscription: AsyncIterableIterator<T> = {
    async next(): Promise<IteratorResult<T>> {
      for (;;) {
        if (closed) return done();
        if (buffer.length > 0) {
          const value = buffer.shift() as T;
          if (buffer.length === 0) reportDrops();
          return { done: false, value };
        }
        if (sourceEnded) {
          closed = true;
          reportDrops();
          if (sourceError) throw sourceError.error;
          return done();
        }
        await new Promise<void>((resolve) => waiting.add(resolve));
      }
    },
    async return(): Promise<IteratorResult<T>> {
      if (closed) return done();
      closed = true;
      buffer.length = 0;
      reportDrops();
      wakeAll();
      if (!sourceEnded) await iterator.return?.();
      return done();
    },
    [Symbol.asyncIterator]() {
      return subscription;
    },
  };
  return subscription;
}
