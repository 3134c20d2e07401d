import type { BusinessClock } from "./opening-hours.js";
import type { BusinessSettings, TransferNumber } from "./settings.js";

/** Whom the secretary may put through to the owner right now. */
export type TransfersNow = "ANY_CALLER" | "EMERGENCIES_ONLY" | "NONE";

/**
 * The owner's transfer policy at one moment: with a number, an emergency may always be put
 * through; anyone else as `transferWhen` says (OPEN_HOURS: while the office is open).
 */
export function transfersNow(
  settings: Pick<BusinessSettings, "ownerPhone" | "transferWhen">,
  clock: BusinessClock,
): TransfersNow {
  if (!settings.ownerPhone) return "NONE";
  if (settings.transferWhen === "ALWAYS" || (settings.transferWhen === "OPEN_HOURS" && clock.open)) return "ANY_CALLER";
  return "EMERGENCIES_ONLY";
}

/** Who a transfer rings, one after the other: the owner, then the fallbacks. None without an `ownerPhone`. */
export function transferTargets(
  settings: Pick<BusinessSettings, "ownerName" | "ownerPhone" | "transferNumbers">,
): TransferNumber[] {
  if (!settings.ownerPhone) return [];
  return [{ name: settings.ownerName, phone: settings.ownerPhone }, ...settings.transferNumbers];
}
