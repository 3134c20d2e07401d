import { useEffect, useLayoutEffect, useRef, useState } from "react";
import { Link } from "wouter";
import { useLiveTranscript } from "../../components/live-transcript";
import { QueryError } from "../../components/query-error";
import { Transcript } from "../../components/transcript";
import { formatDuration, formatWhen } from "../../format";
import type { LiveCallFragment } from "../../generated/graphql";
import { type LiveState, liveState } from "../../live-calls";
import { CallControls, type TransferTargets } from "./call-controls";

const STATE_WORDS: Record<LiveState, string> = {
  ringing: "Ringing",
  "with-secretary": "With the secretary",
  "put-through": "Put through to you",
  reconnecting: "Reconnecting",
  ended: "Ended",
};

export function whoIsCalling(call: Pick<LiveCallFragment, "callerName" | "from">): string {
  return call.callerName ?? call.from;
}

/** One call in progress: who, since when, what is being said, and the owner's hand on it. */
export function LiveCallCard(props: {
  call: LiveCallFragment;
  transfer: TransferTargets | undefined;
  /** The call ended and has been shown as ended long enough. */
  onGone(callId: string): void;
  endedShownMs: number;
}) {
  const { call, onGone, endedShownMs } = props;
  const state = liveState(call);
  const who = whoIsCalling(call);
  const headingId = `live-call-${call.id}`;

  useEffect(() => {
    if (state !== "ended") return;
    const timer = setTimeout(() => onGone(call.id), endedShownMs);
    return () => clearTimeout(timer);
  }, [state, call.id, onGone, endedShownMs]);

  return (
    <article className={`live-call live-call-${state} card`} aria-labelledby={headingId}>
      <header className="live-call-head">
        <h2 id={headingId}>{who}</h2>
        <span className="badges">
          <span className={`badge live-state-${state}`}>{STATE_WORDS[state]}</span>
          {call.callerRule?.kind === "VIP" && <span className="badge">VIP</span>}
        </span>
        <p className="when">
          {call.callerName && <span className="number">{call.from} · </span>}
          {formatWhen(call.startedAt)} ·{" "}
          <Elapsed since={call.startedAt} until={state === "ended" ? call.endedAt : null} />
          {" · "}
          <Link href={`/calls/${encodeURIComponent(call.id)}`}>Call details</Link>
        </p>
      </header>
      <div className="live-call-body">
        <LiveTranscript callId={call.id} who={who} />
        {state === "ended" ? (
          <p className="live-ended">This call has ended. It stays in the call list.</p>
        ) : (
          <CallControls call={call} who={who} state={state} transfer={props.transfer} />
        )}
      </div>
    </article>
  );
}

/** How long the call has lasted, ticking each second while it goes on. Not a live region: it would never stop talking. */
function Elapsed({ since, until }: { since: string; until: string | null | undefined }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (until) return;
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, [until]);
  const end = until ? new Date(until).getTime() : now;
  const seconds = Math.max(0, Math.floor((end - new Date(since).getTime()) / 1_000));
  return (
    <span className="elapsed">
      {until ? "lasted " : "on the line for "}
      <time dateTime={`PT${seconds}S`}>{formatDuration(seconds)}</time>
    </span>
  );
}

/**
 * The transcript in a box of its own that follows the newest words, unless the owner has scrolled
 * up to read something earlier. Focusable, so that it scrolls from the keyboard too.
 */
function LiveTranscript({ callId, who }: { callId: string; who: string }) {
  const { lines, loading, error } = useLiveTranscript(callId);
  const box = useRef<HTMLElement>(null);
  const following = useRef(true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: it follows each change of the lines.
  useLayoutEffect(() => {
    const element = box.current;
    if (element && following.current) element.scrollTop = element.scrollHeight;
  }, [lines]);
  return (
    <section
      ref={box}
      className="live-transcript"
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling box must be reachable from the keyboard to scroll.
      tabIndex={0}
      aria-label={`Transcript of the call with ${who}`}
      onScroll={(event) => {
        const element = event.currentTarget;
        following.current = element.scrollHeight - element.scrollTop - element.clientHeight < 40;
      }}
    >
      <QueryError error={error} />
      {loading ? <p className="hint">Loading what was said…</p> : <Transcript lines={lines} />}
    </section>
  );
}
