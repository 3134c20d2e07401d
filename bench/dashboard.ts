// `tsx bench/dashboard.ts`: the owner's dashboard, measured in Debian's Chromium against the real
// server: the bundle's size on the wire, how soon the Calls page is usable with a large call log in
// PostgreSQL (and each page turn after it), and how long a token the secretary speaks takes to
// appear on the Live page.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { brotliCompressSync, gzipSync } from "node:zlib";
import type { Browser, Page } from "playwright-core";
import { type App, buildApp, type RunningApp } from "../src/app.js";
import { loadConfig } from "../src/config.js";
import { placeCall, type SimulatedCall } from "../src/simulator/simulated-call.js";
import { DESKTOP, launchBrowser, signedIn } from "../test/support/browser.js";
import { type FakeAnthropic, startFakeAnthropic } from "../test/support/fake-anthropic.js";
import { createScratchDatabase, type ScratchDatabase } from "../test/support/scratch-database.js";
import { seedCallLog } from "./support/call-log-seed.js";
import { BENCH_API_TOKEN, BENCH_TWILIO_AUTH_TOKEN, QUIET_ANALYSIS, REPO } from "./support/fixtures.js";
import { DEFAULT_SERVER_URL, describeError, formatDistribution, withTimeout } from "./support/measure.js";
import { integerFlag as int, runBench } from "./support/run-bench.js";

const USAGE = `Usage: tsx bench/dashboard.ts [options]

  --calls N     calls to seed (default 100000)
  --turns N     turns to seed over them (default 1000000)
  --loads N     timed loads of the Calls page, cold and warm (default 15 each)
  --pages N     page turns ("Older →") timed after a load (default 20)
  --tokens N    tokens in the reply whose way to the Live page is timed (default 150)
  --timeout S   give up after S seconds (default 900)

Builds the dashboard first (npm run build:dashboard). DATABASE_URL names the PostgreSQL server
(default ${DEFAULT_SERVER_URL}); a scratch database is created on it and dropped at the end.
Chromium: /usr/bin/chromium, or CHROMIUM_PATH.`;

const DIST = path.join(REPO, "dist", "dashboard");
const STOP_TIMEOUT_MS = 15_000;
// The fake Claude's pace, as bench:calls has it: a token every 15 ms.
const TOKEN_DELAY_MS = 15;

interface Options {
  calls: number;
  turns: number;
  loads: number;
  pages: number;
  tokens: number;
  timeoutMs: number;
}

function parseOptions(): Options | undefined {
  const { values } = parseArgs({
    options: {
      calls: { type: "string", default: "100000" },
      turns: { type: "string", default: "1000000" },
      loads: { type: "string", default: "15" },
      pages: { type: "string", default: "20" },
      tokens: { type: "string", default: "150" },
      timeout: { type: "string", default: "900" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) return undefined;
  return {
    calls: int("calls", values.calls, 100, 10_000_000),
    turns: int("turns", values.turns, 0, 100_000_000),
    loads: int("loads", values.loads, 2, 1000),
    pages: int("pages", values.pages, 1, 1000),
    tokens: int("tokens", values.tokens, 10, 5000),
    timeoutMs: int("timeout", values.timeout, 10) * 1000,
  };
}

interface Asset {
  file: string;
  bytes: number;
  gzip: number;
  brotli: number;
}

interface Results {
  assets: Asset[];
  calls: number;
  turns: number;
  seedMs: number;
  /** From navigation start to the page's first screen of calls, in Chromium's clock: with nothing cached, then with the bundle cached. */
  coldLoadsMs: number[];
  warmLoadsMs: number[];
  pageTurnsMs: number[];
  /** Per token: from the frame reaching the caller (the token left the call handler) to its text in the Live page's DOM. */
  tokenToDomMs: number[];
  tokensMissing: number;
  problems: string[];
}

interface Resources {
  database?: ScratchDatabase;
  anthropic?: FakeAnthropic;
  app?: App;
  browser?: Browser;
  call?: SimulatedCall;
  dataDir?: string;
}

/** The built files the browser downloads, as they cross the wire compressed. */
function measureBundle(): Asset[] {
  execFileSync("npm", ["run", "--silent", "build:dashboard"], { cwd: REPO, stdio: "inherit" });
  const assetsDir = path.join(DIST, "assets");
  return readdirSync(assetsDir)
    .filter((file) => /\.(js|css)$/.test(file))
    .map((file) => {
      const content = readFileSync(path.join(assetsDir, file));
      return {
        file,
        bytes: content.length,
        gzip: gzipSync(content, { level: 9 }).length,
        brotli: brotliCompressSync(content).length,
      };
    });
}

async function bench(options: Options, resources: Resources): Promise<Results> {
  const problems: string[] = [];
  const assets = measureBundle();

  const database = await createScratchDatabase(process.env.DATABASE_URL || DEFAULT_SERVER_URL, "bench_dashboard");
  resources.database = database;
  // The app's own migrations first, then the seed.
  const dataDir = mkdtempSync(path.join(tmpdir(), "bench-dashboard-"));
  resources.dataDir = dataDir;
  const anthropic = await startFakeAnthropic();
  resources.anthropic = anthropic;
  anthropic.respondWith(() => QUIET_ANALYSIS);
  const config = loadConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    DATABASE_URL: database.url,
    DATA_DIR: dataDir,
    API_TOKEN: BENCH_API_TOKEN,
    TWILIO_AUTH_TOKEN: BENCH_TWILIO_AUTH_TOKEN,
    ANTHROPIC_API_KEY: "bench-anthropic-key",
    ANTHROPIC_BASE_URL: anthropic.url,
    LOG_LEVEL: "warn",
  });
  const migrate = buildApp(config);
  await migrate.start();
  await migrate.stop();
  const seedStarted = performance.now();
  await seedCallLog(database.url, { calls: options.calls, turns: options.turns });
  const seedMs = performance.now() - seedStarted;

  const app = buildApp(config);
  resources.app = app;
  const running = await app.start();
  const browser = await launchBrowser();
  resources.browser = browser;
  const { context, page } = await signedIn(browser, running.url, running.apiToken);
  const session = await context.storageState();

  // Cold: a browser profile with the session cookie and nothing cached, as on a new phone.
  const coldLoadsMs: number[] = [];
  for (let i = 0; i < options.loads; i++) {
    const cold = await browser.newContext({ baseURL: running.url, storageState: session, viewport: DESKTOP });
    coldLoadsMs.push(await timeCallsPageLoad(await cold.newPage()));
    await cold.close();
  }
  const warmLoadsMs: number[] = [];
  for (let i = 0; i < options.loads; i++) warmLoadsMs.push(await timeCallsPageLoad(page));
  const pageTurnsMs: number[] = [];
  for (let i = 0; i < options.pages; i++) pageTurnsMs.push(await timePageTurn(page));

  const live = await timeTokensToDom(page, running, anthropic, options.tokens, resources);
  if (live.missing > 0) problems.push(`${live.missing} of ${options.tokens} tokens never appeared on the Live page`);
  return {
    assets,
    calls: options.calls,
    turns: options.turns,
    seedMs,
    coldLoadsMs,
    warmLoadsMs,
    pageTurnsMs,
    tokenToDomMs: live.delays,
    tokensMissing: live.missing,
    problems,
  };
}

/**
 * Navigation start to the moment the first page of calls is on screen (its rows and the count),
 * stamped by a MutationObserver inside the page, so Playwright's polling adds nothing.
 */
async function timeCallsPageLoad(page: Page): Promise<number> {
  await page.goto("about:blank");
  await page.goto("/calls", { waitUntil: "commit" });
  // No named functions inside: tsx would wrap them in a helper the page does not have.
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const observer = new MutationObserver((_records, self) => {
          if (document.querySelectorAll(".call-list > li").length < 20) return;
          if (!/\d calls/.test(document.body.textContent ?? "")) return;
          self.disconnect();
          resolve(performance.now());
        });
        observer.observe(document, { subtree: true, childList: true, characterData: true });
        // A page that was quicker than this script has nothing left to change: checked once now (its
        // time is then a little late), else the bench would wait for a mutation that never comes.
        if (
          document.querySelectorAll(".call-list > li").length >= 20 &&
          /\d calls/.test(document.body.textContent ?? "")
        ) {
          observer.disconnect();
          resolve(performance.now());
        }
      }),
  );
}

/** "Older →" clicked to the next page's first call on screen, in the page's clock. */
async function timePageTurn(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const before = document.querySelector(".call-list > li a")?.getAttribute("href");
        const older = [...document.querySelectorAll("button")].find((button) => button.textContent?.includes("Older"));
        if (!older || older.disabled) return reject(new Error("no older page"));
        const started = performance.now();
        const observer = new MutationObserver(() => {
          const now = document.querySelector(".call-list > li a")?.getAttribute("href");
          if (!now || now === before) return;
          observer.disconnect();
          resolve(performance.now() - started);
        });
        observer.observe(document, { subtree: true, childList: true, attributes: true });
        older.click();
      }),
  );
}

/**
 * One call, one long reply of numbered tokens ("w0001 w0002 …"). The simulator stamps each text
 * frame as it arrives; a MutationObserver in the Live page stamps each token's first appearance in
 * the DOM. The page's clock is set against this process's by the round trip of an evaluate (the
 * tightest of several), so the two stamps compare.
 */
async function timeTokensToDom(
  page: Page,
  running: RunningApp,
  anthropic: FakeAnthropic,
  tokens: number,
  resources: Resources,
): Promise<{ delays: number[]; missing: number }> {
  await page.goto("/live");
  await page.getByRole("heading", { name: "Live", level: 1 }).waitFor();
  await page.evaluate(() => {
    const seen = new Map<string, number>();
    (window as unknown as { tokensSeen: Map<string, number> }).tokensSeen = seen;
    new MutationObserver((records) => {
      const at = performance.timeOrigin + performance.now();
      for (const record of records) {
        for (const match of record.target.textContent?.matchAll(/\bw\d{4}\b/g) ?? []) {
          if (!seen.has(match[0])) seen.set(match[0], at);
        }
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  const offset = await pageClockOffset(page);

  const words = Array.from({ length: tokens }, (_, i) => `w${String(i + 1).padStart(4, "0")}`);
  anthropic.enqueue({ text: words.join(" "), chunks: words.map((w) => ` ${w}`), tokenDelayMs: TOKEN_DELAY_MS });
  const call = await placeCall({
    serverUrl: running.url,
    publicUrl: running.publicUrl,
    authToken: running.twilioAuthToken,
    from: "+15550007788",
  });
  resources.call = call;
  await call.connected();
  // The Live page shows the call before it speaks: the timing starts with a page already watching.
  await page.getByText("+15550007788").first().waitFor();
  await call.say("Please read me the list.");
  const last = words.at(-1) ?? "";
  await page
    .getByText(last)
    .first()
    .waitFor({ timeout: 10_000 })
    .catch(() => undefined);
  const seen = new Map(
    await page.evaluate(() => [...(window as unknown as { tokensSeen: Map<string, number> }).tokensSeen]),
  );
  const sent = new Map(call.textFrames.map((frame) => [frame.token.trim(), frame.at]));
  const delays: number[] = [];
  let missing = 0;
  for (const word of words) {
    const left = sent.get(word);
    const shown = seen.get(word);
    if (left === undefined || shown === undefined) missing++;
    else delays.push(shown - offset - left);
  }
  await call.hangUp({ duration: 10 });
  return { delays, missing };
}

/**
 * The page's clock (its performance.timeOrigin + now) minus this process's performance.now(), from
 * the evaluate with the shortest round trip: the page read its clock about halfway through it.
 */
async function pageClockOffset(page: Page): Promise<number> {
  let best = { roundTrip: Number.POSITIVE_INFINITY, offset: 0 };
  for (let i = 0; i < 20; i++) {
    const sent = performance.now();
    const pageNow = await page.evaluate(() => performance.timeOrigin + performance.now());
    const back = performance.now();
    const roundTrip = back - sent;
    if (roundTrip < best.roundTrip) {
      best = { roundTrip, offset: pageNow - (sent + back) / 2 };
    }
  }
  return best.offset;
}

function report(results: Results): boolean {
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  const total = (kind: string, key: "bytes" | "gzip" | "brotli") =>
    results.assets.filter((asset) => asset.file.endsWith(kind)).reduce((sum, asset) => sum + asset[key], 0);
  const lines = [
    "bundle (dist/dashboard/assets):",
    ...results.assets.map(
      (asset) =>
        `  ${asset.file.padEnd(32)} ${kb(asset.bytes).padStart(10)}  gzip ${kb(asset.gzip).padStart(9)}  brotli ${kb(asset.brotli).padStart(9)}`,
    ),
    `  JS  ${kb(total(".js", "bytes"))}, gzip -9 ${kb(total(".js", "gzip"))}, brotli ${kb(total(".js", "brotli"))}`,
    `  CSS ${kb(total(".css", "bytes"))}, gzip -9 ${kb(total(".css", "gzip"))}, brotli ${kb(total(".css", "brotli"))}`,
    "",
    `call log: ${results.calls.toLocaleString("en-US")} calls, ${results.turns.toLocaleString("en-US")} turns in PostgreSQL (seeded in ${(results.seedMs / 1000).toFixed(1)} s)`,
    `Calls page usable (navigation start → first ${20} calls and the count on screen, Chromium's clock):`,
    `  nothing cached (a new browser profile, signed in): ${formatDistribution(results.coldLoadsMs)}`,
    `  the bundle cached (the same tab, loaded again):   ${formatDistribution(results.warmLoadsMs)}`,
    `  "Older →" to the next page on screen: ${formatDistribution(results.pageTurnsMs)}`,
    "",
    `Live page, a token from the call handler to the DOM (${results.tokenToDomMs.length} tokens, one every ${TOKEN_DELAY_MS} ms):`,
    `  ${formatDistribution(results.tokenToDomMs)}`,
  ];
  if (results.problems.length > 0) lines.push("run problems:", ...results.problems.map((problem) => `  ${problem}`));
  console.log(lines.join("\n"));
  return results.problems.length === 0;
}

async function cleanUp(resources: Resources): Promise<void> {
  resources.call?.dispose();
  await resources.browser?.close().catch(() => undefined);
  if (resources.app)
    await withTimeout(resources.app.stop(), STOP_TIMEOUT_MS, "the secretary did not stop").catch((e: unknown) =>
      console.error(describeError(e)),
    );
  await resources.anthropic?.close().catch(() => undefined);
  await resources.database
    ?.drop()
    .catch((e: unknown) => console.error(`could not drop ${resources.database?.name}: ${describeError(e)}`));
  if (resources.dataDir) rmSync(resources.dataDir, { recursive: true, force: true });
}

// Exit explicitly: a handle a library forgot to close must not keep a finished bench alive.
process.exit(await runBench({ usage: USAGE, parseOptions, resources: {}, run: bench, report, cleanUp }));
