import { type NotificationEvent, Urgency } from "@prisma/client";

/**
 * The names a webhook's body carries as `type`, as the owner's tools (Zapier, n8n, a CRM) match on
 * them. A new event is a value of the NotificationEvent enum (schema.prisma) and a name here.
 */
export const EVENT_TYPES: Record<NotificationEvent, string> = {
  MESSAGE_TAKEN: "message.taken",
  CALL_ANALYZED: "call.analyzed",
  CALL_URGENT: "call.urgent",
  CALL_MISSED: "call.missed",
  KNOWLEDGE_GAP_OPENED: "knowledge_gap.opened",
  DAILY_DIGEST: "daily.digest",
};

/** What the owner is told of a call once it is analysed (call.analyzed, call.urgent, call.missed). */
export interface CallFacts {
  callId: string;
  /** The caller's number as Twilio gave it ("" or "anonymous" when withheld). */
  from: string;
  callerName: string | null;
  startedAt: string;
  summary: string | null;
  intent: string | null;
  urgency: Urgency | null;
  actionItems: string[];
}

/** A message the secretary took during a call (message.taken). */
export interface MessageFacts {
  callId: string;
  from: string;
  callerName: string | null;
  message: string;
}

/** A question callers asked that the knowledge base does not answer (knowledge_gap.opened). */
export interface KnowledgeGapFacts {
  gapId: string;
  question: string;
  callId: string | null;
  callerPhone: string | null;
}

/** One event, with the facts its notifications are written from (kept in the outbox as they were). */
export type NotificationFacts =
  | { event: "CALL_ANALYZED" | "CALL_URGENT" | "CALL_MISSED"; data: CallFacts }
  | { event: "MESSAGE_TAKEN"; data: MessageFacts }
  | { event: "KNOWLEDGE_GAP_OPENED"; data: KnowledgeGapFacts };

/** Urgencies from least to most pressing: the enum's order in schema.prisma. */
const URGENCY_ORDER: readonly Urgency[] = Object.values(Urgency);

export function meetsUrgency(urgency: Urgency, minimum: Urgency): boolean {
  return URGENCY_ORDER.indexOf(urgency) >= URGENCY_ORDER.indexOf(minimum);
}
