import type { Urgency } from "@prisma/client";

// Said to deny urgency or to say goodbye; taken out before looking for urgent words.
const NOT_URGENT =
  /\b(?:not (?:urgent|an emergency|a big deal)|no (?:emergency|rush|hurry)|(?:talk|speak) (?:to you )?soon)\b/gi;
const URGENT =
  /\b(?:emergency|urgent(?:ly)?|asap|immediately|right away|flood(?:s|ing|ed)?|leak(?:s|ing|ed|y)?|fire|smoke|burst|gas smell|smell(?:s|ing)? gas|sparking)\b/i;
const HIGH = /\b(?:today|tonight|soon|as soon as|this (?:morning|afternoon|evening)|quickly)\b/i;
const LOW =
  /\b(?:no rush|no hurry|whenever|not urgent|when(?:ever)? you (?:get|have) (?:a )?(?:chance|time|minute))\b/i;

/** How urgent the caller's words make the call: an emergency word, then a "today", then a "no rush". */
export function urgencyOf(text: string): Urgency {
  if (URGENT.test(text.replace(NOT_URGENT, ""))) return "URGENT";
  if (HIGH.test(text.replace(NOT_URGENT, ""))) return "HIGH";
  if (LOW.test(text)) return "LOW";
  return "NORMAL";
}
