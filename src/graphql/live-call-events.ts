import type { CallEvents, TranscriptEvent } from "../calls/call-events.js";
import type { Logger } from "../logger.js";
import type { LivePubSub } from "./pubsub.js";

/**
 * How an assistant reply's deltas are coalesced into transcript events. The target: a token reaches
 * a live subscriber within 50 ms (p99) of leaving the call handler, with 500 subscribers on 20 calls
 * and a token every 15 ms (`npm run bench:fanout`). Its trip is the wait here plus delivery, whose
 * p99 was 5-7 ms on a 2-core machine with a core to spare (16-140 ms with the machine saturated by
 * other work: the target then cannot be met, whatever the window). Each event goes down every
 * subscription to its call, so the window is what speed costs; the bench prints both.
 */
export interface CoalescingPolicy {
  /**
   * The window while the process is not loaded: a delta waits at most this long, and a turn's
   * events are at least this far apart unless `flushChars` fills first. 20 ms put the token p99 at
   * 48 ms in that bench (100 ms: 108 ms), leaving delivery, timers firing late and GC pauses their
   * share of the 50. The price: an event every one or two tokens, 3.3 times the events of a 100 ms
   * window (424 a second rather than 129; 10,600 deliveries rather than 3,200), which cost the
   * secretary's process about 0.4 of a core more there (roughly 50 us a delivery, in-process).
   */
  windowMs: number;
  /**
   * What the process publishes at most, in delta events per second across every turn streaming at
   * once: beyond `eventsPerSecond * windowMs / 1000` such turns (20 with the defaults: the bench's
   * calls, all speaking) the window widens in proportion, so that a process carrying hundreds of
   * calls (a quarter of them speaking at any time) spends on their live words what 20 cost, not
   * ten times that. Only replies that may be watched count: in one process, a call nobody
   * subscribes to publishes nothing; with Redis, other processes' subscribers are not known here,
   * so every reply counts (each event a PUBLISH).
   */
  eventsPerSecond: number;
  /**
   * How much the window widens per millisecond the event loop runs late, as this module's own
   * timers measure it (smoothed, so one GC pause barely counts): a loop that late, from delivering
   * to too many subscribers or from other work, already delays every subscriber, and fewer events
   * ease it. Timers fire a millisecond or so late on a loop that keeps up, which costs as much.
   */
  lagFactor: number;
  /**
   * The widest window, however loaded the process: at 100 ms (what every reply used to wait) text
   * still appears a few words at a time; beyond it watchers would see it arrive in lumps.
   */
  maxWindowMs: number;
  /**
   * Text waiting that reaches this length goes out at once: about a line of the Live page. Tokens
   * every 15 ms never fill it within a window, so it costs nothing then; a burst (several tokens in
   * one chunk, a faster model) shows without waiting out the window, for at most one more event per
   * 64 characters.
   */
  flushChars: number;
}

export const DEFAULT_COALESCING: CoalescingPolicy = {
  windowMs: 20,
  eventsPerSecond: 1000,
  lagFactor: 1,
  maxWindowMs: 100,
  flushChars: 64,
};

export interface LiveCallEventsOptions {
  /** Overrides some of DEFAULT_COALESCING. */
  coalescing?: Partial<CoalescingPolicy>;
  /** Where publishing failures go; they never reach the call. */
  logger?: Logger;
}

export interface LiveCallEvents extends CallEvents {
  /** Publishes every delta still waiting for its window. */
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
 * How long the smoothed event-loop lag remembers, in time rather than samples (timers fire hundreds
 * of times a second while many calls speak, a few dozen with one). A second: a lag that lasts that
 * long is load and counts in full; a single stall (an 85 ms one was seen in the bench, GC pauses
 * are a few ms) counts for a twelfth of its length or less and fades within the second; a lag
 * from before a quiet spell is forgotten at the next sample.
 */
const LAG_MEMORY_MS = 1000;

/**
 * The coalescing window for a process with `streamingTurns` replies streaming at once whose event
 * loop runs `loopLagMs` late.
 */
export function coalescingWindowMs(policy: CoalescingPolicy, streamingTurns: number, loopLagMs: number): number {
  const shared = (streamingTurns * 1000) / policy.eventsPerSecond;
  return Math.min(policy.maxWindowMs, Math.max(policy.windowMs, shared) + policy.lagFactor * loopLagMs);
}

/**
 * Publishes the call log's changes (CallEvents) to live GraphQL subscribers. The assistant's reply
 * arrives a token at a time; sending each over Redis and down every subscription would cost far
 * more than a watcher can read, so a turn's deltas are coalesced: the first goes out at once (the
 * watcher sees the reply start); a later one goes out once the turn's last event is a window old
 * (at once if it already is), or as soon as the text waiting reaches `flushChars`. Counting the
 * window from the last event rather than from the delta waiting bounds events to one a window
 * just the same, and a delta after a pause does not wait. The window is `windowMs` until the
 * process is loaded (CoalescingPolicy). Caller turns and final events go out at once, after
 * whatever the same call still had waiting, so a call's events keep their order.
 */
export function createLiveCallEvents(pubSub: LivePubSub, options: LiveCallEventsOptions = {}): LiveCallEvents {
  const policy: CoalescingPolicy = { ...DEFAULT_COALESCING, ...options.coalescing };
  const streaming = new Map<string, StreamingTurn>();
  let loopLagMs = 0;
  let loopLagSampledAt = Date.now();
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

  const flushWhenDue = (turn: StreamingTurn, dueAt: number): void => {
    // How late this timer fired is how late the event loop runs, measured for free.
    const now = Date.now();
    const weight = 1 - Math.exp(-Math.max(0, now - loopLagSampledAt) / LAG_MEMORY_MS);
    loopLagMs += (Math.max(0, now - dueAt) - loopLagMs) * weight;
    loopLagSampledAt = now;
    flushTurn(turn);
  };

  const flushCall = (callId: string): void => {
    for (const turn of streaming.values()) if (turn.callId === callId) flushTurn(turn);
  };

  const flush = (): void => {
    for (const turn of streaming.values()) flushTurn(turn);
  };

  return {
    transcriptWanted(callId) {
      // A turn still streaming (its watcher may have gone) is cleaned up by its next event.
      if (closed || !callId) return false;
      return streaming.size > 0 || pubSub.watched?.("call:transcript", callId) !== false;
    },
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
      if (turn.pendingDelta.length >= policy.flushChars) {
        flushTurn(turn);
        return;
      }
      if (turn.timer) return;
      const windowMs = coalescingWindowMs(policy, streaming.size, loopLagMs);
      const now = Date.now();
      // Clamped so that a wall clock stepping back cannot hold a reply's words for longer.
      const wait = Math.min(windowMs, turn.lastPublishedAt + windowMs - now);
      if (wait <= 0) flushTurn(turn);
      else turn.timer = setTimeout(() => flushWhenDue(turn, now + wait), wait);
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
