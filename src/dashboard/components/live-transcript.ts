import { useMemo } from "react";
import { useQuery, useSubscription } from "urql";
import { useFreshQuery } from "../connection";
import { graphql } from "../generated";
import type { LiveTranscriptEventsSubscription } from "../generated/graphql";
import type { TranscriptLine } from "./transcript";

const LiveTranscriptTurnsQuery = graphql(`
  query LiveTranscriptTurns($callId: ID!) {
    call(callId: $callId) {
      id
      turns {
        ...TranscriptTurn
      }
    }
  }
`);

const TranscriptEventsSubscription = graphql(`
  subscription LiveTranscriptEvents($callId: ID!) {
    transcript(callId: $callId) {
      turnId
      role
      kind
      text
      delta
      final
      interrupted
    }
  }
`);

type TranscriptEvent = LiveTranscriptEventsSubscription["transcript"];

/**
 * Lines heard on the live transcript, in the order they began. Each event carries its turn's text so
 * far, so a line is replaced, never appended to: an event missed in between loses nothing.
 */
function addEvent(lines: TranscriptLine[] = [], { transcript: event }: LiveTranscriptEventsSubscription) {
  const line = lineOf(event);
  const index = lines.findIndex((known) => known.id === line.id);
  if (index === -1) return [...lines, line];
  const next = [...lines];
  next[index] = line;
  return next;
}

function lineOf(event: TranscriptEvent): TranscriptLine {
  return {
    id: event.turnId,
    role: event.role,
    kind: event.kind,
    text: event.text,
    interrupted: event.interrupted,
    streaming: !event.final,
  };
}

/**
 * The stored turns, then what the live transcript added since. A turn both loaded and heard live is
 * shown once: as stored, unless a live event changed it after it was loaded: it cut short a reply
 * already complete (the caller cut in), or it corrected a caller's turn (a card number they
 * finished in a later turn began in it, and is taken out; a caller's turn is otherwise heard live
 * once, as it is stored).
 */
function mergeTranscript(stored: readonly TranscriptLine[], live: readonly TranscriptLine[]): TranscriptLine[] {
  const liveById = new Map(live.map((line) => [line.id, line]));
  const merged = stored.map((turn) => {
    const heard = liveById.get(turn.id);
    if (heard?.interrupted && !turn.interrupted) return heard;
    return heard?.role === "CALLER" && heard.text !== turn.text ? heard : turn;
  });
  const storedIds = new Set(stored.map((turn) => turn.id));
  return [...merged, ...live.filter((line) => !storedIds.has(line.id))];
}

/**
 * One call's transcript as it happens: the turns so far by query, and the live `transcript` events
 * on top (the subscription starts with the query, so the gap between them is as short as it can be;
 * what both have is de-duplicated by turn). After the live connection comes back the turns are
 * loaded again, as events were missed.
 */
export function useLiveTranscript(callId: string): {
  lines: TranscriptLine[];
  loading: boolean;
  error: ReturnType<typeof useQuery>[0]["error"];
} {
  // From the network too: turns cached on an earlier visit miss what was said since.
  const [turns, reloadTurns] = useQuery({
    query: LiveTranscriptTurnsQuery,
    variables: { callId },
    requestPolicy: "cache-and-network",
  });
  const [events] = useSubscription({ query: TranscriptEventsSubscription, variables: { callId } }, addEvent);
  useFreshQuery(reloadTurns);
  const stored = turns.data?.call?.turns;
  const lines = useMemo(() => mergeTranscript(stored ?? [], events.data ?? []), [stored, events.data]);
  return { lines, loading: !turns.data && turns.fetching, error: turns.error ?? events.error };
}
