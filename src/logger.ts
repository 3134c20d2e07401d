import { type DestinationStream, type Logger, pino } from "pino";

export type { Logger };

/**
 * Structured logs on stdout. Transcript text and secrets are only ever logged at debug level
 * (or not at all), so an info-level log can be shared without leaking what callers said.
 * `destination` is stdout unless a test reads the lines.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: undefined,
    redact: { paths: ["token", "authToken", "apiKey", "authorization", "*.authorization"], censor: "[redacted]" },
  };
  return destination ? pino(options, destination) : pino(options);
}
