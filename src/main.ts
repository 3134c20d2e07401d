import { buildApp } from "./app.js";
import { ConfigError, loadConfig } from "./config.js";

try {
  const app = buildApp(loadConfig());
  await app.start();
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => void app.stop().then(() => process.exit(0)));
  }
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
