import type { IncomingMessage, ServerResponse } from "node:http";
import type { CallStatus } from "@prisma/client";
import { z } from "zod";
import type { CallEvents } from "../calls/call-events.js";
import type { CallStore } from "../calls/call-store.js";
import { isCallerIdVerified } from "../calls/caller-id.js";
import type { WriteQueue } from "../calls/write-queue.js";
import type { SecretarySettings } from "../conversation/system-prompt.js";
import { welcomeGreeting } from "../conversation/system-prompt.js";
import { giveUpAfter } from "../give-up-after.js";
import { RequestError, readForm, send, sendError, sendJson, sendXml } from "../http/responses.js";
import type { Logger } from "../logger.js";
import { parseHandoffData } from "./handoff-data.js";
import { encodeSessionParameters, type SessionParameters } from "./relay-messages.js";
import type { RelayTickets } from "./relay-ticket.js";
import { twilioRoutes } from "./routes.js";
import type { TwilioSignatureVerifier } from "./signature.js";
import { connectRelayTwiml, dialOwnerTwiml, hangupTwiml } from "./twiml.js";

export interface WebhookDeps {
  verifier: TwilioSignatureVerifier;
  tickets: RelayTickets;
  store: CallStore;
  writes: WriteQueue;
  events: CallEvents;
  logger: Logger;
  settings: SecretarySettings & { ownerPhone: string | undefined };
  /** In production a refused signature is answered without saying which URL it was checked on. */
  production: boolean;
}

const callFields = z.object({
  CallSid: z.string().min(1),
  AccountSid: z.string().default(""),
  From: z.string().default(""),
  To: z.string().default(""),
  CallStatus: z.string().optional(),
});

const voiceFields = callFields.extend({
  StirVerstat: z.string().optional(),
});

const actionFields = callFields.extend({
  SessionStatus: z.string().optional(),
  HandoffData: z.string().optional(),
  ErrorCode: z.string().optional(),
});

const dialFields = callFields.extend({
  DialCallStatus: z.string(),
});

const statusFields = callFields.extend({
  CallStatus: z.string(),
  CallDuration: z.coerce.number().int().nonnegative().optional(),
  SequenceNumber: z.coerce.number().int().nonnegative().optional(),
  Timestamp: z.string().optional(),
});

const twilioStatuses: Record<string, CallStatus> = {
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

// How long the voice webhook may spend looking up a returning caller before greeting generically.
const CALLER_LOOKUP_MS = 1500;
// How long the owner's phone rings before the caller comes back to the secretary: about three
// rings, before a mobile's own voicemail picks up (which Twilio would count as answered).
const OWNER_RING_SECONDS = 15;

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
        return this.relayAction(params, response);
      case twilioRoutes.dialResult:
        return this.dialResult(params, response);
      case twilioRoutes.status:
        return this.status(params, response);
    }
  }

  /** A call comes in: answer with ConversationRelay. */
  private async voice(params: Record<string, string>, response: ServerResponse): Promise<void> {
    const fields = voiceFields.safeParse(params);
    if (!fields.success) return sendError(response, 400, "missing CallSid");
    const { From, StirVerstat } = fields.data;
    // Anyone can show any caller ID: only a number the carrier vouches for is greeted by name.
    const name = isCallerIdVerified(StirVerstat) ? await this.knownCallerName(From) : undefined;
    this.deps.logger.info({ callSid: fields.data.CallSid, stirVerstat: StirVerstat }, "incoming call");
    sendXml(
      response,
      this.relayTwiml(fields.data, {
        greeting: welcomeGreeting(this.deps.settings, name),
        ownerUnavailable: false,
        stirVerstat: StirVerstat,
      }),
    );
  }

  /** The ConversationRelay session ended; say what the call does next. */
  private async relayAction(params: Record<string, string>, response: ServerResponse): Promise<void> {
    const fields = actionFields.safeParse(params);
    if (!fields.success) return sendError(response, 400, "missing CallSid");
    const { CallSid, SessionStatus, HandoffData, ErrorCode, CallStatus } = fields.data;
    const log = this.deps.logger.child({ callSid: CallSid, sessionStatus: SessionStatus, errorCode: ErrorCode });
    const callStillUp = CallStatus === "in-progress";
    const handoff = parseHandoffData(HandoffData);
    const { ownerPhone, ownerName } = this.deps.settings;

    if (SessionStatus === "ended" && handoff?.kind === "transfer" && callStillUp) {
      if (ownerPhone) {
        log.info("transferring the call to the owner");
        return sendXml(
          response,
          dialOwnerTwiml({
            ownerPhone,
            spokenLine: `Connecting you to ${ownerName} now.`,
            callerId: fields.data.From || undefined,
            actionUrl: this.deps.verifier.urlFor(twilioRoutes.dialResult),
            timeoutSeconds: OWNER_RING_SECONDS,
          }),
        );
      }
      log.warn("transfer asked for but OWNER_PHONE is not set");
      return sendXml(response, hangupTwiml(`${ownerName} will call you back as soon as possible. Goodbye.`));
    }
    if (SessionStatus === "failed" && callStillUp && (await this.mayResume(CallSid))) {
      // The socket dropped (e.g. a restart) but the caller is still there: resume on the same record.
      log.warn("relay session failed mid-call; reconnecting");
      return sendXml(
        response,
        this.relayTwiml(fields.data, {
          greeting: "Sorry about that, the line cut out for a moment. I'm still here, please go on.",
          ownerUnavailable: false,
        }),
      );
    }
    if (CallStatus && CallStatus !== "in-progress") await this.recordStatus(fields.data);
    log.info("relay session over; hanging up");
    sendXml(response, hangupTwiml());
  }

  /**
   * The transfer's `<Dial>` is over. Answered: the owner had the call, which ends with them. Not
   * answered while the caller is still there: back to the secretary, on the same call record, to
   * take a message instead.
   */
  private async dialResult(params: Record<string, string>, response: ServerResponse): Promise<void> {
    const fields = dialFields.safeParse(params);
    if (!fields.success) return sendError(response, 400, "missing CallSid or DialCallStatus");
    const { CallSid, DialCallStatus, CallStatus } = fields.data;
    const log = this.deps.logger.child({ callSid: CallSid, dialCallStatus: DialCallStatus });
    const answered = DialCallStatus === "completed" || DialCallStatus === "answered";
    if (!answered && CallStatus === "in-progress") {
      log.info("the owner did not answer the transfer; back to the secretary");
      const { ownerName } = this.deps.settings;
      return sendXml(
        response,
        this.relayTwiml(fields.data, {
          greeting: `I'm sorry, ${ownerName} isn't available right now. I'll take a message and make sure they get it. What would you like me to pass on?`,
          ownerUnavailable: true,
        }),
      );
    }
    if (CallStatus && CallStatus !== "in-progress") await this.recordStatus(fields.data);
    log.info(answered ? "the transferred call is over" : "the caller left during the transfer");
    sendXml(response, hangupTwiml());
  }

  /** Twilio's status callback: the call's status and, at the end, its duration. */
  private async status(params: Record<string, string>, response: ServerResponse): Promise<void> {
    const fields = statusFields.safeParse(params);
    if (!fields.success) return sendError(response, 400, "missing CallSid or CallStatus");
    if (!twilioStatuses[fields.data.CallStatus])
      return sendError(response, 400, `unknown CallStatus ${fields.data.CallStatus}`);
    await this.recordStatus(fields.data);
    send(response, 204, "text/plain", "");
  }

  private async recordStatus(
    fields: z.infer<typeof statusFields> | z.infer<typeof actionFields> | z.infer<typeof dialFields>,
  ): Promise<void> {
    const status = twilioStatuses[fields.CallStatus ?? ""];
    if (!status) return;
    const timestamp = "Timestamp" in fields && fields.Timestamp ? new Date(fields.Timestamp) : undefined;
    const { store, writes, events } = this.deps;
    // In the call's write queue, so a status never overtakes the turns written before it.
    await writes.enqueue(fields.CallSid, "record status", async () => {
      await store.recordStatus({
        callSid: fields.CallSid,
        from: fields.From,
        to: fields.To,
        status,
        sequence: "SequenceNumber" in fields ? fields.SequenceNumber : undefined,
        durationSeconds: "CallDuration" in fields ? fields.CallDuration : undefined,
        timestamp: timestamp && !Number.isNaN(timestamp.getTime()) ? timestamp : undefined,
      });
      const callId = await store.callIdForSid(fields.CallSid);
      if (callId) events.callChanged(callId);
    });
  }

  /** A new relay session on this call, with its own ticket (URL) for what the session may believe. */
  private relayTwiml(call: z.infer<typeof callFields>, session: SessionParameters): string {
    const parameters = encodeSessionParameters(session);
    const relayUrl = this.deps.tickets.url({
      callSid: call.CallSid,
      accountSid: call.AccountSid,
      from: call.From,
      to: call.To,
      parameters,
      issuedAt: new Date(),
    });
    const actionUrl = this.deps.verifier.urlFor(twilioRoutes.relayAction);
    return connectRelayTwiml({ actionUrl, relayUrl, greeting: session.greeting, parameters });
  }

  /** The call log says whether the call may resume; if it cannot say in time, it may (see openCall). */
  private async mayResume(callSid: string): Promise<boolean> {
    try {
      return (await giveUpAfter(this.deps.store.mayResume(callSid), CALLER_LOOKUP_MS)) ?? true;
    } catch (error) {
      this.deps.logger.warn({ err: error }, "could not tell whether the call may resume; resuming");
      return true;
    }
  }

  private async knownCallerName(phone: string): Promise<string | undefined> {
    if (!phone) return undefined;
    try {
      return await giveUpAfter(this.deps.store.callerName(phone), CALLER_LOOKUP_MS);
    } catch (error) {
      this.deps.logger.warn({ err: error }, "caller lookup failed; greeting without a name");
      return undefined;
    }
  }
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
