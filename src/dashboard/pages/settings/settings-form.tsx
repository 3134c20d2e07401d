import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from "react";
import type { CombinedError } from "urql";
import { NOTHING_SAVED, refusalOf } from "../../components/refusal";
import { formatWhen } from "../../format";
import type { BusinessSettingsFieldsFragment, UpdateSettingsInput } from "../../generated/graphql";

/** Why a change to the settings was not saved. */
export type SaveProblem =
  /** BAD_USER_INPUT: the setting the API named (`openingHours[2]`, `voice.language`) and what is wrong with it. */
  | { kind: "input"; field: string; message: string }
  /** CONFLICT: someone saved the settings since this page loaded them. */
  | { kind: "conflict"; message: string }
  | { kind: "other"; message: string };

export type SaveOutcome = { ok: true } | { ok: false; problem: SaveProblem };

/** Saves a change made on the settings this page shows (the page adds the version they were read at). */
export type SaveSettings = (input: UpdateSettingsInput) => Promise<SaveOutcome>;

/** The API's refusal, read: the setting it names, if any, and its message without the name in front. */
export function saveProblemOf(error: CombinedError): SaveProblem {
  const { code, field, message } = refusalOf(error, NOTHING_SAVED);
  if (code === "CONFLICT") return { kind: "conflict", message };
  if (field !== undefined) {
    // The message names the setting for clients that show only the message; here it stands by its input.
    const said = message.startsWith(`${field}: `) ? message.slice(field.length + 2) : message;
    return { kind: "input", field, message: said.charAt(0).toUpperCase() + said.slice(1) };
  }
  return { kind: "other", message };
}

/** Whether a setting the API named is `field` or a part of it (`transferNumbers[1].phone` is in `transferNumbers[1]`). */
function isWithin(named: string, field: string): boolean {
  return named === field || named.startsWith(`${field}.`) || named.startsWith(`${field}[`);
}

/** The id of the input for a setting: `openingHours[2].opens` → `setting-openingHours-2-opens`. */
export function settingId(field: string): string {
  return `setting-${field.replace(/[^A-Za-z0-9]+/g, "-").replace(/-$/, "")}`;
}

type Status =
  | { kind: "idle" }
  | { kind: "saving" }
  | { kind: "saved"; at: string }
  | { kind: "failed"; problem: SaveProblem };

export interface SettingsForm<F> {
  /** What the inputs show: the owner's unsaved changes, or the settings as saved. */
  value: F;
  /** Changes the form; the change stays on this page (and counts as unsaved) until saved. */
  update(change: (form: F) => F): void;
  dirty: boolean;
  status: Status;
  submit(event: FormEvent<HTMLFormElement>): void;
  /** The API's message for this setting (or a part of it), if the last save was refused for it. */
  problemFor(field: string, options?: { exact?: boolean }): string | undefined;
  /** An input's id, and its links to its hint (`${id}-hint`, when it has one) and the problem shown under it. */
  inputProps(
    field: string,
    options?: { exact?: boolean; hint?: boolean },
  ): {
    id: string;
    "aria-invalid": true | undefined;
    "aria-describedby": string | undefined;
  };
}

/**
 * One section's form over the settings: the owner's changes kept as a draft over what is saved, saved
 * together (only this section's settings), with the outcome said next to the Save button and a
 * refused setting marked at its input.
 */
export function useSettingsForm<F>(options: {
  section: string;
  saved: F;
  toInput(form: F): UpdateSettingsInput;
  save: SaveSettings;
  onDirtyChange(section: string, dirty: boolean): void;
}): SettingsForm<F> {
  const { section, saved, toInput, save, onDirtyChange } = options;
  const [draft, setDraft] = useState<F | null>(null);
  const [status, setStatus] = useState<Status>({ kind: "idle" });
  const value = draft ?? saved;
  // Compared as the API would store them: a closed day's hidden hours are no change.
  const dirty = draft !== null && JSON.stringify(toInput(draft)) !== JSON.stringify(toInput(saved));

  useEffect(() => {
    onDirtyChange(section, dirty);
  }, [section, dirty, onDirtyChange]);
  useEffect(() => () => onDirtyChange(section, false), [section, onDirtyChange]);

  const problem = status.kind === "failed" && status.problem.kind === "input" ? status.problem : undefined;
  const problemFor = (field: string, { exact = false } = {}) =>
    problem && (exact ? problem.field === field : isWithin(problem.field, field)) ? problem.message : undefined;

  return {
    value,
    dirty,
    status,
    update(change) {
      setDraft((current) => change(current ?? saved));
      setStatus((current) => (current.kind === "saved" ? { kind: "idle" } : current));
    },
    submit(event) {
      event.preventDefault();
      setStatus({ kind: "saving" });
      void save(toInput(value)).then((outcome) => {
        if (outcome.ok) {
          setDraft(null);
          setStatus({ kind: "saved", at: new Date().toISOString() });
        } else {
          setStatus({ kind: "failed", problem: outcome.problem });
        }
      });
    },
    problemFor,
    inputProps(field, options) {
      const id = settingId(field);
      const refused = problemFor(field, options) !== undefined;
      const describedBy = [options?.hint && `${id}-hint`, refused && `${id}-problem`].filter(Boolean).join(" ");
      return {
        id,
        "aria-invalid": refused || undefined,
        "aria-describedby": describedBy || undefined,
      };
    },
  };
}

/** The API's message under the input it refused (see `inputProps`). */
export function FieldProblem(props: { form: SettingsForm<unknown>; field: string; exact?: boolean }) {
  const message = props.form.problemFor(props.field, { exact: props.exact });
  if (!message) return null;
  return (
    <p id={`${settingId(props.field)}-problem`} className="error">
      {message}
    </p>
  );
}

/**
 * A section of the settings: its heading, its inputs, and a Save for them with the outcome beside it.
 * A refusal naming none of `fields` (or not a setting at all) is said here in full.
 */
export function SettingsSection<F>(props: {
  title: string;
  intro?: ReactNode;
  form: SettingsForm<F>;
  /** The settings this section's inputs show, as the API names them. */
  fields: readonly string[];
  /** What to do about a CONFLICT: reload the settings (offered with the message). */
  conflictAction: ReactNode;
  children: ReactNode;
}) {
  const { form } = props;
  const headingId = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const { status } = form;
  const problem = status.kind === "failed" ? status.problem : undefined;

  // The owner's eyes (and a screen reader's focus) go to the input the API refused.
  useEffect(() => {
    if (problem?.kind === "input") formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [problem]);

  const fieldShown = problem?.kind === "input" && props.fields.some((field) => isWithin(problem.field, field));
  return (
    <section className="settings-section" aria-labelledby={headingId}>
      <h2 id={headingId}>{props.title}</h2>
      {props.intro}
      <form ref={formRef} onSubmit={form.submit} noValidate>
        {props.children}
        <div className="settings-save">
          <button type="submit" disabled={status.kind === "saving"}>
            {status.kind === "saving" ? "Saving…" : `Save ${props.title.toLowerCase()}`}
          </button>
          <span role="status" className="settings-outcome">
            {status.kind === "saved" && `Saved ${formatWhen(status.at)}. Calls from now on use it.`}
            {status.kind !== "saved" && form.dirty && "Unsaved changes"}
          </span>
        </div>
        {problem && (
          <div className="error settings-refusal" role="alert">
            {problem.kind === "input" && fieldShown && <p>Not saved: the setting marked above needs a change.</p>}
            {problem.kind === "input" && !fieldShown && <p>Not saved: {problem.message}</p>}
            {problem.kind === "other" && <p>Not saved: {problem.message}</p>}
            {problem.kind === "conflict" && (
              <>
                <p>
                  Not saved: someone else changed the settings after this page loaded them, and saving would undo their
                  change unseen.
                </p>
                {props.conflictAction}
              </>
            )}
          </div>
        )}
      </form>
    </section>
  );
}

/** What every section of the business settings is given by the page. */
export interface SectionProps {
  settings: BusinessSettingsFieldsFragment;
  save: SaveSettings;
  onDirtyChange(section: string, dirty: boolean): void;
  conflictAction: ReactNode;
}

/** A labelled input with its hint, and the API's message when it refused the setting. */
export function TextSetting(props: {
  form: SettingsForm<unknown>;
  field: string;
  label: string;
  hint?: string;
  children: ReactNode;
}) {
  const id = settingId(props.field);
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      {props.hint && (
        <p className="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.children}
      <FieldProblem form={props.form} field={props.field} />
    </div>
  );
}
