// A local stand-in for the Anthropic Messages API. It speaks the real wire
// protocol (JSON responses, SSE streams, error bodies) so the real
// `@anthropic-ai/sdk` can be pointed at it with `baseURL` and used unchanged.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import type { MessageCreateParams, MessageParam, TextBlockParam } from "@anthropic-ai/sdk/resources/messages";

export type FakeReply =
  | {
      text: string;
      chunks?: string[];
      ttftMs?: number;
      tokenDelayMs?: number;
      /** Stalls mid-stream: after this many deltas nothing more is sent; the connection stays open. */
      stallAfterChunks?: number;
    }
  | {
      text?: string;
      toolUse: { name: string; input: Record<string, unknown> };
      ttftMs?: number;
      tokenDelayMs?: number;
      /** The same, counting the words first and then the pieces of the tool's input. */
      stallAfterChunks?: number;
    }
  | { error: { status: number; type: string; message?: string } }
  /** Stalls before the first delta: the stream opens (message_start, ping) and nothing follows. */
  | { stall: true }
  | { text: string; failAfterChunks: number };

export interface RecordedRequest {
  /** The request as the SDK sent it (a body that is not a JSON object is refused, and not recorded). */
  body: MessageCreateParams;
  headers: Record<string, string | string[] | undefined>;
  aborted: boolean;
  receivedAt: number;
}

export interface FakeAnthropic {
  url: string;
  requests: RecordedRequest[];
  /**
   * FIFO replies for conversational requests. A request that forces a tool (`tool_choice` of type
   * "tool", i.e. structured output such as a post-call analysis) never takes from the queue, so
   * background work cannot steal a reply meant for the conversation.
   */
  enqueue(...replies: FakeReply[]): void;
  /** Answers whatever the queue does not. */
  respondWith(fn: (body: MessageCreateParams) => FakeReply): void;
  waitForRequests(n: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

type Block =
  | { type: "text"; chunks: string[] }
  | { type: "tool_use"; id: string; name: string; input: Record<string, unknown>; chunks: string[] };

// Characters per input_json_delta. Small enough that the SDK has to
// reassemble several partial_json fragments, as it does with the real API.
const JSON_CHUNK_SIZE = 8;

let idCounter = 0;
const nextId = (prefix: string): string => `${prefix}_fake${(++idCounter).toString().padStart(6, "0")}`;

/** "Hello there, friend." -> ["Hello", " there", ",", " friend", "."] */
function splitIntoTokens(text: string): string[] {
  return text.match(/\s*(?:[\p{L}\p{N}'’]+|[^\s\p{L}\p{N}'’])|\s+$/gu) ?? [];
}

function splitJson(input: Record<string, unknown>): string[] {
  const json = JSON.stringify(input);
  const chunks: string[] = [];
  for (let i = 0; i < json.length; i += JSON_CHUNK_SIZE) chunks.push(json.slice(i, i + JSON_CHUNK_SIZE));
  return chunks;
}

function blocksFor(reply: FakeReply): Block[] {
  if ("toolUse" in reply) {
    const blocks: Block[] = [];
    if (reply.text) blocks.push({ type: "text", chunks: splitIntoTokens(reply.text) });
    blocks.push({
      type: "tool_use",
      id: nextId("toolu"),
      name: reply.toolUse.name,
      input: reply.toolUse.input,
      chunks: splitJson(reply.toolUse.input),
    });
    return blocks;
  }
  if ("text" in reply) {
    const chunks = "chunks" in reply && reply.chunks ? reply.chunks : splitIntoTokens(reply.text);
    return [{ type: "text", chunks }];
  }
  return [];
}

// Shapes mirror the SDK's `Message`/`Usage`/`ContentBlock` types field for
// field (nullable fields included) so code under test sees what the API sends.
function usage(inputTokens: number, outputTokens: number) {
  return {
    input_tokens: inputTokens,
    output_tokens: outputTokens,
    cache_creation_input_tokens: null,
    cache_read_input_tokens: null,
    cache_creation: null,
    server_tool_use: null,
    service_tier: "standard",
    inference_geo: null,
    output_tokens_details: null,
    speed: null,
  };
}

function messageEnvelope(
  body: MessageCreateParams,
  content: unknown[],
  stopReason: string | null,
  outputTokens: number,
) {
  return {
    id: nextId("msg"),
    type: "message",
    role: "assistant",
    model: body.model,
    content,
    stop_reason: stopReason,
    stop_sequence: null,
    stop_details: null,
    container: null,
    diagnostics: null,
    usage: usage(estimateInputTokens(body), outputTokens),
  };
}

function estimateInputTokens(body: MessageCreateParams): number {
  return Math.max(1, Math.ceil(JSON.stringify([body.system ?? "", body.messages]).length / 4));
}

function startBlock(block: Block) {
  return block.type === "text"
    ? { type: "text", text: "", citations: null }
    : { type: "tool_use", id: block.id, name: block.name, input: {}, caller: { type: "direct" } };
}

function completeBlock(block: Block) {
  return block.type === "text"
    ? { type: "text", text: block.chunks.join(""), citations: null }
    : { type: "tool_use", id: block.id, name: block.name, input: block.input, caller: { type: "direct" } };
}

function deltaFor(block: Block, chunk: string) {
  return block.type === "text"
    ? { type: "text_delta", text: chunk }
    : { type: "input_json_delta", partial_json: chunk };
}

const stopReasonFor = (blocks: Block[]) => (blocks.some((b) => b.type === "tool_use") ? "tool_use" : "end_turn");
const countChunks = (blocks: Block[]) => blocks.reduce((n, b) => n + b.chunks.length, 0);

function errorBody(type: string, message: string) {
  return { type: "error", error: { type, message } };
}

function sendJson(res: ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    "content-type": "application/json",
    "request-id": nextId("req"),
    ...headers,
  });
  res.end(JSON.stringify(payload));
}

function sendError(res: ServerResponse, status: number, type: string, message?: string): void {
  // The real API sends retry-after on rate limits; an SDK with retries
  // enabled honours it, so keep it short to avoid slowing tests down.
  const headers: Record<string, string> = status === 429 ? { "retry-after": "1" } : {};
  sendJson(res, status, errorBody(type, message ?? `Fake ${type}`), headers);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  return Buffer.concat(parts).toString("utf8");
}

export async function startFakeAnthropic(): Promise<FakeAnthropic> {
  const requests: RecordedRequest[] = [];
  const queue: FakeReply[] = [];
  let responder: (body: MessageCreateParams) => FakeReply = () => ({ text: "Okay." });
  const requestWaiters = new Set<() => void>();

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (res.destroyed) return;
      if (!res.headersSent) sendError(res, 500, "api_error", String(err));
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { pathname } = new URL(req.url ?? "/", "http://fake");
    if (req.method !== "POST" || pathname !== "/v1/messages") {
      req.resume();
      sendError(res, 404, "not_found_error", `${req.method} ${pathname} not found`);
      return;
    }

    const body = parseJsonObject(await readBody(req));
    if (!body) {
      sendError(res, 400, "invalid_request_error", "request body must be a JSON object");
      return;
    }
    // Taken as what the SDK sends: the tests assert on what they read from it.
    const record: RecordedRequest = {
      body: body as MessageCreateParams,
      headers: req.headers,
      aborted: false,
      receivedAt: Date.now(),
    };
    // One signal per request: every pending delay is tied to it, so a client
    // disconnect cancels the timers and nothing is written to a dead socket.
    const disconnect = new AbortController();
    res.on("close", () => {
      if (!res.writableFinished) record.aborted = true;
      disconnect.abort();
    });
    requests.push(record);
    for (const wake of requestWaiters) wake();

    // SDK 1.x sends `apiKey` as `Authorization: Bearer <key>` rather than the
    // documented `x-api-key`, so either one counts as credentials.
    if (!req.headers["x-api-key"] && !req.headers.authorization?.startsWith("Bearer ")) {
      sendError(res, 401, "authentication_error", "x-api-key or authorization header is required");
      return;
    }

    const forcesTool = record.body.tool_choice?.type === "tool";
    const reply = (forcesTool ? undefined : queue.shift()) ?? responder(record.body);
    try {
      if (record.body.stream === true) await streamReply(res, record.body, reply, disconnect.signal);
      else await jsonReply(res, record.body, reply, disconnect.signal);
    } catch (err) {
      if (!disconnect.signal.aborted) throw err;
    }
  }

  async function jsonReply(
    res: ServerResponse,
    body: MessageCreateParams,
    reply: FakeReply,
    signal: AbortSignal,
  ): Promise<void> {
    if ("error" in reply) return sendError(res, reply.error.status, reply.error.type, reply.error.message);
    if ("stall" in reply) return waitForAbort(signal);
    // A non-streaming request cannot fail half-way, so a mid-stream failure
    // becomes the error the API would have answered with up front.
    if ("failAfterChunks" in reply) return sendError(res, 529, "overloaded_error", "Overloaded");
    // Likewise a stall mid-generation is, without a stream, an answer that never comes.
    if ("stallAfterChunks" in reply && reply.stallAfterChunks !== undefined) return waitForAbort(signal);

    if (reply.ttftMs) await sleep(reply.ttftMs, undefined, { signal });
    const blocks = blocksFor(reply);
    sendJson(res, 200, messageEnvelope(body, blocks.map(completeBlock), stopReasonFor(blocks), countChunks(blocks)));
  }

  async function streamReply(
    res: ServerResponse,
    body: MessageCreateParams,
    reply: FakeReply,
    signal: AbortSignal,
  ): Promise<void> {
    if ("error" in reply) return sendError(res, reply.error.status, reply.error.type, reply.error.message);

    res.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache",
      "request-id": nextId("req"),
    });
    const send = (name: string, data: unknown): void => {
      res.write(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
    };

    send("message_start", { type: "message_start", message: messageEnvelope(body, [], null, 1) });
    send("ping", { type: "ping" });

    if ("stall" in reply) return waitForAbort(signal);

    const ttftMs = "ttftMs" in reply ? (reply.ttftMs ?? 0) : 0;
    const tokenDelayMs = "tokenDelayMs" in reply ? (reply.tokenDelayMs ?? 0) : 0;
    const failAfter = "failAfterChunks" in reply ? reply.failAfterChunks : Infinity;
    const stallAfter = "stallAfterChunks" in reply ? (reply.stallAfterChunks ?? Infinity) : Infinity;
    const blocks = blocksFor(reply);
    let sentChunks = 0;
    // Mirrors the API failing mid-generation: an `error` event on an already
    // 200-OK stream, with no message_delta/message_stop after it.
    const failIfDue = (): boolean => {
      if (sentChunks < failAfter) return false;
      send("error", errorBody("overloaded_error", "Overloaded"));
      res.end();
      return true;
    };

    for (const [index, block] of blocks.entries()) {
      send("content_block_start", { type: "content_block_start", index, content_block: startBlock(block) });
      for (const chunk of block.chunks) {
        if (failIfDue()) return;
        if (sentChunks >= stallAfter) return waitForAbort(signal);
        const delay = sentChunks === 0 ? ttftMs : tokenDelayMs;
        if (delay > 0) await sleep(delay, undefined, { signal });
        send("content_block_delta", { type: "content_block_delta", index, delta: deltaFor(block, chunk) });
        sentChunks++;
      }
      send("content_block_stop", { type: "content_block_stop", index });
    }
    if (failIfDue()) return;

    send("message_delta", {
      type: "message_delta",
      delta: { stop_reason: stopReasonFor(blocks), stop_sequence: null, stop_details: null, container: null },
      usage: {
        output_tokens: sentChunks,
        input_tokens: null,
        cache_creation_input_tokens: null,
        cache_read_input_tokens: null,
        server_tool_use: null,
        output_tokens_details: null,
      },
    });
    send("message_stop", { type: "message_stop" });
    res.end();
  }

  server.listen(0, "127.0.0.1");
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    enqueue: (...replies) => {
      queue.push(...replies);
    },
    respondWith: (fn) => {
      responder = fn;
    },
    waitForRequests: (n, timeoutMs = 2000) =>
      new Promise<void>((resolve, reject) => {
        const check = (): void => {
          if (requests.length < n) return;
          cleanup();
          resolve();
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`fake Anthropic: expected ${n} request(s) within ${timeoutMs}ms, got ${requests.length}`));
        }, timeoutMs);
        const cleanup = (): void => {
          clearTimeout(timer);
          requestWaiters.delete(check);
        };
        requestWaiters.add(check);
        check();
      }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // Stalled streams and idle keep-alive sockets would otherwise hold
        // server.close() open forever.
        server.closeAllConnections();
      }),
  };
}

function waitForAbort(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener("abort", () => resolve(), { once: true });
  });
}

function parseJsonObject(raw: string): object | undefined {
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The system prompt of a recorded request as blocks; the secretary sends its blocks (system-prompt.ts). */
export function systemBlocksOf(body: MessageCreateParams): TextBlockParam[] {
  if (!Array.isArray(body.system)) throw new Error(`not a system prompt of blocks: ${JSON.stringify(body.system)}`);
  return body.system;
}

/** The whole text of a recorded request's system prompt, its blocks in order. */
export function systemPromptOf(body: MessageCreateParams): string {
  return systemBlocksOf(body)
    .map((block) => block.text)
    .join("\n\n");
}

/** The names of the tools a recorded request offered. */
export function toolNamesOf(body: MessageCreateParams): string[] {
  return (body.tools ?? []).map((tool) => ("name" in tool ? tool.name : tool.type));
}

/** A message's text, when it is plain text (the conversation's turns are). */
export function textOf(message: MessageParam | undefined): string {
  if (typeof message?.content !== "string") throw new Error(`not a text message: ${JSON.stringify(message)}`);
  return message.content;
}

/**
 * A reply for requests no test queued: a post-call analysis gets a plain one (a question, low urgency,
 * nothing to do), a conversational turn gets "Okay.".
 */
export const answerAnalyses = (body: MessageCreateParams): FakeReply =>
  body.tool_choice?.type === "tool"
    ? {
        toolUse: {
          name: "record_call_analysis",
          input: { summary: "A question.", intent: "question", urgency: "LOW", callerName: null, actionItems: [] },
        },
      }
    : { text: "Okay." };
