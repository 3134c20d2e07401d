import { type CallerRule, type CallerRuleKind, Prisma, type PrismaClient } from "@prisma/client";
import { InputError } from "../input-error.js";
import { E164_PHONE_NUMBER, normalizeTypedPhoneNumber } from "../spoken/phone-numbers.js";
import { NotFoundError } from "./owner-edits.js";

/*
 * The owner's rules for calls from one number: BLOCK (rejected with a busy signal before anything
 * is answered) or VIP (put through to the owner first). Keyed by the number in E.164, as Twilio
 * sends a caller's, so that the voice webhook finds a rule with the number it is given
 * (CallStore.knownNumber).
 */

// A reminder to the owner ("sells extended warranties", "my sister"), not a document.
const MAX_NOTE_LENGTH = 500;

export interface CallerRuleInput {
  /** As the owner typed it: any format of a number (see normalizeTypedPhoneNumber). */
  phone: string;
  kind: CallerRuleKind;
  note?: string | null | undefined;
}

/** The number a rule (or a caller's record) is kept under; anything that is not a full international number is refused. */
export function callerRulePhone(phone: string): string {
  const normalized = normalizeTypedPhoneNumber(phone);
  if (!E164_PHONE_NUMBER.test(normalized))
    throw new InputError(
      "phone",
      "phone: not a phone number: give it with its country code, such as +15551234567 (a number of ten digits is read as North American)",
    );
  return normalized;
}

/** Sets the rule for a number, replacing the one it had. */
export async function setCallerRule(prisma: PrismaClient, input: CallerRuleInput): Promise<CallerRule> {
  const phone = callerRulePhone(input.phone);
  const note = input.note?.trim() || null;
  if (note && note.length > MAX_NOTE_LENGTH)
    throw new InputError("note", `note: at most ${MAX_NOTE_LENGTH} characters (this one has ${note.length})`);
  return prisma.callerRule.upsert({
    where: { phone },
    create: { phone, kind: input.kind, note },
    update: { kind: input.kind, note },
  });
}

/** Removes the rule for a number; returns its id. */
export async function removeCallerRule(prisma: PrismaClient, phone: string): Promise<string> {
  const normalized = callerRulePhone(phone);
  try {
    const removed = await prisma.callerRule.delete({ where: { phone: normalized }, select: { id: true } });
    return removed.id;
  } catch (error) {
    // P2025: no record to delete.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2025")
      throw new NotFoundError(`No caller rule for ${normalized}`);
    throw error;
  }
}
