import { Prisma } from "@prisma/client";
import { giveUpAfter } from "../give-up-after.js";
import type { Logger } from "../logger.js";
import type { Metrics } from "../metrics/metrics.js";
import type { CallEvents } from "./call-events.js";
import { applyWrite, type CallLogWrite, changesCall, NoCallRecordError, type WriteResult } from "./call-log-write.js";
import type { CallStore, NewTurn } from "./call-store.js";
import { TurnBatch } from "./turn-batch.js";
import type { JournalEntry, WriteJournal } from "./write-journal.js";

// A failing write waits this long before each new attempt (the last delay repeats): it is never
// given up for a database that is only away; only a write the database refuses as wrong is.
const RETRY_DELAYS_MS = [100, 500, 2000, 5000];

export interface WriteQueueDeps {
  store: CallStore;
  journal: WriteJournal;
  events: CallEvents;
  logger: Logger;
  metrics: Pick<Metrics, "writeRetried">;
}

/** A write made: when it is safe from a crash (journaled), and when the database has it. */
export interface QueuedWrite<R> {
  /** True once the write is in the journal on disk; false if the disk refused it. */
  durable: Promise<boolean>;
  /** What applying it gave back; undefined if it was dropped (the database refused it as wrong). */
  applied: Promise<R | undefined>;
}

/** A caller's turn journaled now and written to the database once released (see CallRecorder). */
export interface HeldWrite {
  release(): void;
  /** The session was refused: the write goes nowhere. */
  cancel(): void;
}

/**
 * The call log's writes, per call in order, off the conversation's hot path. Each write goes to
 * the journal (write-journal.ts) the moment it is made, then to the database behind the call's
 * earlier writes, retried for as long as the database is away; the journal keeps it across a crash
 * meanwhile. Writes do not belong to the socket: when a caller hangs up mid-write, the write still
 * completes. The turns of different calls that come due within a few milliseconds of each other go
 * to the database in one statement (turn-batch.ts), each still in its own call's order.
 *
 * A session's writes carry its key. A session the call log refuses writes nothing, and the write
 * that opened a session stays in the journal until the session's end is written, so that a
 * session cut by a crash is closed by the next start (`recover`).
 */
export class WriteQueue {
  private readonly tails = new Map<string, Promise<unknown>>();
  /** The call record's id per CallSid, once known, so that a turn costs no lookup. */
  private readonly callIds = new Map<string, string>();
  /** The journal entry that opened each live session. */
  private readonly openings = new Map<string, number>();
  private readonly refusedSessions = new Set<string>();
  /** Retries waiting for their next attempt, woken (to give up) by `stop`. */
  private readonly waiting = new Set<() => void>();
  private stopped = false;
  /** Writes made and not yet in the database (nor dropped). */
  private outstanding = 0;
  /** The turns of different calls that come due together go to the database in one statement. */
  private readonly turns: TurnBatch;
  private readonly addTurn: (callId: string, turn: NewTurn) => Promise<void>;

  constructor(private readonly deps: WriteQueueDeps) {
    this.turns = new TurnBatch(deps.store, isRefusedAsWrong);
    this.addTurn = (callId, turn) => this.turns.add(callId, turn);
  }

  /** Journals `write` and queues it behind the earlier writes for the call. */
  enqueue<W extends CallLogWrite>(callSid: string, write: W, sessionKey?: string): QueuedWrite<WriteResult<W>> {
    const { n, durable } = this.deps.journal.append({ callSid, sessionKey, write });
    this.outstanding++;
    return { durable, applied: this.apply(n, { callSid, sessionKey, write }) as Promise<WriteResult<W> | undefined> };
  }

  /** Journals `write` now; it joins the call's queue when released. */
  hold(callSid: string, write: CallLogWrite, sessionKey: string): HeldWrite {
    const entry = { callSid, sessionKey, write };
    const { n } = this.deps.journal.append(entry);
    this.outstanding++;
    let settled = false;
    return {
      release: () => {
        if (settled) return;
        settled = true;
        void this.apply(n, entry);
      },
      cancel: () => {
        if (settled) return;
        settled = true;
        this.outstanding--;
        this.deps.journal.confirm(n);
      },
    };
  }

  /**
   * Whether the write is kept (journaled, or else in the database) within `withinMs`: what a webhook
   * may tell Twilio.
   */
  async kept(queued: QueuedWrite<unknown>, withinMs: number): Promise<boolean> {
    if (await queued.durable) return true;
    const applied = await giveUpAfter(
      queued.applied.then(() => true),
      withinMs,
    );
    return applied ?? false;
  }

  /**
   * Queues the writes another process left unconfirmed in its journal (see WriteJournal.open), in
   * their order, and closes the sessions they opened and never ended: the process holding them is
   * gone. Resolves once they are all in this process's journal.
   */
  async recover(entries: JournalEntry[], unendedAnalysisDelayMs: number): Promise<void> {
    const unended = new Map<string, string>();
    for (const entry of entries) {
      if (entry.write.op === "openCall") unended.set(entry.write.session.sessionKey, entry.callSid);
      if (entry.write.op === "endSession") unended.delete(entry.write.sessionKey);
    }
    const queued = entries.map((entry) => this.enqueue(entry.callSid, entry.write, entry.sessionKey));
    for (const [sessionKey, callSid] of unended)
      queued.push(
        this.enqueue(
          callSid,
          { op: "endSession", sessionKey, reason: "CONNECTION_LOST", analysisDelayMs: unendedAnalysisDelayMs },
          sessionKey,
        ),
      );
    await Promise.all(queued.map((write) => write.durable));
  }

  /** How many writes made are not in the database yet: what an outage has held back. */
  get notInDatabase(): number {
    return this.outstanding;
  }

  /** Resolves once every write queued so far for `callSid` has run. */
  async idle(callSid: string): Promise<void> {
    await this.tails.get(callSid);
  }

  /**
   * Resolves once every queued write has run, or after `withinMs`: what is left is in the journal,
   * for the next start.
   */
  async drain(withinMs: number): Promise<void> {
    const deadline = Date.now() + withinMs;
    while (this.tails.size > 0 && Date.now() < deadline)
      await giveUpAfter(Promise.all([...this.tails.values()]), deadline - Date.now());
  }

  /**
   * Stops retrying: the writes the database has not taken stay in the journal, for the next start.
   * Call after `drain`, before the database closes.
   */
  stop(): void {
    this.stopped = true;
    for (const wake of this.waiting) wake();
  }

  private apply(n: number, entry: JournalEntry): Promise<unknown> {
    const { callSid } = entry;
    const previous = this.tails.get(callSid) ?? Promise.resolve();
    if (entry.write.op === "openCall") this.openings.set(entry.write.session.sessionKey, n);
    // setImmediate: a write never starts in the same tick as the conversation work that queued it,
    // so the request to Claude (and the first token) leave before any database work begins.
    const result = previous
      .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
      .then(() => this.run(n, entry));
    this.tails.set(callSid, result);
    void result.then(() => {
      if (this.tails.get(callSid) === result) this.tails.delete(callSid);
    });
    return result;
  }

  /** Applies one write until the database takes it or refuses it as wrong; never rejects. */
  private async run(n: number, entry: JournalEntry): Promise<unknown> {
    const result = await this.attempt(n, entry);
    if (!this.stopped) this.outstanding--;
    return result;
  }

  private async attempt(n: number, { callSid, sessionKey, write }: JournalEntry): Promise<unknown> {
    const { store, journal, logger } = this.deps;
    // Built only when there is something to say: a child logger per write costs more than the write's own work.
    const log = () => logger.child({ callSid, write: write.op });
    if (sessionKey && this.refusedSessions.has(sessionKey)) {
      this.settle(n, callSid, write);
      return undefined;
    }
    const callId = async () => this.callIds.get(callSid) ?? (await store.callIdForSid(callSid));
    for (let attempt = 0; !this.stopped; attempt++) {
      try {
        const result = await applyWrite(store, write, callId, this.addTurn);
        if (attempt > 0) log().info({ attempts: attempt + 1 }, "database write went through");
        this.applied(callSid, write, result);
        if (write.op === "openCall" && result && typeof result === "object" && "refused" in result) {
          this.refusedSessions.add(write.session.sessionKey);
          journal.confirm(n);
        } else this.settle(n, callSid, write);
        return result;
      } catch (error) {
        if (isRefusedAsWrong(error)) {
          log().error({ err: error }, "the database refused a write; it is dropped");
          this.settle(n, callSid, write);
          return undefined;
        }
        const delay = RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length - 1)] ?? 0;
        this.deps.metrics.writeRetried();
        // The first failure says so; the rest of an outage would only repeat it for every write.
        if (attempt === 0)
          log().warn({ err: error, retryInMs: delay }, "database write failed, retrying until it works");
        else log().debug({ err: error, attempt, retryInMs: delay }, "database write failed again");
        await this.sleep(delay);
      }
    }
    return undefined;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.waiting.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.waiting.add(wake);
    });
  }

  /** Tells watchers, and remembers the call's id. */
  private applied(callSid: string, write: CallLogWrite, result: unknown): void {
    if (write.op === "openCall" && result && typeof result === "object" && "callId" in result)
      this.callIds.set(callSid, String(result.callId));
    if (!changesCall(write)) return;
    const callId = this.callIds.get(callSid);
    if (callId) this.deps.events.callChanged(callId);
    // Written by a webhook, with no session that knows the call's id.
    else if (write.op === "recordStatus" || write.op === "recordBlockedCall" || write.op === "recordPutThrough")
      void this.deps.store.callIdForSid(callSid).then(
        (id) => id && this.deps.events.callChanged(id),
        () => undefined,
      );
  }

  /** The write is done with: it leaves the journal (a session's opening, once the session ended). */
  private settle(n: number, callSid: string, write: CallLogWrite): void {
    const { journal } = this.deps;
    if (write.op === "openCall") return;
    journal.confirm(n);
    if (write.op === "endSession") {
      const opening = this.openings.get(write.sessionKey);
      this.openings.delete(write.sessionKey);
      if (opening !== undefined) journal.confirm(opening);
      // The session is over: a resumed one looks the call up again (and a long-running process
      // does not keep an id for every call it ever had).
      this.callIds.delete(callSid);
    }
  }
}

/**
 * Whether the database refused the write as wrong (no record to write to, a value it rejects), so
 * that retrying can never help. Anything else (no connection, a timeout) is the database away.
 */
export function isRefusedAsWrong(error: unknown): boolean {
  if (error instanceof NoCallRecordError || error instanceof Prisma.PrismaClientValidationError) return true;
  if (error instanceof Prisma.PrismaClientKnownRequestError) return REFUSED_AS_WRONG.has(error.code);
  // Straight from the driver: SQLSTATE classes 22 (data exception) and 23 (integrity constraint).
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^2[23][0-9A-Z]{3}$/.test(code);
}

// Prisma's codes for a request the database answered with "no": a value too long or malformed, a
// constraint, a missing record. Not P2024 (no connection from the pool in time), P2028 (the
// transaction timed out) or P2034 (a write conflict), which go away on their own.
const REFUSED_AS_WRONG = new Set([
  "P2000",
  "P2002",
  "P2003",
  "P2004",
  "P2005",
  "P2006",
  "P2007",
  "P2011",
  "P2012",
  "P2014",
  "P2015",
  "P2018",
  "P2019",
  "P2020",
  "P2023",
  "P2025",
]);
