import { z } from "zod";
import { InputError } from "../input-error.js";
import { E164_PHONE_NUMBER } from "../spoken/phone-numbers.js";
import { closedDatesProblems, openingHoursProblems } from "./opening-hours.js";
import {
  type BusinessSettings,
  DAYS_OF_WEEK,
  type OpeningHours,
  TRANSFER_POLICIES,
  type VoiceSettings,
} from "./settings.js";
import { isKnownTimeZone } from "./time-zone.js";

/**
 * The owner's settings as they are stored (one JSON document) and changed: what a change may
 * contain, the checks it must pass, and what it changed, setting by setting, for the history.
 */

/** What the environment says of the business: the settings a new database starts with. */
export interface SettingsFromEnvironment {
  businessName: string;
  ownerName: string;
  ownerPhone: string | undefined;
  secretaryInstructions: string | undefined;
}

/**
 * The settings a business starts with: the environment's (BUSINESS_NAME, OWNER_NAME, OWNER_PHONE,
 * SECRETARY_INSTRUCTIONS) and defaults for the rest. No opening hours until the owner sets them:
 * a secretary that claimed hours nobody gave would mislead callers. Transfers as before settings
 * existed: whenever there is a number.
 */
export function initialSettings(environment: SettingsFromEnvironment, timeZone = localTimeZone()): BusinessSettings {
  return {
    businessName: environment.businessName,
    ownerName: environment.ownerName,
    ownerPhone: environment.ownerPhone ?? null,
    instructions: environment.secretaryInstructions ?? null,
    timeZone,
    openingHours: [],
    closedDates: [],
    transferWhen: "ALWAYS",
    transferNumbers: [],
    staffNames: [],
    voice: {
      language: "en-US",
      otherLanguages: [],
      ttsProvider: null,
      voice: null,
      transcriptionProvider: null,
      speechModel: null,
    },
    idleRepromptSeconds: 8,
    maxCallMinutes: 20,
    // A text the owner did not ask for, to people who may not expect one: off until they turn it on.
    missedCallTextBack: false,
    // Recording a caller's voice takes their consent in many places: off until the owner turns it on.
    recordCalls: false,
    // Erasing the owner's records is theirs to decide: kept until they set a period.
    retentionDays: null,
  };
}

/** The machine's zone (TZ, or the system's) as a first guess; the owner sets the business's own. */
function localTimeZone(): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return zone && isKnownTimeZone(zone) ? zone : "UTC";
}

// Names are spoken in greetings and travel in every session's parameters: a name, not an essay.
const MAX_NAME_LENGTH = 100;
// The owner's instructions go into every call's prompt.
const MAX_INSTRUCTIONS_LENGTH = 4000;
const MAX_OPENING_HOURS = 50;
const MAX_CLOSED_DATES = 400;
const MAX_NOTE_LENGTH = 200;
// Hints for the speech recogniser: a few dozen names, not a directory.
const MAX_STAFF_NAMES = 30;
// Each one rings for 15 s while the caller waits: five after the owner is already a long wait.
const MAX_TRANSFER_NUMBERS = 5;
const MAX_OTHER_LANGUAGES = 5;
const MAX_VOICE_NAME_LENGTH = 100;
// Ten years: longer than any record-keeping rule asks of a small business.
const MAX_RETENTION_DAYS = 3650;

/** Twilio's text-to-speech providers, as its TwiML spells them. */
export const TTS_PROVIDERS = ["Amazon", "Google", "ElevenLabs"] as const;
/** Twilio's speech recognition providers, as its TwiML spells them. */
export const TRANSCRIPTION_PROVIDERS = ["Deepgram", "Google"] as const;

const name = z.string().trim().min(1, "must not be blank").max(MAX_NAME_LENGTH);
const e164 = z.string().trim().regex(E164_PHONE_NUMBER, "must be an E.164 phone number such as +15551234567");
/** Blank clears an optional text. */
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullable()
    .transform((value) => value || null);
// "en-US", "es", "pt-BR", "yue-HK".
const languageTag = z.string().regex(/^[a-z]{2,3}(?:-[A-Z]{2})?$/, 'must be a language tag such as "en-US" or "es"');

const openingHours = z.object({ day: z.enum(DAYS_OF_WEEK), opens: z.string(), closes: z.string() });

/** Every setting, as it is stored and as the API changes it; the checks that span entries follow. */
const settingsSchema = z.object({
  businessName: name,
  ownerName: name,
  ownerPhone: e164.nullable(),
  instructions: optionalText(MAX_INSTRUCTIONS_LENGTH),
  timeZone: z.string().refine(isKnownTimeZone, "must be an IANA time zone such as America/New_York"),
  openingHours: z.array(openingHours).max(MAX_OPENING_HOURS),
  closedDates: z.array(z.object({ date: z.string(), note: optionalText(MAX_NOTE_LENGTH) })).max(MAX_CLOSED_DATES),
  transferWhen: z.enum(TRANSFER_POLICIES),
  transferNumbers: z.array(z.object({ name, phone: e164 })).max(MAX_TRANSFER_NUMBERS),
  staffNames: z.array(name).max(MAX_STAFF_NAMES),
  voice: z.object({
    language: languageTag,
    otherLanguages: z.array(languageTag).max(MAX_OTHER_LANGUAGES),
    ttsProvider: z.enum(TTS_PROVIDERS).nullable(),
    voice: optionalText(MAX_VOICE_NAME_LENGTH),
    transcriptionProvider: z.enum(TRANSCRIPTION_PROVIDERS).nullable(),
    speechModel: optionalText(MAX_VOICE_NAME_LENGTH),
  }),
  idleRepromptSeconds: z.number().int().min(3).max(60),
  maxCallMinutes: z.number().int().min(1).max(240),
  missedCallTextBack: z.boolean(),
  recordCalls: z.boolean(),
  retentionDays: z.number().int().min(1).max(MAX_RETENTION_DAYS).nullable(),
}) satisfies z.ZodType<BusinessSettings, unknown>;

/** A change to the settings: any of them; `voice` too may name only the settings it changes. */
export type SettingsUpdate = Partial<Omit<BusinessSettings, "voice">> & { voice?: Partial<VoiceSettings> };

/** One setting that changed, for the history: its path and its values (JSON values). */
export interface SettingChange {
  field: string;
  before: unknown;
  after: unknown;
}

/** What this installation can do, which some settings need: set up outside the settings (the environment). */
export interface SettingsAbilities {
  /** Recordings can be fetched and deleted at Twilio: TWILIO_ACCOUNT_SID is set. */
  recording: boolean;
}

/**
 * The settings with `update` applied, checked as a whole; throws an InputError naming the first
 * setting that is wrong. Lists are replaced, not merged.
 */
export function applySettingsUpdate(
  current: BusinessSettings,
  update: SettingsUpdate,
  abilities: SettingsAbilities,
): BusinessSettings {
  const merged = { ...current, ...update, voice: { ...current.voice, ...update.voice } };
  const parsed = settingsSchema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw settingError(fieldPath(issue.path), issue.message);
  }
  const settings = parsed.data;
  const [hours] = openingHoursProblems(settings.openingHours);
  if (hours) throw settingError(`openingHours[${hours.index}]`, hours.message);
  const [closed] = closedDatesProblems(settings.closedDates);
  if (closed) throw settingError(`closedDates[${closed.index}]`, closed.message);
  const transferNumber = transferNumbersProblem(settings);
  if (transferNumber) throw settingError(transferNumber.field, transferNumber.message);
  // Checked when turned on only: a setting stored before the account SID went away blocks no other change.
  if (settings.recordCalls && !current.recordCalls && !abilities.recording)
    throw settingError(
      "recordCalls",
      "needs TWILIO_ACCOUNT_SID (with TWILIO_AUTH_TOKEN): recordings are fetched and deleted through Twilio's REST API with it",
    );
  const { language, otherLanguages } = settings.voice;
  if (new Set([language, ...otherLanguages]).size !== otherLanguages.length + 1)
    throw settingError("voice.otherLanguages", "must not repeat a language, nor the main one");
  return {
    ...settings,
    // As Intl spells it ("america/new_york" → "America/New_York"), so that it reads as the owner expects.
    timeZone: Intl.DateTimeFormat("en-US", { timeZone: settings.timeZone }).resolvedOptions().timeZone,
    openingHours: sortedHours(settings.openingHours),
    closedDates: settings.closedDates.toSorted((a, b) => a.date.localeCompare(b.date)),
  };
}

/** The stored document read back: the settings a newer or older version wrote, with defaults for what it lacks. */
export function readSettingsDocument(document: unknown, defaults: BusinessSettings): BusinessSettings {
  const stored = typeof document === "object" && document !== null ? (document as Record<string, unknown>) : {};
  const voice = typeof stored.voice === "object" && stored.voice !== null ? stored.voice : {};
  const parsed = settingsSchema.safeParse({ ...defaults, ...stored, voice: { ...defaults.voice, ...voice } });
  // Only this module writes the document, through the same schema; a document that fails it was
  // edited by hand, and the defaults are better than a secretary that cannot answer.
  return parsed.success ? parsed.data : defaults;
}

/** Each setting whose value differs, voice settings one by one (`voice.language`). */
export function settingChanges(before: BusinessSettings, after: BusinessSettings): SettingChange[] {
  const changes: SettingChange[] = [];
  const compare = (field: string, a: unknown, b: unknown) => {
    if (JSON.stringify(a) !== JSON.stringify(b)) changes.push({ field, before: a ?? null, after: b ?? null });
  };
  for (const key of Object.keys(after) as (keyof BusinessSettings)[]) {
    if (key !== "voice") compare(key, before[key], after[key]);
  }
  for (const key of Object.keys(after.voice) as (keyof VoiceSettings)[]) {
    compare(`voice.${key}`, before.voice[key], after.voice[key]);
  }
  return changes;
}

/** Fallbacks are rung after the owner, each once: without the owner's number there is nothing to fall back from. */
function transferNumbersProblem(settings: BusinessSettings): { field: string; message: string } | undefined {
  const { ownerPhone, transferNumbers } = settings;
  if (transferNumbers.length > 0 && !ownerPhone)
    return { field: "transferNumbers", message: "are rung after ownerPhone: set ownerPhone first" };
  const rung = new Set(ownerPhone ? [ownerPhone] : []);
  for (const [index, { phone }] of transferNumbers.entries()) {
    if (rung.has(phone))
      return {
        field: `transferNumbers[${index}].phone`,
        message: "is already rung before it (ownerPhone, or an earlier entry)",
      };
    rung.add(phone);
  }
  return undefined;
}

/** In the week's order, then by time: how the owner reads them back. */
function sortedHours(hours: OpeningHours[]): OpeningHours[] {
  return hours.toSorted(
    (a, b) => DAYS_OF_WEEK.indexOf(a.day) - DAYS_OF_WEEK.indexOf(b.day) || a.opens.localeCompare(b.opens),
  );
}

/** A setting that cannot be taken; the message names it too, for a client that shows only the message. */
function settingError(field: string, message: string): InputError {
  return new InputError(field, `${field}: ${message}`);
}

/** ["openingHours", 2, "closes"] → "openingHours[2].closes". */
function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (joined, key) =>
      typeof key === "number" ? `${joined}[${key}]` : joined ? `${joined}.${String(key)}` : String(key),
    "",
  );
}
