/**
 * Whether the caller ID is the caller's own, from Twilio's STIR/SHAKEN verdict (`StirVerstat`):
 * only a full attestation (A) that passed verification means the carrier vouches that the caller
 * owns the number. Anything else (B, C, failed, none) may be spoofed, so nothing learned on earlier
 * calls from that number is used or disclosed.
 */
export function isCallerIdVerified(stirVerstat: string | null | undefined): boolean {
  return stirVerstat === "TN-Validation-Passed-A";
}
