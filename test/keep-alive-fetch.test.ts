import assert from "node:assert/strict";
import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { after, before, describe, test } from "node:test";
import { keepAliveFetch, keepAliveRequest } from "../src/http/keep-alive-fetch.js";

type Handler = (request: IncomingMessage, body: string, response: ServerResponse) => void;

describe("keepAliveRequest (Claude's streams) and keepAliveFetch over it (the Anthropic SDK's HTTP client)", () => {
  let server: Server;
  let url: string;
  let handle: Handler;
  const connections: Socket[] = [];
  before(async () => {
    server = createServer(async (request, response) => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      handle(request, Buffer.concat(chunks).toString("utf8"), response);
    });
    server.on("connection", (socket) => connections.push(socket));
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  test("sends the request as given and streams the answer as it comes, over one kept-alive connection", async () => {
    let received: { method?: string; path?: string; headers?: IncomingMessage["headers"]; body?: string } = {};
    let finish: (() => void) | undefined;
    handle = (request, body, response) => {
      received = { method: request.method, path: request.url, headers: request.headers, body };
      response.writeHead(200, { "content-type": "text/event-stream", "request-id": "req_1" });
      response.write("event: one\n\n");
      finish = () => response.end("event: two\n\n");
    };
    const before = connections.length;
    const response = await keepAliveFetch(`${url}/v1/messages?beta=true`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-api-key": "key-1" },
      body: JSON.stringify({ hello: "world" }),
    });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("request-id"), "req_1");
    assert.deepEqual(
      { method: received.method, path: received.path, apiKey: received.headers?.["x-api-key"], body: received.body },
      { method: "POST", path: "/v1/messages?beta=true", apiKey: "key-1", body: '{"hello":"world"}' },
    );
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    assert.equal(
      decoder.decode((await reader.read()).value),
      "event: one\n\n",
      "the first event arrives before the answer is complete",
    );
    finish?.();
    assert.equal(decoder.decode((await reader.read()).value), "event: two\n\n");
    assert.equal((await reader.read()).done, true);

    handle = (_request, _body, response) =>
      response.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
    assert.deepEqual(await (await keepAliveFetch(`${url}/again`, { method: "POST", body: "{}" })).json(), { ok: true });
    assert.equal(connections.length - before, 1, "the second request reused the first one's connection");
  });

  test("says once when the request has been written, before any answer", async () => {
    let answer: (() => void) | undefined;
    handle = (_request, _body, response) => {
      answer = () => response.writeHead(200).end("done");
    };
    let sent = 0;
    const response = keepAliveRequest(new URL(`${url}/sent`), {
      method: "POST",
      headers: {},
      body: Buffer.from("{}"),
      onRequestSent: () => sent++,
    });
    while (!answer) await new Promise((resolve) => setTimeout(resolve, 5));
    assert.equal(sent, 1, "the server has it, and no answer has come");
    answer();
    const message = await response;
    message.setEncoding("utf8");
    let text = "";
    for await (const chunk of message) text += chunk;
    assert.equal(text, "done");
    assert.equal(sent, 1);
  });

  test("a kept-alive connection the server dropped is replaced, and the request still gets its answer", async () => {
    const served = new WeakSet<Socket>();
    let dropped = 0;
    handle = (request, _body, response) => {
      if (served.has(request.socket)) {
        dropped++;
        request.socket.destroy();
        return;
      }
      served.add(request.socket);
      response.writeHead(200).end("fine");
    };
    assert.equal(await (await keepAliveFetch(`${url}/first`, { method: "POST", body: "{}" })).text(), "fine");
    assert.equal(await (await keepAliveFetch(`${url}/second`, { method: "POST", body: "{}" })).text(), "fine");
    assert.equal(dropped, 1);
  });

  test("a request whose fresh connection fails is not sent again: the error reaches the SDK", async () => {
    // A server of its own, so the request cannot go out on a kept-alive connection.
    let attempts = 0;
    const failing = createServer((request) => {
      attempts++;
      request.socket.destroy();
    });
    failing.listen(0, "127.0.0.1");
    await once(failing, "listening");
    try {
      const failingUrl = `http://127.0.0.1:${(failing.address() as AddressInfo).port}`;
      await assert.rejects(
        keepAliveFetch(`${failingUrl}/fails`, { method: "POST", body: "{}" }),
        (error: NodeJS.ErrnoException) => error.code === "ECONNRESET",
      );
      assert.equal(attempts, 1);
    } finally {
      failing.close();
    }
  });

  test("aborting stops the stream at once and the server sees the request go away", async () => {
    let serverSawClose: Promise<unknown> = Promise.resolve();
    handle = (_request, _body, response) => {
      serverSawClose = once(response, "close");
      response.writeHead(200, { "content-type": "text/event-stream" });
      response.write("event: first\n\n");
    };
    const controller = new AbortController();
    const response = await keepAliveFetch(`${url}/stream`, { method: "POST", body: "{}", signal: controller.signal });
    const reader = response.body!.getReader();
    await reader.read();
    controller.abort();
    await assert.rejects(reader.read());
    await serverSawClose;
  });

  test("an already aborted signal sends nothing", async () => {
    let requests = 0;
    handle = (_request, _body, response) => {
      requests++;
      response.end();
    };
    await assert.rejects(keepAliveFetch(`${url}/never`, { method: "POST", body: "{}", signal: AbortSignal.abort() }), {
      name: "AbortError",
    });
    assert.equal(requests, 0);
  });

  test("error statuses keep their body; answers without a body have none", async () => {
    handle = (request, _body, response) => {
      if (request.url === "/overloaded")
        response.writeHead(529, { "content-type": "application/json" }).end('{"type":"error"}');
      else response.writeHead(204).end();
    };
    const overloaded = await keepAliveFetch(`${url}/overloaded`, { method: "POST", body: "{}" });
    assert.equal(overloaded.status, 529);
    assert.deepEqual(await overloaded.json(), { type: "error" });
    const empty = await keepAliveFetch(`${url}/empty`, { method: "DELETE" });
    assert.equal(empty.status, 204);
    assert.equal(empty.body, null);
  });
});
