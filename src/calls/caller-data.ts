import type { PrismaClient } from "@prisma/client";
import type { Logger } from "../logger.js";
import { callerRulePhone } from "./caller-rules.js";
import type { OwnerEdits } from "./owner-edits.js";

/** Everything stored about one number, for a caller's access request (`Query.callerData`). */
export interface CallerDataDocument {
  phone: string;
  exportedAt: string;
  caller: { name: string | null; callCount: number; firstSeenAt: string; lastCallAt: string | null } | null;
  callerRule: { kind: string; note: string | null; createdAt: string; updatedAt: string } | null;
  calls: CallerDataCall[];
  knowledgeGaps: { question: string; firstAskedAt: string; lastAskedAt: string }[];
}

export interface CallerDataCall {
  callId: string;
  callSid: string;
  from: string;
  to: string;
  status: string;
  startedAt: string;
  endedAt: string | null;
  durationSeconds: number | null;
  callerName: string | null;
  summary: string | null;
  intent: string | null;
  urgency: string | null;
  spam: boolean;
  notes: string | null;
  endReason: string | null;
  turns: { seq: number; role: string; kind: string; text: string; interrupted: boolean; at: string }[];
  actionItems: { description: string; done: boolean; doneAt: string | null; source: string; createdAt: string }[];
  missedCallText: { phone: string; sentAt: string | null; createdAt: string } | null;
  /** The audio itself stays at Twilio: `/recordings/<callId>` serves it to the owner to hand over. */
  recordings: { status: string; durationSeconds: number | null; createdAt: string }[];
}

/**
 * A caller's rights over what the secretary stored about them: a copy of all of it (`export`) and
 * its erasure (`erase`). Each request is logged at info, who asked and what was done, never the
 * number in full nor anything stored.
 */
export class CallerData {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly edits: OwnerEdits,
    private readonly logger: Logger,
  ) {}

  /** Everything stored about `phone` (any format; see callerRulePhone), as one document. */
  async export(phone: string, actor: string): Promise<CallerDataDocument> {
    const number = callerRulePhone(phone);
    const [caller, callerRule, calls, knowledgeGaps] = await Promise.all([
      this.prisma.caller.findUnique({ where: { phone: number } }),
      this.prisma.callerRule.findUnique({ where: { phone: number } }),
      this.prisma.call.findMany({
        where: { OR: [{ from: number }, { caller: { phone: number } }] },
        orderBy: { startedAt: "asc" },
        include: {
          turns: { orderBy: { seq: "asc" } },
          actionItems: { orderBy: { createdAt: "asc" } },
          missedCallText: true,
        },
      }),
      this.prisma.knowledgeGap.findMany({ where: { callerPhone: number }, orderBy: { firstAskedAt: "asc" } }),
    ]);
    const recordings = await this.prisma.callRecording.findMany({
      where: { callSid: { in: calls.map((call) => call.callSid) } },
      orderBy: { createdAt: "asc" },
    });
    this.logger.info(
      { by: actor, action: "callerData", phone: maskedPhone(number), calls: calls.length },
      "exported a caller's data",
    );
    return {
      phone: number,
      exportedAt: new Date().toISOString(),
      caller: caller && {
        name: caller.name,
        callCount: caller.callCount,
        firstSeenAt: caller.createdAt.toISOString(),
        lastCallAt: iso(caller.lastCallAt),
      },
      callerRule: callerRule && {
        kind: callerRule.kind,
        note: callerRule.note,
        createdAt: callerRule.createdAt.toISOString(),
        updatedAt: callerRule.updatedAt.toISOString(),
      },
      calls: calls.map((call) => ({
        callId: call.id,
        callSid: call.callSid,
        from: call.from,
        to: call.to,
        status: call.status,
        startedAt: call.startedAt.toISOString(),
        endedAt: iso(call.endedAt),
        durationSeconds: call.durationSeconds,
        callerName: call.callerName,
        summary: call.summary,
        intent: call.intent,
        urgency: call.urgency,
        spam: call.spam,
        notes: call.notes,
        endReason: call.endReason,
        turns: call.turns.map((turn) => ({
          seq: turn.seq,
          role: turn.role,
          kind: turn.kind,
          text: turn.text,
          interrupted: turn.interrupted,
          at: turn.createdAt.toISOString(),
        })),
        actionItems: call.actionItems.map((item) => ({
          description: item.description,
          done: item.done,
          doneAt: iso(item.doneAt),
          source: item.source,
          createdAt: item.createdAt.toISOString(),
        })),
        missedCallText: call.missedCallText && {
          phone: call.missedCallText.phone,
          sentAt: iso(call.missedCallText.sentAt),
          createdAt: call.missedCallText.createdAt.toISOString(),
        },
        recordings: recordings
          .filter((recording) => recording.callSid === call.callSid)
          .map((recording) => ({
            status: recording.status,
            durationSeconds: recording.durationSeconds,
            createdAt: recording.createdAt.toISOString(),
          })),
      })),
      knowledgeGaps: knowledgeGaps.map((gap) => ({
        question: gap.question,
        firstAskedAt: gap.firstAskedAt.toISOString(),
        lastAskedAt: gap.lastAskedAt.toISOString(),
      })),
    };
  }

  /** Erases everything stored about `phone` (see OwnerEdits.eraseCaller); returns how many calls went. */
  async erase(phone: string, actor: string): Promise<number> {
    const number = callerRulePhone(phone);
    const erasedCalls = await this.edits.eraseCaller(number);
    this.logger.info(
      { by: actor, action: "eraseCaller", phone: maskedPhone(number), erasedCalls },
      "erased a caller's data",
    );
    return erasedCalls;
  }
}

function iso(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}

/** A number as the logs show it: enough to tell two requests apart, not to call anyone ("+1•••••••67"). */
export function maskedPhone(phone: string): string {
  return phone.slice(0, 2) + "•".repeat(Math.max(0, phone.length - 4)) + phone.slice(-2);
}
