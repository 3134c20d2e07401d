import { ActionItemSource, CallStatus, EndReason, HandledBy, TurnKind, TurnRole } from "@prisma/client";
import { z } from "zod";
import type {
  CallOpening,
  CallRefusal,
  CallStore,
  IncomingCall,
  NewTurn,
  SessionOpen,
  StatusReport,
} from "./call-store.js";

/**
 * A change to one call's record, as data rather than a closure, so that it can be written to the
 * journal (write-journal.ts) before the database has it, and applied again after a crash. Each one
 * is idempotent: applied twice (a retry whose first attempt did commit, a replay) it changes
 * nothing more than applied once.
 */
export type CallLogWrite =
  | { op: "openCall"; session: SessionOpen }
  | { op: "addTurn"; turn: NewTurn }
  | { op: "truncateTurn"; turnId: string; heard: string }
  /** A caller's turn with the start of a card number, finished in a later turn, taken out. */
  | { op: "redactTurn"; turnId: string; text: string }
  | { op: "addActionItem"; actionItemId: string; description: string; source: ActionItemSource; emergency?: boolean }
  | { op: "setCallerName"; name: string }
  | { op: "setHandledBy"; handledBy: HandledBy }
  /** A question the secretary could not answer from the knowledge base; `askId` makes it count once. */
  | { op: "noteKnowledgeGap"; askId: string; question: string; askedAt: Date }
  | { op: "endSession"; sessionKey: string; reason: EndReason; analysisDelayMs: number }
  | { op: "recordStatus"; report: StatusReport }
  | { op: "recordBlockedCall"; call: IncomingCall }
  | { op: "recordPutThrough"; call: IncomingCall };

const date = z.iso.datetime().transform((value) => new Date(value));
// JSON leaves out what is undefined: the key is then missing, and means undefined.
const maybe = <T extends z.ZodType>(schema: T) => z.union([schema, z.undefined()]);

const newTurn = z.object({
  id: z.uuid(),
  role: z.enum(TurnRole),
  kind: z.enum(TurnKind),
  text: z.string(),
  interrupted: z.boolean(),
  createdAt: date,
  firstTokenMs: z.number().int().optional(),
  responseMs: z.number().int().optional(),
}) satisfies z.ZodType<NewTurn, unknown>;

const incomingCall = z.object({
  callSid: z.string(),
  from: z.string(),
  to: z.string(),
  stirVerstat: maybe(z.string()),
  afterHours: z.boolean(),
  at: date,
}) satisfies z.ZodType<IncomingCall, unknown>;

/** A write as read back from the journal (JSON): dates are strings there. */
export const callLogWrite = z.discriminatedUnion("op", [
  z.object({
    op: z.literal("openCall"),
    session: z.object({
      callSid: z.string(),
      from: z.string(),
      to: z.string(),
      issuedAt: date,
      sessionKey: z.uuid(),
      stirVerstat: maybe(z.string()),
      // Absent from a journal written before calls were told the hours: not after hours, then.
      afterHours: z.boolean().default(false),
    }),
  }),
  z.object({ op: z.literal("addTurn"), turn: newTurn }),
  z.object({ op: z.literal("truncateTurn"), turnId: z.uuid(), heard: z.string() }),
  z.object({ op: z.literal("redactTurn"), turnId: z.uuid(), text: z.string() }),
  z.object({
    op: z.literal("addActionItem"),
    actionItemId: z.uuid(),
    description: z.string(),
    source: z.enum(ActionItemSource),
    // Absent in writes journaled before emergencies were paged.
    emergency: z.boolean().optional(),
  }),
  z.object({ op: z.literal("setCallerName"), name: z.string() }),
  z.object({ op: z.literal("setHandledBy"), handledBy: z.enum(HandledBy) }),
  z.object({ op: z.literal("noteKnowledgeGap"), askId: z.uuid(), question: z.string(), askedAt: date }),
  z.object({
    op: z.literal("endSession"),
    sessionKey: z.uuid(),
    reason: z.enum(EndReason),
    analysisDelayMs: z.number().int().nonnegative(),
  }),
  z.object({
    op: z.literal("recordStatus"),
    report: z.object({
      callSid: z.string(),
      from: z.string(),
      to: z.string(),
      status: z.enum(CallStatus),
      sequence: maybe(z.number().int()),
      durationSeconds: maybe(z.number().int()),
      timestamp: maybe(date),
    }),
  }),
  z.object({ op: z.literal("recordBlockedCall"), call: incomingCall }),
  z.object({ op: z.literal("recordPutThrough"), call: incomingCall }),
]) satisfies z.ZodType<CallLogWrite, unknown>;

/** What applying a write gives back: the opening of the call for `openCall`, nothing otherwise. */
export type WriteResult<W extends CallLogWrite> = W extends { op: "openCall" } ? CallOpening | CallRefusal : undefined;

/** A write whose call has no record: the session was refused, or the owner erased the call. */
export class NoCallRecordError extends Error {
  override name = "NoCallRecordError";
}

/**
 * Applies `write` to its call. `callId` finds the call's record (at once when it is known, else
 * through the database); a write that needs the record when there is none fails with
 * NoCallRecordError (it can never succeed). `addTurn` writes a turn: the store's own statement,
 * unless the caller gathers turns (the write queue's TurnBatch). Not itself async: a turn, the
 * write of every turn of every call, goes straight to `addTurn` with no promise of its own.
 */
export function applyWrite(
  store: CallStore,
  write: CallLogWrite,
  callId: () => string | undefined | Promise<string | undefined>,
  addTurn: (callId: string, turn: NewTurn) => Promise<void> = (id, turn) => store.addTurn(id, turn),
): Promise<unknown> {
  switch (write.op) {
    case "openCall":
      return store.openCall(write.session);
    case "recordStatus":
      return store.recordStatus(write.report);
    case "recordBlockedCall":
      return store.recordBlockedCall(write.call);
    case "recordPutThrough":
      return store.recordPutThrough(write.call);
    case "truncateTurn":
      return store.truncateTurn(write.turnId, write.heard);
    case "redactTurn":
      return store.redactTurn(write.turnId, write.text);
  }
  const known = callId();
  if (typeof known === "string") return applyToCall(store, write, known, addTurn);
  return Promise.resolve(known).then((id) => {
    if (!id) throw new NoCallRecordError("no call record");
    return applyToCall(store, write, id, addTurn);
  });
}

/** A write that goes to the call's own record, `id`. */
function applyToCall(
  store: CallStore,
  write: Exclude<
    CallLogWrite,
    { op: "openCall" | "recordStatus" | "recordBlockedCall" | "recordPutThrough" | "truncateTurn" | "redactTurn" }
  >,
  id: string,
  addTurn: (callId: string, turn: NewTurn) => Promise<void>,
): Promise<unknown> {
  switch (write.op) {
    case "addTurn":
      return addTurn(id, write.turn);
    case "addActionItem":
      return store.addActionItem(id, write.actionItemId, write.description, write.source, write.emergency === true);
    case "setCallerName":
      return store.setCallerName(id, write.name);
    case "setHandledBy":
      return store.setHandledBy(id, write.handledBy);
    case "noteKnowledgeGap":
      return store.noteKnowledgeGap(id, write.askId, write.question, write.askedAt);
    case "endSession":
      return store.endSession(id, write.sessionKey, write.reason, write.analysisDelayMs);
  }
}

/** The call's record changed in a way live watchers of the call itself (not its transcript) see. */
export function changesCall(write: CallLogWrite): boolean {
  switch (write.op) {
    case "openCall":
    case "setHandledBy":
    case "endSession":
    case "recordStatus":
    case "recordBlockedCall":
    case "recordPutThrough":
      return true;
    default:
      return false;
  }
}
