// Drives the fake with the real SDK, so a wire-format mistake in the fake
// shows up here as an SDK parse failure or a wrong value, not later in the
// tests that depend on it.
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import Anthropic from "@anthropic-ai/sdk";
import { type FakeAnthropic, startFakeAnthropic, textOf, toolNamesOf } from "./support/fake-anthropic.js";

const MODEL = "claude-test-model";

const BOOKING_TOOL = {
  name: "book_callback",
  description: "Book a callback for the caller",
  input_schema: {
    type: "object" as const,
    properties: { name: { type: "string" }, when: { type: "string" } },
    required: ["name"],
  },
};

async function until(condition: () => boolean, timeoutMs = 1000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("fake Anthropic API", () => {
  let fake: FakeAnthropic;
  let client: Anthropic;

  beforeEach(async () => {
    fake = await startFakeAnthropic();
    client = new Anthropic({ apiKey: "test", baseURL: fake.url, maxRetries: 0 });
  });

  afterEach(async () => {
    await fake.close();
  });

  const userTurn = (text: string) => ({
    model: MODEL,
    max_tokens: 256,
    messages: [{ role: "user" as const, content: text }],
  });

  it("streams text deltas in order and assembles the final message", async () => {
    fake.enqueue({ text: "Hello there, friend." });

    const stream = client.messages.stream(userTurn("hi"));
    const deltas: string[] = [];
    stream.on("text", (delta) => deltas.push(delta));
    const message = await stream.finalMessage();

    assert.deepEqual(deltas, ["Hello", " there", ",", " friend", "."]);
    assert.equal(message.model, MODEL);
    assert.equal(message.role, "assistant");
    assert.match(message.id, /^msg_/);
    assert.equal(message.stop_reason, "end_turn");
    assert.deepEqual(
      message.content.map((block) => (block.type === "text" ? block.text : block.type)),
      ["Hello there, friend."],
    );
    assert.equal(message.usage.output_tokens, 5);
  });

  it("uses explicit chunks verbatim", async () => {
    fake.enqueue({ text: "Good morning", chunks: ["Goo", "d mor", "ning"] });

    const stream = client.messages.stream(userTurn("hi"));
    const deltas: string[] = [];
    stream.on("text", (delta) => deltas.push(delta));
    assert.equal(await stream.finalText(), "Good morning");
    assert.deepEqual(deltas, ["Goo", "d mor", "ning"]);
  });

  it("streams a tool_use block whose input the SDK reassembles from partial JSON", async () => {
    const input = { name: "Zoë O'Brien", when: "tomorrow at 3pm", notes: { urgent: true, tags: ["a", "b"] } };
    fake.enqueue({ text: "Let me book that.", toolUse: { name: "book_callback", input } });

    const stream = client.messages.stream({ ...userTurn("call me back"), tools: [BOOKING_TOOL] });
    const jsonFragments: string[] = [];
    stream.on("inputJson", (fragment) => jsonFragments.push(fragment));
    const message = await stream.finalMessage();

    assert.equal(message.stop_reason, "tool_use");
    assert.ok(jsonFragments.length > 1, "input should arrive in several input_json_delta events");
    const [text, toolUse] = message.content;
    assert.equal(text?.type === "text" && text.text, "Let me book that.");
    assert.ok(toolUse?.type === "tool_use");
    assert.equal(toolUse.name, "book_callback");
    assert.match(toolUse.id, /^toolu_/);
    assert.deepEqual(toolUse.input, input);
  });

  it("returns a complete tool_use Message for non-streamed create with tool_choice", async () => {
    fake.enqueue({ text: "meant for the conversation" });
    fake.respondWith(() => ({ toolUse: { name: "book_callback", input: { name: "Ann" } } }));

    const message = await client.messages.create({
      ...userTurn("call me back"),
      tools: [BOOKING_TOOL],
      tool_choice: { type: "tool", name: "book_callback" },
    });

    assert.equal(message.stop_reason, "tool_use");
    assert.equal(message.content.length, 1);
    const [toolUse] = message.content;
    assert.ok(toolUse?.type === "tool_use");
    assert.match(toolUse.id, /^toolu_/);
    assert.deepEqual(toolUse.input, { name: "Ann" });
    assert.equal(fake.requests[0]?.body.stream, undefined);
    assert.deepEqual(fake.requests[0]?.body.tool_choice, { type: "tool", name: "book_callback" });
    const next = await client.messages.create(userTurn("hello"));
    assert.deepEqual(
      next.content.map((block) => block.type === "text" && block.text),
      ["meant for the conversation"],
      "a forced-tool request leaves the queue alone",
    );
  });

  it("surfaces a 529 as an APIError with status 529, streamed or not", async () => {
    fake.enqueue(
      { error: { status: 529, type: "overloaded_error" } },
      { error: { status: 529, type: "overloaded_error", message: "busy" } },
    );

    await assert.rejects(client.messages.create(userTurn("hi")), (err: unknown) => {
      assert.ok(err instanceof Anthropic.APIError);
      assert.ok(err instanceof Anthropic.OverloadedError);
      assert.equal(err.status, 529);
      assert.equal(err.type, "overloaded_error");
      return true;
    });
    await assert.rejects(client.messages.stream(userTurn("hi")).finalMessage(), (err: unknown) => {
      assert.ok(err instanceof Anthropic.APIError);
      assert.equal(err.status, 529);
      assert.equal(err.apiMessage, "busy");
      return true;
    });
    assert.equal(fake.requests.length, 2, "maxRetries: 0 must not retry");
  });

  it("maps a 429 to RateLimitError with a retry-after header", async () => {
    fake.enqueue({ error: { status: 429, type: "rate_limit_error" } });

    await assert.rejects(client.messages.create(userTurn("hi")), (err: unknown) => {
      assert.ok(err instanceof Anthropic.RateLimitError);
      assert.equal(err.headers?.get("retry-after"), "1");
      return true;
    });
  });

  it("lets the client abort a stalled stream promptly and records the disconnect", async () => {
    fake.enqueue({ stall: true });

    const stream = client.messages.stream(userTurn("hi"));
    const outcome = stream.finalMessage().then(
      () => "resolved",
      (err: unknown) => err,
    );
    await fake.waitForRequests(1);
    await new Promise<void>((resolve) => stream.on("connect", () => resolve()));

    const abortedAt = Date.now();
    stream.abort();
    const result = await outcome;

    assert.ok(result instanceof Anthropic.APIUserAbortError, `expected an abort error, got ${String(result)}`);
    assert.ok(Date.now() - abortedAt < 500, "abort should end the stream promptly");
    await until(() => fake.requests[0]?.aborted === true);
  });

  it("stops a slow stream when the client aborts between tokens", async () => {
    // A long token delay would keep this test file's process alive for
    // seconds if the fake did not cancel its timer on disconnect.
    fake.enqueue({ text: "one two three", ttftMs: 0, tokenDelayMs: 5000 });

    const stream = client.messages.stream(userTurn("hi"));
    const outcome = stream.finalMessage().catch((err: unknown) => err);
    await new Promise<void>((resolve) => stream.once("text", () => resolve()));
    stream.abort();

    assert.ok((await outcome) instanceof Anthropic.APIUserAbortError);
    await until(() => fake.requests[0]?.aborted === true);
  });

  it("fails a stream with an SSE error event after the requested number of chunks", async () => {
    fake.enqueue({ text: "one two three four", failAfterChunks: 2 });

    const stream = client.messages.stream(userTurn("hi"));
    const deltas: string[] = [];
    stream.on("text", (delta) => deltas.push(delta));

    await assert.rejects(stream.finalMessage(), (err: unknown) => {
      assert.ok(err instanceof Anthropic.APIError);
      assert.equal(err.type, "overloaded_error");
      return true;
    });
    assert.deepEqual(deltas, ["one", " two"]);
  });

  it("stalls mid-stream after the requested number of chunks, keeping the connection open", async () => {
    fake.enqueue({ text: "one two three four", stallAfterChunks: 2 });

    const stream = client.messages.stream(userTurn("hi"));
    const deltas: string[] = [];
    stream.on("text", (delta) => deltas.push(delta));
    const outcome = stream.finalMessage().catch((err: unknown) => err);
    await until(() => deltas.length === 2);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.deepEqual(deltas, ["one", " two"], "nothing more comes");
    assert.equal(fake.requests[0]?.aborted, false, "the connection is still open");

    stream.abort();
    assert.ok((await outcome) instanceof Anthropic.APIUserAbortError);
    await until(() => fake.requests[0]?.aborted === true);
  });

  it("stalls mid-stream in a tool's input, after its words", async () => {
    fake.enqueue({
      text: "Noted.",
      toolUse: { name: "book_callback", input: { name: "Sam Patel", when: "tomorrow" } },
      stallAfterChunks: 3,
    });

    const stream = client.messages.stream({ ...userTurn("hi"), tools: [BOOKING_TOOL] });
    const json: string[] = [];
    stream.on("inputJson", (partial) => json.push(partial));
    const outcome = stream.finalMessage().catch((err: unknown) => err);
    await until(() => json.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(json.length, 1, "two words, one piece of the input, then nothing");

    stream.abort();
    assert.ok((await outcome) instanceof Anthropic.APIUserAbortError);
  });

  it("records each request's body and headers in order", async () => {
    await client.messages.create({
      ...userTurn("first"),
      system: "You are a phone secretary.",
      tools: [BOOKING_TOOL],
    });
    await client.messages.stream(userTurn("second")).finalMessage();

    assert.equal(fake.requests.length, 2);
    const [first, second] = fake.requests;
    assert.equal(first?.body.model, MODEL);
    assert.equal(first?.body.system, "You are a phone secretary.");
    assert.deepEqual(first?.body.messages, [{ role: "user", content: "first" }]);
    assert.deepEqual(first && toolNamesOf(first.body), ["book_callback"]);
    assert.equal(first?.headers.authorization, "Bearer test");
    assert.ok(first?.headers["anthropic-version"]);
    assert.equal(first?.aborted, false);
    assert.equal(second?.body.stream, true);
    assert.deepEqual(second?.body.messages, [{ role: "user", content: "second" }]);
    assert.ok((first?.receivedAt ?? Infinity) <= (second?.receivedAt ?? 0));
  });

  it("answers from respondWith once the queue is empty, defaulting to 'Okay.'", async () => {
    const first = await client.messages.create(userTurn("hi"));
    assert.deepEqual(first.content, [{ type: "text", text: "Okay.", citations: null }]);

    fake.enqueue({ text: "queued" });
    fake.respondWith((body) => ({ text: `echo: ${textOf(body.messages[0])}` }));
    assert.equal(await client.messages.stream(userTurn("a")).finalText(), "queued");
    assert.equal(await client.messages.stream(userTurn("b")).finalText(), "echo: b");
  });

  it("waits ttftMs before the first delta", async () => {
    fake.enqueue({ text: "slow start", ttftMs: 150 });

    const startedAt = Date.now();
    const stream = client.messages.stream(userTurn("hi"));
    const firstDelta = new Promise<number>((resolve) => stream.once("text", () => resolve(Date.now())));
    await stream.finalMessage();

    assert.ok((await firstDelta) - startedAt >= 140);
  });

  it("requires credentials and rejects unknown paths like the real API", async () => {
    const post = (headers: Record<string, string>) =>
      fetch(`${fake.url}/v1/messages`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify(userTurn("hi")),
      });

    const noKey = await post({});
    assert.equal(noKey.status, 401);
    assert.deepEqual(await noKey.json(), {
      type: "error",
      error: { type: "authentication_error", message: "x-api-key or authorization header is required" },
    });
    const withApiKeyHeader = await post({ "x-api-key": "test" });
    assert.equal(withApiKeyHeader.status, 200);
    assert.equal(((await withApiKeyHeader.json()) as { type: string }).type, "message");

    await assert.rejects(client.models.list(), (err: unknown) => err instanceof Anthropic.NotFoundError);
  });

  it("closes promptly while a stream is stalled", async () => {
    const other = await startFakeAnthropic();
    other.enqueue({ stall: true });
    const stalled = new Anthropic({ apiKey: "test", baseURL: other.url, maxRetries: 0 }).messages
      .stream(userTurn("hi"))
      .finalMessage()
      .then(
        () => "resolved",
        () => "rejected",
      );
    await other.waitForRequests(1);

    await other.close();
    assert.equal(await stalled, "rejected");
    assert.equal(other.requests[0]?.aborted, true);
  });
});
