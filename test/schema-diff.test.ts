import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { lockEmbeddedDatabase } from "../src/db/embedded-database-lock.js";

const repoRoot = fileURLToPath(new URL("..", import.meta.url));

test("the README's schema diff needs no database: it runs while the app holds the embedded one", {
  timeout: 120_000,
}, async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "secretary-diff-"));
  // What a running app holds.
  const lock = lockEmbeddedDatabase(path.join(dataDir, "pglite"));
  try {
    const child = spawn(
      process.execPath,
      [
        "node_modules/prisma/build/index.js",
        "migrate",
        "diff",
        "--from-empty",
        "--to-schema-datamodel",
        "prisma/schema.prisma",
        "--script",
      ],
      // No DATABASE_URL: the embedded database is the one the CLI would open.
      { cwd: repoRoot, env: { PATH: process.env.PATH ?? "", DATA_DIR: dataDir }, stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    const [code] = (await once(child, "exit")) as [number | null];
    assert.equal(code, 0, output);
    assert.match(output, /CREATE TABLE "Call"/);
  } finally {
    lock.release();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
