import { type Logger, pino } from "pino";

export type { Logger };

/**
 * Structured logs on stdout. Transcript text and secrets are only ever logged at debug level
 * (or not at all), so an info-level log can be shared without leaking what callers said.
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: undefined,
    redact: { paths: ["token", "authToken", "apiKey", "authorization", "*.authorization"], censor: "[redacted]" },
  });
}
