import assert from "node:assert/strict";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { placeCall } from "../src/simulator/simulated-call.js";
import { startFakeAnthropic } from "./support/fake-anthropic.js";
import { conversationRequests, TEST_TWILIO_TOKEN } from "./support/secretary.js";
import { spawnSecretary } from "./support/server-process.js";
import { createTestDatabase } from "./support/test-database.js";
import { eventually } from "./support/wait.js";

interface StoredCall {
  callSid: string;
  endReason: string | null;
  analysisState: string;
  turns: { text: string }[];
}

test("a server killed (SIGKILL) before its reply started keeps the caller's last words, and the next start closes the call", async () => {
  const anthropic = await startFakeAnthropic();
  const database = await createTestDatabase();
  const dataDir = mkdtempSync(path.join(tmpdir(), "secretary-crash-"));
  const env = {
    DATA_DIR: dataDir,
    TWILIO_AUTH_TOKEN: TEST_TWILIO_TOKEN,
    API_TOKEN: "crash-test-api-token-0123456789abcdef",
    ANTHROPIC_API_KEY: "test-anthropic-key",
    ANTHROPIC_BASE_URL: anthropic.url,
    BUSINESS_NAME: "Harbor Dental",
    OWNER_NAME: "Dr. Reyes",
    ...(database.databaseUrl ? { DATABASE_URL: database.databaseUrl } : {}),
  };
  try {
    const first = await spawnSecretary(env);
    // The second reply is slow to start: the caller's line is held back from the database until it does.
    anthropic.enqueue({ text: "Sure, what's your name?" }, { text: "Thanks Jordan.", ttftMs: 30_000 });
    const call = await placeCall({
      serverUrl: first.url,
      publicUrl: first.publicUrl,
      authToken: TEST_TWILIO_TOKEN,
      from: "+15557780001",
    });
    await call.say("I need to reschedule my cleaning.");
    call.sendPrompt("This is Jordan Lee, call me back at 555 0100.");
    await eventually("Claude asked for the second reply", async () => conversationRequests(anthropic).length === 2);
    first.child.kill("SIGKILL");
    await once(first.child, "exit");
    call.dispose();
    // The next start replays what the killed process journaled, and closes the session it held.
    // The next start replays what the killed process journaled, and closes the session it held.
    const second = await spawnSecretary(env);
    try {
      const stored = await eventually("the replayed call", async () => {
        const response = await fetch(`${second.url}/graphql`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${env.API_TOKEN}` },
          body: JSON.stringify({
            query: "{ calls(first: 1) { edges { node { callSid endReason analysisState turns { text } } } } }",
          }),
        });
        const { data } = (await response.json()) as { data?: { calls: { edges: { node: StoredCall }[] } } };
        const call = data?.calls.edges[0]?.node;
        return call?.endReason ? call : undefined;
      });
      assert.equal(stored.callSid, call.callSid);
      assert.deepEqual(stored.turns.map((turn) => turn.text).slice(1), [
        "I need to reschedule my cleaning.",
        "Sure, what's your name?",
        "This is Jordan Lee, call me back at 555 0100.",
      ]);
      assert.equal(stored.endReason, "CONNECTION_LOST", "the record is closed, not left in progress");
      assert.equal(stored.analysisState, "PENDING");
    } finally {
      await second.stop();
    }
  } finally {
    await anthropic.close();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
