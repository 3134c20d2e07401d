// `tsx bench/search.ts`: how the owner's API reads a large call log. Seeds a scratch PostgreSQL
// database (100,000 calls and 1,000,000 turns by default), then times `searchCalls` and `calls`
// through the real GraphQL API over HTTP, the same searches through searchCalls() directly (so
// the GraphQL and HTTP share can be told apart), and EXPLAIN ANALYZEs the exact SQL that ran.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os, { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { parse } from "graphql";
import pg from "pg";
import { pino } from "pino";
import { type App, buildApp, type RunningApp } from "../src/app.js";
import { searchCalls } from "../src/calls/call-search.js";
import { loadConfig } from "../src/config.js";
import { openDatabase } from "../src/db/database.js";
import {
  type CallFilter,
  CallsDocument,
  type CallsQuery,
  type CallsQueryVariables,
  SearchCallsDocument,
} from "../test/generated/graphql.js";
import { ApiClient } from "../test/support/graphql-client.js";
import { createScratchDatabase, type ScratchDatabase } from "../test/support/scratch-database.js";
import { BENCH_TWILIO_AUTH_TOKEN, REPO } from "./support/fixtures.js";
import {
  DEFAULT_SERVER_URL,
  describeError,
  formatDistribution,
  machineBusyMs,
  monotonicMs,
  ms,
  postgresCpuMs,
  summarize,
  withTimeout,
} from "./support/measure.js";
import { integerFlag as int, runBench } from "./support/run-bench.js";

const USAGE = `Usage: tsx bench/search.ts [options]

  --calls N       calls to seed (default 100000)
  --turns N       turns to seed, spread at random over the calls (default 1000000)
  --reps N        timed runs of each search query, per path (default 20)
  --page-reps N   timed runs of each calls(...) query (default 50)
  --timeout S     give up after S seconds (default 600)

DATABASE_URL names the PostgreSQL server (default ${DEFAULT_SERVER_URL}); a scratch database is
created on it and dropped at the end.`;

// What decides the numbers besides the data: the query and the schema's storage and indexes.
const SEARCH_SOURCES = ["src/calls/call-search.ts", "prisma/migrations/20261123225306_call_search/migration.sql"];
const WARM_UP_ROUNDS = 2;
const SEARCH_TARGET_P95_MS = 50;
const CALLS_TARGET_P99_MS = 10;
const STOP_TIMEOUT_MS = 15_000;

interface Options {
  calls: number;
  turns: number;
  reps: number;
  pageReps: number;
  timeoutMs: number;
}

function parseOptions(): Options | undefined {
  const { values } = parseArgs({
    options: {
      calls: { type: "string", default: "100000" },
      turns: { type: "string", default: "1000000" },
      reps: { type: "string", default: "20" },
      "page-reps": { type: "string", default: "50" },
      timeout: { type: "string", default: "600" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) return undefined;
  return {
    calls: int("calls", values.calls, 100, 10_000_000),
    turns: int("turns", values.turns, 0, 100_000_000),
    reps: int("reps", values.reps, 1, 10_000),
    pageReps: int("page-reps", values["page-reps"], 1, 10_000),
    timeoutMs: int("timeout", values.timeout, 1, 7200) * 1000,
  };
}

// ---------------------------------------------------------------------------------------------
// Seed data: a dental office's year of calls. Phrases are mixed at random so that words range
// from very common ("appointment") to rare ("periodontist", in ~0.05% of caller turns).

const FIRST_NAMES = [
  "Maria",
  "James",
  "Linda",
  "Robert",
  "Patricia",
  "Michael",
  "Jennifer",
  "David",
  "Elizabeth",
  "William",
  "Barbara",
  "Richard",
  "Susan",
  "Joseph",
  "Jessica",
  "Thomas",
  "Sarah",
  "Charles",
  "Karen",
  "Daniel",
  "Nancy",
  "Matthew",
  "Lisa",
  "Anthony",
  "Betty",
  "Mark",
  "Sandra",
  "Donald",
  "Ashley",
  "Steven",
  "Emily",
  "Paul",
  "Donna",
  "Andrew",
  "Michelle",
  "Joshua",
  "Carol",
  "Kenneth",
  "Amanda",
  "Kevin",
];
const LAST_NAMES = [
  "Smith",
  "Johnson",
  "Williams",
  "Brown",
  "Jones",
  "Garcia",
  "Miller",
  "Davis",
  "Rodriguez",
  "Martinez",
  "Hernandez",
  "Lopez",
  "Gonzalez",
  "Wilson",
  "Anderson",
  "Okafor",
  "Taylor",
  "Moore",
  "Jackson",
  "Martin",
  "Lee",
  "Perez",
  "Thompson",
  "White",
  "Harris",
  "Sanchez",
  "Clark",
  "Ramirez",
  "Lewis",
  "Robinson",
  "Walker",
  "Young",
  "Allen",
  "King",
  "Wright",
  "Scott",
  "Torres",
  "Nguyen",
  "Hill",
  "Flores",
];
const INTENTS: [intent: string, summary: string][] = [
  ["appointment booking", "wants to book an appointment for a cleaning and checkup"],
  ["reschedule", "needs to reschedule an existing appointment to another day"],
  ["cancellation", "wants to cancel an upcoming appointment"],
  ["billing question", "has a question about the charges on a recent invoice"],
  ["insurance", "asked whether the office accepts their dental insurance plan"],
  ["toothache", "reports tooth pain and asked to be seen soon"],
  ["prescription refill", "asked for a refill of a prescription from the doctor"],
  ["new patient", "is a new patient asking how to register"],
  ["emergency", "has a dental emergency after an accident"],
  ["broken crown", "says a crown came off and needs it fixed"],
  ["records request", "requested a copy of x-rays and treatment records"],
  ["callback request", "asked the doctor to call back"],
  ["opening hours", "asked about opening hours and directions"],
  ["sales call", "is a vendor offering supplies to the office"],
];
const NOTES = [
  "Prefers mornings",
  "Call back after 5pm",
  "Spanish speaker, offer an interpreter",
  "Owes a balance from March",
  "Long-time patient, very anxious about needles",
  "Needs wheelchair access",
];
const OPENERS = ["Hi,", "Hello,", "Good morning,", "Hey there,", "Yes, hi,", "Um, hello,", "Hi there, sorry,"];
const REQUESTS = [
  "I need to reschedule my appointment",
  "I would like to book a cleaning",
  "I'm calling about my bill",
  "I have a question about my insurance",
  "my tooth has been hurting since yesterday",
  "I need a refill on my prescription",
  "I want to cancel my appointment for next week",
  "I think I lost a filling",
  "can I get a copy of my x-rays",
  "I'm a new patient and want to register",
  "my daughter needs a checkup",
  "I was charged twice on my credit card",
  "is the office open on Saturday",
  "my crown came off while I was eating",
  "I need a referral to a specialist",
  "can I speak to Dr. Reyes",
  "I'm running late for my appointment",
  "my gums bleed when I brush",
  "I wanted to ask about teeth whitening",
  "do you offer payment plans",
];
const DETAILS = [
  "for Thursday afternoon",
  "sometime next week",
  "as soon as possible",
  "it's pretty urgent",
  "the pain is really bad at night",
  "my insurance is Delta Dental",
  "my insurance changed in January",
  "the invoice number is on the letter",
  "I can only do mornings",
  "after school would be best",
  "please call me back",
  "I already paid the deposit",
  "it's for my husband",
  "the pharmacy is on Main Street",
  "",
];
const ASSISTANT_LINES = [
  "Of course, I can help with that.",
  "Let me take a message for Dr. Reyes.",
  "Could I have your name and a good number to call you back?",
  "I have noted that, and the office will call you back today.",
  "We have openings on Tuesday morning and Thursday afternoon.",
  "Please bring your insurance card to the appointment.",
  "I'm sorry to hear you're in pain.",
  "If it's an emergency, please go to the nearest emergency room.",
  "The billing team will review the charges and get back to you.",
  "Your prescription request has been passed on to the doctor.",
  "The office is open Monday to Friday from eight to five.",
  "I'll let the team know you're running late.",
  "Is there anything else I can help you with?",
  "Thank you for calling Harbor Dental, goodbye!",
  "Let me check the schedule for you.",
  "A root canal usually takes about ninety minutes.",
  "We do offer payment plans for larger treatments.",
  "I can put you on the cancellation list.",
];

const sqlText = (value: string) => `'${value.replaceAll("'", "''")}'`;
const sqlArray = (values: readonly string[]) => `ARRAY[${values.map(sqlText).join(", ")}]`;
/** A uniformly random element of a literal array, drawn per row. */
const pick = (values: readonly string[]) => `(${sqlArray(values)})[1 + floor(random() * ${values.length})::int]`;

/** Callers are numbered 0..callers-1; caller k's number, as digits, is the same expression everywhere. */
const callerDigits = (k: string) => `(2012000000 + (${k})::bigint * 7919)::text`;
const CALLS_PER_CALLER = 4;
// Calls are ~5 minutes apart: 100,000 calls are a year of a busy office.
const callStarted = (c: string, calls: number) =>
  `($1::timestamp - ((${calls} - ${c}) * 313 + abs(hashint4(${c})) % 120) * interval '1 second')`;

interface SeedTimings {
  callsMs: number;
  turnsMs: number;
  vectorsMs: number;
  vacuumMs: number;
  totalMs: number;
}

async function seed(databaseUrl: string, options: Options): Promise<SeedTimings> {
  const callers = Math.max(1, Math.floor(options.calls / CALLS_PER_CALLER));
  const base = new Date().toISOString().replace("T", " ").replace("Z", "");
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const timed = async (sql: string, params: unknown[] = []) => {
    const started = monotonicMs();
    await client.query(sql, params);
    return monotonicMs() - started;
  };
  try {
    // The window sort of the turns wants memory. synchronous_commit stays on: VACUUM cannot mark
    // pages all-visible while the rows' commit is not yet flushed, and index-only scans (count)
    // would then be measured on a table no production database would have.
    await client.query("SET work_mem = '256MB'");
    await client.query("SET maintenance_work_mem = '512MB'");
    await client.query("SELECT setseed(0.42)");
    const started = monotonicMs();

    let callsMs = await timed(
      `INSERT INTO "Caller" (id, phone, name, "callCount", "createdAt")
       SELECT md5('caller' || k)::uuid, '+1' || ${callerDigits("k")},
              CASE WHEN k % 4 <> 3 THEN (${sqlArray(FIRST_NAMES)})[1 + k % ${FIRST_NAMES.length}] || ' ' || (${sqlArray(LAST_NAMES)})[1 + (k / ${FIRST_NAMES.length}) % ${LAST_NAMES.length}] END,
              0, $1::timestamp - interval '400 days'
       FROM generate_series(0, ${callers - 1}) AS k`,
      [base],
    );
    // The BEFORE INSERT trigger stays on: it builds each call's own fields into its vector.
    callsMs += await timed(
      `INSERT INTO "Call" (id, "callSid", "from", "to", "callerId", status, "startedAt", "endedAt", "durationSeconds", "callerName",
                           summary, intent, urgency, notes, "handledBy", "endReason", "sessionCount", "analysisState", "analyzedAt",
                           "createdAt", "updatedAt")
       SELECT md5('call' || x.c)::uuid, 'CA' || md5('call' || x.c), cl.phone, '+15555550100', cl.id,
              (CASE WHEN x.s < 0.92 THEN 'COMPLETED' WHEN x.s < 0.96 THEN 'NO_ANSWER' WHEN x.s < 0.98 THEN 'BUSY'
                    WHEN x.s < 0.99 THEN 'CANCELED' ELSE 'FAILED' END)::"CallStatus",
              x.started, x.started + x.duration * interval '1 second', x.duration, cl.name,
              'The caller' || coalesce(' ' || cl.name, '') || ' ' || (${sqlArray(INTENTS.map(([, s]) => s))})[1 + x.i] || '.',
              (${sqlArray(INTENTS.map(([i]) => i))})[1 + x.i],
              (CASE WHEN x.u < 0.3 THEN 'LOW' WHEN x.u < 0.8 THEN 'NORMAL' WHEN x.u < 0.95 THEN 'HIGH' ELSE 'URGENT' END)::"Urgency",
              CASE WHEN random() < 0.03 THEN ${pick(NOTES)} END,
              (CASE WHEN random() < 0.03 THEN 'OFFLINE' ELSE 'CLAUDE' END)::"HandledBy",
              'CALLER_HUNG_UP'::"EndReason", 1, 'DONE'::"AnalysisState", x.started + (x.duration + 20) * interval '1 second', x.started, x.started
       FROM (SELECT c, ${callStarted("c", options.calls)} AS started, 30 + floor(random() * 400)::int AS duration,
                    floor(random() * ${INTENTS.length})::int AS i, random() AS u, random() AS s
             FROM generate_series(0, ${options.calls - 1}) AS c) AS x
       JOIN "Caller" AS cl ON cl.id = md5('caller' || ((x.c * 7) % ${callers}))::uuid`,
      [base],
    );
    callsMs += await timed(
      `UPDATE "Caller" AS cl SET "callCount" = agg.n, "lastCallAt" = agg.last
       FROM (SELECT "callerId", count(*)::int AS n, max("startedAt") AS last FROM "Call" GROUP BY "callerId") AS agg
       WHERE cl.id = agg."callerId"`,
    );

    // The per-turn trigger is off for the load and the vectors are built afterwards by the
    // migration's own backfill: one pass over the turns, and the same state a database reaches
    // when the search migration runs over calls already logged.
    await client.query(`ALTER TABLE "Turn" DISABLE TRIGGER turn_search_on_insert`);
    const phone = (c: string) => {
      const d = callerDigits(`(${c} * 7) % ${callers}`);
      return `substr(${d}, 1, 3) || '-' || substr(${d}, 4, 3) || '-' || substr(${d}, 7, 4)`;
    };
    const turnsMs =
      options.turns === 0
        ? 0
        : await timed(
            `INSERT INTO "Turn" (id, "callId", seq, role, kind, text, interrupted, "firstTokenMs", "responseMs", "createdAt")
             SELECT gen_random_uuid(), md5('call' || s.c)::uuid, s.seq,
                    (CASE WHEN s.seq % 2 = 0 THEN 'CALLER' ELSE 'ASSISTANT' END)::"TurnRole", 'SPEECH'::"TurnKind",
                    CASE WHEN s.seq % 2 = 0 THEN
                      ${pick(OPENERS)} || ' ' || ${pick(REQUESTS)} || ' ' || ${pick(DETAILS)} || '.'
                      || CASE WHEN random() < 0.05 THEN ' You can reach me at ' || ${phone("s.c")} || '.' ELSE '' END
                      || CASE WHEN random() < 0.0005 THEN ' My dentist said I should see a periodontist.' ELSE '' END
                      || CASE WHEN random() < 0.003 THEN ' Do you do Invisalign for adults?' ELSE '' END
                    ELSE
                      ${pick(ASSISTANT_LINES)}
                      || CASE WHEN random() < 0.7 THEN ' ' || ${pick(ASSISTANT_LINES)} ELSE '' END
                      || CASE WHEN random() < 0.3 THEN ' ' || ${pick(ASSISTANT_LINES)} ELSE '' END
                    END,
                    s.seq % 2 = 1 AND random() < 0.04,
                    CASE WHEN s.seq % 2 = 1 THEN 300 + floor(random() * 500)::int END,
                    CASE WHEN s.seq % 2 = 1 THEN 1200 + floor(random() * 3000)::int END,
                    ${callStarted("s.c", options.calls)} + s.seq * interval '12 seconds'
             FROM (SELECT r.c, (row_number() OVER (PARTITION BY r.c ORDER BY r.t) - 1)::int AS seq
                   FROM (SELECT t, floor(random() * ${options.calls})::int AS c FROM generate_series(1, ${options.turns}) AS t) AS r) AS s`,
            [base],
          );

    // The call_search migration's own backfill; setting "transcriptVector" fires call_search_on_update,
    // which recomposes "searchVector".
    const vectorsMs = await timed(`UPDATE "Call" SET "transcriptVector" = call_search_transcript_vector(id)`);
    await client.query(`ALTER TABLE "Turn" ENABLE TRIGGER turn_search_on_insert`);
    // Every call row was rewritten once: vacuum as autovacuum eventually would, so the GIN
    // pending list is merged and plans see real statistics.
    const vacuumMs =
      (await timed(`VACUUM (ANALYZE) "Call"`)) +
      (await timed(`VACUUM (ANALYZE) "Turn"`)) +
      (await timed(`VACUUM (ANALYZE) "Caller"`));
    return { callsMs, turnsMs, vectorsMs, vacuumMs, totalMs: monotonicMs() - started };
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------------------------------------
// The exact SQL Prisma sends is captured at the pg driver, to EXPLAIN it as it ran.

interface CapturedSql {
  text: string;
  values: unknown[];
}

let capturing: CapturedSql[] | undefined;

function captureDriverSql(): void {
  const proto = pg.Client.prototype as unknown as { query(this: unknown, ...args: unknown[]): unknown };
  const query = proto.query;
  proto.query = function (...args) {
    if (capturing) {
      const [config, values] = args;
      if (typeof config === "string") capturing.push({ text: config, values: Array.isArray(values) ? values : [] });
      else if (config && typeof config === "object" && "text" in config && typeof config.text === "string") {
        const own = (config as { values?: unknown }).values;
        capturing.push({ text: config.text, values: Array.isArray(own) ? own : Array.isArray(values) ? values : [] });
      }
    }
    return query.apply(this, args);
  };
}

async function sqlOf(run: () => Promise<unknown>): Promise<CapturedSql[]> {
  capturing = [];
  try {
    await run();
    return capturing;
  } finally {
    capturing = undefined;
  }
}

interface Explained {
  executionMs: number;
  planningMs: number;
  text: string;
}

async function explainWith(client: pg.Client, settings: CapturedSql[], statement: CapturedSql): Promise<Explained> {
  if (settings.length === 0) return explain(client, statement);
  await client.query("BEGIN");
  try {
    for (const setting of settings) await client.query(setting.text, setting.values);
    return await explain(client, statement);
  } finally {
    await client.query("ROLLBACK");
  }
}

async function explain(client: pg.Client, statement: CapturedSql): Promise<Explained> {
  const result = await client.query<{ "QUERY PLAN": string }>(
    `EXPLAIN (ANALYZE, BUFFERS) ${statement.text}`,
    statement.values,
  );
  const text = result.rows.map((row) => row["QUERY PLAN"]).join("\n");
  const number = (label: string) => Number(new RegExp(`${label}: ([\\d.]+) ms`).exec(text)?.[1] ?? Number.NaN);
  return { executionMs: number("Execution Time"), planningMs: number("Planning Time"), text };
}

/**
 * How many calls the search matched, with the captured statement's own tsquery, so the count
 * follows whatever call-search.ts builds: a `WITH q AS (SELECT … AS query)` CTE, or the
 * expression written out after the first `"searchVector" @@`.
 */
async function countMatches(client: pg.Client, search: CapturedSql): Promise<number> {
  const expression = tsqueryOf(search.text);
  if (!expression) return Number.NaN;
  const values: unknown[] = [];
  const renumbered = expression.replace(/\$(\d+)/g, (_match, n: string) => {
    values.push(search.values[Number(n) - 1]);
    return `$${values.length}`;
  });
  const result = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM "Call" WHERE "searchVector" @@ (${renumbered})`,
    values,
  );
  return result.rows[0]?.n ?? Number.NaN;
}

function tsqueryOf(sql: string): string | undefined {
  const cte = /WITH q AS \(SELECT ([\s\S]*?) AS query\)/.exec(sql)?.[1];
  if (cte) return cte;
  const open = sql.indexOf("(", sql.indexOf('"searchVector" @@'));
  if (open < 0 || !sql.includes('"searchVector" @@')) return undefined;
  let depth = 0;
  for (let i = open; i < sql.length; i++) {
    if (sql[i] === "(") depth++;
    if (sql[i] === ")" && --depth === 0) return sql.slice(open, i + 1);
  }
  return undefined;
}

/** Which call-search.ts this process loaded: the one committed, or someone's uncommitted edit. */
function sourceVersion(file: string): string {
  try {
    const git = (...args: string[]) =>
      execFileSync("git", args, { cwd: REPO, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    const work = git("hash-object", file);
    const head = git("rev-parse", `HEAD:${file}`);
    return work === head
      ? `as committed (HEAD, blob ${head.slice(0, 10)})`
      : `working tree with uncommitted changes (blob ${work.slice(0, 10)}; HEAD has ${head.slice(0, 10)})`;
  } catch {
    return "unknown (not a git checkout)";
  }
}

// ---------------------------------------------------------------------------------------------

interface Search {
  label: string;
  query: string;
}

function searches(callers: number): Search[] {
  // A real caller's number (caller 1234, or the last one on small runs), typed as people type it.
  const k = Math.min(1234, callers - 1);
  const digits = String(2012000000 + k * 7919);
  const local = `${digits.slice(3, 6)}-${digits.slice(6)}`;
  return [
    { label: "rare word", query: "periodontist" },
    { label: "uncommon word", query: "Invisalign" },
    { label: "common word", query: "appointment" },
    { label: "two words, stemmed", query: "rescheduling appointments" },
    { label: "quoted phrase", query: '"root canal"' },
    { label: "name", query: "Maria Gonzalez" },
    { label: "intent word", query: "billing" },
    { label: "two common words", query: "insurance card" },
    { label: "or / exclusion", query: "crown or filling -emergency" },
    { label: "phone, full", query: `+1 (${digits.slice(0, 3)}) ${local}` },
    { label: "phone, 7 digits", query: local },
    { label: "word + phone", query: `appointment ${digits}` },
    { label: "no match", query: "xylophone" },
  ];
}

interface PageQuery {
  label: string;
  document: TypedDocumentNode<CallsQuery, CallsQueryVariables> | TypedDocumentNode<unknown, CallsQueryVariables>;
  variables: CallsQueryVariables;
}

// What a list screen that does not show a total would send.
const CallsWithoutCountDocument = parse(`query CallsWithoutCount($first: Int, $after: String, $filter: CallFilter) {
  calls(first: $first, after: $after, filter: $filter) {
    edges { cursor node { id from status startedAt intent urgency } }
    pageInfo { hasNextPage endCursor }
  }
}`) as TypedDocumentNode<unknown, CallsQueryVariables>;

interface Timed {
  label: string;
  detail: string;
  graphql: number[];
  direct: number[];
  explained?: Explained[];
  /** The same statement planned without the session settings the search made first, if it made any. */
  unsettled?: Explained;
  settings?: string[];
  matches?: number;
}

interface Results {
  options: Options;
  seed: SeedTimings;
  counts: { calls: number; turns: number; callers: number };
  sizes: { relation: string; size: string }[];
  layout: { heap: string; toast: string; search: number; transcript: number; row: number };
  settings: string;
  searchSource: string[];
  searches: Timed[];
  pages: Timed[];
  baselines: Timed[];
  load: { wallMs: number; ownCpuMs: number; machineBusyMs: number | undefined; postgresMs: number | undefined };
  problems: string[];
}

interface Resources {
  database?: ScratchDatabase;
  app?: App;
  dataDir?: string;
  client?: ApiClient;
  admin?: pg.Client;
}

async function bench(options: Options, resources: Resources): Promise<Results> {
  const problems: string[] = [];
  // Modules are loaded once, before this runs: this is the version the whole run uses.
  const searchSource = SEARCH_SOURCES.map((file) => `${file}: ${sourceVersion(file)}`);
  const serverUrl = process.env.DATABASE_URL?.trim() || DEFAULT_SERVER_URL;
  const database = await createScratchDatabase(serverUrl, "secretary_bench");
  resources.database = database;
  resources.dataDir = mkdtempSync(path.join(tmpdir(), "secretary-search-"));

  const migrated = await openDatabase({ databaseUrl: database.url, pgliteDir: path.join(resources.dataDir, "unused") });
  await migrated.close();
  process.stderr.write(`seeding ${options.calls} calls and ${options.turns} turns into ${database.name}...\n`);
  const seedTimings = await seed(database.url, options);
  process.stderr.write(`seeded in ${(seedTimings.totalMs / 1000).toFixed(1)} s\n`);

  const admin = new pg.Client({ connectionString: database.url });
  await admin.connect();
  resources.admin = admin;
  const one = async <T>(sql: string) => (await admin.query(sql)).rows[0] as T;
  const counts = await one<{ calls: number; turns: number; callers: number }>(
    `SELECT (SELECT count(*) FROM "Call")::int AS calls, (SELECT count(*) FROM "Turn")::int AS turns, (SELECT count(*) FROM "Caller")::int AS callers`,
  );
  const sizes = (
    await admin.query<{ relation: string; size: string }>(
      `SELECT c.relname AS relation, pg_size_pretty(pg_total_relation_size(c.oid)) AS size
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND c.relname IN ('Call', 'Turn', 'Call_searchVector_idx', 'Call_startedAt_idx')
       ORDER BY c.relname`,
    )
  ).rows;
  // Two tsvector columns live in every "Call" row; how much of the heap they take decides what a
  // sequential scan of "Call" (any count or filter without an index) has to read.
  const layout = await one<{ heap: string; toast: string; search: number; transcript: number; row: number }>(
    `SELECT pg_size_pretty(pg_relation_size('"Call"')) AS heap,
            pg_size_pretty(coalesce(pg_relation_size((SELECT reltoastrelid FROM pg_class WHERE oid = '"Call"'::regclass)), 0)) AS toast,
            avg(pg_column_size("searchVector"))::int AS search, avg(pg_column_size("transcriptVector"))::int AS transcript,
            avg(pg_column_size(c.*))::int AS row
     FROM "Call" AS c`,
  );
  const settings =
    (
      await admin.query<{ s: string }>(
        `SELECT split_part(version(), ' ', 2) || ', shared_buffers ' || current_setting('shared_buffers') || ', work_mem ' || current_setting('work_mem')
              || ', jit ' || current_setting('jit') || ', random_page_cost ' || current_setting('random_page_cost') AS s`,
      )
    ).rows[0]?.s ?? "";

  const apiToken = "bench-api-token-0123456789abcdef";
  const config = loadConfig({
    PORT: "0",
    DATA_DIR: resources.dataDir,
    DATABASE_URL: database.url,
    TWILIO_AUTH_TOKEN: BENCH_TWILIO_AUTH_TOKEN,
    API_TOKEN: apiToken,
  });
  const logged: string[] = [];
  const logger = pino({ level: "warn", base: undefined }, { write: (line: string) => void logged.push(line.trim()) });
  resources.app = buildApp(config, { logger });
  const running: RunningApp = await resources.app.start();
  const api = new ApiClient(running.url, running.apiToken);
  resources.client = api;
  captureDriverSql();
  const measuringFrom = {
    wall: monotonicMs(),
    cpu: process.cpuUsage(),
    machine: machineBusyMs(),
    postgres: postgresCpuMs(),
  };

  // --- searchCalls ---------------------------------------------------------------------------
  const searchList = searches(counts.callers);
  const searchTimed: Timed[] = searchList.map((s) => ({ label: s.label, detail: s.query, graphql: [], direct: [] }));
  const runGraphql = async (s: Search) => {
    const started = monotonicMs();
    const data = await api.query(SearchCallsDocument, { query: s.query, first: 20 });
    return { ms: monotonicMs() - started, hits: data.searchCalls.edges.length };
  };
  // What the resolver asks for: one row more than the page, to know whether there is a next page.
  const runDirect = async (s: Search) => {
    const started = monotonicMs();
    await searchCalls(running.database.prisma, s.query, { limit: 21, offset: 0 });
    return monotonicMs() - started;
  };
  for (let round = 0; round < WARM_UP_ROUNDS; round++) {
    for (const s of searchList) {
      await runGraphql(s);
      await runDirect(s);
    }
  }
  // Round-robin, so that no query benefits from running right after itself.
  for (let rep = 0; rep < options.reps; rep++) {
    for (const [i, s] of searchList.entries()) {
      const timed = searchTimed[i];
      if (!timed) continue;
      timed.graphql.push((await runGraphql(s)).ms);
      timed.direct.push(await runDirect(s));
    }
  }
  for (const [i, s] of searchList.entries()) {
    const timed = searchTimed[i];
    if (!timed) continue;
    const statements = await sqlOf(() => searchCalls(running.database.prisma, s.query, { limit: 21, offset: 0 }));
    const search = statements.find((st) => st.text.includes('"searchVector" @@'));
    if (!search) {
      problems.push(`could not capture the SQL of search ${JSON.stringify(s.query)}`);
      continue;
    }
    // Planner settings the search made in its own transaction (set_config, SET) apply to the EXPLAIN too.
    const settings = statements
      .slice(0, statements.indexOf(search))
      .filter((st) => /set_config\(|^\s*SET\s/i.test(st.text));
    timed.explained = [await explainWith(admin, settings, search)];
    if (settings.length > 0) {
      timed.settings = settings.map((st) => st.text.replace(/\s+/g, " ").trim());
      timed.unsettled = await explain(admin, search);
    }
    timed.matches = await countMatches(admin, search);
  }

  // --- calls -----------------------------------------------------------------------------------
  const cursorAfterPages = 5;
  let cursor: string | null = null;
  for (let page = 0; page < cursorAfterPages; page++) {
    const data: CallsQuery = await api.query(CallsDocument, { first: 20, after: cursor });
    cursor = data.calls.pageInfo.endCursor;
  }
  const firstCall = await one<{ from: string }>(
    `SELECT "from" FROM "Call" WHERE "callerId" = md5('caller' || ${Math.min(1234, counts.callers - 1)})::uuid LIMIT 1`,
  );
  const filters: [string, CallFilter][] = [
    ["filter urgency: [URGENT]", { urgency: ["URGENT"] }],
    ['filter intent: "billing question"', { intent: "billing question" }],
    [`filter phone: "${firstCall?.from}"`, { phone: firstCall?.from ?? "+10000000000" }],
  ];
  const pageQueries: PageQuery[] = [
    { label: "calls(first: 20) with totalCount", document: CallsDocument, variables: { first: 20 } },
    { label: "calls(first: 20) without totalCount", document: CallsWithoutCountDocument, variables: { first: 20 } },
    {
      label: `calls(first: 20, after: page ${cursorAfterPages}) with totalCount`,
      document: CallsDocument,
      variables: { first: 20, after: cursor },
    },
    {
      label: `calls(first: 20, after: page ${cursorAfterPages}) without totalCount`,
      document: CallsWithoutCountDocument,
      variables: { first: 20, after: cursor },
    },
    ...filters.flatMap(([label, filter]): PageQuery[] => [
      {
        label: `calls(first: 20, ${label}) with totalCount`,
        document: CallsDocument,
        variables: { first: 20, filter },
      },
      {
        label: `calls(first: 20, ${label}) without totalCount`,
        document: CallsWithoutCountDocument,
        variables: { first: 20, filter },
      },
    ]),
  ];
  const pageTimed: Timed[] = pageQueries.map((q) => ({ label: q.label, detail: "", graphql: [], direct: [] }));
  const runPage = async (q: PageQuery) => {
    const started = monotonicMs();
    const { status, body } = await api.post(q.document, q.variables);
    if (status !== 200 || body.errors?.length)
      throw new Error(`${q.label} failed (${status}): ${JSON.stringify(body.errors)}`);
    return monotonicMs() - started;
  };
  for (let round = 0; round < WARM_UP_ROUNDS; round++) for (const q of pageQueries) await runPage(q);
  for (let rep = 0; rep < options.pageReps; rep++) {
    for (const [i, q] of pageQueries.entries()) pageTimed[i]?.graphql.push(await runPage(q));
  }
  for (const [i, q] of pageQueries.entries()) {
    const timed = pageTimed[i];
    if (!timed) continue;
    const statements = await sqlOf(() => runPage(q));
    timed.explained = [];
    for (const statement of statements) {
      if (!/^\s*SELECT/i.test(statement.text)) continue;
      const explained = await explain(admin, statement);
      timed.explained.push({ ...explained, text: `${statement.text.trim()}\n${explained.text}` });
    }
  }

  // Floors: the same HTTP + yoga path with no resolver, and the resolver's two Prisma queries without GraphQL.
  const baselines: Timed[] = [
    { label: "query { __typename } over HTTP (transport + yoga floor)", detail: "", graphql: [], direct: [] },
    { label: "prisma findMany(take 21, newest first) + count(), no GraphQL", detail: "", graphql: [], direct: [] },
  ];
  const prisma = running.database.prisma;
  const newestFirst = [{ startedAt: "desc" as const }, { id: "desc" as const }];
  for (let rep = 0; rep < WARM_UP_ROUNDS + options.pageReps; rep++) {
    let started = monotonicMs();
    await api.post("query { __typename }");
    if (rep >= WARM_UP_ROUNDS) baselines[0]?.graphql.push(monotonicMs() - started);
    started = monotonicMs();
    await prisma.call.findMany({ take: 21, orderBy: newestFirst });
    await prisma.call.count();
    if (rep >= WARM_UP_ROUNDS) baselines[1]?.graphql.push(monotonicMs() - started);
  }
  const cpu = process.cpuUsage(measuringFrom.cpu);
  const machineAfter = machineBusyMs();
  const postgresAfter = postgresCpuMs();
  const load = {
    postgresMs:
      postgresAfter === undefined || measuringFrom.postgres === undefined
        ? undefined
        : postgresAfter - measuringFrom.postgres,
    wallMs: monotonicMs() - measuringFrom.wall,
    ownCpuMs: (cpu.user + cpu.system) / 1000,
    machineBusyMs:
      machineAfter === undefined || measuringFrom.machine === undefined
        ? undefined
        : machineAfter - measuringFrom.machine,
  };

  if (logged.length > 0)
    problems.push(`the secretary logged ${logged.length} warnings or errors, first: ${logged[0]?.slice(0, 300)}`);
  return {
    options,
    seed: seedTimings,
    counts,
    sizes,
    layout,
    settings,
    searchSource,
    searches: searchTimed,
    pages: pageTimed,
    baselines,
    load,
    problems,
  };
}

function report(results: Results): void {
  const { options, seed: s, counts } = results;
  const sec = (msValue: number) => `${(msValue / 1000).toFixed(1)} s`;
  const p = (values: number[], q: "p50" | "p95" | "p99") => ms(summarize(values)?.[q]);
  const lines = [
    "",
    `search: ${counts.calls.toLocaleString("en-US")} calls, ${counts.turns.toLocaleString("en-US")} turns (${(counts.turns / counts.calls).toFixed(1)} per call), ${counts.callers.toLocaleString("en-US")} callers; PostgreSQL ${results.settings}; ${os.availableParallelism()} cores`,
    `seed: ${sec(s.totalMs)} (callers + calls ${sec(s.callsMs)}, turns ${sec(s.turnsMs)}, search vectors ${sec(s.vectorsMs)}, vacuum + analyze ${sec(s.vacuumMs)}); sizes with indexes and TOAST: ${results.sizes.map((r) => `${r.relation} ${r.size}`).join(", ")}`,
    `"Call" heap ${results.layout.heap}, TOAST ${results.layout.toast}; average stored size per row: searchVector ${results.layout.search} B, transcriptVector ${results.layout.transcript} B, whole row ${results.layout.row} B`,
    "",
    `searchCalls(query, first: 20): ${options.reps} sequential runs per query and path, after ${WARM_UP_ROUNDS} warm-up rounds, queries interleaved`,
    ...results.searchSource.map((line) => `  ${line}`),
    `  ${"query".padEnd(44)}${"matches".padStart(8)}  ${"GraphQL over HTTP p50 / p95 / p99".padEnd(34)}  ${"searchCalls() p50 / p95".padEnd(24)}  SQL exec`,
  ];
  for (const t of results.searches) {
    const label = `${t.label}: ${t.detail}`.slice(0, 43);
    const sql = t.explained?.[0]?.executionMs;
    lines.push(
      `  ${label.padEnd(44)}${String(Number.isNaN(t.matches ?? Number.NaN) ? "?" : t.matches).padStart(8)}  ${`${p(t.graphql, "p50")} / ${p(t.graphql, "p95")} / ${p(t.graphql, "p99")}`.padEnd(34)}  ${`${p(t.direct, "p50")} / ${p(t.direct, "p95")}`.padEnd(24)}  ${ms(sql)}`,
    );
  }
  const settled = results.searches.filter((t) => t.unsettled);
  if (settled.length > 0) {
    lines.push(
      `  SQL exec is EXPLAINed after the planner settings the search makes in its transaction: ${settled[0]?.settings?.join("; ")}`,
      `  the same statements with the planner's own choice (no settings): ${settled.map((t) => `${t.label} ${ms(t.unsettled?.executionMs)}`).join(", ")}`,
    );
  }
  const allGraphql = results.searches.flatMap((t) => t.graphql);
  const allDirect = results.searches.flatMap((t) => t.direct);
  const overhead = results.searches.flatMap((t) => {
    const g = summarize(t.graphql)?.p50;
    const d = summarize(t.direct)?.p50;
    return g === undefined || d === undefined ? [] : [g - d];
  });
  const searchP95 = summarize(allGraphql)?.p95;
  const slowSearches = results.searches.filter((t) => (summarize(t.graphql)?.p95 ?? 0) > SEARCH_TARGET_P95_MS);
  lines.push(
    `  ${"all queries, GraphQL".padEnd(52)}  ${formatDistribution(allGraphql)}`,
    `  ${"all queries, searchCalls() directly".padEnd(52)}  ${formatDistribution(allDirect)}`,
    `  ${"GraphQL + HTTP share (per query, p50 difference)".padEnd(52)}  ${formatDistribution(overhead, { count: false })}`,
    `  target searchCalls p95 <= ${SEARCH_TARGET_P95_MS} ms: ${ms(searchP95)} over all queries: ${searchP95 !== undefined && searchP95 <= SEARCH_TARGET_P95_MS ? "met" : "MISSED"}` +
      (slowSearches.length ? `; queries over it on their own: ${slowSearches.map((t) => t.label).join(", ")}` : ""),
    "",
    `calls(...): ${options.pageReps} sequential runs each over GraphQL/HTTP, after ${WARM_UP_ROUNDS} warm-up rounds; SQL exec = sum of EXPLAIN ANALYZE execution times of the statements Prisma sent`,
  );
  for (const t of results.pages) {
    const sqlMs = (t.explained ?? []).reduce((sum, e) => sum + e.executionMs, 0);
    lines.push(
      `  ${t.label.padEnd(72)} p50 ${p(t.graphql, "p50")}  p95 ${p(t.graphql, "p95")}  p99 ${p(t.graphql, "p99")}   SQL exec ${ms(sqlMs, 2)}`,
    );
  }
  for (const t of results.baselines)
    lines.push(
      `  ${t.label.padEnd(72)} p50 ${p(t.graphql, "p50")}  p95 ${p(t.graphql, "p95")}  p99 ${p(t.graphql, "p99")}`,
    );
  const firstPage = results.pages[0];
  const callsP99 = firstPage ? summarize(firstPage.graphql)?.p99 : undefined;
  lines.push(
    `  target calls(first: 20) p99 <= ${CALLS_TARGET_P99_MS} ms at ${counts.calls.toLocaleString("en-US")} calls: ${ms(callsP99)} (with totalCount, as test/operations asks): ${callsP99 !== undefined && callsP99 <= CALLS_TARGET_P99_MS ? "met" : "MISSED"}`,
  );

  const { load } = results;
  const share = (cpuMs: number) => `${Math.round((cpuMs / Math.max(1, load.wallMs)) * 100)}%`;
  lines.push(
    "",
    `CPU while measuring (${(load.wallMs / 1000).toFixed(1)} s; 100% = one core): bench + secretary process ${share(load.ownCpuMs)}` +
      (load.postgresMs === undefined ? "" : `, PostgreSQL ${share(load.postgresMs)}`) +
      (load.machineBusyMs === undefined
        ? ""
        : `, anything else on the machine ${share(Math.max(0, load.machineBusyMs - load.ownCpuMs - (load.postgresMs ?? 0)))}`),
  );

  const slowestSearch = [...results.searches].sort(
    (a, b) => (summarize(b.graphql)?.p95 ?? 0) - (summarize(a.graphql)?.p95 ?? 0),
  )[0];
  if (slowestSearch?.explained?.[0]) {
    lines.push(
      "",
      `EXPLAIN (ANALYZE, BUFFERS) of the slowest search, ${slowestSearch.label} ${JSON.stringify(slowestSearch.detail)}:`,
      indent(slowestSearch.explained[0].text),
    );
    if (slowestSearch.unsettled)
      lines.push("", "the same statement without the search's planner settings:", indent(slowestSearch.unsettled.text));
  }
  const slowestPage = [...results.pages].sort(
    (a, b) => (summarize(b.graphql)?.p99 ?? 0) - (summarize(a.graphql)?.p99 ?? 0),
  )[0];
  if (slowestPage?.explained?.length) {
    lines.push(
      "",
      `EXPLAIN (ANALYZE, BUFFERS) of the statements of the slowest calls query, ${slowestPage.label}:`,
      ...slowestPage.explained.map((e) => indent(e.text)),
    );
  }
  if (firstPage?.explained?.length) {
    lines.push(
      "",
      `EXPLAIN (ANALYZE, BUFFERS) of ${firstPage.label}:`,
      ...firstPage.explained.map((e) => indent(e.text)),
    );
  }
  lines.push(
    "",
    "method: scratch database migrated by openDatabase(), seeded in SQL (generate_series + phrase arrays; the per-turn trigger off during the load, the vectors",
    "  rebuilt with the migration's own backfill, then VACUUM ANALYZE); the secretary in this process (buildApp), queried over HTTP with ApiClient, one request",
    "  at a time; searchCalls() called with the app's own Prisma client and the page size the resolver uses (21); SQL captured at the pg driver and EXPLAINed.",
  );
  if (results.problems.length > 0) lines.push("run problems:", ...results.problems.map((problem) => `  ${problem}`));
  console.log(lines.join("\n"));
}

const indent = (text: string) =>
  text
    .split("\n")
    .map((line) => `    ${line}`)
    .join("\n");

async function cleanUp(resources: Resources): Promise<void> {
  await resources.client?.close().catch(() => undefined);
  await resources.admin?.end().catch(() => undefined);
  if (resources.app)
    await withTimeout(resources.app.stop(), STOP_TIMEOUT_MS, "the secretary did not stop").catch((e: unknown) =>
      console.error(describeError(e)),
    );
  await resources.database
    ?.drop()
    .catch((e: unknown) => console.error(`could not drop ${resources.database?.name}: ${describeError(e)}`));
  if (resources.dataDir) rmSync(resources.dataDir, { recursive: true, force: true });
}

// Exit explicitly: a handle a library forgot to close must not keep a finished bench alive.
process.exit(
  await runBench({
    usage: USAGE,
    parseOptions,
    resources: {},
    run: bench,
    report: (results: Results) => {
      report(results);
      return results.problems.length === 0;
    },
    cleanUp,
  }),
);
