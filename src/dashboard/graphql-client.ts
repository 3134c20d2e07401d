import { cacheExchange } from "@urql/exchange-graphcache";
import { createClient as createWsClient } from "graphql-ws";
import { Client, fetchExchange, mapExchange, subscriptionExchange } from "urql";
import { cacheConfig, droppedLists } from "./cache";
import { lateAnswersExchange } from "./late-answers";

export interface ConnectionEvents {
  /** The session is gone (signed out elsewhere, expired, or the token changed). */
  unauthorized(): void;
  /**
   * The live connection is open: the first time, or again after a drop or a server restart. Live
   * events are at most once, so whatever a page loaded before its subscriptions were listening (a
   * call that started in between, what was said while the connection was down) is loaded again.
   */
  connected(): void;
}

// graphql-ws closes with this when the session or token is refused; it is never worth retrying.
const UNAUTHORIZED = 4401;

/**
 * urql with a normalized cache, queries and mutations over HTTP and subscriptions over graphql-ws,
 * both authenticated by the session cookie the browser sends on its own.
 */
export function createGraphQLClient(events: ConnectionEvents): { client: Client; dispose(): void } {
  const url = new URL("/graphql", window.location.href);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  const lateAnswers = lateAnswersExchange(droppedLists);
  const live = createWsClient({
    url: url.href,
    lazy: true,
    // Kept open between pages: moving from one page to the next ends its subscriptions and starts the
    // next one's, and a socket closed in between would drop the events sent while a new one opens.
    lazyCloseTimeout: 60_000,
    // A phone between jobs loses the network often: keep trying, with graphql-ws's growing, jittered waits.
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: (closed) => !(closed instanceof CloseEvent && closed.code === UNAUTHORIZED),
    // A ping now and then notices a connection that died without a close (a sleeping laptop, a lost network).
    keepAlive: 10_000,
    on: {
      connected: () => {
        lateAnswers.connectionOpened();
        events.connected();
      },
      closed: (closed) => {
        if (closed instanceof CloseEvent && closed.code === UNAUTHORIZED) events.unauthorized();
      },
    },
  });
  const client = new Client({
    url: "/graphql",
    preferGetMethod: false,
    exchanges: [
      mapExchange({
        onError(error) {
          if (error.response?.status === 401) events.unauthorized();
        },
      }),
      cacheExchange(cacheConfig),
      // Between the cache and the network: it sees each load sent and its answer before the cache does.
      lateAnswers.exchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const operation = { ...request, query: request.query ?? "" };
          return {
            subscribe: (sink) => ({ unsubscribe: live.subscribe(operation, sink) }),
          };
        },
      }),
    ],
  });
  return {
    client,
    dispose: () => {
      lateAnswers.dispose();
      void live.dispose();
    },
  };
}
