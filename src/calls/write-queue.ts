import { Prisma } from "@prisma/client";
import { giveUpAfter } from "../give-up-after.js";
import type { Logger } from "../logger.js";
import type { Metrics } from "../metrics/metrics.js";
import type { CallEvents } from "./call-events.js";
import { applyWrite, type CallLogWrite, changesCall, NoCallRecordError, type WriteResult } from "./call-log-write.js";
import type { CallStore, NewTurn } from "./call-store.js";
import { TurnBatch, type TurnOutcome } from "./turn-batch.js";
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
  readonly write: CallLogWrite;
  release(): void;
  /** The session was refused: the write goes nowhere. */
  cancel(): void;
}

/** A write journaled as `n`, and whoever waits for what applying it gives back. */
interface Queued extends JournalEntry {
  n: number;
  done: ((result: unknown) => void) | undefined;
  /** The write behind it in its call's line. */
  next: Queued | undefined;
}

/**
 * One call's writes, applied one after the other: the head is under way (or about to be), the
 * rest wait behind it. It lasts as long as the call's session here (see `lineEmpty`).
 */
interface CallLine extends TurnOutcome {
  callSid: string;
  /** The first write and the last; a list through `Queued.next`, which costs no array per write. */
  head: Queued | undefined;
  tail: Queued | undefined;
  /** Failed attempts of the head so far. */
  failures: number;
  /** Who waits for the line to empty (`idle`). */
  idle: Array<() => void> | undefined;
  /** The call's record, known (no promise) or looked up. */
  callId(): string | undefined | Promise<string | undefined>;
  onApplied(result: unknown): void;
  onFailed(error: unknown): void;
}

/**
 * The call log's writes, per call in order, off the conversation's hot path. Each write goes to
 * the journal (write-journal.ts) the moment it is made, then to the database behind the call's
 * earlier writes, retried for as long as the database is away; the journal keeps it across a crash
 * meanwhile. Writes do not belong to the socket: when a caller hangs up mid-write, the write still
 * completes. The turns of different calls that come due within a few milliseconds of each other go
 * to the database in one statement (turn-batch.ts), each still in its own call's order.
 *
 * A write that finds its call's line empty starts after the turn of the event loop that made it,
 * right after the journal has written that turn's entries (one setImmediate for both, and for all
 * the calls), so that the request to Claude (and the first token) leave before any database work
 * begins, and the journal has every write before the database does; one queued behind others starts
 * when the one before it is done. The line's state is plain data and callbacks rather than a chain
 * of promises: every turn of every call passes here, and what each write allocates is paid in
 * garbage collection pauses under load.
 *
 * A session's writes carry its key. A session the call log refuses writes nothing, and the write
 * that opened a session stays in the journal until the session's end is written, so that a
 * session cut by a crash is closed by the next start (`recover`).
 */
export class WriteQueue {
  private readonly lines = new Map<string, CallLine>();
  /** Lines whose head waits for the end of this turn of the event loop. */
  private ready: CallLine[] = [];
  private startScheduled = false;
  private readonly startReady = () => this.startLines();
  /** Who waits for every line to empty (`drain`). */
  private drained: Array<() => void> = [];
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

  /** Journals `write` and queues it behind the earlier writes for the call; see `write` when no one waits. */
  enqueue<W extends CallLogWrite>(callSid: string, write: W, sessionKey?: string): QueuedWrite<WriteResult<W>> {
    let n = 0;
    const durable = new Promise<boolean>((resolve) => {
      n = this.deps.journal.append({ callSid, sessionKey, write }, resolve);
    });
    this.outstanding++;
    const applied = new Promise<unknown>((resolve) =>
      this.push({ n, callSid, sessionKey, write, done: resolve, next: undefined }),
    );
    return { durable, applied: applied as Promise<WriteResult<W> | undefined> };
  }

  /** Journals `write` and queues it behind the earlier writes for the call, for no one to wait on. */
  write(callSid: string, write: CallLogWrite, sessionKey?: string): void {
    const queued: Queued = { n: 0, callSid, sessionKey, write, done: undefined, next: undefined };
    queued.n = this.deps.journal.append(queued);
    this.outstanding++;
    this.push(queued);
  }

  /** Journals `write` now; it joins the call's queue when released. */
  hold(callSid: string, write: CallLogWrite, sessionKey: string): HeldWrite {
    const queued: Queued = { n: 0, callSid, sessionKey, write, done: undefined, next: undefined };
    queued.n = this.deps.journal.append(queued);
    this.outstanding++;
    return new Held(queued, this.settleHeld);
  }

  /** What releasing or cancelling a held write does; one for the queue, not two closures per write. */
  private readonly settleHeld = (queued: Queued, release: boolean) => {
    if (release) return this.push(queued);
    this.outstanding--;
    this.deps.journal.confirm(queued.n);
  };

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
    const line = this.lines.get(callSid);
    if (!line?.head) return;
    await new Promise<void>((resolve) => {
      line.idle ??= [];
      line.idle.push(resolve);
    });
  }

  /**
   * Resolves once every queued write has run, or after `withinMs`: what is left is in the journal,
   * for the next start.
   */
  async drain(withinMs: number): Promise<void> {
    if (!this.busy()) return;
    await giveUpAfter(new Promise<void>((resolve) => this.drained.push(resolve)), withinMs);
  }

  /**
   * Stops retrying: the writes the database has not taken stay in the journal, for the next start.
   * Call after `drain`, before the database closes.
   */
  stop(): void {
    this.stopped = true;
    for (const wake of this.waiting) wake();
  }

  /** Puts a journaled write at the end of its call's line. */
  private push(queued: Queued): void {
    if (queued.write.op === "openCall") this.openings.set(queued.write.session.sessionKey, queued.n);
    let line = this.lines.get(queued.callSid);
    if (!line) {
      line = this.newLine(queued.callSid);
      this.lines.set(queued.callSid, line);
    }
    const last = line.tail;
    line.tail = queued;
    if (last) {
      last.next = queued;
      return;
    }
    // Alone in its line: nothing before it will start it, so it starts after this turn of the loop.
    line.head = queued;
    this.ready.push(line);
    if (this.startScheduled) return;
    this.startScheduled = true;
    this.deps.journal.afterWrite(this.startReady);
  }

  private newLine(callSid: string): CallLine {
    const { store } = this.deps;
    const line: CallLine = {
      callSid,
      head: undefined,
      tail: undefined,
      failures: 0,
      idle: undefined,
      callId: () => this.callIds.get(callSid) ?? store.callIdForSid(callSid),
      onApplied: (result) => this.applied(line, result),
      onFailed: (error) => this.failed(line, error),
    };
    return line;
  }

  private startLines(): void {
    this.startScheduled = false;
    const lines = this.ready;
    this.ready = [];
    for (const line of lines) this.startHead(line);
  }

  /**
   * Applies the head of `line`, until the database takes it or refuses it as wrong (`applied`,
   * `failed`); a write that needs no database (its session refused, or the queue stopped) is done
   * with at once, and the next one goes on.
   */
  private startHead(line: CallLine): void {
    for (;;) {
      const { head } = line;
      if (!head) {
        this.lineEmpty(line);
        return;
      }
      if (this.stopped) {
        this.finishHead(line, undefined);
        continue;
      }
      if (head.sessionKey && this.refusedSessions.has(head.sessionKey)) {
        this.settle(head);
        this.finishHead(line, undefined);
        continue;
      }
      const { write } = head;
      const callId = write.op === "addTurn" ? this.callIds.get(head.callSid) : undefined;
      if (write.op === "addTurn" && callId !== undefined) {
        // A turn of a call whose record is known, the write of every turn: into the batch, no promise.
        this.turns.gather(callId, write.turn, line);
        return;
      }
      let applying: Promise<unknown>;
      try {
        applying = applyWrite(this.deps.store, head.write, line.callId, this.addTurn);
      } catch (error) {
        applying = Promise.reject(error);
      }
      applying.then(line.onApplied, line.onFailed);
      return;
    }
  }

  /** The database took the head of `line`. */
  private applied(line: CallLine, result: unknown): void {
    const head = line.head as Queued;
    const { callSid, write } = head;
    if (line.failures > 0) this.log(head).info({ attempts: line.failures + 1 }, "database write went through");
    try {
      this.remember(callSid, write, result);
    } catch (error) {
      // A watcher's failure is no reason to stall the call's writes.
      this.log(head).error({ err: error }, "could not tell watchers of a write");
    }
    if (write.op === "openCall" && result && typeof result === "object" && "refused" in result) {
      this.refusedSessions.add(write.session.sessionKey);
      this.deps.journal.confirm(head.n);
    } else this.settle(head);
    this.finishHead(line, result);
    this.startHead(line);
  }

  /** The head of `line` failed: dropped if the database refused it as wrong, else tried again later. */
  private failed(line: CallLine, error: unknown): void {
    const head = line.head as Queued;
    if (isRefusedAsWrong(error)) {
      this.log(head).error({ err: error }, "the database refused a write; it is dropped");
      this.settle(head);
      this.finishHead(line, undefined);
      this.startHead(line);
      return;
    }
    const attempt = line.failures++;
    const delay = RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length - 1)] ?? 0;
    this.deps.metrics.writeRetried();
    // The first failure says so; the rest of an outage would only repeat it for every write.
    if (attempt === 0)
      this.log(head).warn({ err: error, retryInMs: delay }, "database write failed, retrying until it works");
    else this.log(head).debug({ err: error, attempt, retryInMs: delay }, "database write failed again");
    const wake = () => {
      clearTimeout(timer);
      this.waiting.delete(wake);
      this.startHead(line);
    };
    const timer = setTimeout(wake, delay);
    this.waiting.add(wake);
  }

  /** Built only when there is something to say: a child logger per write costs more than the write's own work. */
  private log({ callSid, write }: Queued): Logger {
    return this.deps.logger.child({ callSid, write: write.op });
  }

  /** The head of `line` has run (written, dropped, or left for the next start once stopped). */
  private finishHead(line: CallLine, result: unknown): void {
    const head = line.head as Queued;
    line.head = head.next;
    if (!line.head) line.tail = undefined;
    line.failures = 0;
    if (!this.stopped) this.outstanding--;
    head.done?.(result);
  }

  private lineEmpty(line: CallLine): void {
    // A live session's line stays for its next write (a turn every few seconds): one line and its
    // callbacks per session rather than per write. It goes with the session's end (`settle`
    // forgets the call's id), and at once for a call with no live session here (a webhook's write).
    if (!this.callIds.has(line.callSid) && this.lines.get(line.callSid) === line) this.lines.delete(line.callSid);
    if (line.idle) {
      for (const resolve of line.idle) resolve();
      line.idle = undefined;
    }
    if (this.drained.length === 0 || this.busy()) return;
    const drained = this.drained;
    this.drained = [];
    for (const resolve of drained) resolve();
  }

  /** Whether some call has writes queued. */
  private busy(): boolean {
    for (const line of this.lines.values()) if (line.head) return true;
    return false;
  }

  /** Tells watchers, and remembers the call's id. */
  private remember(callSid: string, write: CallLogWrite, result: unknown): void {
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
  private settle({ n, callSid, write }: Queued): void {
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

/** A write held (`WriteQueue.hold`): released or cancelled once, whichever comes first. */
class Held implements HeldWrite {
  private settled = false;

  constructor(
    private readonly queued: Queued,
    private readonly settle: (queued: Queued, release: boolean) => void,
  ) {}

  get write(): CallLogWrite {
    return this.queued.write;
  }

  release(): void {
    if (this.settled) return;
    this.settled = true;
    this.settle(this.queued, true);
  }

  cancel(): void {
    if (this.settled) return;
    this.settled = true;
    this.settle(this.queued, false);
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
