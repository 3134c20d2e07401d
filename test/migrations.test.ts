import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, test } from "node:test";
import { type Database, openDatabase } from "../src/db/database.js";
import { migrationsDir, readMigrations } from "../src/db/migrations.js";
import { createTestDatabase } from "./support/test-database.js";

async function appliedMigrations(database: Database) {
  return database.prisma.$queryRawUnsafe<{ migration_name: string; checksum: string; finished_at: Date | null }[]>(
    `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" ORDER BY migration_name`,
  );
}

function expectedMigrations() {
  return readMigrations().map((migration) => ({
    migration_name: migration.name,
    checksum: createHash("sha256")
      .update(readFileSync(path.join(migrationsDir, migration.name, "migration.sql")))
      .digest("hex"),
  }));
}

describe("migrations applied at start-up", () => {
  test("processes starting together apply each migration exactly once, recorded as Prisma records them", async (t) => {
    const testDatabase = await createTestDatabase();
    if (testDatabase.kind === "pglite") {
      t.skip("needs a PostgreSQL server (DATABASE_URL); PGlite allows one process per directory");
      return;
    }
    try {
      const databases = await Promise.all(
        [1, 2, 3, 4].map(() => openDatabase({ databaseUrl: testDatabase.databaseUrl, pgliteDir: "unused" })),
      );
      try {
        const rows = await appliedMigrations(databases[0]!);
        assert.deepEqual(
          rows.map(({ migration_name, checksum }) => ({ migration_name, checksum })),
          expectedMigrations(),
        );
        assert.ok(rows.every((row) => row.finished_at !== null));
        assert.equal(await databases[1]!.prisma.call.count(), 0, "the schema is usable from every process");
      } finally {
        await Promise.all(databases.map((database) => database.close()));
      }
    } finally {
      await testDatabase.drop();
    }
  });

  // One new directory for both checks: creating one is most of a PGlite start.
  test("a new embedded database on disk is made whole or not at all, keeps its data, and is not migrated twice across restarts", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "secretary-pglite-"));
    try {
      const pgliteDir = path.join(dir, "pglite");
      // What a start stopped half-way through creating the directory left beside it.
      const halfMade = path.join(dir, "pglite.new-Ab12Cd");
      mkdirSync(path.join(halfMade, "base"), { recursive: true });
      writeFileSync(path.join(halfMade, "PG_VERSION"), "18\n");

      const first = await openDatabase({ databaseUrl: undefined, pgliteDir });
      await first.prisma.call.create({ data: { callSid: "CA-restart", from: "+15550000001", to: "+15550000002" } });
      await first.close();
      assert.deepEqual(readdirSync(dir), ["pglite"], "the half-made directory is cleared");
      const second = await openDatabase({ databaseUrl: undefined, pgliteDir });
      try {
        assert.equal(await second.prisma.call.count({ where: { callSid: "CA-restart" } }), 1);
        const rows = await appliedMigrations(second);
        assert.deepEqual(
          rows.map(({ migration_name, checksum }) => ({ migration_name, checksum })),
          expectedMigrations(),
        );
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
