/** A live change to a call's transcript, small and plain so it can cross Redis as JSON. */
export interface TranscriptEvent {
  callId: string;
  turnId: string;
  role: "CALLER" | "ASSISTANT";
  /** The turn so far. */
  text: string;
  /** What this event added to the turn. */
  delta: string;
  final: boolean;
  interrupted: boolean;
}

/** Where the conversation reports what happens on a call, for live watchers. */
export interface CallEvents {
  transcript(event: TranscriptEvent): void;
  /** The call's stored record changed (started, status, ended, analysed). */
  callChanged(callId: string): void;
}

export const noCallEvents: CallEvents = {
  transcript: () => undefined,
  callChanged: () => undefined,
};
