import { useCallback, useEffect, useRef, useState } from "react";
import { useQuery, useSubscription } from "urql";
import { PageTitle } from "../components/page-title";
import { QueryError } from "../components/query-error";
import { useReloadOnReconnect } from "../connection";
import { graphql } from "../generated";
import type { LiveCallFragment } from "../generated/graphql";
import { LiveCallCard } from "./live/live-call-card";
import { isOver, whoIsCalling } from "./live/live-state";
import "./live.css";

// The API's paging limit is far above what one office has on the line at once.
const MOST_LIVE_CALLS = 50;

graphql(`
  fragment LiveCall on Call {
    id
    from
    callerName
    startedAt
    status
    endReason
    endedAt
    callerRule {
      id
      kind
    }
  }
`);

const LiveCallsQuery = graphql(`
  query LiveCalls($first: Int) {
    calls(filter: { status: [RINGING, IN_PROGRESS] }, first: $first) {
      edges {
        node {
          ...LiveCall
        }
      }
    }
  }
`);

/** Every call's changes: a call that starts is brought in (cache.ts), one that ends leaves. */
const LiveCallUpdatesSubscription = graphql(`
  subscription LiveCallUpdates {
    callUpdated {
      ...LiveCall
    }
  }
`);

/** Who may be rung when the owner puts a caller through. */
const TransferTargetsQuery = graphql(`
  query LiveTransferTargets {
    settings {
      ownerName
      ownerPhone
      transferNumbers {
        name
        phone
      }
    }
  }
`);

// Long enough to read "ended" and see which call it was; the call is in the call list after that.
const ENDED_SHOWN_MS = 5_000;

export function LivePage() {
  const [result, reexecute] = useQuery({ query: LiveCallsQuery, variables: { first: MOST_LIVE_CALLS } });
  const [settings] = useQuery({ query: TransferTargetsQuery });
  const [updates] = useSubscription({ query: LiveCallUpdatesSubscription });
  const reload = useCallback(() => reexecute({ requestPolicy: "network-only" }), [reexecute]);
  useReloadOnReconnect(reload);

  const calls = result.data?.calls.edges.map((edge) => edge.node);
  const shown = useShownCalls(calls);

  // A call that goes live again (a dropped connection resumed) may sit in another list, so the
  // cache does not know to reload this one: it is loaded here.
  const updated = updates.data?.callUpdated;
  useEffect(() => {
    if (updated && !isOver(updated) && calls && !calls.some((call) => call.id === updated.id)) reload();
  }, [updated, calls, reload]);

  return (
    <>
      <PageTitle>Live</PageTitle>
      <Announcer calls={calls && shown.calls} />
      <QueryError error={result.error} />
      {calls && shown.calls.length === 0 && (
        <p className="live-empty">No calls right now. A call shows up here by itself as soon as it comes in.</p>
      )}
      {result.fetching && !calls && <p>Loading the calls in progress…</p>}
      <ol className="live-calls">
        {shown.calls.map((call) => (
          <li key={call.id}>
            <LiveCallCard
              call={call}
              transfer={settings.data?.settings}
              onGone={shown.forget}
              endedShownMs={ENDED_SHOWN_MS}
            />
          </li>
        ))}
      </ol>
    </>
  );
}

/**
 * The calls to show: those in progress, and for a moment those that ended while on screen. A call
 * already over when it was loaded (its end came before Twilio's final status) is not shown at all.
 */
function useShownCalls(calls: LiveCallFragment[] | undefined) {
  const [seenLive, setSeenLive] = useState<ReadonlySet<string>>(new Set());
  const [gone, setGone] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => {
    const live = (calls ?? []).filter((call) => !isOver(call) && !seenLive.has(call.id));
    if (live.length > 0) setSeenLive((seen) => new Set([...seen, ...live.map((call) => call.id)]));
  }, [calls, seenLive]);
  const forget = useCallback((callId: string) => setGone((ids) => new Set([...ids, callId])), []);
  const shown = (calls ?? []).filter((call) => !gone.has(call.id) && (!isOver(call) || seenLive.has(call.id)));
  return { calls: shown, forget };
}

/**
 * Says when a call comes in or ends, once (not what is said on it: the owner reads that, or moves
 * into the transcript to hear it). Calls already there when the page opened are not announced.
 */
function Announcer({ calls }: { calls: LiveCallFragment[] | undefined }) {
  const [message, setMessage] = useState("");
  const known = useRef<Map<string, boolean> | undefined>(undefined);
  useEffect(() => {
    if (!calls) return;
    const previous = known.current;
    known.current = new Map(calls.map((call) => [call.id, isOver(call)]));
    if (!previous) return;
    const news = calls.flatMap((call) => {
      const wasOver = previous.get(call.id);
      if (wasOver === undefined && !isOver(call)) return [`New call from ${whoIsCalling(call)}.`];
      if (wasOver === false && isOver(call)) return [`The call from ${whoIsCalling(call)} ended.`];
      return [];
    });
    if (news.length > 0) setMessage(news.join(" "));
  }, [calls]);
  return (
    <p className="visually-hidden" role="status">
      {message}
    </p>
  );
}
