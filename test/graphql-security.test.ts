// What an attacker tried against the API, and what they must find: nothing runs without the token
// whatever the request looks like, no other website's page may read the API, a client with a bad
// token is told so once, for good, and no request is big enough to take the server down.
import assert from "node:assert/strict";
import { request as httpRequest } from "node:http";
import { after, before, describe, test } from "node:test";
import type { FormattedExecutionResult } from "graphql";
import { type Client, createClient } from "graphql-ws";
import { pino } from "pino";
import WebSocket from "ws";
import { TranscriptDocument, UpdateCallNotesDocument } from "./generated/graphql.js";
import { ApiClient, LiveStream } from "./support/graphql-client.js";
import { startSecretary, type TestSecretary } from "./support/secretary.js";
import { eventually } from "./support/wait.js";

const PRODUCTION_TOKEN = "production-api-token-0123456789";

/** A GET of `/graphql` with the operation in the URL, as a browser's address bar or an <img> would send it. */
function get(secretary: TestSecretary, query: string, headers: Record<string, string>): Promise<Response> {
  return fetch(`${secretary.app.url}/graphql?query=${encodeURIComponent(query)}`, { headers });
}

describe("a request without the token, in production", () => {
  let secretary: TestSecretary;
  before(async () => {
    secretary = await startSecretary({
      env: { NODE_ENV: "production", API_TOKEN: PRODUCTION_TOKEN, PUBLIC_URL: "https://secretary.example" },
    });
  });
  after(() => secretary.dispose());

  test("runs nothing, whatever its Accept header: no query answered, no subscription stream opened", async () => {
    for (const accept of ["text/html", "text/html, application/json", "text/html, application/graphql-response+json"]) {
      const response = await get(secretary, "{ __typename }", { accept });
      const body = await response.text();
      assert.equal(response.status, 401, `Accept: ${accept}`);
      assert.doesNotMatch(body, /"data"/, `Accept: ${accept}`);
    }
    const stream = await get(secretary, "subscription { callUpdated { id } }", {
      accept: "text/html, text/event-stream",
    });
    assert.equal(stream.status, 401);
    assert.doesNotMatch(stream.headers.get("content-type") ?? "", /event-stream/);
    await stream.body?.cancel();
  });
});

describe("GraphiQL outside production", () => {
  let secretary: TestSecretary;
  before(async () => {
    secretary = await startSecretary();
  });
  after(() => secretary.dispose());

  test("a browser without the token or a session is sent to sign in, and nothing runs: not even an operation in its URL", async () => {
    const page = await fetch(`${secretary.app.url}/graphql?query=${encodeURIComponent("{ __typename }")}`, {
      headers: { accept: "text/html,application/xhtml+xml" },
      redirect: "manual",
    });
    assert.equal(page.status, 302);
    assert.equal(page.headers.get("location"), "/signin?next=%2Fgraphql");
    assert.doesNotMatch(await page.text(), /__typename|graphiql/i);
    const stream = await get(secretary, "subscription { callUpdated { id } }", {
      accept: "text/html, text/event-stream",
    });
    assert.doesNotMatch(stream.headers.get("content-type") ?? "", /event-stream/);
    await stream.body?.cancel();
  });
});

/** What a browser sends before a cross-origin POST with an Authorization header, and what it reads of the answer. */
async function preflight(secretary: TestSecretary, origin: string, method = "POST") {
  const response = await fetch(`${secretary.app.url}/graphql`, {
    method: "OPTIONS",
    headers: {
      origin,
      "access-control-request-method": method,
      "access-control-request-headers": "authorization, content-type",
    },
  });
  await response.body?.cancel();
  return corsHeaders(response);
}

async function crossOriginPost(secretary: TestSecretary, origin: string) {
  const response = await fetch(`${secretary.app.url}/graphql`, {
    method: "POST",
    headers: { origin, authorization: `Bearer ${secretary.app.apiToken}`, "content-type": "application/json" },
    body: JSON.stringify({ query: "{ __typename }" }),
  });
  await response.body?.cancel();
  return { status: response.status, ...corsHeaders(response) };
}

function corsHeaders(response: Response) {
  return {
    allowOrigin: response.headers.get("access-control-allow-origin"),
    allowCredentials: response.headers.get("access-control-allow-credentials"),
    allowHeaders: response.headers.get("access-control-allow-headers"),
    allowMethods: response.headers.get("access-control-allow-methods"),
  };
}

describe("CORS", () => {
  let sameOrigin: TestSecretary;
  let withFrontends: TestSecretary;
  before(async () => {
    sameOrigin = await startSecretary();
    withFrontends = await startSecretary({
      env: { CORS_ORIGINS: "https://app.example.com, https://admin.example.com:8443" },
    });
  });
  after(async () => {
    await sameOrigin.dispose();
    await withFrontends.dispose();
  });

  test("by default no other origin may read the API: no CORS headers for it, nor for the `null` origin", async () => {
    for (const origin of ["https://evil.example", "null", "http://localhost:5173"]) {
      const answer = await preflight(sameOrigin, origin);
      assert.deepEqual(
        [answer.allowOrigin, answer.allowCredentials, answer.allowHeaders],
        [null, null, null],
        `preflight from ${origin}`,
      );
      const post = await crossOriginPost(sameOrigin, origin);
      assert.deepEqual([post.allowOrigin, post.allowCredentials], [null, null], `POST from ${origin}`);
    }
  });

  test("CORS_ORIGINS lets exactly the listed frontends in, with the headers and methods the API's clients use", async () => {
    for (const origin of ["https://app.example.com", "https://admin.example.com:8443"]) {
      const answer = await preflight(withFrontends, origin);
      assert.equal(answer.allowOrigin, origin);
      assert.match(answer.allowHeaders ?? "", /authorization/i);
      assert.match(answer.allowHeaders ?? "", /content-type/i);
      assert.equal(answer.allowCredentials, null, "the token is a header, never a cookie");
      const post = await crossOriginPost(withFrontends, origin);
      assert.deepEqual([post.status, post.allowOrigin], [200, origin]);
    }
    // graphql-sse's single connection reserves its stream with PUT and ends operations with DELETE.
    const sse = await preflight(withFrontends, "https://app.example.com", "PUT");
    assert.match(sse.allowMethods ?? "", /PUT/);
    assert.match(sse.allowMethods ?? "", /DELETE/);
    for (const origin of [
      "https://evil.example",
      "null",
      "https://app.example.com.evil.example",
      "http://app.example.com",
    ]) {
      const answer = await preflight(withFrontends, origin);
      assert.equal(answer.allowOrigin, null, `preflight from ${origin}`);
      const post = await crossOriginPost(withFrontends, origin);
      assert.equal(post.allowOrigin, null, `POST from ${origin}`);
    }
  });
});

describe("graphql-ws with the standard client", () => {
  let secretary: TestSecretary;
  const clients: Client[] = [];
  before(async () => {
    secretary = await startSecretary();
  });
  after(async () => {
    await Promise.all(clients.map((client) => client.dispose()));
    await secretary.dispose();
  });

  const connect = (connectionParams: Record<string, string>, onConnecting: () => void = () => undefined) => {
    // The client's defaults, retries included: what a frontend gets unless it changes them.
    const client = createClient({
      url: `${secretary.app.url.replace(/^http/, "ws")}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams,
      on: { connecting: onConnecting },
    });
    clients.push(client);
    return client;
  };

  test("connectionParams may spell the token's key Authorization, as the HTTP header is spelled", async () => {
    for (const key of ["authorization", "Authorization"]) {
      const client = connect({ [key]: `Bearer ${secretary.app.apiToken}` });
      const result = await new Promise<unknown>((resolve, reject) => {
        client.subscribe({ query: "{ __typename }" }, { next: resolve, error: reject, complete: () => undefined });
      });
      assert.deepEqual(result, { data: { __typename: "Query" } }, `connectionParams.${key}`);
    }
  });

  test("a refused token is final: the client reports it at once (close code 4401) instead of retrying", async () => {
    let attempts = 0;
    const outcome = await new Promise<unknown>((resolve) => {
      const client = connect({ authorization: "Bearer wrong-token-wrong-token" }, () => {
        attempts += 1;
        if (attempts === 2) resolve("the client connected again");
      });
      client.subscribe(
        { query: "{ __typename }" },
        { next: () => resolve("data without a token"), error: resolve, complete: () => resolve("completed") },
      );
    });
    assert.equal(attempts, 1, String(outcome));
    assert.equal((outcome as { code?: number }).code, 4401);
  });
});

describe("requests sized to exhaust the server", () => {
  let secretary: TestSecretary;
  let api: ApiClient;
  let callId: string;
  const logged: Array<Record<string, unknown>> = [];
  before(async () => {
    const logger = pino({ level: "info" }, { write: (line: string) => void logged.push(JSON.parse(line)) });
    secretary = await startSecretary({ logger });
    api = new ApiClient(secretary.app.url, secretary.app.apiToken);
    const prisma = secretary.app.database.prisma;
    const call = await prisma.call.create({ data: { callSid: "CA-sizes", from: "+15559990000", to: "+15550009999" } });
    callId = Buffer.from(`Call:${call.id}`).toString("base64");
  });
  after(async () => {
    await api.close();
    await secretary.dispose();
  });

  const refusal = (body: { data?: unknown; errors?: ReadonlyArray<{ message: string; extensions?: unknown }> }) => ({
    data: body.data ?? null,
    message: body.errors?.[0]?.message ?? "",
    code: (body.errors?.[0]?.extensions as { code?: string } | undefined)?.code,
  });

  test("a list argument takes at most 100 items, from a variable or written out: nodes(ids), the status and urgency filters", async () => {
    const nodes = "query Nodes($ids: [ID!]!) { nodes(ids: $ids) { id } }";
    const hundred = await api.post(nodes, { ids: Array(100).fill(callId) });
    assert.equal((hundred.body.data as { nodes: unknown[] } | undefined)?.nodes.length, 100);

    const tooMany = Array(101).fill(callId);
    const asked = [
      await api.post(nodes, { ids: tooMany }),
      await api.post(`{ nodes(ids: [${tooMany.map((id) => JSON.stringify(id)).join(",")}]) { id } }`),
      await api.post("query($s: [CallStatus!]) { calls(filter: { status: $s }) { totalCount } }", {
        s: Array(101).fill("COMPLETED"),
      }),
      await api.post("query($u: [Urgency!]) { calls(filter: { urgency: $u }) { totalCount } }", {
        u: Array(101).fill("HIGH"),
      }),
    ];
    for (const { body } of asked) {
      const refused = refusal(body);
      assert.deepEqual([refused.data, refused.code], [null, "BAD_USER_INPUT"], refused.message);
      assert.match(refused.message, /at most 100 items/);
    }
    const overWs = api.ws(nodes, { ids: tooMany });
    await eventually("the refusal over graphql-ws", async () => overWs.events.length > 0 || overWs.errors.length > 0);
    assert.match(JSON.stringify([overWs.events, overWs.errors]), /at most 100 items/);
  });

  test("the cost of an operation counts what its variables ask for, as it counts what is written out", async () => {
    // A hundred calls, each with its turns, action items and twenty of its caller's calls.
    const selection =
      "id ... on Call { turns { text } actionItems { description } caller { calls(first: $n) { edges { node { id summary } } } } }";
    const withVariables = `query Heavy($ids: [ID!]!, $n: Int) { nodes(ids: $ids) { ${selection} } }`;
    const writtenOut = `query Heavy { nodes(ids: [${Array(100).fill(JSON.stringify(callId)).join(",")}]) { ${selection.replace("$n", "20")} } }`;
    for (const { body } of [
      await api.post(withVariables, { ids: Array(100).fill(callId), n: 20 }),
      await api.post(writtenOut),
    ]) {
      const refused = refusal(body);
      assert.equal(refused.data, null);
      assert.match(refused.message, /cost/i);
    }
    const light = await api.post(withVariables, { ids: [callId], n: 20 });
    assert.deepEqual(light.body.errors, undefined, "one call with the same selection is fine");
  });

  test("a body over 25 MB is refused (413) and nothing runs, whether its length is declared or it comes in chunks, on /graphql and on graphql-sse's /graphql/stream", async () => {
    const notes = "a".repeat(1000);
    const operation = `{"query":"mutation { updateCallNotes(input: { callId: \\"${callId}\\", notes: \\"${notes}\\" }) { call { id } } }","variables":{"padding":"`;
    const bodyBytes = 25_000_001;
    const send = (declared: boolean, path: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const url = new URL(path, secretary.app.url);
        const sending = httpRequest(url, {
          method: "POST",
          headers: {
            authorization: `Bearer ${secretary.app.apiToken}`,
            "content-type": "application/json",
            accept: path === "/graphql" ? "application/json" : "text/event-stream",
            ...(declared ? { "content-length": String(bodyBytes) } : { "transfer-encoding": "chunked" }),
          },
        });
        sending.on("response", (response) => {
          let body = "";
          response.setEncoding("utf8");
          response.on("data", (text: string) => (body += text));
          response.on("end", () => {
            resolve({ status: response.statusCode ?? 0, body });
            sending.destroy();
          });
        });
        // The server may answer, and close, before all of it is sent.
        sending.on("error", (error) => (sending.destroyed ? undefined : reject(error)));
        // Valid JSON to its end: were it read, the mutation would run.
        const end = '"}}';
        sending.write(operation);
        const chunk = "b".repeat(1 << 20);
        let left = bodyBytes - Buffer.byteLength(operation) - end.length;
        const more = () => {
          while (left > 0 && !sending.destroyed) {
            const part = chunk.slice(0, Math.min(left, chunk.length));
            left -= part.length;
            if (!sending.write(part)) return void sending.once("drain", more);
          }
          if (!sending.destroyed) sending.end(end);
        };
        more();
      });
    for (const declared of [true, false]) {
      const { status, body } = await send(declared, "/graphql");
      assert.equal(status, 413, `declared: ${declared}, ${body.slice(0, 200)}`);
      assert.match(body, /REQUEST_ENTITY_TOO_LARGE/);
    }
    const declared = await send(true, "/graphql/stream");
    assert.equal(declared.status, 413, declared.body.slice(0, 200));
    assert.match(declared.body, /REQUEST_ENTITY_TOO_LARGE/);
    // A chunked body is found too large as graphql-sse's handler reads it, which refuses what it cannot read.
    const chunked = await send(false, "/graphql/stream");
    assert.equal(chunked.status, 400, chunked.body.slice(0, 200));
    assert.match(chunked.body, /Request body too large/);
    const call = await secretary.app.database.prisma.call.findFirstOrThrow({ where: { callSid: "CA-sizes" } });
    assert.notEqual(call.notes, notes);
  });

  test("an internal error is logged with its cause, at error level, and the client only learns that something failed", async () => {
    // A table the call's own reads need and nothing running in the background touches.
    await secretary.app.database.execute('ALTER TABLE "ActionItem" RENAME TO "ActionItemMoved"', []);
    try {
      const { body } = await api.post(
        "query Items($callId: ID!) { call(callId: $callId) { actionItems { description } } }",
        { callId },
      );
      assert.equal(body.errors?.[0]?.message, "Unexpected error.");
      const line = await eventually(`the error logged with its cause (logged: ${JSON.stringify(logged)})`, async () =>
        logged.find((entry) => typeof entry.level === "number" && entry.level >= 50 && entry.err),
      );
      const err = line.err as { message?: string; stack?: string };
      assert.match(err.message ?? "", /ActionItem/, JSON.stringify(line));
      assert.match(err.stack ?? "", /at /);
      assert.equal(line.graphqlPath, "call");
    } finally {
      await secretary.app.database.execute('ALTER TABLE "ActionItemMoved" RENAME TO "ActionItem"', []);
    }
  });
});

/** What these tests read of a subscription, whichever transport carries it. */
interface Watched {
  readonly events: ReadonlyArray<{ data?: unknown; errors?: ReadonlyArray<unknown> }>;
  readonly errors: unknown[];
  close(): void;
}

describe("many live subscriptions", () => {
  let secretary: TestSecretary;
  let api: ApiClient;
  let callId: string;
  const clients: Client[] = [];
  before(async () => {
    secretary = await startSecretary();
    api = new ApiClient(secretary.app.url, secretary.app.apiToken);
    const call = await secretary.app.database.prisma.call.create({
      data: { callSid: "CA-watched", from: "+15558880000", to: "+15550009999", status: "COMPLETED" },
    });
    callId = Buffer.from(`Call:${call.id}`).toString("base64");
  });
  after(async () => {
    await Promise.all(clients.map((client) => client.dispose()));
    await api.close();
    await secretary.dispose();
  });

  const feed = "subscription { callUpdated { id notes } }";
  const edit = (notes: string) => api.query(UpdateCallNotesDocument, { input: { callId, notes } });
  const sawNotes = (stream: { events: ReadonlyArray<{ data?: unknown }> }, notes: string) =>
    stream.events.some((event) => JSON.stringify(event.data ?? null).includes(notes));

  /** Counts the reads of one call by its id (Prisma may batch their SQL) while `during` runs. */
  async function callReads(during: (reads: { count: number }) => Promise<void>): Promise<void> {
    const calls = secretary.app.database.prisma.call;
    const findUnique = calls.findUnique;
    const reads = { count: 0 };
    Reflect.set(calls, "findUnique", (...args: unknown[]) => {
      reads.count += 1;
      return Reflect.apply(findUnique, calls, args);
    });
    try {
      await during(reads);
    } finally {
      Reflect.set(calls, "findUnique", findUnique);
    }
  }

  test("a change to a call is read from the database once for all who watch it, not once per watcher", async () => {
    await callReads(async (reads) => {
      const readsPerChange: number[] = [];
      for (const watchers of [1, 50]) {
        const streams = Array.from({ length: watchers }, () => api.ws(feed));
        // graphql-ws acknowledges no subscription: a first change shows when all of them are live.
        await eventually("every watcher live", async () => {
          await edit(`warm-up for ${watchers}`);
          return streams.every((stream) => sawNotes(stream, `warm-up for ${watchers}`));
        });
        reads.count = 0;
        await edit(`counted for ${watchers}`);
        await eventually("the change seen by every watcher", async () =>
          streams.every((stream) => sawNotes(stream, `counted for ${watchers}`)),
        );
        readsPerChange.push(reads.count);
        for (const stream of streams) stream.close();
      }
      assert.deepEqual(readsPerChange, [1, 1], "reads of the call for 1 watcher, then for 50");
    });
  });

  test("whether a call is over is read once per change for all who watch its transcript", async () => {
    const prisma = secretary.app.database.prisma;
    const live = await prisma.call.create({
      data: { callSid: "CA-transcript-watched", from: "+15558880001", to: "+15550009999", status: "IN_PROGRESS" },
    });
    const liveId = Buffer.from(`Call:${live.id}`).toString("base64");
    await callReads(async (reads) => {
      const watchers = Array.from({ length: 50 }, () => api.ws(TranscriptDocument, { callId: liveId }));
      // Each watcher reads the call once as it subscribes.
      await eventually("every watcher subscribed", async () => reads.count >= 50);
      await prisma.call.update({ where: { id: live.id }, data: { status: "COMPLETED", endedAt: new Date() } });
      reads.count = 0;
      await api.query(UpdateCallNotesDocument, { input: { callId: liveId, notes: "over" } });
      await Promise.all(watchers.map((watcher) => watcher.completion()));
      assert.equal(reads.count, 1, "reads of the call after its change, for 50 watchers");
    });
  });

  test("one connection runs at most 100 operations at once; the 101st is refused with a clear error, on graphql-ws and graphql-sse", async () => {
    const client = createClient({
      url: `${secretary.app.url.replace(/^http/, "ws")}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${secretary.app.apiToken}` },
    });
    clients.push(client);
    const subscribeOverWs = (): Watched => {
      let unsubscribe: () => void = () => undefined;
      const stream = new LiveStream<FormattedExecutionResult<Record<string, unknown>, unknown>>(() => unsubscribe());
      unsubscribe = client.subscribe(
        { query: feed },
        { next: (value) => stream.push(value), error: (error) => stream.fail(error), complete: () => stream.end() },
      );
      return stream;
    };
    const browser = new ApiClient(secretary.app.url, secretary.app.apiToken);
    const transports = [
      { name: "graphql-ws", subscribe: subscribeOverWs },
      { name: "graphql-sse", subscribe: (): Watched => browser.sseSingleConnection(feed) },
    ];
    try {
      for (const transport of transports) {
        const streams = Array.from({ length: 101 }, transport.subscribe);
        const refused = await eventually(`a refusal over ${transport.name}`, async () =>
          streams.find((stream) => stream.errors.length > 0 || stream.events.some((event) => event.errors?.length)),
        );
        assert.match(JSON.stringify([refused.errors, refused.events]), /at most 100 operations/i, transport.name);
        await edit(`seen over ${transport.name}`);
        await eventually(
          `the change seen by the other hundred over ${transport.name}`,
          async () => streams.filter((stream) => sawNotes(stream, `seen over ${transport.name}`)).length === 100,
        );

        // Ending one frees its place for another.
        streams.find((stream) => stream !== refused)?.close();
        const another = transport.subscribe();
        await eventually(`a new operation live over ${transport.name}`, async () => {
          await edit(`after one ended, over ${transport.name}`);
          return sawNotes(another, `after one ended, over ${transport.name}`);
        });
        assert.deepEqual(another.errors, []);
      }
    } finally {
      await browser.close();
    }
  });
});
