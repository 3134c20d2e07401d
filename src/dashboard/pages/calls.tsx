import type { FormEvent } from "react";
import { useQuery, useSubscription } from "urql";
import { Link, useLocation, useSearch } from "wouter";
import { StatusBadge, UrgencyBadge } from "../components/badges";
import { Highlighted } from "../components/highlight";
import { PageTitle } from "../components/page-title";
import { QueryError } from "../components/query-error";
import { useFreshQuery } from "../connection";
import { formatCount, formatEnum, formatWhen } from "../format";
import { graphql } from "../generated";
import type { CallFilter, CallListItemFragment, CallStatus, Urgency } from "../generated/graphql";

const PAGE_SIZE = 25;

graphql(`
  fragment CallListItem on Call {
    id
    from
    callerName
    startedAt
    status
    urgency
    intent
    summary
    afterHours
    spam
  }
`);

const CallsQuery = graphql(`
  query Calls($filter: CallFilter, $first: Int, $after: String, $last: Int, $before: String) {
    calls(filter: $filter, first: $first, after: $after, last: $last, before: $before) {
      totalCount
      edges {
        node {
          ...CallListItem
        }
      }
      pageInfo {
        hasNextPage
        hasPreviousPage
        startCursor
        endCursor
      }
    }
  }
`);

const SearchCallsQuery = graphql(`
  query SearchCalls($query: String!, $first: Int, $after: String) {
    searchCalls(query: $query, first: $first, after: $after) {
      edges {
        snippet
        node {
          ...CallListItem
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

/** Keeps every listed call up to date, and brings new calls in (see cache.ts). */
const CallUpdatedSubscription = graphql(`
  subscription CallListUpdates {
    callUpdated {
      ...CallListItem
    }
  }
`);

const CallDeletedSubscription = graphql(`
  subscription CallListDeletions {
    callDeleted
  }
`);

const STATUSES: CallStatus[] = [
  "RINGING",
  "IN_PROGRESS",
  "COMPLETED",
  "NO_ANSWER",
  "BUSY",
  "CANCELED",
  "FAILED",
  "BLOCKED",
];
const URGENCIES: Urgency[] = ["URGENT", "HIGH", "NORMAL", "LOW"];

/** The list's state lives in the address, so a filtered page can be bookmarked, shared and gone back to. */
function filterFrom(params: URLSearchParams): CallFilter {
  const filter: CallFilter = {};
  const status = params.get("status");
  if (status) filter.status = [status as CallStatus];
  const urgency = params.get("urgency");
  if (urgency) filter.urgency = [urgency as Urgency];
  const intent = params.get("intent");
  if (intent) filter.intent = intent;
  const phone = params.get("phone");
  if (phone) filter.phone = phone;
  // Dates are the owner's days: from the start of `since` to the end of `until`, in local time.
  const since = params.get("since");
  if (since) filter.since = new Date(`${since}T00:00`).toISOString();
  const until = params.get("until");
  if (until) filter.until = new Date(new Date(`${until}T00:00`).getTime() + 86_400_000).toISOString();
  const afterHours = params.get("afterHours");
  if (afterHours) filter.afterHours = afterHours === "yes";
  const spam = params.get("spam");
  if (spam) filter.spam = spam === "yes";
  return filter;
}

export function CallsPage() {
  const params = new URLSearchParams(useSearch());
  const [, navigate] = useLocation();
  const search = params.get("q")?.trim() ?? "";
  useSubscription({ query: CallUpdatedSubscription });
  useSubscription({ query: CallDeletedSubscription });

  const go = (next: URLSearchParams) => navigate(`/calls${next.size > 0 ? `?${next}` : ""}`);
  const submitSearch = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const query = new FormData(event.currentTarget).get("q");
    go(new URLSearchParams(typeof query === "string" && query.trim() ? { q: query.trim() } : {}));
  };

  return (
    <>
      <PageTitle>Calls</PageTitle>
      <search>
        <form className="search" onSubmit={submitSearch}>
          <label htmlFor="call-search">Search calls</label>
          <div className="row">
            <input
              id="call-search"
              name="q"
              type="search"
              defaultValue={search}
              key={search}
              placeholder="Words said, a name, a number"
            />
            <button type="submit">Search</button>
          </div>
        </form>
      </search>
      {search ? <SearchResults query={search} /> : <CallList params={params} go={go} />}
    </>
  );
}

function CallList({ params, go }: { params: URLSearchParams; go: (next: URLSearchParams) => void }) {
  const before = params.get("before");
  const after = params.get("after");
  const [result, reexecute] = useQuery({
    query: CallsQuery,
    variables: {
      filter: filterFrom(params),
      ...(before ? { last: PAGE_SIZE, before } : { first: PAGE_SIZE, after }),
    },
  });
  useFreshQuery(reexecute);
  const calls = result.data?.calls;

  const applyFilters = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const [name, value] of new FormData(event.currentTarget)) {
      if (typeof value === "string" && value.trim()) next.set(name, value.trim());
    }
    go(next);
  };
  const page = (cursor: { after: string } | { before: string }) => {
    const next = new URLSearchParams(params);
    next.delete("after");
    next.delete("before");
    for (const [name, value] of Object.entries(cursor)) next.set(name, value);
    go(next);
  };
  const filtered = [...params.keys()].some((name) => name !== "after" && name !== "before");

  return (
    <>
      <details className="filters" open={filtered}>
        <summary>Filters{filtered ? " (on)" : ""}</summary>
        <form onSubmit={applyFilters} key={params.toString()}>
          <Choice name="status" label="Status" value={params.get("status")} options={STATUSES} />
          <Choice name="urgency" label="Urgency" value={params.get("urgency")} options={URGENCIES} />
          <Field name="intent" label="Intent" value={params.get("intent")} placeholder="e.g. booking" />
          <Field name="phone" label="Phone number" value={params.get("phone")} type="tel" />
          <Field name="since" label="From" value={params.get("since")} type="date" />
          <Field name="until" label="To" value={params.get("until")} type="date" />
          <YesNo name="afterHours" label="After hours" value={params.get("afterHours")} />
          <YesNo name="spam" label="Spam" value={params.get("spam")} />
          <div className="row">
            <button type="submit">Apply filters</button>
            {filtered && (
              <button type="button" className="quiet" onClick={() => go(new URLSearchParams())}>
                Clear
              </button>
            )}
          </div>
        </form>
      </details>
      <QueryError error={result.error} />
      {calls && (
        <>
          <p className="count" aria-live="polite">
            {formatCount(calls.totalCount, "call")}
          </p>
          <CallRows calls={calls.edges.map((edge) => ({ call: edge.node }))} />
          <nav className="pager" aria-label="Pages of calls">
            <button
              type="button"
              disabled={!calls.pageInfo.hasPreviousPage || !calls.pageInfo.startCursor}
              onClick={() => calls.pageInfo.startCursor && page({ before: calls.pageInfo.startCursor })}
            >
              ← Newer
            </button>
            <button
              type="button"
              disabled={!calls.pageInfo.hasNextPage || !calls.pageInfo.endCursor}
              onClick={() => calls.pageInfo.endCursor && page({ after: calls.pageInfo.endCursor })}
            >
              Older →
            </button>
          </nav>
        </>
      )}
      {result.fetching && !calls && <p>Loading calls…</p>}
    </>
  );
}

function SearchResults({ query }: { query: string }) {
  const [result] = useQuery({ query: SearchCallsQuery, variables: { query, first: PAGE_SIZE } });
  const edges = result.data?.searchCalls.edges;
  return (
    <>
      <QueryError error={result.error} />
      {edges && (
        <>
          <p className="count" aria-live="polite">
            {edges.length === 0
              ? `No calls match “${query}”.`
              : `${formatCount(edges.length, "call")}${result.data?.searchCalls.pageInfo.hasNextPage ? "+" : ""} matching “${query}”, best first`}
          </p>
          <CallRows calls={edges.map((edge) => ({ call: edge.node, snippet: edge.snippet }))} />
        </>
      )}
      {result.fetching && !edges && <p>Searching…</p>}
    </>
  );
}

function CallRows({ calls }: { calls: { call: CallListItemFragment; snippet?: string | null }[] }) {
  if (calls.length === 0) return <p>No calls.</p>;
  return (
    <ol className="call-list">
      {calls.map(({ call, snippet }) => (
        <li key={call.id}>
          <Link href={`/calls/${encodeURIComponent(call.id)}`} className="call-row">
            <span className="who">{call.callerName ?? call.from}</span>
            <span className="when">{formatWhen(call.startedAt)}</span>
            <span className="badges">
              <StatusBadge status={call.status} />
              <UrgencyBadge urgency={call.urgency} />
              {call.afterHours && <span className="badge">After hours</span>}
              {call.spam && <span className="badge spam">Spam</span>}
            </span>
            {call.intent && <span className="intent">{formatEnum(call.intent)}</span>}
            {snippet ? (
              <span className="summary">
                <Highlighted snippet={snippet} />
              </span>
            ) : (
              call.summary && <span className="summary">{call.summary}</span>
            )}
          </Link>
        </li>
      ))}
    </ol>
  );
}

function Field(props: { name: string; label: string; value: string | null; type?: string; placeholder?: string }) {
  const id = `filter-${props.name}`;
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        type={props.type ?? "text"}
        defaultValue={props.value ?? ""}
        placeholder={props.placeholder}
      />
    </div>
  );
}

/** A filter's choice: "Any", or one of the options (enums shown as words unless `words` names them). */
function Choice(props: {
  name: string;
  label: string;
  value: string | null;
  options: readonly string[];
  words?(option: string): string;
}) {
  const id = `filter-${props.name}`;
  const words = props.words ?? formatEnum;
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <select id={id} name={props.name} defaultValue={props.value ?? ""}>
        <option value="">Any</option>
        {props.options.map((option) => (
          <option key={option} value={option}>
            {words(option)}
          </option>
        ))}
      </select>
    </div>
  );
}

const YES_NO = ["yes", "no"] as const;
const yesNoWords = (option: string) => (option === "yes" ? "Only these" : "Leave out");

function YesNo(props: { name: string; label: string; value: string | null }) {
  return <Choice {...props} options={YES_NO} words={yesNoWords} />;
}
