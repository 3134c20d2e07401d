import type { NotificationEvent } from "@prisma/client";
import { isCallbackNumber } from "../spoken/phone-numbers.js";
import type { DigestFacts } from "./daily-digest.js";
import type { CallFacts, KnowledgeGapFacts, MessageFacts } from "./notification-events.js";
import { EVENT_TYPES } from "./notification-events.js";
import type { Notification } from "./notification-sender.js";

/**
 * What the owner reads, often on a phone's lock screen: the subject says who and why, the text adds
 * how urgent, the number to call back and a link to the call. A webhook gets the same facts as data.
 */

export interface Reader {
  /** PUBLIC_URL: links to a call are `<publicUrl>/calls/<id>`. */
  publicUrl: string;
  /** The business's time zone: times are written in it. */
  timeZone: string;
}

/** An outbox row, as much of it as the text needs. */
export interface DeliveryToWrite {
  id: string;
  event: NotificationEvent;
  payload: unknown;
  createdAt: Date;
}

export function callLink(reader: Reader, callId: string): string {
  return `${reader.publicUrl.replace(/\/+$/, "")}/calls/${callId}`;
}

export function writeNotification(delivery: DeliveryToWrite, reader: Reader): Notification {
  const base = { id: delivery.id, type: EVENT_TYPES[delivery.event], timestamp: delivery.createdAt };
  switch (delivery.event) {
    case "CALL_ANALYZED":
    case "CALL_URGENT":
    case "CALL_MISSED": {
      const call = delivery.payload as CallFacts;
      return {
        ...base,
        ...callText(delivery.event, call, reader),
        shortText: callShortText(delivery.event, call, reader),
        data: { ...call, url: callLink(reader, call.callId) },
      };
    }
    case "MESSAGE_TAKEN": {
      const message = delivery.payload as MessageFacts;
      const url = callLink(reader, message.callId);
      const who = caller(message.callerName, message.from);
      return {
        ...base,
        subject: `Message from ${who}: ${oneLine(message.message, 80)}`,
        text: lines(`${who} left a message:`, message.message, "", callBack(message.from), `The call: ${url}`),
        shortText: textMessage(`Message from ${who}`, message.message, message.from, url),
        data: { ...message, url },
      };
    }
    case "KNOWLEDGE_GAP_OPENED": {
      const gap = delivery.payload as KnowledgeGapFacts;
      return {
        ...base,
        subject: `A caller asked what the secretary could not answer: ${oneLine(gap.question, 80)}`,
        text: lines(
          `A caller asked: "${gap.question}"`,
          "The secretary said someone would find out. Answer it (answerKnowledgeGap) and the next caller gets the answer.",
          ...(gap.callId ? ["", `The call: ${callLink(reader, gap.callId)}`] : []),
        ),
        shortText: textMessage(
          "A caller asked what the secretary could not answer",
          gap.question,
          gap.callerPhone ?? "",
          gap.callId ? callLink(reader, gap.callId) : null,
        ),
        data: { ...gap },
      };
    }
    case "DAILY_DIGEST":
      return {
        ...base,
        ...digestText(delivery.payload as DigestFacts, reader),
        data: { ...(delivery.payload as object) },
      };
  }
}

/** A test notification, to see that a channel works. */
export function testNotification(id: string, reader: Reader): Notification {
  return {
    id,
    type: "notification.test",
    timestamp: new Date(),
    subject: "Test notification from your phone secretary",
    text: lines(
      "This channel works: your phone secretary will tell you here of the events you chose.",
      `Sent ${localTime(new Date(), reader.timeZone)}.`,
    ),
    shortText: "Your phone secretary: this channel works. You will be told here of the events you chose.",
    data: { message: "This channel works." },
  };
}

function callText(event: NotificationEvent, call: CallFacts, reader: Reader): { subject: string; text: string } {
  const who = caller(call.callerName, call.from);
  const why = call.intent ? oneLine(call.intent, 80) : "no reason given";
  const subject =
    event === "CALL_MISSED"
      ? `Missed call from ${who}`
      : `${call.urgency === "URGENT" ? "URGENT: " : call.urgency === "HIGH" ? "Important: " : ""}${who} called: ${why}`;
  const text = lines(
    `${who} called ${localTime(new Date(call.startedAt), reader.timeZone)}.`,
    ...(event === "CALL_MISSED" ? [] : [`Urgency: ${(call.urgency ?? "NORMAL").toLowerCase()}`, `Why: ${why}`]),
    ...(call.summary ? ["", call.summary] : []),
    ...(call.actionItems.length > 0 ? ["", "To do:", ...call.actionItems.map((item) => `- ${item}`)] : []),
    "",
    callBack(call.from),
    `The call: ${callLink(reader, call.callId)}`,
  );
  return { subject, text };
}

const URGENCY_HEADINGS = [
  ["URGENT", "Urgent"],
  ["HIGH", "Important"],
  ["NORMAL", "Normal"],
  ["LOW", "Low"],
  [null, "Not analysed"],
] as const;

/** The daily digest: the day's calls by urgency with their summaries, then what is still open. */
function digestText(digest: DigestFacts, reader: Reader): { subject: string; text: string; shortText: string } {
  const day = new Intl.DateTimeFormat("en-US", {
    timeZone: "UTC",
    weekday: "long",
    month: "long",
    day: "numeric",
  }).format(new Date(`${digest.date}T12:00:00Z`));
  const urgent = digest.calls.filter((call) => call.urgency === "URGENT").length;
  const count = `${digest.calls.length} call${digest.calls.length === 1 ? "" : "s"}`;
  const subject = `Your calls on ${day}: ${count}${urgent ? `, ${urgent} urgent` : ""}`;
  const sections: string[] = [];
  for (const [urgency, heading] of URGENCY_HEADINGS) {
    const calls = digest.calls.filter((call) => call.urgency === urgency);
    if (calls.length === 0) continue;
    sections.push(
      "",
      `${heading} (${calls.length})`,
      ...calls.flatMap((call) => [
        `- ${clock(new Date(call.startedAt), reader.timeZone)} ${caller(call.callerName, call.from)}: ${call.summary ?? call.intent ?? "no summary"}`,
        `  ${callLink(reader, call.callId)}`,
      ]),
    );
  }
  const text = lines(
    `${count} on ${day}${digest.spamCalls ? ` (and ${digest.spamCalls} spam, left out)` : ""}.`,
    ...sections,
    "",
    `Open action items (${digest.openActionItems.length})`,
    ...(digest.openActionItems.length === 0
      ? ["None."]
      : digest.openActionItems.map(
          (item) => `- ${item.description} (${caller(item.callerName, item.from)}) ${callLink(reader, item.callId)}`,
        )),
    "",
    `Questions the secretary could not answer (${digest.openKnowledgeGaps.length})`,
    ...(digest.openKnowledgeGaps.length === 0
      ? ["None."]
      : digest.openKnowledgeGaps.map(
          (gap) => `- "${gap.question}" (asked ${gap.timesAsked} time${gap.timesAsked === 1 ? "" : "s"})`,
        )),
  );
  return { subject, text, shortText: subject };
}

/** "3:42 PM" on the business's clock. */
function clock(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-US", { timeZone, hour: "numeric", minute: "2-digit" }).format(at);
}

function callShortText(event: NotificationEvent, call: CallFacts, reader: Reader): string {
  const who = caller(call.callerName, call.from);
  const url = callLink(reader, call.callId);
  if (event === "CALL_MISSED") return textMessage(`Missed call from ${who}`, "", call.from, url);
  const urgency = call.urgency === "URGENT" ? "URGENT: " : call.urgency === "HIGH" ? "Important: " : "";
  return textMessage(`${urgency}${who} called`, call.intent ?? call.summary ?? "", call.from, url);
}

// Two segments of GSM-7 text (153 characters each once split): what carriers deliver as one message.
const TEXT_MESSAGE_LENGTH = 306;

/**
 * A text message for a phone's lock screen: the head (how urgent, who), why (cut to fit), the number
 * to call back and the link. ASCII only (a curly quote or an ellipsis would send the whole text as
 * UCS-2, 67 characters a segment); the head and the link are never cut.
 */
function textMessage(head: string, why: string, from: string, url: string | null): string {
  const tail = [...(isCallbackNumber(from) ? [`Call back ${from}`] : []), ...(url ? [url] : [])];
  const first = gsmSafe(head);
  const fixed = [first, ...tail].join("\n").length;
  const room = TEXT_MESSAGE_LENGTH - fixed - 2;
  const reason = gsmSafe(why.replace(/\s+/g, " ").trim());
  const cut = reason.length <= room ? reason : room > 3 ? `${reason.slice(0, room - 3).trimEnd()}...` : "";
  return [cut ? `${first}: ${cut}` : first, ...tail].join("\n");
}

/** Typographic punctuation as ASCII; other characters are kept (a name in its own script is worth UCS-2). */
function gsmSafe(text: string): string {
  return text
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201C\u201D]/g, '"')
    .replace(/[\u2013\u2014]/g, "-")
    .replace(/\u2026/g, "...");
}

function caller(name: string | null, from: string): string {
  if (name && isCallbackNumber(from)) return `${name} (${from})`;
  if (name) return name;
  return isCallbackNumber(from) ? from : "A caller with a withheld number";
}

function callBack(from: string): string {
  return isCallbackNumber(from) ? `Call back: ${from}` : "Call back: the number was withheld.";
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

function lines(...parts: string[]): string {
  return `${parts.join("\n")}\n`;
}

/** "at 3:42 PM on Friday, December 4", on the business's clock. */
function localTime(at: Date, timeZone: string): string {
  const time = new Intl.DateTimeFormat("en-US", { timeZone, hour: "numeric", minute: "2-digit" }).format(at);
  const day = new Intl.DateTimeFormat("en-US", { timeZone, weekday: "long", month: "long", day: "numeric" }).format(at);
  return `at ${time} on ${day}`;
}
