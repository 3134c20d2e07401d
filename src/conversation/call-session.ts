import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import type { TurnKind } from "@prisma/client";
import type { Timing } from "../config.js";
import { giveUpAfter } from "../give-up-after.js";
import type { Logger } from "../logger.js";
import type { CallEvents } from "../calls/call-events.js";
import type { CallStore, NewTurn } from "../calls/call-store.js";
import type { WriteQueue } from "../calls/write-queue.js";
import type { HandoffData, InterruptMessage, RelayInboundMessage, RelayOutboundMessage, SetupMessage } from "../twilio/relay-messages.js";
import { parseRelayFrame } from "../twilio/relay-messages.js";
import type { CallAgent, CallerFacts, HistoryEntry, ReplyEvent } from "./agent.js";
import { truncateToHeard } from "./history.js";

export type SessionTiming = Pick<Timing, "openTimeoutMs" | "dtmfIdleMs" | "maxFarewellMs" | "resumeGraceMs">;

export interface CallSessionDeps {
  store: CallStore;
  writes: WriteQueue;
  events: CallEvents;
  logger: Logger;
  timing: SessionTiming;
  ownerName: string;
  createAgent(caller: CallerFacts, onFailover: () => void): CallAgent;
  send(message: RelayOutboundMessage): void;
}

interface Reply {
  turnId: string;
  controller: AbortController;
  sent: string;
  startedAt: number;
  createdAt: Date;
  firstTokenMs: number | undefined;
}

interface SpokenReply {
  turnId: string;
  text: string;
  historyIndex: number;
}

// Speech runs at roughly 15 characters a second; used to wait for a goodbye to be heard when
// Twilio does not tell us (no speaker events).
const SPEECH_MS_PER_CHAR = 65;

/**
 * One ConversationRelay session: the caller's words in, the agent's streamed reply out, barge-in,
 * keypad input, and the call's record kept in order behind the conversation (never in front of it).
 */
export class CallSession {
  private ready: Promise<void> | undefined;
  private callSid = "";
  private callId: string | undefined;
  private agent: CallAgent | undefined;
  private readonly history: HistoryEntry[] = [];
  private reply: Reply | undefined;
  private lastSpoken: SpokenReply | undefined;
  private digits = "";
  private digitTimer: NodeJS.Timeout | undefined;
  private pendingHandoff: HandoffData | undefined;
  private farewellTimer: NodeJS.Timeout | undefined;
  private endSent: HandoffData | undefined;
  private closed = false;
  /** The caller's words, kept off the database until the reply has started (see holdTurn). */
  private heldTurns: NewTurn[] = [];
  private readonly log: Logger;

  constructor(private readonly deps: CallSessionDeps) {
    this.log = deps.logger;
  }

  /** One text frame from Twilio. A bad frame is logged and the call goes on. */
  handleFrame(raw: string): void {
    const frame = parseRelayFrame(raw);
    if (frame.kind === "invalid") {
      this.log.warn({ callSid: this.callSid || undefined, reason: frame.reason }, "ignored a malformed ConversationRelay frame");
      return;
    }
    if (frame.kind === "unknown") {
      this.log.info({ callSid: this.callSid || undefined, type: frame.type }, "ignored an unknown ConversationRelay frame type");
      return;
    }
    const message = frame.message;
    if (message.type === "setup") {
      if (this.ready) {
        this.log.warn({ callSid: this.callSid }, "ignored a second setup frame");
        return;
      }
      this.ready = this.open(message);
      return;
    }
    if (!this.ready) {
      this.log.warn({ type: message.type }, "ignored a frame that came before setup");
      return;
    }
    // Frames that arrive while the call record is still loading wait for it, in order.
    void this.ready.then(() => this.dispatch(message));
  }

  /**
   * The socket closed: the caller hung up, we ended the call, or the connection dropped. Resolves
   * once the session's last writes are queued.
   */
  async handleClose(code: number): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.farewellTimer);
    clearTimeout(this.digitTimer);
    if (!this.ready) return;
    await this.ready.then(() => {
      if (this.reply) this.finishInterrupted(this.reply, this.reply.sent);
      this.commitDigits();
      const reason = this.endSent
        ? this.endSent.reasonCode === "transfer"
          ? "transferred to owner"
          : "ended by assistant"
        : code === 1000
          ? "caller hung up"
          : "connection lost";
      // A clean close is the end of the call. After a drop Twilio may reconnect, and an unanswered
      // transfer comes back to us, so then the analysis waits.
      const mayResume = this.endSent ? this.endSent.reasonCode === "transfer" : code !== 1000;
      const analysisDelayMs = mayResume ? this.deps.timing.resumeGraceMs : 0;
      this.write("end session", (callId) => this.deps.store.endSession(callId, reason, analysisDelayMs), true);
      this.log.info({ callSid: this.callSid, code, reason }, "relay session closed");
    });
  }

  private async open(setup: SetupMessage): Promise<void> {
    this.callSid = setup.callSid;
    const { store, timing } = this.deps;
    const opening = this.deps.writes.enqueue(this.callSid, "open call", () =>
      store.openCall({ callSid: setup.callSid, from: setup.from, to: setup.to }),
    );
    // The queue never rejects: a write that failed for good resolves undefined.
    const loaded = await giveUpAfter(opening, timing.openTimeoutMs);
    if (!loaded) {
      this.log.warn({ callSid: this.callSid }, "call record not ready in time; answering without history");
    }
    void opening.then((record) => {
      if (!record) return;
      this.callId = record.callId;
      this.deps.events.callChanged(record.callId);
    });
    this.history.push(...(loaded?.history ?? []));
    this.agent = this.deps.createAgent(
      {
        callerPhone: setup.from,
        calledNumber: setup.to,
        knownCallerName: loaded?.knownCallerName,
        lastCallSummary: loaded?.lastCallSummary,
        ownerUnavailable: setup.customParameters["ownerUnavailable"] === "true",
      },
      () => this.onFailover(),
    );
    if (this.agent.kind === "offline") this.write("mark offline", (callId) => this.deps.store.setHandledBy(callId, "offline"));

    // The greeting Twilio speaks from the TwiML is part of the conversation, and can be barged in on.
    const greeting = setup.customParameters["greeting"];
    if (greeting) {
      const turn = this.newTurn("ASSISTANT", greeting);
      this.history.push({ role: "assistant", text: greeting });
      this.lastSpoken = { turnId: turn.id, text: greeting, historyIndex: this.history.length - 1 };
      this.recordTurn(turn);
    }
    this.log.info({ callSid: this.callSid, resumed: loaded?.resumed ?? false, agent: this.agent.kind }, "relay session open");
  }

  private dispatch(message: Exclude<RelayInboundMessage, SetupMessage>): void {
    if (this.closed) return;
    switch (message.type) {
      case "prompt":
        // Partial prompts are the caller still speaking; only the final one is answered.
        if (message.last) this.onCallerSpoke(message.voicePrompt, "SPEECH");
        return;
      case "interrupt":
        this.onInterrupt(message);
        return;
      case "dtmf":
        this.onDigit(message.digit);
        return;
      case "info":
        if (message.name === "agentSpeaking" && message.value === "off" && this.pendingHandoff && !this.reply) {
          this.sendEnd();
        }
        return;
      case "error":
        this.log.warn({ callSid: this.callSid, description: message.description }, "Twilio reported an error");
        return;
    }
  }

  private onCallerSpoke(text: string, kind: TurnKind): void {
    const words = text.trim();
    if (!words) return;
    this.commitDigits();
    // Talking over us without an interrupt frame (interruptible="none"): keep what was sent.
    if (this.reply) this.finishInterrupted(this.reply, this.reply.sent);
    this.cancelHandoff();
    this.log.debug({ callSid: this.callSid, text: words }, "caller said");
    this.addCallerTurn(words, kind);
    void this.respond();
  }

  private async respond(): Promise<void> {
    const agent = this.agent;
    if (!agent) return;
    const reply: Reply = {
      turnId: randomUUID(),
      controller: new AbortController(),
      sent: "",
      startedAt: performance.now(),
      createdAt: new Date(),
      firstTokenMs: undefined,
    };
    this.reply = reply;
    const signal = reply.controller.signal;
    let handoff: HandoffData | undefined;
    try {
      for await (const event of agent.reply(this.history.slice(), signal)) {
        if (signal.aborted) return;
        if (event.type === "text") this.speak(reply, event.text);
        else handoff = this.onAction(event) ?? handoff;
      }
    } catch (error) {
      this.log.error({ err: error, callSid: this.callSid }, "agent failed to reply");
    }
    if (signal.aborted || this.reply !== reply) return;

    if (!reply.sent.trim()) this.speak(reply, this.fillerLine(handoff));
    this.deps.send({ type: "text", token: "", last: true });
    this.reply = undefined;
    this.finishReply(reply, reply.sent, false);
    if (handoff) this.scheduleHandoff(handoff, reply.sent);
  }

  private speak(reply: Reply, text: string): void {
    if (reply.firstTokenMs === undefined) reply.firstTokenMs = Math.round(performance.now() - reply.startedAt);
    this.deps.send({ type: "text", token: text, last: false });
    this.releaseHeldTurns();
    reply.sent += text;
    this.deps.events.transcript({
      callId: this.callId ?? "",
      turnId: reply.turnId,
      role: "ASSISTANT",
      text: reply.sent,
      delta: text,
      final: false,
      interrupted: false,
    });
  }

  /** What to say when the agent produced no words, so the caller never hears dead air. */
  private fillerLine(handoff: HandoffData | undefined): string {
    if (handoff?.reasonCode === "transfer") return `Let me put you through to ${this.deps.ownerName} now.`;
    if (handoff) return "Thank you for calling. Goodbye!";
    return "Sorry, go ahead.";
  }

  private onAction(event: Exclude<ReplyEvent, { type: "text" }>): HandoffData | undefined {
    switch (event.type) {
      case "takeMessage": {
        const details = [event.message, event.callerName && `Caller: ${event.callerName}`, event.callbackNumber && `Call back: ${event.callbackNumber}`];
        const description = details.filter(Boolean).join(" — ");
        this.write("add action item", (callId) => this.deps.store.addActionItem(callId, description, "CALL"));
        if (event.callerName) this.rememberCallerName(event.callerName);
        return undefined;
      }
      case "callerName":
        this.rememberCallerName(event.name);
        return undefined;
      case "end":
        return { reasonCode: "goodbye", reason: event.reason };
      case "transfer":
        return { reasonCode: "transfer", reason: event.reason };
    }
  }

  private rememberCallerName(name: string): void {
    this.write("set caller name", (callId) => this.deps.store.setCallerName(callId, name));
  }

  private onInterrupt(message: InterruptMessage): void {
    this.cancelHandoff();
    if (this.reply) {
      this.finishInterrupted(this.reply, truncateToHeard(this.reply.sent, message.utteranceUntilInterrupt));
      return;
    }
    // The reply was complete but still being spoken; Twilio dropped the rest of it.
    const spoken = this.lastSpoken;
    if (!spoken) return;
    const heard = truncateToHeard(spoken.text, message.utteranceUntilInterrupt);
    if (heard === spoken.text) return;
    this.history[spoken.historyIndex] = { role: "assistant", text: heard };
    this.lastSpoken = undefined;
    this.deps.events.transcript({ callId: this.callId ?? "", turnId: spoken.turnId, role: "ASSISTANT", text: heard, delta: "", final: true, interrupted: true });
    this.write("truncate interrupted turn", () => this.deps.store.updateTurn(spoken.turnId, { text: heard, interrupted: true }));
  }

  /** Stops the reply in flight at once and keeps only what the caller heard. */
  private finishInterrupted(reply: Reply, heard: string): void {
    reply.controller.abort();
    this.reply = undefined;
    this.finishReply(reply, heard, true);
  }

  private finishReply(reply: Reply, text: string, interrupted: boolean): void {
    this.history.push({ role: "assistant", text });
    this.lastSpoken = interrupted ? undefined : { turnId: reply.turnId, text, historyIndex: this.history.length - 1 };
    this.log.debug({ callSid: this.callSid, text, interrupted }, "assistant said");
    this.deps.events.transcript({ callId: this.callId ?? "", turnId: reply.turnId, role: "ASSISTANT", text, delta: "", final: true, interrupted });
    this.recordTurn({
      id: reply.turnId,
      role: "ASSISTANT",
      kind: "SPEECH",
      text,
      interrupted,
      createdAt: reply.createdAt,
      firstTokenMs: reply.firstTokenMs,
      responseMs: Math.round(performance.now() - reply.startedAt),
    });
  }

  private onDigit(digit: string): void {
    this.digits += digit;
    clearTimeout(this.digitTimer);
    this.digitTimer = setTimeout(() => {
      const keyed = this.digits;
      this.digits = "";
      if (keyed) this.onCallerSpoke(`Keypad: ${keyed}`, "DTMF");
    }, this.deps.timing.dtmfIdleMs);
  }

  /** Digits typed before the caller spoke go into the record ahead of the speech. */
  private commitDigits(): void {
    clearTimeout(this.digitTimer);
    if (!this.digits) return;
    const text = `Keypad: ${this.digits}`;
    this.digits = "";
    this.addCallerTurn(text, "DTMF");
  }

  /** The caller's words join the conversation, go to live watchers, and wait to be written. */
  private addCallerTurn(text: string, kind: TurnKind): void {
    const turn = this.newTurn("CALLER", text, kind);
    this.history.push({ role: "caller", text });
    this.deps.events.transcript({ callId: this.callId ?? "", turnId: turn.id, role: "CALLER", text, delta: text, final: true, interrupted: false });
    this.holdTurn(turn);
  }

  /** Ends or transfers the call once the last words have been heard. */
  private scheduleHandoff(handoff: HandoffData, lastWords: string): void {
    this.pendingHandoff = handoff;
    const speechMs = Math.min(this.deps.timing.maxFarewellMs, lastWords.length * SPEECH_MS_PER_CHAR + 500);
    this.farewellTimer = setTimeout(() => this.sendEnd(), speechMs);
  }

  private cancelHandoff(): void {
    clearTimeout(this.farewellTimer);
    this.pendingHandoff = undefined;
  }

  private sendEnd(): void {
    const handoff = this.pendingHandoff;
    if (!handoff || this.closed) return;
    this.cancelHandoff();
    this.endSent = handoff;
    this.deps.send({ type: "end", handoffData: JSON.stringify(handoff) });
  }

  private onFailover(): void {
    this.log.warn({ callSid: this.callSid }, "Claude unavailable; the offline secretary takes over this call");
    this.write("mark failover", (callId) => this.deps.store.setHandledBy(callId, "offline"), true);
  }

  private newTurn(role: NewTurn["role"], text: string, kind: TurnKind = "SPEECH"): NewTurn {
    return { id: randomUUID(), role, kind, text, interrupted: false, createdAt: new Date() };
  }

  private recordTurn(turn: NewTurn): void {
    this.write(`add ${turn.role.toLowerCase()} turn`, (callId) => this.deps.store.addTurn(callId, turn));
  }

  /**
   * The caller just spoke: their turn is written once the reply's first token has gone out (or the
   * reply ends, or the call does). With the embedded database a write runs on this thread, and it
   * must not delay the request to Claude; it is seconds at most, and nothing is lost on close.
   */
  private holdTurn(turn: NewTurn): void {
    this.heldTurns.push(turn);
  }

  private releaseHeldTurns(): void {
    const turns = this.heldTurns;
    if (turns.length === 0) return;
    this.heldTurns = [];
    for (const turn of turns) this.recordTurn(turn);
  }

  /**
   * Queues a write behind this call's earlier writes; it runs once the call record exists.
   * `announce` tells live watchers the call itself changed (not just its transcript).
   */
  private write(label: string, run: (callId: string) => Promise<unknown>, announce = false): void {
    // Anything written after the caller spoke comes after their words, in the record too.
    this.releaseHeldTurns();
    void this.deps.writes
      .enqueue(this.callSid, label, async () => {
        const callId = this.callId ?? (await this.deps.store.callIdForSid(this.callSid));
        if (!callId) throw new Error(`no call record for ${this.callSid}`);
        this.callId = callId;
        await run(callId);
        return callId;
      })
      .then((callId) => announce && callId && this.deps.events.callChanged(callId));
  }
}
