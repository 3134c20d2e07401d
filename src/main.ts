import { buildApp } from "./app.js";
import { ConfigError, loadConfig } from "./config.js";
import { localSecretsPath } from "./local-secrets.js";

try {
  const config = loadConfig();
  const app = buildApp(config);
  // Listened for before the start: a signal that comes while starting still stops the app cleanly.
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => void app.stop().then(() => process.exit(0)));
  }
  const running = await app.start();
  if (!config.apiToken) {
    // A generated local token is shown once here (never logged), so the owner can open GraphiQL.
    process.stdout.write(
      `\nGraphiQL: ${running.publicUrl}/graphql\nAPI token (generated for local use, kept in ${localSecretsPath(config.dataDir)}):\n  Authorization: Bearer ${running.apiToken}\n\n`,
    );
  }
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
