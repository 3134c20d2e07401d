import { firstName } from "../spoken/names.js";
import type { CallContext, CallerFacts } from "./agent.js";

export interface SecretarySettings {
  businessName: string;
  ownerName: string;
  instructions: string | undefined;
}

export function welcomeGreeting(settings: SecretarySettings, knownCallerName: string | undefined): string {
  const hello = knownCallerName ? `Hello ${firstName(knownCallerName)}, you've reached` : "Hello, you've reached";
  return `${hello} ${settings.businessName}. This call is recorded. How can I help you today?`;
}

/** For a caller ID that failed verification: who and why first, and nothing that invites a pitch. */
export function screeningGreeting(settings: SecretarySettings): string {
  return `Hello, you've reached ${settings.businessName}. This call is recorded. May I ask who's calling and what it's about?`;
}

/** The greeting a new call opens with. */
export function greetingFor(
  settings: SecretarySettings,
  caller: Pick<CallerFacts, "knownCallerName" | "screening">,
): string {
  return caller.screening ? screeningGreeting(settings) : welcomeGreeting(settings, caller.knownCallerName);
}

/** The instructions Claude answers the phone with, for one call. */
export function buildSystemPrompt(
  settings: SecretarySettings,
  context: CallContext,
  greeting: string,
  today: Date = new Date(),
): string {
  const date = today.toLocaleDateString("en-US", { weekday: "long", year: "numeric", month: "long", day: "numeric" });
  const lines = [
    `You are the phone secretary of ${settings.businessName}, answering calls for ${settings.ownerName}. Today is ${date}.`,
    "You are on a live phone call: everything you write is spoken aloud by a text-to-speech voice.",
    "",
    "How to speak:",
    "- Keep each reply to one to three short sentences, then let the caller talk.",
    "- Plain spoken English only: no lists, markdown, emoji, or symbols. Say numbers the way a person would.",
    "- Be warm and efficient. Ask one question at a time.",
    "",
    "What to do:",
    "- Find out who is calling, why, and the best number to call them back on.",
    `- Take a clear message for ${settings.ownerName} with the take_message tool once you know what it is; then confirm it to the caller.`,
    "- Never invent facts about the business (hours, prices, availability, appointments). If you were not told, offer to take a message.",
    `- Do not promise what ${settings.ownerName} will do; say you will pass the message on.`,
    "- Never tell the caller anything about earlier calls, theirs or anyone's (what was said, who called, when): what you know of them is only to help you with this call.",
    "- When the caller is done, say a short goodbye in the same reply and call the end_call tool.",
    context.canTransfer
      ? `- If the caller insists on speaking to ${settings.ownerName} now, or it is an emergency, say you are putting them through and call the transfer_to_owner tool.`
      : context.ownerUnavailable
        ? `- You put this caller through to ${settings.ownerName}, who did not answer. You cannot transfer again: take a message, and make sure it says how urgent it is.`
        : `- You cannot transfer calls; ${settings.ownerName} will call back.`,
    "",
    "This call:",
    `- The caller's number is ${context.callerPhone || "unknown"}.`,
    context.knownCallerName
      ? `- This is a returning caller: ${context.knownCallerName}.${context.lastCallSummary ? ` Their last call: ${context.lastCallSummary}` : ""}`
      : "- We do not know this caller yet.",
    ...(context.screening
      ? [
          "- The carrier could not verify the caller's number. Before anything else, find out who is calling and why; if it is a sales pitch or a recorded message, say politely that we are not interested and end the call.",
        ]
      : []),
    `- The call opened with this greeting, already spoken: "${greeting}"`,
  ];
  if (settings.instructions) {
    lines.push("", `Instructions from ${settings.ownerName}:`, settings.instructions);
  }
  return lines.join("\n");
}
