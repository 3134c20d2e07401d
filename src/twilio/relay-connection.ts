import type { CallSession, SessionStart } from "../conversation/call-session.js";
import type { CallerLine, Handoff } from "../conversation/caller-line.js";
import type { Logger } from "../logger.js";
import { FrameBudget } from "./frame-budget.js";
import { encodeHandoffData } from "./handoff-data.js";
import {
  decodeSessionParameters,
  parseRelayFrame,
  relayFrame,
  type SetupMessage,
  textFrame,
} from "./relay-messages.js";
import type { RelayTickets, TicketClaim } from "./relay-ticket.js";

/** Opens the conversation on a call, speaking through `line`. */
export type SessionFactory = (call: SessionStart, line: CallerLine) => CallSession;

/** The socket a RelayConnection reads and writes: ws's WebSocket, seen from here. */
export interface RelaySocket {
  /** Sends a frame made by relayFrame or textFrame. */
  send(frame: string): void;
  close(code: number, reason: string): void;
}

// Close codes: ours in the 4000 range where the WebSocket standard has none.
const CLOSE_NO_SETUP = 4408;
const CLOSE_POLICY = 1008;
const CLOSE_INVALID_FRAMES = 1007;

// Twilio sends `setup` as soon as the socket opens.
export const SETUP_TIMEOUT_MS = 3000;
// Twilio closes a socket after ten malformed frames in a row from us; we do the same for it.
const MAX_MALFORMED_IN_A_ROW = 10;
// The first few malformed frames are worth a line each; after that, a count when the socket closes.
const MALFORMED_FRAMES_LOGGED = 5;

/**
 * One ConversationRelay socket, translated both ways: Twilio's frames become the call session's
 * methods, and what the session says becomes Twilio's frames. ConversationRelay's JSON stays here.
 *
 * It also keeps the socket within what Twilio would do: `setup` first and within a few seconds, and
 * matching the session ticket the socket was opened with; no more frames than a call produces
 * (FrameBudget); not ten malformed frames in a row. A socket that breaks one of these is closed,
 * so one socket cannot hold the process.
 */
export class RelayConnection implements CallerLine {
  private session: CallSession | undefined;
  private readonly setupTimer: NodeJS.Timeout;
  private readonly budget = new FrameBudget();
  private malformedInARow = 0;
  private malformedTotal = 0;
  private closing = false;

  constructor(
    private readonly socket: RelaySocket,
    private readonly ticket: TicketClaim,
    private readonly tickets: RelayTickets,
    private readonly createSession: SessionFactory,
    private readonly log: Logger,
  ) {
    this.setupTimer = setTimeout(() => this.refuse(CLOSE_NO_SETUP, "no setup frame"), SETUP_TIMEOUT_MS);
  }

  private get callSid(): string {
    return this.ticket.callSid;
  }

  /** One text frame from Twilio. A bad frame is logged and the call goes on. */
  receive(raw: string): void {
    if (this.closing) return;
    if (!this.budget.take()) {
      this.refuse(CLOSE_POLICY, "too many frames");
      return;
    }
    const frame = parseRelayFrame(raw);
    if (frame.kind === "invalid") {
      this.malformed(frame.reason);
      return;
    }
    this.malformedInARow = 0;
    if (frame.kind === "unknown") {
      this.log.info({ callSid: this.callSid, type: frame.type }, "ignored an unknown ConversationRelay frame type");
      return;
    }
    const message = frame.message;
    if (message.type === "setup") {
      if (this.session) {
        this.log.warn({ callSid: this.callSid }, "ignored a second setup frame");
        return;
      }
      this.open(message);
      return;
    }
    const session = this.session;
    if (!session) {
      this.log.warn({ callSid: this.callSid, type: message.type }, "ignored a frame that came before setup");
      return;
    }
    switch (message.type) {
      case "prompt":
        // Partial prompts are the caller still speaking; only the final one is answered.
        if (message.last) session.callerSpoke(message.voicePrompt);
        return;
      case "interrupt":
        session.interrupted(message.utteranceUntilInterrupt);
        return;
      case "dtmf":
        session.digit(message.digit);
        return;
      case "info":
        // Sent with `debug="speaker-events"`: the text-to-speech has finished playing.
        if (message.name === "agentSpeaking" && message.value === "off") session.speechFinished();
        return;
      case "error":
        this.log.warn({ callSid: this.callSid, description: message.description }, "Twilio reported an error");
        return;
    }
  }

  /** The socket closed; resolves once the session's last writes are queued. */
  closed(code: number): Promise<void> {
    this.closing = true;
    clearTimeout(this.setupTimer);
    if (this.malformedTotal > MALFORMED_FRAMES_LOGGED) {
      const more = this.malformedTotal - MALFORMED_FRAMES_LOGGED;
      this.log.warn({ callSid: this.callSid, frames: more }, "ignored more malformed ConversationRelay frames");
    }
    // 1000 is a normal close: the caller hung up, or Twilio ended the session we asked it to end.
    // Anything else is the connection dropping, after which Twilio may reconnect the call.
    return this.session?.ended(code === 1000 ? "hang-up" : "dropped") ?? Promise.resolve();
  }

  speak(text: string): void {
    this.socket.send(textFrame(text, false));
  }

  holdOn(text: string): void {
    // A talk cycle of its own (last: true), so it is spoken now rather than waiting for the reply's
    // words; preemptible, so the reply's first text frame cuts it short.
    this.socket.send(relayFrame({ type: "text", token: text, last: true, preemptible: true }));
  }

  endReply(): void {
    this.socket.send(textFrame("", true));
  }

  switchLanguage(language: string): void {
    this.socket.send(relayFrame({ type: "language", ttsLanguage: language, transcriptionLanguage: language }));
  }

  hangUp(handoff: Handoff): void {
    this.socket.send(relayFrame({ type: "end", handoffData: encodeHandoffData(handoff) }));
  }

  drop(reason: string): void {
    this.refuse(CLOSE_POLICY, reason);
  }

  /** `setup` must be what the ticket was issued for: the call, its numbers, its parameters. */
  private open(setup: SetupMessage): void {
    clearTimeout(this.setupTimer);
    const claimed = {
      callSid: setup.callSid,
      accountSid: setup.accountSid ?? "",
      from: setup.from,
      to: setup.to,
      parameters: setup.customParameters,
    };
    if (!this.tickets.matches(this.ticket, claimed)) {
      this.refuse(CLOSE_POLICY, "setup does not match the session's ticket");
      return;
    }
    const { greeting, ownerUnavailable, stirVerstat, afterHours, screening } = decodeSessionParameters(
      setup.customParameters,
    );
    this.session = this.createSession(
      {
        callSid: setup.callSid,
        from: setup.from,
        to: setup.to,
        greeting: greeting || undefined,
        ownerUnavailable,
        stirVerstat,
        afterHours,
        screening,
        issuedAt: this.ticket.issuedAt,
      },
      this,
    );
  }

  private malformed(reason: string): void {
    this.malformedTotal += 1;
    if (this.malformedTotal <= MALFORMED_FRAMES_LOGGED) {
      this.log.warn({ callSid: this.callSid, reason }, "ignored a malformed ConversationRelay frame");
    }
    if (++this.malformedInARow >= MAX_MALFORMED_IN_A_ROW)
      this.refuse(CLOSE_INVALID_FRAMES, "too many malformed frames");
  }

  private refuse(code: number, reason: string): void {
    if (this.closing) return;
    this.closing = true;
    clearTimeout(this.setupTimer);
    this.log.warn({ callSid: this.callSid, code, reason }, "closed a relay socket");
    this.socket.close(code, reason);
  }
}
