import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from "react";
import { Provider } from "urql";
import { useLocation } from "wouter";
import { createGraphQLClient } from "./graphql-client";

/** Bumped each time the live connection comes back: pages reload what they show, as events were missed. */
const ReconnectsContext = createContext(0);

/**
 * The GraphQL client for the signed-in pages. A refused session sends the owner to sign in, and back
 * here afterwards; a new client is made after each sign-in, so nothing cached outlives a session.
 */
export function Connection({ children }: { children: ReactNode }) {
  const [, navigate] = useLocation();
  const [reconnects, setReconnects] = useState(0);
  const { client, dispose } = useMemo(
    () =>
      createGraphQLClient({
        unauthorized: () => {
          // Several operations may be refused at once: the first one sends the owner to sign in.
          const here = window.location.pathname + window.location.search;
          if (!window.location.pathname.startsWith("/signin")) navigate(`/signin?next=${encodeURIComponent(here)}`);
        },
        reconnected: () => setReconnects((count) => count + 1),
      }),
    [navigate],
  );
  useEffect(() => dispose, [dispose]);
  return (
    <Provider value={client}>
      <ReconnectsContext.Provider value={reconnects}>{children}</ReconnectsContext.Provider>
    </Provider>
  );
}

/**
 * Runs `reload` after the live connection comes back (not on the first connection): live events are
 * at most once, so a page loads what it shows again, then its subscriptions go on.
 */
export function useReloadOnReconnect(reload: () => void): void {
  const reconnects = useContext(ReconnectsContext);
  const [seen, setSeen] = useState(reconnects);
  useEffect(() => {
    if (reconnects === seen) return;
    setSeen(reconnects);
    reload();
  }, [reconnects, seen, reload]);
}
