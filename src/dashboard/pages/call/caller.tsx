import { useMutation } from "urql";
import { Link } from "wouter";
import { QueryError } from "../../components/query-error";
import { formatCount, formatEnum, formatWhen } from "../../format";
import { graphql } from "../../generated";
import type { CallPageCallerFragment, CallPageCallerRuleFragment } from "../../generated/graphql";

// The five most recent besides this one: enough to see a pattern; the rest are a filter on Calls.
const OTHER_CALLS_SHOWN = 5;

graphql(`
  fragment CallPageCaller on Caller {
    id
    name
    phone
    callCount
    calls(first: 6) {
      edges {
        node {
          id
          startedAt
          status
          intent
        }
      }
    }
  }
`);

graphql(`
  fragment CallPageCallerRule on CallerRule {
    id
    kind
    note
    phone
  }
`);

const BlockCaller = graphql(`
  mutation CallPageBlockCaller($input: SetCallerRuleInput!) {
    setCallerRule(input: $input) {
      callerRule {
        ...CallPageCallerRule
      }
    }
  }
`);

const UnblockCaller = graphql(`
  mutation CallPageUnblockCaller($input: RemoveCallerRuleInput!) {
    removeCallerRule(input: $input) {
      removedCallerRuleId
    }
  }
`);

/** Who called, their other calls, and the owner's rule for their number (block, unblock). */
export function CallerDetails(props: {
  callId: string;
  from: string;
  caller: CallPageCallerFragment | null | undefined;
  rule: CallPageCallerRuleFragment | null | undefined;
  /** Loads the call again: its `callerRule` is the rule for its number as it stands now. */
  reload(): void;
}) {
  const { callId, from, caller, rule, reload } = props;
  const [blocking, block] = useMutation(BlockCaller);
  const [unblocking, unblock] = useMutation(UnblockCaller);
  const others = (caller?.calls.edges ?? [])
    .map((edge) => edge.node)
    .filter((call) => call.id !== callId)
    .slice(0, OTHER_CALLS_SHOWN);
  const otherCount = Math.max(0, (caller?.callCount ?? 1) - 1);
  const blocked = rule?.kind === "BLOCK";

  return (
    <section aria-labelledby="call-caller">
      <h2 id="call-caller">Caller</h2>
      <p>
        {caller?.name && (
          <>
            <strong>{caller.name}</strong>
            <br />
          </>
        )}
        <a href={`tel:${from}`}>{from}</a>
      </p>
      {otherCount > 0 ? (
        <>
          <p>{`${formatCount(otherCount, "other call")} from this number:`}</p>
          <ul className="other-calls">
            {others.map((call) => (
              <li key={call.id}>
                <Link href={`/calls/${encodeURIComponent(call.id)}`}>
                  {formatWhen(call.startedAt)}
                  {call.intent ? `: ${formatEnum(call.intent)}` : ` (${formatEnum(call.status)})`}
                </Link>
              </li>
            ))}
          </ul>
          {otherCount > others.length && (
            <p>
              <Link href={`/calls?${new URLSearchParams({ phone: from })}`}>All calls from this number</Link>
            </p>
          )}
        </>
      ) : (
        <p className="hint">No other calls from this number.</p>
      )}

      <div className="caller-rule">
        {/* One button that changes its words, so the owner's focus stays on it. */}
        <p role="status">
          {blocked && (
            <>
              <strong>Blocked.</strong> Calls from this number are rejected unanswered, with a busy signal, and listed
              as Blocked.
            </>
          )}
          {rule?.kind === "VIP" && (
            <>
              <strong>VIP.</strong> Your phone rings first when this number calls; blocking replaces that.
            </>
          )}
        </p>
        {!blocked && (
          <p className="hint" id="block-explained">
            Blocking rejects their calls unanswered, with a busy signal: the secretary never speaks to them, and their
            calls are listed as Blocked. You can unblock the number at any time.
          </p>
        )}
        <button
          type="button"
          className="quiet"
          aria-describedby={blocked ? undefined : "block-explained"}
          disabled={blocking.fetching || unblocking.fetching}
          onClick={async () => {
            const outcome = blocked
              ? await unblock({ input: { phone: from } })
              : await block({ input: { phone: from, kind: "BLOCK" } });
            if (!outcome.error) reload();
          }}
        >
          {blocked ? "Unblock this number" : "Block this number"}
        </button>
      </div>
      <QueryError error={(blocked ? unblocking : blocking).error} />
    </section>
  );
}
