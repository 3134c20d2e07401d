import { StringDecoder } from "node:string_decoder";
import type Anthropic from "@anthropic-ai/sdk";
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from "@anthropic-ai/sdk";
import type { MessageParam, RawMessageStreamEvent, TextBlockParam, Tool } from "@anthropic-ai/sdk/resources/messages";

/*
 * The streamed Messages request of a reply's round, made here rather than by the SDK's
 * `messages.create(…, stream: true)`. Profiled per turn, the SDK's way cost about a millisecond of
 * CPU, as much as the rest of the turn's path to Claude: each request builds its options and
 * headers through several promise steps, starts a tracing span, serialises the whole body again
 * (the 20 KB system prompt and the tools, the same all call long), copies the response headers,
 * and reads the answer through three layers of async generators over a web stream. Here the parts
 * of the body that do not change are serialised once per call, and the events are read straight
 * off the response. The protocol is the API's documented one (JSON body, server-sent events), the
 * SDK's settled client gives the address and the key, and what goes wrong is the SDK's own error
 * classes, as the SDK would throw them with `maxRetries: 0`, so that claude-errors.ts classifies
 * the same failures the same way. The SDK stays the client for everything else (analysis).
 */

// The Messages API version this request speaks (the SDK sends the same).
const API_VERSION = "2023-06-01";

/** Fetches one request: keepAliveFetch in app.ts, which `onRequestSent` in the options reaches. */
export type ClaudeFetch = (url: string, init: RequestInit) => Promise<Response>;

/** What the request needs that does not change between the rounds of a call. */
export interface StreamRequestHead {
  model: string;
  maxTokens: number;
  tools: readonly Tool[];
}

/**
 * A call's requests: their URL, headers and the serialised head of their body, made once, with
 * only the messages (and the system prompt, when switch_language changes it) serialised each round.
 */
export class MessagesStreamer {
  private readonly url: string;
  private readonly headers: Record<string, string>;
  private readonly head: Buffer;
  private system: { blocks: readonly TextBlockParam[]; json: Buffer } | undefined;

  constructor(
    client: Pick<Anthropic, "baseURL" | "apiKey" | "authToken">,
    private readonly fetch: ClaudeFetch,
    request: StreamRequestHead,
  ) {
    this.url = new URL("v1/messages", client.baseURL.endsWith("/") ? client.baseURL : `${client.baseURL}/`).href;
    this.headers = {
      "content-type": "application/json",
      "anthropic-version": API_VERSION,
      ...(client.apiKey ? { "x-api-key": client.apiKey } : { authorization: `Bearer ${client.authToken ?? ""}` }),
    };
    const { model, maxTokens, tools } = request;
    // Bytes rather than text: encoding the system prompt and the tools again was half the cost of
    // building a request.
    this.head = Buffer.from(
      `{"model":${JSON.stringify(model)},"max_tokens":${maxTokens},"stream":true,"tools":${JSON.stringify(tools)}`,
    );
  }

  /**
   * Streams one round's events (pings left out, as the SDK leaves them out: they are not the model
   * answering). `init` carries the caller's fetch options (reportingSent's) and its signal.
   */
  async *stream(
    system: readonly TextBlockParam[],
    messages: readonly MessageParam[],
    init: RequestInit & { signal: AbortSignal },
  ): AsyncGenerator<RawMessageStreamEvent> {
    if (this.system?.blocks !== system)
      this.system = { blocks: system, json: Buffer.from(`,"system":${JSON.stringify(system)},"messages":`) };
    const body = Buffer.concat([this.head, this.system.json, Buffer.from(`${JSON.stringify(messages)}}`)]);
    const response = await this.send({ ...init, method: "POST", headers: this.headers, body });
    const reader = response.body?.getReader();
    if (!reader) return;
    // (StringDecoder rather than TextDecoder: the same UTF-8 across chunks, for a tenth of the cost.)
    const decoder = new StringDecoder("utf8");
    const events = new ServerSentEvents();
    let done = false;
    try {
      for (;;) {
        const chunk = await reader.read();
        const parsed = chunk.done ? events.end(decoder.end()) : events.add(decoder.write(chunk.value));
        for (const event of parsed) {
          if (event.name === "error") {
            const error = parseJson(event.data) ?? event.data;
            throw new APIError(undefined, error, undefined, response.headers, errorType(error));
          }
          if (event.name === null || event.name === "ping" || !event.data) continue;
          yield JSON.parse(event.data) as RawMessageStreamEvent;
        }
        if (chunk.done) break;
      }
      done = true;
    } catch (error) {
      // The request aborted (the reply was cut short, or a deadline passed): the stream just ends.
      if (isAbortError(error)) return;
      throw error;
    } finally {
      // Left before the end (a stall, a barge-in): the connection is closed rather than drained.
      if (!done) reader.cancel().catch(() => {});
    }
  }

  private async send(init: RequestInit & { signal: AbortSignal }): Promise<Response> {
    let response: Response;
    try {
      response = await this.fetch(this.url, init);
    } catch (error) {
      if (init.signal.aborted) throw new APIUserAbortError();
      const text = error instanceof Error ? `${error} ${error.cause ?? ""}` : String(error);
      if (isAbortError(error) || /timed? ?out/i.test(text)) throw new APIConnectionTimeoutError();
      throw new APIConnectionError({ cause: error instanceof Error ? error : new Error(String(error)) });
    }
    if (response.ok) return response;
    const text = await response.text().catch((error: unknown) => String(error));
    const json = parseJson(text);
    throw APIError.generate(
      response.status,
      json as object | undefined,
      json === undefined ? text : undefined,
      response.headers,
    );
  }
}

interface ServerSentEvent {
  name: string | null;
  data: string;
}

/**
 * Server-sent events out of the decoded text of a stream, as it arrives. Lines may end in `\n`,
 * `\r\n` or `\r`; an event ends at a blank line.
 */
class ServerSentEvents {
  private pending = "";

  add(text: string): ServerSentEvent[] {
    let buffer = this.pending + text;
    if (buffer.includes("\r")) {
      // A `\r` at the very end may be the first half of a `\r\n` still to come.
      const held = buffer.endsWith("\r") ? "\r" : "";
      buffer = buffer.slice(0, buffer.length - held.length).replace(/\r\n?/g, "\n") + held;
    }
    const events: ServerSentEvent[] = [];
    let start = 0;
    for (let end = buffer.indexOf("\n\n"); end !== -1; end = buffer.indexOf("\n\n", start)) {
      const event = parseEvent(buffer.slice(start, end));
      if (event) events.push(event);
      start = end + 2;
    }
    this.pending = start === 0 ? buffer : buffer.slice(start);
    return events;
  }

  /** The stream ended: an event not closed by a blank line still counts. */
  end(text: string): ServerSentEvent[] {
    const events = this.add(`${text}\n\n`);
    this.pending = "";
    return events;
  }
}

function parseEvent(block: string): ServerSentEvent | undefined {
  let name: string | null = null;
  let data: string | undefined;
  for (const line of block.split("\n")) {
    if (line === "" || line.startsWith(":")) continue;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? "" : line.slice(line.charCodeAt(colon + 1) === 32 ? colon + 2 : colon + 1);
    if (field === "event") name = value;
    else if (field === "data") data = data === undefined ? value : `${data}\n${value}`;
  }
  return name === null && data === undefined ? undefined : { name, data: data ?? "" };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function errorType(body: unknown) {
  const type = (body as { error?: { type?: unknown } } | undefined)?.error?.type;
  return typeof type === "string" ? (type as NonNullable<APIError["type"]>) : undefined;
}

function isAbortError(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { name?: unknown }).name === "AbortError";
}
