// `tsx bench/search.ts`: how the owner's API reads a large call log. Seeds a scratch PostgreSQL
// database (100,000 calls and 1,000,000 turns by default), then times `searchCalls` and `calls`
// through the real GraphQL API over HTTP, against the secretary in a process of its own (as it is
// deployed: src/main.ts), the same searches through searchCalls() directly (so the GraphQL and HTTP
// share can be told apart), and EXPLAIN ANALYZEs the SQL those make.
import { type ChildProcess, execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os, { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { parse } from "graphql";
import pg from "pg";
import { callColumnsOf, countCalls, listCalls } from "../src/calls/call-list.js";
import { searchCalls } from "../src/calls/call-search.js";
import { type Database, openDatabase } from "../src/db/database.js";
import { resolveCallPage } from "../src/graphql/call-page.js";
import { callListFilter } from "../src/graphql/schema/call.js";
import {
  type CallFilter,
  CallsDocument,
  type CallsQuery,
  type CallsQueryVariables,
  SearchCallsDocument,
} from "../test/generated/graphql.js";
import { ApiClient } from "../test/support/graphql-client.js";
import { createScratchDatabase, type ScratchDatabase } from "../test/support/scratch-database.js";
import { type SeedTimings, seedCallLog } from "./support/call-log-seed.js";
import {
  findCpuProfile,
  formatProfileSummary,
  type ProfileSummary,
  summariseCpuProfile,
} from "./support/cpu-profile-summary.js";
import { BENCH_API_TOKEN, BENCH_METRICS_TOKEN, BENCH_TWILIO_AUTH_TOKEN, REPO } from "./support/fixtures.js";
import {
  formatHeapProfileSummary,
  type HeapProfileSummary,
  summariseHeapProfile,
} from "./support/heap-profile-summary.js";
import { type HeapSampler, startHeapSampling } from "./support/heap-sampler.js";
import {
  cpuMs,
  DEFAULT_SERVER_URL,
  describeError,
  formatDistribution,
  machineBusyMs,
  mainThreadSchedMs,
  monotonicMs,
  ms,
  postgresCpuMs,
  summarize,
} from "./support/measure.js";
import { integerFlag as int, runBench } from "./support/run-bench.js";
import {
  freePort,
  pick,
  readProbe,
  type ServerProbe,
  type ServerProcess,
  startServer,
  stopProcess,
} from "./support/server-process.js";

const USAGE = `Usage: tsx bench/search.ts [options]

  --calls N       calls to seed (default 100000)
  --turns N       turns to seed, spread at random over the calls (default 1000000)
  --reps N        timed runs of each search query, per path (default 20)
  --page-reps N   timed runs of each calls(...) query (default 50)
  --timeout S     give up after S seconds (default 600)
  --profile DIR   also write a V8 CPU profile of the secretary (.cpuprofile) into DIR, and print
                  where its main thread spent the requests counted for CPU (self time by package or
                  file, and the top functions; bench/support/cpu-profile-summary.ts)
  --heap-profile DIR
                  also sample what the secretary allocates over as many requests of each kind again,
                  right after those counted for CPU, including what the garbage collector freed
                  (through its inspector, --inspect on a free loopback port), write a profile
                  (.heapprofile) per kind of request into DIR, and print the KB allocated per
                  request: in all, by package or file, and the top functions by self allocation
                  (bench/support/heap-profile-summary.ts)

DATABASE_URL names the PostgreSQL server (default ${DEFAULT_SERVER_URL}); a scratch database is
created on it and dropped at the end.`;

// What decides the numbers besides the data: the query and the schema's storage and indexes.
const SEARCH_SOURCES = [
  "src/calls/call-search.ts",
  "src/calls/call-list.ts",
  "prisma/migrations/20261123225306_call_search/migration.sql",
  "prisma/migrations/20261204200000_call_lists/migration.sql",
];
const WARM_UP_ROUNDS = 2;
// Issue 17's goals at 100,000 calls.
const SEARCH_TARGET_P95_MS = 25;
const CALLS_TARGET_P99_MS = 5;
const CALLS_WITH_COUNT_TARGET_P99_MS = 10;
const STOP_GRACE_MS = 15_000;
// Sequential requests of one kind, to count the server's CPU per request (its /proc figures and
// its main thread's time on a CPU, read before and after).
const CPU_COUNT_REQUESTS = 500;
const PROFILE_TOP = 40;
// The columns both calls documents' nodes ask for, which the resolver reads (src/graphql/selected-columns.ts).
const PAGE_COLUMNS = callColumnsOf(["id", "from", "status", "startedAt", "intent", "urgency"]);
// And SearchCallsDocument's.
const SEARCH_COLUMNS = callColumnsOf(["id", "from", "callerName", "intent"]);

interface Options {
  calls: number;
  turns: number;
  reps: number;
  pageReps: number;
  timeoutMs: number;
  profileDir: string | undefined;
  heapProfileDir: string | undefined;
}

function parseOptions(): Options | undefined {
  const { values } = parseArgs({
    options: {
      calls: { type: "string", default: "100000" },
      turns: { type: "string", default: "1000000" },
      reps: { type: "string", default: "20" },
      "page-reps": { type: "string", default: "50" },
      timeout: { type: "string", default: "600" },
      profile: { type: "string" },
      "heap-profile": { type: "string" },
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
    profileDir: values.profile === undefined ? undefined : path.resolve(values.profile),
    heapProfileDir: values["heap-profile"] === undefined ? undefined : path.resolve(values["heap-profile"]),
  };
}

// ---------------------------------------------------------------------------------------------
// Seed data: a dental office's year of calls. Phrases are mixed at random so that words range
// from very common ("appointment") to rare ("periodontist", in ~0.05% of caller turns).

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
  /** It asks for totalCount. */
  counted: boolean;
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
  serverCpu: ServerCpu[];
  /** What the secretary measured of its own event loop during the calls(...) runs: delay and garbage-collection pauses. */
  pagesLoop: ServerProbe | undefined;
  load: {
    wallMs: number;
    ownCpuMs: number;
    serverMs: number | undefined;
    machineBusyMs: number | undefined;
    postgresMs: number | undefined;
  };
  problems: string[];
}

/** CPU per request of one kind, over CPU_COUNT_REQUESTS of them in a row. */
interface ServerCpu {
  label: string;
  /** The secretary's process, all its threads (the garbage collector's helpers, libuv's pool…). */
  processMs: number | undefined;
  /** Its main thread (the event loop) alone, on a CPU. */
  mainThreadMs: number | undefined;
  /** The bench's own process: its HTTP client. */
  benchMs: number;
  /** With --profile: where the secretary's main thread spent these requests. */
  profile?: ProfileSummary;
  /** With --heap-profile: what the secretary allocated over as many requests of this kind again. */
  heapProfile?: HeapProfileSummary;
}

interface Resources {
  database?: ScratchDatabase;
  /** The bench's own connection to the scratch database: searchCalls() directly, and the statements to EXPLAIN. */
  direct?: Database;
  server?: ChildProcess;
  dataDir?: string;
  client?: ApiClient;
  admin?: pg.Client;
  heapSampler?: HeapSampler;
}

async function bench(options: Options, resources: Resources): Promise<Results> {
  const problems: string[] = [];
  // Modules are loaded once, before this runs: this is the version the whole run uses.
  const searchSource = SEARCH_SOURCES.map((file) => `${file}: ${sourceVersion(file)}`);
  const serverUrl = process.env.DATABASE_URL?.trim() || DEFAULT_SERVER_URL;
  const database = await createScratchDatabase(serverUrl, "secretary_bench");
  resources.database = database;
  resources.dataDir = mkdtempSync(path.join(tmpdir(), "secretary-search-"));

  const direct = await openDatabase({ databaseUrl: database.url, pgliteDir: path.join(resources.dataDir, "unused") });
  resources.direct = direct;
  process.stderr.write(`seeding ${options.calls} calls and ${options.turns} turns into ${database.name}...\n`);
  const seedTimings = await seedCallLog(database.url, options);
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

  // The secretary as deployed, in its own process: its CPU is its own, and the bench's HTTP client
  // does not share its event loop.
  const port = await freePort();
  const server: ServerProcess = await startServer(
    "project",
    {
      port,
      env: {
        // Only what the server needs, so settings in the caller's shell (REDIS_URL…) do not change what is measured.
        ...pick(process.env, ["PATH", "HOME", "TMPDIR", "LANG"]),
        // As the Docker image runs it: graphql-js and Yoga skip their development-only checks.
        NODE_ENV: "production",
        PORT: String(port),
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        DATA_DIR: resources.dataDir,
        DATABASE_URL: database.url,
        TWILIO_AUTH_TOKEN: BENCH_TWILIO_AUTH_TOKEN,
        API_TOKEN: BENCH_API_TOKEN,
        METRICS_TOKEN: BENCH_METRICS_TOKEN,
        // Every seeded call is analysed already: Claude is never asked, and nothing listens here.
        ANTHROPIC_API_KEY: "bench-anthropic-key",
        ANTHROPIC_BASE_URL: "http://127.0.0.1:9",
        LOG_LEVEL: "warn",
      },
      probeFile: path.join(resources.dataDir, "event-loop.json"),
      profileDir: options.profileDir,
      inspectPort: options.heapProfileDir === undefined ? undefined : await freePort(),
      built: false,
    },
    (child) => (resources.server = child),
  );
  const api = new ApiClient(server.url, BENCH_API_TOKEN);
  resources.client = api;
  captureDriverSql();
  const measuringFrom = {
    wall: monotonicMs(),
    cpu: process.cpuUsage(),
    server: cpuMs(server.pid),
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
    await searchCalls(direct.prisma, s.query, { limit: 21, offset: 0 }, SEARCH_COLUMNS);
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
    const statements = await sqlOf(() => searchCalls(direct.prisma, s.query, { limit: 21, offset: 0 }, SEARCH_COLUMNS));
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
    { label: "calls(first: 20) with totalCount", document: CallsDocument, variables: { first: 20 }, counted: true },
    {
      label: "calls(first: 20) without totalCount",
      document: CallsWithoutCountDocument,
      variables: { first: 20 },
      counted: false,
    },
    {
      label: `calls(first: 20, after: page ${cursorAfterPages}) with totalCount`,
      document: CallsDocument,
      variables: { first: 20, after: cursor },
      counted: true,
    },
    {
      label: `calls(first: 20, after: page ${cursorAfterPages}) without totalCount`,
      document: CallsWithoutCountDocument,
      variables: { first: 20, after: cursor },
      counted: false,
    },
    ...filters.flatMap(([label, filter]): PageQuery[] => [
      {
        label: `calls(first: 20, ${label}) with totalCount`,
        document: CallsDocument,
        variables: { first: 20, filter },
        counted: true,
      },
      {
        label: `calls(first: 20, ${label}) without totalCount`,
        document: CallsWithoutCountDocument,
        variables: { first: 20, filter },
        counted: false,
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
  // The secretary's event-loop probe (server-process.ts) measures from this signal to the next.
  server.child.kill("SIGUSR2");
  for (let rep = 0; rep < options.pageReps; rep++) {
    for (const [i, q] of pageQueries.entries()) pageTimed[i]?.graphql.push(await runPage(q));
  }
  server.child.kill("SIGUSR2");
  const pagesLoop = await readProbe(server.probeFile);
  // The statements the resolver makes for each query, made here through the bench's own connection
  // with the resolver's own filter and paging (the server's process is not instrumented).
  const resolverSql = (q: PageQuery) => async () => {
    const filter = callListFilter(q.variables.filter as Parameters<typeof callListFilter>[0]);
    const page = await resolveCallPage(q.variables, {
      page: (p) => listCalls(direct.query, filter, p, PAGE_COLUMNS),
      count: () => countCalls(direct.query, filter),
    });
    if (q.counted) await page.totalCount();
  };
  for (const [i, q] of pageQueries.entries()) {
    const timed = pageTimed[i];
    if (!timed) continue;
    const statements = await sqlOf(resolverSql(q));
    timed.explained = [];
    for (const statement of statements) {
      if (!/^\s*SELECT/i.test(statement.text)) continue;
      const explained = await explain(admin, statement);
      timed.explained.push({ ...explained, text: `${statement.text.trim()}\n${explained.text}` });
    }
  }

  // Floors: the same HTTP + yoga path with no resolver, and the resolver's two statements without
  // GraphQL (from the bench's process, through the same driver).
  const baselines: Timed[] = [
    { label: "query { __typename } over HTTP (transport + yoga floor)", detail: "", graphql: [], direct: [] },
    {
      label: "listCalls(take 21) + countCalls(), the resolver's SQL without GraphQL",
      detail: "",
      graphql: [],
      direct: [],
    },
  ];
  for (let rep = 0; rep < WARM_UP_ROUNDS + options.pageReps; rep++) {
    let started = monotonicMs();
    await api.post("query { __typename }");
    if (rep >= WARM_UP_ROUNDS) baselines[0]?.graphql.push(monotonicMs() - started);
    started = monotonicMs();
    await listCalls(direct.query, {}, { take: 21 }, PAGE_COLUMNS);
    await countCalls(direct.query, {});
    if (rep >= WARM_UP_ROUNDS) baselines[1]?.graphql.push(monotonicMs() - started);
  }

  // The server's CPU per request, counted rather than timed: the latencies above move with
  // whatever else the machine runs, the CPU a request takes much less.
  const withoutCount = pageQueries[1];
  const serverCpu: ServerCpu[] = [];
  // V8 profiles are stamped with CLOCK_MONOTONIC µs, as hrtime is: each kind's window selects its requests.
  const windows: { fromUs: number; toUs: number }[] = [];
  const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);
  for (const [label, send] of [
    ["calls(first: 20) without totalCount", () => (withoutCount ? runPage(withoutCount) : Promise.resolve(0))],
    ["query { __typename }", () => api.post("query { __typename }")],
  ] as const) {
    const before = {
      process: cpuMs(server.pid),
      main: mainThreadSchedMs(server.pid)?.onCpuMs,
      bench: process.cpuUsage(),
    };
    const fromUs = monotonicUs();
    for (let i = 0; i < CPU_COUNT_REQUESTS; i++) await send();
    windows.push({ fromUs, toUs: monotonicUs() });
    const bench = process.cpuUsage(before.bench);
    const after = { process: cpuMs(server.pid), main: mainThreadSchedMs(server.pid)?.onCpuMs };
    // As many again, sampled: the sampler's own cost stays out of the CPU counted above.
    let heapProfile: HeapProfileSummary | undefined;
    if (options.heapProfileDir !== undefined && server.inspectPort !== undefined) {
      resources.heapSampler = await startHeapSampling(server.inspectPort);
      for (let i = 0; i < CPU_COUNT_REQUESTS; i++) await send();
      mkdirSync(options.heapProfileDir, { recursive: true });
      const { file, profile } = await resources.heapSampler.stop(options.heapProfileDir, server.pid);
      heapProfile = summariseHeapProfile(file, profile);
      resources.heapSampler.close();
      delete resources.heapSampler;
    }
    const per = (from: number | undefined, to: number | undefined) =>
      from === undefined || to === undefined ? undefined : (to - from) / CPU_COUNT_REQUESTS;
    serverCpu.push({
      label,
      processMs: per(before.process, after.process),
      mainThreadMs: per(before.main, after.main),
      benchMs: (bench.user + bench.system) / 1000 / CPU_COUNT_REQUESTS,
      ...(heapProfile && { heapProfile }),
    });
  }
  const cpu = process.cpuUsage(measuringFrom.cpu);
  const serverAfter = cpuMs(server.pid);
  const machineAfter = machineBusyMs();
  const postgresAfter = postgresCpuMs();
  const load = {
    postgresMs:
      postgresAfter === undefined || measuringFrom.postgres === undefined
        ? undefined
        : postgresAfter - measuringFrom.postgres,
    wallMs: monotonicMs() - measuringFrom.wall,
    ownCpuMs: (cpu.user + cpu.system) / 1000,
    serverMs:
      serverAfter === undefined || measuringFrom.server === undefined ? undefined : serverAfter - measuringFrom.server,
    machineBusyMs:
      machineAfter === undefined || measuringFrom.machine === undefined
        ? undefined
        : machineAfter - measuringFrom.machine,
  };

  // V8 writes the profile as the secretary exits.
  if (options.profileDir) {
    if ((await stopProcess(server.child, STOP_GRACE_MS)) === "killed")
      problems.push(`the secretary did not stop within ${STOP_GRACE_MS / 1000} s of SIGTERM and was killed`);
    const file = findCpuProfile(options.profileDir, server.pid);
    if (!file) problems.push(`no CPU profile of the secretary found in ${options.profileDir}`);
    else
      for (const [i, window] of windows.entries()) {
        const counted = serverCpu[i];
        if (counted) counted.profile = summariseCpuProfile(file, window);
      }
  }

  if (server.log.problemCount > 0)
    problems.push(
      `the secretary logged ${server.log.problemCount} warnings or errors, first: ${server.log.problems[0]?.slice(0, 300)}`,
    );
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
    serverCpu,
    pagesLoop,
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
    `calls(...): ${options.pageReps} sequential runs each over GraphQL/HTTP, after ${WARM_UP_ROUNDS} warm-up rounds; SQL exec = sum of EXPLAIN ANALYZE execution times of the resolver's statements`,
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
  const target = (label: string, page: Timed | undefined, limitMs: number) => {
    const p99 = page ? summarize(page.graphql)?.p99 : undefined;
    return `  target ${label} p99 <= ${limitMs} ms at ${counts.calls.toLocaleString("en-US")} calls: ${ms(p99)}: ${p99 !== undefined && p99 <= limitMs ? "met" : "MISSED"}`;
  };
  lines.push(
    target("calls(first: 20)", results.pages[1], CALLS_TARGET_P99_MS),
    target("calls(first: 20) { totalCount }", firstPage, CALLS_WITH_COUNT_TARGET_P99_MS),
    "",
    `CPU per request, ${CPU_COUNT_REQUESTS} sequential requests of each: the secretary's process (its main thread alone), and the bench's HTTP client`,
    ...results.serverCpu.map(
      (c) =>
        `  ${c.label.padEnd(72)} ${ms(c.processMs, 2)} (main thread ${ms(c.mainThreadMs, 2)}), client ${ms(c.benchMs, 2)}`,
    ),
  );
  const loop = results.pagesLoop;
  if (loop)
    lines.push(
      `the secretary's event loop during the calls(...) runs: delay p50 ${ms(loop.p50)}, p99 ${ms(loop.p99)}, max ${ms(loop.max)}; utilisation ${Math.round(loop.utilization * 100)}%; ` +
        `garbage-collection pauses ${loop.gc.count}, ${ms(loop.gc.totalMs)} in all (${ms(loop.gc.totalMs / Math.max(1, options.pageReps * results.pages.length), 3)} per request), ${loop.gc.over2Ms} over 2 ms, longest ${ms(loop.gc.maxMs)}`,
    );
  for (const c of results.serverCpu) {
    if (!c.heapProfile) continue;
    lines.push(
      "",
      `${c.label}:`,
      ...formatHeapProfileSummary(c.heapProfile, "secretary", CPU_COUNT_REQUESTS, PROFILE_TOP, "request"),
    );
  }
  for (const c of results.serverCpu) {
    if (!c.profile) continue;
    const busyMs = c.profile.sampledMs - c.profile.idleMs;
    lines.push(
      "",
      `${c.label}: the secretary's main thread busy ${ms(busyMs / CPU_COUNT_REQUESTS, 3)} per request in its CPU profile`,
      ...formatProfileSummary(c.profile, "secretary", PROFILE_TOP, `these ${CPU_COUNT_REQUESTS} requests`),
    );
  }

  const { load } = results;
  const share = (cpuMs: number) => `${Math.round((cpuMs / Math.max(1, load.wallMs)) * 100)}%`;
  lines.push(
    "",
    `CPU while measuring (${(load.wallMs / 1000).toFixed(1)} s; 100% = one core): the secretary ${load.serverMs === undefined ? "n/a" : share(load.serverMs)}, the bench ${share(load.ownCpuMs)}` +
      (load.postgresMs === undefined ? "" : `, PostgreSQL ${share(load.postgresMs)}`) +
      (load.machineBusyMs === undefined
        ? ""
        : `, anything else on the machine ${share(Math.max(0, load.machineBusyMs - load.ownCpuMs - (load.serverMs ?? 0) - (load.postgresMs ?? 0)))}`),
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
    "  rebuilt with the migration's own backfill, then VACUUM ANALYZE); the secretary in its own process (src/main.ts, NODE_ENV=production), queried",
    "  over HTTP with ApiClient from this process, one request at a time; searchCalls() and the calls resolver's statements (resolveCallPage with",
    "  listCalls/countCalls) run in this process on its own connection, with the page size the resolvers use (21); their SQL captured at the pg driver",
    "  and EXPLAINed.",
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
  resources.heapSampler?.close();
  await resources.client?.close().catch(() => undefined);
  await resources.admin?.end().catch(() => undefined);
  if (resources.server && (await stopProcess(resources.server, STOP_GRACE_MS)) === "killed")
    console.error(`note: the secretary did not stop within ${STOP_GRACE_MS / 1000} s of SIGTERM and was killed`);
  await resources.direct?.close().catch((e: unknown) => console.error(describeError(e)));
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
