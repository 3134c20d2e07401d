import { z } from "zod";
import { callSid, phoneNumber, relaySessionId } from "./wire-fields.js";

/**
 * ConversationRelay WebSocket protocol, both directions, as one module. Frames from Twilio are
 * parsed here at the edge; the rest of the server only sees these types. Whatever of them reaches
 * the database or the logs is bounded here.
 */

// What a caller says in one turn. Speech recognition closes a prompt at the caller's first pause,
// so a turn is a sentence or a few; 5,000 characters is five minutes of unbroken speech at 150
// words a minute. The same bound holds what the caller heard of a reply (ours are far shorter).
const MAX_SPOKEN_TEXT_LENGTH = 5_000;
// Twilio's description of an error, which may quote the frame of ours it refused.
const MAX_ERROR_DESCRIPTION_LENGTH = 2_000;
// Custom parameters are ours, from our TwiML: a few, the longest a greeting of a sentence or two.
const MAX_CUSTOM_PARAMETERS = 16;
const MAX_CUSTOM_PARAMETER_NAME_LENGTH = 64;
const MAX_CUSTOM_PARAMETER_VALUE_LENGTH = 2_000;

const setupMessage = z.object({
  type: z.literal("setup"),
  sessionId: relaySessionId,
  callSid,
  accountSid: z.string().optional(),
  parentCallSid: z.string().optional(),
  from: phoneNumber.default(""),
  to: phoneNumber.default(""),
  forwardedFrom: z.string().optional(),
  callerName: z.string().optional(),
  direction: z.string().optional(),
  callType: z.string().optional(),
  callStatus: z.string().optional(),
  customParameters: z
    .record(z.string().max(MAX_CUSTOM_PARAMETER_NAME_LENGTH), z.string().max(MAX_CUSTOM_PARAMETER_VALUE_LENGTH))
    .refine((parameters) => Object.keys(parameters).length <= MAX_CUSTOM_PARAMETERS, "too many custom parameters")
    .default({}),
});

const promptMessage = z.object({
  type: z.literal("prompt"),
  voicePrompt: z.string().max(MAX_SPOKEN_TEXT_LENGTH),
  lang: z.string().optional(),
  // Without partialPrompts Twilio sends only final prompts, and some traces omit `last`.
  last: z.boolean().default(true),
});

const interruptMessage = z.object({
  type: z.literal("interrupt"),
  utteranceUntilInterrupt: z.string().max(MAX_SPOKEN_TEXT_LENGTH).default(""),
  // Documented as a number; older docs and some traces show a string.
  durationUntilInterruptMs: z.coerce.number().optional(),
});

const dtmfMessage = z.object({
  type: z.literal("dtmf"),
  digit: z.string().regex(/^[0-9*#A-Da-dw]$/),
});

const infoMessage = z.object({
  type: z.literal("info"),
  name: z.string().optional(),
  value: z.string().optional(),
});

const errorMessage = z.object({
  type: z.literal("error"),
  description: z.string().max(MAX_ERROR_DESCRIPTION_LENGTH).default(""),
});

export const relayInboundMessage = z.discriminatedUnion("type", [
  setupMessage,
  promptMessage,
  interruptMessage,
  dtmfMessage,
  infoMessage,
  errorMessage,
]);

export type SetupMessage = z.infer<typeof setupMessage>;
export type PromptMessage = z.infer<typeof promptMessage>;
export type InterruptMessage = z.infer<typeof interruptMessage>;
export type DtmfMessage = z.infer<typeof dtmfMessage>;
export type InfoMessage = z.infer<typeof infoMessage>;
export type RelayInboundMessage = z.infer<typeof relayInboundMessage>;

export type ParsedFrame =
  | { kind: "message"; message: RelayInboundMessage }
  | { kind: "unknown"; type: string }
  | { kind: "invalid"; reason: string };

const knownTypes = new Set(["setup", "prompt", "interrupt", "dtmf", "info", "error"]);

/** Parses one text frame from Twilio. Never throws: a bad frame is reported, not fatal. */
export function parseRelayFrame(raw: string): ParsedFrame {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { kind: "invalid", reason: "not JSON" };
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    return { kind: "invalid", reason: "not a JSON object" };
  }
  const type = (json as { type?: unknown }).type;
  if (typeof type !== "string") return { kind: "invalid", reason: "no type" };
  if (!knownTypes.has(type)) return { kind: "unknown", type };
  if (type === "prompt") {
    const prompt = wellFormedPrompt(json as Record<string, unknown>);
    if (prompt) return { kind: "message", message: prompt };
  }
  if (type === "info") {
    const info = wellFormedInfo(json as Record<string, unknown>);
    if (info) return { kind: "message", message: info };
  }
  const result = relayInboundMessage.safeParse(json);
  if (!result.success) {
    // The top-level field only: below it (a custom parameter's name) the path is the sender's text.
    const fields = [...new Set(result.error.issues.map((issue) => String(issue.path[0] ?? "(frame)")))];
    return { kind: "invalid", reason: `bad ${type} frame (${fields.join(", ")})` };
  }
  return { kind: "message", message: result.data };
}

/**
 * A prompt frame checked by hand against promptMessage, the schema's result for one it accepts, or
 * undefined for any other (the schema then reads it, and says what is wrong). Prompts are most of a
 * call's frames, and the schema's generic walk cost about 50 µs of a turn's CPU; this reads the four
 * fields and accepts nothing the schema would refuse, so the schema stays the contract.
 */
function wellFormedPrompt(frame: Record<string, unknown>): PromptMessage | undefined {
  const { voicePrompt, lang, last } = frame;
  if (typeof voicePrompt !== "string" || voicePrompt.length > MAX_SPOKEN_TEXT_LENGTH) return undefined;
  if (lang !== undefined && typeof lang !== "string") return undefined;
  if (last !== undefined && typeof last !== "boolean") return undefined;
  const prompt: PromptMessage = { type: "prompt", voicePrompt, last: last ?? true };
  if (lang !== undefined) prompt.lang = lang;
  return prompt;
}

/**
 * An info frame checked by hand against infoMessage, as wellFormedPrompt checks a prompt: with
 * speaker events on, Twilio sends two a turn (agentSpeaking on, then off).
 */
function wellFormedInfo(frame: Record<string, unknown>): InfoMessage | undefined {
  const { name, value } = frame;
  if (name !== undefined && typeof name !== "string") return undefined;
  if (value !== undefined && typeof value !== "string") return undefined;
  const info: InfoMessage = { type: "info" };
  if (name !== undefined) info.name = name;
  if (value !== undefined) info.value = value;
  return info;
}

/*
 * Frames to Twilio, as a schema of what Twilio accepts (it answers anything else with error
 * 64107). The server only builds them, typed by it; the simulator checks what the server sends
 * against it, as Twilio does. It states Twilio's side of the contract, not our reading of
 * Twilio's frames, so sharing it cannot let a misreading of Twilio pass the tests.
 */

const textMessage = z.object({
  type: z.literal("text"),
  token: z.string(),
  // Without `last` the talk cycle stays open; last:true closes it.
  last: z.boolean().default(false),
  interruptible: z.boolean().optional(),
  // Later output may cut this speech (filler lines such as "one moment…").
  preemptible: z.boolean().optional(),
  // Speaks this token in another language than the session's.
  lang: z.string().optional(),
});

const endMessage = z.object({
  type: z.literal("end"),
  // Posted back to the `<Connect action>` URL as HandoffData.
  handoffData: z.string().optional(),
});

const sendDigitsMessage = z.object({
  type: z.literal("sendDigits"),
  // `w` waits half a second between keys.
  digits: z.string().regex(/^[0-9w#*]+$/),
});

const playMessage = z.object({
  type: z.literal("play"),
  source: z.string(),
  loop: z.number().int().nonnegative().optional(),
  interruptible: z.boolean().optional(),
  preemptible: z.boolean().optional(),
});

const languageMessage = z.object({
  type: z.literal("language"),
  ttsLanguage: z.string().optional(),
  transcriptionLanguage: z.string().optional(),
});

export const relayOutboundMessage = z.discriminatedUnion("type", [
  textMessage,
  endMessage,
  sendDigitsMessage,
  playMessage,
  languageMessage,
]);

/** Frames we send to Twilio. */
export type RelayOutboundMessage = z.infer<typeof relayOutboundMessage>;

/** A frame to Twilio as it goes on the socket. */
export function relayFrame(message: RelayOutboundMessage): string {
  return JSON.stringify(message);
}

/**
 * `relayFrame({ type: "text", token, last })`, the same text, built as text: a reply goes out as
 * a frame per token, and the object and JSON.stringify's work for each cost half again as much.
 */
export function textFrame(token: string, last: boolean): string {
  return `{"type":"text","token":${JSON.stringify(token)},"last":${last}}`;
}

/**
 * What our TwiML tells the session through `<Parameter>`s; they come back in `setup.customParameters`,
 * and the session ticket (relay-ticket.ts) makes sure they come back unchanged.
 */
export interface SessionParameters {
  /** The welcome greeting Twilio speaks, so the session can record it as said. */
  greeting: string;
  /** Earlier in this call a transfer rang the owner, who did not answer. */
  ownerUnavailable: boolean;
  /** Twilio's STIR/SHAKEN verdict on the caller ID (`StirVerstat`), when the voice webhook had one. */
  stirVerstat?: string | undefined;
  /** The call came in outside opening hours. */
  afterHours: boolean;
  /** The caller ID failed verification: find out who is calling, and why, before anything else. */
  screening: boolean;
}

export function encodeSessionParameters(parameters: SessionParameters): Record<string, string> {
  return {
    greeting: parameters.greeting,
    ...(parameters.ownerUnavailable && { ownerUnavailable: "true" }),
    ...(parameters.stirVerstat && { stirVerstat: parameters.stirVerstat }),
    ...(parameters.afterHours && { afterHours: "true" }),
    ...(parameters.screening && { screening: "true" }),
  };
}

export function decodeSessionParameters(custom: Record<string, string>): SessionParameters {
  return {
    greeting: custom.greeting ?? "",
    ownerUnavailable: custom.ownerUnavailable === "true",
    stirVerstat: custom.stirVerstat || undefined,
    afterHours: custom.afterHours === "true",
    screening: custom.screening === "true",
  };
}
