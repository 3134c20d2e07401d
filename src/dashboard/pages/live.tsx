import { useCallback, useEffect, useRef, useState } from "react";
import { useQuery } from "urql";
import { PageTitle } from "../components/page-title";
import { QueryError } from "../components/query-error";
import { graphql } from "../generated";
import type { LiveCallFragment } from "../generated/graphql";
import { isOver, useLiveCalls } from "../live-calls";
import { LiveCallCard, whoIsCalling } from "./live/live-call-card";
import "./live.css";

/** Who may be rung when the owner puts a caller through. */
const TransferTargetsQuery = graphql(`
  query LiveTransferTargets {
    settings {
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
  const { calls, error, fetching } = useLiveCalls();
  const [settings] = useQuery({ query: TransferTargetsQuery });
  const shown = useShownCalls(calls);

  return (
    <>
      <PageTitle>Live</PageTitle>
      <Announcer calls={calls && shown.calls} />
      <QueryError error={error} />
      {calls && shown.calls.length === 0 && (
        <p className="live-empty">No calls right now. A call shows up here by itself as soon as it comes in.</p>
      )}
      {fetching && !calls && <p>Loading the calls in progress…</p>}
      {shown.calls.length > 0 && (
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
      )}
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
