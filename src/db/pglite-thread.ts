import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, realpathSync, renameSync, rmdirSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { setFlagsFromString } from "node:v8";
import { Worker } from "node:worker_threads";
import {
  messages,
  type ParserOptions,
  type QueryOptions,
  type Results,
  type RowMode,
  types,
} from "@electric-sql/pglite";
import type { BackgroundPriority } from "./background-priority.js";

const run = promisify(execFile);

const DATABASE_THREAD_YOUNG_GENERATION_MB = 6;

export interface PGliteWorkerData {
  dataDir: string;
}

export interface PGliteReady {
  ready: true;
  priority: BackgroundPriority;
}

export type PGliteCommand = { transactionId?: number | undefined } & (
  | { op: "query"; sql: string; params: unknown[]; rowMode: RowMode; rawTypes: number[] }
  | { op: "exec"; sql: string }
  | { op: "begin" | "rollback" | "end" | "close" }
);

export type PGliteRequest = PGliteCommand & { id: number };

export interface SerializedError {
  /** A PostgreSQL error (PGlite's DatabaseError), rather than a failure of the thread itself. */
  database: boolean;
  name: string;
  message: string;
  fields: Record<string, unknown>;
}

export interface PGliteReply {
  id: number;
  value?: unknown;
  error?: SerializedError;
}

type PlainResults = Pick<Results<unknown>, "rows" | "fields" | "affectedRows">;

/** The part of PGlite's interface that pglite-prisma-adapter, the migrations and the call store use. */
export interface PGliteQueryable {
  query<T>(sql: string, params?: unknown[], options?: Pick<QueryOptions, "rowMode" | "parsers">): Promise<Results<T>>;
  exec(sql: string): Promise<Array<Results<unknown>>>;
}

export interface PGliteThreadTransaction extends PGliteQueryable {
  rollback(): Promise<void>;
}

/**
 * PGlite running in a worker thread, driven from the main thread through the same calls as PGlite
 * itself. Statements keep PGlite's own semantics (one at a time, transactions exclusive); rows
 * come back already parsed, except the columns whose parsers the caller gives, which are parsed
 * here with them (functions cannot cross threads).
 */
export class PGliteThread implements PGliteQueryable {
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private nextId = 1;
  private failure: Error | undefined;

  private constructor(
    private readonly worker: Worker,
    /** The thread's CPU priority: behind the conversation's event loop where the platform allows. */
    readonly priority: BackgroundPriority,
  ) {
    worker.on("message", (reply: PGliteReply) => {
      const waiter = this.pending.get(reply.id);
      if (!waiter) return;
      this.pending.delete(reply.id);
      if (reply.error) waiter.reject(deserializeError(reply.error));
      else waiter.resolve(reply.value);
    });
    const fail = (error: Error) => {
      this.failure ??= error;
      for (const waiter of this.pending.values()) waiter.reject(this.failure);
      this.pending.clear();
    };
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`the embedded database's thread stopped (exit code ${code})`)));
  }

  /** Starts the thread and opens the database directory (`memory://` for a throw-away one). */
  static async start(dataDir: string): Promise<PGliteThread> {
    // A new directory is made by a process of its own, as PostgreSQL's initdb is (pglite-create.ts).
    if (!dataDir.startsWith("memory://") && !existsSync(path.join(dataDir, "PG_VERSION"))) await create(dataDir);
    // Before the thread compiles PostgreSQL's WebAssembly (README, "Memory"). V8 compiles each
    // function when first called, by default twice: at once with its baseline compiler, and again,
    // optimised, once it is busy; what both compilations allocated stays in the process's
    // allocator. Without the baseline compiler a function is compiled once, optimised: tens of MB
    // less, at the same CPU per turn, for about a second more CPU at start.
    // V8's flags belong to the process: Prisma's query compiler, WebAssembly too, is compiled the
    // same way, which is part of the saving.
    setFlagsFromString("--no-liftoff");
    const worker = new Worker(workerEntry(), {
      workerData: { dataDir } satisfies PGliteWorkerData,
      // PGlite's JavaScript allocates little (rows and protocol messages): V8's default young
      // generation, 32 MB once grown under the calls, was mostly empty garbage.
      resourceLimits: { maxYoungGenerationSizeMb: DATABASE_THREAD_YOUNG_GENERATION_MB },
    });
    const { priority } = await new Promise<PGliteReady>((resolve, reject) => {
      const onMessage = (message: Partial<PGliteReady>) => {
        if (!message.ready) return;
        worker.off("message", onMessage);
        worker.off("error", reject);
        resolve(message as PGliteReady);
      };
      worker.on("message", onMessage);
      worker.once("error", reject);
    });
    return new PGliteThread(worker, priority);
  }

  query<T>(
    sql: string,
    params: unknown[] = [],
    options: Pick<QueryOptions, "rowMode" | "parsers"> = {},
  ): Promise<Results<T>> {
    return this.runQuery<T>(undefined, sql, params, options);
  }

  exec(sql: string): Promise<Array<Results<unknown>>> {
    return this.runExec(undefined, sql);
  }

  /** Like PGlite's: commits when `work` resolves, rolls back when it throws. */
  async transaction<T>(work: (tx: PGliteThreadTransaction) => Promise<T>): Promise<T> {
    const transactionId = (await this.call({ op: "begin" })) as number;
    const tx: PGliteThreadTransaction = {
      query: (sql, params = [], options = {}) => this.runQuery(transactionId, sql, params, options),
      exec: (sql) => this.runExec(transactionId, sql),
      rollback: async () => void (await this.call({ op: "rollback", transactionId })),
    };
    try {
      const result = await work(tx);
      await this.call({ op: "end", transactionId });
      return result;
    } catch (error) {
      await this.call({ op: "rollback", transactionId }).catch(() => undefined);
      await this.call({ op: "end", transactionId }).catch(() => undefined);
      throw error;
    }
  }

  async close(): Promise<void> {
    if (this.failure) return;
    await this.call({ op: "close" });
    await this.worker.terminate();
  }

  private async runQuery<T>(
    transactionId: number | undefined,
    sql: string,
    params: unknown[],
    options: Pick<QueryOptions, "rowMode" | "parsers">,
  ): Promise<Results<T>> {
    const parsers = options.parsers ?? {};
    const rawTypes = Object.keys(parsers).map(Number);
    const rowMode = options.rowMode ?? "object";
    const result = (await this.call({ op: "query", sql, params, rowMode, rawTypes, transactionId })) as PlainResults;
    if (rawTypes.length > 0) parseColumns(result, parsers, rowMode);
    return result as Results<T>;
  }

  private async runExec(transactionId: number | undefined, sql: string): Promise<Array<Results<unknown>>> {
    return (await this.call({ op: "exec", sql, transactionId })) as Array<Results<unknown>>;
  }

  private call(command: PGliteCommand): Promise<unknown> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...command, id } satisfies PGliteRequest);
    });
  }
}

/**
 * Creates the database in a directory beside `dataDir` and moves it in only when complete, so that a
 * server stopped half-way (or its orphaned creator still writing) never leaves a half-made database
 * to be opened as if whole. The caller holds the directory's lock, which covers its neighbours too.
 */
async function create(dataDir: string): Promise<void> {
  const target = realpathSync(dataDir);
  const parent = path.dirname(target);
  const staging = `${path.basename(target)}.new-`;
  for (const leftover of readdirSync(parent).filter((name) => name.startsWith(staging)))
    rmSync(path.join(parent, leftover), { recursive: true, force: true });
  const made = mkdtempSync(path.join(parent, staging));
  const typescript = import.meta.url.endsWith(".ts");
  const entry = fileURLToPath(new URL(`./pglite-create.${typescript ? "ts" : "js"}`, import.meta.url));
  const loader = typescript ? ["--import", import.meta.resolve("tsx")] : [];
  try {
    await run(process.execPath, [...loader, entry, made]);
  } catch (error) {
    rmSync(made, { recursive: true, force: true });
    const stderr = String((error as { stderr?: unknown }).stderr ?? "").trim();
    throw new Error(`could not create the embedded database in ${dataDir}: ${stderr || (error as Error).message}`);
  }
  // Only an empty directory is replaced (rmdir refuses any other): whatever else is there stays.
  rmdirSync(target);
  renameSync(made, target);
}

/** Applies the caller's parsers to the columns the thread left as text. */
function parseColumns(result: PlainResults, parsers: ParserOptions, rowMode: RowMode): void {
  result.fields.forEach((field, column) => {
    const parser = parsers[field.dataTypeID];
    if (!parser) return;
    for (const row of result.rows as Array<Record<string | number, unknown>>) {
      const key = rowMode === "array" ? column : field.name;
      const text = row[key];
      row[key] = text === null ? null : types.parseType(text as string, field.dataTypeID, parsers);
    }
  });
}

/** PostgreSQL errors come back as PGlite's own DatabaseError, which the Prisma adapter recognises. */
function deserializeError(serialized: SerializedError): Error {
  const error = serialized.database
    ? new messages.DatabaseError(serialized.message, 0, "error")
    : new Error(serialized.message);
  return Object.assign(error, serialized.fields, { name: serialized.name });
}

/**
 * The worker's entry, next to this module: compiled JavaScript in the production build (dist/), or
 * TypeScript run through tsx (npm start, the tests). On Node 20 a worker thread does not inherit
 * tsx's loader, so the TypeScript entry goes through tsx's API.
 */
function workerEntry(): URL {
  if (!import.meta.url.endsWith(".ts")) return new URL("./pglite-worker.js", import.meta.url);
  const entry = new URL("./pglite-worker.ts", import.meta.url).href;
  const bootstrap = `import { tsImport } from ${JSON.stringify(import.meta.resolve("tsx/esm/api"))}; await tsImport(${JSON.stringify(entry)}, import.meta.url);`;
  return new URL(`data:text/javascript,${encodeURIComponent(bootstrap)}`);
}
