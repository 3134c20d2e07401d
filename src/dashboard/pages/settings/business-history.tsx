import { useEffect, useState } from "react";
import { useQuery } from "urql";
import { QueryError } from "../../components/query-error";
import { formatEnum, formatWhen } from "../../format";
import { graphql } from "../../generated";

const SettingsHistoryQuery = graphql(`
  query BusinessSettingsHistory($first: Int) {
    settingsHistory(first: $first) {
      totalCount
      edges {
        node {
          id
          changedAt
          changedBy
          version
          changes {
            field
            before
            after
          }
        }
      }
    }
  }
`);

const SHOWN = 20;

// The API's names for the settings, in the words of the form.
const SETTING_NAMES: Record<string, string> = {
  businessName: "Business name",
  ownerName: "Your name",
  ownerPhone: "Your phone number",
  instructions: "Instructions to the secretary",
  timeZone: "Time zone",
  openingHours: "Opening hours",
  closedDates: "Closed dates",
  transferWhen: "When calls are put through",
  transferNumbers: "Who else a transfer rings",
  staffNames: "Names callers may say",
  "voice.language": "Language",
  "voice.otherLanguages": "Other languages",
  "voice.ttsProvider": "Voice provider",
  "voice.voice": "Voice",
  "voice.transcriptionProvider": "Speech recognition",
  "voice.speechModel": "Speech model",
  idleRepromptSeconds: "Seconds of silence before “Are you still there?”",
  maxCallMinutes: "Longest call",
  missedCallTextBack: "Text callers who hang up",
  recordCalls: "Record calls",
  retentionDays: "Keep calls for (days)",
};

/** One entry of a list setting, in words: an opening range, a closed date, a transfer number, a name. */
function entry(value: unknown): string {
  if (typeof value !== "object" || value === null) return String(value);
  const item = value as Record<string, unknown>;
  if (typeof item.day === "string") return `${formatEnum(item.day)} ${item.opens}–${item.closes}`;
  if (typeof item.date === "string") return item.note ? `${item.date} (${item.note})` : item.date;
  if (typeof item.phone === "string") return `${item.name} ${item.phone}`;
  return JSON.stringify(value);
}

/** A value as the history holds it (JSON text), in words: a list item by item, a switch on or off. */
function shown(value: string | null | undefined): string {
  if (value === null || value === undefined) return "(none)";
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return value;
  }
  if (parsed === null) return "(none)";
  if (typeof parsed === "boolean") return parsed ? "on" : "off";
  if (typeof parsed === "string") return parsed || "(blank)";
  if (Array.isArray(parsed)) return parsed.length === 0 ? "(none)" : parsed.map(entry).join(", ");
  return entry(parsed);
}

/**
 * Who changed which setting, when: loaded when the owner opens it, and again after each save of theirs
 * (`changed` goes up).
 */
export function SettingsHistory({ changed }: { changed: number }) {
  const [open, setOpen] = useState(false);
  const [result, reexecute] = useQuery({
    query: SettingsHistoryQuery,
    variables: { first: SHOWN },
    pause: !open,
    requestPolicy: "cache-and-network",
  });
  useEffect(() => {
    if (open && changed > 0) reexecute({ requestPolicy: "network-only" });
  }, [open, changed, reexecute]);
  const history = result.data?.settingsHistory;

  return (
    <details className="settings-history" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>History of changes</summary>
      <QueryError error={result.error} />
      {result.fetching && !history && <p>Loading the history…</p>}
      {history && history.edges.length === 0 && <p>No changes yet.</p>}
      {history && history.edges.length > 0 && (
        <ol className="settings-changes">
          {history.edges.map(({ node }) => (
            <li key={node.id}>
              <p>
                <strong>{formatWhen(node.changedAt)}</strong> <span className="hint">by {node.changedBy}</span>
              </p>
              <ul>
                {node.changes.map((change) => (
                  <li key={change.field}>
                    {SETTING_NAMES[change.field] ?? change.field}: <del>{shown(change.before)}</del> →{" "}
                    <ins>{shown(change.after)}</ins>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ol>
      )}
      {history && history.totalCount > SHOWN && (
        <p className="hint">
          The {SHOWN} latest changes of {history.totalCount}.
        </p>
      )}
    </details>
  );
}
