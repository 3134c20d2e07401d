import { SimulatorError } from "./simulator-error.js";

/**
 * Twilio's connection overrides (twilio.com/docs/usage/webhooks/webhooks-connection-overrides): a
 * fragment on a URL Twilio requests, `#ct=2000&rc=5&rp=ct,rt,5xx&tt=15000`, that sets how Twilio
 * makes that one request. A fragment is never sent to the server, so it is not part of what Twilio
 * signs either: the request goes to the URL without it.
 */
export interface ConnectionOverrides {
  /** rc: attempts after the first one that failed (0–5; default 1). */
  retries: number;
  /** rp: the failures worth another attempt: ct (no connection), rt (no answer), 4xx, 5xx, or all. */
  retryOn: ReadonlySet<RetryableFailure>;
  /** tt: the time all attempts together may take, in ms (100–15000; default 15000). */
  totalMs: number;
}

export type RetryableFailure = "ct" | "rt" | "4xx" | "5xx";

const FAILURES: readonly RetryableFailure[] = ["ct", "rt", "4xx", "5xx"];
// What Twilio does without an `rp`: its page lists the values, not a default we could read; a
// failed connection and a missing answer are what a retry is for, as the other providers' defaults say.
const DEFAULT_RETRY_ON: readonly RetryableFailure[] = ["ct", "rt"];

/** The URL to request and how, as Twilio reads a URL with connection overrides. */
export function readConnectionOverrides(writtenUrl: string): { url: string; overrides: ConnectionOverrides } {
  const url = new URL(writtenUrl);
  const fragment = new URLSearchParams(url.hash.slice(1));
  url.hash = "";
  const number = (key: string, min: number, max: number, fallback: number): number => {
    const value = fragment.get(key);
    if (value === null) return fallback;
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
      throw new SimulatorError(`connection override ${key}=${value} in ${writtenUrl}: Twilio takes ${min}–${max}`);
    }
    return parsed;
  };
  // ct and rt are read for their bounds; a simulated attempt is bounded by tt alone.
  number("ct", 100, 10_000, 5000);
  number("rt", 100, 15_000, 15_000);
  const policy = fragment.get("rp")?.split(",") ?? DEFAULT_RETRY_ON;
  const retryOn = new Set<RetryableFailure>();
  for (const entry of policy) {
    if (entry === "all") for (const failure of FAILURES) retryOn.add(failure);
    else if ((FAILURES as readonly string[]).includes(entry)) retryOn.add(entry as RetryableFailure);
    // Twilio refuses the request (error 11243, "HTTP retry policy is invalid").
    else throw new SimulatorError(`connection override rp=${fragment.get("rp")} in ${writtenUrl}: not a retry policy`);
  }
  return {
    url: url.toString(),
    overrides: { retries: number("rc", 0, 5, 1), retryOn, totalMs: number("tt", 100, 15_000, 15_000) },
  };
}

/**
 * Which kind of failure a request that got no answer had: no connection at all (refused, no route,
 * timed out connecting) is `ct`; a connection that broke or went quiet before the answer is `rt`.
 */
export function failureOf(error: unknown): RetryableFailure {
  const cause = error instanceof Error ? (error.cause as NodeJS.ErrnoException | undefined) : undefined;
  const code = cause?.code;
  const noConnection = ["ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "UND_ERR_CONNECT_TIMEOUT"];
  return code !== undefined && noConnection.includes(code) ? "ct" : "rt";
}
