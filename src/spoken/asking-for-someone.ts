import { plain } from "./text.js";

const SPEAK_TO = /\b(?:(?:speak|talk)\s+(?:to|with)|(?:get|reach)\s+hold\s+of)\b/i;
// Case-sensitive so that "is Sam in" counts and "is leaking in the kitchen" does not.
const IS_SOMEONE_IN =
  /\b[Ii]s\s+(?:[A-Z][a-z]+|the\s+\w+|(?:there\s+)?(?:someone|somebody|anyone|anybody))\s+(?:there|available|around|in)\b/;

/** "Is Sam there?", "Can I speak to the owner?": the caller wants a person, not a message. */
export function asksForSomeone(text: string): boolean {
  return SPEAK_TO.test(plain(text)) || IS_SOMEONE_IN.test(plain(text));
}
