import { plain } from "./text.js";

const GOODBYE =
  /\b(?:good\s?bye|bye(?:-bye)?|see you|talk (?:to you )?(?:later|soon)|that's all|that is all|that's everything|nothing else|never ?mind|i'll call (?:back|again)|i will call (?:back|again)|i'll try (?:again|later)|(?:have|got|gotta|need) to go|gotta go|hang(?:ing)? up)\b/i;

/** Whether the caller is wrapping up ("that's all", "bye", "I'll call back later"). */
export function isGoodbye(text: string): boolean {
  return GOODBYE.test(plain(text));
}
