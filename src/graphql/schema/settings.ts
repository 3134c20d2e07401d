import { businessClock, clockSentences } from "../../business/opening-hours.js";
import { DAYS_OF_WEEK, type TRANSFER_POLICIES } from "../../business/settings.js";
import type { SettingsUpdate } from "../../business/settings-document.js";
import { TRANSCRIPTION_PROVIDERS, TTS_PROVIDERS } from "../../business/settings-document.js";
import type { StoredSettings } from "../../business/settings-store.js";
import { builder } from "../builder.js";

const DayOfWeek = builder.enumType("DayOfWeek", { values: DAYS_OF_WEEK });

const TransferPolicy = builder.enumType("TransferPolicy", {
  description:
    "When the secretary may put a caller through to the owner's phone. Whatever it is, a caller with an emergency may be put through when the owner has a phone number.",
  values: {
    NEVER: { description: "Only emergencies." },
    OPEN_HOURS: { description: "While the office is open (emergencies at any time)." },
    ALWAYS: { description: "Whenever the caller asks for the owner." },
  } satisfies Record<(typeof TRANSFER_POLICIES)[number], unknown>,
});

/** A GraphQL enum over Twilio's spellings ("ElevenLabs" is ELEVENLABS). */
const providerEnum = (name: string, providers: readonly string[], description: string) =>
  builder.enumType(name, {
    description,
    values: Object.fromEntries(providers.map((provider) => [provider.toUpperCase(), { value: provider }])),
  });

const TtsProvider = providerEnum("TtsProvider", TTS_PROVIDERS, "Twilio's text-to-speech providers.");
const TranscriptionProvider = providerEnum(
  "TranscriptionProvider",
  TRANSCRIPTION_PROVIDERS,
  "Twilio's speech recognition providers.",
);

const OpeningHours = builder.simpleObject("OpeningHours", {
  description:
    'One range of a day when the office is open, in the business\'s time zone: "09:00" to "17:30". Hours past midnight are a second range on the next day, from "00:00"; "24:00" closes at midnight.',
  fields: (t) => ({
    day: t.field({ type: DayOfWeek }),
    opens: t.string(),
    closes: t.string(),
  }),
});

const ClosedDate = builder.simpleObject("ClosedDate", {
  description: "A day the office is closed whatever its hours say (a holiday).",
  fields: (t) => ({
    date: t.string({ description: "A local date, YYYY-MM-DD." }),
    note: t.string({ nullable: true, description: 'Said to callers, e.g. "Christmas Day".' }),
  }),
});

const TransferNumber = builder.simpleObject("TransferNumber", {
  description: "Someone a transfer rings when the owner does not take the call.",
  fields: (t) => ({
    name: t.string({ description: "Who it is, for the owner reading the settings." }),
    phone: t.string({ description: "E.164." }),
  }),
});

const VoiceSettings = builder.simpleObject("VoiceSettings", {
  description: "How calls sound and are heard (ConversationRelay's voice and speech recognition).",
  fields: (t) => ({
    language: t.string({ description: 'The language the secretary speaks and hears first, e.g. "en-US".' }),
    otherLanguages: t.stringList({ description: "Languages a caller may switch to." }),
    ttsProvider: t.field({ type: TtsProvider, nullable: true, description: "Null: Twilio's default." }),
    voice: t.string({ nullable: true, description: "A voice of the provider; null: its default." }),
    transcriptionProvider: t.field({
      type: TranscriptionProvider,
      nullable: true,
      description: "Null: Twilio's default.",
    }),
    speechModel: t.string({ nullable: true, description: "A model of the provider; null: its default." }),
  }),
});

const BusinessStatus = builder.simpleObject("BusinessStatus", {
  description: "The office at this moment, as the secretary would tell a caller.",
  fields: (t) => ({
    localDate: t.string({ description: "YYYY-MM-DD, in the business's time zone." }),
    localTime: t.string({ description: "HH:MM, in the business's time zone." }),
    open: t.boolean(),
    closesAt: t.field({ type: "DateTime", nullable: true, description: "When open: when this opening ends." }),
    opensAt: t.field({ type: "DateTime", nullable: true, description: "When closed: when it next opens." }),
    spoken: t.string({
      description: 'What a caller\'s secretary is told: "It is 6:40 pm on Friday… it opens Monday at 9 am."',
    }),
  }),
});

const Settings = builder.objectRef<StoredSettings>("Settings").implement({
  description: "The owner's settings. A change applies to the next call, on every process.",
  fields: (t) => ({
    businessName: t.string({ resolve: ({ settings }) => settings.businessName }),
    ownerName: t.string({ resolve: ({ settings }) => settings.ownerName }),
    ownerPhone: t.string({
      nullable: true,
      description: "E.164; where transfers ring. Null: callers are never put through.",
      resolve: ({ settings }) => settings.ownerPhone,
    }),
    instructions: t.string({
      nullable: true,
      description: "The owner's own instructions to the secretary, added to every call's prompt.",
      resolve: ({ settings }) => settings.instructions,
    }),
    timeZone: t.string({ description: 'IANA, e.g. "America/New_York".', resolve: ({ settings }) => settings.timeZone }),
    openingHours: t.field({
      type: [OpeningHours],
      description: "In the week's order. None: the secretary says it cannot tell the hours.",
      resolve: ({ settings }) => settings.openingHours,
    }),
    closedDates: t.field({ type: [ClosedDate], resolve: ({ settings }) => settings.closedDates }),
    transferWhen: t.field({ type: TransferPolicy, resolve: ({ settings }) => settings.transferWhen }),
    transferNumbers: t.field({
      type: [TransferNumber],
      description:
        "Who a transfer rings, in order, after the owner's phone: each hears the briefing and takes the call with 1. When nobody does, the caller comes back to the secretary, who takes a message.",
      resolve: ({ settings }) => settings.transferNumbers,
    }),
    staffNames: t.stringList({
      description: "Names callers may say (staff, products), for the speech recogniser.",
      resolve: ({ settings }) => settings.staffNames,
    }),
    voice: t.field({ type: VoiceSettings, resolve: ({ settings }) => settings.voice }),
    idleRepromptSeconds: t.int({
      description: 'Silence after the secretary\'s turn before it asks "Are you still there?".',
      resolve: ({ settings }) => settings.idleRepromptSeconds,
    }),
    maxCallMinutes: t.int({
      description: "A call this long is ended politely.",
      resolve: ({ settings }) => settings.maxCallMinutes,
    }),
    missedCallTextBack: t.boolean({
      description:
        'A caller who hangs up before saying anything is texted "Sorry we missed you…" from the business\'s number, once per number per day (not a withheld, blocked or unverified number). Needs TWILIO_ACCOUNT_SID.',
      resolve: ({ settings }) => settings.missedCallTextBack,
    }),
    recordCalls: t.boolean({
      description:
        "Each call's audio is recorded (both sides) and the greeting tells the caller so; the owner listens through `Call.recording`. Deleted with the call. Needs TWILIO_ACCOUNT_SID.",
      resolve: ({ settings }) => settings.recordCalls,
    }),
    retentionDays: t.int({
      nullable: true,
      description:
        "Calls that started more than this many days ago are erased with everything attached (turns, action items, notes), as `deleteCall` does, and announced on `callDeleted`; a call still in progress never is. Null (the default): calls are kept.",
      resolve: ({ settings }) => settings.retentionDays,
    }),
    version: t.int({
      description:
        "Goes up with every change; pass it as `expectedVersion` so that a change never undoes another unseen.",
      resolve: ({ version }) => version,
    }),
    updatedAt: t.field({ type: "DateTime", resolve: ({ updatedAt }) => updatedAt }),
    currently: t.field({
      type: BusinessStatus,
      resolve: ({ settings }) => {
        const clock = businessClock(settings, new Date());
        return {
          localDate: clock.localDate,
          localTime: clock.localTime,
          open: clock.open,
          closesAt: clock.closesAt?.at ?? null,
          opensAt: clock.nextOpening?.at ?? null,
          spoken: clockSentences(clock),
        };
      },
    }),
  }),
});

const SettingValueChange = builder.simpleObject("SettingValueChange", {
  description: "One setting's value before and after a change, as JSON text (a string in quotes, a list in brackets).",
  fields: (t) => ({
    field: t.string({ description: 'The setting, e.g. "ownerPhone", "openingHours" or "voice.language".' }),
    before: t.string({ nullable: true }),
    after: t.string({ nullable: true }),
  }),
});

builder.prismaNode("SettingsChange", {
  id: { field: "id" },
  description: "One change to the settings: who made it, when, and what it changed.",
  fields: (t) => ({
    version: t.exposeInt("version", { description: "The settings' version this change made." }),
    changedAt: t.expose("changedAt", { type: "DateTime" }),
    changedBy: t.exposeString("changedBy", { description: "Who made it, as the API knew them (e.g. the API token)." }),
    changes: t.field({
      type: [SettingValueChange],
      resolve: ({ changes }) =>
        (changes as { field: string; before: unknown; after: unknown }[]).map((change) => ({
          field: change.field,
          before: change.before === null ? null : JSON.stringify(change.before),
          after: change.after === null ? null : JSON.stringify(change.after),
        })),
    }),
  }),
});

builder.queryFields((t) => ({
  settings: t.field({
    type: Settings,
    description: "The owner's settings, as stored now.",
    resolve: (_parent, _args, context) => context.settings.read(),
  }),
  settingsHistory: t.prismaConnection(
    {
      type: "SettingsChange",
      cursor: "id",
      description: "Every change to the settings, newest first.",
      resolve: (query, _parent, _args, context) =>
        context.prisma.settingsChange.findMany({ ...query, orderBy: { version: "desc" } }),
      totalCount: (_connection, _args, context) => context.prisma.settingsChange.count(),
    },
    { name: "SettingsChangeConnection" },
    { name: "SettingsChangeEdge" },
  ),
}));

const OpeningHoursInput = builder.inputType("OpeningHoursInput", {
  fields: (t) => ({
    day: t.field({ type: DayOfWeek, required: true }),
    opens: t.string({ required: true, description: '"HH:MM", 00:00 to 23:59.' }),
    closes: t.string({ required: true, description: '"HH:MM" after `opens`, up to "24:00".' }),
  }),
});

const ClosedDateInput = builder.inputType("ClosedDateInput", {
  fields: (t) => ({
    date: t.string({ required: true, description: "YYYY-MM-DD." }),
    note: t.string({ required: false }),
  }),
});

const TransferNumberInput = builder.inputType("TransferNumberInput", {
  fields: (t) => ({
    name: t.string({ required: true }),
    phone: t.string({ required: true, description: "E.164, e.g. +15551234567." }),
  }),
});

const VoiceSettingsInput = builder.inputType("VoiceSettingsInput", {
  description: "The voice settings to change; those left out stay as they are.",
  fields: (t) => ({
    language: t.string({ required: false }),
    otherLanguages: t.stringList({ required: false }),
    ttsProvider: t.field({ type: TtsProvider, required: false, description: "Null: Twilio's default." }),
    voice: t.string({ required: false }),
    transcriptionProvider: t.field({ type: TranscriptionProvider, required: false }),
    speechModel: t.string({ required: false }),
  }),
});

/** The settings an input names; those it leaves out stay as they are (null is a value: it clears). */
function given<T extends object>(input: T): Partial<T> {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) as Partial<T>;
}

builder.relayMutationField(
  "updateSettings",
  {
    description: "The settings to change; those left out stay as they are. Lists are replaced as a whole.",
    inputFields: (t) => ({
      businessName: t.string({ required: false }),
      ownerName: t.string({ required: false }),
      ownerPhone: t.string({ required: false, description: "E.164; null clears it (no transfers)." }),
      instructions: t.string({ required: false, description: "Null or blank clears them." }),
      timeZone: t.string({ required: false, description: 'IANA, e.g. "Europe/London".' }),
      openingHours: t.field({ type: [OpeningHoursInput], required: false }),
      closedDates: t.field({ type: [ClosedDateInput], required: false }),
      transferWhen: t.field({ type: TransferPolicy, required: false }),
      transferNumbers: t.field({
        type: [TransferNumberInput],
        required: false,
        description: "At most 5, rung in this order after ownerPhone (which must be set); each number once.",
      }),
      staffNames: t.stringList({ required: false }),
      voice: t.field({ type: VoiceSettingsInput, required: false }),
      idleRepromptSeconds: t.int({ required: false, description: "3 to 60." }),
      maxCallMinutes: t.int({ required: false, description: "1 to 240." }),
      missedCallTextBack: t.boolean({ required: false }),
      recordCalls: t.boolean({
        required: false,
        description: "True needs TWILIO_ACCOUNT_SID (BAD_USER_INPUT otherwise).",
      }),
      retentionDays: t.int({ required: false, description: "1 to 3650; null keeps calls forever." }),
      expectedVersion: t.int({
        required: false,
        description:
          "The version the change was made on; if the settings have changed since, nothing is changed (CONFLICT).",
      }),
    }),
  },
  {
    description:
      "Changes the owner's settings. Each change is checked as a whole (BAD_USER_INPUT names the setting that is wrong), recorded in `settingsHistory`, and applies to the next call on every process.",
    resolve: async (_parent, { input }, context) => {
      const { expectedVersion, voice, openingHours, closedDates, ...rest } = input;
      const { stored, change } = await context.settings.update(
        {
          // A null for a setting that cannot be empty is refused by the checks, naming it.
          ...given(rest),
          ...(openingHours !== undefined && { openingHours }),
          ...(closedDates && {
            closedDates: closedDates.map((closed) => ({ date: closed.date, note: closed.note ?? null })),
          }),
          ...(voice !== undefined && { voice: voice && given(voice) }),
        } as SettingsUpdate,
        context.actor,
        expectedVersion ?? undefined,
      );
      return { stored, change };
    },
  },
  {
    outputFields: (t) => ({
      settings: t.field({ type: Settings, resolve: (payload) => payload.stored }),
      change: t.prismaField({
        type: "SettingsChange",
        nullable: true,
        description: "What the change was; null when it changed nothing.",
        resolve: (_query, payload) => payload.change ?? null,
      }),
    }),
  },
);
