import http from "node:http";
import https from "node:https";
import { finished } from "node:stream";
import { urlToHttpOptions } from "node:url";

// An idle connection is kept this long at most, or less when the server announces a shorter
// Keep-Alive timeout (Node's agent honours the hint only when a timeout is set). Callers speak every
// few seconds, and a fresh TLS handshake to the API before a reply would be heard.
const IDLE_CONNECTION_MS = 60_000;

// LIFO: the most recently used connection is the one least likely to have been closed by the server.
const agentOptions = { keepAlive: true, scheduling: "lifo", timeout: IDLE_CONNECTION_MS } as const;
const transports = {
  "http:": { request: http.request, agent: new http.Agent(agentOptions) },
  "https:": { request: https.request, agent: new https.Agent(agentOptions) },
};

type Body = string | Uint8Array | ArrayBuffer;

/** One request for `keepAliveRequest`: what node:http needs, and when to say it has been written. */
export interface KeepAliveRequestInit {
  method: string;
  /** Lower-case names, as node:http sends them. */
  headers: Record<string, string>;
  /**
   * The bytes to send; in parts, they are written one after the other rather than joined first
   * (a request to Claude is a 20 KB head that does not change and a few hundred bytes that do).
   */
  body?: Buffer | readonly Buffer[] | undefined;
  signal?: AbortSignal | undefined;
  /**
   * Called when the request has been written, its last byte handed to the operating system (again
   * if it has to be sent a second time), so that a deadline on the answer counts the network and
   * the server, not the time the request waited in this process.
   */
  onRequestSent?: (() => void) | undefined;
  /**
   * Called with the request as it is made (again if it has to be sent a second time), for a caller
   * that ends it by other means than `signal`: destroyed with an error, it fails with that error.
   */
  onRequest?: ((request: http.ClientRequest) => void) | undefined;
}

/**
 * One request over Node's own HTTP client with kept-alive connections, resolved with the answer's
 * head (its body still to be read). Written in the same tick: Node's built-in fetch passes a request
 * through several asynchronous steps and WHATWG streams before it leaves, and on a server carrying
 * many calls the other calls' work runs in between, so the reply's first token comes that much
 * later. Claude's streamed requests (claude-stream.ts) read the answer straight off it.
 */
export function keepAliveRequest(url: URL, init: KeepAliveRequestInit): Promise<http.IncomingMessage> {
  const transport = transportOf(url);
  if (!transport) return Promise.reject(new TypeError(`keepAliveRequest speaks HTTP(S), not ${url.protocol}`));
  const { signal, onRequestSent, body } = init;
  if (signal?.aborted) return Promise.reject(signal.reason);
  // Bodies are passed on as sent, with no decompression step in the way of a stream.
  const headers: Record<string, string> = { ...init.headers, "accept-encoding": "identity" };
  if (body) headers["content-length"] = String(byteLengthOf(body));

  const send = (mayRetry: boolean): Promise<http.IncomingMessage> =>
    new Promise((resolve, reject) => {
      let answered = false;
      const request = transport.request(
        { ...addressOf(url), method: init.method, headers, agent: transport.agent },
        (response) => {
          answered = true;
          resolve(response);
        },
      );
      if (signal) abortWith(signal, request);
      if (onRequestSent) request.once("finish", onRequestSent);
      init.onRequest?.(request);
      request.on("error", (error: NodeJS.ErrnoException) => {
        // The server closed a kept-alive connection just as we reused it: the request never got
        // there (no answer came), so it goes again once, on a new connection.
        if (mayRetry && !answered && request.reusedSocket && (error.code === "ECONNRESET" || error.code === "EPIPE"))
          resolve(send(false));
        else reject(error);
      });
      if (Buffer.isBuffer(body) || body === undefined) request.end(body);
      else {
        for (const part of body) request.write(part);
        request.end();
      }
    });
  return send(true);
}

// Where a URL points, as node:http takes it: worked out once for each URL object rather than by
// node:http on every request (Claude's requests all go to one URL object per call).
const addresses = new WeakMap<URL, http.RequestOptions>();

function addressOf(url: URL): http.RequestOptions {
  let address = addresses.get(url);
  if (!address) {
    address = urlToHttpOptions(url);
    addresses.set(url, address);
  }
  return address;
}

/**
 * Destroys `request` (and so its answer) when `signal` aborts, until the request closes: what
 * node:http's `signal` option does, with one listener on each rather than the stream-finished
 * watcher (half a dozen listeners) that option sets up on every request.
 */
function abortWith(signal: AbortSignal, request: http.ClientRequest): void {
  const onAbort = () => request.destroy(abortError(signal));
  signal.addEventListener("abort", onAbort, { once: true });
  request.once("close", () => signal.removeEventListener("abort", onAbort));
}

/** The error node:http fails an aborted request with. */
function abortError(signal: AbortSignal): Error {
  return Object.assign(new Error("The operation was aborted", { cause: signal.reason }), {
    name: "AbortError",
    code: "ABORT_ERR",
  });
}

function byteLengthOf(body: Buffer | readonly Buffer[]): number {
  if (Buffer.isBuffer(body)) return body.byteLength;
  let length = 0;
  for (const part of body) length += part.byteLength;
  return length;
}

/**
 * `fetch` for the Anthropic SDK (the analysis' requests), over `keepAliveRequest`. Anything unusual
 * (a Request object, a streamed or form body, another protocol) goes to the built-in fetch.
 */
export async function keepAliveFetch(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
  const url = input instanceof Request ? undefined : new URL(input);
  const body = init.body ?? undefined;
  if (!url || !transportOf(url) || !isPlainBody(body)) return fetch(input, init);
  const method = init.method ?? "GET";
  const message = await keepAliveRequest(url, {
    method,
    headers: plainHeaders(init.headers),
    body: body === undefined ? undefined : payloadOf(body),
    signal: init.signal ?? undefined,
  });
  return toResponse(message, method);
}

function transportOf(url: URL) {
  return url.protocol === "http:" || url.protocol === "https:" ? transports[url.protocol] : undefined;
}

/** The request's headers as node:http takes them; a plain object (the SDK's requests) is copied as it is. */
function plainHeaders(init: HeadersInit | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  if (init && !(init instanceof Headers) && !Array.isArray(init) && typeof init === "object") {
    for (const name of Object.keys(init)) headers[name.toLowerCase()] = String((init as Record<string, string>)[name]);
    return headers;
  }
  new Headers(init).forEach((value, name) => {
    headers[name] = value;
  });
  return headers;
}

function payloadOf(body: Body): Buffer {
  if (typeof body === "string") return Buffer.from(body);
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  // Bytes are sent as they are rather than copied.
  return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
}

function isPlainBody(body: unknown): body is Body | undefined {
  return body === undefined || typeof body === "string" || body instanceof Uint8Array || body instanceof ArrayBuffer;
}

function toResponse(message: http.IncomingMessage, method: string): Response {
  const headers = new Headers();
  for (let i = 0; i + 1 < message.rawHeaders.length; i += 2)
    headers.append(message.rawHeaders[i]!, message.rawHeaders[i + 1]!);
  const status = message.statusCode ?? 502;
  const bodyless = method === "HEAD" || status === 204 || status === 205 || status === 304;
  if (bodyless) message.resume();
  const body = bodyless ? null : webStream(message);
  return new Response(body, { status, statusText: message.statusMessage ?? "", headers });
}

/**
 * The response's body as a web stream that is handed each chunk as it is read: a streamed reply
 * is a few dozen small chunks, for which Readable.toWeb's adapter costs several times the
 * reading. The message pauses while the reader is behind (the stream's queue is full).
 */
function webStream(message: http.IncomingMessage): ReadableStream<Uint8Array> {
  let open = true;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      message.on("data", (chunk: Buffer) => {
        if (!open) return;
        controller.enqueue(chunk);
        if ((controller.desiredSize ?? 1) <= 0) message.pause();
      });
      // An error, or a connection that closes before the end, is the reader's error.
      finished(message, (error) => {
        if (!open) return;
        open = false;
        if (error) controller.error(error);
        else controller.close();
      });
    },
    pull() {
      message.resume();
    },
    cancel() {
      open = false;
      message.destroy();
    },
  });
}
