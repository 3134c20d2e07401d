import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** A connection inside one transaction, as the raw driver (pg or PGlite) gives it. */
export interface MigrationConnection {
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs a script of several statements (a migration.sql file). */
  exec(sql: string): Promise<void>;
}

export type InTransaction = <T>(work: (connection: MigrationConnection) => Promise<T>) => Promise<T>;

export const migrationsDir = fileURLToPath(new URL("../../prisma/migrations", import.meta.url));

// Any fixed number; all processes of a deployment take the same lock while migrating.
const MIGRATION_LOCK_KEY = 4_181_907_302;

const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id"                  VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum"            VARCHAR(64) NOT NULL,
  "finished_at"         TIMESTAMPTZ,
  "migration_name"      VARCHAR(255) NOT NULL,
  "logs"                TEXT,
  "rolled_back_at"      TIMESTAMPTZ,
  "started_at"          TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export function readMigrations(dir = migrationsDir): Migration[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(dir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

/**
 * Applies pending migrations the way `prisma migrate deploy` would, recording them in Prisma's own
 * `_prisma_migrations` table so the Prisma CLI agrees about what is applied. We cannot run
 * `migrate deploy` itself: with the offline JS engine it fails against a real server (see stack.md).
 * Each migration runs in its own transaction under an advisory lock, so processes starting
 * together apply each migration exactly once. Returns the names applied.
 */
export async function applyMigrations(inTransaction: InTransaction, dir = migrationsDir): Promise<string[]> {
  const applied: string[] = [];
  for (const migration of readMigrations(dir)) {
    const didApply = await inTransaction(async (connection) => {
      await connection.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK_KEY]);
      await connection.exec(CREATE_MIGRATIONS_TABLE);
      const done = await connection.query<{ id: string }>(
        `SELECT id FROM "_prisma_migrations" WHERE migration_name = $1 AND finished_at IS NOT NULL AND rolled_back_at IS NULL`,
        [migration.name],
      );
      if (done.length > 0) return false;
      await connection.exec(migration.sql);
      await connection.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
         VALUES ($1, $2, $3, now(), now(), 1)`,
        [randomUUID(), migration.checksum, migration.name],
      );
      return true;
    });
    if (didApply) applied.push(migration.name);
  }
  return applied;
}
