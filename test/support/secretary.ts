import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { MessageCreateParams } from "@anthropic-ai/sdk/resources/messages";
import { buildApp, type RunningApp } from "../../src/app.js";
import type { BusinessSettings } from "../../src/business/settings.js";
import { type Config, loadConfig, type Timing } from "../../src/config.js";
import type { Logger } from "../../src/logger.js";
import type { SimulatorOptions } from "../../src/simulator/simulated-call.js";
import { type FakeAnthropic, startFakeAnthropic } from "./fake-anthropic.js";
import { createTestDatabase, type TestDatabase } from "./test-database.js";
import { eventually } from "./wait.js";

/** Timings short enough for tests, long enough that nothing fires by accident. */
export const testTiming: Timing = {
  firstTokenTimeoutMs: 600,
  streamIdleTimeoutMs: 400,
  roundTimeoutMs: 3000,
  holdLineAfterMs: 300,
  resumeGraceMs: 400,
  analysisPollMs: 100,
  abandonedCallAfterMs: 60_000,
  maxFarewellMs: 300,
  openTimeoutMs: 2000,
  dtmfIdleMs: 300,
  analysisRetryBaseMs: 100,
  notificationPollMs: 100,
  notificationRetryBaseMs: 100,
  recordingDeletionPollMs: 100,
  recordingDeletionRetryBaseMs: 100,
  retentionPollMs: 100,
  retentionBatchPauseMs: 10,
  digestCheckMs: 100,
  // The holder of a call in the same process answers at once.
  callControlTimeoutMs: 1000,
  // As in production: a test that stops a secretary mid-call counts on the callbacks being awaited.
  stopCallbackWaitMs: 5000,
  ownerSessionLifetimeMs: 30 * 24 * 60 * 60_000,
};

export interface SecretaryOptions {
  /** Environment settings, as a user would set them (PORT, TWILIO_AUTH_TOKEN… are filled in). */
  env?: Record<string, string>;
  /** Run without an Anthropic key: the offline secretary answers. */
  offline?: boolean;
  timing?: Partial<Timing>;
  /** Keep the embedded database on disk, so that a restart (`reuse`) finds it again. */
  onDisk?: boolean;
  /** Reuse a database (and PGlite directory) from an earlier run, to test restarts. */
  reuse?: TestSecretary;
  /** A database made beforehand (dropped with the secretary); by default a fresh one. */
  database?: TestDatabase;
  /** Where the server logs; by default stdout at TEST_LOG_LEVEL (silent unless set). */
  logger?: Logger;
  /** The owner's first settings, over those the environment gives (no range checks: 0.5 s of silence will do). */
  settings?: Partial<BusinessSettings>;
  /** Where the twilio SDK sends text messages (test/support/twilio-rest.ts), with TWILIO_ACCOUNT_SID. */
  twilioRestUrl?: string;
  /** Where the built dashboard is read from; by default the project's dist/dashboard. */
  dashboardDir?: string;
}

export interface TestSecretary {
  app: RunningApp;
  config: Config;
  anthropic: FakeAnthropic;
  database: TestDatabase;
  pgliteDir: string;
  /** How the caller simulator reaches this server. */
  simulator: SimulatorOptions;
  /** Stops the server (keeps its database for a restart). */
  stop(): Promise<void>;
  /** Stops the server and throws its database away. */
  dispose(): Promise<void>;
}

export const TEST_TWILIO_TOKEN = "test-twilio-auth-token-0123456789";

/** A real secretary on a free port, with the fake Anthropic server behind it. */
export async function startSecretary(options: SecretaryOptions = {}): Promise<TestSecretary> {
  const anthropic = options.reuse?.anthropic ?? (await startFakeAnthropic());
  const database = options.reuse?.database ?? options.database ?? (await createTestDatabase());
  const dataDir = options.reuse?.config.dataDir ?? mkdtempSync(path.join(tmpdir(), "secretary-test-"));
  // A single run is faster with the embedded database in memory.
  const pgliteDir = options.reuse?.pgliteDir ?? (options.onDisk ? path.join(dataDir, "pglite") : "memory://");
  const env: Record<string, string> = {
    PORT: "0",
    TWILIO_AUTH_TOKEN: TEST_TWILIO_TOKEN,
    DATA_DIR: dataDir,
    BUSINESS_NAME: "Harbor Dental",
    OWNER_NAME: "Dr. Reyes",
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    ...(options.offline ? {} : { ANTHROPIC_API_KEY: "test-anthropic-key", ANTHROPIC_BASE_URL: anthropic.url }),
    ...(database.databaseUrl ? { DATABASE_URL: database.databaseUrl } : {}),
    ...options.env,
  };
  const config = { ...loadConfig(env), timing: { ...testTiming, ...options.timing } };
  const app = buildApp(config, {
    pgliteDir,
    logger: options.logger,
    settings: options.settings,
    ...(options.twilioRestUrl && { twilioRestUrl: options.twilioRestUrl }),
    ...(options.dashboardDir && { dashboardDir: options.dashboardDir }),
  });
  const running = await app.start();
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await app.stop();
  };
  return {
    app: running,
    config,
    anthropic,
    database,
    pgliteDir,
    simulator: { serverUrl: running.url, publicUrl: running.publicUrl, authToken: running.twilioAuthToken },
    stop,
    async dispose() {
      await stop();
      await anthropic.close();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Resolves once every call-log write the secretary has accepted (a webhook answered, a turn
 * spoken) is in the database, as /readyz reports it.
 */
export async function writesSettled(secretary: TestSecretary): Promise<void> {
  await eventually("the call log's writes in the database", async () => {
    const response = await fetch(`${secretary.app.url}/readyz`);
    const body = (await response.json()) as { journal?: { writesNotInDatabase?: number } };
    return body.journal?.writesNotInDatabase === 0;
  });
}

/** The bodies of the conversational (streamed) requests Claude got, leaving out post-call analyses. */
export function conversationRequests(anthropic: FakeAnthropic): MessageCreateParams[] {
  return anthropic.requests.filter((request) => request.body?.stream === true).map((request) => request.body);
}

/** The last conversational request Claude got; the test fails if there was none. */
export function lastConversationRequest(anthropic: FakeAnthropic): MessageCreateParams {
  const request = conversationRequests(anthropic).at(-1);
  if (!request) throw new Error("Claude got no conversational request");
  return request;
}
