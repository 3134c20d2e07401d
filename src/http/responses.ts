import type { IncomingMessage, ServerResponse } from "node:http";

export class RequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

// Twilio's webhooks are a few hundred bytes; anything near this is not Twilio.
const MAX_FORM_BYTES = 64 * 1024;

/** Reads an `application/x-www-form-urlencoded` body, as Twilio posts its webhooks. */
export async function readForm(request: IncomingMessage): Promise<Record<string, string>> {
  if (mediaType(request.headers["content-type"]) !== "application/x-www-form-urlencoded") {
    throw new RequestError(415, "expected application/x-www-form-urlencoded");
  }
  return Object.fromEntries(new URLSearchParams(await readBody(request, MAX_FORM_BYTES)));
}

/**
 * Reads a JSON body of at most `maxBytes`: 415 unless it says it is JSON, 413 when larger, 400 when
 * it does not parse. (A page of another site cannot send `application/json` without asking first.)
 */
export async function readJson(request: IncomingMessage, maxBytes: number): Promise<unknown> {
  if (mediaType(request.headers["content-type"]) !== "application/json") {
    throw new RequestError(415, "expected a JSON body (Content-Type: application/json)");
  }
  const body = await readBody(request, maxBytes);
  try {
    return JSON.parse(body) as unknown;
  } catch {
    throw new RequestError(400, "the body is not valid JSON");
  }
}

/** The body as UTF-8 text; 413 past `maxBytes`. */
async function readBody(request: IncomingMessage, maxBytes: number): Promise<string> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new RequestError(413, "request body too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** A Content-Type's media type, lower-cased, without its parameters ("; charset=utf-8"). */
function mediaType(contentType: string | undefined): string {
  return (contentType ?? "").split(";", 1)[0]?.trim().toLowerCase() ?? "";
}

export function send(response: ServerResponse, status: number, contentType: string, body: string): void {
  response.writeHead(status, { "content-type": contentType, "content-length": Buffer.byteLength(body) });
  response.end(body);
}

export function sendXml(response: ServerResponse, xml: string): void {
  send(response, 200, "text/xml; charset=utf-8", xml);
}

export function sendJson(response: ServerResponse, status: number, value: unknown): void {
  send(response, status, "application/json; charset=utf-8", JSON.stringify(value));
}

export function sendError(response: ServerResponse, status: number, message: string): void {
  sendJson(response, status, { error: message });
}
