// The dashboard served by the same process, as a browser meets it: the app's page on every route
// of its own, hashed assets cached for good, compressed when asked, a strict Content-Security-Policy,
// the API's routes untouched; and a plain answer when the dashboard was never built.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { pino } from "pino";
import { startSecretary, type TestSecretary } from "./support/secretary.js";

const INDEX_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Phone secretary</title>
<script type="module" crossorigin src="/assets/app-abc123.js"></script></head>
<body><div id="root"></div></body></html>
`;
// Big enough to be worth compressing, as a real bundle is.
const APP_JS = `export const calls = [];\n${"console.log('the dashboard renders its calls here');\n".repeat(40)}`;

/** A raw GET (or HEAD), as a browser sends it: the body exactly as it came over the wire, not decoded. */
function request(
  url: string,
  headers: Record<string, string> = {},
  method = "GET",
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const outgoing = http.request(url, { method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
      );
    });
    outgoing.on("error", reject);
    outgoing.end();
  });
}

const CSP_PARTS = [
  "default-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
];

function assertHtmlHeaders(headers: http.IncomingHttpHeaders): void {
  const csp = String(headers["content-security-policy"] ?? "");
  for (const part of CSP_PARTS) assert.ok(csp.includes(part), `CSP has ${part}: ${csp}`);
  assert.doesNotMatch(csp, /unsafe-eval|\*/);
  assert.equal(headers["x-content-type-options"], "nosniff");
  assert.equal(headers["referrer-policy"], "same-origin");
}

describe("the built dashboard, served at /", () => {
  let secretary: TestSecretary;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "secretary-dashboard-"));
    mkdirSync(path.join(dir, "assets"));
    writeFileSync(path.join(dir, "index.html"), INDEX_HTML);
    writeFileSync(path.join(dir, "assets", "app-abc123.js"), APP_JS);
    writeFileSync(path.join(dir, "favicon.svg"), `<svg xmlns="http://www.w3.org/2000/svg"/>`);
    secretary = await startSecretary({ offline: true, dashboardDir: dir });
  });
  after(async () => {
    await secretary.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  test("/ is the app's page, asked for again each time, with a strict Content-Security-Policy", async () => {
    const page = await request(`${secretary.app.url}/`);
    assert.equal(page.status, 200);
    assert.equal(page.headers["content-type"], "text/html; charset=utf-8");
    assert.equal(page.headers["cache-control"], "no-cache");
    assertHtmlHeaders(page.headers);
    assert.equal(page.body.toString("utf8"), INDEX_HTML);
  });

  test("the app's own routes get its page; an unknown asset or file is 404, and the API's paths stay the API's", async () => {
    for (const route of ["/calls/xyz", "/live", "/todo", "/signin?next=%2Fgraphql"]) {
      const page = await request(`${secretary.app.url}${route}`);
      assert.equal(page.status, 200, route);
      assert.equal(page.body.toString("utf8"), INDEX_HTML, route);
      assert.equal(page.headers["cache-control"], "no-cache", route);
      assertHtmlHeaders(page.headers);
    }
    for (const missing of ["/assets/missing.js", "/assets/nothing", "/logo.png"]) {
      const answer = await request(`${secretary.app.url}${missing}`);
      assert.equal(answer.status, 404, missing);
      assert.doesNotMatch(answer.body.toString("utf8"), /root/, missing);
    }
    for (const api of ["/twilio/unknown", "/api/unknown", "/metrics/x", "/recordings", "/healthz/x"]) {
      const answer = await request(`${secretary.app.url}${api}`);
      assert.notEqual(answer.status, 200, api);
      assert.doesNotMatch(answer.body.toString("utf8"), /id="root"/, api);
    }
    const posted = await fetch(`${secretary.app.url}/calls/xyz`, { method: "POST" });
    assert.equal(posted.status, 404, "only GET and HEAD reach the app");
    await posted.body?.cancel();
  });

  test("hashed assets are cached for a year, compressed with gzip or brotli when asked, and answered 304 by ETag", async () => {
    const url = `${secretary.app.url}/assets/app-abc123.js`;
    const plain = await request(url);
    assert.equal(plain.status, 200);
    assert.equal(plain.headers["content-type"], "text/javascript; charset=utf-8");
    assert.equal(plain.headers["cache-control"], "public, max-age=31536000, immutable");
    assert.equal(plain.headers["content-encoding"], undefined);
    assert.equal(plain.body.toString("utf8"), APP_JS);

    const gzipped = await request(url, { "accept-encoding": "gzip" });
    assert.equal(gzipped.headers["content-encoding"], "gzip");
    assert.ok(gzipped.body.length < APP_JS.length / 2, `${gzipped.body.length} bytes`);
    assert.equal(gunzipSync(gzipped.body).toString("utf8"), APP_JS);
    assert.match(gzipped.headers.vary ?? "", /accept-encoding/i);

    const brotli = await request(url, { "accept-encoding": "gzip, deflate, br" });
    assert.equal(brotli.headers["content-encoding"], "br");
    assert.equal(brotliDecompressSync(brotli.body).toString("utf8"), APP_JS);
    const refused = await request(url, { "accept-encoding": "br;q=0, gzip" });
    assert.equal(refused.headers["content-encoding"], "gzip");

    const etag = gzipped.headers.etag;
    assert.ok(etag);
    const again = await request(url, { "accept-encoding": "gzip", "if-none-match": etag });
    assert.equal(again.status, 304);
    assert.equal(again.body.length, 0);
    const changed = await request(url, { "accept-encoding": "gzip", "if-none-match": '"something-else"' });
    assert.equal(changed.status, 200);

    const head = await request(url, {}, "HEAD");
    assert.equal(head.status, 200);
    assert.equal(head.headers["content-length"], String(Buffer.byteLength(APP_JS)));
    assert.equal(head.body.length, 0);
  });

  test("other files by their exact path, with their type, revalidated", async () => {
    const icon = await request(`${secretary.app.url}/favicon.svg`);
    assert.equal(icon.status, 200);
    assert.equal(icon.headers["content-type"], "image/svg+xml");
    assert.equal(icon.headers["cache-control"], "no-cache");
    assert.equal(icon.headers["x-content-type-options"], "nosniff");
  });
});

describe("a dashboard not built", () => {
  let secretary: TestSecretary;
  let dir: string;
  const warnings: string[] = [];
  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "secretary-dashboard-"));
    const logger = pino(
      { level: "warn" },
      { write: (line: string) => warnings.push((JSON.parse(line) as { msg: string }).msg) },
    );
    secretary = await startSecretary({ offline: true, dashboardDir: path.join(dir, "never-built"), logger });
  });
  after(async () => {
    await secretary.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  test("/ and the app's routes answer 503 with a page that says how to build it; the start-up log said so once", async () => {
    for (const route of ["/", "/calls/xyz"]) {
      const page = await request(`${secretary.app.url}${route}`);
      assert.equal(page.status, 503, route);
      assert.match(page.headers["content-type"] ?? "", /text\/html/);
      assert.match(page.body.toString("utf8"), /not built[\s\S]*npm run build:dashboard/);
      assertHtmlHeaders(page.headers);
    }
    assert.equal((await request(`${secretary.app.url}/assets/app.js`)).status, 404);
    assert.equal(warnings.filter((message) => /dashboard is not built/.test(message)).length, 1);
    assert.equal((await request(`${secretary.app.url}/healthz`)).status, 200, "the rest works as ever");
  });
});
