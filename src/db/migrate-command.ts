import path from "node:path";
import { ConfigError, loadConfig } from "../config.js";
import { openDatabase } from "./database.js";

// `npm run db:migrate`: applies pending migrations the same way the app does at start-up.
try {
  const config = loadConfig();
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    pgliteDir: path.join(config.dataDir, "pglite"),
  });
  await database.close();
  process.stdout.write(`Database (${database.kind}) is up to date.\n`);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
