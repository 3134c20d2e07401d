import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

/**
 * Outside production the server invents the secrets it was not given and keeps them in DATA_DIR,
 * so `npm run call` (and a restart) use the same ones. Signatures are never switched off.
 */
const localSecretsSchema = z.object({
  twilioAuthToken: z.string().min(16),
  apiToken: z.string().min(16),
});
export type LocalSecrets = z.infer<typeof localSecretsSchema>;

export function localSecretsPath(dataDir: string): string {
  return path.join(dataDir, "local-secrets.json");
}

export function readLocalSecrets(dataDir: string): LocalSecrets | undefined {
  try {
    return localSecretsSchema.parse(JSON.parse(readFileSync(localSecretsPath(dataDir), "utf8")));
  } catch {
    return undefined;
  }
}

export function loadOrCreateLocalSecrets(dataDir: string): LocalSecrets {
  const existing = readLocalSecrets(dataDir);
  if (existing) return existing;
  const secrets: LocalSecrets = {
    twilioAuthToken: randomBytes(16).toString("hex"),
    apiToken: randomBytes(24).toString("base64url"),
  };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(localSecretsPath(dataDir), `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  return secrets;
}
