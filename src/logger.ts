import { type DestinationStream, type Logger, pino } from "pino";

export type { Logger };

/**
 * Logs on stdout: one JSON object a line for a log collector, or, when stdout is a terminal (a
 * newcomer's `npm start`), the same entries as readable lines (pino-pretty, in pino's transport
 * thread). Transcript text and secrets are only ever logged at debug level (or not at all), so an
 * info-level log can be shared without leaking what callers said. `destination` is stdout unless a
 * test reads the lines.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: undefined,
    redact: { paths: ["token", "authToken", "apiKey", "authorization", "*.authorization"], censor: "[redacted]" },
  };
  if (destination) return pino(options, destination);
  if (!process.stdout.isTTY) return pino(options);
  return pino({
    ...options,
    transport: { target: "pino-pretty", options: { translateTime: "SYS:HH:MM:ss.l", ignore: "pid,hostname" } },
  });
}
