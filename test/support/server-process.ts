import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

export interface SecretaryProcess {
  url: string;
  publicUrl: string;
  child: ChildProcess;
  /** Resolves when the process has exited, with its exit code (null when a signal ended it). */
  exited: Promise<number | null>;
  /** Its log, one JSON entry a line. */
  log: string[];
  stop(): Promise<void>;
}

/**
 * The secretary as its own OS process (`src/main.ts`, or the build's `dist/main.js`, run by node itself, so that a signal reaches
 * it as a process manager sends it), as it runs in production: for tests of several processes
 * sharing one PostgreSQL and Redis, and of restarts. A free port unless `env` sets PORT; it logs
 * at info, which is how its start is seen.
 */
export async function spawnSecretary(
  env: Record<string, string>,
  /** What node runs: the TypeScript source through tsx, or the production build (`node dist/main.js`). */
  entry: "source" | "build" = "source",
  /** How long it may take to listen; then it is stopped and the start fails. */
  startTimeoutMs = 30_000,
): Promise<SecretaryProcess> {
  const args = entry === "build" ? ["dist/main.js"] : ["--import", "tsx", "src/main.ts"];
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? "", PORT: "0", ...env, LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = once(child, "exit").then(([code]) => code as number | null);
  const log: string[] = [];
  const lines = createInterface({ input: child.stdout! });
  lines.on("line", (line) => log.push(line));
  const listening = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the secretary process did not start within ${startTimeoutMs / 1000} s`)),
      startTimeoutMs,
    );
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the secretary process exited with ${code} before listening`));
    });
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
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  };
  let port: number;
  try {
    port = await listening;
  } catch (error) {
    // Left running, the process (and its pipe) would keep the test runner alive: the test would
    // hang instead of failing. What it logged says why it did not start.
    await stop();
    // Its log lines only (JSON), not a banner that may show a token.
    const lastLines = log
      .filter((line) => line.startsWith("{"))
      .slice(-20)
      .join("\n");
    throw new Error(`${(error as Error).message}${lastLines ? `; its last log lines:\n${lastLines}` : ""}`, {
      cause: error,
    });
  }
  return {
    url: `http://127.0.0.1:${port}`,
    publicUrl: `http://localhost:${port}`,
    child,
    exited,
    log,
    stop,
  };
}
