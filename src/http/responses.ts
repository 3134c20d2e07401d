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
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_FORM_BYTES) throw new RequestError(413, "request body too large");
    chunks.push(chunk as Buffer);
  }
  return Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString("utf8")));
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
