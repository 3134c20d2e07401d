import { useCallback, useEffect, useState } from "react";
import { useClient, useMutation, useQuery } from "urql";
import { QueryError } from "../../components/query-error";
import { UnsavedChangesGuard } from "../../components/unsaved-changes";
import { useFreshQuery } from "../../connection";
import { formatWhen } from "../../format";
import { graphql } from "../../generated";
import type { BusinessSettingsFieldsFragment, UpdateSettingsInput } from "../../generated/graphql";
import { BusinessDetailsSection } from "./business-details";
import { SettingsHistory } from "./business-history";
import { ClosedDatesSection, OpeningHoursSection } from "./business-hours";
import { CallHandlingSection, VoiceSection } from "./business-voice";
import { type SaveSettings, saveProblemOf } from "./settings-form";
import "./business.css";

graphql(`
  fragment BusinessSettingsFields on Settings {
    version
    businessName
    ownerName
    ownerPhone
    transferWhen
    transferNumbers {
      name
      phone
    }
    instructions
    timeZone
    openingHours {
      day
      opens
      closes
    }
    closedDates {
      date
      note
    }
    staffNames
    voice {
      language
      otherLanguages
      ttsProvider
      voice
      transcriptionProvider
      speechModel
    }
    idleRepromptSeconds
    maxCallMinutes
    missedCallTextBack
    recordCalls
    retentionDays
    currently {
      open
      closesAt
      opensAt
      localTime
      spoken
    }
  }
`);

const BusinessSettingsQuery = graphql(`
  query BusinessSettings {
    settings {
      ...BusinessSettingsFields
    }
  }
`);

const UpdateBusinessSettingsMutation = graphql(`
  mutation UpdateBusinessSettings($input: UpdateSettingsInput!) {
    updateSettings(input: $input) {
      settings {
        ...BusinessSettingsFields
      }
    }
  }
`);

// Whether the office is open changes with the clock, not only with the settings.
const OPEN_NOW_REFRESH_MS = 60_000;

/**
 * The business, its hours and the secretary's voice, each section saved on its own. Every save says
 * which version of the settings it was made on, so that a change someone else saved meanwhile is
 * never undone unseen: the API refuses it (CONFLICT) and the owner is offered the settings as saved.
 */
export function BusinessSettings() {
  const client = useClient();
  const [result, reexecute] = useQuery({ query: BusinessSettingsQuery });
  const [, updateSettings] = useMutation(UpdateBusinessSettingsMutation);
  const settings = result.data?.settings;
  // The version the owner's edits were made on: the one loaded, or made by their own last save.
  const [baseVersion, setBaseVersion] = useState<number>();
  // Bumped to throw every draft away, after the owner reloads the settings.
  const [generation, setGeneration] = useState(0);
  const [unsaved, setUnsaved] = useState<readonly string[]>([]);
  const [reloaded, setReloaded] = useState(false);
  const [historyChanged, setHistoryChanged] = useState(0);

  const onDirtyChange = useCallback((section: string, dirty: boolean) => {
    setUnsaved((current) => {
      if (dirty === current.includes(section)) return current;
      return dirty ? [...current, section] : current.filter((name) => name !== section);
    });
  }, []);

  // With nothing being edited, settings loaded again (after a reconnect) are simply the ones edited next.
  useEffect(() => {
    if (settings && (baseVersion === undefined || unsaved.length === 0)) setBaseVersion(settings.version);
  }, [settings, baseVersion, unsaved]);

  useFreshQuery(reexecute);
  useEffect(() => {
    const timer = setInterval(() => reexecute({ requestPolicy: "network-only" }), OPEN_NOW_REFRESH_MS);
    return () => clearInterval(timer);
  }, [reexecute]);

  const save: SaveSettings = useCallback(
    async (input: UpdateSettingsInput) => {
      const saved = await updateSettings({ input: { ...input, expectedVersion: baseVersion } });
      if (saved.data) {
        setBaseVersion(saved.data.updateSettings.settings.version);
        setReloaded(false);
        setHistoryChanged((count) => count + 1);
        return { ok: true };
      }
      return {
        ok: false,
        problem: saved.error
          ? saveProblemOf(saved.error)
          : { kind: "other", message: "The secretary did not answer. Try again." },
      };
    },
    [updateSettings, baseVersion],
  );

  const reload = useCallback(async () => {
    const fresh = await client.query(BusinessSettingsQuery, {}, { requestPolicy: "network-only" }).toPromise();
    if (!fresh.data) return;
    setBaseVersion(fresh.data.settings.version);
    setUnsaved([]);
    setGeneration((count) => count + 1);
    setReloaded(true);
    setHistoryChanged((count) => count + 1);
  }, [client]);

  if (!settings) {
    return (
      <>
        <QueryError error={result.error} />
        {result.fetching && <p>Loading the settings…</p>}
      </>
    );
  }

  const conflictAction = (
    <p>
      <button type="button" onClick={() => void reload()}>
        Reload the settings
      </button>{" "}
      to see them as saved now (the history below says who changed what). Your unsaved changes on this page are
      replaced; note them first if you need them.
    </p>
  );
  const sectionProps = { settings, save, onDirtyChange, conflictAction };
  return (
    <div className="business-settings">
      <UnsavedChangesGuard unsaved={unsaved} />
      <OpenNow settings={settings} />
      {reloaded && (
        <p role="status" className="settings-reloaded">
          Reloaded: the page shows the settings as saved now.
        </p>
      )}
      <QueryError error={result.error} />
      <div key={generation}>
        <BusinessDetailsSection {...sectionProps} />
        <OpeningHoursSection {...sectionProps} />
        <ClosedDatesSection {...sectionProps} />
        <VoiceSection {...sectionProps} />
        <CallHandlingSection {...sectionProps} />
      </div>
      <SettingsHistory changed={historyChanged} />
    </div>
  );
}

/** Whether a caller ringing now reaches an open office, as the secretary would tell them. */
function OpenNow({ settings }: { settings: BusinessSettingsFieldsFragment }) {
  const { open, closesAt, opensAt, spoken } = settings.currently;
  const until = open ? closesAt && `until ${formatWhen(closesAt)}` : opensAt && `opens ${formatWhen(opensAt)}`;
  return (
    <div className="open-now" aria-live="polite">
      <p>
        <span className={`badge ${open ? "badge-open" : "badge-closed"}`}>{open ? "Open now" : "Closed now"}</span>{" "}
        {until}
      </p>
      <p className="hint">What the secretary would tell a caller now: “{spoken}”</p>
    </div>
  );
}
