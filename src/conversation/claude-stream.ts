import type { ClientRequest, IncomingMessage } from "node:http";
import { finished } from "node:stream";
import { StringDecoder } from "node:string_decoder";
import type Anthropic from "@anthropic-ai/sdk";
// The error classes' own module: the SDK's index would load all of it, which only the analysis uses.
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
} from "@anthropic-ai/sdk/core/error";
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

/** One request as the HTTP client takes it (keepAliveRequest in app.ts). */
export interface ClaudeRequestInit {
  method: "POST";
  headers: Record<string, string>;
  /** In parts, written one after the other: the head and the system prompt are the same all call long. */
  body: readonly Buffer[];
  /** Called once the request has been written: the stream's deadlines count from there. */
  onRequestSent: () => void;
  /** Called with the request as it is made: destroyed with an error, it fails (StreamStop). */
  onRequest: (request: ClientRequest) => void;
}

/**
 * Sends one request and resolves with the answer's head, its body still to be read: the events are
 * read straight off Node's message, with no web stream, Response or Headers made for them.
 */
export type ClaudeRequest = (url: URL, init: ClaudeRequestInit) => Promise<IncomingMessage>;

/** What the request needs that does not change between the rounds of a call. */
export interface StreamRequestHead {
  model: string;
  maxTokens: number;
  tools: readonly Tool[];
}

/** What one round's stream is given besides the conversation. */
export interface StreamOptions {
  /** Aborting it ends the stream where it is: the connection is closed, and no further event is handed on. */
  signal: AbortSignal;
  onRequestSent: () => void;
  /** Ends the stream as an abort of `signal` does, for this side's own reasons (a deadline missed). */
  stop?: StreamStop | undefined;
}

/**
 * Ends one round's stream from this side: its request while it is being made, then the reading of
 * its answer. What an abort of the reply's signal does, without an AbortController, its signal and
 * the listeners that join it to the reply's, made for every round only in case a deadline passes.
 */
export class StreamStop {
  stopped = false;
  /** What stopping ends now (set by the stream as it goes). */
  ending: (() => void) | undefined;

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.ending?.();
  }
}

/**
 * A call's requests: their URL, headers and the serialised head of their body, made once, with
 * only the messages (and the system prompt, when switch_language changes it) serialised each round.
 */
export class MessagesStreamer {
  private readonly url: URL;
  private readonly headers: Record<string, string>;
  private readonly head: Buffer;
  private system: { blocks: readonly TextBlockParam[]; json: SystemJson } | undefined;

  constructor(
    client: Pick<Anthropic, "baseURL" | "apiKey" | "authToken">,
    private readonly request: ClaudeRequest,
    head: StreamRequestHead,
  ) {
    this.url = new URL("v1/messages", client.baseURL.endsWith("/") ? client.baseURL : `${client.baseURL}/`);
    this.headers = {
      "content-type": "application/json",
      "anthropic-version": API_VERSION,
      ...(client.apiKey ? { "x-api-key": client.apiKey } : { authorization: `Bearer ${client.authToken ?? ""}` }),
    };
    this.head = headJson(head);
  }

  /**
   * Streams one round: each event goes to `onEvent` in the tick that read it off the network (pings
   * left out, as the SDK leaves them out: they are not the model answering). A callback rather than
   * an async iterator: a reply is a few dozen events, and each step of an iterator is a promise and
   * its jobs, several times the cost of reading the event. Resolves once the stream has ended, or
   * once `signal` aborts; rejects with the SDK's error for what went wrong, or with what `onEvent`
   * threw (the stream is then closed).
   */
  async stream(
    system: readonly TextBlockParam[],
    messages: readonly MessageParam[],
    options: StreamOptions,
    onEvent: (event: RawMessageStreamEvent) => void,
  ): Promise<void> {
    if (this.system?.blocks !== system) this.system = { blocks: system, json: systemJson(system) };
    // Not joined into one buffer: that copied the 20 KB that does not change, off the heap, each round.
    const { parts, tail } = this.system.json;
    const body = [this.head, ...parts, Buffer.from(`${tail}${JSON.stringify(messages)}}`)];
    // The reply's signal ends the round as a stop does: one listener for the request and its
    // answer, rather than one for each (an AbortSignal's listeners are costly to add and remove).
    const stop = options.stop ?? new StreamStop();
    const { signal } = options;
    if (signal.aborted) stop.stop();
    const onAbort = () => stop.stop();
    signal.addEventListener("abort", onAbort, { once: true });
    try {
      const message = await this.send(body, stop, options.onRequestSent);
      await readEvents(message, stop, onEvent);
    } finally {
      signal.removeEventListener("abort", onAbort);
    }
  }

  private async send(body: readonly Buffer[], stop: StreamStop, onRequestSent: () => void): Promise<IncomingMessage> {
    if (stop.stopped) throw new APIUserAbortError();
    const onRequest = (request: ClientRequest) => {
      stop.ending = () => request.destroy(new Error("the stream was stopped"));
    };
    let message: IncomingMessage;
    try {
      message = await this.request(this.url, {
        method: "POST",
        headers: this.headers,
        body,
        onRequestSent,
        onRequest,
      });
    } catch (error) {
      if (stop.stopped) throw new APIUserAbortError();
      const text = error instanceof Error ? `${error} ${error.cause ?? ""}` : String(error);
      if (isAbortError(error) || /timed? ?out/i.test(text)) throw new APIConnectionTimeoutError();
      throw new APIConnectionError({ cause: error instanceof Error ? error : new Error(String(error)) });
    }
    const status = message.statusCode ?? 502;
    if (status >= 200 && status < 300) return message;
    const text = await textOf(message).catch((error: unknown) => String(error));
    const json = parseJson(text);
    throw APIError.generate(
      status,
      json as object | undefined,
      json === undefined ? text : undefined,
      headersOf(message),
    );
  }
}

// The head of the body for each set of tools (secretaryTools gives every call with the same set the
// same array), with the model and length it was made for: serialised once rather than on every call.
const cachedHeads = new WeakMap<readonly Tool[], { model: string; maxTokens: number; json: Buffer }>();

/**
 * `{"model":…,"max_tokens":…,"stream":true,"tools":[…],"system":[`: bytes rather than text, as
 * encoding the tools again was half the cost of building a request (the system's blocks follow).
 */
function headJson({ model, maxTokens, tools }: StreamRequestHead): Buffer {
  const cached = cachedHeads.get(tools);
  if (cached?.model === model && cached.maxTokens === maxTokens) return cached.json;
  const json = Buffer.from(
    `{"model":${JSON.stringify(model)},"max_tokens":${maxTokens},"stream":true,"tools":${JSON.stringify(tools)},"system":[`,
  );
  cachedHeads.set(tools, { model, maxTokens, json });
  return json;
}

// The system blocks marked for caching (system-prompt.ts: the head, 20 KB with a full knowledge
// base), serialised by their text: the same on every call until the owner changes something, so a
// call's first request no longer encodes them again. A few at most: an owner's edit makes a new one.
const cachedBlocks = new Map<string, Buffer>();
const MAX_CACHED_BLOCKS = 8;

/**
 * The system's blocks and `],"messages":`, after the head: the blocks marked for caching as bytes
 * encoded once for all calls, and what follows the last of them as text (`tail`), to go out with
 * the round's messages in one part rather than in one of its own.
 */
interface SystemJson {
  parts: Buffer[];
  tail: string;
}

function systemJson(blocks: readonly TextBlockParam[]): SystemJson {
  const parts: Buffer[] = [];
  let text = "";
  blocks.forEach((block, index) => {
    if (index > 0) text += ",";
    const cached = isPlainCachedBlock(block) ? cachedBlock(block) : undefined;
    if (!cached) {
      text += JSON.stringify(block);
      return;
    }
    if (text) parts.push(Buffer.from(text));
    parts.push(cached);
    text = "";
  });
  return { parts, tail: `${text}],"messages":` };
}

/** A text block with nothing but its text and an ephemeral cache mark: what its text alone says. */
function isPlainCachedBlock(block: TextBlockParam): boolean {
  const mark = block.cache_control;
  return (
    block.type === "text" &&
    block.citations === undefined &&
    Object.keys(block).length === 3 &&
    mark?.type === "ephemeral" &&
    Object.keys(mark).length === 1
  );
}

function cachedBlock(block: TextBlockParam): Buffer {
  let json = cachedBlocks.get(block.text);
  if (!json) {
    if (cachedBlocks.size >= MAX_CACHED_BLOCKS) cachedBlocks.clear();
    json = Buffer.from(JSON.stringify(block));
    cachedBlocks.set(block.text, json);
  }
  return json;
}

/**
 * Reads the events off the answer as its chunks arrive, handing each on at once. Settles once: at
 * the end of the stream, when `stop` stops it (the stream just ends: the reply was cut short, or a
 * deadline passed), or at the first error. Left before the end, the connection is closed rather
 * than drained.
 */
function readEvents(
  message: IncomingMessage,
  stop: StreamStop,
  onEvent: (event: RawMessageStreamEvent) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    // (StringDecoder rather than TextDecoder: the same UTF-8 across chunks, for a tenth of the cost.)
    const decoder = new StringDecoder("utf8");
    let settled = false;
    const settle = (error?: unknown) => {
      if (settled) return;
      settled = true;
      if (error === undefined && message.complete) resolve();
      else {
        message.destroy();
        if (error === undefined || isAbortError(error)) resolve();
        else reject(error);
      }
    };
    const onAbort = () => settle();
    const handOn = (name: string | null, data: string) => {
      if (settled) return;
      if (name === "error") {
        const error = parseJson(data) ?? data;
        throw new APIError(undefined, error, undefined, headersOf(message), errorType(error));
      }
      if (name === null || name === "ping" || !data) return;
      onEvent(JSON.parse(data) as RawMessageStreamEvent);
    };
    const events = new ServerSentEvents(handOn);
    if (stop.stopped) return settle();
    stop.ending = onAbort;
    message.on("data", (chunk: Buffer) => {
      if (settled) return;
      try {
        events.add(decoder.write(chunk));
      } catch (error) {
        settle(error);
      }
    });
    // An error, or a connection that closes before the end, is the stream's error.
    finished(message, (error) => {
      if (settled) return;
      try {
        if (!error) events.end(decoder.end());
        settle(error ?? undefined);
      } catch (caught) {
        settle(caught);
      }
    });
  });
}

/** The whole body of an error's answer. */
async function textOf(message: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of message) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** The answer's headers as the SDK's errors carry them; made only for an error. */
function headersOf(message: IncomingMessage): Headers {
  const headers = new Headers();
  for (let i = 0; i + 1 < message.rawHeaders.length; i += 2)
    headers.append(message.rawHeaders[i]!, message.rawHeaders[i + 1]!);
  return headers;
}

/**
 * Server-sent events out of the decoded text of a stream, as it arrives, each handed to `onEvent`
 * as it is read (its name, null if it has none, and its data). Lines may end in `\n`, `\r\n` or
 * `\r`; an event ends at a blank line. The fields are read where they stand in the text, with no
 * array of lines or of events made per chunk: a reply is dozens of chunks of one event each.
 */
class ServerSentEvents {
  private pending = "";

  constructor(private readonly onEvent: (name: string | null, data: string) => void) {}

  add(text: string): void {
    let buffer = this.pending + text;
    if (buffer.includes("\r")) {
      // A `\r` at the very end may be the first half of a `\r\n` still to come.
      const held = buffer.endsWith("\r") ? "\r" : "";
      buffer = buffer.slice(0, buffer.length - held.length).replace(/\r\n?/g, "\n") + held;
    }
    let start = 0;
    for (let end = buffer.indexOf("\n\n"); end !== -1; end = buffer.indexOf("\n\n", start)) {
      this.read(buffer, start, end);
      start = end + 2;
    }
    this.pending = start === 0 ? buffer : buffer.slice(start);
  }

  /** The stream ended: an event not closed by a blank line still counts. */
  end(text: string): void {
    this.add(`${text}\n\n`);
    this.pending = "";
  }

  /** The event between `from` and `to` in `text`, if it has a field. */
  private read(text: string, from: number, to: number): void {
    let name: string | null = null;
    let data: string | undefined;
    for (let lineStart = from; lineStart < to; ) {
      let lineEnd = text.indexOf("\n", lineStart);
      if (lineEnd === -1 || lineEnd > to) lineEnd = to;
      // (A line starting with a colon is a comment.)
      if (lineEnd > lineStart && text.charCodeAt(lineStart) !== COLON) {
        let colon = text.indexOf(":", lineStart);
        if (colon > lineEnd) colon = -1;
        const fieldLength = (colon === -1 ? lineEnd : colon) - lineStart;
        const valueStart = colon === -1 ? lineEnd : text.charCodeAt(colon + 1) === SPACE ? colon + 2 : colon + 1;
        if (fieldLength === 5 && text.startsWith("event", lineStart)) name = text.slice(valueStart, lineEnd);
        else if (fieldLength === 4 && text.startsWith("data", lineStart)) {
          const value = text.slice(valueStart, lineEnd);
          data = data === undefined ? value : `${data}\n${value}`;
        }
      }
      lineStart = lineEnd + 1;
    }
    if (name !== null || data !== undefined) this.onEvent(name, data ?? "");
  }
}

const COLON = 58;
const SPACE = 32;

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
