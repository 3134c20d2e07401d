import { plain } from "./text.js";

// What sales pitches, scams and robocalls say, and callers with real business rarely do. Each is
// a whole phrase: "warranty" alone is a customer's question, "extended warranty" a pitch.
const PITCHES = [
  // Recorded messages and auto-dialers.
  /\bthis is (?:a|an) (?:recorded|automated|pre-?recorded) (?:message|call)\b/,
  /\b(?:press|push) (?:1|one|9|nine)\b.{0,40}\b(?:speak|talk|connect|be removed|opt out|representative|agent|operator)\b/,
  /\bto be removed from (?:our|the|this) (?:call(?:ing)? )?list\b/,
  /\bthis is (?:your|a) (?:final|last|second) (?:notice|attempt)\b/,
  /\bcourtesy call\b.{0,60}\b(?:regarding|about)\b/,
  // The classics.
  /\b(?:car's|vehicle's|auto|vehicle|car) (?:extended )?warranty\b/,
  /\bextended (?:auto |vehicle |car )?warranty\b/,
  /\bgoogle (?:business )?(?:listing|profile|verification)\b/,
  /\b(?:verify|update|claim) your (?:google|business) (?:listing|profile)\b/,
  /\b(?:lower|reduce) your (?:interest rate|credit card (?:rate|debt)|monthly payments?)\b/,
  /\b(?:you(?: have|'ve) (?:been (?:selected|pre-?approved)|won)|congratulations,? you)\b/,
  /\b(?:social security|ssn) (?:number )?(?:has been|is) (?:suspended|compromised)\b/,
  /\bmerchant (?:services|processing)\b.{0,60}\b(?:rates?|fees|savings?)\b/,
  /\b(?:free|complimentary) (?:vacation|cruise|gift card)\b/,
];

/** Whether what the caller said sounds like a sales pitch, a scam or a robocall. */
export function soundsLikeSpam(callerWords: string): boolean {
  const text = plain(callerWords).toLowerCase();
  return PITCHES.some((pitch) => pitch.test(text));
}
