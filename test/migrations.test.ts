import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
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

  test("the embedded database keeps its data and is not migrated twice across restarts", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "secretary-pglite-"));
    try {
      const first = await openDatabase({ databaseUrl: undefined, pgliteDir: dir });
      await first.prisma.call.create({ data: { callSid: "CA-restart", from: "+15550000001", to: "+15550000002" } });
      await first.close();
      const second = await openDatabase({ databaseUrl: undefined, pgliteDir: dir });
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
