import type { TextBlockParam } from "@anthropic-ai/sdk/resources/messages";
import type { BusinessSettings, KnowledgeFact } from "../business/settings.js";
import type { CallContext } from "./agent.js";
import { languageName } from "./spoken-lines.js";

/** What the prompt says of the business. */
export type SecretarySettings = Pick<BusinessSettings, "businessName" | "ownerName" | "instructions" | "voice">;

/**
 * How much of the knowledge base (titles and contents, in characters) goes into the prompt whole:
 * about 10,000 tokens. With prompt caching the model reads a prefix it has seen in the last five
 * minutes at a tenth of the price and with little effect on the first token; the first call after a
 * quiet spell, or after an edit, pays for reading it all, which at this size stays a fraction of a
 * second. It is also about as much as the model keeps following closely beside its rules: past it
 * the base is searched (the search_knowledge tool) rather than read, and the prompt names its
 * entries only. A small business's base (prices, hours, services, directions) fits many times over.
 */
export const KNOWLEDGE_PROMPT_BUDGET = 40_000;
// Beyond the budget the prompt lists the entries' titles, so Claude knows what it can look up; this
// many characters of them at most.
const TITLE_LIST_BUDGET = 8_000;

/** Whether the whole knowledge base goes into the prompt; otherwise Claude searches it. */
export function knowledgeFitsPrompt(knowledge: readonly KnowledgeFact[]): boolean {
  let size = 0;
  for (const entry of knowledge) size += entry.title.length + entry.content.length;
  return size <= KNOWLEDGE_PROMPT_BUDGET;
}

/** What the fixed head of the prompt is made of: what the owner set, never anything of one call. */
export interface PromptHead {
  settings: SecretarySettings;
  knowledge: readonly KnowledgeFact[];
  /** There is an owner's phone to put callers through to (the transfer_to_owner tool is offered). */
  offersTransfer: boolean;
}

/**
 * The instructions Claude answers the phone with, as the Messages API's system blocks: first the
 * fixed head (persona, rules, the owner's instructions, the knowledge base), the same bytes on
 * every call until the owner changes something, marked for prompt caching, so that a long
 * knowledge base does not slow the first token; then what is true of this call only (`facts`:
 * the time and opening hours, the caller, the greeting, whom it may put through now). Anything
 * that differs between calls must go in `facts`: in the head it would make every call miss the cache.
 */
export function buildSystemPrompt(head: PromptHead, facts: readonly string[]): TextBlockParam[] {
  return [
    { type: "text", text: sharedHead(head), cache_control: { type: "ephemeral" } },
    { type: "text", text: ["This call:", ...facts.map((fact) => `- ${fact}`)].join("\n") },
  ];
}

// The head as last built. A call holds its prompt for as long as it lasts, and the head is the same
// text on every call: 200 calls with 20 KB of knowledge held 200 copies of it (about 4 MB of the
// heap at the peak, README "Memory"); now they share this one until the owner changes something.
let lastHead = "";

function sharedHead(head: PromptHead): string {
  const text = stableHead(head);
  if (text !== lastHead) lastHead = text;
  return lastHead;
}

function stableHead({ settings, knowledge, offersTransfer }: PromptHead): string {
  const owner = settings.ownerName;
  const searches = !knowledgeFitsPrompt(knowledge);
  const lines = [
    `You are the phone secretary of ${settings.businessName}, answering calls for ${owner}.`,
    "You are on a live phone call: everything you write is spoken aloud by a text-to-speech voice.",
    "",
    "How to speak:",
    "- Keep each reply to one to three short sentences, then let the caller talk.",
    languageRule(settings.voice),
    "- Plain spoken words only: no lists, markdown, emoji, or symbols. Say numbers the way a person would.",
    "- Be warm and efficient. Ask one question at a time.",
    "",
    "What to do:",
    "- Find out who is calling, why, and the best number to call them back on.",
    `- Take a clear message for ${owner} with the take_message tool once you know what it is; then confirm it to the caller.`,
    searches
      ? "- Answer questions about the business only from its knowledge base: look it up with the search_knowledge tool first, and answer from what it finds."
      : '- Answer questions about the business only from "What you know about the business" below.',
    "- Never invent or guess facts about the business (hours, prices, services, availability, appointments, policies).",
    '- The time and the opening hours under "This call" were worked out for you: repeat them as given, never work out times or dates yourself.',
    `- When you cannot answer a question, say you will find out, take a message with the take_message tool so that ${owner} can get back to the caller, and call the note_unanswered_question tool with the question.`,
    `- Do not promise what ${owner} will do; say you will pass the message on.`,
    "- Never tell the caller anything about earlier calls, theirs or anyone's (what was said, who called, when): what you know of them is only to help you with this call.",
    // A card number read out over several turns is taken out of the earlier ones only once it is
    // complete: digits said back before then would be kept in the reply.
    `- Never ask for a payment card number or security code, and never repeat any digits of one (they reach you as [card number]); if the caller offers one, say ${owner} will arrange payment with them.`,
    "- When the caller is done, say a short goodbye in the same reply and call the end_call tool.",
    offersTransfer
      ? `- Putting callers through to ${owner}: "This call" below says whom you may put through now. Then say you are putting them through and call the transfer_to_owner tool.`
      : `- You cannot transfer calls; ${owner} will call back.`,
  ];
  if (settings.instructions) lines.push("", `Instructions from ${owner}:`, settings.instructions);
  lines.push("", "What you know about the business:", ...knowledgeSection(knowledge, searches));
  return lines.join("\n");
}

/** Which language to speak, and which others the caller may switch the call to. */
function languageRule(voice: SecretarySettings["voice"]): string {
  const others = voice.otherLanguages.filter((other) => other !== voice.language);
  const switching =
    others.length > 0
      ? ` If the caller speaks ${others.map(languageName).join(" or ")}, call switch_language with it, then answer in it.`
      : "";
  return `- Speak ${languageName(voice.language)}.${switching}`;
}

function knowledgeSection(knowledge: readonly KnowledgeFact[], searches: boolean): string[] {
  if (knowledge.length === 0) return ["Nothing yet."];
  if (!searches) return knowledge.flatMap((entry) => ["", `## ${entry.title}`, entry.content]);
  const titles: string[] = [];
  let size = 0;
  for (const entry of knowledge) {
    size += entry.title.length + 2;
    if (size > TITLE_LIST_BUDGET) break;
    titles.push(entry.title);
  }
  const more = knowledge.length - titles.length;
  return [
    `It is too long to list here: search it with the search_knowledge tool. Its entries are about: ${titles.join("; ")}${more > 0 ? `; and ${more} more.` : "."}`,
  ];
}

/** What is true of this call alone: the per-call part of the prompt (see buildSystemPrompt). */
export function callFacts(settings: SecretarySettings, context: CallContext, greeting: string): string[] {
  return [
    context.now,
    context.businessHours
      ? context.businessHours.weekly
      : "You were not told the opening hours: if asked, say you will find out.",
    `The caller's number is ${context.callerPhone || "unknown"}.`,
    context.knownCallerName
      ? `This is a returning caller: ${context.knownCallerName}.${context.lastCallSummary ? ` Their last call: ${context.lastCallSummary}` : ""}`
      : "We do not know this caller yet.",
    ...(context.screening
      ? [
          "The carrier could not verify the caller's number. Before anything else, find out who is calling and why; if it is a sales pitch or a recorded message, say politely that we are not interested and end the call.",
        ]
      : []),
    `The call opened with this greeting, already spoken: "${greeting}"`,
    transferFact(settings.ownerName, context),
  ];
}

/** Whom the caller may be put through to now, as the model is told it. */
function transferFact(ownerName: string, context: CallContext): string {
  if (context.ownerUnavailable)
    return `You put this caller through to ${ownerName}, who did not answer. Do not transfer again, even in an emergency: take a message, and make sure it says how urgent it is.`;
  switch (context.transfers) {
    case "ANY_CALLER":
      return `If the caller insists on speaking to ${ownerName} now, or it is an emergency, you may put them through.`;
    case "EMERGENCIES_ONLY":
      return `${ownerName} takes calls now only for emergencies (danger, damage happening now, someone hurt): put those through; otherwise take a message.`;
    case "NONE":
      return `You cannot put callers through to ${ownerName} now; ${ownerName} will call back.`;
  }
}
