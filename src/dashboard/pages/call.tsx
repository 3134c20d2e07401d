import { useCallback, useEffect, useState } from "react";
import { type CombinedError, useQuery, useSubscription } from "urql";
import { Link } from "wouter";
import { StatusBadge, UrgencyBadge } from "../components/badges";
import { PageTitle } from "../components/page-title";
import { QueryError } from "../components/query-error";
import { Transcript } from "../components/transcript";
import { useFreshQuery } from "../connection";
import { graphql } from "../generated";
import type { CallPageQuery } from "../generated/graphql";
import { isLive } from "../live-status";
import { CallActionItems } from "./call/action-items";
import { CallAnalysis } from "./call/analysis";
import { CallerDetails } from "./call/caller";
import { CallDeliveries } from "./call/deliveries";
import { EraseCall } from "./call/erase-call";
import { CallFacts } from "./call/facts";
import { CallNotes } from "./call/notes";
import "./call/call.css";

/** What changes on a call after it is loaded: what `callUpdated` brings to an open call page. */
graphql(`
  fragment CallPageLive on Call {
    id
    status
    endedAt
    durationSeconds
    endReason
    handledBy
    callerName
    summary
    intent
    urgency
    afterHours
    spam
    analysisState
    analysisError
    analyzedAt
    notes
    actionItems {
      ...CallPageActionItem
    }
  }
`);

const CallPageQueryDocument = graphql(`
  query CallPage($callId: ID!) {
    call(callId: $callId) {
      ...CallPageLive
      from
      to
      startedAt
      turns {
        ...TranscriptTurn
      }
      recording {
        url
        durationSeconds
      }
      caller {
        ...CallPageCaller
      }
      callerRule {
        ...CallPageCallerRule
      }
      deliveries {
        ...CallPageDelivery
      }
    }
  }
`);

const CallPageUpdates = graphql(`
  subscription CallPageUpdates {
    callUpdated {
      ...CallPageLive
    }
  }
`);

// Erased elsewhere (another tab, the retention period): cache.ts drops the call, and the page shows it gone.
const CallPageDeletions = graphql(`
  subscription CallPageDeletions {
    callDeleted
  }
`);

/** The page of one call (`/calls/:callId`, the call's global ID; notifications link here). */
export function CallPage({ params }: { params: { callId: string } }) {
  const callId = decodedParam(params.callId);
  const [result, reexecute] = useQuery({ query: CallPageQueryDocument, variables: { callId } });
  useSubscription({ query: CallPageUpdates });
  useSubscription({ query: CallPageDeletions });
  const reload = useCallback(() => reexecute({ requestPolicy: "network-only" }), [reexecute]);
  useFreshQuery(reload);
  const call = result.data?.call;

  if (call === null || isUnknownId(result.error)) return <CallGone />;
  if (!call) {
    return (
      <>
        <PageTitle>A call</PageTitle>
        <QueryError error={result.error} />
        {result.fetching && <p>Loading the call…</p>}
      </>
    );
  }
  // Keyed by call: a link to another call of the caller's starts its page afresh (notes draft, dialogs).
  return <CallDetails key={call.id} call={call} error={result.error} reload={reload} />;
}

type LoadedCall = NonNullable<CallPageQuery["call"]>;

function CallDetails(props: { call: LoadedCall; error: CombinedError | undefined; reload: () => void }) {
  const { call, error } = props;
  // What the live feed does not carry (the transcript, the notifications, the caller's calls) is loaded
  // again when the call ends or an analysis lands.
  useReloadWhenChanged(`${isLive(call.status)} ${call.analyzedAt}`, props.reload);
  const who = call.callerName ?? call.caller?.name ?? call.from;
  return (
    <article className="call-page">
      <PageTitle>{`Call from ${who}`}</PageTitle>
      <p className="badges">
        <StatusBadge status={call.status} />
        <UrgencyBadge urgency={call.urgency} />
        {call.afterHours && <span className="badge">After hours</span>}
        {call.spam && <span className="badge spam">Spam</span>}
        {call.callerRule?.kind === "BLOCK" && <span className="badge spam">Number blocked</span>}
      </p>
      <QueryError error={error} />
      {isLive(call.status) && (
        <p className="call-live-note">
          This call is going on now. <Link href="/live">Follow it on Live</Link>.
        </p>
      )}
      <div className="call-columns">
        <div className="call-main">
          <CallAnalysis call={call} />
          <CallActionItems items={call.actionItems} />
          <section aria-labelledby="call-transcript">
            <h2 id="call-transcript">Transcript</h2>
            <Transcript lines={call.turns} />
          </section>
        </div>
        <div className="call-side">
          <CallFacts call={call} />
          {call.recording && (
            <section aria-labelledby="call-recording">
              <h2 id="call-recording">Recording</h2>
              {/* biome-ignore lint/a11y/useMediaCaption: a phone call's audio; its transcript is on this page. */}
              <audio controls preload="none" src={sameOrigin(call.recording.url)} className="call-audio">
                <a href={sameOrigin(call.recording.url)}>Download the recording</a>
              </audio>
            </section>
          )}
          <CallNotes callId={call.id} notes={call.notes} />
          <CallerDetails
            callId={call.id}
            from={call.from}
            caller={call.caller}
            rule={call.callerRule}
            reload={props.reload}
          />
          <CallDeliveries deliveries={call.deliveries} />
          <EraseCall call={call} />
        </div>
      </div>
    </article>
  );
}

/** Erased (here or in another tab), or never there: not an error, nothing the owner can retry. */
function CallGone() {
  return (
    <>
      <PageTitle>Call not found</PageTitle>
      <p>
        This call was erased or never existed. <Link href="/calls">See the calls</Link>.
      </p>
    </>
  );
}

/** An ID that is not a call's is as good as a call that is not there. */
function isUnknownId(error: CombinedError | undefined): boolean {
  return !!error?.graphQLErrors.some((graphQLError) => graphQLError.extensions?.code === "BAD_USER_INPUT");
}

/**
 * The recording's URL on this page's own origin: the API names it under PUBLIC_URL (the address Twilio
 * reaches, e.g. a tunnel), where the browser's session cookie is not sent; the same server serves both.
 */
function sameOrigin(url: string): string {
  const { pathname, search } = new URL(url, window.location.href);
  return pathname + search;
}

/** Global IDs are base64: `/` and `=` arrive escaped in the path, and the router leaves them so. */
function decodedParam(param: string): string {
  try {
    return decodeURIComponent(param);
  } catch {
    return param;
  }
}

/** Runs `reload` each time `key` changes (not on the first render). */
function useReloadWhenChanged(key: string, reload: () => void): void {
  const [seen, setSeen] = useState(key);
  useEffect(() => {
    if (key === seen) return;
    setSeen(key);
    reload();
  }, [key, seen, reload]);
}
