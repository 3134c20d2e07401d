import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const repoRoot = fileURLToPath(new URL("..", import.meta.url));

// A test whose secretary process starts too slowly (a loaded CI machine) must fail with a clear
// message, not leave the process running: its pipe would keep the test runner alive for good.
test("a secretary process that does not start in time is stopped, and the test fails instead of hanging", {
  // Only a guard: with the process left running, the script below never ends.
  timeout: 120_000,
}, async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "secretary-slow-start-"));
  const script = `
    import { spawnSecretary } from "./test/support/server-process.ts";
    try {
      await spawnSecretary({ DATA_DIR: ${JSON.stringify(dataDir)} }, "source", 1);
      console.log("started");
    } catch (error) {
      console.log(error.message.split("\\n")[0]);
    }`;
  const runner = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? "" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  runner.stdout.on("data", (data: Buffer) => (output += data.toString("utf8")));
  const [code] = await once(runner, "exit");
  assert.equal(code, 0);
  assert.equal(output.trim(), "the secretary process did not start within 0.001 s");
});
