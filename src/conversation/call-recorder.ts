import { randomUUID } from "node:crypto";
import type { ActionItemSource, EndReason, HandledBy } from "@prisma/client";
import type { CallEvents, TranscriptEvent } from "../calls/call-events.js";
import type { CallLogWrite } from "../calls/call-log-write.js";
import type { CallOpening, CallRefusal, NewTurn, SessionOpen } from "../calls/call-store.js";
import type { HeldWrite, WriteQueue } from "../calls/write-queue.js";
import type { Metrics } from "../metrics/metrics.js";

export interface CallRecorderDeps {
  writes: WriteQueue;
  events: CallEvents;
  metrics: Pick<Metrics, "turnRecorded">;
}

/**
 * One session's record of its call, kept in order behind the conversation, never in front of it:
 * every write is journaled at once and goes to the database through the call's queue (in order,
 * retried while the database is away), once the call record exists; live watchers hear of each
 * change as it happens.
 */
export class CallRecorder {
  private callId: string | undefined;
  /** The call log refused the session: it writes nothing. */
  private refused = false;
  /** The caller's words, journaled but kept off the database until the reply has started (see holdCallerTurn). */
  private heldTurns: HeldWrite[] = [];
  /** This session's own name in the call log (SessionOpen.sessionKey). */
  private readonly sessionKey = randomUUID();

  constructor(
    private readonly deps: CallRecorderDeps,
    private readonly callSid: string,
  ) {}

  /**
   * Opens the call's record, or reopens it when the call resumes on a new session. Resolves with
   * what it holds, or why the session may not open; live watchers hear of it once it exists.
   */
  open(call: Omit<SessionOpen, "sessionKey">): Promise<CallOpening | CallRefusal | undefined> {
    const { writes } = this.deps;
    const opening = writes.enqueue(
      this.callSid,
      {
        op: "openCall",
        session: {
          callSid: call.callSid,
          from: call.from,
          to: call.to,
          issuedAt: call.issuedAt,
          stirVerstat: call.stirVerstat,
          afterHours: call.afterHours,
          sessionKey: this.sessionKey,
        },
      },
      this.sessionKey,
    ).applied;
    void opening.then((record) => {
      if (!record) return;
      if ("refused" in record) {
        this.refused = true;
        for (const held of this.heldTurns) held.cancel();
        this.heldTurns = [];
        return;
      }
      this.callId = record.callId;
    });
    return opening;
  }

  /** Whether a change to the live transcript could reach anyone now (CallEvents.transcriptWanted). */
  get transcriptWanted(): boolean {
    return !this.refused && this.deps.events.transcriptWanted(this.callId ?? "");
  }

  /** A change to the live transcript; lost for watchers while the record does not exist yet. */
  publish(event: Omit<TranscriptEvent, "callId">): void {
    if (this.refused) return;
    this.deps.events.transcript({ callId: this.callId ?? "", ...event });
  }

  addTurn(turn: NewTurn): void {
    if (this.refused) return;
    this.write({ op: "addTurn", turn });
    this.deps.metrics.turnRecorded(turn.role, turn.kind);
  }

  /**
   * The caller just spoke: their turn is in the journal at once (a local append, safe from a
   * crash), and goes to the database once the reply's first words have gone out (or the reply
   * ends, or the call does: `releaseHeldTurns`). With the embedded database a write runs on this
   * process, and it must not delay the request to the model.
   */
  holdCallerTurn(turn: NewTurn): void {
    if (this.refused) return;
    this.hold({ op: "addTurn", turn });
    this.deps.metrics.turnRecorded(turn.role, turn.kind);
  }

  /**
   * A caller's turn held or written earlier held the start of a card number they finished in the
   * turn they just said: it now reads `text`. Still held, it is journaled afresh as it now reads and
   * never reaches the database as it was; already written, it is corrected there once released, as
   * the turn that finished the number is (so the correction is no database write ahead of the
   * request to the model either). The turns corrected are the caller's latest, so each goes back
   * at the end of the held ones, oldest first, in the order it was said.
   */
  correctCallerTurn(turnId: string, text: string): void {
    if (this.refused) return;
    const index = this.heldTurns.findIndex(({ write }) => write.op === "addTurn" && write.turn.id === turnId);
    const [held] = index === -1 ? [] : this.heldTurns.splice(index, 1);
    if (held?.write.op === "addTurn") {
      held.cancel();
      this.hold({ op: "addTurn", turn: { ...held.write.turn, text } });
    } else {
      this.hold({ op: "redactTurn", turnId, text });
    }
  }

  releaseHeldTurns(): void {
    const turns = this.heldTurns;
    if (turns.length === 0) return;
    this.heldTurns = [];
    for (const held of turns) held.release();
  }

  private hold(write: CallLogWrite): void {
    this.heldTurns.push(this.deps.writes.hold(this.callSid, write, this.sessionKey));
  }

  /** A reply already recorded turned out to be cut short: keep what was heard. */
  truncateTurn(turnId: string, heard: string): void {
    this.write({ op: "truncateTurn", turnId, heard });
  }

  /** `emergency`: a message Claude flagged as one, paged to the owner while the call goes on. */
  addActionItem(description: string, source: ActionItemSource, emergency = false): void {
    this.write({ op: "addActionItem", actionItemId: randomUUID(), description, source, emergency });
  }

  /** A question the agent could not answer; its id makes it count once, however often it is applied. */
  noteKnowledgeGap(question: string): void {
    this.write({ op: "noteKnowledgeGap", askId: randomUUID(), question, askedAt: new Date() });
  }

  setCallerName(name: string): void {
    this.write({ op: "setCallerName", name });
  }

  setHandledBy(handledBy: HandledBy): void {
    this.write({ op: "setHandledBy", handledBy });
  }

  endSession(reason: EndReason, analysisDelayMs: number): void {
    this.write({ op: "endSession", sessionKey: this.sessionKey, reason, analysisDelayMs });
  }

  /** Queues a write behind this call's earlier writes; it runs once the call record exists. */
  private write(write: CallLogWrite): void {
    if (this.refused) return;
    // Anything written after the caller spoke comes after their words, in the record too.
    this.releaseHeldTurns();
    this.deps.writes.write(this.callSid, write, this.sessionKey);
  }
}
