import type { BusinessSettingsFieldsFragment, TransferPolicy, UpdateSettingsInput } from "../../generated/graphql";
import {
  FieldProblem,
  type SectionProps,
  SettingsSection,
  settingId,
  TextSetting,
  useSettingsForm,
} from "./settings-form";

interface DetailsForm {
  businessName: string;
  ownerName: string;
  ownerPhone: string;
  transferWhen: TransferPolicy;
  transferNumbers: { name: string; phone: string }[];
  instructions: string;
  timeZone: string;
}

const TRANSFER_POLICIES: { value: TransferPolicy; label: string }[] = [
  { value: "ALWAYS", label: "Whenever the caller asks for you" },
  { value: "OPEN_HOURS", label: "While the office is open (emergencies at any time)" },
  { value: "NEVER", label: "Only emergencies" },
];
// Each one rings while the caller waits (the API takes at most five).
const MAX_TRANSFER_NUMBERS = 5;

const TITLE = "Business details";

function detailsOf(settings: BusinessSettingsFieldsFragment): DetailsForm {
  return {
    businessName: settings.businessName,
    ownerName: settings.ownerName,
    ownerPhone: settings.ownerPhone ?? "",
    transferWhen: settings.transferWhen,
    transferNumbers: settings.transferNumbers.map(({ name, phone }) => ({ name, phone })),
    instructions: settings.instructions ?? "",
    timeZone: settings.timeZone,
  };
}

function detailsInput(form: DetailsForm): UpdateSettingsInput {
  return {
    businessName: form.businessName,
    ownerName: form.ownerName,
    // Blank: no number, so nobody is put through.
    ownerPhone: form.ownerPhone.trim() || null,
    transferWhen: form.transferWhen,
    transferNumbers: form.transferNumbers,
    instructions: form.instructions,
    timeZone: form.timeZone,
  };
}

// The zones this browser knows, offered as the owner types; the API has the last word.
const TIME_ZONES = Intl.supportedValuesOf("timeZone");

/** The business and its owner: names, where transfers ring and when, and what the secretary is told. */
export function BusinessDetailsSection(props: SectionProps) {
  const form = useSettingsForm({
    section: TITLE,
    saved: detailsOf(props.settings),
    toInput: detailsInput,
    save: props.save,
    onDirtyChange: props.onDirtyChange,
  });
  const { value, update } = form;
  const set = <K extends keyof DetailsForm>(key: K, next: DetailsForm[K]) =>
    update((current) => ({ ...current, [key]: next }));
  const setNumber = (index: number, change: Partial<{ name: string; phone: string }>) =>
    set(
      "transferNumbers",
      value.transferNumbers.map((entry, at) => (at === index ? { ...entry, ...change } : entry)),
    );

  return (
    <SettingsSection
      title={TITLE}
      form={form}
      fields={[
        "businessName",
        "ownerName",
        "ownerPhone",
        "transferWhen",
        "transferNumbers",
        "instructions",
        "timeZone",
      ]}
      conflictAction={props.conflictAction}
    >
      <div className="settings-grid">
        <TextSetting form={form} field="businessName" label="Business name" hint="Said in the greeting of every call.">
          <input
            {...form.inputProps("businessName", { hint: true })}
            value={value.businessName}
            onChange={(event) => set("businessName", event.target.value)}
            autoComplete="organization"
          />
        </TextSetting>
        <TextSetting form={form} field="ownerName" label="Your name" hint="Who callers ask for, and are told about.">
          <input
            {...form.inputProps("ownerName", { hint: true })}
            value={value.ownerName}
            onChange={(event) => set("ownerName", event.target.value)}
            autoComplete="name"
          />
        </TextSetting>
        <TextSetting
          form={form}
          field="ownerPhone"
          label="Your phone number"
          hint="Where transfers ring, in international form (+15551234567). Blank: callers are never put through."
        >
          <input
            {...form.inputProps("ownerPhone", { hint: true })}
            type="tel"
            value={value.ownerPhone}
            onChange={(event) => set("ownerPhone", event.target.value)}
            autoComplete="tel"
          />
        </TextSetting>
        <TextSetting
          form={form}
          field="timeZone"
          label="Time zone"
          hint='Your opening hours and closed dates are in it, e.g. "America/New_York".'
        >
          <input
            {...form.inputProps("timeZone", { hint: true })}
            value={value.timeZone}
            onChange={(event) => set("timeZone", event.target.value)}
            list="time-zones"
            autoComplete="off"
          />
        </TextSetting>
        <datalist id="time-zones">
          {TIME_ZONES.map((zone) => (
            <option key={zone} value={zone} />
          ))}
        </datalist>
      </div>

      <fieldset className="settings-choice" aria-describedby="transfer-when-hint">
        <legend>When may the secretary put a caller through to you?</legend>
        <p id="transfer-when-hint" className="hint">
          Whatever you choose, a caller with an emergency may be put through when you have a phone number.
        </p>
        {TRANSFER_POLICIES.map((policy) => (
          <label key={policy.value} className="settings-check">
            <input
              type="radio"
              name="transferWhen"
              value={policy.value}
              checked={value.transferWhen === policy.value}
              onChange={() => set("transferWhen", policy.value)}
            />
            {policy.label}
          </label>
        ))}
        <FieldProblem form={form} field="transferWhen" />
      </fieldset>

      <fieldset className="settings-list" aria-describedby="transfer-numbers-hint">
        <legend>Who else a transfer rings</legend>
        <p id="transfer-numbers-hint" className="hint">
          In this order, after your phone: each hears a briefing and takes the call by pressing 1. When nobody does, the
          caller comes back to the secretary, who takes a message. At most {MAX_TRANSFER_NUMBERS}.
        </p>
        <FieldProblem form={form} field="transferNumbers" exact />
        {value.transferNumbers.length > 0 && (
          <ol>
            {value.transferNumbers.map((entry, index) => (
              // The list is edited in place: a row is where it stands.
              // biome-ignore lint/suspicious/noArrayIndexKey: the entries have no identity of their own
              <li key={index} className="settings-row">
                <div className="field">
                  <label htmlFor={settingId(`transferNumbers[${index}].name`)}>Name</label>
                  <input
                    {...form.inputProps(`transferNumbers[${index}].name`)}
                    value={entry.name}
                    onChange={(event) => setNumber(index, { name: event.target.value })}
                  />
                  <FieldProblem form={form} field={`transferNumbers[${index}].name`} />
                </div>
                <div className="field">
                  <label htmlFor={settingId(`transferNumbers[${index}].phone`)}>Phone</label>
                  <input
                    {...form.inputProps(`transferNumbers[${index}].phone`)}
                    type="tel"
                    value={entry.phone}
                    onChange={(event) => setNumber(index, { phone: event.target.value })}
                  />
                  <FieldProblem form={form} field={`transferNumbers[${index}].phone`} />
                </div>
                <button
                  type="button"
                  className="quiet"
                  aria-label={`Remove ${entry.name || `number ${index + 1}`} from transfers`}
                  onClick={() =>
                    set(
                      "transferNumbers",
                      value.transferNumbers.filter((_, at) => at !== index),
                    )
                  }
                >
                  Remove
                </button>
              </li>
            ))}
          </ol>
        )}
        <button
          type="button"
          className="quiet"
          disabled={value.transferNumbers.length >= MAX_TRANSFER_NUMBERS}
          onClick={() => set("transferNumbers", [...value.transferNumbers, { name: "", phone: "" }])}
        >
          Add a number
        </button>
      </fieldset>

      <TextSetting
        form={form}
        field="instructions"
        label="Your instructions to the secretary"
        hint="Added to every call, e.g. “We don't do gas boilers; suggest Smith & Sons.” Blank: none."
      >
        <textarea
          {...form.inputProps("instructions", { hint: true })}
          rows={5}
          value={value.instructions}
          onChange={(event) => set("instructions", event.target.value)}
        />
      </TextSetting>
    </SettingsSection>
  );
}
