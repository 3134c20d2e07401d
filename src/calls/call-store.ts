import { randomUUID } from "node:crypto";
import type {
  ActionItemSource,
  AnalysisState,
  CallerRuleKind,
  CallStatus,
  EndReason,
  HandledBy,
  PrismaClient,
  TurnKind,
  TurnRole,
} from "@prisma/client";
import type { Database, DriverQuery } from "../db/database.js";
import { epochMs, utcTimestamp } from "../db/utc-timestamp.js";
import { enqueueNotifications } from "../notifications/outbox.js";
import { isCallbackNumber } from "../spoken/phone-numbers.js";
import { analysisTransitions } from "./analysis-queue.js";
import { isCallerIdVerified } from "./caller-id.js";
import { type TranscriptLine, transcriptLineOf } from "./transcript.js";

/** A relay session starting on a call. */
export interface SessionOpen {
  callSid: string;
  from: string;
  to: string;
  /** When the server issued the session (its ticket's time). */
  issuedAt: Date;
  /** Twilio's STIR/SHAKEN verdict on the caller ID, when the session was told one. */
  stirVerstat: string | undefined;
  /** The call came in outside opening hours: kept when the session opens the call's record, not on a resume. */
  afterHours: boolean;
  /** The session's own random name: its writes, retried or replayed, know their session by it. */
  sessionKey: string;
}

/** A call the voice webhook answers without a relay session: what it knew of it then. */
export interface IncomingCall {
  callSid: string;
  from: string;
  to: string;
  stirVerstat: string | undefined;
  afterHours: boolean;
  /** When the webhook answered it. */
  at: Date;
}

/** What the call log knows of a number as a call from it comes in. */
export interface KnownNumber {
  /** The name its caller gave on earlier calls (to be believed only for a verified caller ID). */
  name: string | undefined;
  /** The owner's rule for the number. */
  rule: CallerRuleKind | undefined;
}

/** What Twilio's status callback reports about a call. */
export interface StatusReport {
  callSid: string;
  from: string;
  to: string;
  status: CallStatus;
  sequence: number | undefined;
  durationSeconds: number | undefined;
  timestamp: Date | undefined;
}

/**
 * Why a session may not open on a call: the owner erased it, Twilio reported it over, or the
 * session's ticket is not newer than one already used (a replay).
 */
export interface CallRefusal {
  refused: "erased" | "over" | "replayed";
}

export interface CallOpening {
  callId: string;
  /** When the call's record began: the call's start, across its sessions. */
  startedAt: Date;
  resumed: boolean;
  history: TranscriptLine[];
  /** The caller's turns in `history`, oldest first: where each sits there, and which stored turn it is. */
  callerTurns: EarlierCallerTurn[];
  knownCallerName: string | undefined;
  lastCallSummary: string | undefined;
}

/** A caller's turn kept in an earlier session of the call, as a resumed session is given it. */
export interface EarlierCallerTurn {
  /** Its place in the history the session is given. */
  historyIndex: number;
  turnId: string;
  kind: TurnKind;
  /** As it was kept. */
  text: string;
}

export interface NewTurn {
  id: string;
  role: TurnRole;
  kind: TurnKind;
  text: string;
  interrupted: boolean;
  createdAt: Date;
  firstTokenMs?: number | undefined;
  responseMs?: number | undefined;
}

const terminalStatuses: ReadonlySet<CallStatus> = new Set([
  "COMPLETED",
  "BUSY",
  "NO_ANSWER",
  "CANCELED",
  "FAILED",
  "BLOCKED",
]);

// When Twilio says a call is over while its relay session has not recorded its end, that end is
// on its way (from this process or another one, with the call's last turns): the analysis waits
// for it this long at most, in case the process holding the session died.
const SESSION_END_WAIT_MS = 10_000;

/** Columns of a call that CallStore sets through the driver (updateCall). */
type CallFields = Partial<{
  callSid: string;
  from: string;
  to: string;
  startedAt: Date;
  sessionIssuedAt: Date;
  sessionKey: string;
  sessionCount: number;
  callerId: string | null;
  callerName: string | null;
  stirVerstat: string | null;
  afterHours: boolean;
  status: CallStatus;
  statusSequence: number | null;
  endedAt: Date | null;
  durationSeconds: number | null;
  endReason: EndReason | null;
  analysisState: AnalysisState;
  analysisDueAt: Date | null;
  analysisAttempts: number;
  analysisError: string | null;
  analysisLeaseUntil: Date | null;
}>;

export function isTerminal(status: CallStatus): boolean {
  return terminalStatuses.has(status);
}

/**
 * A call's record as the call itself writes it: the relay session (turns, messages, its end) and
 * Twilio's callbacks (status). The post-call analysis has its own queue (AnalysisQueue), and the
 * owner's edits their own module (OwnerEdits). Nothing here is on the conversation's hot path.
 */
export class CallStore {
  constructor(private readonly database: Pick<Database, "prisma" | "execute" | "query" | "transaction">) {}

  private get prisma(): PrismaClient {
    return this.database.prisma;
  }

  /**
   * Opens the record of a call when a ConversationRelay session starts on it, or reopens it when
   * Twilio reconnects the same CallSid after a dropped socket (the history comes back with it).
   *
   * Each session comes with the time the server issued it (its ticket), and is refused unless it is
   * newer than the last session that opened on the call: a ticket opens one session, and a
   * captured one cannot open another. A call Twilio reported over, or one the owner erased, is
   * never reopened. What earlier calls from the number said is only used for a caller ID the
   * carrier vouches for (`isCallerIdVerified`).
   *
   * One transaction, and idempotent: the session's own write applied again (retried after a
   * commit whose answer was lost, or replayed from the journal) opens nothing more and gets the
   * same call back.
   */
  async openCall(input: SessionOpen): Promise<CallOpening | CallRefusal> {
    // Through the driver: every call opens once, and Prisma's pipeline would cost several times
    // what these statements do.
    return this.database.transaction(async (query) => {
      const { erased, existing } = await lookUpCall(query, input.callSid);
      if (erased) return { refused: "erased" };
      const verified = isCallerIdVerified(existing ? existing.stirVerstat : input.stirVerstat);
      if (existing && existing.sessionKey === input.sessionKey)
        return openingOf(query, existing, verified, existing.sessionCount > 1);
      if (existing && isTerminal(existing.status)) return { refused: "over" };
      if (existing) {
        // Conditional, so that of two sessions racing with one ticket only the first gets the call.
        const claimed = await updateCall(
          query,
          existing.id,
          { sessionIssuedAt: input.issuedAt, sessionKey: input.sessionKey },
          { where: (newValue) => `("sessionIssuedAt" IS NULL OR "sessionIssuedAt" < ${newValue("sessionIssuedAt")})` },
        );
        if (!claimed) return { refused: "replayed" };
      }

      if (existing?.sessionCount) {
        await updateCall(
          query,
          existing.id,
          {
            // The call goes on: the last session's end was not the call's end.
            endReason: null,
            endedAt: null,
            durationSeconds: null,
            ...analysisTransitions.restart(),
            status: "IN_PROGRESS",
          },
          { increment: "sessionCount" },
        );
        return openingOf(query, existing, verified, true);
      }

      const now = new Date();
      // A VIP's call put through to the owner first was counted for its caller when it came in.
      const caller = existing?.callerId
        ? (await query<KnownCaller>(`SELECT id, name FROM "Caller" WHERE id = $1`, [existing.callerId]))[0]
        : await countCallFrom(query, input.from, now);
      // The name the number gave on earlier calls is only believed for a verified caller ID.
      const knownName = verified ? caller?.name : null;
      const opened = { sessionCount: 1, callerId: caller?.id ?? null, callerName: knownName ?? null };
      // A status callback may have created the row first (it carries no session), or the voice
      // webhook did (a VIP's call, which the owner did not answer): then we fill it in. What the
      // webhook knew of the call when it came in stands; the session after an unanswered dial
      // was not told it again.
      let callId: string;
      if (existing) {
        callId = existing.id;
        await updateCall(query, callId, {
          ...opened,
          stirVerstat: input.stirVerstat ?? existing.stirVerstat,
          afterHours: input.afterHours || existing.afterHours,
          // The owner did not answer: the call is the secretary's now, and its end is to come.
          endReason: null,
        });
      } else
        callId = await insertCall(query, {
          ...opened,
          callSid: input.callSid,
          from: input.from,
          to: input.to,
          status: "IN_PROGRESS",
          startedAt: now,
          sessionIssuedAt: input.issuedAt,
          sessionKey: input.sessionKey,
          stirVerstat: input.stirVerstat ?? null,
          afterHours: input.afterHours,
        });
      const earlier = verified && caller ? await callerContext(query, caller.id, callId) : {};
      return {
        callId,
        startedAt: existing ? new Date(existing.startedAtMs) : now,
        resumed: false,
        history: [],
        callerTurns: [],
        knownCallerName: earlier.name,
        lastCallSummary: earlier.lastCallSummary,
      };
    });
  }

  /**
   * Whether a session may open on the call again (after a drop): not once the owner erased it or
   * Twilio reported it over. A new session there would only be refused, and refused again.
   */
  async mayResume(callSid: string): Promise<boolean> {
    // Through the driver, as the lookups below: one statement instead of Prisma's pipeline.
    const [row] = await this.database.query<{ erased: boolean; status: CallStatus | null }>(
      `SELECT EXISTS (SELECT 1 FROM "ErasedCall" WHERE "callSid" = $1) AS erased,
              (SELECT status::text FROM "Call" WHERE "callSid" = $1) AS status`,
      [callSid],
    );
    return !row?.erased && !(row?.status && isTerminal(row.status));
  }

  /**
   * The name and the owner's rule for a number, in one statement through the driver: a call is
   * waiting on it, and it runs for every call.
   */
  async knownNumber(phone: string): Promise<KnownNumber> {
    const [row] = await this.database.query<{ name: string | null; rule: CallerRuleKind | null }>(
      `SELECT (SELECT name FROM "Caller" WHERE phone = $1) AS name,
              (SELECT kind::text FROM "CallerRule" WHERE phone = $1) AS rule`,
      [phone],
    );
    return { name: row?.name ?? undefined, rule: row?.rule ?? undefined };
  }

  /**
   * A call from a blocked number, rejected unanswered: its line in the log (BLOCKED, over at
   * once), so the owner sees what was kept out. It has no session, no caller record (a number the
   * owner blocked is nobody they deal with) and no analysis. Idempotent; an erased call stays erased.
   */
  async recordBlockedCall(call: IncomingCall): Promise<void> {
    await this.openWithoutSession(call, async () => ({
      status: "BLOCKED",
      // Over as it came in; with no duration, since it never connected.
      endedAt: call.at,
      callerId: null,
      callerName: null,
      // A status callback that got here first (another process) scheduled the analysis of a missed call.
      ...analysisTransitions.restart(),
    }));
  }

  /**
   * A VIP's call, put through to the owner before anyone else answers: its record opens now, in
   * the owner's hands (TRANSFERRED_TO_OWNER) until a session opens on it, which happens only if
   * the owner does not answer. Counted for its caller like any call. Idempotent; an erased call
   * stays erased.
   */
  async recordPutThrough(call: IncomingCall): Promise<void> {
    await this.openWithoutSession(call, async (query) => {
      const caller = await countCallFrom(query, call.from, call.at);
      return {
        status: "IN_PROGRESS",
        endReason: "TRANSFERRED_TO_OWNER",
        callerId: caller?.id ?? null,
        callerName: isCallerIdVerified(call.stirVerstat) ? (caller?.name ?? null) : null,
      };
    });
  }

  /**
   * Opens the record of a call the voice webhook answered itself, or fills in the one a status
   * callback made first; a call a session has opened, or one already filled in, is left alone.
   */
  private async openWithoutSession(
    call: IncomingCall,
    fields: (query: DriverQuery) => Promise<CallFields>,
  ): Promise<void> {
    await this.database.transaction(async (query) => {
      const { erased, existing } = await lookUpCall(query, call.callSid);
      if (erased) return;
      // Only a status callback's row has neither a session nor an end reason, nor BLOCKED.
      if (existing && (existing.sessionCount > 0 || existing.endReason !== null || existing.status === "BLOCKED"))
        return;
      const known = { stirVerstat: call.stirVerstat ?? null, afterHours: call.afterHours, ...(await fields(query)) };
      if (existing) await updateCall(query, existing.id, known);
      else
        await insertCall(query, { callSid: call.callSid, from: call.from, to: call.to, startedAt: call.at, ...known });
    });
  }

  /**
   * Appends a turn; its place is the next in the call, decided here because writes per call are
   * serial. A turn already there (the same id) is left as it is.
   */
  async addTurn(callId: string, turn: NewTurn): Promise<void> {
    await this.addTurns([{ callId, turn }]);
  }

  /**
   * Appends turns, of one call or several, in one statement through the driver: it runs on every
   * turn of every call, and the write queue gathers the turns of different calls that come due
   * together (turn-batch.ts). A call's turns take the next places in it in the order given; a turn
   * already there (the same id) is left as it is and takes no place. All or none: a turn the
   * database refuses fails the lot.
   */
  async addTurns(turns: readonly { callId: string; turn: NewTurn }[]): Promise<void> {
    if (turns.length === 0) return;
    const params: unknown[] = [];
    for (const { callId, turn } of turns)
      params.push(
        turn.id,
        callId,
        turn.role,
        turn.kind,
        turn.text,
        turn.interrupted,
        turn.firstTokenMs ?? null,
        turn.responseMs ?? null,
        utcTimestamp(turn.createdAt),
      );
    await this.database.execute(addTurnsStatement(turns.length), params);
  }

  /** A reply already recorded turned out to be cut short: it keeps what the caller heard. */
  async truncateTurn(turnId: string, heard: string): Promise<void> {
    await this.prisma.turn.updateMany({ where: { id: turnId }, data: { text: heard, interrupted: true } });
  }

  /**
   * A caller's turn already recorded turned out to hold the start of a card number they finished in
   * a later turn: it now reads `text`, with those digits taken out (its search terms re-parsed too).
   */
  async redactTurn(turnId: string, text: string): Promise<void> {
    await this.prisma.turn.updateMany({ where: { id: turnId }, data: { text } });
  }

  /**
   * Adds an action item, unless the one with this id is there already. A message the secretary took
   * (source CALL) is owed to the owner's channels in the same transaction. One Claude flagged as an
   * emergency is also a `call.urgent` page, keyed by the call as the analysis's `call.urgent` is: a
   * channel paged during the call is not told again once the analysis finds the call URGENT.
   */
  async addActionItem(
    callId: string,
    id: string,
    description: string,
    source: ActionItemSource,
    emergency = false,
  ): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      const { count } = await tx.actionItem.createMany({
        data: [{ id, callId, description, source }],
        skipDuplicates: true,
      });
      if (count === 0 || source !== "CALL") return;
      const call = await tx.call.findUniqueOrThrow({
        where: { id: callId },
        select: { from: true, callerName: true, startedAt: true },
      });
      if (emergency)
        await enqueueNotifications(
          tx,
          {
            event: "CALL_URGENT",
            data: {
              callId,
              from: call.from,
              callerName: call.callerName,
              startedAt: call.startedAt.toISOString(),
              summary: null,
              intent: description,
              urgency: "URGENT",
              actionItems: [description],
            },
          },
          callId,
        );
      await enqueueNotifications(
        tx,
        {
          event: "MESSAGE_TAKEN",
          data: { callId, from: call.from, callerName: call.callerName, message: description },
        },
        id,
      );
    });
  }

  async setCallerName(callId: string, name: string): Promise<void> {
    const call = await this.prisma.call.update({ where: { id: callId }, data: { callerName: name } });
    if (call.callerId) await this.prisma.caller.update({ where: { id: call.callerId }, data: { name } });
  }

  async setHandledBy(callId: string, handledBy: HandledBy): Promise<void> {
    await this.prisma.call.update({ where: { id: callId }, data: { handledBy } });
  }

  /**
   * A question the secretary could not answer from the knowledge base. Asked before and still
   * open (the same question, as `knowledge_question_key` in the knowledge_base migration reads it),
   * it counts on that gap, once per call, which becomes this call's; otherwise it opens a gap.
   * One upsert on the open gaps' unique index, so two calls asking at once make one gap. The ask is
   * kept under the write's own id: applied again (a retry, a replay), it changes nothing.
   */
  async noteKnowledgeGap(callId: string, askId: string, question: string, askedAt: Date): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      if (await tx.knowledgeGapAsk.findUnique({ where: { id: askId }, select: { id: true } })) return;
      const call = await tx.call.findUniqueOrThrow({ where: { id: callId }, select: { from: true } });
      const callerPhone = isCallbackNumber(call.from) ? call.from : null;
      const at = utcTimestamp(askedAt);
      const [gap] = await tx.$queryRaw<{ id: string; opened: boolean }[]>`
        INSERT INTO "KnowledgeGap" (id, question, "normalizedQuestion", "callId", "callerPhone", "timesAsked", "firstAskedAt", "lastAskedAt")
        VALUES (${randomUUID()}::uuid, ${question}, knowledge_question_key(${question}), ${callId}::uuid, ${callerPhone}, 1, ${at}::timestamp, ${at}::timestamp)
        ON CONFLICT ("normalizedQuestion") WHERE "answeredAt" IS NULL DO UPDATE SET
          "timesAsked" = "KnowledgeGap"."timesAsked" + CASE WHEN EXISTS (
            SELECT 1 FROM "KnowledgeGapAsk" ask WHERE ask."gapId" = "KnowledgeGap".id AND ask."callId" = EXCLUDED."callId"
          ) THEN 0 ELSE 1 END,
          "lastAskedAt" = GREATEST("KnowledgeGap"."lastAskedAt", EXCLUDED."lastAskedAt"),
          "callId" = EXCLUDED."callId",
          "callerPhone" = EXCLUDED."callerPhone"
        RETURNING id, (xmax = 0) AS opened`;
      if (!gap) throw new Error("the knowledge gap upsert returned no row");
      await tx.knowledgeGapAsk.create({ data: { id: askId, gapId: gap.id, callId, askedAt } });
      // A row the upsert inserted (PostgreSQL leaves its xmax at 0) is a new question for the owner.
      if (gap.opened)
        await enqueueNotifications(
          tx,
          { event: "KNOWLEDGE_GAP_OPENED", data: { gapId: gap.id, question, callId, callerPhone } },
          gap.id,
        );
    });
  }

  /**
   * A ConversationRelay session ended. The analysis is due after `analysisDelayMs`: at once when the
   * caller hung up or we ended the call, later when Twilio may reconnect (a dropped socket, a
   * transfer the owner may not answer). Only the call's newest session can end it: an older one's
   * end, replayed late, would close a call that goes on.
   */
  async endSession(callId: string, sessionKey: string, endReason: EndReason, analysisDelayMs: number): Promise<void> {
    // Through the driver, as every write at the end of a call: Prisma's pipeline would cost more
    // than the statements. Times are read as epoch milliseconds (see Database.query).
    const [call] = await this.database.query<{
      sessionKey: string | null;
      status: CallStatus;
      endReason: EndReason | null;
      analysisState: AnalysisState;
      durationSeconds: number | null;
      startedAtMs: number;
      endedAtMs: number | null;
    }>(
      `SELECT "sessionKey", status::text AS status, "endReason"::text AS "endReason",
              "analysisState"::text AS "analysisState", "durationSeconds",
              ${epochMs("startedAt")}, ${epochMs("endedAt")}
       FROM "Call" WHERE id = $1`,
      [callId],
    );
    // Gone (erased meanwhile), or resumed on a newer session: there is nothing left to end.
    if (!call || call.sessionKey !== sessionKey) return;
    // Closed as abandoned while the session was in fact alive (a very long silence): the guessed end
    // gives way to the real one, and the analysis, made without the rest of the call, is done again.
    const guessedEnd = call.endReason === "NO_END_REPORTED" && !isTerminal(call.status);
    const endedAt = new Date((guessedEnd ? null : call.endedAtMs) ?? Date.now());
    const knownDuration = guessedEnd ? null : call.durationSeconds;
    // Twilio already said the call is over: nothing can resume it.
    const dueAt = new Date(Date.now() + (isTerminal(call.status) ? 0 : analysisDelayMs));
    // Every statement below holds only while the call is still this session's, which the database
    // checks: the call may resume on a new session (in another process) since the read above, and
    // this end, written late (retried while the database was away), would close the live call.
    const ended = await updateCall(
      this.database.query,
      callId,
      {
        endReason,
        endedAt,
        durationSeconds: knownDuration ?? Math.max(0, Math.round((endedAt.getTime() - call.startedAtMs) / 1000)),
      },
      { session: sessionKey },
    );
    if (!ended) return;
    // The analysis part is a statement of its own, whose condition the database checks (as in
    // recordStatus): this end may be applied again (retried, replayed from the journal after a
    // crash), and the analysis may have been claimed (RUNNING) or have failed and be waiting for its
    // retry since the read above. Overwritten, a claimed one would lose its attempt; brought
    // forward, a retry would run at once, again and again while Claude is down.
    if (guessedEnd && call.analysisState !== "RUNNING")
      // Made without the rest of the call: done again, unless under way or waiting for a retry
      // (which reads the whole call when it runs).
      await updateCall(this.database.query, callId, analysisTransitions.schedule(dueAt), {
        session: sessionKey,
        where: () => `"analysisState" <> 'RUNNING' AND NOT ("analysisState" = 'PENDING' AND "analysisAttempts" > 0)`,
      });
    else if (call.analysisState === "NOT_STARTED" || call.analysisState === "PENDING")
      // A first analysis: scheduled now, or, waiting for this end (see recordStatus), due no later
      // than it says.
      await updateCall(this.database.query, callId, analysisTransitions.schedule(dueAt), {
        session: sessionKey,
        where: (newValue) =>
          `("analysisState" = 'NOT_STARTED' OR (${AWAITING_FIRST_ANALYSIS} AND "analysisDueAt" > ${newValue("analysisDueAt")}))`,
      });
  }

  /**
   * Closes the calls still open with nothing heard of them for `quietMs`: no turn, no status
   * callback, no session. Left alone they would show as in progress and never be analysed. Their end
   * is the last moment anything happened on them; the analysis is due at once (the `schedule`
   * transition, written in SQL here: a call still NOT_STARTED has made no attempt to reset). Safe to
   * run from several processes at the same time. Returns the ids of the calls closed.
   */
  async closeAbandonedCalls(quietMs: number): Promise<string[]> {
    const now = utcTimestamp(new Date());
    const cutoff = utcTimestamp(new Date(Date.now() - quietMs));
    const rows = await this.prisma.$queryRaw<{ id: string }[]>`
      WITH quiet AS (
        SELECT c.id, GREATEST(c."updatedAt", (SELECT max(t."createdAt") FROM "Turn" t WHERE t."callId" = c.id)) AS "lastActivityAt"
        FROM "Call" c
        WHERE c."analysisState" = 'NOT_STARTED' AND c."endReason" IS NULL AND c.status <> 'BLOCKED'
          AND c."updatedAt" < ${cutoff}::timestamp
      )
      UPDATE "Call" c
      SET "endReason" = 'NO_END_REPORTED',
          "endedAt" = COALESCE(c."endedAt", q."lastActivityAt"),
          "durationSeconds" = COALESCE(c."durationSeconds", GREATEST(0, round(extract(epoch FROM q."lastActivityAt" - c."startedAt")))::int),
          "analysisState" = 'PENDING',
          "analysisDueAt" = ${now}::timestamp,
          "updatedAt" = ${now}::timestamp
      FROM quiet q
      WHERE c.id = q.id AND q."lastActivityAt" < ${cutoff}::timestamp AND c."analysisState" = 'NOT_STARTED' AND c."endReason" IS NULL
      RETURNING c.id`;
    return rows.map((row) => row.id);
  }

  /**
   * Twilio's status callback. Idempotent, and safe when callbacks arrive out of order: a lower
   * SequenceNumber never overwrites a higher one, a finished call never goes back to ringing, and
   * its end is the first one reported. A callback about an erased call writes nothing.
   */
  async recordStatus(input: StatusReport): Promise<void> {
    const finished = isTerminal(input.status);
    const endedAt = finished ? (input.timestamp ?? new Date()) : undefined;
    // Through the driver (every call has a few): only what the rules below look at.
    const [existing] = await this.database.query<{
      id: string;
      status: CallStatus;
      statusSequence: number | null;
      ended: boolean;
      analysisState: AnalysisState;
      sessionOpen: boolean;
    }>(
      `SELECT id, status::text AS status, "statusSequence", "endedAt" IS NOT NULL AS ended,
              "analysisState"::text AS "analysisState", "sessionCount" > 0 AND "endReason" IS NULL AS "sessionOpen"
       FROM "Call" WHERE "callSid" = $1`,
      [input.callSid],
    );
    if (!existing) {
      // An erased call stays erased, however late (or replayed) the callback.
      if (await this.prisma.erasedCall.findUnique({ where: { callSid: input.callSid } })) return;
      await this.prisma.call.upsert({
        where: { callSid: input.callSid },
        create: {
          callSid: input.callSid,
          from: input.from,
          to: input.to,
          status: input.status,
          statusSequence: input.sequence ?? null,
          endedAt: endedAt ?? null,
          durationSeconds: input.durationSeconds ?? null,
          // A call that never reached us (busy, no answer) still gets its line in the log.
          ...(finished ? analysisTransitions.schedule(new Date()) : {}),
        },
        update: {},
      });
      return;
    }
    // What Twilio reports of a call we rejected (busy) is the rejection itself: it stays BLOCKED,
    // and is not analysed.
    if (existing.status === "BLOCKED") return;
    const stale =
      input.sequence !== undefined && existing.statusSequence !== null && input.sequence < existing.statusSequence;
    const regresses = isTerminal(existing.status) && !finished;
    const data: CallFields = {};
    let analysisDue: CallFields | undefined;
    if (!stale && !regresses) {
      data.status = input.status;
      if (input.sequence !== undefined) data.statusSequence = input.sequence;
    }
    if (finished) {
      if (input.durationSeconds !== undefined) data.durationSeconds = input.durationSeconds;
      // The first report of the end stands: a terminal callback replayed, or another one after it
      // (dated on arrival when it carries no Timestamp), does not move it.
      if (!isTerminal(existing.status) || !existing.ended) data.endedAt = endedAt ?? null;
      if (existing.analysisState === "NOT_STARTED" || existing.analysisState === "PENDING")
        analysisDue = analysisTransitions.reschedule(
          new Date(Date.now() + (existing.sessionOpen ? SESSION_END_WAIT_MS : 0)),
        );
    }
    if (Object.keys(data).length > 0) await updateCall(this.database.query, existing.id, data);
    // The analysis is due now the call is over (or once its open session ends), unless it was
    // claimed since the read above, or failed and waits for its retry: brought forward by a late or
    // replayed callback, it would be retried at once, again and again while Claude is down. Hence a
    // statement of its own, whose condition the database checks.
    if (analysisDue)
      await updateCall(this.database.query, existing.id, analysisDue, {
        where: () => `("analysisState" = 'NOT_STARTED' OR ${AWAITING_FIRST_ANALYSIS})`,
      });
  }

  /** Through the driver: asked for every status callback and every resumed session. */
  async callIdForSid(callSid: string): Promise<string | undefined> {
    const [row] = await this.database.query<{ id: string }>(`SELECT id FROM "Call" WHERE "callSid" = $1`, [callSid]);
    return row?.id;
  }
}

/** What opening a call reads of its record, if it has one. */
interface StoredCall {
  id: string;
  sessionKey: string | null;
  stirVerstat: string | null;
  status: CallStatus;
  sessionCount: number;
  callerId: string | null;
  callerName: string | null;
  afterHours: boolean;
  endReason: EndReason | null;
  startedAtMs: number;
}

interface KnownCaller {
  id: string;
  name: string | null;
}

/** Whether the call was erased, and its record if it has one: one statement. */
async function lookUpCall(
  query: DriverQuery,
  callSid: string,
): Promise<{ erased: boolean; existing: StoredCall | undefined }> {
  const [row] = await query<{ erased: boolean } & (StoredCall | { [K in keyof StoredCall]: null })>(
    `SELECT EXISTS (SELECT 1 FROM "ErasedCall" WHERE "callSid" = $1) AS erased,
            id, "sessionKey", "stirVerstat", status::text AS status, "sessionCount", "callerId", "callerName",
            "afterHours", "endReason"::text AS "endReason", ${epochMs("startedAt")}
     FROM (SELECT) AS one LEFT JOIN "Call" ON "callSid" = $1`,
    [callSid],
  );
  if (!row) throw new Error("the call lookup returned no row");
  const { erased, ...call } = row;
  return { erased, existing: call.id === null ? undefined : (call as StoredCall) };
}

// An analysis scheduled and not yet tried: neither claimed (RUNNING) nor a failed one waiting for its
// retry, so a call's end or status callback may still say when it is due.
const AWAITING_FIRST_ANALYSIS = `("analysisState" = 'PENDING' AND "analysisAttempts" = 0)`;

/**
 * Sets `fields` on a call through the driver, and its "updatedAt" as Prisma would; `increment`
 * adds one to a counter, `session` holds the change back unless the call's session is still that
 * one (its key), and `where` (SQL) unless it is true: it is given the placeholder of each field's
 * new value, to compare the row's with. The server gives each parameter its column's type (an
 * enum, a timestamp); times go as Prisma stores them. Whether the call was changed.
 */
async function updateCall(
  query: DriverQuery,
  callId: string,
  fields: CallFields,
  options: {
    increment?: "sessionCount";
    session?: string;
    where?: (newValue: (field: keyof CallFields) => string) => string;
  } = {},
): Promise<boolean> {
  const columns = columnsOf({ ...fields, updatedAt: new Date() });
  const params: unknown[] = [callId, ...columns.map(([, value]) => value)];
  const placeholder = (index: number) => `$${index + 2}`;
  const set = columns.map(([column], index) => `"${column}" = ${placeholder(index)}`);
  if (options.increment) set.push(`"${options.increment}" = "${options.increment}" + 1`);
  const newValue = (field: keyof CallFields) => {
    const index = columns.findIndex(([column]) => column === field);
    if (index === -1) throw new Error(`updateCall: the condition compares ${field}, which is not set`);
    return placeholder(index);
  };
  const conditions = [`id = $1`];
  if (options.session !== undefined) conditions.push(`"sessionKey" = $${params.push(options.session)}`);
  if (options.where) conditions.push(options.where(newValue));
  const changed = await query(
    `UPDATE "Call" SET ${set.join(", ")} WHERE ${conditions.join(" AND ")} RETURNING id`,
    params,
  );
  return changed.length > 0;
}

/** Creates a call through the driver (see updateCall); its id. */
async function insertCall(
  query: DriverQuery,
  fields: CallFields & Required<Pick<CallFields, "callSid" | "from" | "to" | "startedAt">>,
): Promise<string> {
  const now = new Date();
  const columns = columnsOf({ id: randomUUID(), ...fields, createdAt: now, updatedAt: now });
  const [row] = await query<{ id: string }>(
    `INSERT INTO "Call" (${columns.map(([column]) => `"${column}"`).join(", ")})
     VALUES (${columns.map((_, index) => `$${index + 1}`).join(", ")}) RETURNING id`,
    columns.map(([, value]) => value),
  );
  if (!row) throw new Error("the call insert returned no row");
  return row.id;
}

/** The columns given a value, with times as Prisma stores them. */
function columnsOf(fields: Record<string, unknown>): Array<[string, unknown]> {
  return Object.entries(fields)
    .filter(([, value]) => value !== undefined)
    .map(([column, value]) => [column, value instanceof Date ? utcTimestamp(value) : value]);
}

/**
 * The caller record of the number a call comes from, counted for the call: a withheld number
 * ("anonymous") is nobody in particular, and its calls share no caller record.
 */
async function countCallFrom(query: DriverQuery, from: string, at: Date): Promise<KnownCaller | undefined> {
  if (!isCallbackNumber(from)) return undefined;
  const [caller] = await query<KnownCaller>(
    `INSERT INTO "Caller" (id, phone, "callCount", "lastCallAt", "createdAt") VALUES ($1, $2, 1, $3, $4)
     ON CONFLICT (phone) DO UPDATE SET "callCount" = "Caller"."callCount" + 1, "lastCallAt" = EXCLUDED."lastCallAt"
     RETURNING id, name`,
    [randomUUID(), from, utcTimestamp(at), utcTimestamp(new Date())],
  );
  return caller;
}

/** What a session opening on a call that has a record already gets: its history, and what is known of the caller. */
async function openingOf(
  query: DriverQuery,
  call: StoredCall,
  verified: boolean,
  resumed: boolean,
): Promise<CallOpening> {
  const turns = await query<{ id: string; role: TurnRole; kind: TurnKind; text: string }>(
    `SELECT id, role::text AS role, kind::text AS kind, text FROM "Turn" WHERE "callId" = $1 ORDER BY seq`,
    [call.id],
  );
  const callerTurns: EarlierCallerTurn[] = [];
  for (const [historyIndex, turn] of turns.entries())
    if (turn.role === "CALLER") callerTurns.push({ historyIndex, turnId: turn.id, kind: turn.kind, text: turn.text });
  const earlier = verified && call.callerId ? await callerContext(query, call.callerId, call.id) : {};
  return {
    callId: call.id,
    startedAt: new Date(call.startedAtMs),
    resumed,
    history: turns.map(transcriptLineOf),
    callerTurns,
    knownCallerName: call.callerName ?? earlier.name,
    lastCallSummary: earlier.lastCallSummary,
  };
}

/** The name the caller gave before, and what their last call was about: one statement. */
async function callerContext(
  query: DriverQuery,
  callerId: string,
  currentCallId: string,
): Promise<{ name?: string; lastCallSummary?: string }> {
  const [row] = await query<{ name: string | null; lastCallSummary: string | null }>(
    `SELECT (SELECT name FROM "Caller" WHERE id = $1) AS name,
            (SELECT summary FROM "Call" WHERE "callerId" = $1 AND id <> $2 AND summary IS NOT NULL
             ORDER BY "startedAt" DESC LIMIT 1) AS "lastCallSummary"`,
    [callerId, currentCallId],
  );
  return { name: row?.name ?? undefined, lastCallSummary: row?.lastCallSummary ?? undefined };
}

// Statements for batches of up to this many turns are kept once made; a larger one is made each time.
const KEPT_ADD_TURNS_STATEMENTS = 32;
const addTurnsStatements: string[] = [];

/**
 * The statement that appends `count` turns (CallStore.addTurns), nine parameters a turn: the same
 * text for the same count, so it is made once rather than for every batch of every turn.
 */
function addTurnsStatement(count: number): string {
  const kept = addTurnsStatements[count];
  if (kept !== undefined) return kept;
  const rows: string[] = [];
  for (let index = 0; index < count; index++) {
    const at = index * 9;
    rows.push(
      `($${at + 1}::uuid, $${at + 2}::uuid, $${at + 3}::"TurnRole", $${at + 4}::"TurnKind", $${at + 5}::text, $${at + 6}::boolean, $${at + 7}::int, $${at + 8}::int, $${at + 9}::timestamp, ${index})`,
    );
  }
  const statement = `INSERT INTO "Turn" (id, "callId", seq, role, kind, text, interrupted, "firstTokenMs", "responseMs", "createdAt")
       SELECT v.id, v."callId",
              COALESCE((SELECT MAX(t.seq) FROM "Turn" t WHERE t."callId" = v."callId"), 0)
                + ROW_NUMBER() OVER (PARTITION BY v."callId" ORDER BY v.ord),
              v.role, v.kind, v.text, v.interrupted, v."firstTokenMs", v."responseMs", v."createdAt"
       FROM (VALUES ${rows.join(", ")})
         AS v(id, "callId", role, kind, text, interrupted, "firstTokenMs", "responseMs", "createdAt", ord)
       WHERE NOT EXISTS (SELECT 1 FROM "Turn" t WHERE t.id = v.id)
       ON CONFLICT (id) DO NOTHING`;
  if (count <= KEPT_ADD_TURNS_STATEMENTS) addTurnsStatements[count] = statement;
  return statement;
}
