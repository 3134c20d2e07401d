import type { Urgency } from "@prisma/client";
import { plain } from "./text.js";

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

// "It's an emergency", "this is really urgent", "we've got an emergency here": how urgent the call
// is, not what it is about.
const URGENCY_STATEMENT =
  /^(?:(?:and|but|so|oh|um|uh|yeah|yes|well|look|listen|please|hi|hello|hey)\s+)*(?:(?:it|this|that)(?:'s|\s+is)\s+|(?:i|we)(?:'ve got|\s+have got|\s+have|\s+got)\s+|there(?:'s|\s+is)\s+)?(?:(?:really|very|quite|pretty|rather|extremely|super|kind of|kinda|sort of|a bit|a little|bit of|somewhat|an?)\s+)*(?:urgent|emergency)(?:\s+(?:situation|matter|issue|problem|call|here|now|please))*$/i;

/**
 * Whether `text` only says the call is urgent ("It's an emergency!", "it's really urgent, please"):
 * worth keeping in the message, but it is not a reason to retell.
 */
export function saysOnlyHowUrgent(text: string): boolean {
  const clauses = plain(text)
    .split(/[,.;:!?]+|\s+-+\s+/)
    .map((clause) => clause.trim())
    .filter((clause) => clause && !/^(?:please|thanks|thank you|sorry)$/i.test(clause));
  return clauses.length > 0 && clauses.every((clause) => URGENCY_STATEMENT.test(clause));
}
