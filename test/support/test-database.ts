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
