import { plain } from "./text.js";

// Whom "you" means in a question about opening hours: the business, or its premises.
const PLACE = String.raw`(?:you|(?:the|your)\s+(?:office|shop|store|clinic|surgery|practice|place|business|showroom))`;
const PLACE_OR_IT = `(?:${PLACE}|it|they)`;
// "Are you open to offers?", "do you open the gate?", "are you closing my account?": not hours.
const NOT_AN_OBJECT = String.raw`(?!\s+(?:to|the|a|an|my|your|our|his|her|their|it|this|that|these|those|down|accounts?)\b)`;
const ASKING_WHEN = "(?:what time|when|how late|how early|(?:till|until) (?:when|what time)|what days?|which days?)";
// Where a question about the hours starts a clause: "I was wondering, what time do you close?".
const LEAD_IN = String.raw`(?:(?:and|so|oh|um|uh|also|but|hi|hello|hey|yeah|yes|okay|ok|sorry|just|quick question|can you tell me|could you tell me|do you know|i was wondering|i'm wondering|i wanted to know|i'd like to know|may i ask|tell me)\s+)*`;
const WONDERING = "(?:wondering|wonder|know|tell me|ask|asking|check|checking|find out|sure)";

const HOURS_QUESTIONS: readonly RegExp[] = [
  // "Are you open on Saturday?", "is the office still open?", "are you closing early today?"
  new RegExp(
    String.raw`\b(?:are|is)\s+${PLACE}\s+(?:still\s+|even\s+|currently\s+|normally\s+|usually\s+|also\s+|ever\s+)?(?:open|opened|closed|closing)\b${NOT_AN_OBJECT}`,
  ),
  // "Will you be open tomorrow?"
  new RegExp(
    String.raw`\b(?:will|would|are)\s+${PLACE}\s+(?:going to\s+|gonna\s+)?be\s+(?:open|closed)\b${NOT_AN_OBJECT}`,
  ),
  // "Do you open on Sundays?", "does the shop close early on Fridays?"
  new RegExp(String.raw`\b(?:do|does)\s+${PLACE}\s+(?:\w+\s+)?(?:open|close|shut)\b${NOT_AN_OBJECT}`),
  // "What time do you close?", "when are you open?", "how late is the office open?"
  new RegExp(
    String.raw`^${LEAD_IN}${ASKING_WHEN}\s+(?:do|does|are|is|will|would)\s+${PLACE_OR_IT}\s+(?:\w+\s+){0,2}?(?:open|opens|opened|close|closes|closed|shut|shuts)\b${NOT_AN_OBJECT}`,
  ),
  // "I was wondering what time you close", "can you tell me when you open?"
  new RegExp(
    String.raw`\b${WONDERING}\s+${ASKING_WHEN}\s+${PLACE_OR_IT}\s+(?:(?:are|is|will be|would be)\s+)?(?:\w+\s+)?(?:open|opens|close|closes|closed|shut|shuts)\b${NOT_AN_OBJECT}`,
  ),
  // "Do you know if you're open on Saturday?"
  new RegExp(
    String.raw`\b${WONDERING}\s+(?:if|whether)\s+${PLACE}\s+(?:are|is|will be|would be)\s+(?:still\s+|even\s+)?(?:open|closed)\b${NOT_AN_OBJECT}`,
  ),
  // "What are your hours?", "your opening hours", "hours of operation"
  /\b(?:what are|what's|what is|tell me)\s+(?:your|the)\s+(?:\w+\s+)?hours\b/,
  /\b(?:your|the)\s+(?:opening|business|office|working|operating|trading|weekend|holiday|saturday|sunday)\s+hours\b/,
  /\b(?:opening hours|hours of (?:operation|business)|what hours)\b/,
  /^(?:(?:and|so|oh|um|uh|also|but)\s+)*your hours\b/,
  // "Open tomorrow?", "still open?": only said as a question.
  new RegExp(
    String.raw`^(?:(?:and|so|oh|um|uh|also|but)\s+)*(?:(?:are\s+)?you\s+)?(?:still\s+)?(?:open|closed)\b${NOT_AN_OBJECT}[^?]*\?$`,
  ),
];
// A clause that only leads in to the question: "I was wondering, are you open Saturday?", "oh
// wait, when do you close?". ("Yes" and "okay" are answers, and stay.)
const LEAD_IN_CLAUSE =
  /^(?:(?:so|and|um|uh|oh|hi|hello|hey|also|just|wait|sorry|actually|well)\s*)*(?:i was (?:just )?wondering|i'm wondering|just wondering|i wanted to (?:ask|know|check)|quick question|i have a (?:quick )?question|can i ask(?: you)?(?: something)?|let me ask you|one more thing)?$/;

/** The caller's words as the patterns expect them: lower case, "you guys" as "you", "you're" as "you are". */
function normalised(clause: string): string {
  return plain(clause)
    .toLowerCase()
    .replace(/\b(?:you guys|you all|y'all|ya'll)\b/g, "you")
    .replace(/\b(you|we|they)'re\b/g, "$1 are")
    .replace(/\b(when|what|how)'s\b/g, "$1 is")
    .replace(/\s+/g, " ")
    .trim();
}

interface Clause {
  text: string;
  asksAboutHours: boolean;
}

/** The clauses of `text`, each with its punctuation; a question keeps its "?" (the short forms need it). */
function clausesOf(text: string): Clause[] {
  return (text.match(/[^,.;!?]+[,.;!?]*/g) ?? []).map((clause) => ({
    text: clause,
    asksAboutHours: HOURS_QUESTIONS.some((question) => question.test(normalised(clause).replace(/[,.;!]+$/, ""))),
  }));
}

function leadsIn(clause: Clause): boolean {
  return !clause.asksAboutHours && LEAD_IN_CLAUSE.test(normalised(clause.text).replace(/[,.;!?]+$/, ""));
}

/** Whether the caller asks when we are open: "are you open Saturday?", "what time do you close?", "your hours?". */
export function asksAboutHours(text: string): boolean {
  return clausesOf(text).some((clause) => clause.asksAboutHours);
}

/**
 * `text` without its questions about the opening hours, and what only led in to them ("I was
 * wondering"), so what is left can be read for a name, a number or a message.
 */
export function withoutHoursQuestions(text: string): string {
  const clauses = clausesOf(text);
  return clauses
    .filter((clause, index) => {
      if (clause.asksAboutHours) return false;
      // Lead-ins go with the question, however many clauses they take ("Oh, wait, I was wondering, …").
      const next = clauses.slice(index + 1).find((later) => !leadsIn(later));
      return !(next?.asksAboutHours && leadsIn(clause));
    })
    .map((clause) => clause.text)
    .join("")
    .trim();
}
