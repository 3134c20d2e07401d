/**
 * Whether the caller ID is the caller's own, from Twilio's STIR/SHAKEN verdict (`StirVerstat`):
 * only a full attestation (A) that passed verification means the carrier vouches that the caller
 * owns the number. Anything else (B, C, failed, none) may be spoofed, so nothing learned on earlier
 * calls from that number is used or disclosed.
 */
export function isCallerIdVerified(stirVerstat: string | null | undefined): boolean {
  return stirVerstat === "TN-Validation-Passed-A";
}

/**
 * Whether the caller ID failed verification: the call carried a signed attestation that did not
 * check out (`TN-Validation-Failed-A`/`-B`/`-C`), or one Twilio could not verify at all
 * (`No-TN-Validation`: a malformed number or PASSporT, or one too old), the marks of a spoofed
 * robocall. A call with no verdict (no attestation: another country, an older network) is not
 * suspect for that alone.
 */
export function isCallerIdSuspect(stirVerstat: string | null | undefined): boolean {
  return stirVerstat?.startsWith("TN-Validation-Failed") === true || stirVerstat === "No-TN-Validation";
}
