import { randomUUID } from "node:crypto";
import {
  closeSync,
  fdatasync as fdatasyncCallback,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { promisify } from "node:util";
import { z } from "zod";
import { acquireProcessLock, type ProcessLock, tryAcquireProcessLock } from "../db/process-lock.js";
import type { Logger } from "../logger.js";
import { type CallLogWrite, callLogWrite } from "./call-log-write.js";

/** A write in the journal: which call, which session of it (if a session made it), what. */
export interface JournalEntry {
  callSid: string;
  sessionKey: string | undefined;
  write: CallLogWrite;
}

export interface JournalLimits {
  /** Past this many bytes of writes the database has not confirmed, the journal says it is behind. */
  maxPendingBytes: number;
  /** The file is rewritten with only what is pending once it grows past this. */
  compactAtBytes: number;
}

export interface JournalStats {
  /** Writes appended; write(2) calls on the event loop (one for all the appends of a tick), and their time. */
  appended: number;
  writes: number;
  writeMs: number;
  /** fdatasync calls, each for all the lines written meanwhile, on libuv's thread pool. */
  syncs: number;
  syncMs: number;
}

// A power cut loses at most this much more of what the process had written (a kill loses nothing).
const MIN_SYNC_INTERVAL_MS = 50;
// A confirmation goes to the file with the next entries, or after this long when none come: one a
// crash loses only means an idempotent write is applied again at the next start, which is not
// worth a write(2) of its own for every write the database takes.
const CONFIRM_WRITE_MS = 1000;

const DEFAULT_LIMITS: JournalLimits = { maxPendingBytes: 64 * 1024 * 1024, compactAtBytes: 4 * 1024 * 1024 };

const journalLine = z.union([
  z.object({ n: z.number().int(), sid: z.string(), key: z.string().optional(), w: z.unknown() }),
  z.object({ ok: z.number().int() }),
]);

/**
 * A local write-ahead journal of call-log writes, one append-only file per process under
 * `DATA_DIR/journal`. A write is appended the moment it is made, before the database has it; once
 * the database confirms it, a confirmation line follows. Whatever a process did not see confirmed,
 * because it was killed or the database was down, is read back by the next process that starts on
 * the same DATA_DIR and applied then (writes are idempotent: call-log-write.ts).
 *
 * The appends of one turn of the event loop (every call's) go to the file together, in one plain
 * write(2) into the page cache right after that turn, once the work that made them (a request to
 * Claude) has gone out: from then on they survive the process being killed. Making them survive a
 * power cut takes an fdatasync, which runs on libuv's thread pool, once for all the lines written
 * meanwhile; `append` tells when, to whoever asks. Confirmations are never synced, nor written on
 * their own right away (they go with the next entries, or within a second): one lost only means an
 * idempotent write is applied again.
 */
export class WriteJournal {
  private readonly pending = new Map<number, string>();
  private pendingBytes = 0;
  private next = 1;
  /** Lines appended and not yet written, and who waits for them to be durable. */
  private buffered: string[] = [];
  /** Whether `buffered` holds an entry (not only confirmations), which must then be synced. */
  private appendsBuffered = false;
  private unwritten: Array<(ok: boolean) => void> = [];
  private writeScheduled = false;
  /** Who waits for the next write (`afterWrite`). */
  private afterWriting: Array<() => void> = [];
  /** Set while confirmations wait in `buffered` for entries to go with. */
  private confirmTimer: NodeJS.Timeout | undefined;
  private readonly writeConfirmations = () => {
    this.confirmTimer = undefined;
    this.writeBuffered();
  };
  private lastSyncAt = Number.NEGATIVE_INFINITY;
  /** Entries written since the last fdatasync, and who waits for them to be synced. */
  private syncDue = false;
  private unsynced: Array<(ok: boolean) => void> = [];
  /** Whether a sync (or a compaction) is under way; who waits for it to end (`close`). */
  private syncing = false;
  private syncIdle: Array<() => void> = [];
  /** Who waits for the fdatasync under way. */
  private syncWaiters: ReadonlyArray<(ok: boolean) => void> = NO_WAITERS;
  private fileBytes = 0;
  private broken = false;
  private behind = false;
  private closed = false;
  readonly stats: JournalStats = { appended: 0, writes: 0, writeMs: 0, syncs: 0, syncMs: 0 };

  private constructor(
    private readonly file: string,
    private fd: number,
    private readonly lock: ProcessLock,
    private readonly logger: Logger,
    private readonly limits: JournalLimits,
  ) {}

  /**
   * Opens a new journal for this process in `dir`, and takes over the journals left there by
   * processes that are gone: their unconfirmed writes are returned, in order, for the caller to
   * append to this journal (`append`) and apply; `forget` then deletes the old files.
   */
  static open(
    dir: string,
    logger: Logger,
    limits: Partial<JournalLimits> = {},
  ): { journal: WriteJournal; recovered: JournalEntry[]; forget: () => void } {
    mkdirSync(dir, { recursive: true });
    const name = `${process.pid}-${randomUUID().slice(0, 8)}`;
    // The lock before the file: a journal file without a live lock is one to take over.
    const lock = acquireProcessLock(path.join(dir, `${name}.lock`), `the write journal ${name}`);
    const file = path.join(dir, `${name}.jsonl`);
    const journal = new WriteJournal(file, openSync(file, "a"), lock, logger, { ...DEFAULT_LIMITS, ...limits });
    const { recovered, forget } = takeOverJournals(dir, file, logger);
    return { journal, recovered, forget };
  }

  /**
   * Appends `entry` and returns its number, for `confirm`. `whenDurable`, if given, is told true
   * once the entry would survive a power cut, false if the disk refused it (the write still goes to
   * the database, just without that protection meanwhile). Every entry is synced all the same:
   * asking only costs the callback, and most writes have no one waiting on their durability.
   */
  append(entry: JournalEntry, whenDurable?: (ok: boolean) => void): number {
    const n = this.next++;
    // JSON leaves out a key whose value is undefined (a write made by no session).
    const line = `${JSON.stringify({ n, sid: entry.callSid, key: entry.sessionKey, w: entry.write })}\n`;
    this.pending.set(n, line);
    this.pendingBytes += line.length;
    this.stats.appended++;
    if (!this.behind && this.pendingBytes > this.limits.maxPendingBytes) {
      this.behind = true;
      // Nothing is dropped: the writes wait, on disk, for the database. An operator must know.
      this.logger.error(
        { pendingBytes: this.pendingBytes, limit: this.limits.maxPendingBytes },
        "the database is far behind: the write journal is past its limit",
      );
    }
    this.buffered.push(line);
    this.appendsBuffered = true;
    if (whenDurable) this.unwritten.push(whenDurable);
    this.scheduleWrite();
    return n;
  }

  /** The database has write `n`: it need not be replayed. */
  confirm(n: number): void {
    const line = this.pending.get(n);
    if (line === undefined) return;
    this.pending.delete(n);
    this.pendingBytes -= line.length;
    if (this.behind && this.pendingBytes <= this.limits.maxPendingBytes) {
      this.behind = false;
      this.logger.info("the write journal is back under its limit");
    }
    if (this.closed) return;
    this.buffered.push(`{"ok":${n}}\n`);
    if (this.confirmTimer) return;
    this.confirmTimer = setTimeout(this.writeConfirmations, CONFIRM_WRITE_MS);
    this.confirmTimer.unref();
  }

  /** Whether the database is so far behind that the journal is past its limit, and whether the disk fails. */
  backlog(): { overLimit: boolean; diskFailing: boolean } {
    return { overLimit: this.behind, diskFailing: this.broken };
  }

  /**
   * Syncs and closes the file. With nothing left unconfirmed the file goes; otherwise it stays for
   * the next process to replay.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    clearTimeout(this.confirmTimer);
    this.confirmTimer = undefined;
    this.writeBuffered();
    while (this.syncing) await new Promise<void>((resolve) => this.syncIdle.push(resolve));
    this.closed = true;
    await fdatasync(this.fd).catch(() => undefined);
    closeSync(this.fd);
    if (this.pending.size === 0) rmSync(this.file, { force: true });
    else
      this.logger.warn(
        { writes: this.pending.size, file: this.file },
        "writes the database has not confirmed stay in the journal for the next start",
      );
    this.lock.release();
  }

  /**
   * Calls `then` right after the entries appended so far are written, after this turn of the event
   * loop: the write queue starts its database work there, behind the journal, with no turn of the
   * loop (nor setImmediate) of its own.
   */
  afterWrite(then: () => void): void {
    this.afterWriting.push(then);
    this.scheduleWrite();
  }

  private scheduleWrite(): void {
    if (this.writeScheduled) return;
    this.writeScheduled = true;
    // setImmediate: the work that made the appends (a request to Claude) goes out first, and the
    // appends of this turn of the event loop, from every call, go to the file in one write.
    setImmediate(this.writeScheduledLines);
  }

  private readonly writeScheduledLines = () => {
    this.writeBuffered();
    if (this.afterWriting.length === 0) return;
    const callbacks = this.afterWriting;
    this.afterWriting = [];
    for (const then of callbacks) then();
  };

  /** One write(2) of what was appended since the last; then an fdatasync makes it survive a power cut. */
  private writeBuffered(): void {
    this.writeScheduled = false;
    if (this.buffered.length === 0 || this.closed) return;
    const data = this.buffered.length === 1 ? (this.buffered[0] as string) : this.buffered.join("");
    const waiters = this.unwritten;
    const entries = this.appendsBuffered;
    this.buffered = [];
    this.appendsBuffered = false;
    if (waiters.length > 0) this.unwritten = [];
    const started = performance.now();
    const written = this.writeToFile(data);
    this.stats.writes++;
    this.stats.writeMs += performance.now() - started;
    if (!written) {
      for (const resolve of waiters) resolve(false);
      return;
    }
    if (entries) this.syncDue = true;
    for (const resolve of waiters) this.unsynced.push(resolve);
    if (this.syncDue || this.compactionDue()) this.syncSoon();
  }

  private writeToFile(data: string): boolean {
    try {
      this.fileBytes += writeSync(this.fd, data);
      if (this.broken) this.logger.info("the write journal is writing to disk again");
      this.broken = false;
      return true;
    } catch (error) {
      if (!this.broken) this.logger.error({ err: error, file: this.file }, "the write journal cannot write to disk");
      this.broken = true;
      return false;
    }
  }

  private syncSoon(): void {
    if (this.syncing || this.closed) return;
    this.syncing = true;
    this.syncRound();
  }

  /**
   * The only asynchronous use of the file (nothing else touches `fd` meanwhile): a compaction when
   * one is due, then one fdatasync for everything written meanwhile, and again while more was.
   * Callbacks rather than an async loop: it runs every few turns of every call.
   */
  private syncRound(): void {
    if (this.compactionDue())
      this.compact().then(this.syncAfterInterval, (error: unknown) => {
        this.logger.warn({ err: error, file: this.file }, "could not compact the write journal; it grows meanwhile");
        this.syncAfterInterval();
      });
    else this.syncAfterInterval();
  }

  // One fdatasync per interval at most, for everything written meanwhile: under load, a sync per
  // batch would keep the disk (and the CPU) busy for durability no one waits on that closely.
  private readonly syncAfterInterval = () => {
    const gap = this.lastSyncAt + MIN_SYNC_INTERVAL_MS - performance.now();
    if (gap > 0) setTimeout(this.syncNow, gap);
    else this.syncNow();
  };

  private readonly syncNow = () => {
    if (!this.syncDue) {
      this.syncOver();
      return;
    }
    this.syncDue = false;
    // Never the array `unsynced` itself: a waiter added while this fdatasync runs was written after
    // it began, and is told only by the next one.
    if (this.unsynced.length > 0) {
      this.syncWaiters = this.unsynced;
      this.unsynced = [];
    } else this.syncWaiters = NO_WAITERS;
    this.lastSyncAt = performance.now();
    fdatasyncCallback(this.fd, this.synced);
  };

  private readonly synced = (error: NodeJS.ErrnoException | null) => {
    const ok = !error;
    if (error) {
      if (!this.broken) this.logger.error({ err: error, file: this.file }, "the write journal cannot sync to disk");
      this.broken = true;
    }
    this.stats.syncs++;
    this.stats.syncMs += performance.now() - this.lastSyncAt;
    const waiters = this.syncWaiters;
    this.syncWaiters = NO_WAITERS;
    for (const resolve of waiters) resolve(ok);
    // Written while this one ran.
    if (this.syncDue) this.syncRound();
    else this.syncOver();
  };

  private syncOver(): void {
    this.syncing = false;
    if (this.syncIdle.length === 0) return;
    const idle = this.syncIdle;
    this.syncIdle = [];
    for (const resolve of idle) resolve();
  }

  /** Mostly confirmed lines, and large: worth rewriting. */
  private compactionDue(): boolean {
    return this.fileBytes > this.limits.compactAtBytes && this.pendingBytes < this.fileBytes / 4;
  }

  /**
   * Rewrites the file with only the writes still unconfirmed: written and synced off the event loop
   * to a new file, which then replaces the old one (a rename, atomic). Lines appended meanwhile went
   * to the old file; the ones still unconfirmed follow into the new one.
   */
  private async compact(): Promise<void> {
    const temporary = `${this.file}.compacting`;
    const from = this.next;
    const data = [...this.pending.values()].join("");
    try {
      await writeFile(temporary, data, { flush: true });
    } catch (error) {
      this.logger.warn({ err: error, file: this.file }, "could not compact the write journal; it grows meanwhile");
      return;
    }
    const appendedMeanwhile = [...this.pending.entries()].filter(([n]) => n >= from).map(([, line]) => line);
    renameSync(temporary, this.file);
    closeSync(this.fd);
    this.fd = openSync(this.file, "a");
    this.fileBytes = Buffer.byteLength(data);
    this.writeToFile(appendedMeanwhile.join(""));
  }
}

const fdatasync = promisify(fdatasyncCallback);
const NO_WAITERS: ReadonlyArray<(ok: boolean) => void> = [];

/**
 * The unconfirmed writes of every journal in `dir` whose process is gone (its lock is free or
 * stale), in the order they were made; each such journal stays locked by this process until
 * `forget` deletes it, which the caller does once the writes are safe in its own journal.
 */
function takeOverJournals(
  dir: string,
  ownFile: string,
  logger: Logger,
): { recovered: JournalEntry[]; forget: () => void } {
  const recovered: JournalEntry[] = [];
  const taken: Array<{ file: string; lock: ProcessLock }> = [];
  const files = readdirSync(dir)
    .filter((name) => name.endsWith(".jsonl"))
    .map((name) => path.join(dir, name))
    .filter((file) => file !== ownFile);
  for (const file of files) {
    const lock = tryAcquireProcessLock(file.replace(/\.jsonl$/, ".lock"));
    if (!lock) continue;
    const entries = readJournal(file, logger);
    taken.push({ file, lock });
    recovered.push(...entries);
    if (entries.length > 0)
      logger.warn({ file, writes: entries.length }, "replaying writes a stopped process left in its journal");
  }
  return {
    recovered,
    forget: () => {
      for (const { file, lock } of taken) {
        rmSync(file, { force: true });
        rmSync(`${file}.compacting`, { force: true });
        lock.release();
      }
    },
  };
}

/** The unconfirmed writes in one journal file, in order. A torn last line (a crash mid-write) is skipped. */
export function readJournal(file: string, logger: Logger): JournalEntry[] {
  const lines = readFileSync(file, "utf8").split("\n");
  const writes = new Map<number, JournalEntry>();
  lines.forEach((text, index) => {
    if (!text) return;
    const parsed = parseLine(text);
    if (!parsed) {
      const last = index >= lines.length - 2;
      logger[last ? "warn" : "error"]({ file, line: index + 1 }, "skipped an unreadable line in the write journal");
      return;
    }
    if ("ok" in parsed) writes.delete(parsed.ok);
    else writes.set(parsed.n, parsed.entry);
  });
  return [...writes.entries()].sort(([a], [b]) => a - b).map(([, entry]) => entry);
}

function parseLine(text: string): { ok: number } | { n: number; entry: JournalEntry } | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const line = journalLine.safeParse(json);
  if (!line.success) return undefined;
  if ("ok" in line.data) return { ok: line.data.ok };
  const write = callLogWrite.safeParse(line.data.w);
  if (!write.success) return undefined;
  return { n: line.data.n, entry: { callSid: line.data.sid, sessionKey: line.data.key, write: write.data } };
}
