/**
 * What the core reports as it happens, for the operator's dashboards: the port the conversation
 * and the call log call (prometheus-metrics.ts implements it). Every method is a counter's or a
 * histogram's constant-time step, returns nothing and never throws, so that a call's hot path can
 * report without waiting on anything. Depths (live calls, queues) are not reported here: they are
 * read when scraped.
 */
export interface Metrics {
  /** A turn joined a call's record (role CALLER, ASSISTANT or OWNER; kind SPEECH, DTMF or SMS). */
  turnRecorded(role: string, kind: string): void;
  /** A reply's first words went out to Twilio, `ms` after the caller's words came in. */
  firstWordsOut(ms: number): void;
  /** Claude's first token of a round, `ms` after the request was written to the network. */
  claudeFirstToken(ms: number): void;
  /** A request to Claude failed (`kind`: see conversation/claude-errors.ts). */
  claudeFailed(kind: string): void;
  /** The offline secretary answered a turn Claude could not, after an error of this kind. */
  failedOver(kind: string): void;
  /** A call-log write failed on a database that is away, and will be tried again. */
  writeRetried(): void;
  /** A call's analysis failed: it is retried later, or was given up for good. */
  analysisFailed(givenUp: boolean): void;
}
