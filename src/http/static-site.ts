import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { brotliCompress, gzip, constants as zlibConstants } from "node:zlib";
import { sendError } from "./responses.js";

/**
 * Where `npm run build:dashboard` (Vite) writes the dashboard: dist/dashboard at the project's root,
 * two levels up from this file both as src/http/static-site.ts (tsx) and as dist/http/static-site.js
 * (`npm run build`).
 */
export const DASHBOARD_DIR = fileURLToPath(new URL("../../dist/dashboard", import.meta.url));

/** What an HTML page of the dashboard may load: this server and nothing else. */
export const DASHBOARD_CSP = [
  "default-src 'self'",
  // Its GraphQL requests and graphql-ws socket; 'self' covers ws: and wss: of the same host.
  "connect-src 'self'",
  "img-src 'self' data:",
  "style-src 'self'",
  "object-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join("; ");

const HTML_HEADERS = {
  "content-security-policy": DASHBOARD_CSP,
  "referrer-policy": "same-origin",
} as const;

// Vite names everything under assets/ after its content: a changed file is a new name.
const ASSETS_PREFIX = "/assets/";
const IMMUTABLE = "public, max-age=31536000, immutable";
// Anything else (index.html above all) is asked for again each time, and mostly answered 304.
const REVALIDATE = "no-cache";
// Smaller than this, compression saves less than the header costs.
const COMPRESS_FROM_BYTES = 512;

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".webmanifest": "application/manifest+json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".avif": "image/avif",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".ttf": "font/ttf",
  ".wasm": "application/wasm",
};
// Already compressed (images, fonts): another pass only costs time.
const COMPRESSIBLE = new Set([
  ".html",
  ".js",
  ".mjs",
  ".css",
  ".json",
  ".map",
  ".webmanifest",
  ".txt",
  ".svg",
  ".ico",
  ".wasm",
]);

type Encoding = "br" | "gzip";

interface Representation {
  body: Buffer;
  etag: string;
}

interface SiteFile {
  contentType: string;
  cacheControl: string;
  html: boolean;
  identity: Representation;
  encoded: Partial<Record<Encoding, Representation>>;
}

export interface StaticSite {
  /** Whether the directory had an index.html: the dashboard was built. */
  readonly built: boolean;
  /**
   * Answers a GET or HEAD for `pathname`: a file of the directory by its exact path; index.html for
   * a path without a file extension outside assets/ (the app's own routes: /calls/abc, /signin);
   * 404 for any other file.
   */
  serve(request: IncomingMessage, response: ServerResponse, pathname: string): void;
}

/**
 * The built dashboard, read into memory at start, each text file compressed once with gzip and
 * brotli. A missing directory is a dashboard not built: `/` says so, with the command that builds it.
 */
export async function loadStaticSite(dir: string): Promise<StaticSite> {
  const files = new Map<string, SiteFile>();
  for (const relative of await listFiles(dir)) {
    const urlPath = `/${relative.split(path.sep).map(encodeURIComponent).join("/")}`;
    files.set(urlPath, await loadFile(path.join(dir, relative), urlPath));
  }
  const index = files.get("/index.html");
  return {
    built: index !== undefined,
    serve(request, response, pathname) {
      const file = files.get(pathname === "/" ? "/index.html" : pathname);
      if (file) return sendFile(request, response, file);
      const lastSegment = pathname.slice(pathname.lastIndexOf("/") + 1);
      if (pathname.startsWith(ASSETS_PREFIX) || lastSegment.includes(".")) return sendError(response, 404, "not found");
      if (index) return sendFile(request, response, index);
      sendNotBuilt(request, response);
    },
  };
}

/** Every regular file under `dir`, as paths relative to it; none when it does not exist. Dotfiles are left out. */
async function listFiles(dir: string, under = ""): Promise<string[]> {
  let entries: import("node:fs").Dirent[];
  try {
    entries = await readdir(path.join(dir, under), { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const found: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith(".")) continue;
    const relative = path.join(under, entry.name);
    if (entry.isDirectory()) found.push(...(await listFiles(dir, relative)));
    else if (entry.isFile()) found.push(relative);
  }
  return found;
}

async function loadFile(filePath: string, urlPath: string): Promise<SiteFile> {
  const body = await readFile(filePath);
  const extension = path.extname(filePath).toLowerCase();
  const hash = createHash("sha256").update(body).digest("base64url").slice(0, 27);
  const encoded: SiteFile["encoded"] = {};
  if (COMPRESSIBLE.has(extension) && body.length >= COMPRESS_FROM_BYTES) {
    const [gzipped, brotli] = await Promise.all([
      gzipAsync(body, { level: 9 }),
      // Quality 9: most of brotli's gain over gzip at a twentieth of the time 11 takes.
      brotliAsync(body, {
        params: {
          [zlibConstants.BROTLI_PARAM_QUALITY]: 9,
          [zlibConstants.BROTLI_PARAM_SIZE_HINT]: body.length,
        },
      }),
    ]);
    if (gzipped.length < body.length) encoded.gzip = { body: gzipped, etag: `"${hash}-gz"` };
    if (brotli.length < body.length) encoded.br = { body: brotli, etag: `"${hash}-br"` };
  }
  return {
    contentType: CONTENT_TYPES[extension] ?? "application/octet-stream",
    cacheControl: urlPath.startsWith(ASSETS_PREFIX) ? IMMUTABLE : REVALIDATE,
    html: extension === ".html",
    identity: { body, etag: `"${hash}"` },
    encoded,
  };
}

function sendFile(request: IncomingMessage, response: ServerResponse, file: SiteFile): void {
  const encoding = preferredEncoding(request.headers["accept-encoding"], file);
  const representation = encoding ? file.encoded[encoding]! : file.identity;
  const headers: Record<string, string | number> = {
    "cache-control": file.cacheControl,
    etag: representation.etag,
    "x-content-type-options": "nosniff",
    ...(Object.keys(file.encoded).length > 0 && { vary: "Accept-Encoding" }),
    ...(file.html && HTML_HEADERS),
  };
  if (matchesETag(request.headers["if-none-match"], representation.etag)) {
    response.writeHead(304, headers).end();
    return;
  }
  response.writeHead(200, {
    ...headers,
    "content-type": file.contentType,
    "content-length": representation.body.length,
    ...(encoding && { "content-encoding": encoding }),
  });
  response.end(request.method === "HEAD" ? undefined : representation.body);
}

/** Brotli, else gzip, when the client accepts it (`q=0` refuses) and the file has it. */
function preferredEncoding(header: string | undefined, file: SiteFile): Encoding | undefined {
  const accepted = new Set<string>();
  for (const part of (header ?? "").split(",")) {
    const [name, ...parameters] = part.split(";").map((piece) => piece.trim().toLowerCase());
    const q = parameters.find((parameter) => parameter.startsWith("q="));
    if (name && (q === undefined || Number(q.slice(2)) > 0)) accepted.add(name);
  }
  if (file.encoded.br && (accepted.has("br") || accepted.has("*"))) return "br";
  if (file.encoded.gzip && (accepted.has("gzip") || accepted.has("*"))) return "gzip";
  return undefined;
}

/** If-None-Match's weak comparison: any listed tag (or `*`) names this representation. */
function matchesETag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header
    .split(",")
    .map((tag) => tag.trim().replace(/^W\//, ""))
    .some((tag) => tag === "*" || tag === etag);
}

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Dashboard not built</title></head>
<body>
<h1>The dashboard is not built</h1>
<p>Build it with <code>npm run build:dashboard</code>, then restart the server.
The API is at <a href="/graphql">/graphql</a> meanwhile.</p>
</body>
</html>
`;

function sendNotBuilt(request: IncomingMessage, response: ServerResponse): void {
  response.writeHead(503, {
    "content-type": "text/html; charset=utf-8",
    "content-length": Buffer.byteLength(NOT_BUILT_PAGE),
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
    ...HTML_HEADERS,
  });
  response.end(request.method === "HEAD" ? undefined : NOT_BUILT_PAGE);
}
