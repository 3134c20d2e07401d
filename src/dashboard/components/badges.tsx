import { formatEnum } from "../format";
import type { CallStatus, Urgency } from "../generated/graphql";

/** A call's status; colour only repeats what the words say (never the only cue). */
export function StatusBadge({ status }: { status: CallStatus }) {
  return <span className={`badge status-${status.toLowerCase()}`}>{formatEnum(status)}</span>;
}

export function UrgencyBadge({ urgency }: { urgency: Urgency | null | undefined }) {
  if (!urgency) return null;
  return <span className={`badge urgency-${urgency.toLowerCase()}`}>{formatEnum(urgency)}</span>;
}
