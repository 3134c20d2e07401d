import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

export interface SecretaryProcess {
  url: string;
  publicUrl: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * The secretary as its own OS process (`src/main.ts`), as it runs in production: for tests of
 * several processes sharing one PostgreSQL and Redis.
 */
export async function spawnSecretary(env: Record<string, string>): Promise<SecretaryProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? "", ...env, PORT: "0", LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout! });
  const listening = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the secretary process did not start within 30 s")), 30_000);
    child.once("exit", (code) => reject(new Error(`the secretary process exited with ${code} before listening`)));
    lines.on("line", (line) => {
      if (process.env.DEBUG_CHILD) process.stderr.write(`${line}\n`);
      try {
        const entry = JSON.parse(line) as { msg?: string; port?: number };
        if (entry.msg === "phone secretary listening" && entry.port) {
          clearTimeout(timer);
          resolve(entry.port);
        }
      } catch {
        // Not a log line (e.g. a banner); ignore.
      }
    });
  });
  const port = await listening;
  return {
    url: `http://127.0.0.1:${port}`,
    publicUrl: `http://localhost:${port}`,
    child,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await once(child, "exit");
      clearTimeout(timer);
    },
  };
}
