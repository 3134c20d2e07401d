import { buildApp } from "./app.js";
import { ConfigError, loadConfig } from "./config.js";
import { LockHeldError } from "./db/process-lock.js";
import { localSecretsPath } from "./local-secrets.js";
import { StartupFailure } from "./startup-failure.js";

try {
  const config = loadConfig();
  const app = buildApp(config);
  const starting = app.start();
  // From the first moment: a process manager may stop a server that is still starting (it stops
  // once started), and the default would kill it with its database open.
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => void starting.then(() => app.stop()).then(() => process.exit(0)));
  }
  const running = await starting;
  if (!config.apiToken) {
    // A generated local token is shown once here (never logged), so the owner can sign in.
    process.stdout.write(
      `\nDashboard: ${running.publicUrl}/ (sign in with the API token)\nGraphiQL: ${running.publicUrl}/graphql\nAPI token (generated for local use, kept in ${localSecretsPath(config.dataDir)}):\n  ${running.apiToken}\n  (for other clients: Authorization: Bearer ${running.apiToken})\n\n`,
    );
  }
} catch (error) {
  // Expected refusals are told plainly; anything else keeps its stack.
  if (!(error instanceof ConfigError || error instanceof LockHeldError || error instanceof StartupFailure)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
