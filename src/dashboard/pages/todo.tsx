import { useEffect, useState } from "react";
import { useMutation, useQuery, useSubscription } from "urql";
import { Link, useLocation, useSearch } from "wouter";
import { UrgencyBadge } from "../components/badges";
import { PageTitle } from "../components/page-title";
import { QueryError } from "../components/query-error";
import { useFreshQuery } from "../connection";
import { formatCount, formatWhen } from "../format";
import { graphql } from "../generated";
import type { TodoItemFragment } from "../generated/graphql";
import "./todo.css";

const PAGE_SIZE = 25;
/** How long "Undo" stays offered after an item is marked done. */
const UNDO_FOR_MS = 10_000;

graphql(`
  fragment TodoItem on ActionItem {
    id
    description
    done
    createdAt
    call {
      id
      from
      callerName
      startedAt
      urgency
    }
  }
`);

const TodoQuery = graphql(`
  query TodoItems($first: Int, $after: String, $last: Int, $before: String) {
    actionItems(done: false, orderBy: MOST_URGENT, first: $first, after: $after, last: $last, before: $before) {
      totalCount
      edges {
        node {
          ...TodoItem
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

/**
 * An item done (or reopened) anywhere, in this tab or another, comes back on its call's update: the
 * normalized cache marks it done here too, and cache.ts reloads the list when its items changed.
 */
const TodoCallUpdates = graphql(`
  subscription TodoCallUpdates {
    callUpdated {
      id
      urgency
      actionItems {
        id
        done
      }
    }
  }
`);

const CompleteItem = graphql(`
  mutation TodoComplete($input: CompleteActionItemInput!) {
    completeActionItem(input: $input) {
      actionItem {
        id
        done
        doneAt
      }
    }
  }
`);

const ReopenItem = graphql(`
  mutation TodoReopen($input: ReopenActionItemInput!) {
    reopenActionItem(input: $input) {
      actionItem {
        id
        done
        doneAt
      }
    }
  }
`);

export function TodoPage() {
  const params = new URLSearchParams(useSearch());
  const [, navigate] = useLocation();
  const before = params.get("before");
  const after = params.get("after");
  const [result, reexecute] = useQuery({
    query: TodoQuery,
    variables: before ? { last: PAGE_SIZE, before } : { first: PAGE_SIZE, after },
  });
  useSubscription({ query: TodoCallUpdates });
  useFreshQuery(reexecute);
  const [completion, complete] = useMutation(CompleteItem);
  const [reopening, reopen] = useMutation(ReopenItem);
  const [justDone, setJustDone] = useState<TodoItemFragment | null>(null);

  // "Undo" is offered for a moment, then the note that the item is done stays without it.
  const [undoable, setUndoable] = useState(false);
  useEffect(() => {
    if (!justDone) return;
    setUndoable(true);
    const timer = setTimeout(() => setUndoable(false), UNDO_FOR_MS);
    return () => clearTimeout(timer);
  }, [justDone]);

  const items = result.data?.actionItems;
  // The list is reloaded after each change (cache.ts), and shown as it was until then: an item done
  // here, or seen done from another tab, is hidden at once.
  const [doneHere, setDoneHere] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => {
    const listed = new Set(items?.edges.map((edge) => edge.node.id));
    setDoneHere((ids) => (ids.size === 0 ? ids : new Set([...ids].filter((id) => listed.has(id)))));
  }, [items]);
  const open = items?.edges.map((edge) => edge.node).filter((item) => !item.done && !doneHere.has(item.id)) ?? [];
  const left = (items?.totalCount ?? 0) - ((items?.edges.length ?? 0) - open.length);

  const markDone = async (item: TodoItemFragment) => {
    const outcome = await complete({ input: { actionItemId: item.id } });
    if (outcome.error) return;
    setDoneHere((ids) => new Set([...ids, item.id]));
    setJustDone(item);
  };
  const undo = async () => {
    if (!justDone) return;
    const outcome = await reopen({ input: { actionItemId: justDone.id } });
    if (outcome.error) return;
    setDoneHere((ids) => new Set([...ids].filter((id) => id !== justDone.id)));
    setJustDone(null);
  };
  const page = (cursor: string, direction: "after" | "before") => navigate(`/todo?${direction}=${cursor}`);

  return (
    <>
      <PageTitle>To-do</PageTitle>
      <p className="hint">What callers are waiting for, most urgent first.</p>
      <div className="todo-status" role="status">
        {justDone && (
          <p>
            Done: “{justDone.description}”.{" "}
            {undoable && (
              <button type="button" className="quiet" onClick={undo} disabled={reopening.fetching}>
                Undo
              </button>
            )}
          </p>
        )}
      </div>
      <QueryError error={completion.error ?? reopening.error} />
      <QueryError error={result.error} />
      {items && (
        <>
          <p className="count" aria-live="polite">
            {left > 0 && `${formatCount(left, "thing")} to do`}
          </p>
          {open.length === 0 ? (
            <p className="todo-empty">Nothing to do</p>
          ) : (
            <ol className="todo-list" aria-label="Open action items">
              {open.map((item) => (
                <TodoRow key={item.id} item={item} onDone={markDone} busy={completion.fetching} />
              ))}
            </ol>
          )}
          {(items.pageInfo.hasNextPage || items.pageInfo.hasPreviousPage) && (
            <nav className="pager" aria-label="Pages of the to-do list">
              <button
                type="button"
                disabled={!items.pageInfo.hasPreviousPage || !items.pageInfo.startCursor}
                onClick={() => items.pageInfo.startCursor && page(items.pageInfo.startCursor, "before")}
              >
                ← More urgent
              </button>
              <button
                type="button"
                disabled={!items.pageInfo.hasNextPage || !items.pageInfo.endCursor}
                onClick={() => items.pageInfo.endCursor && page(items.pageInfo.endCursor, "after")}
              >
                Less urgent →
              </button>
            </nav>
          )}
        </>
      )}
      {result.fetching && !items && <p>Loading the to-do list…</p>}
    </>
  );
}

function TodoRow(props: { item: TodoItemFragment; onDone: (item: TodoItemFragment) => void; busy: boolean }) {
  const { item } = props;
  const descriptionId = `todo-${item.id}`;
  return (
    <li className="todo-item card">
      <p className="todo-description" id={descriptionId}>
        {item.description}
      </p>
      <p className="todo-call">
        <Link href={`/calls/${encodeURIComponent(item.call.id)}`}>
          {item.call.callerName ?? item.call.from}, {formatWhen(item.call.startedAt)}
        </Link>{" "}
        <UrgencyBadge urgency={item.call.urgency} />
      </p>
      <button type="button" aria-describedby={descriptionId} disabled={props.busy} onClick={() => props.onDone(item)}>
        Done
      </button>
    </li>
  );
}
