import { intentLabel } from "../spoken/intent.js";
import { extractName } from "../spoken/names.js";
import {
  areaCodeIn,
  continueNumber,
  isCallbackNumber,
  lacksAreaCode,
  normalizePhoneNumber,
  withCallerIdAreaCode,
} from "../spoken/phone-numbers.js";
import { extractReason } from "../spoken/reason.js";
import { describeReason } from "../spoken/retelling.js";
import { soundsLikeSpam } from "../spoken/spam.js";
import { wordCount } from "../spoken/text.js";
import { urgencyOf } from "../spoken/urgency.js";
import { askedFor } from "../spoken/what-was-asked.js";
import { type CallAnalysis, callAnalysisSchema } from "./call-analysis.js";
import { takenMessageCallback, takenMessageWords } from "./taken-message.js";
import type { TranscriptLine } from "./transcript.js";

interface CallerLine {
  text: string;
  /** What the assistant had just asked, so a bare "Maria" reads as a name. */
  asked: ReturnType<typeof askedFor>;
}

/** Caller lines, each with what the assistant asked just before; the welcome greeting asks how it can help. */
function callerLines(history: readonly TranscriptLine[]): CallerLine[] {
  let asked: CallerLine["asked"] = "reason";
  const lines: CallerLine[] = [];
  for (const entry of history) {
    if (entry.role === "ASSISTANT") asked = askedFor(entry.text);
    // (The owner's notes to the secretary are not the caller's words.)
    else if (entry.role === "CALLER") lines.push({ text: entry.text, asked });
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

/**
 * The number of the message taken, which the caller heard read back; else the last number the
 * caller gave, even one read out over several turns or without its area code and then the area
 * code asked for; else the caller ID.
 */
function callbackNumber(
  lines: readonly CallerLine[],
  callerPhone: string,
  taken: string | undefined,
): string | undefined {
  const confirmed = taken === undefined ? undefined : takenMessageCallback(taken);
  if (confirmed) return normalizePhoneNumber(confirmed, callerPhone);
  let given: string | undefined;
  let partial = "";
  for (const line of lines) {
    const areaCode = given && line.asked === "number" && lacksAreaCode(given, callerPhone) && areaCodeIn(line.text);
    if (areaCode) {
      given = areaCode + given;
      continue;
    }
    const read = continueNumber(partial, line.text, callerPhone);
    if (read.number) given = withCallerIdAreaCode(read.number, callerPhone, callerPhone);
    partial = read.partial;
  }
  if (given) return normalizePhoneNumber(given, callerPhone);
  return isCallbackNumber(callerPhone) ? callerPhone : undefined;
}

function actionItem(message: string, name: string | undefined, callback: string | undefined): string {
  const topic = describeReason(message, "they");
  if (name && callback) return `Call back ${name} at ${callback} ${topic}`;
  if (callback) return `Call back ${callback} ${topic}`;
  if (name) return `Get back to ${name} ${topic}`;
  return `Follow up ${topic}`;
}

function whoCalled(name: string | undefined, callerPhone: string): string {
  return name ?? (isCallbackNumber(callerPhone) ? `Someone at ${callerPhone}` : "An unidentified caller");
}

function summarize(
  name: string | undefined,
  callerPhone: string,
  reason: string | undefined,
  callback: string | undefined,
): string {
  const who = whoCalled(name, callerPhone);
  if (!reason) return `${who} called but did not leave a message.`;
  const why = `${who} called ${describeReason(reason, "they")}.`;
  return callback ? `${why} Best callback number: ${callback}.` : why;
}

/**
 * The post-call analysis when Claude is unavailable: the same shape Claude produces, built from
 * what the caller said and the messages taken during the call (which it does not repeat as to-dos).
 */
export function analyzeTranscriptOffline(
  history: readonly TranscriptLine[],
  known: { callerPhone: string; callerName: string | undefined; messages: string[] },
): CallAnalysis {
  const lines = callerLines(history);
  const name = spokenName(lines) ?? known.callerName;
  const callerWords = lines.map((line) => line.text).join(" ");
  // Nothing for the owner to do about a pitch or a robocall, however urgent it sounds.
  if (soundsLikeSpam(callerWords))
    return callAnalysisSchema.parse({
      summary: `${whoCalled(name, known.callerPhone)} called with what sounds like a sales pitch or a recorded message.`,
      intent: "sales call",
      urgency: "LOW",
      callerName: name ?? null,
      actionItems: [],
      spam: true,
    });
  // A message taken during the call is on the owner's to-do list already; only a reason the caller
  // gave without leaving a message becomes a to-do here.
  const untaken = known.messages.length > 0 ? undefined : spokenReason(lines);
  const taken = known.messages[0];
  const reason = taken === undefined ? untaken : takenMessageWords(taken);
  const callback = callbackNumber(lines, known.callerPhone, taken);
  const everything = [callerWords, ...known.messages].join(" ");
  return callAnalysisSchema.parse({
    summary: summarize(name, known.callerPhone, reason, callback),
    intent: reason ? intentLabel(reason) : "no message left",
    urgency: urgencyOf(everything),
    callerName: name ?? null,
    actionItems: untaken ? [actionItem(untaken, name, callback)] : [],
    spam: false,
  });
}
