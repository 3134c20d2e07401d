import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import type { TurnKind, TurnRole } from "@prisma/client";
import type { BusinessSettings } from "../business/settings.js";
import type { CallEvents } from "../calls/call-events.js";
import type { NewTurn } from "../calls/call-store.js";
import { isCallerIdSuspect } from "../calls/caller-id.js";
import { takenMessageItem } from "../calls/taken-message.js";
import type { TextMessenger } from "../calls/text-messenger.js";
import { type TranscriptLine, transcriptLineOf } from "../calls/transcript.js";
import type { WriteQueue } from "../calls/write-queue.js";
import type { Timing } from "../config.js";
import { giveUpAfter } from "../give-up-after.js";
import type { Logger } from "../logger.js";
import type { Metrics } from "../metrics/metrics.js";
import { CardNumberRedactor } from "../spoken/card-numbers.js";
import type { CallAgent, CallerFacts, ReplyEvent } from "./agent.js";
import { truncateToHeard, withoutLeading } from "./barge-in.js";
import { CallRecorder } from "./call-recorder.js";
import type { CallerLine, Handoff } from "./caller-line.js";
import { CallerTexts } from "./caller-texts.js";
import { estimatedSpeechMs, Farewell } from "./farewell.js";
import { KeypadEntry } from "./keypad-entry.js";
import type { ControllableCall, LiveCalls } from "./live-calls.js";
import { SilenceWatch } from "./silence-watch.js";
import { type SpokenLines, spokenLines } from "./spoken-lines.js";

export type SessionTiming = Pick<
  Timing,
  "openTimeoutMs" | "dtmfIdleMs" | "maxFarewellMs" | "resumeGraceMs" | "holdLineAfterMs"
>;

export interface CallSessionDeps {
  writes: WriteQueue;
  events: CallEvents;
  logger: Logger;
  timing: SessionTiming;
  /** The owner's settings; read once, as the session opens. */
  business: () => BusinessSettings;
  createAgent(
    caller: CallerFacts,
    business: BusinessSettings,
    onFailover: (error: unknown) => void,
    texts?: CallerTexts,
  ): CallAgent;
  /** Where the session's words go. */
  line: CallerLine;
  /** Sends text messages, when texting is set up: the agent may then text the caller. */
  texts?: TextMessenger | undefined;
  /** Where the owner's commands (live-calls.ts) find the session while it is open. */
  liveCalls: LiveCalls;
  /** Where the turns, and each reply's first words out, are counted. */
  metrics: Pick<Metrics, "turnRecorded" | "firstWordsOut">;
}

/** What the session learns when it opens on a call. */
export interface SessionStart {
  callSid: string;
  from: string;
  to: string;
  /** The greeting the caller heard as the call connected, if any: it is part of the conversation. */
  greeting: string | undefined;
  /** Earlier in this call a transfer rang the owner, who did not answer. */
  ownerUnavailable: boolean;
  /** Twilio's STIR/SHAKEN verdict on the caller ID, when known. */
  stirVerstat: string | undefined;
  /** The call came in outside opening hours. */
  afterHours: boolean;
  /** The caller ID failed verification: the caller is asked who they are, and why they call, first. */
  screening: boolean;
  /** When the server issued this session; the call log accepts each issue once (see CallStore.openCall). */
  issuedAt: Date;
}

/** A caller's turn as the session knows it again, when a card number begun in it is finished later. */
interface CallerTurnKey {
  turnId: string;
  kind: TurnKind;
  /** Where it sits in the conversation the agent reads. */
  historyIndex: number;
}

/** How the session's connection ended, when the session itself did not end it. */
export type SessionClose = "hang-up" | "dropped";

interface Reply {
  turnId: string;
  controller: AbortController;
  sent: string;
  startedAt: number;
  createdAt: Date;
  firstTokenMs: number | undefined;
  /** Says the holding line if no word has gone out by then. */
  holdTimer: NodeJS.Timeout | undefined;
  /** What the caller heard while waiting for this reply (the holding line, or the agent's filler), if anything. */
  holdLine: string | undefined;
  /** It answers afresh after a reply that broke off: the caller's wait was timed on that one. */
  followsBrokenReply: boolean;
}

const settled = Promise.resolve();

// Re-prompts for a caller who says nothing ("Are you still there?"); the next silence ends the call.
const SILENCE_REPROMPTS = 2;

interface SpokenReply {
  turnId: string;
  text: string;
  historyIndex: number;
}

/**
 * One session of a call: the caller's words in, the agent's streamed reply out, barge-in, keypad
 * input, and the end of the session. Whatever carries the call turns its protocol into these
 * methods and implements the CallerLine the replies go out on; the call's record is kept in
 * order behind the conversation by a CallRecorder.
 */
export class CallSession implements ControllableCall {
  private readonly ready: Promise<void>;
  private readonly recorder: CallRecorder;
  private readonly callSid: string;
  private agent: CallAgent | undefined;
  private readonly history: TranscriptLine[] = [];
  private reply: Reply | undefined;
  private lastSpoken: SpokenReply | undefined;
  private readonly keypad: KeypadEntry;
  private readonly cardNumbers = new CardNumberRedactor<CallerTurnKey>();
  private readonly farewell: Farewell;
  private readonly business: BusinessSettings;
  /** What the call speaks now (BCP-47): the owner's language until the agent switches it. */
  private language: string;
  private readonly silence: SilenceWatch;
  /** Ends the call once it reaches the owner's limit on its length. */
  private timeLimit: NodeJS.Timeout | undefined;
  /** The call is over but for the last words: the caller is heard, and no longer answered. */
  private lastWords = false;
  /** The connection has gone; the session closes once what came before it has been handled. */
  private closing = false;
  private closed = false;
  private replyScheduled = false;
  /** `ready` has settled: what comes now runs at once, unless earlier work still waits on it. */
  private opened = false;
  /** Work queued on `ready` (whenOpen) and not yet run. */
  private waitingWork = 0;
  /** The offline secretary has answered a turn of this call (the call is recorded as handled by it). */
  private offlineAnswered = false;
  /** Lets go of the session in LiveCalls: once it has, the owner's commands no longer reach it. */
  private releaseControl: (() => void) | undefined;
  /** The owner's notes since the agent last started a reply: it reads them as it starts the next. */
  private ownerNotes: string[] = [];
  /** Lines the owner asked to be said while a reply was under way: said once it is over. */
  private ownerLines: string[] = [];
  private readonly log: Logger;

  /** Opens the session on `call`; what happens meanwhile waits, in order, until it is open. */
  constructor(
    private readonly deps: CallSessionDeps,
    call: SessionStart,
  ) {
    this.log = deps.logger;
    this.callSid = call.callSid;
    this.business = deps.business();
    this.language = this.business.voice.language;
    this.recorder = new CallRecorder(deps, call.callSid);
    this.silence = new SilenceWatch(this.business.idleRepromptSeconds * 1000, (unanswered) =>
      this.onSilence(unanswered),
    );
    this.keypad = new KeypadEntry(deps.timing.dtmfIdleMs, (line) => this.onCallerSpoke(line, "DTMF"));
    this.farewell = new Farewell(deps.timing.maxFarewellMs, (handoff) => deps.line.hangUp(handoff));
    this.ready = this.open(call).then(() => {
      this.opened = true;
    });
  }

  /** The caller finished saying something. */
  callerSpoke(text: string): void {
    this.whenOpen(() => this.onCallerSpoke(text, "SPEECH"));
  }

  /** The caller talked over the reply; `heard` is what they heard of it. */
  interrupted(heard: string): void {
    this.whenOpen(() => {
      this.silence.heard();
      this.onInterrupt(heard);
    });
  }

  /** A key pressed on the caller's keypad. */
  digit(digit: string): void {
    this.whenOpen(() => {
      if (this.lastWords) return;
      this.silence.heard();
      this.keypad.press(digit);
    });
  }

  /** The caller has heard everything said so far. */
  speechFinished(): void {
    this.whenOpen(() => {
      if (this.reply) return;
      this.farewell.speechFinished();
      // Their turn now; a goodbye on its way (or sent) has the last word instead.
      if (!this.farewell.waiting && !this.farewell.sent && !this.lastWords) this.silence.listen();
    });
  }

  /**
   * The connection is gone: the caller hung up, the session ended itself (see CallerLine.hangUp),
   * or the connection dropped. What came before it is still handled (the words of a caller who
   * hung up mid-sentence are kept), but not answered. Resolves once the session's last writes are queued.
   */
  async ended(how: SessionClose): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    this.releaseControl?.();
    this.farewell.stop();
    this.keypad.stopWaiting();
    this.stopTimers();
    await this.ready.then(() => {
      // Refused by the call log: there is nothing to end.
      if (this.closed) return;
      this.closed = true;
      this.dropReply();
      this.takeKeypadEntry();
      const handoff = this.farewell.sent;
      const reason = handoff
        ? handoff.kind === "transfer"
          ? "TRANSFERRED_TO_OWNER"
          : "ENDED_BY_ASSISTANT"
        : how === "hang-up"
          ? "CALLER_HUNG_UP"
          : "CONNECTION_LOST";
      // A hang-up is the end of the call. After a drop the platform may reconnect, and an unanswered
      // transfer comes back to us, so then the analysis waits.
      const mayResume = handoff ? handoff.kind === "transfer" : how === "dropped";
      this.recorder.endSession(reason, mayResume ? this.deps.timing.resumeGraceMs : 0);
      this.log.info({ callSid: this.callSid, how, reason }, "call session closed");
    });
  }

  /**
   * Runs `work` once the session is open, in the order the calls came, unless it has closed. Once
   * it is open and nothing queued before is still waiting, at once: a promise job for each of the
   * caller's frames was work of its own on every turn.
   */
  private whenOpen(work: () => void): void {
    if (this.opened && this.waitingWork === 0) {
      if (!this.closed) work();
      return;
    }
    this.waitingWork += 1;
    void this.ready.then(() => {
      this.waitingWork -= 1;
      if (!this.closed) work();
    });
  }

  private async open(call: SessionStart): Promise<void> {
    const openedAt = Date.now();
    const recorder = this.recorder;
    const opening = recorder.open(call);
    // Refused (a replayed session, a call that is over or erased): nothing more happens on it.
    void opening.then((record) => {
      if (!record || !("refused" in record)) return;
      this.log.warn({ callSid: this.callSid, refused: record.refused }, "the call log refused this session");
      this.closed = true;
      this.releaseControl?.();
      this.stopTimers();
      this.reply?.controller.abort();
      this.deps.line.drop(`session refused: ${record.refused}`);
    });
    // The queue never rejects: a write the database refused as wrong resolves undefined; one waiting
    // on a database that is away is answered without, after openTimeoutMs.
    const loaded = await giveUpAfter(opening, this.deps.timing.openTimeoutMs);
    if (loaded && "refused" in loaded) return;
    if (!loaded) this.log.warn({ callSid: this.callSid }, "call record not ready in time; answering without history");
    const historyStart = this.history.length;
    this.history.push(...(loaded?.history ?? []));
    // A card number the caller began before a dropped connection may be finished in this session:
    // its start is found in what the call log kept of their earlier turns, and corrected there.
    for (const turn of loaded?.callerTurns ?? [])
      this.cardNumbers.recall(turn.text, {
        turnId: turn.turnId,
        kind: turn.kind,
        historyIndex: historyStart + turn.historyIndex,
      });
    this.agent = this.deps.createAgent(
      {
        callerPhone: call.from,
        calledNumber: call.to,
        knownCallerName: loaded?.knownCallerName,
        lastCallSummary: loaded?.lastCallSummary,
        ownerUnavailable: call.ownerUnavailable,
        screening: call.screening,
      },
      this.business,
      (error) => this.onFailover(error),
      this.callerTexts(call),
    );
    if (this.agent.kind === "offline") recorder.setHandledBy("OFFLINE");

    // The greeting spoken as the call connected is part of the conversation, and can be barged in on.
    if (call.greeting) this.addSpokenLine(call.greeting);
    // Counted from the call's start when the call log says when that was, else from this session's.
    const startedAt = loaded?.startedAt.getTime() ?? openedAt;
    const timeLimitMs = this.business.maxCallMinutes * 60_000 - (Date.now() - startedAt);
    if (!this.closing) this.timeLimit = setTimeout(() => this.onTimeLimit(), Math.max(0, timeLimitMs));
    // Until the platform says the greeting has been heard, about as long as it takes to say.
    this.silence.listen(estimatedSpeechMs(call.greeting ?? ""));
    if (!this.closing && !this.closed) this.releaseControl = this.deps.liveCalls.hold(this.callSid, this);
    this.log.info(
      { callSid: this.callSid, resumed: loaded?.resumed ?? false, agent: this.agent.kind },
      "call session open",
    );
  }

  private onCallerSpoke(text: string, kind: TurnKind): void {
    const words = text.trim();
    if (!words) return;
    this.takeKeypadEntry();
    // Talking over us without an interruption being reported (not interruptible): keep what was sent.
    if (this.reply) this.finishInterrupted(this.reply, this.reply.sent);
    this.farewell.cancel();
    this.silence.heard();
    this.addCallerTurn(words, kind);
    if (!this.lastWords) this.replySoon();
  }

  /**
   * Replies once the lines that arrived together have all joined the conversation: a burst of
   * prompts read from the socket at once is one request to the agent, not one started (and
   * aborted) per line. A microtask, so a single line is answered with no delay at all.
   */
  private replySoon(): void {
    if (this.replyScheduled) return;
    this.replyScheduled = true;
    // A promise job rather than queueMicrotask, which makes an async resource for each.
    void settled.then(() => {
      this.replyScheduled = false;
      if (!this.closed && !this.closing && !this.lastWords) void this.respond();
    });
  }

  private async respond(): Promise<void> {
    const agent = this.agent;
    if (!agent) return;
    // The owner's notes since the last reply, after what the caller said: the agent reads them now.
    for (const note of this.ownerNotes.splice(0)) this.history.push({ role: "OWNER", text: note });
    // The reply whose words go out now: after a break-off, the one that answers afresh.
    let reply = this.startReply(new AbortController(), performance.now(), false);
    const signal = reply.controller.signal;
    let handoff: Handoff | undefined;
    try {
      await agent.reply(this.history.slice(), signal, (event) => {
        if (signal.aborted) return;
        if (event.type === "text") this.speak(reply, event.text);
        else if (event.type === "filler") this.holdOn(reply, event.text);
        else if (event.type === "brokeOff") reply = this.breakOff(reply);
        else handoff = this.onAction(event) ?? handoff;
      });
    } catch (error) {
      this.log.error({ err: error, callSid: this.callSid }, "agent failed to reply");
    }
    if (signal.aborted || this.reply !== reply) return;

    if (!reply.sent.trim()) this.speak(reply, this.fillerLine(handoff));
    this.deps.line.endReply();
    this.reply = undefined;
    this.finishReply(reply, reply.sent, false);
    // What the owner asked to be said while the reply was under way comes right after it.
    const ownerLines = this.ownerLines.splice(0);
    for (const line of ownerLines) this.sayLine(line);
    const lastWords = [reply.sent, ...ownerLines].join(" ");
    if (handoff) this.farewell.schedule(handoff, lastWords);
    else this.silence.listen(estimatedSpeechMs(lastWords));
  }

  private startReply(controller: AbortController, startedAt: number, followsBrokenReply: boolean): Reply {
    const reply: Reply = {
      turnId: randomUUID(),
      controller,
      sent: "",
      startedAt,
      createdAt: new Date(),
      firstTokenMs: undefined,
      holdTimer: undefined,
      holdLine: undefined,
      followsBrokenReply,
    };
    this.silence.pause();
    // After a break-off the caller has just heard words: no holding line for what follows them.
    if (!followsBrokenReply)
      reply.holdTimer = setTimeout(() => this.holdOn(reply, this.lines.holdLine), this.deps.timing.holdLineAfterMs);
    this.reply = reply;
    return reply;
  }

  private speak(reply: Reply, text: string): void {
    const first = !reply.sent && !reply.followsBrokenReply;
    if (!reply.sent) {
      clearTimeout(reply.holdTimer);
      if (first) reply.firstTokenMs = Math.round(performance.now() - reply.startedAt);
    }
    this.deps.line.speak(text);
    if (first) this.deps.metrics.firstWordsOut(performance.now() - reply.startedAt);
    this.recorder.releaseHeldTurns();
    reply.sent += text;
    // Made only for someone to see: this is once per token.
    if (!this.recorder.transcriptWanted) return;
    this.recorder.publish({
      turnId: reply.turnId,
      role: "ASSISTANT",
      text: reply.sent,
      delta: text,
      final: false,
      interrupted: false,
    });
  }

  /**
   * The caller is waiting and no word has gone out: a short line tells them we are there (once per
   * reply: after one, the next would only repeat it).
   */
  private holdOn(reply: Reply, line: string): void {
    if (this.closed || this.reply !== reply || reply.sent || reply.holdLine) return;
    clearTimeout(reply.holdTimer);
    reply.holdLine = line;
    this.deps.line.holdOn(line);
    // The caller's words need not wait off the database any longer: the request left long ago.
    this.recorder.releaseHeldTurns();
  }

  /**
   * The agent failed mid-reply: what went out is all the caller hears of that reply, and it stands
   * as an interrupted turn. What the agent says next is a reply of its own, never glued onto it.
   */
  private breakOff(reply: Reply): Reply {
    if (!reply.sent) return reply;
    this.deps.line.endReply();
    this.finishReply(reply, reply.sent, true);
    return this.startReply(reply.controller, reply.startedAt, true);
  }

  /** What to say when the agent produced no words, so the caller never hears dead air. */
  private fillerLine(handoff: Handoff | undefined): string {
    if (handoff?.kind === "transfer") return this.lines.puttingThrough(this.business.ownerName);
    if (handoff) return this.lines.goodbye;
    return this.lines.goAhead;
  }

  private get lines(): SpokenLines {
    return spokenLines(this.language);
  }

  /**
   * The caller has said nothing since the secretary's words were heard: asked whether they are
   * still there, twice; then told goodbye, and the call ends unless they speak up before it does.
   */
  private onSilence(unanswered: number): void {
    if (this.closed || this.closing || this.reply || this.lastWords || this.farewell.waiting) return;
    if (unanswered <= SILENCE_REPROMPTS) {
      this.sayLine(this.lines.stillThere);
      return;
    }
    const goodbye = this.lines.noAnswerGoodbye;
    this.sayLine(goodbye);
    this.silence.pause();
    this.farewell.schedule({ kind: "goodbye", reason: "the caller said nothing" }, goodbye);
  }

  /**
   * The call reached the owner's limit on its length (hold music, a phone left off the hook): a
   * reply under way stops where it is, the caller is told why, and the call ends whatever they say.
   */
  private onTimeLimit(): void {
    if (this.closed || this.closing || this.farewell.sent) return;
    this.finalWords(this.lines.timeLimitGoodbye(this.business.ownerName), {
      kind: "goodbye",
      reason: "the call reached its time limit",
    });
  }

  /**
   * The session ends now, whatever the caller says meanwhile: a reply under way stops where it is,
   * the caller hears `line`, and once they have, the session hands the call off (`handoff`).
   */
  private finalWords(line: string, handoff: Handoff): void {
    this.lastWords = true;
    this.silence.stop();
    this.keypad.stopWaiting();
    const reply = this.reply;
    if (reply) {
      this.finishInterrupted(reply, reply.sent);
      // Its words so far close their own talk cycle, so the last line is not glued onto them.
      if (reply.sent) this.deps.line.endReply();
    }
    this.sayLine(line);
    this.farewell.schedule(handoff, line, { final: true });
  }

  /** The owner can still steer the call: the session is open and not already on its way out. */
  private get steerable(): boolean {
    return !this.closed && !this.closing && !this.lastWords && !this.farewell.waiting && !this.farewell.sent;
  }

  /**
   * A note from the owner: the agent reads it before its next reply, and the record keeps it as the
   * owner's turn. The caller never hears it.
   */
  guide(note: string): boolean {
    if (!this.steerable) return false;
    const turn = newTurn("OWNER", note);
    this.ownerNotes.push(note);
    this.recorder.publish({ turnId: turn.id, role: "OWNER", text: note, delta: note, final: true, interrupted: false });
    this.recorder.addTurn(turn);
    this.log.info({ callSid: this.callSid }, "the owner sent the secretary a note");
    return true;
  }

  /** A line the owner wants said: now, or after the reply under way. */
  say(text: string): boolean {
    if (!this.steerable) return false;
    if (this.reply) this.ownerLines.push(text);
    else this.sayLine(text);
    this.log.info({ callSid: this.callSid, queued: Boolean(this.reply) }, "the owner had a line said");
    return true;
  }

  /** The owner takes the call: the caller is told, then put through as transfer_to_owner does. */
  transfer(): boolean {
    if (!this.steerable) return false;
    this.log.info({ callSid: this.callSid }, "the owner asked to be put through");
    this.finalWords(this.lines.puttingThrough(this.business.ownerName), {
      kind: "transfer",
      reason: "the owner asked to take the call",
      // Whoever picks up asked for this call from the API: the whisper reminds them which one it is.
      briefing: "The call you asked to take.",
    });
    return true;
  }

  /** The owner ends the call: a goodbye (theirs, or the secretary's own), then the session ends. */
  end(farewell: string | undefined): boolean {
    if (!this.steerable) return false;
    this.log.info({ callSid: this.callSid }, "the owner ended the call");
    this.finalWords(farewell ?? this.lines.goodbye, { kind: "goodbye", reason: "the owner ended the call" });
    return true;
  }

  /** A line of the session's own, as a talk cycle of its own: heard, kept, shown to live watchers. */
  private sayLine(text: string): void {
    this.deps.line.speak(text);
    this.deps.line.endReply();
    const turnId = this.addSpokenLine(text);
    this.recorder.publish({ turnId, role: "ASSISTANT", text, delta: text, final: true, interrupted: false });
    this.silence.listen(estimatedSpeechMs(text));
  }

  /**
   * Something the secretary said outside a reply joins the conversation (Claude's history too: a
   * caller's "yes, I'm here" answers "are you still there?", not the question before it) and the
   * record, and can be barged in on.
   */
  private addSpokenLine(text: string): string {
    const turn = newTurn("ASSISTANT", text);
    this.history.push({ role: "ASSISTANT", text });
    this.lastSpoken = { turnId: turn.id, text, historyIndex: this.history.length - 1 };
    this.recorder.addTurn(turn);
    return turn.id;
  }

  private stopTimers(): void {
    this.silence.stop();
    clearTimeout(this.timeLimit);
  }

  private onAction(event: Exclude<ReplyEvent, { type: "text" | "filler" | "brokeOff" }>): Handoff | undefined {
    const recorder = this.recorder;
    switch (event.type) {
      case "takeMessage": {
        recorder.addActionItem(takenMessageItem(event), "CALL", event.emergency === true);
        if (event.callerName) recorder.setCallerName(event.callerName);
        return undefined;
      }
      case "callerName":
        recorder.setCallerName(event.name);
        return undefined;
      case "unansweredQuestion":
        recorder.noteKnowledgeGap(event.question);
        return undefined;
      case "end":
        return { kind: "goodbye", reason: event.reason };
      case "transfer":
        return { kind: "transfer", reason: event.reason, briefing: event.briefing };
      case "switchLanguage":
        this.language = event.language;
        this.deps.line.switchLanguage(event.language);
        return undefined;
    }
  }

  private onInterrupt(heard: string): void {
    this.farewell.cancel();
    const reply = this.reply;
    if (reply) {
      const heardOfReply = reply.holdLine ? withoutLeading(heard, reply.holdLine) : heard;
      this.finishInterrupted(reply, truncateToHeard(reply.sent, heardOfReply));
      return;
    }
    // The reply was complete but still being spoken; the rest of it was not heard.
    const spoken = this.lastSpoken;
    if (!spoken) return;
    const text = truncateToHeard(spoken.text, heard);
    if (text === spoken.text) return;
    this.history[spoken.historyIndex] = { role: "ASSISTANT", text };
    this.lastSpoken = undefined;
    this.recorder.publish({
      turnId: spoken.turnId,
      role: "ASSISTANT",
      text,
      delta: "",
      final: true,
      interrupted: true,
    });
    this.recorder.truncateTurn(spoken.turnId, text);
  }

  /**
   * The connection went with a reply in flight: what went out of it stands, cut short; a reply not a
   * word of which went out is no turn (typically the answer to a caller's last words as they hung up).
   */
  private dropReply(): void {
    const reply = this.reply;
    if (!reply) return;
    if (reply.sent) {
      this.finishInterrupted(reply, reply.sent);
      return;
    }
    reply.controller.abort();
    clearTimeout(reply.holdTimer);
    this.reply = undefined;
  }

  /** Stops the reply in flight at once and keeps only what the caller heard. */
  private finishInterrupted(reply: Reply, heard: string): void {
    reply.controller.abort();
    this.reply = undefined;
    this.finishReply(reply, heard, true);
  }

  private finishReply(reply: Reply, text: string, interrupted: boolean): void {
    clearTimeout(reply.holdTimer);
    this.history.push({ role: "ASSISTANT", text });
    this.lastSpoken = interrupted ? undefined : { turnId: reply.turnId, text, historyIndex: this.history.length - 1 };
    this.log.debug({ callSid: this.callSid, text, interrupted }, "assistant said");
    this.recorder.publish({ turnId: reply.turnId, role: "ASSISTANT", text, delta: "", final: true, interrupted });
    this.recorder.addTurn({
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

  /** Keys pressed before the caller spoke go into the conversation ahead of the speech. */
  private takeKeypadEntry(): void {
    const line = this.keypad.take();
    if (line) this.addCallerTurn(line, "DTMF");
  }

  /**
   * The caller's words join the conversation, go to live watchers, and wait to be written. Card
   * numbers are taken out here, the one way in for what the caller says or keys, before anything
   * keeps or shows the words.
   */
  private addCallerTurn(said: string, kind: TurnKind): void {
    const key: CallerTurnKey = { turnId: randomUUID(), kind, historyIndex: this.history.length };
    const { text, earlier } = this.cardNumbers.redact(said, key);
    for (const corrected of earlier) this.correctCallerTurn(corrected.key, corrected.text);
    this.log.debug({ callSid: this.callSid, text }, "caller said");
    const turn = newTurn("CALLER", text, kind, key.turnId);
    this.history.push({ role: "CALLER", text });
    this.recorder.publish({
      turnId: turn.id,
      role: "CALLER",
      kind,
      text,
      delta: text,
      final: true,
      interrupted: false,
    });
    this.recorder.holdCallerTurn(turn);
  }

  /**
   * A card number the caller just finished began in an earlier turn of theirs, already kept and
   * shown: that turn now reads `text` wherever it can still be put right: in the conversation the
   * agent is sent from now on, for live watchers, and in the call log. (The requests that already
   * went to the agent had it as it was: holding a turn back in case more digits follow would keep
   * every caller who ends on a number waiting.)
   */
  private correctCallerTurn(turn: CallerTurnKey, text: string): void {
    this.history[turn.historyIndex] = { role: "CALLER", text };
    this.log.debug({ callSid: this.callSid, turnId: turn.turnId, text }, "caller's earlier turn corrected");
    this.recorder.publish({
      turnId: turn.turnId,
      role: "CALLER",
      kind: turn.kind,
      text,
      delta: "",
      final: true,
      interrupted: false,
    });
    this.recorder.correctCallerTurn(turn.turnId, text);
  }

  /** What the agent may text the caller with (send_text), when texting is set up. */
  private callerTexts(call: SessionStart): CallerTexts | undefined {
    const messenger = this.deps.texts;
    if (!messenger) return undefined;
    return new CallerTexts({
      messenger,
      logger: this.log,
      callSid: this.callSid,
      businessNumber: call.to,
      callerNumber: call.from,
      callerIdSuspect: isCallerIdSuspect(call.stirVerstat),
      onSent: (body) => this.onTextSent(body),
    });
  }

  /**
   * A text reached the caller's phone: a turn of its own in the record and for live watchers, and
   * in the conversation as a text (not as words said), whether or not the reply that sent it goes on.
   */
  private onTextSent(body: string): void {
    const turn = newTurn("ASSISTANT", body, "SMS");
    this.history.push(transcriptLineOf(turn));
    this.recorder.publish({
      turnId: turn.id,
      role: "ASSISTANT",
      kind: "SMS",
      text: body,
      delta: body,
      final: true,
      interrupted: false,
    });
    this.recorder.addTurn(turn);
  }

  /** Claude could not answer this turn; the offline secretary does, and the next turn tries Claude again. */
  private onFailover(error: unknown): void {
    this.log.warn({ callSid: this.callSid, err: error }, "Claude unavailable; the offline secretary answers this turn");
    if (this.offlineAnswered) return;
    this.offlineAnswered = true;
    this.recorder.setHandledBy("OFFLINE");
  }
}

function newTurn(role: TurnRole, text: string, kind: TurnKind = "SPEECH", id: string = randomUUID()): NewTurn {
  return { id, role, kind, text, interrupted: false, createdAt: new Date() };
}
