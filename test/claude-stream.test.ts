import assert from "node:assert/strict";
import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { APIError } from "@anthropic-ai/sdk";
import type { RawMessageStreamEvent } from "@anthropic-ai/sdk/resources/messages";
import { claudeErrorKind } from "../src/conversation/claude-errors.js";
import { MessagesStreamer } from "../src/conversation/claude-stream.js";
import { keepAliveRequest } from "../src/http/keep-alive-fetch.js";

type Handler = (request: IncomingMessage, body: string, response: ServerResponse) => Promise<void>;

/** The Messages API's events for a reply of `text`, as the API writes them. */
function replyEvents(text: string): string[] {
  const event = (name: string, data: object) => `event: ${name}\ndata: ${JSON.stringify({ type: name, ...data })}\n\n`;
  return [
    event("message_start", { message: { id: "msg_1", role: "assistant", content: [] } }),
    event("ping", {}),
    event("content_block_start", { index: 0, content_block: { type: "text", text: "" } }),
    event("content_block_delta", { index: 0, delta: { type: "text_delta", text } }),
    event("content_block_stop", { index: 0 }),
    event("message_delta", { delta: { stop_reason: "end_turn" } }),
    event("message_stop", {}),
  ];
}

describe("Claude's streamed requests (claude-stream.ts)", () => {
  let server: Server;
  let handle: Handler;
  let streamer: MessagesStreamer;
  before(async () => {
    server = createServer(async (request, response) => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      await handle(request, Buffer.concat(chunks).toString("utf8"), response);
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    streamer = new MessagesStreamer({ baseURL, apiKey: "key", authToken: null }, keepAliveRequest, {
      model: "claude-test",
      maxTokens: 400,
      tools: [{ name: "end_call", description: "Ends the call.", input_schema: { type: "object" } }],
    });
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  async function events(): Promise<RawMessageStreamEvent[]> {
    const read: RawMessageStreamEvent[] = [];
    const system = [{ type: "text" as const, text: "You answer the phone." }];
    const options = { signal: new AbortController().signal, onRequestSent: () => {} };
    await streamer.stream(system, [{ role: "user", content: "Hello?" }], options, (event) => read.push(event));
    return read;
  }

  test("sends the API's request: the body as the SDK would, the key and the version", async () => {
    let received: { path?: string; headers?: IncomingMessage["headers"]; body?: unknown } = {};
    handle = async (request, body, response) => {
      received = { path: request.url, headers: request.headers, body: JSON.parse(body) };
      response.writeHead(200, { "content-type": "text/event-stream" });
      response.end(replyEvents("Harbor Dental.").join(""));
    };
    await events();
    assert.equal(received.path, "/v1/messages");
    assert.equal(received.headers?.["x-api-key"], "key");
    assert.equal(received.headers?.["anthropic-version"], "2023-06-01");
    assert.deepEqual(received.body, {
      model: "claude-test",
      max_tokens: 400,
      stream: true,
      tools: [{ name: "end_call", description: "Ends the call.", input_schema: { type: "object" } }],
      system: [{ type: "text", text: "You answer the phone." }],
      messages: [{ role: "user", content: "Hello?" }],
    });
  });

  test("reads events however the network cuts them: mid-line, mid-character, CRLF lines, comments; pings left out", async () => {
    const text = "Grüße, Zoë — 你好 👋";
    handle = async (_request, _body, response) => {
      response.writeHead(200, { "content-type": "text/event-stream" });
      const bytes = Buffer.from(`: a comment\r\n\r\n${replyEvents(text).join("").replace(/\n/g, "\r\n")}`);
      // Three bytes at a time: every boundary falls somewhere, inside `\r\n` and inside characters too.
      for (let at = 0; at < bytes.length; at += 3) {
        response.write(bytes.subarray(at, at + 3));
        if (at % 60 === 0) await sleep(1);
      }
      response.end();
    };
    const read = await events();
    assert.deepEqual(
      read.map((event) => event.type),
      [
        "message_start",
        "content_block_start",
        "content_block_delta",
        "content_block_stop",
        "message_delta",
        "message_stop",
      ],
    );
    const delta = read.find((event) => event.type === "content_block_delta");
    assert.deepEqual(delta?.type === "content_block_delta" && delta.delta, { type: "text_delta", text });
  });

  test("hands each event on as it arrives; aborting ends the stream there and closes the connection", async () => {
    let serverSawClose: Promise<unknown> = Promise.resolve();
    handle = async (_request, _body, response) => {
      serverSawClose = once(response, "close");
      response.writeHead(200, { "content-type": "text/event-stream" });
      // The reply's first words, and then nothing: the rest would come only after the abort.
      response.write(replyEvents("Harbor Dental.").slice(0, 4).join(""));
    };
    const controller = new AbortController();
    const read: string[] = [];
    const system = [{ type: "text" as const, text: "You answer the phone." }];
    await streamer.stream(
      system,
      [{ role: "user", content: "Hello?" }],
      { signal: controller.signal, onRequestSent: () => {} },
      (event) => {
        read.push(event.type);
        if (event.type === "content_block_delta") controller.abort();
      },
    );
    assert.deepEqual(read, ["message_start", "content_block_start", "content_block_delta"]);
    await serverSawClose;
  });

  test("what the reader of the events throws ends the stream with that error, and closes the connection", async () => {
    let serverSawClose: Promise<unknown> = Promise.resolve();
    handle = async (_request, _body, response) => {
      serverSawClose = once(response, "close");
      response.writeHead(200, { "content-type": "text/event-stream" });
      response.write(replyEvents("Harbor Dental.").slice(0, 4).join(""));
    };
    const system = [{ type: "text" as const, text: "You answer the phone." }];
    const broken = new Error("the reader broke");
    const options = { signal: new AbortController().signal, onRequestSent: () => {} };
    await assert.rejects(
      streamer.stream(system, [{ role: "user", content: "Hello?" }], options, (event) => {
        if (event.type === "content_block_delta") throw broken;
      }),
      (error) => error === broken,
    );
    await serverSawClose;
  });

  test("an error answered up front is the SDK's APIError for its status", async () => {
    handle = async (_request, _body, response) => {
      response.writeHead(529, { "content-type": "application/json" });
      response.end(JSON.stringify({ type: "error", error: { type: "overloaded_error", message: "Overloaded" } }));
    };
    const error = await events().then(
      () => assert.fail("no error"),
      (caught: unknown) => caught,
    );
    assert.ok(error instanceof APIError);
    assert.equal(error.status, 529);
    assert.equal(claudeErrorKind(error), "overloaded");
  });

  test("an error event in the middle of a stream is an APIError of the error's type", async () => {
    handle = async (_request, _body, response) => {
      response.writeHead(200, { "content-type": "text/event-stream" });
      response.write(replyEvents("Hello").slice(0, 3).join(""));
      response.end(
        `event: error\ndata: ${JSON.stringify({ type: "error", error: { type: "rate_limit_error", message: "Slow down" } })}\n\n`,
      );
    };
    const error = await events().then(
      () => assert.fail("no error"),
      (caught: unknown) => caught,
    );
    assert.ok(error instanceof APIError);
    assert.equal(error.status, undefined);
    assert.equal(claudeErrorKind(error), "rate_limited");
  });

  test("no server to answer is a network error", async () => {
    const closed = createServer();
    closed.listen(0, "127.0.0.1");
    await once(closed, "listening");
    const { port } = closed.address() as AddressInfo;
    closed.close();
    const nowhere = new MessagesStreamer(
      { baseURL: `http://127.0.0.1:${port}`, apiKey: "key", authToken: null },
      keepAliveRequest,
      {
        model: "claude-test",
        maxTokens: 400,
        tools: [],
      },
    );
    const options = { signal: new AbortController().signal, onRequestSent: () => {} };
    const error = await nowhere
      .stream([], [{ role: "user", content: "Hello?" }], options, () => {})
      .then(
        () => assert.fail("no error"),
        (caught: unknown) => caught,
      );
    assert.equal(claudeErrorKind(error), "network");
  });
});
