import { extractName } from "../spoken/names.js";
import { continueNumber, isCallbackNumber, normalizePhoneNumber } from "../spoken/phone-numbers.js";
import { extractReason } from "../spoken/reason.js";
import { describeReason } from "../spoken/retelling.js";
import { wordCount } from "../spoken/text.js";
import { urgencyOf } from "../spoken/urgency.js";
import { askedFor } from "../spoken/what-was-asked.js";
import { callAnalysisSchema, type CallAnalysis } from "./call-analysis.js";
import type { TranscriptLine } from "./transcript.js";

interface CallerLine {
  text: string;
  /** What the assistant had just asked, so a bare "Maria" reads as a name. */
  asked: ReturnType<typeof askedFor>;
}

// Lead-ins that say nothing about what the caller wants: "I'm calling to…", "I'd like to…".
const INTENT_LEAD = new Set(
  `i i'm i'd i've we we're am was is calling ringing phoning just really need needed want wanted
  would like love hoping hope looking trying to about regarding because it's this have has got
  a an the my our your some quick can could you someone somebody please also so well um uh hi
  hello yeah there`.split(/\s+/),
);
const INTENT_FILLER = new Set(
  "a an the my our your their his her him them me us is are was were am be been it its just really very some".split(" "),
);
const INTENT_END = new Set("and but because since so if when which who that then or please as".split(" "));
// Once the label has a verb and object, "for…", "on…" only add detail: "get quote", not "get quote for new".
const INTENT_DETAIL = new Set("for on at in with about from by".split(" "));

/** Caller lines, each with what the assistant asked just before; the welcome greeting asks how it can help. */
function callerLines(history: readonly TranscriptLine[]): CallerLine[] {
  let asked: CallerLine["asked"] = "reason";
  const lines: CallerLine[] = [];
  for (const entry of history) {
    if (entry.role === "ASSISTANT") asked = askedFor(entry.text);
    else lines.push({ text: entry.text, asked });
  }
  return lines;
}

/** The last name given wins: callers correct a misheard name, they rarely give a second one. */
function spokenName(lines: readonly CallerLine[]): string | undefined {
  return lines.reduce<string | undefined>(
    (found, line) => extractName(line.text, { expectingName: line.asked === "name" }) ?? found,
    undefined,
  );
}

function spokenReason(lines: readonly CallerLine[]): string | undefined {
  for (const line of lines) {
    if (line.asked === "number") continue;
    const reason = extractReason(line.text, { expectingName: line.asked === "name" });
    if (reason && (line.asked === "reason" || wordCount(reason) >= 2)) return reason;
  }
  return undefined;
}

/** The last number the caller gave, even one read out over several turns; else the caller ID. */
function callbackNumber(lines: readonly CallerLine[], callerPhone: string): string | undefined {
  let given: string | undefined;
  let partial = "";
  for (const line of lines) {
    const read = continueNumber(partial, line.text);
    given = read.number ?? given;
    partial = read.partial;
  }
  if (given) return normalizePhoneNumber(given, callerPhone);
  return isCallbackNumber(callerPhone) ? callerPhone : undefined;
}

/** A short label such as "reschedule appointment" or "basement flooding", from the first clause. */
export function intentLabel(reason: string): string {
  const clause = reason.split(/[.!?,;]/)[0] ?? reason;
  const words = clause.toLowerCase().replace(/[\u2018\u2019]/g, "'").match(/[a-z0-9][a-z0-9'-]*/g) ?? [];
  const start = words.findIndex((word) => !INTENT_LEAD.has(word));
  const label: string[] = [];
  for (const word of start < 0 ? [] : words.slice(start)) {
    if (INTENT_END.has(word) || label.length === 4 || (INTENT_DETAIL.has(word) && label.length >= 2)) break;
    if (!INTENT_FILLER.has(word)) label.push(word);
  }
  return label.join(" ") || "message";
}

function actionItem(message: string, name: string | undefined, callback: string | undefined): string {
  const topic = describeReason(message, "they");
  if (name && callback) return `Call back ${name} at ${callback} ${topic}`;
  if (callback) return `Call back ${callback} ${topic}`;
  if (name) return `Get back to ${name} ${topic}`;
  return `Follow up ${topic}`;
}

function summarize(name: string | undefined, callerPhone: string, reason: string | undefined, callback: string | undefined): string {
  const who = name ?? (isCallbackNumber(callerPhone) ? `Someone at ${callerPhone}` : "An unidentified caller");
  if (!reason) return `${who} called but did not leave a message.`;
  const why = `${who} called ${describeReason(reason, "they")}.`;
  return callback ? `${why} Best callback number: ${callback}.` : why;
}

/**
 * The post-call analysis when Claude is unavailable: the same shape Claude produces, built from
 * what the caller said and the messages the offline secretary took.
 */
export function analyzeTranscriptOffline(
  history: readonly TranscriptLine[],
  known: { callerPhone: string; callerName: string | undefined; messages: string[] },
): CallAnalysis {
  const lines = callerLines(history);
  const name = spokenName(lines) ?? known.callerName;
  const requests = known.messages.length > 0 ? known.messages : [spokenReason(lines)].flatMap((reason) => reason ?? []);
  const reason = requests[0];
  const callback = callbackNumber(lines, known.callerPhone);
  const everything = [...lines.map((line) => line.text), ...known.messages].join(" ");
  return callAnalysisSchema.parse({
    summary: summarize(name, known.callerPhone, reason, callback),
    intent: reason ? intentLabel(reason) : "no message left",
    urgency: urgencyOf(everything),
    callerName: name ?? null,
    actionItems: requests.map((request) => actionItem(request, name, callback)),
  });
}
