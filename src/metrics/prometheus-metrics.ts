import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import { giveUpAfter } from "../give-up-after.js";
import type { Metrics } from "./metrics.js";

// Seconds, from a few milliseconds (the server's own share, the offline secretary) to the seconds a
// stalled model takes before the failover answers: one set of buckets reads both.
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10];

// How long a scrape waits for a value read from the database before serving the last one read.
const SCRAPE_READ_MS = 1000;

/** A gauge whose value is read when Prometheus scrapes, not kept up to date as things happen. */
export interface ScrapedGauge {
  name: string;
  help: string;
  /**
   * The value now. A promise (a database count) is given SCRAPE_READ_MS, one at a time: a slow or
   * failing read serves the last value read, so that a scrape never fails on it.
   */
  read: () => number | Promise<number>;
}

/** The same, one value per value of `label` (labels not read this time are dropped). */
export interface ScrapedGaugeByLabel {
  name: string;
  help: string;
  label: string;
  read: () => Record<string, number> | Promise<Record<string, number>>;
}

let processRegistry: Registry | undefined;

/**
 * Node's and the process's own metrics (CPU, memory, event-loop lag, GC, handles), once per
 * process, however many apps it runs (tests run several): their monitors are the process's.
 */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/**
 * The app's metrics in a registry of its own, served in Prometheus's text format by `scrape`
 * together with the process's. Each process answers for itself: Prometheus scrapes every process
 * and adds them up.
 */
export class PrometheusMetrics implements Metrics {
  private readonly registry = new Registry();
  /**
   * Turns recorded since the last scrape, by role and kind, added to `turns` when Prometheus
   * scrapes: a turn of a call costs an addition, where `inc` builds a hash of its labels and an
   * object for its answer each time.
   */
  private readonly turnsSinceScrape = new Map<string, Map<string, number>>();
  private readonly turns = new Counter({
    name: "secretary_turns_total",
    help: "Turns recorded on calls, by role (CALLER, ASSISTANT, OWNER) and kind (SPEECH, DTMF, SMS).",
    labelNames: ["role", "kind"] as const,
    registers: [this.registry],
    collect: () => this.countTurns(),
  });
  private readonly firstToken = new Histogram({
    name: "secretary_reply_first_token_seconds",
    help: "From the caller's final words in to the reply's first words out to Twilio, measured on this server.",
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  private readonly claudeFirstTokenSeconds = new Histogram({
    name: "secretary_claude_first_token_seconds",
    help: "Claude's time to first token: from a request written to the network to its first token, per round.",
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  private readonly claudeErrors = new Counter({
    name: "secretary_claude_errors_total",
    help: "Failed requests to Claude during calls, by kind (timeout, rate_limited, overloaded, server_error, network, auth, bad_request, other).",
    labelNames: ["kind"] as const,
    registers: [this.registry],
  });
  private readonly failovers = new Counter({
    name: "secretary_failovers_total",
    help: "Turns the offline secretary answered because Claude could not, by the kind of Claude's last error.",
    labelNames: ["kind"] as const,
    registers: [this.registry],
  });
  private readonly writeRetries = new Counter({
    name: "secretary_call_log_write_retries_total",
    help: "Call-log writes tried again because the database was away (each retry counts).",
    registers: [this.registry],
  });
  private readonly analysisFailures = new Counter({
    name: "secretary_analysis_failures_total",
    help: "Failed post-call analyses, by outcome: retry (tried again later) or given_up.",
    labelNames: ["outcome"] as const,
    registers: [this.registry],
  });

  turnRecorded(role: string, kind: string): void {
    let kinds = this.turnsSinceScrape.get(role);
    if (!kinds) {
      kinds = new Map();
      this.turnsSinceScrape.set(role, kinds);
    }
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  }

  private countTurns(): void {
    for (const [role, kinds] of this.turnsSinceScrape)
      for (const [kind, count] of kinds)
        if (count > 0) {
          this.turns.inc({ role, kind }, count);
          kinds.set(kind, 0);
        }
  }

  firstWordsOut(ms: number): void {
    this.firstToken.observe(ms / 1000);
  }

  claudeFirstToken(ms: number): void {
    this.claudeFirstTokenSeconds.observe(ms / 1000);
  }

  claudeFailed(kind: string): void {
    this.claudeErrors.inc({ kind });
  }

  failedOver(kind: string): void {
    this.failovers.inc({ kind });
  }

  writeRetried(): void {
    this.writeRetries.inc();
  }

  analysisFailed(givenUp: boolean): void {
    this.analysisFailures.inc({ outcome: givenUp ? "given_up" : "retry" });
  }

  /** Adds a gauge read at scrape time (a queue's depth): nothing is spent on it between scrapes. */
  readAtScrape(gauge: ScrapedGauge): void {
    const read = lastValueWithin(gauge.read, undefined);
    const metric: Gauge = new Gauge({
      name: gauge.name,
      help: gauge.help,
      registers: [this.registry],
      collect: async () => {
        const value = await read();
        if (value !== undefined) metric.set(value);
      },
    });
  }

  /** Adds a gauge read at scrape time, with one value per value of its label. */
  readAtScrapeByLabel(gauge: ScrapedGaugeByLabel): void {
    const read = lastValueWithin(gauge.read, {});
    const metric: Gauge = new Gauge({
      name: gauge.name,
      help: gauge.help,
      labelNames: [gauge.label],
      registers: [this.registry],
      collect: async () => {
        const values = await read();
        metric.reset();
        for (const [value, count] of Object.entries(values)) metric.set({ [gauge.label]: value }, count);
      },
    });
  }

  /** The Prometheus text format's media type. */
  get contentType(): string {
    return this.registry.contentType;
  }

  /** Every metric of this app and of its process, in Prometheus's text format. */
  async scrape(): Promise<string> {
    const [process, app] = await Promise.all([processMetrics().metrics(), this.registry.metrics()]);
    return `${process.trimEnd()}\n\n${app}`;
  }
}

/**
 * `read`, answering within SCRAPE_READ_MS with the value of the last read that succeeded
 * (`initial` before any has): a read still running is waited on rather than started again.
 */
function lastValueWithin<T, I>(read: () => T | Promise<T>, initial: I): () => Promise<T | I> {
  let last: T | I = initial;
  let reading: Promise<void> | undefined;
  return async () => {
    reading ??= (async () => {
      try {
        last = await read();
      } catch {
        // The last value stands: what failed (the database away) says so in its own logs and in /readyz.
      } finally {
        reading = undefined;
      }
    })();
    await giveUpAfter(reading, SCRAPE_READ_MS);
    return last;
  };
}
