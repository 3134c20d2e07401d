import { z } from "zod";
import { E164_PHONE_NUMBER } from "./spoken/phone-numbers.js";

const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();

/**
 * A URL with one of `protocols`. Anything else (a host without a scheme, `secretary.example.com`
 * or `127.0.0.1:6379`, included) is one problem among the others, with an example of the form.
 */
const urlString = (protocols: string[], example: string) =>
  z
    .string()
    .trim()
    .refine((value) => URL.canParse(value) && protocols.includes(new URL(value).protocol), {
      message: `must be a URL starting with ${protocols.map((p) => `${p}//`).join(" or ")}, e.g. ${example}`,
    });

/** An optional setting; set but empty (`FOO=` in a .env file) counts as unset. */
const unlessEmpty = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (typeof value === "string" && value.trim() === "" ? undefined : value), schema.optional());

/** What a browser sends as `Origin`: scheme, host and port, nothing else. */
function isOrigin(entry: string): boolean {
  try {
    const url = new URL(entry);
    return (url.protocol === "https:" || url.protocol === "http:") && url.origin === entry;
  } catch {
    return false;
  }
}

/** A comma-separated list of exact origins; each entry is checked on its own, so the message names the bad one. */
const originList = z.string().transform((value, context) => {
  const origins = value
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
  for (const entry of origins.filter((origin) => !isOrigin(origin))) {
    context.addIssue({
      code: "custom",
      message: `${JSON.stringify(entry)} is not an origin: list each as a browser sends it, e.g. https://app.example.com or http://localhost:5173 (no path, no trailing slash, no wildcard), separated by commas`,
    });
  }
  return origins;
});

const phoneNumber = z.string().trim().regex(E164_PHONE_NUMBER, "must be an E.164 phone number such as +15551234567");

const MAX_NAME_LENGTH = 100;

/** A token a client sends as `Authorization: Bearer …`: long enough not to be guessed. */
const bearerToken = z.string().trim().min(16, "must be at least 16 characters (e.g. `openssl rand -hex 24`)");

/** The environment the secretary reads, with the names users set. Parsed once, at start-up. */
const environmentSchema = z.object({
  NODE_ENV: optionalString,
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  // The address to listen on; unset, every interface.
  HOST: unlessEmpty(
    z
      .string()
      .trim()
      .regex(
        /^[\w.:-]+$/,
        "must be an address or host name to listen on, e.g. 127.0.0.1, ::1 or 0.0.0.0 (no scheme, no port)",
      ),
  ),
  PUBLIC_URL: unlessEmpty(urlString(["http:", "https:"], "https://secretary.example.com")),
  TWILIO_AUTH_TOKEN: optionalString,
  // Twilio's spelling of an account: "AC" and 32 hex digits (Console → Account info).
  TWILIO_ACCOUNT_SID: unlessEmpty(
    z
      .string()
      .trim()
      .regex(/^AC[0-9a-fA-F]{32}$/, "must be an account SID: AC followed by 32 hex digits (Console → Account info)"),
  ),
  API_TOKEN: unlessEmpty(bearerToken),
  METRICS_TOKEN: unlessEmpty(bearerToken),
  ANTHROPIC_API_KEY: optionalString,
  ANTHROPIC_BASE_URL: unlessEmpty(urlString(["http:", "https:"], "https://api.anthropic.com")),
  CLAUDE_MODEL: z.string().trim().min(1).default("claude-haiku-4-5"),
  CLAUDE_FIRST_TOKEN_TIMEOUT_MS: unlessEmpty(z.coerce.number().int().min(500).max(30_000)),
  DATABASE_URL: unlessEmpty(urlString(["postgres:", "postgresql:"], "postgresql://user:password@host:5432/secretary")),
  DATA_DIR: z.string().trim().min(1).default("./data"),
  REDIS_URL: unlessEmpty(urlString(["redis:", "rediss:"], "redis://host:6379")),
  CORS_ORIGINS: unlessEmpty(originList),
  // The proxies in front that append to X-Forwarded-For (TLS termination, a platform's load balancer).
  TRUSTED_PROXIES: z.coerce.number().int().min(0).max(5).default(0),
  // Names are spoken in greetings, which travel in every session's parameters: a name, not an essay.
  OWNER_NAME: z.string().trim().min(1).max(MAX_NAME_LENGTH).default("the owner"),
  OWNER_PHONE: unlessEmpty(phoneNumber),
  BUSINESS_NAME: z.string().trim().min(1).max(MAX_NAME_LENGTH).default("our office"),
  SECRETARY_INSTRUCTIONS: optionalString,
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  // Twilio's <Pause> takes whole seconds; past 20 the caller would rather call back.
  RESTART_PAUSE_SECONDS: z.coerce.number().int().min(1).max(20).default(8),
});

export interface Config {
  production: boolean;
  port: number;
  /** The address listened on; undefined: every interface. */
  host: string | undefined;
  /** Where Twilio reaches us; also the URL every signature is computed on. No trailing slash. */
  publicUrl: string | undefined;
  twilioAuthToken: string | undefined;
  /**
   * The Twilio account the REST API is called as (with the auth token), to send text messages from
   * the business's number. Unset: no texting.
   */
  twilioAccountSid: string | undefined;
  /** The bearer token for the GraphQL API. */
  apiToken: string | undefined;
  /** The bearer token a scrape of /metrics must carry; unset, /metrics is open. */
  metricsToken: string | undefined;
  anthropicApiKey: string | undefined;
  anthropicBaseUrl: string | undefined;
  claudeModel: string;
  databaseUrl: string | undefined;
  dataDir: string;
  redisUrl: string | undefined;
  /** Other origins whose pages may call the GraphQL API (frontends hosted elsewhere); none by default. */
  corsOrigins: string[];
  /** How many proxies in front append to X-Forwarded-For: where a request's address is read (http/client-address.ts). */
  trustedProxies: number;
  ownerName: string;
  ownerPhone: string | undefined;
  businessName: string;
  secretaryInstructions: string | undefined;
  logLevel: z.infer<typeof environmentSchema>["LOG_LEVEL"];
  /** How long a call is held on Twilio's side while this server restarts, before it is asked back. */
  restartPauseSeconds: number;
  /** Timings the tests shorten; of them, only the first-token timeout is a setting (CLAUDE_FIRST_TOKEN_TIMEOUT_MS). */
  timing: Timing;
}

export interface Timing {
  /**
   * How long Claude may take to start answering (a first word, or a tool's input), in every round
   * of a reply (after a tool's result it answers again), counted from the moment the request was
   * written to the network: time it waited in this process does not count. Then the offline
   * secretary answers the turn.
   */
  firstTokenTimeoutMs: number;
  /** Once Claude has started answering, the longest it may go quiet before the reply counts as stalled. */
  streamIdleTimeoutMs: number;
  /** The longest one round may take, from its request written to its end, however slowly it trickles. */
  roundTimeoutMs: number;
  /**
   * When no word of a reply has gone out this long after the caller spoke, they hear a short
   * holding line ("One moment."), which the reply's first words cut short.
   */
  holdLineAfterMs: number;
  /** How long after a session drops (not a hang-up) to wait for a resume before analysing. */
  resumeGraceMs: number;
  /** How often the analysis worker looks for due work. */
  analysisPollMs: number;
  /**
   * A call still open with no turn, status callback or session activity for this long is closed
   * and analysed: the process holding its session stopped, and Twilio's final status never came.
   */
  abandonedCallAfterMs: number;
  /** Longest wait for the caller to hear a goodbye before the session is ended. */
  maxFarewellMs: number;
  /** How long a new session waits for its call record before answering without history. */
  openTimeoutMs: number;
  /** Keypad digits with no speech after them are answered after this pause. */
  dtmfIdleMs: number;
  /** First retry delay of a failed analysis; doubles with each attempt. */
  analysisRetryBaseMs: number;
  /** How often the notification worker looks for notifications other processes owe (its own it sends at once). */
  notificationPollMs: number;
  /** First retry delay of a notification that could not be sent; doubles with each attempt, up to an hour. */
  notificationRetryBaseMs: number;
  /** How often each process looks for erased calls' recordings to delete at Twilio. */
  recordingDeletionPollMs: number;
  /** First retry delay of a recording Twilio could not delete; doubles with each attempt. */
  recordingDeletionRetryBaseMs: number;
  /** How often calls past the owner's retention period (`retentionDays`) are looked for. */
  retentionPollMs: number;
  /** Rest between two batches of calls erased past retention. */
  retentionBatchPauseMs: number;
  /** How often the notification worker looks whether a channel's daily digest has come due. */
  digestCheckMs: number;
  /**
   * How long an owner's command for a live call (guideCall, sayOnCall…) waits for the process
   * holding the call to answer; then it fails with CALL_CONTROL_TIMEOUT and nothing is done.
   */
  callControlTimeoutMs: number;
  /**
   * How long a stopping process waits for Twilio's callbacks on the calls whose sockets it closed
   * (each is told to hold its call); then it stops without them.
   */
  stopCallbackWaitMs: number;
  /**
   * How long a dashboard sign-in lasts (the session cookie's Max-Age). A session used past half of
   * it is renewed for as long again, so an owner who looks in every few weeks stays signed in.
   */
  ownerSessionLifetimeMs: number;
}

export const defaultTiming: Timing = {
  // Several times Claude's usual first token (well under a second for Haiku), and short enough that
  // a stalled request costs the caller a "One moment." and a few seconds, not dead air.
  firstTokenTimeoutMs: 3000,
  // Tokens come every few tens of milliseconds; a pause this long is the stream stalling.
  streamIdleTimeoutMs: 2500,
  // A whole reply (400 tokens at most) streams in a few seconds.
  roundTimeoutMs: 10_000,
  // Past the usual first token, and well before the failover.
  holdLineAfterMs: 1500,
  resumeGraceMs: 30_000,
  analysisPollMs: 5000,
  abandonedCallAfterMs: 15 * 60_000,
  maxFarewellMs: 8000,
  openTimeoutMs: 2000,
  dtmfIdleMs: 2500,
  analysisRetryBaseMs: 30_000,
  notificationPollMs: 5000,
  notificationRetryBaseMs: 30_000,
  // An erasure kicks the deletion at once; the poll is for retries and other processes' erasures.
  recordingDeletionPollMs: 30_000,
  recordingDeletionRetryBaseMs: 60_000,
  // Retention is counted in days: a look every quarter of an hour is prompt enough.
  retentionPollMs: 15 * 60_000,
  retentionBatchPauseMs: 1000,
  // Digests are sent at a minute of the day: looking once a minute is on time.
  digestCheckMs: 60_000,
  // The holder answers at once; a few seconds covers a pub/sub copy lost and sent again (every second).
  callControlTimeoutMs: 3000,
  // Twilio sends each callback at once; one that has not come in this time went to another process,
  // or never will.
  stopCallbackWaitMs: 5000,
  ownerSessionLifetimeMs: 30 * 24 * 60 * 60_000,
};

const requiredInProduction = [
  ["TWILIO_AUTH_TOKEN", "every Twilio request is signed with it"],
  ["API_TOKEN", "it guards the GraphQL API"],
  ["PUBLIC_URL", "Twilio signs requests against it"],
] as const;

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Set and not blank. */
const isSet = (value: string | undefined): value is string => value !== undefined && value.trim() !== "";

/** Settings that are required by others: checked on the raw environment, alongside the values' own problems. */
function settingsMissing(env: NodeJS.ProcessEnv): string[] {
  const problems: string[] = [];
  if (env.NODE_ENV?.trim() === "production") {
    for (const [name, why] of requiredInProduction)
      if (!isSet(env[name])) problems.push(`  ${name}: required when NODE_ENV=production (${why})`);
  }
  // A generated local token is no account's: Twilio would refuse every message sent with it.
  if (isSet(env.TWILIO_ACCOUNT_SID) && !isSet(env.TWILIO_AUTH_TOKEN))
    problems.push(
      "  TWILIO_ACCOUNT_SID: needs TWILIO_AUTH_TOKEN, the same account's auth token, to send text messages",
    );
  return problems;
}

/**
 * What a production start goes without, said at start-up: allowed (a trial, a demo), but rarely meant.
 */
export function productionWarnings(config: Config): string[] {
  if (!config.production) return [];
  return [
    ...(config.databaseUrl
      ? []
      : [
          `DATABASE_URL is not set: the call log is the embedded database under ${config.dataDir}, which one process can open and which is lost with the machine's disk`,
        ]),
    ...(config.anthropicApiKey
      ? []
      : ["ANTHROPIC_API_KEY is not set: Claude does not answer; the offline secretary only takes messages"]),
    ...(config.metricsToken
      ? []
      : [
          "METRICS_TOKEN is not set: /metrics is open to anyone who reaches the port; it shows how many calls come in, not what is said",
        ]),
  ];
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environmentSchema.safeParse(env);
  // Every problem at once, so that fixing one does not reveal the next.
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`)),
    ...settingsMissing(env),
  ];
  if (problems.length > 0 || !parsed.success) throw new ConfigError(`Invalid configuration:\n${problems.join("\n")}`);
  const e = parsed.data;
  const production = e.NODE_ENV === "production";
  return {
    production,
    port: e.PORT,
    host: e.HOST,
    publicUrl: e.PUBLIC_URL?.replace(/\/+$/, ""),
    twilioAuthToken: e.TWILIO_AUTH_TOKEN,
    twilioAccountSid: e.TWILIO_ACCOUNT_SID,
    apiToken: e.API_TOKEN,
    metricsToken: e.METRICS_TOKEN,
    anthropicApiKey: e.ANTHROPIC_API_KEY,
    anthropicBaseUrl: e.ANTHROPIC_BASE_URL,
    claudeModel: e.CLAUDE_MODEL,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    redisUrl: e.REDIS_URL,
    corsOrigins: e.CORS_ORIGINS ?? [],
    trustedProxies: e.TRUSTED_PROXIES,
    ownerName: e.OWNER_NAME,
    ownerPhone: e.OWNER_PHONE,
    businessName: e.BUSINESS_NAME,
    secretaryInstructions: e.SECRETARY_INSTRUCTIONS,
    logLevel: e.LOG_LEVEL,
    restartPauseSeconds: e.RESTART_PAUSE_SECONDS,
    timing: {
      ...defaultTiming,
      ...(e.CLAUDE_FIRST_TOKEN_TIMEOUT_MS !== undefined && { firstTokenTimeoutMs: e.CLAUDE_FIRST_TOKEN_TIMEOUT_MS }),
    },
  };
}
