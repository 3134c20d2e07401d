import type {
  BusinessSettingsFieldsFragment,
  TranscriptionProvider,
  TtsProvider,
  UpdateSettingsInput,
} from "../../generated/graphql";
import {
  FieldProblem,
  type SectionProps,
  type SettingsForm,
  SettingsSection,
  TextSetting,
  useSettingsForm,
} from "./settings-form";

interface VoiceForm {
  language: string;
  /** As typed: tags separated by commas. */
  otherLanguages: string;
  ttsProvider: TtsProvider | "";
  voice: string;
  transcriptionProvider: TranscriptionProvider | "";
  speechModel: string;
  /** As typed: one name a line. */
  staffNames: string;
}

const TTS_PROVIDERS: { value: TtsProvider; label: string }[] = [
  { value: "AMAZON", label: "Amazon" },
  { value: "ELEVENLABS", label: "ElevenLabs" },
  { value: "GOOGLE", label: "Google" },
];
const TRANSCRIPTION_PROVIDERS: { value: TranscriptionProvider; label: string }[] = [
  { value: "DEEPGRAM", label: "Deepgram" },
  { value: "GOOGLE", label: "Google" },
];
// Offered as the owner types; any tag the API takes will do.
const LANGUAGES = ["en-US", "en-GB", "en-AU", "es-US", "es-ES", "fr-FR", "fr-CA", "de-DE", "it-IT", "pt-BR", "nl-NL"];

const listOf = (text: string, separator: RegExp) =>
  text
    .split(separator)
    .map((item) => item.trim())
    .filter(Boolean);

function voiceOf(settings: BusinessSettingsFieldsFragment): VoiceForm {
  const { voice } = settings;
  return {
    language: voice.language,
    otherLanguages: voice.otherLanguages.join(", "),
    ttsProvider: voice.ttsProvider ?? "",
    voice: voice.voice ?? "",
    transcriptionProvider: voice.transcriptionProvider ?? "",
    speechModel: voice.speechModel ?? "",
    staffNames: settings.staffNames.join("\n"),
  };
}

function voiceInput(form: VoiceForm): UpdateSettingsInput {
  return {
    voice: {
      language: form.language.trim(),
      otherLanguages: listOf(form.otherLanguages, /[,\s]+/),
      ttsProvider: form.ttsProvider || null,
      voice: form.voice.trim() || null,
      transcriptionProvider: form.transcriptionProvider || null,
      speechModel: form.speechModel.trim() || null,
    },
    staffNames: listOf(form.staffNames, /\n/),
  };
}

const VOICE_TITLE = "Voice and language";

/** How the secretary sounds and what it listens for (Twilio's voice and speech recognition). */
/** One of a list of providers, or none: Twilio's default. */
function ProviderSetting<P extends string>(props: {
  form: SettingsForm<VoiceForm>;
  field: string;
  label: string;
  hint: string;
  providers: { value: P; label: string }[];
  value: P | "";
  onChange(next: P | ""): void;
}) {
  const { form, field } = props;
  return (
    <TextSetting form={form} field={field} label={props.label} hint={props.hint}>
      <select
        {...form.inputProps(field, { hint: true })}
        value={props.value}
        onChange={(event) => props.onChange(event.target.value as P | "")}
      >
        <option value="">Twilio's default</option>
        {props.providers.map((provider) => (
          <option key={provider.value} value={provider.value}>
            {provider.label}
          </option>
        ))}
      </select>
    </TextSetting>
  );
}

export function VoiceSection(props: SectionProps) {
  const form = useSettingsForm({
    section: VOICE_TITLE,
    saved: voiceOf(props.settings),
    toInput: voiceInput,
    save: props.save,
    onDirtyChange: props.onDirtyChange,
  });
  const { value, update } = form;
  const set = <K extends keyof VoiceForm>(key: K, next: VoiceForm[K]) =>
    update((current) => ({ ...current, [key]: next }));

  return (
    <SettingsSection
      title={VOICE_TITLE}
      form={form}
      fields={["voice", "staffNames"]}
      conflictAction={props.conflictAction}
    >
      <div className="settings-grid">
        <TextSetting
          form={form}
          field="voice.language"
          label="Language"
          hint="The language the secretary speaks and hears first, e.g. en-US."
        >
          <input
            {...form.inputProps("voice.language", { hint: true })}
            value={value.language}
            onChange={(event) => set("language", event.target.value)}
            list="voice-languages"
            autoComplete="off"
          />
        </TextSetting>
        <datalist id="voice-languages">
          {LANGUAGES.map((language) => (
            <option key={language} value={language} />
          ))}
        </datalist>
        <TextSetting
          form={form}
          field="voice.otherLanguages"
          label="Other languages"
          hint="Languages a caller may switch to, separated by commas, e.g. es-US, fr-CA."
        >
          <input
            {...form.inputProps("voice.otherLanguages", { hint: true })}
            value={value.otherLanguages}
            onChange={(event) => set("otherLanguages", event.target.value)}
            autoComplete="off"
          />
        </TextSetting>
        <ProviderSetting
          form={form}
          field="voice.ttsProvider"
          label="Voice provider"
          hint="Who makes the secretary's voice."
          providers={TTS_PROVIDERS}
          value={value.ttsProvider}
          onChange={(next) => set("ttsProvider", next)}
        />
        <TextSetting
          form={form}
          field="voice.voice"
          label="Voice"
          hint="A voice of that provider, by its name there. Blank: its default."
        >
          <input
            {...form.inputProps("voice.voice", { hint: true })}
            value={value.voice}
            onChange={(event) => set("voice", event.target.value)}
            autoComplete="off"
          />
        </TextSetting>
        <ProviderSetting
          form={form}
          field="voice.transcriptionProvider"
          label="Speech recognition"
          hint="Who turns the caller's words into text."
          providers={TRANSCRIPTION_PROVIDERS}
          value={value.transcriptionProvider}
          onChange={(next) => set("transcriptionProvider", next)}
        />
        <TextSetting
          form={form}
          field="voice.speechModel"
          label="Speech model"
          hint="A model of that provider. Blank: its default."
        >
          <input
            {...form.inputProps("voice.speechModel", { hint: true })}
            value={value.speechModel}
            onChange={(event) => set("speechModel", event.target.value)}
            autoComplete="off"
          />
        </TextSetting>
      </div>
      <TextSetting
        form={form}
        field="staffNames"
        label="Names callers may say"
        hint="Staff, products, streets: one a line. They help the speech recognition hear them right."
      >
        <textarea
          {...form.inputProps("staffNames", { hint: true })}
          rows={4}
          value={value.staffNames}
          onChange={(event) => set("staffNames", event.target.value)}
        />
      </TextSetting>
    </SettingsSection>
  );
}

interface CallHandlingForm {
  idleRepromptSeconds: string;
  maxCallMinutes: string;
  missedCallTextBack: boolean;
  recordCalls: boolean;
  retentionDays: string;
}

function callHandlingOf(settings: BusinessSettingsFieldsFragment): CallHandlingForm {
  return {
    idleRepromptSeconds: String(settings.idleRepromptSeconds),
    maxCallMinutes: String(settings.maxCallMinutes),
    missedCallTextBack: settings.missedCallTextBack,
    recordCalls: settings.recordCalls,
    retentionDays:
      settings.retentionDays === null || settings.retentionDays === undefined ? "" : String(settings.retentionDays),
  };
}

/** A number box's value; blank is no number (the API says whether the setting may be empty). */
const numberOrNull = (text: string) => (text.trim() === "" ? null : Number(text));

function callHandlingInput(form: CallHandlingForm): UpdateSettingsInput {
  return {
    idleRepromptSeconds: numberOrNull(form.idleRepromptSeconds),
    maxCallMinutes: numberOrNull(form.maxCallMinutes),
    missedCallTextBack: form.missedCallTextBack,
    recordCalls: form.recordCalls,
    retentionDays: numberOrNull(form.retentionDays),
  };
}

const CALLS_TITLE = "Calls and recordings";

/** A whole number of seconds, minutes or days, kept as typed until it is saved (blank may mean none). */
function NumberSetting(props: {
  form: SettingsForm<CallHandlingForm>;
  field: keyof CallHandlingForm;
  label: string;
  hint: string;
  min: number;
  max: number;
  value: string;
  onChange(next: string): void;
}) {
  const { form, field } = props;
  return (
    <TextSetting form={form} field={field} label={props.label} hint={props.hint}>
      <input
        {...form.inputProps(field, { hint: true })}
        type="number"
        inputMode="numeric"
        min={props.min}
        max={props.max}
        value={props.value}
        onChange={(event) => props.onChange(event.target.value)}
      />
    </TextSetting>
  );
}

/** How long the secretary waits and talks, what a missed caller gets, and what is kept of calls. */
export function CallHandlingSection(props: SectionProps) {
  const form = useSettingsForm({
    section: CALLS_TITLE,
    saved: callHandlingOf(props.settings),
    toInput: callHandlingInput,
    save: props.save,
    onDirtyChange: props.onDirtyChange,
  });
  const { value, update } = form;
  const set = <K extends keyof CallHandlingForm>(key: K, next: CallHandlingForm[K]) =>
    update((current) => ({ ...current, [key]: next }));

  return (
    <SettingsSection
      title={CALLS_TITLE}
      form={form}
      fields={["idleRepromptSeconds", "maxCallMinutes", "missedCallTextBack", "recordCalls", "retentionDays"]}
      conflictAction={props.conflictAction}
    >
      <div className="settings-grid">
        <NumberSetting
          form={form}
          field="idleRepromptSeconds"
          label="Seconds of silence before “Are you still there?”"
          hint="After the secretary has spoken. 3 to 60."
          min={3}
          max={60}
          value={value.idleRepromptSeconds}
          onChange={(next) => set("idleRepromptSeconds", next)}
        />
        <NumberSetting
          form={form}
          field="maxCallMinutes"
          label="Longest call, in minutes"
          hint="A call this long is ended politely (hold music, a phone left off the hook). 1 to 240."
          min={1}
          max={240}
          value={value.maxCallMinutes}
          onChange={(next) => set("maxCallMinutes", next)}
        />
        <NumberSetting
          form={form}
          field="retentionDays"
          label="Keep calls for (days)"
          hint="Older calls are erased with everything attached: transcript, to-dos, notes. Blank: calls are kept."
          min={1}
          max={3650}
          value={value.retentionDays}
          onChange={(next) => set("retentionDays", next)}
        />
      </div>
      <Toggle
        form={form}
        field="missedCallTextBack"
        label="Text callers who hang up without a word"
        hint="“Sorry we missed you…” from your business number, once per number a day (not to hidden, blocked or unverified numbers). Needs Twilio's account SID set up."
        checked={value.missedCallTextBack}
        onChange={(checked) => set("missedCallTextBack", checked)}
      />
      <Toggle
        form={form}
        field="recordCalls"
        label="Record calls"
        hint="Both sides of each call are recorded and the greeting tells the caller so; you listen on the call's page. Deleted with the call. Needs Twilio's account SID set up."
        checked={value.recordCalls}
        onChange={(checked) => set("recordCalls", checked)}
      />
    </SettingsSection>
  );
}

function Toggle(props: {
  form: SettingsForm<unknown>;
  field: string;
  label: string;
  hint: string;
  checked: boolean;
  onChange(checked: boolean): void;
}) {
  const inputProps = props.form.inputProps(props.field, { hint: true });
  return (
    <div className="settings-toggle">
      <label className="settings-check">
        <input
          {...inputProps}
          type="checkbox"
          checked={props.checked}
          onChange={(event) => props.onChange(event.target.checked)}
        />
        {props.label}
      </label>
      <p className="hint" id={`${inputProps.id}-hint`}>
        {props.hint}
      </p>
      <FieldProblem form={props.form} field={props.field} />
    </div>
  );
}
