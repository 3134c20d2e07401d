import type { CallEvents, TranscriptEvent } from "../calls/call-events.js";
import type { Logger } from "../logger.js";
import type { LivePubSub } from "./pubsub.js";

export interface LiveCallEventsOptions {
  /** Longest an assistant delta waits to be published; also the shortest gap between two. */
  batchMs?: number;
  /** Where publishing failures go; they never reach the call. */
  logger?: Logger;
}

export interface LiveCallEvents extends CallEvents {
  /** Publishes every delta still waiting for its batch. */
  flush(): void;
  /** Flushes, then ignores later events (the pub/sub is about to close). */
  close(): void;
}

interface StreamingTurn {
  callId: string;
  lastPublishedAt: number;
  /** The newest event not yet published, whose text is the turn so far. */
  pending: TranscriptEvent | undefined;
  /** Every delta since the last published event, so published deltas still add up to the text. */
  pendingDelta: string;
  timer: NodeJS.Timeout | undefined;
}

/**
 * Publishes the call log's changes (CallEvents) to live GraphQL subscribers. The assistant's reply
 * arrives a token at a time; sending each over Redis and down every subscription would cost far
 * more than a watcher can read, so a turn's deltas are coalesced: the first goes out at once (the watcher sees
 * the reply start), later ones at most `batchMs` apart. Caller turns and final events go out at
 * once, after whatever the same call still had waiting, so a call's events keep their order.
 */
export function createLiveCallEvents(pubSub: LivePubSub, options: LiveCallEventsOptions = {}): LiveCallEvents {
  const batchMs = options.batchMs ?? 100;
  const streaming = new Map<string, StreamingTurn>();
  let closed = false;

  const publish = (event: TranscriptEvent): void => {
    try {
      pubSub.publish("call:transcript", event.callId, event);
    } catch (error) {
      options.logger?.error({ err: error, callId: event.callId }, "could not publish a live transcript event");
    }
  };

  const flushTurn = (turn: StreamingTurn): void => {
    clearTimeout(turn.timer);
    turn.timer = undefined;
    if (!turn.pending) return;
    publish({ ...turn.pending, delta: turn.pendingDelta });
    turn.pending = undefined;
    turn.pendingDelta = "";
    turn.lastPublishedAt = Date.now();
  };

  const flushCall = (callId: string): void => {
    for (const turn of streaming.values()) if (turn.callId === callId) flushTurn(turn);
  };

  const flush = (): void => {
    for (const turn of streaming.values()) flushTurn(turn);
  };

  return {
    transcript(event) {
      // Before the call's record exists there is no id to subscribe to; the turn is in the
      // call's history once it does.
      if (closed || !event.callId) return;
      // Nobody watches the call (the usual case): no batching, no timers. Should someone start to,
      // the turn's next event goes out at once, with the whole text so far.
      if (pubSub.watched?.("call:transcript", event.callId) === false) {
        const turn = streaming.get(event.turnId);
        if (turn) clearTimeout(turn.timer);
        streaming.delete(event.turnId);
        return;
      }
      if (event.role === "CALLER" || event.final) {
        flushCall(event.callId);
        streaming.delete(event.turnId);
        publish(event);
        return;
      }
      const turn = streaming.get(event.turnId);
      if (!turn) {
        streaming.set(event.turnId, {
          callId: event.callId,
          lastPublishedAt: Date.now(),
          pending: undefined,
          pendingDelta: "",
          timer: undefined,
        });
        publish(event);
        return;
      }
      turn.pending = event;
      turn.pendingDelta += event.delta;
      if (turn.timer) return;
      // Clamped so that a wall clock stepping back cannot hold a reply's words for longer.
      const wait = Math.min(batchMs, turn.lastPublishedAt + batchMs - Date.now());
      if (wait <= 0) flushTurn(turn);
      else turn.timer = setTimeout(() => flushTurn(turn), wait);
    },
    callChanged(callId) {
      if (closed) return;
      try {
        pubSub.publish("call:updated", { callId });
      } catch (error) {
        options.logger?.error({ err: error, callId }, "could not publish a live call update");
      }
    },
    callErased(callId) {
      if (closed) return;
      // After the call's own events, so a watcher never hears of a call after its erasure.
      flushCall(callId);
      try {
        pubSub.publish("call:deleted", { callId });
      } catch (error) {
        options.logger?.error({ err: error, callId }, "could not publish a live call erasure");
      }
    },
    flush,
    close() {
      flush();
      closed = true;
      streaming.clear();
    },
  };
}
