import { useMemo } from "react";
import { useQuery, useSubscription } from "urql";
import { useFreshQuery } from "./connection";
import { graphql } from "./generated";
import type { EndReason, LiveCallFragment } from "./generated/graphql";
import { isLive } from "./live-status";

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

/** Every call's changes: a call that starts is brought in (cache.ts), one that ends is seen to end. */
const LiveCallUpdatesSubscription = graphql(`
  subscription LiveCallUpdates {
    callUpdated {
      ...LiveCall
    }
  }
`);

/**
 * The calls Twilio has not reported over, kept current: the Live page shows them, the navigation
 * counts them (one query and one subscription for both). Some may be over already (`isOver`). A call
 * that starts, or goes live again (a dropped connection resumed), is brought into the list by the
 * cache's handling of each event (cache.ts), not here: a render may take in several events at once.
 */
export function useLiveCalls() {
  const [result, reexecute] = useQuery({ query: LiveCallsQuery, variables: { first: MOST_LIVE_CALLS } });
  useSubscription({ query: LiveCallUpdatesSubscription });
  useFreshQuery(reexecute);
  const edges = result.data?.calls.edges;
  const calls = useMemo(() => edges?.map((edge) => edge.node), [edges]);
  return { calls, error: result.error, fetching: result.fetching };
}

/**
 * Where a call stands, as the call log has it. A call's last session may have ended while Twilio
 * has not yet reported its final status: it is over if nothing follows that session (the server's
 * own rule, `isCallOver`), back with the secretary otherwise.
 */
export type LiveState = "ringing" | "with-secretary" | "put-through" | "reconnecting" | "ended";

type CallProgress = Pick<LiveCallFragment, "status" | "endReason" | "endedAt">;

// After these no session follows; after a lost connection or a transfer one may.
const FINAL_END_REASONS: ReadonlySet<EndReason> = new Set(["CALLER_HUNG_UP", "ENDED_BY_ASSISTANT", "NO_END_REPORTED"]);

export function liveState(call: CallProgress): LiveState {
  if (!isLive(call.status)) return "ended";
  // A resumed session clears endedAt: the call is on again.
  if (call.endReason && call.endedAt) {
    if (FINAL_END_REASONS.has(call.endReason)) return "ended";
    return call.endReason === "TRANSFERRED_TO_OWNER" ? "put-through" : "reconnecting";
  }
  return call.status === "RINGING" ? "ringing" : "with-secretary";
}

export function isOver(call: CallProgress): boolean {
  return liveState(call) === "ended";
}
