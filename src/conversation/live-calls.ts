/** What the owner can do to a call while it is on, from outside it (the API). */
export type CallCommand =
  /** A note for the secretary, before its next reply; kept in the transcript, never spoken. */
  | { kind: "guide"; note: string }
  /** A line for the secretary to say next, after the reply it is giving, if any. */
  | { kind: "say"; text: string }
  /** Put the caller through to the owner's phone now. */
  | { kind: "transfer" }
  /** Say goodbye (these words, or the secretary's own), then end the call. */
  | { kind: "end"; farewell?: string | undefined };

/**
 * What happened to a command: applied; refused because the call is already ending (a goodbye or a
 * transfer on its way); or no session of this call is held here (another process may hold it).
 */
export type CommandOutcome = "applied" | "call-ending" | "not-held";

/** A call session as the owner steers it. Each method says whether it applied the command. */
export interface ControllableCall {
  guide(note: string): boolean;
  say(text: string): boolean;
  transfer(): boolean;
  end(farewell: string | undefined): boolean;
}

// What a session takes from the owner: a note is a sentence or two, a line is said aloud in one breath.
export const MAX_OWNER_NOTE_LENGTH = 1000;
export const MAX_SPOKEN_LINE_LENGTH = 500;

/**
 * The call sessions this process holds, by CallSid: where a command for a call is applied, if the
 * call is here. A session is held from the moment it is open until its connection goes.
 */
export class LiveCalls {
  private readonly sessions = new Map<string, ControllableCall>();

  /** The session now carries `callSid` here; returns what lets it go (only it, not a later one). */
  hold(callSid: string, session: ControllableCall): () => void {
    this.sessions.set(callSid, session);
    return () => {
      if (this.sessions.get(callSid) === session) this.sessions.delete(callSid);
    };
  }

  /** How many calls this process holds now. */
  get size(): number {
    return this.sessions.size;
  }

  apply(callSid: string, command: CallCommand): CommandOutcome {
    const session = this.sessions.get(callSid);
    if (!session) return "not-held";
    return applyTo(session, command) ? "applied" : "call-ending";
  }
}

function applyTo(session: ControllableCall, command: CallCommand): boolean {
  switch (command.kind) {
    case "guide":
      return session.guide(command.note);
    case "say":
      return session.say(command.text);
    case "transfer":
      return session.transfer();
    case "end":
      return session.end(command.farewell);
  }
}
