import { randomUUID } from "node:crypto";
import type { Call, PrismaClient } from "@prisma/client";
import type { BusinessSettings } from "../business/settings.js";
import { wallTimeAt } from "../business/time-zone.js";
import { utcTimestamp } from "../db/utc-timestamp.js";
import type { Logger } from "../logger.js";
import { isCallbackNumber } from "../spoken/phone-numbers.js";
import { isCallerIdSuspect } from "./caller-id.js";
import { type TextMessenger, TextNotSentError } from "./text-messenger.js";

// A text about a call long gone (its analysis run again, a call closed as abandoned much later)
// would only puzzle its reader.
const TEXT_BACK_WITHIN_MS = 60 * 60_000;

export type SilentCall = Pick<
  Call,
  "id" | "from" | "to" | "status" | "stirVerstat" | "endReason" | "sessionCount" | "startedAt" | "endedAt"
>;

export interface MissedCallTextBackOptions {
  prisma: PrismaClient;
  messenger: TextMessenger;
  /** The owner's settings as this process holds them. */
  business: () => BusinessSettings;
  /** The text, in the business's language (the secretary's own lines: conversation/spoken-lines.ts). */
  text: (settings: BusinessSettings) => string;
  logger: Logger;
}

/**
 * The text sent back to a caller who hung up before saying anything, when the owner turned it on
 * (`missedCallTextBack`). The analysis worker runs it for each call whose caller said nothing, once
 * the call is over: the analysis queue is durable and shared, so a call is handled even when the
 * process that held it is gone.
 *
 * Once per number per local day, and once per call, whichever process and however often it runs:
 * a row is inserted first (`MissedCallText`, unique on the number and the day, and on the call),
 * and only the run that inserted it sends. At most once, then: a process that dies between the
 * insert and Twilio's answer leaves a row without `sentAt`, and the text is not tried again,
 * since it may have gone (Twilio's Messages API takes no idempotency key).
 */
export class MissedCallTextBack {
  constructor(private readonly options: MissedCallTextBackOptions) {}

  async afterSilentCall(call: SilentCall): Promise<void> {
    const settings = this.options.business();
    if (!settings.missedCallTextBack || !(await this.deserves(call))) return;
    const log = this.options.logger.child({ callId: call.id });
    const now = new Date();
    const day = wallTimeAt(call.startedAt, settings.timeZone).date;
    const claimed = await this.options.prisma.$queryRaw<{ id: string }[]>`
      INSERT INTO "MissedCallText" (id, "callId", phone, day, "createdAt")
      VALUES (${randomUUID()}::uuid, ${call.id}::uuid, ${call.from}, ${day}::date, ${utcTimestamp(now)}::timestamp)
      ON CONFLICT DO NOTHING
      RETURNING id`;
    const row = claimed[0];
    if (!row) {
      log.info("missed call: this number was texted back today already");
      return;
    }
    try {
      const sent = await this.options.messenger.send({
        from: call.to,
        to: call.from,
        body: this.options.text(settings),
      });
      await this.options.prisma.missedCallText.update({
        where: { id: row.id },
        data: { sentAt: new Date(), messageId: sent.id },
      });
      log.info({ messageId: sent.id }, "missed call texted back");
    } catch (error) {
      if (!(error instanceof TextNotSentError)) throw error;
      log.warn({ code: error.code, reason: error.reason }, "missed call: the text back was not sent");
      await this.options.prisma.missedCallText.update({ where: { id: row.id }, data: { error: error.message } });
    }
  }

  /**
   * A caller worth texting: a number that can take a text, which the carrier did not flag, that the
   * owner has not blocked and no earlier call from which was spam; a call that went to the
   * secretary (not one put straight through to the owner, nor one rejected), and lately.
   */
  private async deserves(call: SilentCall): Promise<boolean> {
    const putThrough = call.endReason === "TRANSFERRED_TO_OWNER" && call.sessionCount === 0;
    const endedAt = call.endedAt ?? call.startedAt;
    if (
      call.status === "BLOCKED" ||
      putThrough ||
      !isCallbackNumber(call.from) ||
      !isCallbackNumber(call.to) ||
      isCallerIdSuspect(call.stirVerstat) ||
      Date.now() - endedAt.getTime() > TEXT_BACK_WITHIN_MS
    )
      return false;
    const { prisma } = this.options;
    const [blocked, spam] = await Promise.all([
      prisma.callerRule.findFirst({ where: { phone: call.from, kind: "BLOCK" }, select: { id: true } }),
      prisma.call.findFirst({ where: { from: call.from, spam: true }, select: { id: true } }),
    ]);
    return !blocked && !spam;
  }
}
