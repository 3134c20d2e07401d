import type { ActionItemSource, EndReason, HandledBy } from "@prisma/client";
import type { CallEvents, TranscriptEvent } from "../calls/call-events.js";
import type { CallOpening, CallRefusal, CallStore, NewTurn, SessionOpen } from "../calls/call-store.js";
import type { WriteQueue } from "../calls/write-queue.js";

export interface CallRecorderDeps {
  store: CallStore;
  writes: WriteQueue;
  events: CallEvents;
}

/**
 * One call's record, kept in order behind the conversation, never in front of it: every write
 * goes through the call's queue (in order, retried if the database blips) and runs once the call
 * record exists; live watchers hear of each change as it happens.
 */
export class CallRecorder {
  private callId: string | undefined;
  /** The call log refused the session: it writes nothing. */
  private refused = false;
  /** The caller's words, kept off the database until the reply has started (see holdCallerTurn). */
  private heldTurns: NewTurn[] = [];

  constructor(
    private readonly deps: CallRecorderDeps,
    private readonly callSid: string,
  ) {}

  /**
   * Opens the call's record, or reopens it when the call resumes on a new session. Resolves with
   * what it holds, or why the session may not open (undefined if the write failed for good); live
   * watchers hear of it once it exists.
   */
  open(call: SessionOpen): Promise<CallOpening | CallRefusal | undefined> {
    const { store, writes, events } = this.deps;
    const opening = writes.enqueue(this.callSid, "open call", () => store.openCall(call));
    void opening.then((record) => {
      if (!record) return;
      if ("refused" in record) {
        this.refused = true;
        this.heldTurns = [];
        return;
      }
      this.callId = record.callId;
      events.callChanged(record.callId);
    });
    return opening;
  }

  /** A change to the live transcript; lost for watchers while the record does not exist yet. */
  publish(event: Omit<TranscriptEvent, "callId">): void {
    if (this.refused) return;
    this.deps.events.transcript({ callId: this.callId ?? "", ...event });
  }

  addTurn(turn: NewTurn): void {
    this.write(`add ${turn.role.toLowerCase()} turn`, (callId) => this.deps.store.addTurn(callId, turn));
  }

  /**
   * The caller just spoke: their turn is written once the reply's first words have gone out (or the
   * reply ends, or the call does: `releaseHeldTurns`). With the embedded database a write runs on
   * this thread, and it must not delay the request to the model; it is seconds at most, and
   * nothing is lost on close.
   */
  holdCallerTurn(turn: NewTurn): void {
    this.heldTurns.push(turn);
  }

  releaseHeldTurns(): void {
    const turns = this.heldTurns;
    if (turns.length === 0) return;
    this.heldTurns = [];
    for (const turn of turns) this.addTurn(turn);
  }

  /** A reply already recorded turned out to be cut short: keep what was heard. */
  truncateTurn(turnId: string, heard: string): void {
    this.write("truncate interrupted turn", () =>
      this.deps.store.updateTurn(turnId, { text: heard, interrupted: true }),
    );
  }

  addActionItem(description: string, source: ActionItemSource): void {
    this.write("add action item", (callId) => this.deps.store.addActionItem(callId, description, source));
  }

  setCallerName(name: string): void {
    this.write("set caller name", (callId) => this.deps.store.setCallerName(callId, name));
  }

  setHandledBy(handledBy: HandledBy, announce: boolean): void {
    this.write("set handled by", (callId) => this.deps.store.setHandledBy(callId, handledBy), announce);
  }

  endSession(reason: EndReason, analysisDelayMs: number): void {
    this.write("end session", (callId) => this.deps.store.endSession(callId, reason, analysisDelayMs), true);
  }

  /**
   * Queues a write behind this call's earlier writes; it runs once the call record exists.
   * `announce` tells live watchers the call itself changed (not just its transcript).
   */
  private write(label: string, run: (callId: string) => Promise<unknown>, announce = false): void {
    if (this.refused) return;
    // Anything written after the caller spoke comes after their words, in the record too.
    this.releaseHeldTurns();
    const { store, writes, events } = this.deps;
    void writes
      .enqueue(this.callSid, label, async () => {
        // Queued before the refusal was known: it still goes nowhere.
        if (this.refused) return undefined;
        const callId = this.callId ?? (await store.callIdForSid(this.callSid));
        if (!callId) throw new Error(`no call record for ${this.callSid}`);
        this.callId = callId;
        await run(callId);
        return callId;
      })
      .then((callId) => announce && callId && events.callChanged(callId));
  }
}
