import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { type ExecutionResult, print } from "graphql";
import { createClient as createSseClient, type Client as SseClient } from "graphql-sse";
import { type Client, createClient } from "graphql-ws";
import WebSocket from "ws";

/** Events from a live subscription, whichever transport carries them. */
export class LiveStream<T> {
  readonly events: T[] = [];
  readonly errors: unknown[] = [];
  private waiters = new Set<() => void>();
  closed = false;
  /** The server completed the subscription (as opposed to the client closing it). */
  completed = false;

  constructor(private readonly stop: () => void) {}

  push(event: T): void {
    this.events.push(event);
    this.notify();
  }

  fail(error: unknown): void {
    this.errors.push(error);
    this.notify();
  }

  end(): void {
    this.completed = true;
    this.closed = true;
    this.notify();
  }

  /** Resolves with the first event (seen so far or still to come) that matches. */
  async waitFor(what: string, matches: (event: T) => boolean, timeoutMs = 5000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.find(matches);
      if (found) return found;
      if (this.errors.length > 0)
        throw new Error(`subscription failed while waiting for ${what}: ${JSON.stringify(this.errors)}`);
      const left = deadline - Date.now();
      if (left <= 0 || this.closed) throw new Error(`no ${what} (got ${JSON.stringify(this.events)})`);
      await this.wait(left);
    }
  }

  /** Resolves once the server completes the subscription; throws if it fails or takes longer. */
  async completion(timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.completed) {
      if (this.errors.length > 0)
        throw new Error(`subscription failed instead of completing: ${JSON.stringify(this.errors)}`);
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(
          `the subscription did not complete within ${timeoutMs} ms (got ${JSON.stringify(this.events)})`,
        );
      await this.wait(left);
    }
  }

  close(): void {
    this.closed = true;
    this.stop();
  }

  private notify(): void {
    for (const wake of [...this.waiters]) wake();
  }

  private wait(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      const wake = () => {
        clearTimeout(timer);
        this.waiters.delete(wake);
        resolve();
      };
      this.waiters.add(wake);
    });
  }
}

/** A frontend developer's view of the API: HTTP, SSE, graphql-sse and graphql-ws, with or without the token. */
export class ApiClient {
  private wsClients: Client[] = [];
  private sseClient: SseClient<true> | undefined;
  /** How many event streams the graphql-sse client opened (one, while its connection holds). */
  sseConnections = 0;

  constructor(
    private readonly baseUrl: string,
    private readonly token: string | undefined,
  ) {}

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return {
      "content-type": "application/json",
      ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
      ...extra,
    };
  }

  /** POSTs an operation; returns the HTTP status and the parsed body. */
  async post<R, V>(
    document: TypedDocumentNode<R, V> | string,
    variables?: V,
  ): Promise<{ status: number; body: ExecutionResult<R> }> {
    const response = await fetch(`${this.baseUrl}/graphql`, {
      method: "POST",
      headers: this.headers({ accept: "application/graphql-response+json, application/json" }),
      body: JSON.stringify({ query: typeof document === "string" ? document : print(document), variables }),
    });
    return { status: response.status, body: (await response.json()) as ExecutionResult<R> };
  }

  /** Runs an operation that must succeed, and returns its data. */
  async query<R, V>(document: TypedDocumentNode<R, V>, variables?: V): Promise<R> {
    const { status, body } = await this.post(document, variables);
    if (status !== 200 || body.errors?.length || !body.data) {
      throw new Error(`GraphQL request failed (${status}): ${JSON.stringify(body.errors ?? body)}`);
    }
    return body.data;
  }

  /** A subscription over Server-Sent Events, as GraphiQL and `EventSource`-style clients do it. */
  sse<R, V>(
    document: TypedDocumentNode<R, V> | string,
    variables?: V,
  ): LiveStream<ExecutionResult<R>> & { status: Promise<number> } {
    const controller = new AbortController();
    const stream = new LiveStream<ExecutionResult<R>>(() => controller.abort());
    const status = (async () => {
      const response = await fetch(`${this.baseUrl}/graphql`, {
        method: "POST",
        headers: this.headers({ accept: "text/event-stream" }),
        body: JSON.stringify({ query: typeof document === "string" ? document : print(document), variables }),
        signal: controller.signal,
      });
      if (response.status !== 200 || !response.body) {
        stream.end();
        return response.status;
      }
      void readEvents(response.body, (event, data) => {
        if (event === "next") stream.push(JSON.parse(data) as ExecutionResult<R>);
        if (event === "complete") stream.end();
      }).catch((error: unknown) => {
        if (!controller.signal.aborted) stream.fail(error);
      });
      return response.status;
    })();
    return Object.assign(stream, { status });
  }

  /** A subscription over graphql-ws; the token goes in connectionParams. */
  ws<R, V>(
    document: TypedDocumentNode<R, V> | string,
    variables?: V,
  ): LiveStream<ExecutionResult<R>> & { closeCode: Promise<number | undefined> } {
    let closeCode: (code: number | undefined) => void = () => undefined;
    const closed = new Promise<number | undefined>((resolve) => (closeCode = resolve));
    const client = createClient({
      url: `${this.baseUrl.replace(/^http/, "ws")}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: this.token ? { authorization: `Bearer ${this.token}` } : {},
      retryAttempts: 0,
      lazy: true,
      on: { closed: (event) => closeCode((event as { code?: number }).code) },
    });
    this.wsClients.push(client);
    const stream = new LiveStream<ExecutionResult<R>>(() => unsubscribe());
    const unsubscribe = client.subscribe<R>(
      {
        query: typeof document === "string" ? document : print(document),
        variables: variables as Record<string, unknown>,
      },
      {
        next: (value) => stream.push(value as ExecutionResult<R>),
        error: (error) => stream.fail(error),
        complete: () => stream.end(),
      },
    );
    return Object.assign(stream, { closeCode: closed });
  }

  /**
   * An operation over the graphql-sse client in single-connection mode, as a browser keeping to one
   * connection uses it: every operation of this ApiClient shares one event stream.
   */
  sseSingleConnection<R, V>(document: TypedDocumentNode<R, V> | string, variables?: V): LiveStream<ExecutionResult<R>> {
    this.sseClient ??= createSseClient({
      url: `${this.baseUrl}/graphql/stream`,
      singleConnection: true,
      // A function, not an object: the client adds its stream token to a headers object it is
      // given, and would send that stale token when it connects again.
      headers: (): Record<string, string> => (this.token ? { authorization: `Bearer ${this.token}` } : {}),
      retryAttempts: 0,
      on: {
        connected: () => {
          this.sseConnections += 1;
        },
      },
    });
    const stream = new LiveStream<ExecutionResult<R>>(() => unsubscribe());
    const unsubscribe = this.sseClient.subscribe<R>(
      {
        query: typeof document === "string" ? document : print(document),
        variables: variables as Record<string, unknown>,
      },
      {
        next: (value) => stream.push(value as ExecutionResult<R>),
        error: (error) => stream.fail(error),
        complete: () => stream.end(),
      },
    );
    return stream;
  }

  async close(): Promise<void> {
    this.sseClient?.dispose();
    await Promise.all(this.wsClients.map((client) => client.dispose()));
  }
}

async function readEvents(
  body: ReadableStream<Uint8Array>,
  onEvent: (event: string, data: string) => void,
): Promise<void> {
  const decoder = new TextDecoder();
  let buffer = "";
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = "message";
      const data: string[] = [];
      for (const line of block.split("\n")) {
        if (line.startsWith("event:")) event = line.slice(6).trim();
        else if (line.startsWith("data:")) data.push(line.slice(5).trimStart());
      }
      if (data.length > 0 || event === "complete") onEvent(event, data.join("\n"));
    }
  }
}
