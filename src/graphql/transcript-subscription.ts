import type { Call } from "@prisma/client";
import { filter, map, Repeater } from "graphql-yoga";
import type { TranscriptEvent } from "../calls/call-events.js";
import { isCallOver } from "../calls/call-over.js";
import { type BoundedSubscriptionOptions, boundedSubscription } from "./bounded-subscription.js";
import { type CallRef, type LivePubSub, subscribeTranscript } from "./pubsub.js";

/** What deciding whether a call is over needs of its record. */
export type CallEnd = Pick<Call, "endedAt" | "status" | "endReason">;

/** A `call:updated` of this call, among its transcript's events. */
interface CallUpdate {
  update: CallRef;
}

/**
 * One call's live transcript, ending once the call is over (`isCallOver`). Resolves `undefined`
 * when `readCall` finds no such call.
 *
 * Both topics are subscribed to before the call is read, so an end that happens while it is
 * being read still arrives as an update. Each `call:updated` for this call reads it again, and
 * `readCall` is given that event (so that every watcher of the call can share one read of it);
 * when it is over, the transcript events already received (the call's last words) are delivered,
 * then the subscription completes. The transcript keeps the drop-oldest bound of `subscribeTranscript`.
 */
export async function transcriptUntilCallOver(
  pubSub: LivePubSub,
  callId: string,
  readCall: (update?: CallRef) => Promise<CallEnd | null>,
  options: Partial<BoundedSubscriptionOptions> = {},
): Promise<AsyncIterableIterator<TranscriptEvent> | undefined> {
  const transcript = subscribeTranscript(pubSub, callId, options);
  // Whether the call changed since it was last read is all that counts, not how many times.
  const updates = boundedSubscription(
    filter((event: CallRef) => event.callId === callId)(pubSub.subscribe("call:updated")),
    {
      maxBuffered: 1,
    },
  );
  const unsubscribe = async (): Promise<void> => {
    await Promise.all([transcript.return?.(), updates.return?.()]);
  };

  let call: CallEnd | null;
  try {
    call = await readCall();
  } catch (error) {
    await unsubscribe();
    throw error;
  }
  if (!call || isCallOver(call)) {
    await unsubscribe();
    return call ? emptySubscription() : undefined;
  }

  const merged = Repeater.merge([transcript, map((update: CallRef): CallUpdate => ({ update }))(updates)]);
  let over = false;
  let closed = false;
  const done = (): IteratorResult<TranscriptEvent> => ({ done: true, value: undefined });
  // Written out rather than as a Repeater: returning a repeater (or the merge) before anything was
  // read from it skips its clean-up, and these two subscriptions must end however this one does.
  const subscription: AsyncIterableIterator<TranscriptEvent> = {
    async next() {
      while (!closed) {
        // Once the call is over, only what has already arrived is still delivered.
        const next = over ? await alreadyThere(merged.next()) : await merged.next();
        if (next === undefined || next.done) break;
        if (!("update" in next.value)) return { done: false, value: next.value };
        const { update } = next.value;
        if (!over) over = await isOverNow(() => readCall(update));
      }
      await subscription.return?.();
      return done();
    },
    async return() {
      closed = true;
      await unsubscribe();
      await merged.return();
      return done();
    },
    [Symbol.asyncIterator]() {
      return subscription;
    },
  };
  return subscription;
}

/**
 * Whether the call is over, read again. A call erased meanwhile is over too. A failed read is not
 * an end: the transcript goes on, and the call's next update (its status, its analysis) asks again.
 */
async function isOverNow(readCall: () => Promise<CallEnd | null>): Promise<boolean> {
  try {
    const call = await readCall();
    return !call || isCallOver(call);
  } catch {
    return false;
  }
}

/**
 * The result of `next` if it is already there, `undefined` if it would have to wait. What the
 * subscriptions have received sits in their buffers, and a read from a buffer settles in promise
 * callbacks alone, all of which run before a `setImmediate` callback does.
 */
function alreadyThere<T>(next: Promise<IteratorResult<T>>): Promise<IteratorResult<T> | undefined> {
  return Promise.race([next, new Promise<undefined>((resolve) => setImmediate(() => resolve(undefined)))]);
}

function emptySubscription(): AsyncIterableIterator<TranscriptEvent> {
  const subscription: AsyncIterableIterator<TranscriptEvent> = {
    next: async () => ({ done: true, value: undefined }),
    [Symbol.asyncIterator]: () => subscription,
  };
  return subscription;
}
