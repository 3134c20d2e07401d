import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type FakeAnthropic, startFakeAnthropic } from "./fake-anthropic.js";
import { type SecretaryProcess, spawnSecretary } from "./server-process.js";
import { createTestDatabase, type TestDatabase } from "./test-database.js";

/** Why a scale-out suite is skipped (needs a PostgreSQL server and Redis to share), or false. */
export const scaleOutSkip =
  !process.env.DATABASE_URL || !process.env.REDIS_URL ? "needs DATABASE_URL and REDIS_URL (CI sets both)" : false;

/** Two server processes, as on two machines, sharing a scratch PostgreSQL database, Redis and one fake Claude. */
export interface TwoSecretaries {
  database: TestDatabase;
  anthropic: FakeAnthropic;
  a: SecretaryProcess;
  b: SecretaryProcess;
  stop(): Promise<void>;
}

/** Starts both processes with `env` added to what they share; each gets its own DATA_DIR (its write journal). */
export async function startTwoSecretaries(name: string, env: Record<string, string>): Promise<TwoSecretaries> {
  const database = await createTestDatabase();
  const anthropic = await startFakeAnthropic();
  const shared = {
    DATABASE_URL: database.databaseUrl ?? "",
    REDIS_URL: process.env.REDIS_URL ?? "",
    ANTHROPIC_API_KEY: "test-key",
    ANTHROPIC_BASE_URL: anthropic.url,
    ...env,
  };
  const dataDir = (side: string) => mkdtempSync(path.join(tmpdir(), `secretary-${name}-${side}-`));
  const started = await Promise.allSettled([
    spawnSecretary({ ...shared, DATA_DIR: dataDir("a") }),
    spawnSecretary({ ...shared, DATA_DIR: dataDir("b") }),
  ]);
  const [a, b] = started.map((result) => (result.status === "fulfilled" ? result.value : undefined));
  if (!a || !b) {
    // The one that did start would keep the test runner alive: the test would hang instead of failing.
    await Promise.all([a?.stop(), b?.stop()]);
    await anthropic.close();
    await database.drop();
    const failure = started.find((result) => result.status === "rejected");
    throw failure?.reason;
  }
  return {
    database,
    anthropic,
    a,
    b,
    async stop() {
      await Promise.all([a.stop(), b.stop()]);
      await anthropic.close();
      await database.drop();
    },
  };
}
