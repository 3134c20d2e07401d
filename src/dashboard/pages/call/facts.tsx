import { formatDateTime, formatDuration, formatEnum } from "../../format";
import type { CallStatus, EndReason, HandledBy } from "../../generated/graphql";

const END_REASONS: Record<EndReason, string> = {
  CALLER_HUNG_UP: "The caller hung up",
  ENDED_BY_ASSISTANT: "The secretary ended it",
  TRANSFERRED_TO_OWNER: "Put through to you",
  CONNECTION_LOST: "The connection was lost",
  NO_END_REPORTED: "No end was reported; closed at its last sign of life",
};

const HANDLED_BY: Record<HandledBy, string> = {
  CLAUDE: "Claude",
  OFFLINE: "The scripted secretary (Claude was not available)",
};

/** When, how long, how it went and ended, who answered. */
export function CallFacts({
  call,
}: {
  call: {
    startedAt: string;
    endedAt?: string | null;
    durationSeconds?: number | null;
    status: CallStatus;
    endReason?: EndReason | null;
    handledBy: HandledBy;
    from: string;
    to: string;
  };
}) {
  return (
    <section aria-labelledby="call-facts">
      <h2 id="call-facts">The call</h2>
      <dl className="facts">
        <dt>When</dt>
        <dd>{formatDateTime(call.startedAt)}</dd>
        {call.durationSeconds != null && (
          <>
            <dt>Duration</dt>
            <dd>{formatDuration(call.durationSeconds)}</dd>
          </>
        )}
        <dt>Status</dt>
        <dd>{formatEnum(call.status)}</dd>
        {call.endReason && (
          <>
            <dt>How it ended</dt>
            <dd>{END_REASONS[call.endReason]}</dd>
          </>
        )}
        {call.status !== "BLOCKED" && (
          <>
            <dt>Answered by</dt>
            <dd>{HANDLED_BY[call.handledBy]}</dd>
          </>
        )}
        <dt>From</dt>
        <dd>
          <a href={`tel:${call.from}`}>{call.from}</a>
        </dd>
        <dt>To</dt>
        <dd>{call.to}</dd>
      </dl>
    </section>
  );
}
