import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import type WebSocket from "ws";
import type { RawData } from "ws";
import type { RelayInboundMessage, RelayOutboundMessage } from "../twilio/relay-messages.js";
import { twilioRoutes } from "../twilio/routes.js";
import { failureOf, type RetryableFailure, readConnectionOverrides } from "./connection-overrides.js";
import { Mailbox } from "./mailbox.js";
import { checkServerFrame } from "./server-frames.js";
import { connectRelay, postForm, publicBase, type TwilioEndpoint } from "./signed-requests.js";
import { SimulatorError } from "./simulator-error.js";
import type { CallRecordingTwiml, ParsedTwiml, PendingDial, RelayTwiml, TwimlElement } from "./twiml.js";
import { dialOf, parseTwiml, recordingOf } from "./twiml-parser.js";

/**
 * A fake Twilio: places a call against a running secretary the way Twilio does (signed voice
 * webhook, ConversationRelay WebSocket, `<Connect action>`, `<Dial action>` and status
 * callbacks, `<Say>`, `<Pause>`, `<Redirect>` and `<Reject>`, connection overrides) so that tests,
 * the benchmark and `npm run call` exercise the real server through its real protocol. It plays
 * the leg of the person a `<Dial>` rings too: the `<Number url>` whisper, its `<Gather>`, a key.
 */

export interface SimulatorOptions extends TwilioEndpoint {
  from?: string;
  to?: string;
  callSid?: string;
  accountSid?: string;
  /**
   * Twilio's STIR/SHAKEN verdict on the caller ID, sent with the voice webhook as `StirVerstat`.
   * Default: "TN-Validation-Passed-A" (a number the carrier vouches for, as most mobile calls are);
   * null leaves it out, as for a call no carrier attested.
   */
  stirVerstat?: string | null;
  /** Longest wait for a reply, an `end` or a socket to open. Default 20 s. */
  timeoutMs?: number;
  /** Gap between cumulative partial prompts; Twilio sends them every 200–300 ms. Default 250. */
  partialIntervalMs?: number;
  /** Gets every CallEvent from the first ring on (`onEvent` once the call is placed misses those). */
  onEvent?: (event: CallEvent) => void;
}

/** The answer to a request the simulator made as Twilio. */
export interface TwilioPostResult {
  status: number;
  body: string;
  /** Parsed when a 2xx answer to the voice webhook or the action URL carries TwiML. */
  twiml?: ParsedTwiml;
  /** How many times it was sent: more than once when its connection overrides had it retried. */
  attempts: number;
}

/**
 * What the caller hears of the call besides the conversation on a relay session, in order, for
 * the CLI to show and tests to time. `at` is performance.now(). The simulator has no audio: a
 * `<Say>` takes no time here, where Twilio takes as long as the words do.
 */
export type CallEvent =
  | { type: "session-opened"; at: number; sessionId: string; greeting?: string }
  | { type: "session-closed"; at: number; sessionId: string; status: SessionStatus }
  | { type: "say"; at: number; text: string }
  /** `ringing`: Twilio had not picked the call up yet, so the caller hears it ring. */
  | { type: "pause"; at: number; seconds: number; ringing: boolean }
  | { type: "redirect"; at: number; url: string; attempts: number }
  /** A `<Dial action>` rings `number`: the caller hears it ring until `pickUp` or `finishDial`. */
  | { type: "dialing"; at: number; number: string }
  /** The person rung picked up (`pickUp`) and their leg's TwiML ran: put through, or not. */
  | { type: "picked-up"; at: number; leg: Omit<DialedLeg, "action"> }
  /** `<Reject>`: the call was never picked up; the caller hears a busy signal or "not in service". */
  | { type: "rejected"; at: number; reason: RejectReason };

/** `<Reject reason>`, Twilio's two. */
export type RejectReason = "busy" | "rejected";

export interface ReceivedFrame {
  frame: RelayOutboundMessage;
  /** performance.now() at arrival. */
  at: number;
  sessionId: string;
}

export interface ReceivedText {
  token: string;
  last: boolean;
  /** Later output may cut it short: filler such as "One moment." */
  preemptible: boolean;
  /** performance.now() at arrival. */
  at: number;
  sessionId: string;
}

export interface InvalidFrame {
  raw: string;
  reason: string;
  at: number;
  sessionId: string;
}

export type SessionStatus = "ended" | "completed" | "failed";

export interface SessionRecord {
  sessionId: string;
  callStatus: "RINGING" | "IN_PROGRESS";
  /** Set once the session is over. */
  status?: SessionStatus;
  handoffData?: string;
  errorCode?: string;
  /** What the `<Connect action>` URL answered when the session ended. */
  action?: TwilioPostResult;
  /** The WebSocket's close code and reason, once it has closed (1001 "going away": the server is stopping). */
  socketClosed?: { code: number; reason: string };
}

export interface SessionEnd {
  sessionId: string;
  handoffData?: string;
  /** Undefined when the TwiML had no `<Connect action>`. */
  action?: TwilioPostResult;
}

/** How the dialled leg ended, as Twilio reports it to the Dial's action URL. */
export type DialCallStatus = "completed" | "answered" | "busy" | "no-answer" | "failed" | "canceled";

/** The person a pending `<Dial>` rings picks up (`pickUp`): what happened on their leg. */
export interface DialedLeg {
  /** The number rung. */
  number: string;
  /** What they heard before the caller was put through: the whisper's `<Say>`s, in order. */
  heard: string[];
  /** The key they pressed in the whisper's `<Gather>`, if they pressed one. */
  pressed?: string;
  /**
   * The two calls were put together; the Dial then waits for `finishDial("completed")` (the talk
   * is over) or the caller's `hangUp`.
   */
  bridged: boolean;
  /** Not put through (the whisper hung up): the Dial's action, which Twilio posts at once. */
  action?: TwilioPostResult;
}

/** How the ConversationRelay part of the call finished for good (no session resumed). */
export interface CallOutcome {
  /**
   * ended: the server sent `end`; completed: the caller hung up, or the answer to a Dial's
   * action resumed nothing; failed: the session broke; rejected: the voice webhook answered
   * `<Reject>`, and the call never started.
   */
  reason: SessionStatus | "rejected";
  /** The last relay session; undefined when none ever opened (rejected, or put through to a `<Dial>` at once). */
  sessionId?: string;
  handoffData?: string;
  action?: TwilioPostResult;
  /** Why a request Twilio would have made failed (e.g. the server was unreachable). */
  error?: string;
  /** A rejected call's status callback (`busy` or `no-answer`), which Twilio sends at once. */
  statusCallback?: TwilioPostResult;
}

export interface HangUpResult {
  /** Undefined when no session was open (e.g. after an `end`) or the TwiML had no action. */
  action?: TwilioPostResult;
  statusCallback: TwilioPostResult;
  /** The recording status callback (`completed`), when the call was recorded with one. */
  recordingCallback?: TwilioPostResult;
}

const DEFAULT_TIMEOUT_MS = 20_000;
const DEFAULT_PARTIAL_INTERVAL_MS = 250;
// Twilio says "off" when the speech has been played; the simulator has no audio to wait for.
const AGENT_SPEAKING_OFF_DELAY_MS = 50;
const MAX_CONSECUTIVE_INVALID_FRAMES = 10;

export async function placeCall(options: SimulatorOptions): Promise<SimulatedCall> {
  return SimulatedCall.place(options);
}

interface Session {
  record: SessionRecord;
  ws: WebSocket;
  relay: RelayTwiml;
  actionUrl: string | undefined;
  openedAt: number;
  lang: string;
  speakerEvents: boolean;
  agentSpeaking: boolean;
  agentSpeakingOffTimer: NodeJS.Timeout | undefined;
  invalidStreak: number;
  settled: boolean;
}

type Settlement =
  | { status: "ended"; handoffData: string | undefined }
  | { status: "completed" }
  | { status: "failed"; errorCode: string; errorMessage: string; socket: "terminate" | "close-1007" | "gone" };

export class SimulatedCall {
  readonly callSid: string;
  readonly accountSid: string;
  readonly from: string;
  readonly to: string;
  /** Every relay session of this call, in order; more than one after a resume. */
  readonly sessions: SessionRecord[] = [];
  /** Every valid frame the server sent, in order. */
  readonly received: ReceivedFrame[] = [];
  readonly textFrames: ReceivedText[] = [];
  /** Frames Twilio would have rejected with a 64107 error. */
  readonly invalidFrames: InvalidFrame[] = [];
  /** Every assistant reply, complete or cut by `interrupt`. */
  readonly replies: string[] = [];
  /** Sessions opening and closing, and the TwiML Twilio ran between them. */
  readonly events: CallEvent[] = [];
  /**
   * Preemptible talk cycles (filler such as "One moment." while a reply is late): the caller hears
   * them, but they are not a reply, and `say` or `nextReply` never resolves with one.
   */
  readonly fillers: string[] = [];
  /**
   * Resolves (never rejects) when the relay part of the call is over with no session to resume
   * and no `<Dial action>` pending.
   */
  readonly finished: Promise<CallOutcome>;
  /** What the voice webhook answered when the call came in. */
  voiceAnswer: TwilioPostResult | undefined;
  /** The call's recording, once a `<Start><Recording>` ran: its SID is Twilio's name for the audio. */
  recording: (CallRecordingTwiml & { recordingSid: string; startedAt: number }) | undefined;

  private readonly endpoint: TwilioEndpoint;
  private readonly timeoutMs: number;
  private readonly partialIntervalMs: number;
  private readonly startedAt = Date.now();
  private currentTwiml: ParsedTwiml | undefined;
  private session: Session | undefined;
  private dial: PendingDial | undefined;
  /** The pending `<Dial>` put the two calls together: the caller is talking to whoever picked up. */
  private bridged = false;
  private transition: Promise<unknown> = Promise.resolve();
  private replyTokens: string[] | undefined;
  /** The talk cycle under way opened with a preemptible frame. */
  private replyPreemptible = false;
  private readonly replyBox = new Mailbox<string>("assistant reply");
  private readonly endBox = new Mailbox<SessionEnd>("end frame");
  private readonly tokenListeners = new Set<(text: ReceivedText) => void>();
  private readonly frameListeners = new Set<(frame: ReceivedFrame) => void>();
  private readonly eventListeners = new Set<(event: CallEvent) => void>();
  private statusSequence = 0;
  private hungUp = false;
  /** Cuts a `<Pause>` short: nobody is on the line any more. */
  private readonly callerGone = new AbortController();
  /** Twilio is running TwiML between relay sessions: the caller is on hold, and nobody hears them. */
  private onHold = false;
  /** Twilio has answered the call: a `<Pause>` is silence now, no longer more ringing. */
  private pickedUp = false;
  private callOutcome: CallOutcome | undefined;
  private resolveFinished!: (outcome: CallOutcome) => void;

  private constructor(options: SimulatorOptions) {
    this.endpoint = { serverUrl: options.serverUrl, publicUrl: options.publicUrl, authToken: options.authToken };
    this.callSid = options.callSid ?? `CA${randomHex(16)}`;
    this.accountSid = options.accountSid ?? `AC${randomHex(16)}`;
    this.from = options.from ?? "+15555550123";
    this.to = options.to ?? "+15555550100";
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.partialIntervalMs = options.partialIntervalMs ?? DEFAULT_PARTIAL_INTERVAL_MS;
    this.finished = new Promise((resolve) => (this.resolveFinished = resolve));
    if (options.onEvent) this.eventListeners.add(options.onEvent);
  }

  static async place(options: SimulatorOptions): Promise<SimulatedCall> {
    const call = new SimulatedCall(options);
    const voiceUrl = publicBase(call.endpoint) + twilioRoutes.voice;
    const stirVerstat = options.stirVerstat === undefined ? "TN-Validation-Passed-A" : options.stirVerstat;
    const voiceFields = { ...call.callFields("ringing"), ...(stirVerstat !== null && { StirVerstat: stirVerstat }) };
    const answer = await call.post(voiceUrl, voiceFields, true);
    call.voiceAnswer = answer;
    if (answer.status < 200 || answer.status >= 300) {
      throw new SimulatorError(
        `POST ${twilioRoutes.voice} answered HTTP ${answer.status}: ${answer.body.slice(0, 300)}`,
        {
          status: answer.status,
          body: answer.body,
        },
      );
    }
    // Twilio runs the answer: a `<Pause>` and a `<Redirect>` (a server that is restarting) come
    // first. It ends with a relay session, a `<Dial>` ringing someone, or a call rejected unanswered.
    const goesOn = answer.twiml !== undefined && (await call.follow(answer.twiml, voiceUrl));
    if (call.callOutcome?.reason === "rejected") return call;
    if (!answer.twiml || !goesOn || !(call.session || call.dial)) {
      throw new SimulatorError(`The voice webhook did not connect a ConversationRelay: ${answer.body.slice(0, 300)}`, {
        status: answer.status,
        ...(answer.twiml && { twiml: answer.twiml }),
      });
    }
    return call;
  }

  /** The TwiML that opened the current (or last) relay session. */
  get twiml(): ParsedTwiml {
    if (!this.currentTwiml) throw new SimulatorError("no TwiML yet");
    return this.currentTwiml;
  }

  get sessionId(): string {
    const last = this.sessions.at(-1);
    if (!last) throw new SimulatorError("no session yet");
    return last.sessionId;
  }

  /** True while a relay session is open and not ending. */
  get active(): boolean {
    return this.session !== undefined && !this.session.settled;
  }

  get outcome(): CallOutcome | undefined {
    return this.callOutcome;
  }

  get pendingDial(): PendingDial | undefined {
    return this.dial;
  }

  /**
   * The caller says `text`: cumulative `last:false` partials first when `partials` (default: the
   * TwiML's partialPrompts), then the `last:true` prompt. Resolves with the first assistant reply
   * completed after that (a `text` frame with `last:true`; a preemptible filler line is not one).
   */
  async say(text: string, options: { partials?: boolean } = {}): Promise<string> {
    const session = this.live();
    const partialPromptsEnabled = isTrue(session.relay.attributes.partialPrompts);
    const partials = options.partials ?? partialPromptsEnabled;
    if (partials && !partialPromptsEnabled) {
      throw new SimulatorError("partialPrompts is not enabled in the TwiML: Twilio would send only final prompts");
    }
    this.replyBox.clear();
    if (partials) {
      const words = text.split(/\s+/).filter((word) => word !== "");
      for (let count = 1; count <= words.length; count++) {
        this.send(session, {
          type: "prompt",
          voicePrompt: words.slice(0, count).join(" "),
          lang: session.lang,
          last: false,
        });
        await sleep(this.partialIntervalMs);
        if (session.settled) throw new SimulatorError("the session ended while the caller was speaking");
      }
    }
    this.send(session, { type: "prompt", voicePrompt: text, lang: session.lang, last: true });
    return this.replyBox.next(this.timeoutMs);
  }

  /** Sends one final prompt and does not wait for the reply. */
  sendPrompt(text: string): void {
    const session = this.live();
    this.send(session, { type: "prompt", voicePrompt: text, lang: session.lang, last: true });
  }

  /** The next assistant reply not yet returned by `nextReply` or `say`. */
  nextReply(): Promise<string> {
    return this.replyBox.next(this.timeoutMs);
  }

  /** Calls `listener` for every `text` frame; returns the unsubscribe function. */
  onToken(listener: (text: ReceivedText) => void): () => void {
    this.tokenListeners.add(listener);
    return () => this.tokenListeners.delete(listener);
  }

  /** Resolves once a relay session is open (at once if one is), or the call is over. */
  async connected(): Promise<void> {
    if (this.active || this.callOutcome) return;
    await new Promise<void>((resolve) => {
      const stop = this.onEvent((event) => {
        if (event.type !== "session-opened") return;
        stop();
        resolve();
      });
      void this.finished.then(() => {
        stop();
        resolve();
      });
    });
  }

  /** Calls `listener` for every CallEvent from now on; returns the unsubscribe function. */
  onEvent(listener: (event: CallEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /** Calls `listener` for every valid frame from the server; returns the unsubscribe function. */
  onFrame(listener: (frame: ReceivedFrame) => void): () => void {
    this.frameListeners.add(listener);
    return () => this.frameListeners.delete(listener);
  }

  /**
   * The caller talks over the assistant. Like Twilio, the reply in progress is cut: it is
   * recorded (and handed to a pending `say`/`nextReply`) with only the text received so far.
   */
  interrupt(utteranceUntilInterrupt: string, durationMs: number): void {
    const session = this.live();
    const interruptible = session.relay.attributes.interruptible?.toLowerCase();
    if (interruptible === "none" || interruptible === "dtmf" || interruptible === "false") {
      throw new SimulatorError(`interruptible="${interruptible}" in the TwiML: Twilio would not send an interrupt`);
    }
    this.send(session, { type: "interrupt", utteranceUntilInterrupt, durationUntilInterruptMs: durationMs });
    if (this.replyTokens) this.completeTalkCycle(this.replyTokens.join(""));
    this.agentStoppedSpeaking(session);
  }

  /** Presses keys: one `dtmf` frame per key, as Twilio sends them. */
  dtmf(digits: string): void {
    const session = this.live();
    if (!isTrue(session.relay.attributes.dtmfDetection)) {
      throw new SimulatorError("dtmfDetection is not enabled in the TwiML: Twilio would not forward key presses");
    }
    if (!/^[0-9*#]+$/.test(digits)) throw new SimulatorError(`not phone keys: ${JSON.stringify(digits)}`);
    for (const digit of digits) this.send(session, { type: "dtmf", digit });
  }

  sendInfo(name: string, value: string): void {
    this.send(this.live(), { type: "info", name, value });
  }

  /** Sends `data` as is, to see how the server copes with frames Twilio should never send. */
  sendRaw(data: string): void {
    this.live().ws.send(data);
  }

  /** The next `end` not yet returned, once its action callback has been answered. */
  waitForEnd(): Promise<SessionEnd> {
    return this.endBox.next(this.timeoutMs);
  }

  /**
   * The socket dies without a close frame. Twilio then POSTs the action URL with
   * SessionStatus=failed; a fresh `<Connect><ConversationRelay>` answer opens a new session on
   * this same call (resolves once it is open).
   */
  async dropConnection(): Promise<TwilioPostResult | undefined> {
    const session = this.live();
    return this.settle(session, {
      status: "failed",
      errorCode: "64105",
      errorMessage: "WebSocket connection closed unexpectedly",
      socket: "terminate",
    });
  }

  /**
   * The dialled leg of the pending `<Dial action>` ends: Twilio POSTs the Dial's action URL and
   * carries on with the answer, e.g. resumes on a new session when it is a ConversationRelay.
   * `duration` is DialCallDuration in seconds; Twilio sends it only for a bridged call.
   */
  async finishDial(dialCallStatus: DialCallStatus, options: { duration?: number } = {}): Promise<TwilioPostResult> {
    const dial = this.dial;
    if (this.callOutcome || this.hungUp) throw new SimulatorError("the call is over");
    if (!dial) throw new SimulatorError("no <Dial action> is pending");
    const answered = dialCallStatus === "completed" || dialCallStatus === "answered";
    if (this.bridged && !answered)
      throw new SimulatorError("the call was put through already: it can only be completed");
    if (!this.bridged && answered && dial.whisperUrl !== undefined) {
      throw new SimulatorError(
        "the <Number> has a whisper url: pickUp() plays the leg of the person rung, who is put through only from there",
      );
    }
    this.dial = undefined;
    const result = this.runDialAction(dial, dialCallStatus, options.duration ?? 0, answered);
    this.transition = result.catch(() => undefined);
    return result;
  }

  /**
   * The person the pending `<Dial>` rings picks up (or their voicemail does). Twilio runs the
   * `<Number url>` TwiML on their leg, signed as any request: its `<Say>`s are what they hear, and
   * its `<Gather>` gets `press` (none: nobody presses a key, as a voicemail greeting would not).
   * When that TwiML runs out, the two calls are put together; a `<Hangup>` on their leg instead
   * makes Twilio report the Dial not answered, at once. Without a url, picking up puts them through.
   */
  async pickUp(options: { press?: string } = {}): Promise<DialedLeg> {
    const dial = this.dial;
    if (this.callOutcome || this.hungUp) throw new SimulatorError("the call is over");
    if (!dial) throw new SimulatorError("no <Dial action> is pending");
    if (this.bridged) throw new SimulatorError("the call was put through already");
    if (options.press !== undefined && !/^[0-9*#]$/.test(options.press))
      throw new SimulatorError(`not a phone key: ${JSON.stringify(options.press)}`);
    const leg: DialedLeg = { number: dial.number, heard: [], bridged: true };
    if (dial.whisperUrl !== undefined) {
      const legFields = this.dialedLegFields(dial);
      leg.bridged = await this.runWhisper(dial.whisperUrl, legFields, options.press, leg);
    }
    this.emit({ type: "picked-up", at: performance.now(), leg: { ...leg } });
    if (leg.bridged) {
      this.bridged = true;
      return leg;
    }
    this.dial = undefined;
    const action = this.runDialAction(dial, "no-answer", 0, false);
    this.transition = action.catch(() => undefined);
    leg.action = await action;
    return leg;
  }

  /**
   * The caller hangs up: close 1000, action callback (SessionStatus=completed) if a session is
   * open, then the `completed` status callback. `duration` is CallDuration in seconds.
   * `midSentence`: what the caller was still saying as they hung up; like Twilio, the simulator
   * reports it as a final prompt just before the close when the TwiML has partialPromptOnHangup,
   * and drops it otherwise.
   */
  async hangUp(options: { duration?: number; midSentence?: string } = {}): Promise<HangUpResult> {
    if (this.hungUp) throw new SimulatorError("the caller already hung up");
    if (this.callOutcome?.reason === "rejected") throw new SimulatorError("the call was rejected: it never started");
    if (options.midSentence !== undefined) {
      const session = this.live();
      if (isTrue(session.relay.attributes.partialPromptOnHangup)) {
        this.send(session, { type: "prompt", voicePrompt: options.midSentence, lang: session.lang, last: true });
      }
    }
    this.hungUp = true;
    this.callerGone.abort();
    await this.transition;
    const action =
      this.session && !this.session.settled ? await this.settle(this.session, { status: "completed" }) : undefined;
    // No TwiML can run once the caller is gone, so a pending `<Dial>` ends without its action.
    if (this.dial) this.over({ reason: "completed", ...this.lastSessionId() });
    this.bridged = false;
    const duration = options.duration ?? Math.ceil((Date.now() - this.startedAt) / 1000);
    const statusCallback = await this.postStatus({ CallStatus: "completed", CallDuration: String(duration) });
    // Twilio finishes the recording once the call is over, then reports it.
    const recordingCallback = this.recording?.statusCallbackEvents.includes("completed")
      ? await this.postRecordingStatus()
      : undefined;
    return { action, statusCallback, ...(recordingCallback && { recordingCallback }) };
  }

  /**
   * Sends the recording status callback of the call's `<Start><Recording>`, signed like every
   * callback. `fields` override the defaults (a completed recording as long as the call so far),
   * so tests can send it twice or report a failed one.
   */
  async postRecordingStatus(fields: Record<string, string> = {}): Promise<TwilioPostResult> {
    const recording = this.recording;
    if (!recording) throw new SimulatorError("the call is not recorded: no <Start><Recording> ran");
    if (!recording.statusCallbackUrl) throw new SimulatorError("the <Recording> has no recordingStatusCallback");
    const params = {
      AccountSid: this.accountSid,
      CallSid: this.callSid,
      RecordingSid: recording.recordingSid,
      RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/${this.accountSid}/Recordings/${recording.recordingSid}`,
      RecordingStatus: "completed",
      RecordingDuration: String(Math.ceil((Date.now() - recording.startedAt) / 1000)),
      RecordingChannels: recording.attributes.channels === "dual" ? "2" : "1",
      RecordingSource: "StartCallRecordingTwiML",
      RecordingStartTime: new Date(recording.startedAt).toUTCString().replace("GMT", "+0000"),
      ...fields,
    };
    return this.post(recording.statusCallbackUrl, params, false);
  }

  /**
   * Sends a status callback. `fields` override the defaults (call fields, Timestamp, the next
   * SequenceNumber), so tests can send them late, twice or out of order.
   */
  async postStatus(fields: Record<string, string>): Promise<TwilioPostResult> {
    const params = {
      ...this.callFields("in-progress"),
      CallbackSource: "call-progress-events",
      Timestamp: new Date().toUTCString().replace("GMT", "+0000"),
      SequenceNumber: String(this.statusSequence++),
      ...fields,
    };
    return this.post(publicBase(this.endpoint) + twilioRoutes.status, params, false);
  }

  /** Frees the socket and timers without telling the server anything (test teardown). */
  dispose(): void {
    const session = this.session;
    if (session && !session.settled) {
      session.settled = true;
      clearTimeout(session.agentSpeakingOffTimer);
      session.ws.terminate();
    }
    this.callerGone.abort();
    this.over({ reason: "failed", ...this.lastSessionId(), error: "disposed" });
  }

  private live(): Session {
    const session = this.session;
    if (this.callOutcome) throw new SimulatorError(`the call is over (${this.callOutcome.reason})`);
    if (this.onHold) throw new SimulatorError("the line is on hold: nobody hears the caller");
    if (!session || session.settled) throw new SimulatorError("no relay session is open right now");
    return session;
  }

  private send(session: Session, frame: RelayInboundMessage): void {
    session.ws.send(JSON.stringify(frame));
  }

  private callFields(callStatus: string): Record<string, string> {
    return {
      AccountSid: this.accountSid,
      ApiVersion: "2010-04-01",
      CallSid: this.callSid,
      CallStatus: callStatus,
      Called: this.to,
      Caller: this.from,
      Direction: "inbound",
      From: this.from,
      To: this.to,
    };
  }

  /**
   * POSTs to a URL as Twilio does: signed on the URL without its fragment (the connection
   * overrides), and sent again on the failures those overrides retry, within their total time.
   * Twilio documents no wait between attempts, so there is none.
   */
  private async post(
    writtenUrl: string,
    params: Record<string, string>,
    expectTwiml: boolean,
  ): Promise<TwilioPostResult> {
    const { url, overrides } = readConnectionOverrides(writtenUrl);
    const deadline = performance.now() + overrides.totalMs;
    for (let attempts = 1; ; attempts++) {
      const retry = (failure: RetryableFailure) =>
        attempts <= overrides.retries && overrides.retryOn.has(failure) && performance.now() < deadline;
      let response: Response;
      let body: string;
      try {
        response = await postForm(
          this.endpoint,
          url,
          params,
          undefined,
          Math.max(1, Math.round(deadline - performance.now())),
        );
        body = await response.text();
      } catch (error) {
        if (retry(failureOf(error))) continue;
        throw error;
      }
      if (response.status >= 500 && retry("5xx")) continue;
      if (response.status >= 400 && response.status < 500 && retry("4xx")) continue;
      const ok = response.status >= 200 && response.status < 300;
      if (!expectTwiml || !ok || body.trim() === "") return { status: response.status, body, attempts };
      return { status: response.status, body, twiml: parseTwiml(body), attempts };
    }
  }

  private emit(event: CallEvent): void {
    this.events.push(event);
    for (const listener of this.eventListeners) listener(event);
  }

  private async openSession(
    twiml: ParsedTwiml,
    documentUrl: string,
    callStatus: SessionRecord["callStatus"],
  ): Promise<void> {
    const relay = twiml.relay;
    if (!relay) throw new SimulatorError("no ConversationRelay in the TwiML", { twiml });
    const { ws, opened } = connectRelay(this.endpoint, relay.url);
    const debug = `${relay.attributes.debug ?? ""} ${relay.attributes.events ?? ""}`;
    const session: Session = {
      record: { sessionId: `VX${randomHex(16)}`, callStatus },
      ws,
      relay,
      actionUrl: relay.action === undefined ? undefined : new URL(relay.action, documentUrl).toString(),
      openedAt: Date.now(),
      lang: relay.attributes.transcriptionLanguage ?? relay.attributes.language ?? "en-US",
      speakerEvents: /\bspeaker-events\b/.test(debug),
      agentSpeaking: false,
      agentSpeakingOffTimer: undefined,
      invalidStreak: 0,
      settled: false,
    };
    ws.on("message", (data, isBinary) => this.onMessage(session, data, isBinary));
    ws.on("close", (code, reason) => {
      session.record.socketClosed = { code, reason: reason.toString("utf8") };
      if (this.session === session && !session.settled) {
        this.settle(session, {
          status: "failed",
          errorCode: "64105",
          errorMessage: "WebSocket connection closed by the server",
          socket: "gone",
        }).catch(() => {
          // Recorded in `outcome`; nobody is awaiting this settlement.
        });
      }
    });
    await withTimeout(opened, this.timeoutMs, `the relay WebSocket did not open within ${this.timeoutMs} ms`).catch(
      (error: unknown) => {
        ws.terminate();
        throw error;
      },
    );
    session.openedAt = Date.now();
    this.session = session;
    this.currentTwiml = twiml;
    this.sessions.push(session.record);
    this.send(session, {
      type: "setup",
      sessionId: session.record.sessionId,
      accountSid: this.accountSid,
      parentCallSid: "",
      callSid: this.callSid,
      from: this.from,
      to: this.to,
      forwardedFrom: this.to,
      callerName: "",
      direction: "inbound",
      callType: "PSTN",
      callStatus,
      customParameters: relay.parameters,
    });
    this.pickedUp = true;
    this.emit({
      type: "session-opened",
      at: performance.now(),
      sessionId: session.record.sessionId,
      ...(relay.welcomeGreeting !== undefined && { greeting: relay.welcomeGreeting }),
    });
  }

  private onMessage(session: Session, data: RawData, isBinary: boolean): void {
    // Like Twilio, nothing the server sends after `end` (or on a dead session) is acted on.
    if (session.settled) return;
    const at = performance.now();
    const raw = isBinary ? undefined : rawDataToString(data);
    const parsed = raw === undefined ? { ok: false as const, reason: "binary frame" } : checkServerFrame(raw);
    if (!parsed.ok) {
      this.invalidFrames.push({
        raw: raw ?? "<binary>",
        reason: parsed.reason,
        at,
        sessionId: session.record.sessionId,
      });
      this.send(session, { type: "error", description: `Invalid message received, code: 64107, ${parsed.reason}` });
      if (++session.invalidStreak >= MAX_CONSECUTIVE_INVALID_FRAMES) {
        this.settle(session, {
          status: "failed",
          errorCode: "64107",
          errorMessage: "Too many invalid messages",
          socket: "close-1007",
        }).catch(() => {
          // Recorded in `outcome`.
        });
      }
      return;
    }
    session.invalidStreak = 0;
    const received: ReceivedFrame = { frame: parsed.frame, at, sessionId: session.record.sessionId };
    this.received.push(received);
    for (const listener of this.frameListeners) listener(received);
    const frame = parsed.frame;
    switch (frame.type) {
      case "text":
        this.onText(session, frame.token, frame.last, frame.preemptible === true, at);
        break;
      case "end":
        this.settle(session, { status: "ended", handoffData: frame.handoffData }).catch(() => {
          // Recorded in `outcome`; `waitForEnd` still reports the end.
        });
        break;
      case "language":
        if (frame.transcriptionLanguage) session.lang = frame.transcriptionLanguage;
        break;
      default:
        break;
    }
  }

  private onText(session: Session, token: string, last: boolean, preemptible: boolean, at: number): void {
    if (!this.replyTokens) {
      this.replyTokens = [];
      this.replyPreemptible = preemptible;
      clearTimeout(session.agentSpeakingOffTimer);
      if (session.speakerEvents && !session.agentSpeaking) {
        session.agentSpeaking = true;
        this.send(session, { type: "info", name: "agentSpeaking", value: "on" });
      }
    }
    this.replyTokens.push(token);
    const text: ReceivedText = { token, last, preemptible, at, sessionId: session.record.sessionId };
    this.textFrames.push(text);
    for (const listener of this.tokenListeners) listener(text);
    if (!last) return;
    this.completeTalkCycle(this.replyTokens.join(""));
    if (session.agentSpeaking) {
      session.agentSpeakingOffTimer = setTimeout(() => this.agentStoppedSpeaking(session), AGENT_SPEAKING_OFF_DELAY_MS);
    }
  }

  private completeTalkCycle(text: string): void {
    this.replyTokens = undefined;
    if (this.replyPreemptible) {
      this.fillers.push(text);
      return;
    }
    this.replies.push(text);
    this.replyBox.push(text);
  }

  private agentStoppedSpeaking(session: Session): void {
    clearTimeout(session.agentSpeakingOffTimer);
    if (!session.agentSpeaking || session.settled) return;
    session.agentSpeaking = false;
    this.send(session, { type: "info", name: "agentSpeaking", value: "off" });
  }

  /**
   * Ends `session` the way Twilio does (socket, then action callback) and follows the answer
   * unless the caller is gone.
   */
  private settle(session: Session, how: Settlement): Promise<TwilioPostResult | undefined> {
    session.settled = true;
    clearTimeout(session.agentSpeakingOffTimer);
    this.replyTokens = undefined;
    const record = session.record;
    record.status = how.status;
    this.emit({ type: "session-closed", at: performance.now(), sessionId: record.sessionId, status: how.status });
    // A reply still awaited will not come on this session, whatever happens to the call next.
    if (how.status !== "completed") {
      this.replyBox.rejectWaiters(
        new SimulatorError(`session ${record.sessionId} ${how.status} before the reply finished`),
      );
    }
    if (how.status === "ended") {
      record.handoffData = how.handoffData;
      session.ws.close(1000);
    } else if (how.status === "completed") {
      session.ws.close(1000);
    } else {
      record.errorCode = how.errorCode;
      if (how.socket === "terminate") session.ws.terminate();
      if (how.socket === "close-1007") session.ws.close(1007, "Too many invalid messages");
    }
    const run = async (): Promise<TwilioPostResult | undefined> => {
      let action: TwilioPostResult | undefined;
      let failure: unknown;
      let goesOn = false;
      try {
        if (session.actionUrl) {
          action = await this.post(session.actionUrl, this.actionFields(session, how), true);
          record.action = action;
        }
        if (how.status !== "completed" && action?.twiml) {
          goesOn = await this.follow(action.twiml, session.actionUrl ?? "");
        }
      } catch (error) {
        failure = error;
      }
      if (how.status === "ended") {
        this.endBox.push({
          sessionId: record.sessionId,
          ...(how.handoffData !== undefined && { handoffData: how.handoffData }),
          ...(action && { action }),
        });
      }
      if (!goesOn) {
        this.over({
          reason: failure === undefined ? how.status : "failed",
          sessionId: record.sessionId,
          ...(how.status === "ended" && how.handoffData !== undefined && { handoffData: how.handoffData }),
          ...(action && { action }),
          ...(failure !== undefined && { error: describeError(failure) }),
        });
      }
      if (failure !== undefined) throw failure;
      return action;
    };
    const result = run();
    this.transition = result.catch(() => undefined);
    return result;
  }

  /**
   * Carries on with `twiml`, fetched from `documentUrl`, verb by verb as Twilio would: `<Say>` and
   * `<Pause>` hold the line, `<Redirect>` fetches the next document, a ConversationRelay opens a
   * new session, a `<Dial action>` waits for `finishDial`. False when the call has nothing left
   * to do (or the caller hung up meanwhile).
   */
  private async follow(twiml: ParsedTwiml, documentUrl: string): Promise<boolean> {
    this.onHold = true;
    try {
      for (const verb of twiml.verbs) {
        if (this.callOutcome || this.hungUp) return false;
        switch (verb.name) {
          case "Say":
            this.pickedUp = true;
            this.emit({ type: "say", at: performance.now(), text: verb.text });
            break;
          case "Pause":
            await this.pause(verb);
            break;
          case "Redirect":
            return await this.redirect(verb, documentUrl);
          case "Connect":
            if (!twiml.relay) break;
            await this.openSession(twiml, documentUrl, this.pickedUp ? "IN_PROGRESS" : "RINGING");
            return true;
          case "Dial":
            this.dial = dialOf(verb, documentUrl);
            if (this.dial) this.emit({ type: "dialing", at: performance.now(), number: this.dial.number });
            return this.dial !== undefined;
          case "Start":
            this.startRecording(verb, documentUrl);
            break;
          case "Hangup":
            return false;
          case "Reject":
            await this.reject(verb);
            return false;
        }
      }
      return false;
    } finally {
      this.onHold = false;
    }
  }

  /** `<Start><Recording>`: the call is recorded from here; a second one while it runs adds nothing here. */
  private startRecording(verb: TwimlElement, documentUrl: string): void {
    const recording = recordingOf(verb, documentUrl);
    if (!recording || this.recording) return;
    this.recording = { ...recording, recordingSid: `RE${randomHex(16)}`, startedAt: Date.now() };
  }

  /**
   * `<Reject reason>`: Twilio leaves the call unanswered (only as the first verb; after another,
   * the call is up already and it just ends), and reports it over at once to the status callback:
   * `busy` for a busy signal, `no-answer` for "rejected".
   */
  private async reject(verb: TwimlElement): Promise<void> {
    const reason = verb.attributes.reason ?? "rejected";
    if (reason !== "busy" && reason !== "rejected")
      throw new SimulatorError(`<Reject reason="${reason}">: Twilio takes "busy" or "rejected"`);
    this.emit({ type: "rejected", at: performance.now(), reason });
    const status = this.pickedUp ? "completed" : reason === "busy" ? "busy" : "no-answer";
    const statusCallback = await this.postStatus({ CallStatus: status });
    this.over({ reason: "rejected", statusCallback });
  }

  /** `<Pause length>`: seconds of silence, or of ringing before Twilio picks the call up. */
  private async pause(verb: TwimlElement): Promise<void> {
    const length = verb.attributes.length ?? "1";
    const seconds = Number(length);
    if (!Number.isInteger(seconds) || seconds < 1) {
      throw new SimulatorError(`<Pause length="${length}">: Twilio takes a whole number of seconds above 0`);
    }
    this.emit({ type: "pause", at: performance.now(), seconds, ringing: !this.pickedUp });
    await sleepUnless(seconds * 1000, this.callerGone.signal);
    this.pickedUp = true;
  }

  /** `<Redirect>`: the call's fields to the URL, signed, and on with the TwiML it answers. */
  private async redirect(verb: TwimlElement, documentUrl: string): Promise<boolean> {
    const method = (verb.attributes.method ?? "POST").toUpperCase();
    if (method !== "POST") throw new SimulatorError(`<Redirect method="${method}">: the simulator follows POST only`);
    const target = new URL(verb.text, documentUrl).toString();
    const answer = await this.post(target, this.callFields("in-progress"), true);
    this.emit({ type: "redirect", at: performance.now(), url: target, attempts: answer.attempts });
    if (!answer.twiml) {
      throw new SimulatorError(`<Redirect> to ${target} answered HTTP ${answer.status} without TwiML`, {
        status: answer.status,
        body: answer.body,
      });
    }
    return this.follow(answer.twiml, readConnectionOverrides(target).url);
  }

  /**
   * Runs the whisper TwiML on the leg of the person rung, recording what they hear in `leg`. True
   * when it runs out (the calls are put together), false on a `<Hangup>` (or a `<Reject>`).
   */
  private async runWhisper(
    url: string,
    fields: Record<string, string>,
    press: string | undefined,
    leg: DialedLeg,
  ): Promise<boolean> {
    const answer = await this.post(url, fields, true);
    if (!answer.twiml) {
      throw new SimulatorError(`the whisper ${url} answered HTTP ${answer.status} without TwiML`, {
        status: answer.status,
        body: answer.body,
      });
    }
    for (const verb of answer.twiml.verbs) {
      switch (verb.name) {
        case "Say":
          leg.heard.push(verb.text);
          break;
        case "Gather": {
          for (const child of verb.children) if (child.name === "Say") leg.heard.push(child.text);
          // No key: Twilio goes on with the verb after the `<Gather>`.
          if (press === undefined) break;
          leg.pressed = press;
          const action = new URL(verb.attributes.action ?? url, url).toString();
          return this.runWhisper(action, { ...fields, Digits: press }, undefined, leg);
        }
        case "Pause":
          break;
        case "Hangup":
        case "Reject":
          return false;
        default:
          throw new SimulatorError(
            `<${verb.name}> in a whisper: the simulator runs <Say>, <Gather>, <Pause> and <Hangup>`,
          );
      }
    }
    return true;
  }

  /** The request fields of the leg a `<Dial>` places, as Twilio sends them to its `<Number url>`. */
  private dialedLegFields(dial: PendingDial): Record<string, string> {
    const from = dial.attributes.callerId ?? this.to;
    return {
      AccountSid: this.accountSid,
      ApiVersion: "2010-04-01",
      CallSid: `CA${randomHex(16)}`,
      CallStatus: "in-progress",
      Called: dial.number,
      Caller: from,
      Direction: "outbound-dial",
      From: from,
      ParentCallSid: this.callSid,
      To: dial.number,
    };
  }

  private async runDialAction(
    dial: PendingDial,
    status: DialCallStatus,
    duration: number,
    bridged: boolean,
  ): Promise<TwilioPostResult> {
    this.bridged = false;
    const sessionId = this.lastSessionId();
    let answer: TwilioPostResult | undefined;
    try {
      answer = await this.post(dial.actionUrl, this.dialFields(status, duration, bridged), true);
      if (answer.twiml && (await this.follow(answer.twiml, dial.actionUrl))) return answer;
    } catch (error) {
      this.over({ reason: "failed", ...sessionId, ...(answer && { action: answer }), error: describeError(error) });
      throw error;
    }
    this.over({ reason: "completed", ...sessionId, action: answer });
    return answer;
  }

  private dialFields(status: DialCallStatus, duration: number, bridged: boolean): Record<string, string> {
    return {
      ...this.callFields("in-progress"),
      DialCallStatus: status,
      DialCallSid: `CA${randomHex(16)}`,
      DialBridged: String(bridged),
      ...(bridged && { DialCallDuration: String(duration) }),
    };
  }

  private actionFields(session: Session, how: Settlement): Record<string, string> {
    const fields: Record<string, string> = {
      ...this.callFields(how.status === "completed" ? "completed" : "in-progress"),
      SessionId: session.record.sessionId,
      SessionStatus: how.status,
      SessionDuration: String(Math.ceil((Date.now() - session.openedAt) / 1000)),
    };
    if (how.status === "ended" && how.handoffData !== undefined) fields.HandoffData = how.handoffData;
    if (how.status === "failed") {
      fields.ErrorCode = how.errorCode;
      fields.ErrorMessage = how.errorMessage;
    }
    return fields;
  }

  /** The last relay session's id, for a CallOutcome: none when no session ever opened. */
  private lastSessionId(): { sessionId?: string } {
    const last = this.sessions.at(-1);
    return last ? { sessionId: last.sessionId } : {};
  }

  private over(outcome: CallOutcome): void {
    if (this.callOutcome) return;
    this.callOutcome = outcome;
    this.dial = undefined;
    const error = new SimulatorError(
      `the call is over (${outcome.reason}${outcome.error ? `: ${outcome.error}` : ""})`,
    );
    this.replyBox.close(error);
    this.endBox.close(error);
    this.resolveFinished(outcome);
  }
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new SimulatorError(message)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Waits `ms`, or less once `signal` aborts. */
function sleepUnless(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}

function rawDataToString(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString("utf8");
  if (Array.isArray(data)) return Buffer.concat(data).toString("utf8");
  return Buffer.from(data).toString("utf8");
}

function randomHex(bytes: number): string {
  return randomBytes(bytes).toString("hex");
}

function isTrue(value: string | undefined): boolean {
  return value?.toLowerCase() === "true";
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return `${error.message}${cause}`;
}
