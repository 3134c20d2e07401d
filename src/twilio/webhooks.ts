import type { IncomingMessage, ServerResponse } from "node:http";
import type { CallStatus } from "@prisma/client";
import { z } from "zod";
import { businessClock } from "../business/opening-hours.js";
import type { BusinessSettings } from "../business/settings.js";
import { transfersNow, transferTargets } from "../business/transfer-policy.js";
import type { CallRecordings } from "../calls/call-recordings.js";
import type { CallStore, IncomingCall, KnownNumber } from "../calls/call-store.js";
import { isCallerIdSuspect, isCallerIdVerified } from "../calls/caller-id.js";
import type { WriteQueue } from "../calls/write-queue.js";
import { MAX_BRIEFING_LENGTH } from "../conversation/agent.js";
import { spokenLines, welcomeGreeting } from "../conversation/spoken-lines.js";
import { giveUpAfter } from "../give-up-after.js";
import { RequestError, readForm, send, sendError, sendJson, sendXml } from "../http/responses.js";
import type { Logger } from "../logger.js";
import type { CallDrain } from "./call-drain.js";
import { callbackPath } from "./callback-url.js";
import { MAX_HANDOFF_DATA_LENGTH, parseHandoffData } from "./handoff-data.js";
import { encodeSessionParameters, type SessionParameters } from "./relay-messages.js";
import type { RelayTickets } from "./relay-ticket.js";
import { twilioRoutes } from "./routes.js";
import type { TwilioSignatureVerifier } from "./signature.js";
import { speechHints } from "./speech-hints.js";
import {
  bridgeTwiml,
  connectRelayTwiml,
  hangupTwiml,
  parkTwiml,
  rejectTwiml,
  warmDialTwiml,
  whisperTwiml,
} from "./twiml.js";
import { accountSid, callSid, phoneNumber, relaySessionId } from "./wire-fields.js";

export interface WebhookDeps {
  verifier: TwilioSignatureVerifier;
  tickets: RelayTickets;
  store: CallStore;
  writes: WriteQueue;
  logger: Logger;
  /** The owner's settings as they are now (in memory: reading them never waits). */
  business: () => BusinessSettings;
  /** In production a refused signature is answered without saying which URL it was checked on. */
  production: boolean;
  /** Whether this process is stopping: calls are then parked on Twilio's side instead of connected here. */
  drain: CallDrain;
  /** How long a parked call is held before Twilio asks for it back. */
  restartPauseSeconds: number;
  /** Where the recording status callbacks' reports go. */
  recordings: CallRecordings;
}

// What Twilio sends without a documented format is a word or two (SessionStatus): this bounds it.
const MAX_WORD_LENGTH = 32;
// A status callback's Timestamp is RFC 2822, about 31 characters.
const MAX_TIMESTAMP_LENGTH = 64;
// Durations and sequence numbers go to 4-byte integer columns.
const MAX_INT_COLUMN = 2_147_483_647;

const twilioCallStatus = z.enum([
  "queued",
  "initiated",
  "ringing",
  "in-progress",
  "completed",
  "busy",
  "no-answer",
  "canceled",
  "failed",
]);

const twilioStatuses: Record<z.infer<typeof twilioCallStatus>, CallStatus> = {
  queued: "RINGING",
  initiated: "RINGING",
  ringing: "RINGING",
  "in-progress": "IN_PROGRESS",
  completed: "COMPLETED",
  busy: "BUSY",
  "no-answer": "NO_ANSWER",
  canceled: "CANCELED",
  failed: "FAILED",
};

const callFields = z.object({
  CallSid: callSid,
  AccountSid: accountSid.optional(),
  From: phoneNumber.default(""),
  To: phoneNumber.default(""),
  CallStatus: twilioCallStatus.optional(),
});

const voiceFields = callFields.extend({
  // Twilio's STIR/SHAKEN verdict on the caller ID, e.g. "TN-Validation-Passed-A".
  StirVerstat: z.string().max(MAX_WORD_LENGTH).optional(),
});

const actionFields = callFields.extend({
  SessionId: relaySessionId.optional(),
  SessionStatus: z.string().max(MAX_WORD_LENGTH).optional(),
  HandoffData: z.string().max(MAX_HANDOFF_DATA_LENGTH).optional(),
  // Twilio's error codes are numbers (64105: the socket dropped).
  ErrorCode: z
    .string()
    .regex(/^\d{0,10}$/)
    .optional(),
});

const dialFields = callFields.extend({
  DialCallStatus: z.enum(["completed", "answered", "busy", "no-answer", "failed", "canceled"]),
  // Whether the two calls were put together: a leg the whisper hung up on never was.
  DialBridged: z.enum(["true", "false"]).optional(),
});

/** What a transfer's `<Dial action>` URL says of it; we wrote it, and Twilio signed it. */
const dialQuery = z.object({
  // Which of transferTargets was rung: the next one is rung when this one does not take the call.
  attempt: z.coerce.number().int().nonnegative().max(MAX_INT_COLUMN).default(0),
  briefing: z.string().max(MAX_BRIEFING_LENGTH).default(""),
});

/** The whisper's URL: the briefing it says; we wrote it, and Twilio signed it. */
const whisperQuery = z.object({ briefing: z.string().max(MAX_BRIEFING_LENGTH).default("") });

/** The leg of the person rung; `Digits` once they pressed a key during the whisper. */
const whisperFields = callFields.extend({
  Digits: z
    .string()
    .regex(/^[0-9*#]{0,32}$/)
    .optional(),
});

const wholeNumber = z.coerce.number().int().nonnegative().max(MAX_INT_COLUMN);

/**
 * A recording status callback. Its RecordingUrl is not kept: the audio is fetched by SID, with the
 * account's credentials, and reaches the owner only through our own URL.
 */
const recordingFields = z.object({
  CallSid: callSid,
  AccountSid: accountSid.optional(),
  RecordingSid: z.string().regex(/^RE[0-9a-fA-F]{32}$/, "not a Recording SID"),
  RecordingStatus: z.enum(["in-progress", "completed", "absent", "failed"]),
  RecordingDuration: wholeNumber.optional(),
});

/** What a parked call's `<Redirect>` URL says about it; we wrote it, and Twilio signed it. */
const parkedQuery = z.object({
  owner: z.literal("unavailable").optional(),
  parkedAt: z.coerce.number().int().nonnegative(),
});

const statusFields = callFields.extend({
  CallStatus: twilioCallStatus,
  CallDuration: wholeNumber.optional(),
  SequenceNumber: wholeNumber.optional(),
  Timestamp: z.string().max(MAX_TIMESTAMP_LENGTH).pipe(z.coerce.date()).optional(),
});

// How long a webhook may wait on the call log (a returning caller's name, whether a call may resume)
// before answering without it: Twilio is waiting, and so is the caller.
const CALL_LOG_LOOKUP_MS = 1500;
// How long the owner's phone rings before the caller comes back to the secretary: about three
// rings, before a mobile's own voicemail picks up (which Twilio would count as answered).
const OWNER_RING_SECONDS = 15;
// What the caller hears while the next person is rung after one who did not take the call.
const STILL_TRYING_LINE = "Still trying, one moment please.";
// The key that takes a transferred call, as the whisper says.
const TAKE_CALL_KEY = "1";
// A call parked while processes stop is held at most this long: past it, the caller is told so.
const MAX_PARKED_MS = 30_000;

// A session after the call's first (a resume, or back from the owner's phone): the call log keeps
// what was known of the call when it came in (see CallStore.openCall).
const GOES_ON = { afterHours: false, screening: false };

// Said with `<Say>`, in Twilio's default voice (English), while the call is held between sessions.
const RECONNECTING_LINE = "Sorry, I need a few seconds to reconnect. Please stay on the line.";
const STILL_HERE_LINE = "Still here, just a moment.";
// How long a status may wait to be kept when the journal cannot take it (the disk failing) and the
// database is slow: well inside the 15 s Twilio waits for an answer.
const STATUS_KEPT_WITHIN_MS = 10_000;

/** The webhooks Twilio calls, each signed; an unsigned or forged one is refused untouched. */
export class TwilioWebhooks {
  constructor(private readonly deps: WebhookDeps) {}

  async handle(request: IncomingMessage, response: ServerResponse, path: string): Promise<void> {
    let params: Record<string, string>;
    try {
      params = await readForm(request);
    } catch (error) {
      if (error instanceof RequestError) return sendError(response, error.status, error.message);
      throw error;
    }
    const signature = header(request, "x-twilio-signature");
    if (!this.deps.verifier.isValidWebhook(signature, request.url ?? path, params)) {
      this.deps.logger.warn(
        { path, signed: Boolean(signature) },
        "refused a Twilio webhook with a missing or invalid signature",
      );
      if (this.deps.production) return sendError(response, 403, "invalid Twilio signature");
      // Signed on another URL than PUBLIC_URL is the usual local mistake (a tunnel, 127.0.0.1 for
      // localhost): say which URL the signature was computed on, so the sender can fix it.
      return sendJson(response, 403, {
        error: "invalid Twilio signature",
        signatureUrl: this.deps.verifier.urlFor(request.url ?? path),
      });
    }
    switch (path) {
      case twilioRoutes.voice:
        return this.voice(params, response);
      case twilioRoutes.relayAction:
        await this.relayAction(params, response);
        // Answered, whatever the answer: a stopping process may go once each of its calls has one.
        if (params.CallSid) this.deps.drain.callbackAnswered(params.CallSid);
        return;
      case twilioRoutes.resume:
        return this.resume(params, queryOf(request, path), response);
      case twilioRoutes.dialResult:
        return this.dialResult(params, queryOf(request, path), response);
      case twilioRoutes.whisper:
        return this.whisper(params, queryOf(request, path), response);
      case twilioRoutes.status:
        return this.status(params, response);
      case twilioRoutes.recordingStatus:
        return this.recordingStatus(params, response);
    }
  }

  /**
   * A call comes in: the owner's rule for the number first, before anything costs money (a blocked
   * number is rejected unanswered, a VIP rings the owner), then ConversationRelay.
   */
  private async voice(params: Record<string, string>, response: ServerResponse): Promise<void> {
    const fields = this.accept(twilioRoutes.voice, voiceFields, params, response);
    if (!fields) return;
    const { CallSid, From, To, StirVerstat } = fields;
    if (!this.deps.drain.acceptsCalls) {
      // Held before Twilio picks up (the caller hears it ring a little longer), then offered again:
      // to the restarted process, or to another one.
      this.deps.logger.info({ callSid: fields.CallSid }, "incoming call while stopping; parked");
      return sendXml(
        response,
        parkTwiml({
          pauseSeconds: this.deps.restartPauseSeconds,
          redirectUrl: this.deps.verifier.urlFor(twilioRoutes.voice),
        }),
      );
    }
    const known = await this.knownNumber(From);
    const business = this.deps.business();
    const clock = businessClock(business, new Date());
    // Outside the hours the owner set (none set: nobody can say), the greeting says so at once.
    const afterHours = clock.hasOpeningHours && !clock.open;
    const screening = isCallerIdSuspect(StirVerstat);
    const log = this.deps.logger.child({ callSid: CallSid, stirVerstat: StirVerstat });
    const incoming: IncomingCall = {
      callSid: CallSid,
      from: From,
      to: To,
      stirVerstat: StirVerstat,
      afterHours,
      at: new Date(),
    };
    if (known.rule === "BLOCK") {
      log.info("incoming call from a blocked number; rejected");
      this.deps.writes.enqueue(CallSid, { op: "recordBlockedCall", call: incoming });
      return sendXml(response, rejectTwiml("busy"));
    }
    // A VIP rings the owner first while the transfer policy lets anyone through; a spoofed caller ID
    // could show a VIP's number, so only one that passed verification does.
    if (known.rule === "VIP" && !screening && business.ownerPhone && transfersNow(business, clock) === "ANY_CALLER") {
      log.info("incoming call from a VIP; ringing the owner first");
      this.deps.writes.enqueue(CallSid, { op: "recordPutThrough", call: incoming });
      // The owner is told a name only for a number the carrier vouches for, as a caller is greeted by one.
      const vipName = isCallerIdVerified(StirVerstat) ? known.name : undefined;
      const briefing = vipName ? `${vipName}, one of your VIP callers.` : "One of your VIP callers.";
      return sendXml(
        response,
        this.warmDial(fields, business, {
          attempt: 0,
          briefing,
          spokenLine: `One moment, I'll put you through to ${business.ownerName}.`,
        }),
      );
    }
    // Anyone can show any caller ID: only a number the carrier vouches for is greeted by name.
    const name = isCallerIdVerified(StirVerstat) ? known.name : undefined;
    log.info({ screening, afterHours }, "incoming call");
    sendXml(
      response,
      this.relayTwiml(
        fields,
        {
          greeting: welcomeGreeting(business, { name, screening, afterHours }),
          ownerUnavailable: false,
          stirVerstat: StirVerstat,
          afterHours,
          screening,
        },
        business,
        name,
        // From the call's first TwiML only: the recording runs until the call ends, across sessions.
        business.recordCalls ? this.deps.verifier.urlFor(twilioRoutes.recordingStatus) : undefined,
      ),
    );
  }

  /** The ConversationRelay session ended; say what the call does next. */
  private async relayAction(params: Record<string, string>, response: ServerResponse): Promise<void> {
    const fields = this.accept(twilioRoutes.relayAction, actionFields, params, response);
    if (!fields) return;
    const { CallSid, SessionStatus, HandoffData, ErrorCode, CallStatus } = fields;
    const log = this.deps.logger.child({ callSid: CallSid, sessionStatus: SessionStatus, errorCode: ErrorCode });
    const callStillUp = CallStatus === "in-progress";
    const handoff = parseHandoffData(HandoffData);
    const business = this.deps.business();
    const { ownerPhone, ownerName } = business;

    if (SessionStatus === "ended" && handoff?.kind === "transfer" && callStillUp) {
      if (ownerPhone) {
        log.info("transferring the call to the owner");
        return sendXml(
          response,
          this.warmDial(fields, business, {
            attempt: 0,
            briefing: handoff.briefing ?? "",
            spokenLine: `Connecting you to ${ownerName} now.`,
          }),
        );
      }
      log.warn("transfer asked for but the owner has no phone number in the settings");
      return sendXml(response, hangupTwiml(`${ownerName} will call you back as soon as possible. Goodbye.`));
    }
    if (SessionStatus === "failed" && callStillUp && (await this.mayResume(CallSid))) {
      if (!this.deps.drain.acceptsCalls) {
        // We closed the socket to stop: hold the call until the restarted process takes it back.
        log.info("relay session closed for a restart; parking the call");
        return this.park(response, { parkedAt: Date.now() }, RECONNECTING_LINE);
      }
      // The socket dropped (e.g. a restart) but the caller is still there: resume on the same record.
      log.warn("relay session failed mid-call; reconnecting");
      return sendXml(
        response,
        this.relayTwiml(
          fields,
          { greeting: spokenLines(business.voice.language).reconnected, ...GOES_ON, ownerUnavailable: false },
          business,
        ),
      );
    }
    if (CallStatus && CallStatus !== "in-progress") await this.recordStatus(fields);
    log.info("relay session over; hanging up");
    sendXml(response, hangupTwiml());
  }

  /**
   * The transfer's `<Dial>` is over. Put through: the owner had the call, which ends with them. Not
   * taken while the caller is still there (no answer, or nobody pressed 1: a voicemail): the next
   * person on the list is rung; after the last, back to the secretary, on the same call record, to
   * take a message instead.
   */
  private async dialResult(
    params: Record<string, string>,
    query: URLSearchParams,
    response: ServerResponse,
  ): Promise<void> {
    const fields = this.accept(twilioRoutes.dialResult, dialFields, params, response);
    if (!fields) return;
    const dial = this.accept(twilioRoutes.dialResult, dialQuery, Object.fromEntries(query), response);
    if (!dial) return;
    const { CallSid, DialCallStatus, DialBridged, CallStatus } = fields;
    const log = this.deps.logger.child({ callSid: CallSid, dialCallStatus: DialCallStatus, attempt: dial.attempt });
    // Only a call that was put together counts: answered by a voicemail the whisper hung up on is not.
    // Without DialBridged (not every Dial reports it), an answered dial is taken at its word.
    const answered =
      DialBridged !== undefined
        ? DialBridged === "true"
        : DialCallStatus === "completed" || DialCallStatus === "answered";
    if (!answered && CallStatus === "in-progress") {
      const business = this.deps.business();
      const next = dial.attempt + 1;
      if (this.deps.drain.acceptsCalls && next < transferTargets(business).length) {
        log.info({ next }, "the transfer was not taken; ringing the next number");
        return sendXml(
          response,
          this.warmDial(fields, business, { attempt: next, briefing: dial.briefing, spokenLine: STILL_TRYING_LINE }),
        );
      }
      if (!this.deps.drain.acceptsCalls) {
        log.info("the owner did not answer the transfer; parking the call while stopping");
        return this.park(
          response,
          { owner: "unavailable", parkedAt: Date.now() },
          "One moment, please stay on the line.",
        );
      }
      log.info("the owner did not answer the transfer; back to the secretary");
      return sendXml(
        response,
        this.relayTwiml(
          fields,
          { greeting: ownerUnavailableGreeting(business), ...GOES_ON, ownerUnavailable: true },
          business,
        ),
      );
    }
    if (CallStatus && CallStatus !== "in-progress") await this.recordStatus(fields);
    log.info(answered ? "the transferred call is over" : "the caller left during the transfer");
    sendXml(response, hangupTwiml());
  }

  /**
   * The leg of the person a transfer rings, once they pick up (`<Number url>`): the briefing and
   * "press 1", then their key. 1 puts the caller through; another key, or none (a voicemail), hangs
   * this leg up, and the Dial reports it not taken. Writes nothing: the Dial's action records the outcome.
   */
  private whisper(params: Record<string, string>, query: URLSearchParams, response: ServerResponse): void {
    const fields = this.accept(twilioRoutes.whisper, whisperFields, params, response);
    if (!fields) return;
    const whisper = this.accept(twilioRoutes.whisper, whisperQuery, Object.fromEntries(query), response);
    if (!whisper) return;
    const log = this.deps.logger.child({ callSid: fields.CallSid });
    if (fields.Digits === undefined) {
      const { businessName } = this.deps.business();
      sendXml(
        response,
        whisperTwiml({
          lines: [
            `A call for ${businessName}, put through by your secretary.`,
            ...(whisper.briefing ? [whisper.briefing] : []),
            `Press ${TAKE_CALL_KEY} to take the call.`,
          ],
          // The same URL, signed the same way: the key comes back here.
          actionUrl: this.deps.verifier.urlFor(
            callbackPath(twilioRoutes.whisper, { briefing: whisper.briefing || undefined }),
          ),
        }),
      );
    } else if (fields.Digits === TAKE_CALL_KEY) {
      log.info("the transferred call was taken");
      sendXml(response, bridgeTwiml());
    } else {
      log.info("the transferred call was declined with another key");
      sendXml(response, hangupTwiml());
    }
  }

  /**
   * A call parked while a process stopped comes back (its `<Redirect>`): connected again, with its
   * history, once this process takes calls; held a little longer while it too is stopping; and
   * after MAX_PARKED_MS told the truth and let go, its words already in the call log.
   */
  private async resume(
    params: Record<string, string>,
    query: URLSearchParams,
    response: ServerResponse,
  ): Promise<void> {
    const fields = this.accept(twilioRoutes.resume, callFields, params, response);
    if (!fields) return;
    const parked = this.accept(twilioRoutes.resume, parkedQuery, Object.fromEntries(query), response);
    if (!parked) return;
    const { CallSid, CallStatus } = fields;
    const parkedForMs = Date.now() - parked.parkedAt;
    const log = this.deps.logger.child({ callSid: CallSid, parkedForMs });
    if (CallStatus !== "in-progress" || !(await this.mayResume(CallSid))) {
      if (CallStatus && CallStatus !== "in-progress") await this.recordStatus(fields);
      log.info("parked call over; hanging up");
      return sendXml(response, hangupTwiml());
    }
    const ownerUnavailable = parked.owner === "unavailable";
    const business = this.deps.business();
    if (this.deps.drain.acceptsCalls) {
      log.info("parked call back; reconnecting");
      const greeting = ownerUnavailable
        ? ownerUnavailableGreeting(business)
        : spokenLines(business.voice.language).resumed;
      return sendXml(response, this.relayTwiml(fields, { greeting, ...GOES_ON, ownerUnavailable }, business));
    }
    if (parkedForMs < MAX_PARKED_MS) return this.park(response, parked, STILL_HERE_LINE);
    log.warn("parked call not taken back in time; hanging up");
    const { ownerName } = business;
    return sendXml(
      response,
      hangupTwiml(
        `I'm sorry, I can't get back on the line right now. Everything you've told me is saved for ${ownerName}. Please call again if there's anything to add. Goodbye.`,
      ),
    );
  }

  /** Holds the call on Twilio's side, then has Twilio bring it back to /twilio/resume. */
  private park(response: ServerResponse, parked: z.infer<typeof parkedQuery>, holdLine: string): void {
    sendXml(
      response,
      parkTwiml({
        holdLine,
        stillHereLine: STILL_HERE_LINE,
        pauseSeconds: this.deps.restartPauseSeconds,
        redirectUrl: this.deps.verifier.urlFor(callbackPath(twilioRoutes.resume, parked)),
      }),
    );
  }

  /** Twilio's status callback: the call's status and, at the end, its duration. */
  private async status(params: Record<string, string>, response: ServerResponse): Promise<void> {
    const fields = this.accept(twilioRoutes.status, statusFields, params, response);
    if (!fields) return;
    // Twilio is told the status was received only when it is: an answer it can trust.
    if (!(await this.recordStatus(fields))) return sendError(response, 503, "the call status could not be stored");
    send(response, 204, "text/plain", "");
  }

  /** The call's recording is complete (or there is none): kept on the call, or deleted if the call was erased. */
  private async recordingStatus(params: Record<string, string>, response: ServerResponse): Promise<void> {
    const fields = this.accept(twilioRoutes.recordingStatus, recordingFields, params, response);
    if (!fields) return;
    const { CallSid, RecordingSid, RecordingStatus, RecordingDuration } = fields;
    if (RecordingStatus !== "in-progress")
      await this.deps.recordings.keep({
        recordingSid: RecordingSid,
        callSid: CallSid,
        status: RecordingStatus,
        durationSeconds: RecordingDuration,
      });
    this.deps.logger.info(
      { callSid: CallSid, recordingSid: RecordingSid, status: RecordingStatus },
      "call recording reported",
    );
    send(response, 204, "text/plain", "");
  }

  /** The webhook's fields as `schema` reads them, or undefined once a 400 naming the bad ones is sent. */
  private accept<T extends z.ZodType>(
    path: string,
    schema: T,
    params: Record<string, string>,
    response: ServerResponse,
  ): z.infer<T> | undefined {
    const result = schema.safeParse(params);
    if (result.success) return result.data;
    const message = refusal(result.error, params);
    this.deps.logger.warn({ path, refused: message }, "refused a malformed Twilio webhook");
    sendError(response, 400, message);
    return undefined;
  }

  /**
   * Records what Twilio reports about the call, in the call's write queue (a status never overtakes
   * the turns written before it). True once it is kept: in the journal, or else in the database.
   */
  private async recordStatus(
    fields: z.infer<typeof statusFields> | z.infer<typeof actionFields> | z.infer<typeof dialFields>,
  ): Promise<boolean> {
    if (!fields.CallStatus) return true;
    const { writes } = this.deps;
    const queued = writes.enqueue(fields.CallSid, {
      op: "recordStatus",
      report: {
        callSid: fields.CallSid,
        from: fields.From,
        to: fields.To,
        status: twilioStatuses[fields.CallStatus],
        sequence: "SequenceNumber" in fields ? fields.SequenceNumber : undefined,
        durationSeconds: "CallDuration" in fields ? fields.CallDuration : undefined,
        timestamp: "Timestamp" in fields ? fields.Timestamp : undefined,
      },
    });
    const kept = await writes.kept(queued, STATUS_KEPT_WITHIN_MS);
    if (!kept)
      this.deps.logger.error(
        { callSid: fields.CallSid },
        "could not keep a call status: journal and database both failing",
      );
    return kept;
  }

  /**
   * Rings the `attempt`th of the transfer's numbers (the owner's first), showing the caller's
   * number; the person rung hears the briefing and takes the call with a key (`whisper`). How it
   * went comes back to `dialResult`, which rings the next or hands the caller back to the secretary.
   */
  private warmDial(
    call: z.infer<typeof callFields>,
    business: BusinessSettings,
    dial: z.infer<typeof dialQuery> & { spokenLine: string },
  ): string {
    const { attempt, briefing, spokenLine } = dial;
    const target = transferTargets(business)[attempt];
    if (!target) throw new Error(`no transfer number ${attempt}`);
    return warmDialTwiml({
      phone: target.phone,
      spokenLine,
      callerId: call.From || undefined,
      whisperUrl: this.deps.verifier.urlFor(callbackPath(twilioRoutes.whisper, { briefing: briefing || undefined })),
      actionUrl: this.deps.verifier.urlFor(
        callbackPath(twilioRoutes.dialResult, { attempt, briefing: briefing || undefined }),
      ),
      timeoutSeconds: OWNER_RING_SECONDS,
    });
  }

  /**
   * A new relay session on this call, with its own ticket (URL) for what the session may believe,
   * spoken and heard as the owner's settings say; `callerName`, when known, helps the recogniser.
   */
  private relayTwiml(
    call: z.infer<typeof callFields>,
    session: SessionParameters,
    business: BusinessSettings,
    callerName?: string,
    recordingStatusUrl?: string,
  ): string {
    const parameters = encodeSessionParameters(session);
    const relayUrl = this.deps.tickets.url({
      callSid: call.CallSid,
      accountSid: call.AccountSid ?? "",
      from: call.From,
      to: call.To,
      parameters,
      issuedAt: new Date(),
    });
    const actionUrl = this.deps.verifier.urlFor(twilioRoutes.relayAction);
    return connectRelayTwiml({
      actionUrl,
      relayUrl,
      greeting: session.greeting,
      parameters,
      voice: business.voice,
      hints: speechHints([business.businessName, business.ownerName, callerName, ...business.staffNames]),
      recordingStatusUrl,
    });
  }

  /** The call log says whether the call may resume; if it cannot say in time, it may (see openCall). */
  private async mayResume(callSid: string): Promise<boolean> {
    try {
      return (await giveUpAfter(this.deps.store.mayResume(callSid), CALL_LOG_LOOKUP_MS)) ?? true;
    } catch (error) {
      this.deps.logger.warn({ err: error }, "could not tell whether the call may resume; resuming");
      return true;
    }
  }

  /**
   * The caller's name and the owner's rule for the number, if the call log says in time: a caller
   * is never kept waiting on a slow database. Without them the call is answered as any other.
   */
  private async knownNumber(phone: string): Promise<KnownNumber> {
    const unknown = { name: undefined, rule: undefined };
    if (!phone) return unknown;
    try {
      const known = await giveUpAfter(this.deps.store.knownNumber(phone), CALL_LOG_LOOKUP_MS);
      if (known) return known;
      this.deps.logger.warn(
        { waitedMs: CALL_LOG_LOOKUP_MS },
        "the call log did not say in time who is calling; answering without the caller's name or rule",
      );
    } catch (error) {
      this.deps.logger.warn({ err: error }, "caller lookup failed; answering without the caller's name or rule");
    }
    return unknown;
  }
}

function ownerUnavailableGreeting(business: BusinessSettings): string {
  return spokenLines(business.voice.language).ownerUnavailable(business.ownerName);
}

/** Names each field that is missing or malformed, without echoing what was sent. */
function refusal(error: z.ZodError, params: Record<string, string>): string {
  const fields = [...new Set(error.issues.map((issue) => String(issue.path[0])))];
  const missing = fields.filter((field) => params[field] === undefined);
  const invalid = fields.filter((field) => params[field] !== undefined);
  return [
    ...(missing.length > 0 ? [`missing ${missing.join(", ")}`] : []),
    ...(invalid.length > 0 ? [`invalid ${invalid.join(", ")}`] : []),
  ].join("; ");
}

/** The query of a callback URL we wrote (`callbackPath`), signed with it. */
function queryOf(request: IncomingMessage, path: string): URLSearchParams {
  return new URL(request.url ?? path, "http://localhost").searchParams;
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
