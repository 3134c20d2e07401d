import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { placeCall } from "../src/simulator/simulated-call.js";
import { CallDocument, CallsDocument } from "./generated/graphql.js";
import { ApiClient } from "./support/graphql-client.js";
import { type SecretaryProcess, spawnSecretary } from "./support/server-process.js";
import { eventually } from "./support/wait.js";

const repoRoot = fileURLToPath(new URL("..", import.meta.url));
const API_TOKEN = "data-dir-lock-api-token-0123456789";
const TWILIO_AUTH_TOKEN = "data-dir-lock-twilio-token-0123456789";

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command of the project to its end, as an operator would from a shell. */
async function run(args: string[], env: Record<string, string>): Promise<Finished> {
  const child = spawn(process.execPath, args, { cwd: repoRoot, env: { PATH: process.env.PATH ?? "", ...env } });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const [code] = (await once(child, "exit")) as [number | null];
  return { code, stdout, stderr };
}

describe("one process per embedded data directory", () => {
  let dataDir: string;
  let env: Record<string, string>;
  let holder: SecretaryProcess;
  let api: ApiClient;
  before(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), "secretary-data-dir-lock-"));
    // The embedded database, whatever the suite runs on, and the offline secretary.
    env = { DATA_DIR: dataDir, TWILIO_AUTH_TOKEN, API_TOKEN };
    holder = await spawnSecretary(env);
    api = new ApiClient(holder.url, API_TOKEN);
  });
  after(async () => {
    await holder?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test("a second server, db:migrate and the Prisma CLI are refused, naming the directory and the server holding it", async () => {
    const pgliteDir = realpathSync(path.join(dataDir, "pglite"));
    const [server, migrate, prismaCli] = await Promise.all([
      run(["--import", "tsx", "src/main.ts"], { ...env, PORT: "0", LOG_LEVEL: "info" }),
      run(["--import", "tsx", "src/db/migrate-command.ts"], { DATA_DIR: dataDir }),
      // No telemetry check (this machine may be offline).
      run([path.join(repoRoot, "node_modules/prisma/build/index.js"), "migrate", "status"], {
        DATA_DIR: dataDir,
        CHECKPOINT_DISABLE: "1",
      }),
    ]);
    const refusal = new RegExp(
      `The embedded database ${pgliteDir} is in use by process ${holder.child.pid} \\(.*src/main\\.ts\\), since \\d{4}-`,
    );
    for (const [name, finished] of Object.entries({ server, migrate, prismaCli })) {
      assert.notEqual(finished.code, 0, `${name} fails`);
      assert.match(finished.stderr, refusal, `${name} says why`);
      assert.doesNotMatch(finished.stderr, /^\s+at /m, `${name} prints no stack trace for it`);
    }
    assert.doesNotMatch(server.stdout, /listening/);
    assert.equal(migrate.stdout, "", "db:migrate did not report the database up to date");
  });

  test("once the server holding it is killed, the next one takes the directory over and finds every call", async () => {
    const call = await placeCall({
      serverUrl: holder.url,
      publicUrl: holder.publicUrl,
      authToken: TWILIO_AUTH_TOKEN,
      from: "+15550007777",
    });
    await call.say("Hi, this is Sam Ortiz. Could Dr. Reyes call me back about my crown?");
    await call.hangUp({ duration: 20 });
    const before = await eventually("the call, complete, in the call log", async () => {
      const { calls } = await api.query(CallsDocument, { first: 10 });
      const callId = calls.edges[0]?.node.id;
      const stored = callId ? (await api.query(CallDocument, { callId })).call : undefined;
      const complete = stored?.status === "COMPLETED" && stored.turns.some((turn) => turn.text.includes("Sam Ortiz"));
      return complete && { totalCount: calls.totalCount, turns: stored.turns, callSid: stored.callSid };
    });
    assert.equal(before.totalCount, 1);
    assert.equal(before.callSid, call.callSid);

    holder.child.kill("SIGKILL");
    await once(holder.child, "exit");
    const lockFile = `${realpathSync(path.join(dataDir, "pglite"))}.lock`;
    assert.equal(JSON.parse(readFileSync(lockFile, "utf8")).pid, holder.child.pid, "the killed server's lock is left");

    holder = await spawnSecretary(env);
    api = new ApiClient(holder.url, API_TOKEN);
    assert.equal(JSON.parse(readFileSync(lockFile, "utf8")).pid, holder.child.pid);
    const { calls } = await api.query(CallsDocument, { first: 10 });
    assert.equal(calls.totalCount, 1);
    assert.equal(calls.edges.length, 1);
    const { call: stored } = await api.query(CallDocument, { callId: calls.edges[0]!.node.id });
    assert.deepEqual(stored?.turns, before.turns);

    await holder.stop();
    assert.equal(existsSync(lockFile), false, "a server that stops releases the directory");
  });
});
