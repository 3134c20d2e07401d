import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { placeCall, type SimulatedCall } from "../src/simulator/simulated-call.js";
import { type SecretaryProcess, spawnSecretary } from "./support/server-process.js";
import { createTestDatabase, type TestDatabase } from "./support/test-database.js";

const repoRoot = fileURLToPath(new URL("..", import.meta.url));
const TWILIO_AUTH_TOKEN = "build-twilio-token-0123456789";
const API_TOKEN = "build-api-token-0123456789";

/** Runs a command in the repository; resolves with its exit code and everything it printed. */
/** A port on 127.0.0.1 that was free a moment ago: a server address nothing answers at. */
async function portNobodyListensOn(): Promise<number> {
  const unused: Server = createServer();
  await new Promise<void>((resolve) => unused.listen(0, "127.0.0.1", resolve));
  const { port } = unused.address() as { port: number };
  await new Promise((resolve) => unused.close(resolve));
  return port;
}

async function run(command: string, args: string[], env: Record<string, string> = {}) {
  const child = spawn(command, args, {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  const [code] = (await once(child, "exit")) as [number | null];
  return { code, output };
}

describe("the production build", () => {
  let database: TestDatabase;
  const dataDirs: string[] = [];
  const running: SecretaryProcess[] = [];
  const calls: SimulatedCall[] = [];

  const dataDir = () => {
    const dir = mkdtempSync(path.join(tmpdir(), "secretary-build-"));
    dataDirs.push(dir);
    return dir;
  };

  before(async () => {
    // The README's command, once for the whole file.
    const build = await run("npm", ["run", "build"]);
    assert.equal(build.code, 0, build.output);
    database = await createTestDatabase();
  });
  after(async () => {
    for (const call of calls) call.dispose();
    for (const secretary of running) await secretary.stop();
    await database?.drop();
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  });

  test("npm run build compiles the server to dist/, and the dashboard to dist/dashboard, and nothing of the tests", () => {
    assert.ok(existsSync(path.join(repoRoot, "dist/main.js")));
    assert.ok(existsSync(path.join(repoRoot, "dist/dashboard/index.html")));
    assert.ok(existsSync(path.join(repoRoot, "dist/db/pglite-worker.js")), "the embedded database's thread");
    assert.ok(existsSync(path.join(repoRoot, "dist/db/pglite-create.js")), "the process that creates its directory");
    assert.ok(!existsSync(path.join(repoRoot, "dist/test")));
  });

  test("node dist/main.js serves a call, and SIGTERM closes its socket as going away and exits cleanly", async () => {
    const secretary = await spawnSecretary(
      {
        NODE_ENV: "production",
        PUBLIC_URL: "http://localhost:1",
        TWILIO_AUTH_TOKEN,
        API_TOKEN,
        DATA_DIR: dataDir(),
        ...(database.databaseUrl && { DATABASE_URL: database.databaseUrl }),
      },
      "build",
    );
    running.push(secretary);
    // Twilio signs on the public URL; this one is only for the signatures.
    const call = await placeCall({
      serverUrl: secretary.url,
      publicUrl: "http://localhost:1",
      authToken: TWILIO_AUTH_TOKEN,
      from: "+15557770301",
      timeoutMs: 30_000,
    });
    calls.push(call);
    const reply = await call.say("Hi, this is Dana, please ask the owner to call me back.");
    assert.ok(reply.length > 0, "the offline secretary answered");
    // The build has the dashboard too: the owner's pages at `/`, with their scripts.
    const page = await fetch(`${secretary.url}/calls`);
    assert.equal(page.status, 200);
    const html = await page.text();
    const script = /<script[^>]+src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    assert.ok(script, html);
    assert.equal((await fetch(`${secretary.url}${script}`)).status, 200);

    secretary.child.kill("SIGTERM");
    assert.equal(await secretary.exited, 0, "a clean exit");
    const [session] = call.sessions;
    assert.deepEqual(session?.socketClosed, { code: 1001, reason: "server shutting down" });
    // Twilio reports the dropped session to the action URL, and is told to hold the call and bring it back.
    assert.match(session?.action?.body ?? "", /<Redirect[^>]*>[^<]*\/twilio\/resume\?parkedAt=\d+/);
    const warnings = secretary.log.filter((line) => line.includes('"level":40'));
    assert.ok(
      warnings.some((line) => line.includes("ANTHROPIC_API_KEY is not set")),
      "a production start without Claude says so",
    );
  });

  test("the build runs the embedded database in its own thread", async () => {
    const secretary = await spawnSecretary({ DATA_DIR: dataDir() }, "build");
    running.push(secretary);
    const ready = await fetch(`${secretary.url}/readyz`);
    assert.equal(ready.status, 200);
    assert.equal(((await ready.json()) as { database: string }).database, "pglite");
    secretary.child.kill("SIGTERM");
    assert.equal(await secretary.exited, 0);
  });

  test("a port in use is named, not a stack trace", async () => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const { port } = taken.address() as { port: number };
    try {
      const started = await run(process.execPath, ["dist/main.js"], {
        PORT: String(port),
        HOST: "127.0.0.1",
        DATA_DIR: dataDir(),
      });
      assert.equal(started.code, 1);
      assert.match(started.output, new RegExp(`^PORT ${port} is in use on 127\\.0\\.0\\.1: `, "m"));
      assert.doesNotMatch(started.output, /\n\s+at /, "no stack trace");
    } finally {
      taken.close();
    }
  });

  test("a DATABASE_URL nobody answers at, or naming a database that does not exist, is named", async () => {
    const port = await portNobodyListensOn();
    const refused = await run(process.execPath, ["dist/main.js"], {
      PORT: "0",
      DATA_DIR: dataDir(),
      DATABASE_URL: `postgresql://postgres:hunter2@127.0.0.1:${port}/secretary`,
    });
    assert.equal(refused.code, 1);
    assert.match(
      refused.output,
      new RegExp(`^DATABASE_URL: no PostgreSQL server answers at 127\\.0\\.0\\.1:${port} `, "m"),
    );
    assert.doesNotMatch(refused.output, /hunter2/, "never the password");
    assert.doesNotMatch(refused.output, /\n\s+at /, "no stack trace");

    if (!database.databaseUrl) return;
    const missing = new URL(database.databaseUrl);
    missing.pathname = "/no_such_secretary_database";
    const absent = await run(process.execPath, ["dist/main.js"], {
      PORT: "0",
      DATA_DIR: dataDir(),
      DATABASE_URL: missing.toString(),
    });
    assert.equal(absent.code, 1);
    assert.match(absent.output, /^DATABASE_URL: the database "no_such_secretary_database" does not exist on /m);
    assert.doesNotMatch(absent.output, /\n\s+at /, "no stack trace");
  });

  test("a REDIS_URL nobody answers at is named, and the start stops", async () => {
    const port = await portNobodyListensOn();
    const refused = await run(process.execPath, ["dist/main.js"], {
      PORT: "0",
      DATA_DIR: dataDir(),
      // Redis is tried once the database is open: the test database, already migrated, opens in a
      // moment, where a new embedded one would first be created.
      ...(database.databaseUrl && { DATABASE_URL: database.databaseUrl }),
      REDIS_URL: `redis://default:hunter2@127.0.0.1:${port}`,
    });
    assert.equal(refused.code, 1);
    assert.match(
      refused.output,
      new RegExp(`^REDIS_URL: no Redis server answers at 127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\)\\. `, "m"),
    );
    assert.doesNotMatch(refused.output, /hunter2/, "never the password");
    assert.doesNotMatch(refused.output, /\n\s+at /, "no stack trace");
  });
});
