// The dashboards of bench/subscribers.ts, forked into their own process so that parsing their
// events is not done on the secretary's event loop: `callUpdated` subscriptions spread over a few
// graphql-ws connections, as one owner's many tabs (or one abusive client) would open them.
import { type Client, createClient } from "graphql-ws";
import WebSocket from "ws";
import { describeError, sleep } from "./measure.js";

export const CALL_FEED_QUERY = "subscription CallFeed { callUpdated { id status notes } }";

export type ToFeedSubscribers =
  | { type: "job"; url: string; token: string; subscriptions: number; connections: number }
  /** Reply `seen` once every subscription has had an event or an error (or timeoutMs passed). */
  | { type: "await-any"; timeoutMs: number }
  /** Start counting from zero. */
  | { type: "measure" }
  | { type: "finish" };

export type FromFeedSubscribers =
  | { type: "seen"; waiting: number }
  | {
      type: "results";
      /** Events each live subscription received since `measure`. */
      received: number[];
      /** Subscriptions the server refused or ended with an error, by message. */
      refused: Record<string, number>;
    };

interface Subscription {
  events: number;
  error: string | undefined;
}

const subscriptions: Subscription[] = [];
const clients: Client[] = [];

const send = (message: FromFeedSubscribers): Promise<void> =>
  new Promise((resolve, reject) => {
    if (!process.send) return reject(new Error("not forked with an IPC channel"));
    process.send(message, undefined, {}, (error) => (error ? reject(error) : resolve()));
  });
// Orphaned when the bench dies: nothing left to report to.
process.on("disconnect", () => process.exit(1));

process.on("message", (message: ToFeedSubscribers) => {
  const run = async () => {
    switch (message.type) {
      case "job":
        return subscribeAll(message);
      case "await-any": {
        const waiting = () => subscriptions.filter((s) => s.events === 0 && s.error === undefined).length;
        const deadline = Date.now() + message.timeoutMs;
        while (waiting() > 0 && Date.now() < deadline) await sleep(20);
        return send({ type: "seen", waiting: waiting() });
      }
      case "measure":
        for (const subscription of subscriptions) subscription.events = 0;
        return;
      case "finish":
        return finish();
    }
  };
  run().catch((error: unknown) => {
    process.stderr.write(`call feed subscribers: ${describeError(error)}\n`);
    process.exit(1);
  });
});

function subscribeAll(job: Extract<ToFeedSubscribers, { type: "job" }>): void {
  for (let c = 0; c < job.connections; c++) {
    const client = createClient({
      url: `${job.url.replace(/^http/, "ws")}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${job.token}` },
      retryAttempts: 0,
    });
    clients.push(client);
  }
  for (let k = 0; k < job.subscriptions; k++) {
    const subscription: Subscription = { events: 0, error: undefined };
    subscriptions.push(subscription);
    clients[k % clients.length]?.subscribe(
      { query: CALL_FEED_QUERY },
      {
        next: (result) => {
          if (result.errors?.length) subscription.error ??= result.errors.map((e) => e.message).join("; ");
          else subscription.events += 1;
        },
        error: (error) => {
          subscription.error ??= describeRefusal(error);
        },
        complete: () => undefined,
      },
    );
  }
}

/** graphql-ws hands the error sink GraphQL errors (an array), a close event, or an Error. */
function describeRefusal(error: unknown): string {
  if (Array.isArray(error)) return error.map((e: { message?: string }) => e.message).join("; ");
  if (typeof error === "object" && error !== null && "code" in error)
    return `connection closed (${String(error.code)}${"reason" in error && error.reason ? `: ${String(error.reason)}` : ""})`;
  return describeError(error);
}

async function finish(): Promise<void> {
  const refused: Record<string, number> = {};
  for (const { error } of subscriptions) if (error !== undefined) refused[error] = (refused[error] ?? 0) + 1;
  await send({
    type: "results",
    received: subscriptions.filter((s) => s.error === undefined).map((s) => s.events),
    refused,
  });
  await Promise.allSettled(clients.map((client) => client.dispose()));
  process.disconnect?.();
  process.exit(0);
}
