import { plain } from "./text.js";

const NO_WORDS = /\b(?:no|nope|nah|not|wrong|incorrect|isn't|wasn't|don't|doesn't|negative|wait)\b/i;
const YES_WORDS =
  /\b(?:yes|yeah|yep|yup|yea|ya|sure|correct|right|exactly|absolutely|definitely|alright|ok|okay|perfect|great|fine|good|uh-huh|mm-hmm|affirmative|of course|please do|go ahead|sounds good|that works|works for me|that's it|you got it|it is|i think so|that's me)\b/i;

/** The answer to a yes/no question; when both appear, the first one said wins ("no, that's right" is a no). */
export function parseYesNo(text: string): "yes" | "no" | undefined {
  const yes = plain(text).search(YES_WORDS);
  const no = plain(text).search(NO_WORDS);
  if (yes < 0 && no < 0) return undefined;
  if (no < 0) return "yes";
  if (yes < 0) return "no";
  return yes < no ? "yes" : "no";
}
