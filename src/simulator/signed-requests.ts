import twilio from "twilio";
import WebSocket from "ws";
import { SimulatorError } from "./simulator-error.js";

/**
 * Requests as Twilio sends them: signed on the public URL (what Twilio was given), sent to the
 * server we can reach.
 */

/** Where the server is and how Twilio would reach it. */
export interface TwilioEndpoint {
  /** Where to connect, e.g. http://127.0.0.1:3000. */
  serverUrl: string;
  /** The URL signatures are computed on (the server's PUBLIC_URL); defaults to serverUrl. */
  publicUrl?: string;
  authToken: string;
}

/**
 * POSTs form params to `publicUrl + path` as Twilio would, signed unless `signature` says
 * otherwise: a string is sent as is, null leaves the header out.
 */
export async function signedPost(
  endpoint: TwilioEndpoint,
  path: string,
  params: Record<string, string>,
  request: { signature?: string | null } = {},
): Promise<Response> {
  return postForm(endpoint, publicBase(endpoint) + path, params, request.signature);
}

/**
 * Opens a ConversationRelay socket for `url` (as written in TwiML) on the server, signed unless
 * `signature` says otherwise. Rejects with a SimulatorError whose `status` is the HTTP status
 * when the server refuses the upgrade.
 */
export async function openRelaySocket(
  endpoint: TwilioEndpoint,
  url: string,
  request: { signature?: string | null } = {},
): Promise<WebSocket> {
  const { ws, opened } = connectRelay(endpoint, url, request.signature);
  await opened;
  return ws;
}

/** The URL Twilio was given for the server, without a trailing slash: signatures are computed on it. */
export function publicBase(endpoint: TwilioEndpoint): string {
  return (endpoint.publicUrl ?? endpoint.serverUrl).replace(/\/+$/, "");
}

/**
 * Where to actually send a request Twilio would send to `writtenUrl`: the same path on the
 * server we can reach (a TLS proxy may sit between PUBLIC_URL and the server).
 */
function toServerUrl(endpoint: TwilioEndpoint, writtenUrl: string): string {
  const target = new URL(writtenUrl);
  const publicUrl = new URL(publicBase(endpoint));
  const server = new URL(endpoint.serverUrl);
  if (target.host !== publicUrl.host) {
    throw new SimulatorError(
      `${writtenUrl} is not on the public URL ${publicBase(endpoint)}: Twilio would go elsewhere`,
    );
  }
  const publicPath = publicUrl.pathname.replace(/\/+$/, "");
  const path =
    publicPath !== "" && target.pathname.startsWith(`${publicPath}/`)
      ? target.pathname.slice(publicPath.length)
      : target.pathname;
  const webSocket = target.protocol === "ws:" || target.protocol === "wss:";
  const protocol = webSocket ? (server.protocol === "https:" ? "wss:" : "ws:") : server.protocol;
  return `${protocol}//${server.host}${server.pathname.replace(/\/+$/, "")}${path}${target.search}`;
}

/** POSTs as Twilio would, giving up after `timeoutMs` when given. */
export async function postForm(
  endpoint: TwilioEndpoint,
  writtenUrl: string,
  params: Record<string, string>,
  signature: string | null = twilio.getExpectedTwilioSignature(endpoint.authToken, signedUrl(writtenUrl), params),
  timeoutMs?: number,
): Promise<Response> {
  const headers: Record<string, string> = {
    "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
    "User-Agent": "TwilioProxy/1.1",
  };
  if (signature !== null) headers["X-Twilio-Signature"] = signature;
  return fetch(toServerUrl(endpoint, writtenUrl), {
    method: "POST",
    headers,
    body: new URLSearchParams(params),
    ...(timeoutMs !== undefined && { signal: AbortSignal.timeout(timeoutMs) }),
  });
}

/**
 * The URL Twilio computes a request's signature on: the URL it was given with the query's parameters
 * sorted by name (each kept as written), while the request goes to the URL as written. A server that
 * wrote a query in another order finds a signature that does not match, as on a real call.
 */
export function signedUrl(writtenUrl: string): string {
  const queryAt = writtenUrl.indexOf("?");
  if (queryAt === -1) return writtenUrl;
  const fragmentAt = writtenUrl.indexOf("#", queryAt);
  const query = writtenUrl.slice(queryAt + 1, fragmentAt === -1 ? undefined : fragmentAt);
  const name = (pair: string) => pair.split("=", 1)[0] ?? "";
  const sorted = query
    .split("&")
    .toSorted((a, b) => (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0))
    .join("&");
  return `${writtenUrl.slice(0, queryAt)}?${sorted}${fragmentAt === -1 ? "" : writtenUrl.slice(fragmentAt)}`;
}

export function connectRelay(
  endpoint: TwilioEndpoint,
  writtenUrl: string,
  signature: string | null = twilio.getExpectedTwilioSignature(endpoint.authToken, writtenUrl, {}),
): { ws: WebSocket; opened: Promise<void> } {
  const headers: Record<string, string> = signature === null ? {} : { "X-Twilio-Signature": signature };
  const ws = new WebSocket(toServerUrl(endpoint, writtenUrl), { headers, perMessageDeflate: false });
  const opened = new Promise<void>((resolve, reject) => {
    let refusedWith: number | undefined;
    ws.once("unexpected-response", (_request, response) => {
      refusedWith = response.statusCode;
      response.resume();
      ws.terminate();
    });
    ws.once("open", () => resolve());
    // Stays attached: an 'error' with no listener would crash the process.
    ws.on("error", (error) => {
      const message =
        refusedWith === undefined
          ? `cannot open the relay WebSocket ${writtenUrl}: ${error.message}`
          : `the server refused the relay WebSocket upgrade with HTTP ${refusedWith}`;
      reject(new SimulatorError(message, { ...(refusedWith !== undefined && { status: refusedWith }), cause: error }));
    });
  });
  return { ws, opened };
}
