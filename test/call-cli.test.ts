import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { startSecretary, TEST_TWILIO_TOKEN, type TestSecretary } from "./support/secretary.js";

const repoRoot = fileURLToPath(new URL("..", import.meta.url));

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run call -- ...args` as a user runs it, signing with the test secretary's token. */
async function runCall(args: string[]): Promise<CliRun> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/simulator/cli.ts", ...args], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? "", TWILIO_AUTH_TOKEN: TEST_TWILIO_TOKEN },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  const [code] = (await once(child, "exit")) as [number | null];
  return { code, stdout, stderr };
}

describe("npm run call", () => {
  let secretary: TestSecretary;
  let scripts: string;
  const script = (name: string, lines: string[]): string => {
    const file = path.join(scripts, name);
    writeFileSync(file, `${lines.join("\n")}\n`);
    return file;
  };

  before(async () => {
    // Keys answered after 2 s: later than the CLI used to wait, well within the server's default pause.
    // With an owner's phone to put an emergency through to; one server for the whole file.
    secretary = await startSecretary({
      offline: true,
      env: { OWNER_PHONE: "+15550001111" },
      timing: { dtmfIdleMs: 2000 },
    });
    scripts = mkdtempSync(path.join(tmpdir(), "call-cli-"));
  });
  after(async () => {
    await secretary.dispose();
    rmSync(scripts, { recursive: true, force: true });
  });

  test("a mistyped option prints what is wrong and the usage, and exits with 2", async () => {
    const run = await runCall(["--ulr", secretary.app.url]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^Unknown option '--ulr'/);
    assert.match(run.stderr, /Usage: npm run call -- \[options\]/);
    assert.match(run.stderr, /--public-url URL/);
    assert.doesNotMatch(run.stderr, /\n\s+at /, "no stack trace");
    assert.equal(run.stdout, "");
  });

  test("called at another address than the server's PUBLIC_URL, it says which URL to sign on, and --public-url gets through", async () => {
    // The server's PUBLIC_URL is http://localhost:PORT; the caller reaches it at 127.0.0.1.
    const hangUp = script("hang-up.txt", ["/hangup"]);
    const refused = await runCall(["--url", secretary.app.url, "--script", hangUp]);
    assert.equal(refused.code, 1);
    assert.equal(
      refused.stderr.trim(),
      `The server checks signatures against ${secretary.app.publicUrl}/twilio/voice: run with --public-url ${secretary.app.publicUrl} (or set PUBLIC_URL).`,
    );

    const connected = await runCall([
      "--url",
      secretary.app.url,
      "--public-url",
      secretary.app.publicUrl,
      "--script",
      hangUp,
    ]);
    assert.equal(connected.code, 0, connected.stderr);
    assert.match(connected.stdout, /\[you hung up\]/);
  });

  test("after /dtmf the secretary's answer to the keys prints before the caller's next line", async () => {
    const keys = script("keys.txt", ["/dtmf 5551234", "/hangup"]);
    const run = await runCall(["--url", secretary.app.url, "--public-url", secretary.app.publicUrl, "--script", keys]);
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.split("\n");
    const pressed = lines.indexOf("Caller: /dtmf 5551234");
    assert.notEqual(pressed, -1, run.stdout);
    assert.match(lines[pressed + 1] ?? "", /^Assistant: \S/, run.stdout);
    assert.equal(lines[pressed + 2], "Caller: /hangup", run.stdout);
  });

  test("--owner says who answers: the owner who presses 1, or a voicemail that sends the caller back", async () => {
    const lines = "My basement is flooding, it's an emergency. I need to speak to Dr. Reyes now!\n/hangup\n";
    const emergency = path.join(scripts, "emergency.txt");
    writeFileSync(emergency, lines);
    const call = (owner: string[]) =>
      runCall(["--url", secretary.app.url, "--public-url", secretary.app.publicUrl, "--script", emergency, ...owner]);

    const answered = await call([]);
    assert.equal(answered.code, 0, answered.stderr);
    assert.match(
      answered.stdout,
      /\[ringing \+15550001111\]\n\[\+15550001111 picks up and hears: "A call for Harbor Dental, put through by your secretary\. Someone is calling because their basement is flooding\. Press 1 to take the call\."\]\n\[1 pressed: you are put through to \+15550001111, who hangs up when you are done\]\n\[call ended\]\n$/,
    );

    const voicemail = await call(["--owner", "voicemail"]);
    assert.equal(voicemail.code, 0, voicemail.stderr);
    assert.match(
      voicemail.stdout,
      /\[\+15550001111's voicemail picks up and hears: .*\]\n\[no key pressed: not put through\]\nAssistant: I'm sorry, Dr\. Reyes isn't available right now\./,
    );
    assert.match(voicemail.stdout, /\[you hung up\]\n$/);
  });
});
