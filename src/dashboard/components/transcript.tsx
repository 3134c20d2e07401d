import { graphql } from "../generated";
import type { TurnKind, TurnRole } from "../generated/graphql";

/** What a stored turn brings to a transcript (a call's page selects it with `...TranscriptTurn`). */
graphql(`
  fragment TranscriptTurn on Turn {
    id
    seq
    role
    kind
    text
    interrupted
  }
`);

export interface TranscriptLine {
  id: string;
  role: TurnRole;
  kind: TurnKind;
  text: string;
  /** The caller cut in: only what they heard is kept, and the line shows it was cut. */
  interrupted: boolean;
  /** An assistant reply still streaming in. */
  streaming?: boolean;
}

const SPEAKER: Record<TurnRole, string> = { CALLER: "Caller", ASSISTANT: "Secretary", OWNER: "You (to the secretary)" };

/** A call's words in order, who said each, and how (spoken, keyed in, texted). */
export function Transcript({ lines, live = false }: { lines: TranscriptLine[]; live?: boolean }) {
  if (lines.length === 0) return <p className="hint">Nothing said yet.</p>;
  return (
    // Live: a screen reader hears each new line as it is added, not every token of it.
    <ol className="transcript" aria-live={live ? "polite" : undefined} aria-relevant={live ? "additions" : undefined}>
      {lines.map((line) => (
        <li key={line.id} className={`turn turn-${line.role.toLowerCase()}`}>
          <span className="speaker">
            {SPEAKER[line.role]}
            {line.kind === "DTMF" && " (keypad)"}
            {line.kind === "SMS" && " (text message)"}
          </span>
          <span className="words">
            {line.text}
            {line.streaming && <span className="typing" aria-hidden="true" />}
            {line.interrupted && <span className="cut"> — cut off by the caller</span>}
          </span>
        </li>
      ))}
    </ol>
  );
}
