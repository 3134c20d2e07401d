import { randomBytes } from "node:crypto";
import pg from "pg";

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
  const name = `secretary_test_${randomBytes(6).toString("hex")}`;
  await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    databaseUrl: url.toString(),
    kind: "postgres",
    drop: () => adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
