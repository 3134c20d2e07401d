import type { CallSession, SessionStart } from "../conversation/call-session.js";
import type { CallerLine, Handoff } from "../conversation/caller-line.js";
import type { Logger } from "../logger.js";
import { encodeHandoffData } from "./handoff-data.js";
import {
  decodeSessionParameters,
  parseRelayFrame,
  type RelayOutboundMessage,
  type SetupMessage,
} from "./relay-messages.js";

/** Opens the conversation on a call, speaking through `line`. */
export type SessionFactory = (call: SessionStart, line: CallerLine) => CallSession;

/**
 * One ConversationRelay socket, translated both ways: Twilio's frames become the call session's
 * methods, and what the session says becomes Twilio's frames. ConversationRelay's JSON stays here.
 */
export class RelayConnection implements CallerLine {
  private session: CallSession | undefined;
  private callSid: string | undefined;

  constructor(
    private readonly send: (message: RelayOutboundMessage) => void,
    private readonly createSession: SessionFactory,
    private readonly log: Logger,
  ) {}

  /** One text frame from Twilio. A bad frame is logged and the call goes on. */
  receive(raw: string): void {
    const frame = parseRelayFrame(raw);
    if (frame.kind === "invalid") {
      this.log.warn({ callSid: this.callSid, reason: frame.reason }, "ignored a malformed ConversationRelay frame");
      return;
    }
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
      this.callSid = message.callSid;
      this.session = this.createSession(sessionStart(message), this);
      return;
    }
    const session = this.session;
    if (!session) {
      this.log.warn({ type: message.type }, "ignored a frame that came before setup");
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
    // 1000 is a normal close: the caller hung up, or Twilio ended the session we asked it to end.
    // Anything else is the connection dropping, after which Twilio may reconnect the call.
    return this.session?.ended(code === 1000 ? "hang-up" : "dropped") ?? Promise.resolve();
  }

  speak(text: string): void {
    this.send({ type: "text", token: text, last: false });
  }

  endReply(): void {
    this.send({ type: "text", token: "", last: true });
  }

  hangUp(handoff: Handoff): void {
    this.send({ type: "end", handoffData: encodeHandoffData(handoff) });
  }
}

function sessionStart(setup: SetupMessage): SessionStart {
  return { callSid: setup.callSid, from: setup.from, to: setup.to, ...decodeSessionParameters(setup.customParameters) };
}
