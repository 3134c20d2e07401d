import path from "node:path";
import { fileURLToPath } from "node:url";
import type { FakeReply } from "../../test/support/fake-anthropic.js";

/** The repository's root: where the benches start the secretary and their child processes. */
export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

/** The Twilio auth token a bench's secretary and its simulated callers share. */
export const BENCH_TWILIO_AUTH_TOKEN = "bench-twilio-auth-token-0123456789";

/** The GraphQL API token of a bench's secretary, so that the bench can set the business up. */
export const BENCH_API_TOKEN = "bench-api-token-0123456789abcdef";

/** What a bench's secretary asks of /metrics: a production start without one warns that /metrics is open. */
export const BENCH_METRICS_TOKEN = "bench-metrics-token-0123456789ab";

/** The fake Claude's answer to every post-call analysis: a valid one, so the secretary's worker stays quiet. */
export const QUIET_ANALYSIS: FakeReply = {
  text: "",
  toolUse: {
    name: "record_call_analysis",
    input: {
      summary: "A caller asked for a call back about their appointment.",
      intent: "call back request",
      urgency: "NORMAL",
      callerName: null,
      actionItems: ["Call the caller back about their appointment."],
    },
  },
};
