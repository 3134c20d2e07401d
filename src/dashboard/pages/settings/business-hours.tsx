import { useState } from "react";
import { formatEnum } from "../../format";
import type { BusinessSettingsFieldsFragment, DayOfWeek, UpdateSettingsInput } from "../../generated/graphql";
import { FieldProblem, type SectionProps, SettingsSection, settingId, useSettingsForm } from "./settings-form";

const WEEK: DayOfWeek[] = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"];

interface Range {
  opens: string;
  closes: string;
}
/** A day's hours; a closed day keeps the hours it had, should the owner tick it open again before saving. */
type HoursForm = Record<DayOfWeek, { open: boolean; ranges: Range[] }>;

// A time input cannot say "24:00": closing at midnight is shown, and chosen, as 00:00.
const MIDNIGHT_CLOSE = "24:00";
const MIDNIGHT = "00:00";
const FIRST_RANGE: Range = { opens: "09:00", closes: "17:00" };

function hoursOf(settings: BusinessSettingsFieldsFragment): HoursForm {
  const form = Object.fromEntries(WEEK.map((day) => [day, { open: false, ranges: [] }])) as unknown as HoursForm;
  for (const { day, opens, closes } of settings.openingHours) {
    form[day].open = true;
    form[day].ranges.push({ opens, closes: closes === MIDNIGHT_CLOSE ? MIDNIGHT : closes });
  }
  return form;
}

/** The hours as the API takes them, in the week's order: the index of each is how the API names it when refusing it. */
function hoursList(form: HoursForm): { day: DayOfWeek; range: number; opens: string; closes: string }[] {
  return WEEK.flatMap((day) =>
    form[day].open
      ? form[day].ranges.map((range, index) => ({
          day,
          range: index,
          opens: range.opens,
          closes: range.closes === MIDNIGHT ? MIDNIGHT_CLOSE : range.closes,
        }))
      : [],
  );
}

function hoursInput(form: HoursForm): UpdateSettingsInput {
  return { openingHours: hoursList(form).map(({ day, opens, closes }) => ({ day, opens, closes })) };
}

/** A second range starts an hour after the last one closes: a lunch break is the usual reason for one. */
function nextRange(ranges: Range[]): Range {
  const last = ranges.at(-1);
  if (!last) return FIRST_RANGE;
  const [hours = 0, minutes = 0] = last.closes.split(":").map(Number);
  const opens = Math.min(hours + 1, 23);
  const closes = Math.min(opens + 4, 24);
  const pad = (hour: number) => `${String(hour % 24).padStart(2, "0")}:${String(minutes).padStart(2, "0")}`;
  return { opens: pad(opens), closes: closes === 24 ? MIDNIGHT : pad(closes) };
}

const HOURS_TITLE = "Opening hours";

/** When the office is open, day by day, in the business's time zone. */
export function OpeningHoursSection(props: SectionProps) {
  const form = useSettingsForm({
    section: HOURS_TITLE,
    saved: hoursOf(props.settings),
    toInput: hoursInput,
    save: props.save,
    onDirtyChange: props.onDirtyChange,
  });
  const { value, update } = form;
  const setDay = (day: DayOfWeek, change: (hours: HoursForm[DayOfWeek]) => HoursForm[DayOfWeek]) =>
    update((current) => ({ ...current, [day]: change(current[day]) }));
  const setRange = (day: DayOfWeek, index: number, change: Partial<Range>) =>
    setDay(day, (hours) => ({
      ...hours,
      ranges: hours.ranges.map((range, at) => (at === index ? { ...range, ...change } : range)),
    }));
  // Where the API's name for an entry (`openingHours[3]`) points on the page.
  const listed = hoursList(value);
  const apiIndex = (day: DayOfWeek, range: number) =>
    listed.findIndex((entry) => entry.day === day && entry.range === range);

  return (
    <SettingsSection
      title={HOURS_TITLE}
      intro={
        <p className="hint">
          In your time zone ({props.settings.timeZone}). Outside them the secretary tells callers you are closed and
          when you open. No hours at all: it says it cannot tell the hours. To close at midnight, choose 00:00.
        </p>
      }
      form={form}
      fields={["openingHours"]}
      conflictAction={props.conflictAction}
    >
      <FieldProblem form={form} field="openingHours" exact />
      <div className="opening-hours">
        {WEEK.map((day) => {
          const hours = value[day];
          const name = formatEnum(day);
          return (
            <fieldset key={day} className="opening-day">
              <legend>{name}</legend>
              <label className="settings-check">
                <input
                  type="checkbox"
                  checked={hours.open}
                  onChange={(event) => {
                    const open = event.target.checked;
                    setDay(day, (current) => ({
                      open,
                      ranges: open && current.ranges.length === 0 ? [FIRST_RANGE] : current.ranges,
                    }));
                  }}
                />
                Open on {name}
              </label>
              {!hours.open && <p className="hint">Closed all day</p>}
              {hours.open &&
                hours.ranges.map((range, index) => {
                  const field = `openingHours[${apiIndex(day, index)}]`;
                  return (
                    // biome-ignore lint/suspicious/noArrayIndexKey: a day's ranges have no identity of their own
                    <div key={index} className="opening-range">
                      <div className="field">
                        <label htmlFor={settingId(`${field}.opens`)}>From</label>
                        <input
                          {...form.inputProps(field)}
                          id={settingId(`${field}.opens`)}
                          type="time"
                          value={range.opens}
                          onChange={(event) => setRange(day, index, { opens: event.target.value })}
                        />
                      </div>
                      <div className="field">
                        <label htmlFor={settingId(`${field}.closes`)}>To</label>
                        <input
                          {...form.inputProps(field)}
                          id={settingId(`${field}.closes`)}
                          type="time"
                          value={range.closes}
                          onChange={(event) => setRange(day, index, { closes: event.target.value })}
                        />
                      </div>
                      {hours.ranges.length > 1 && (
                        <button
                          type="button"
                          className="quiet"
                          aria-label={`Remove ${name} ${range.opens} to ${range.closes}`}
                          onClick={() =>
                            setDay(day, (current) => ({
                              ...current,
                              ranges: current.ranges.filter((_, at) => at !== index),
                            }))
                          }
                        >
                          Remove
                        </button>
                      )}
                      <FieldProblem form={form} field={field} />
                    </div>
                  );
                })}
              {hours.open && (
                <button
                  type="button"
                  className="quiet"
                  onClick={() =>
                    setDay(day, (current) => ({ ...current, ranges: [...current.ranges, nextRange(current.ranges)] }))
                  }
                >
                  Add hours on {name}
                </button>
              )}
            </fieldset>
          );
        })}
      </div>
    </SettingsSection>
  );
}

interface ClosedDatesForm {
  dates: { date: string; note: string }[];
}

function closedDatesOf(settings: BusinessSettingsFieldsFragment): ClosedDatesForm {
  return { dates: settings.closedDates.map(({ date, note }) => ({ date, note: note ?? "" })) };
}

function closedDatesInput(form: ClosedDatesForm): UpdateSettingsInput {
  return { closedDates: form.dates.map(({ date, note }) => ({ date, note: note.trim() || null })) };
}

const longDate = new Intl.DateTimeFormat(undefined, { dateStyle: "full" });
/** "2026-12-25" → "Friday, 25 December 2026", in the browser's language; as written if it is no date. */
function formatLocalDate(date: string): string {
  const at = new Date(`${date}T00:00`);
  return Number.isNaN(at.getTime()) ? date : longDate.format(at);
}

const CLOSED_TITLE = "Closed dates";

/** Holidays and days off: the office is closed whatever its hours say. */
export function ClosedDatesSection(props: SectionProps) {
  const form = useSettingsForm({
    section: CLOSED_TITLE,
    saved: closedDatesOf(props.settings),
    toInput: closedDatesInput,
    save: props.save,
    onDirtyChange: props.onDirtyChange,
  });
  const [date, setDate] = useState("");
  const [note, setNote] = useState("");
  const [missingDate, setMissingDate] = useState(false);
  const { dates } = form.value;

  const add = () => {
    if (!date) {
      setMissingDate(true);
      return;
    }
    form.update((current) => ({
      dates: [...current.dates, { date, note }].toSorted((a, b) => a.date.localeCompare(b.date)),
    }));
    setDate("");
    setNote("");
    setMissingDate(false);
  };

  return (
    <SettingsSection
      title={CLOSED_TITLE}
      intro={
        <p className="hint">
          Holidays and days off: the secretary tells callers you are closed that day, whatever your hours say, and gives
          the note as the reason.
        </p>
      }
      form={form}
      fields={["closedDates"]}
      conflictAction={props.conflictAction}
    >
      <FieldProblem form={form} field="closedDates" exact />
      {dates.length === 0 ? (
        <p>No closed dates.</p>
      ) : (
        <ul className="closed-dates">
          {dates.map((closed, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a date listed twice (refused by the API) still needs its row
            <li key={`${closed.date}-${index}`} className="settings-row">
              <span>
                <strong>{formatLocalDate(closed.date)}</strong>
                {closed.note && ` · ${closed.note}`}
              </span>
              <button
                type="button"
                className="quiet"
                aria-label={`Remove ${formatLocalDate(closed.date)}`}
                onClick={() => form.update((current) => ({ dates: current.dates.filter((_, at) => at !== index) }))}
              >
                Remove
              </button>
              <FieldProblem form={form} field={`closedDates[${index}]`} />
            </li>
          ))}
        </ul>
      )}
      <div className="closed-date-add">
        <div className="field">
          <label htmlFor="closed-date-new">Date</label>
          <input
            id="closed-date-new"
            type="date"
            value={date}
            onChange={(event) => setDate(event.target.value)}
            aria-invalid={missingDate || undefined}
            aria-describedby={missingDate ? "closed-date-new-problem" : undefined}
          />
          {missingDate && (
            <p id="closed-date-new-problem" className="error">
              Choose the date first.
            </p>
          )}
        </div>
        <div className="field">
          <label htmlFor="closed-date-new-note">Note for callers (optional)</label>
          <input
            id="closed-date-new-note"
            value={note}
            onChange={(event) => setNote(event.target.value)}
            placeholder="e.g. Christmas Day"
          />
        </div>
        <button type="button" className="quiet" onClick={add}>
          Add the date
        </button>
      </div>
    </SettingsSection>
  );
}
