/**
 * A message the secretary took during a call, as it stands on the owner's to-do list: the caller's
 * words, then who called and where to call them back. The offline analysis reads the words and the
 * number back out of it, so both sides of that format live here.
 */
export interface TakenMessage {
  message: string;
  callerName?: string | undefined;
  callbackNumber?: string | undefined;
}

const CALLER = " — Caller: ";
const CALL_BACK = " — Call back: ";

export function takenMessageItem({ message, callerName, callbackNumber }: TakenMessage): string {
  return `${message}${callerName ? `${CALLER}${callerName}` : ""}${callbackNumber ? `${CALL_BACK}${callbackNumber}` : ""}`;
}

/** The caller's words of a to-do made by takenMessageItem, without the name and number after them. */
export function takenMessageWords(item: string): string {
  const details = [item.indexOf(CALLER), item.indexOf(CALL_BACK)].filter((at) => at >= 0);
  return details.length ? item.slice(0, Math.min(...details)) : item;
}

/** The number to call back of a to-do made by takenMessageItem, which it ends with; else undefined. */
export function takenMessageCallback(item: string): string | undefined {
  const at = item.lastIndexOf(CALL_BACK);
  return at >= 0 ? item.slice(at + CALL_BACK.length).trim() || undefined : undefined;
}
