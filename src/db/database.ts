import type { PGlite } from "@electric-sql/pglite";
import { PrismaClient } from "@prisma/client";
import type pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import type { BackgroundPriority } from "./background-priority.js";
import { lockEmbeddedDatabase } from "./embedded-database-lock.js";
import { applyMigrations, type InTransaction } from "./migrations.js";
import { PGliteThread } from "./pglite-thread.js";

export interface Database {
  prisma: PrismaClient;
  /**
   * One statement straight through the driver, for the writes made on every turn of every call:
   * Prisma's query pipeline costs several times what the statement itself does.
   */
  execute(sql: string, params: readonly unknown[]): Promise<void>;
  /**
   * The same for the reads made on every call, with its rows as the driver gives them. A time is
   * read as epoch milliseconds (`epochMs` in utc-timestamp.ts): the drivers would not read a
   * `timestamp` as UTC, as Prisma stores it.
   */
  query: DriverQuery;
  /**
   * Statements in one transaction through the driver, for the transactions every call makes (its
   * opening): committed when `work` resolves, rolled back when it throws.
   */
  transaction<T>(work: (query: DriverQuery) => Promise<T>): Promise<T>;
  kind: "postgres" | "pglite";
  /** The embedded database's thread and the CPU (see background-priority.ts); PGlite only. */
  threadPriority?: BackgroundPriority;
  close(): Promise<void>;
}

/** One statement through the driver, and its rows as the driver gives them. */
export type DriverQuery = <Row>(sql: string, params: readonly unknown[]) => Promise<Row[]>;

export interface DatabaseOptions {
  databaseUrl: string | undefined;
  /** PGlite's directory when no DATABASE_URL; `memory://` keeps it in memory (tests). */
  pgliteDir: string;
  /** Told when an idle server connection breaks (the server restarted, say); the pool replaces it. */
  onConnectionLost?: (error: Error) => void;
  /** How long a statement waits for the server's answer before it fails (READ_TIMEOUT_MS; tests shorten it). */
  readTimeoutMs?: number;
}

// A server that does not answer (down, or packets dropped on the way) fails a request in seconds
// instead of holding it, and whatever waits on it (a webhook, /readyz, a write to retry), forever.
const CONNECTION_LIMITS = {
  connectionTimeoutMillis: 3000,
  // A connection that went dead without a word (a blackholed route) is found out by the kernel.
  keepAlive: true,
  keepAliveInitialDelayMillis: 10_000,
} satisfies pg.ClientConfig;
// How long a close waits for connections still lent out (a statement finishing) before destroying them.
const POOL_END_GRACE_MS = 3000;
const STATEMENT_LIMITS = {
  // The server gives up on a statement this slow, and the client on an answer this late (READ_TIMEOUT_MS).
  statement_timeout: 8000,
  // A transaction whose client vanished mid-way releases its row locks after this.
  idle_in_transaction_session_timeout: 30_000,
} satisfies pg.ClientConfig;
// pg's own `query_timeout`, armed outside pg (read-timeout-client.ts says why).
const READ_TIMEOUT_MS = 10_000;

/**
 * Opens PostgreSQL (a real server when DATABASE_URL is set, embedded PGlite otherwise) and
 * brings its schema up to date before anything else touches it.
 */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.databaseUrl)
    return openPostgres(
      options.databaseUrl,
      options.onConnectionLost ?? (() => undefined),
      options.readTimeoutMs ?? READ_TIMEOUT_MS,
    );
  return openPglite(options.pgliteDir);
}

async function openPostgres(
  connectionString: string,
  onConnectionLost: (error: Error) => void,
  readTimeoutMs: number,
): Promise<Database> {
  const { pg, PrismaPg, readTimeoutClient } = await postgresDriver();
  await applyMigrations(postgresTransaction(pg, connectionString));
  const pool = new pg.Pool({
    connectionString,
    max: 10,
    ...CONNECTION_LIMITS,
    ...STATEMENT_LIMITS,
    Client: readTimeoutClient(readTimeoutMs),
  });
  // Without a listener, an idle connection that breaks (even one still closing after `end`) would
  // take the whole process down with it.
  pool.on("error", onConnectionLost);
  // The connections lent out, so that a close can take back one never returned.
  const lent = new Set<pg.PoolClient>();
  pool.on("acquire", (client) => lent.add(client));
  pool.on("release", (_error, client) => lent.delete(client));
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    prisma,
    execute: async (sql, params) => void (await pool.query(sql, [...params])),
    query: async <Row>(sql: string, params: readonly unknown[]) =>
      (await pool.query<Row & pg.QueryResultRow>(sql, [...params])).rows,
    async transaction(work) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query("BEGIN");
        const result = await work(
          async <Row>(sql: string, params: readonly unknown[]) =>
            (await client.query<Row & pg.QueryResultRow>(sql, [...params])).rows,
        );
        await client.query("COMMIT");
        return result;
      } catch (error) {
        // A connection that cannot even roll back is not given back to the pool.
        await client.query("ROLLBACK").catch((rollbackError: Error) => {
          broken = rollbackError;
        });
        throw error;
      } finally {
        client.release(broken);
      }
    },
    kind: "postgres",
    async close() {
      await prisma.$disconnect();
      const ended = pool.end();
      // A transaction cut off by a broken connection can leave its connection lent out for good,
      // and the pool would wait for it forever: past a grace period it is destroyed.
      let timer: NodeJS.Timeout | undefined;
      const graceOver = new Promise<"grace over">((resolve) => {
        timer = setTimeout(() => resolve("grace over"), POOL_END_GRACE_MS);
      });
      if ((await Promise.race([ended, graceOver])) === "grace over")
        for (const client of lent) client.release(new Error("closing the database"));
      clearTimeout(timer);
      await ended;
    },
  };
}

async function openPglite(dir: string): Promise<Database> {
  // One process per directory (an in-memory database is this process's own).
  const lock = dir.startsWith("memory://") ? undefined : lockEmbeddedDatabase(dir);
  let pglite: PGliteThread;
  try {
    pglite = await PGliteThread.start(dir);
  } catch (error) {
    lock?.release();
    throw error;
  }
  try {
    await applyMigrations(pgliteTransaction(pglite));
  } catch (error) {
    await pglite.close();
    lock?.release();
    throw error;
  }
  // The adapter only calls query, exec and transaction, which the thread provides with PGlite's semantics.
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite as unknown as PGlite) });
  return {
    prisma,
    execute: async (sql, params) => void (await pglite.query(sql, [...params])),
    query: async <Row>(sql: string, params: readonly unknown[]) => (await pglite.query<Row>(sql, [...params])).rows,
    transaction: (work) =>
      pglite.transaction((tx) =>
        work(async <Row>(sql: string, params: readonly unknown[]) => (await tx.query<Row>(sql, [...params])).rows),
      ),
    kind: "pglite",
    threadPriority: pglite.priority,
    async close() {
      await prisma.$disconnect();
      await pglite.close();
      // Only now, with PGlite's files flushed and closed, may another process open the directory.
      lock?.release();
    },
  };
}

type PostgresDriver = Awaited<ReturnType<typeof postgresDriver>>;

/**
 * The PostgreSQL driver and Prisma's adapter for it, loaded only with DATABASE_URL: the embedded
 * database has no use for them, and they are about 2 MB of heap (README, "Memory").
 */
async function postgresDriver() {
  const [{ default: pg }, { PrismaPg }, { readTimeoutClient }] = await Promise.all([
    import("pg"),
    import("@prisma/adapter-pg"),
    import("./read-timeout-client.js"),
  ]);
  return { pg, PrismaPg, readTimeoutClient };
}

// Migrations go through the raw drivers: a migration.sql holds many statements, which Prisma's
// raw queries (prepared statements) cannot run in one call.
function postgresTransaction(pg: PostgresDriver["pg"], connectionString: string): InTransaction {
  return async (work) => {
    // No statement limit here: a migration may rewrite a large table.
    const client = new pg.Client({ connectionString, ...CONNECTION_LIMITS });
    await client.connect();
    try {
      await client.query("BEGIN");
      const result = await work({
        query: async (sql, params) => (await client.query(sql, params)).rows,
        exec: async (sql) => void (await client.query(sql)),
      });
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      await client.end();
    }
  };
}

function pgliteTransaction(pglite: PGliteThread): InTransaction {
  return (work) =>
    pglite.transaction((tx) =>
      work({
        query: async <T>(sql: string, params?: unknown[]) => (await tx.query<T>(sql, params)).rows,
        exec: async (sql) => void (await tx.exec(sql)),
      }),
    );
}
