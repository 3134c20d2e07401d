import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from "react";
import { Provider } from "urql";
import { useLocation } from "wouter";
import { createGraphQLClient } from "./graphql-client";

/** Bumped each time the live connection opens: pages reload what they show, as events may have been missed. */
const ConnectionsContext = createContext(0);

/**
 * The GraphQL client for the signed-in pages. A refused session sends the owner to sign in, and back
 * here afterwards; a new client is made after each sign-in, so nothing cached outlives a session.
 */
export function Connection({ children }: { children: ReactNode }) {
  const [, navigate] = useLocation();
  const [connections, setConnections] = useState(0);
  const { client, dispose } = useMemo(
    () =>
      createGraphQLClient({
        unauthorized: () => {
          // Several operations may be refused at once: the first one sends the owner to sign in.
          const here = window.location.pathname + window.location.search;
          if (!window.location.pathname.startsWith("/signin")) navigate(`/signin?next=${encodeURIComponent(here)}`);
        },
        connected: () => setConnections((count) => count + 1),
      }),
    [navigate],
  );
  useEffect(() => dispose, [dispose]);
  return (
    <Provider value={client}>
      <ConnectionsContext.Provider value={connections}>{children}</ConnectionsContext.Provider>
    </Provider>
  );
}

/**
 * Keeps what a query shows fresh beyond what subscriptions carry, by loading it again from the server
 * each time the live connection opens after the page was shown: the first connection, since the
 * page's query may have run before its subscriptions listened, and each one after a drop or a
 * restart (live events are at most once). A load already on its way then is followed by another
 * (late-answers.ts), as is one on its way when a change drops the list it loads.
 */
export function useFreshQuery(reload: (context: { requestPolicy: "network-only" }) => void): void {
  const connections = useContext(ConnectionsContext);
  const [seen, setSeen] = useState(connections);
  useEffect(() => {
    if (connections === seen) return;
    setSeen(connections);
    reload({ requestPolicy: "network-only" });
  }, [connections, seen, reload]);
}
