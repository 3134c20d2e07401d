import pg from "pg";
import { type Database, openDatabase } from "../../src/db/database.js";
import { createScratchDatabase } from "./scratch-database.js";

/**
 * A database for one test. With DATABASE_URL set (CI sets it to the machine's PostgreSQL), a fresh
 * database is created on that server and dropped afterwards, so tests never see each other's
 * rows and the migrations run from scratch on a real server every time. Without it, in-memory PGlite.
 */
export interface TestDatabase {
  databaseUrl: string | undefined;
  kind: "postgres" | "pglite";
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) return { databaseUrl: undefined, kind: "pglite", drop: async () => undefined };
  const scratch = await createScratchDatabase(serverUrl, "secretary_test");
  return { databaseUrl: scratch.url, kind: "postgres", drop: scratch.drop };
}

/**
 * Opens the test database; given a `zone`, with its sessions in that zone instead of the server's
 * default (UTC here), as a server set to local time has them.
 */
export async function openTestDatabase(testDatabase: TestDatabase, zone?: string): Promise<Database> {
  if (testDatabase.databaseUrl && zone) {
    const client = new pg.Client({ connectionString: testDatabase.databaseUrl });
    await client.connect();
    try {
      await client.query(
        `ALTER DATABASE "${new URL(testDatabase.databaseUrl).pathname.slice(1)}" SET timezone TO '${zone}'`,
      );
    } finally {
      await client.end();
    }
  }
  const database = await openDatabase({ databaseUrl: testDatabase.databaseUrl, pgliteDir: "memory://" });
  // The embedded database has one session: setting its zone sets it for everything.
  if (database.kind === "pglite" && zone) await database.execute(`SET TIME ZONE '${zone}'`, []);
  return database;
}
