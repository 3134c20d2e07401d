import type { TurnKind, TurnRole } from "@prisma/client";

/** A live change to a call's transcript, small and plain so it can cross Redis as JSON. */
export interface TranscriptEvent {
  callId: string;
  turnId: string;
  role: TurnRole;
  /** Absent: SPEECH. */
  kind?: TurnKind;
  /** The turn so far. */
  text: string;
  /** What this event added to the turn. */
  delta: string;
  final: boolean;
  interrupted: boolean;
}

/**
 * Where the call log's changes are announced, for live watchers: by the call session as a call
 * goes on, by the webhooks and the analysis worker, and by the owner's edits through the API.
 */
export interface CallEvents {
  transcript(event: TranscriptEvent): void;
  /**
   * Whether a transcript event of this call could reach anyone now. When not, it need not be made:
   * a reply's words go out a token at a time, and on most calls nobody watches.
   */
  transcriptWanted(callId: string): boolean;
  /** The call's stored record changed (started, status, ended, analysed, edited by the owner). */
  callChanged(callId: string): void;
  /** The call was erased with everything attached to it. */
  callErased(callId: string): void;
}
