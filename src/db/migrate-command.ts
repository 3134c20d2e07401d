import path from "node:path";
import { ConfigError, loadConfig } from "../config.js";
import { databaseFailure, StartupFailure } from "../startup-failure.js";
import { openDatabase } from "./database.js";
import { LockHeldError } from "./process-lock.js";

// `npm run db:migrate`: applies pending migrations the same way the app does at start-up.
try {
  const config = loadConfig();
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    pgliteDir: path.join(config.dataDir, "pglite"),
  }).catch((error: unknown) => {
    throw databaseFailure(error, config.databaseUrl);
  });
  await database.close();
  process.stdout.write(`Database (${database.kind}) is up to date.\n`);
} catch (error) {
  // Expected refusals are told plainly; anything else keeps its stack.
  if (!(error instanceof ConfigError || error instanceof LockHeldError || error instanceof StartupFailure)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
