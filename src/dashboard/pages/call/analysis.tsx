import { useMutation } from "urql";
import { QueryError } from "../../components/query-error";
import { formatDateTime, formatEnum } from "../../format";
import { graphql } from "../../generated";
import type { AnalysisState, CallStatus, Urgency } from "../../generated/graphql";
import { isLive } from "../../live-status";

const ReanalyzeCall = graphql(`
  mutation CallPageReanalyze($input: ReanalyzeCallInput!) {
    reanalyzeCall(input: $input) {
      call {
        id
        analysisState
        analysisError
      }
    }
  }
`);

interface AnalysedCall {
  id: string;
  status: CallStatus;
  summary?: string | null;
  intent?: string | null;
  urgency?: Urgency | null;
  afterHours: boolean;
  spam: boolean;
  analysisState: AnalysisState;
  analysisError?: string | null;
  analyzedAt?: string | null;
}

/** What the post-call analysis made of the call, where it stands, and running it again. */
export function CallAnalysis({ call }: { call: AnalysedCall }) {
  const [rerun, reanalyze] = useMutation(ReanalyzeCall);
  const underWay = call.analysisState === "PENDING" || call.analysisState === "RUNNING";
  const canRerun = !isLive(call.status) && call.status !== "BLOCKED" && !underWay;
  return (
    <section aria-labelledby="call-summary">
      <h2 id="call-summary">Summary</h2>
      {call.summary ? <p className="call-summary">{call.summary}</p> : <p className="hint">No summary yet.</p>}
      <dl className="facts">
        <dt>Intent</dt>
        <dd>{call.intent ? formatEnum(call.intent) : "Not known yet"}</dd>
        <dt>Urgency</dt>
        <dd>{call.urgency ? formatEnum(call.urgency) : "Not known yet"}</dd>
        <dt>After hours</dt>
        <dd>{call.afterHours ? "Yes, the office was closed" : "No"}</dd>
        <dt>Spam</dt>
        <dd>{call.spam ? "Yes: a sales pitch, a scam or a robocall" : "No"}</dd>
      </dl>
      <div className="analysis-state">
        {/* Changes by itself as the analysis is queued, runs and lands: announced politely. */}
        <p role="status">
          <AnalysisStateText call={call} />
        </p>
        {canRerun && (
          <button
            type="button"
            className="quiet"
            disabled={rerun.fetching}
            onClick={() => reanalyze({ input: { callId: call.id } })}
          >
            Run the analysis again
          </button>
        )}
      </div>
      <QueryError error={rerun.error} />
    </section>
  );
}

function AnalysisStateText({ call }: { call: AnalysedCall }) {
  switch (call.analysisState) {
    case "NOT_STARTED":
      return call.status === "BLOCKED" ? "Blocked calls are not analysed." : "Analysed once the call is over.";
    case "PENDING":
      // A failed try waits for its retry with the reason kept.
      return call.analysisError
        ? `Waiting to be analysed again: the last try failed (${call.analysisError}).`
        : "Waiting to be analysed…";
    case "RUNNING":
      return "Being analysed now…";
    case "DONE":
      return call.analyzedAt ? `Analysed ${formatDateTime(call.analyzedAt)}.` : "Analysed.";
    case "FAILED":
      return (
        <span className="error">
          The analysis failed{call.analysisError ? `: ${call.analysisError}` : "."} It was tried several times; run it
          again once the cause is fixed.
        </span>
      );
  }
}
