import { type FormEvent, useState } from "react";
import { useMutation, useQuery } from "urql";
import { Link } from "wouter";
import { ConfirmDialog } from "../../components/confirm-dialog";
import {
  FieldProblem,
  FormProblem,
  type InputProblem,
  problemProps,
  useInputProblem,
} from "../../components/input-problem";
import { type OnOutcome, Outcome } from "../../components/outcome";
import { QueryError } from "../../components/query-error";
import { useFreshQuery } from "../../connection";
import { formatCount, formatWhen } from "../../format";
import { graphql } from "../../generated";
import type { KnowledgeEntryItemFragment, KnowledgeGapItemFragment } from "../../generated/graphql";
import "./settings-sections.css";

/** The API keeps at most 500 entries and pages them by 100 at most: the first page, then "more". */
const PAGE_SIZE = 100;

graphql(`
  fragment KnowledgeEntryItem on KnowledgeEntry {
    id
    title
    content
    updatedAt
  }
`);

graphql(`
  fragment KnowledgeGapItem on KnowledgeGap {
    id
    question
    timesAsked
    firstAskedAt
    lastAskedAt
    callerPhone
    call {
      id
    }
  }
`);

const KnowledgeEntriesQuery = graphql(`
  query KnowledgeSettingsEntries($search: String, $first: Int, $after: String) {
    knowledgeEntries(search: $search, first: $first, after: $after) {
      totalCount
      edges {
        node {
          ...KnowledgeEntryItem
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const OpenGapsQuery = graphql(`
  query KnowledgeSettingsOpenGaps($first: Int) {
    knowledgeGaps(open: true, first: $first) {
      totalCount
      edges {
        node {
          ...KnowledgeGapItem
        }
      }
    }
  }
`);

const CreateEntryMutation = graphql(`
  mutation KnowledgeSettingsCreateEntry($input: CreateKnowledgeEntryInput!) {
    createKnowledgeEntry(input: $input) {
      knowledgeEntry {
        ...KnowledgeEntryItem
      }
    }
  }
`);

const UpdateEntryMutation = graphql(`
  mutation KnowledgeSettingsUpdateEntry($input: UpdateKnowledgeEntryInput!) {
    updateKnowledgeEntry(input: $input) {
      knowledgeEntry {
        ...KnowledgeEntryItem
      }
    }
  }
`);

const DeleteEntryMutation = graphql(`
  mutation KnowledgeSettingsDeleteEntry($input: DeleteKnowledgeEntryInput!) {
    deleteKnowledgeEntry(input: $input) {
      deletedKnowledgeEntryId
    }
  }
`);

const AnswerGapMutation = graphql(`
  mutation KnowledgeSettingsAnswerGap($input: AnswerKnowledgeGapInput!) {
    answerKnowledgeGap(input: $input) {
      knowledgeEntry {
        ...KnowledgeEntryItem
      }
      closedGaps {
        id
        answeredAt
      }
    }
  }
`);

const ENTRY_FIELDS = ["title", "content"] as const;

/** What the secretary knows about the business, and the questions callers asked that it did not. */
export function KnowledgeSettings() {
  const [outcome, setOutcome] = useState("");
  return (
    <>
      <p className="hint">
        The secretary answers callers from these entries alone. A change reaches the calls that start after it.
      </p>
      <Outcome message={outcome} />
      <OpenGaps onOutcome={setOutcome} />
      <KnowledgeBase onOutcome={setOutcome} />
    </>
  );
}

function OpenGaps({ onOutcome }: { onOutcome: OnOutcome }) {
  const [result, reexecute] = useQuery({ query: OpenGapsQuery, variables: { first: PAGE_SIZE } });
  useFreshQuery(reexecute);
  const gaps = result.data?.knowledgeGaps;
  return (
    <section aria-labelledby="gaps-heading">
      <h2 id="gaps-heading">Questions to answer</h2>
      <p className="hint">
        Callers asked these and the secretary could not answer. Your answer becomes an entry of the knowledge base, and
        the question leaves this list.
      </p>
      <QueryError error={result.error} />
      {result.fetching && !gaps && <p>Loading questions…</p>}
      {gaps &&
        (gaps.edges.length === 0 ? (
          <p>No open questions.</p>
        ) : (
          <>
            <p className="count">{formatCount(gaps.totalCount, "open question")}</p>
            <ul className="setting-list">
              {gaps.edges.map(({ node }) => (
                <GapItem key={node.id} gap={node} onOutcome={onOutcome} />
              ))}
            </ul>
          </>
        ))}
    </section>
  );
}

function GapItem({ gap, onOutcome }: { gap: KnowledgeGapItemFragment; onOutcome: OnOutcome }) {
  const [state, answerGap] = useMutation(AnswerGapMutation);
  const { problem, settle } = useInputProblem();
  const id = `gap-${gap.id}`;
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const title = String(form.get("title") ?? "").trim();
    const result = await answerGap({
      input: { gapId: gap.id, answer: String(form.get("answer") ?? ""), ...(title && { title }) },
    });
    settle(result.error);
    const answered = result.data?.answerKnowledgeGap;
    if (answered) {
      const others = answered.closedGaps.length - 1;
      onOutcome(
        `Answered “${gap.question}”: added to the knowledge base as “${answered.knowledgeEntry.title}”` +
          (others > 0 ? `, and ${formatCount(others, "other question")} asking the same were closed.` : "."),
      );
    }
  };
  return (
    <li className="setting-item card">
      <h3 id={`${id}-question`}>{gap.question}</h3>
      <p className="hint">
        {gap.timesAsked === 1 ? "Asked once" : `Asked on ${formatCount(gap.timesAsked, "call")}`},{" "}
        {gap.timesAsked === 1 ? "" : `first ${formatWhen(gap.firstAskedAt)}, last `}
        {formatWhen(gap.lastAskedAt)}
        {gap.callerPhone && ` by ${gap.callerPhone}`}
        {gap.call && (
          <>
            {" "}
            (<Link href={`/calls/${encodeURIComponent(gap.call.id)}`}>the call</Link>)
          </>
        )}
        .
      </p>
      <form className="stacked" onSubmit={submit} aria-labelledby={`${id}-question`}>
        <div className="field">
          <label htmlFor={`${id}-answer`}>Answer</label>
          <textarea
            id={`${id}-answer`}
            name="answer"
            rows={3}
            maxLength={4000}
            required
            {...problemProps(problem, "answer", `${id}-answer-problem`)}
          />
          <FieldProblem problem={problem} field="answer" id={`${id}-answer-problem`} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-title`}>Title of the entry (optional)</label>
          <input
            id={`${id}-title`}
            name="title"
            maxLength={200}
            {...problemProps(problem, "title", `${id}-title-problem`, `${id}-title-hint`)}
          />
          <span id={`${id}-title-hint`} className="hint">
            Left empty, the question is the title.
          </span>
          <FieldProblem problem={problem} field="title" id={`${id}-title-problem`} />
        </div>
        <FormProblem problem={problem} fields={["answer", "title"]} />
        <div className="row">
          <button type="submit" disabled={state.fetching}>
            Save the answer
          </button>
        </div>
      </form>
    </li>
  );
}

function KnowledgeBase({ onOutcome }: { onOutcome: OnOutcome }) {
  const [search, setSearch] = useState("");
  const [pages, setPages] = useState<(string | null)[]>([null]);
  const submitSearch = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSearch(String(new FormData(event.currentTarget).get("search") ?? "").trim());
    setPages([null]);
  };
  return (
    <section aria-labelledby="entries-heading">
      <h2 id="entries-heading">Knowledge base</h2>
      <NewEntry onOutcome={onOutcome} />
      <search>
        <form className="search" onSubmit={submitSearch}>
          <label htmlFor="knowledge-search">Search the knowledge base</label>
          <div className="row">
            <input
              id="knowledge-search"
              name="search"
              type="search"
              defaultValue={search}
              key={search}
              placeholder="e.g. parking"
            />
            <button type="submit">Search</button>
            {search && (
              <button
                type="button"
                className="quiet"
                onClick={() => {
                  setSearch("");
                  setPages([null]);
                }}
              >
                Show all
              </button>
            )}
          </div>
        </form>
      </search>
      {pages.map((after, index) => (
        <EntryPage
          key={after ?? "first"}
          search={search}
          after={after}
          last={index === pages.length - 1}
          onMore={(cursor) => setPages([...pages, cursor])}
          onOutcome={onOutcome}
        />
      ))}
    </section>
  );
}

function EntryPage(props: {
  search: string;
  after: string | null;
  last: boolean;
  onMore(cursor: string): void;
  onOutcome: OnOutcome;
}) {
  const [result, reexecute] = useQuery({
    query: KnowledgeEntriesQuery,
    variables: { search: props.search || null, first: PAGE_SIZE, after: props.after },
  });
  useFreshQuery(reexecute);
  const entries = result.data?.knowledgeEntries;
  return (
    <>
      <QueryError error={result.error} />
      {result.fetching && !entries && <p>Loading the knowledge base…</p>}
      {entries && (
        <>
          {props.after === null && (
            <p className="count" aria-live="polite">
              {props.search
                ? entries.totalCount === 0
                  ? `No entry matches “${props.search}”.`
                  : `${formatCount(entries.totalCount, "entry", "entries")} matching “${props.search}”`
                : entries.totalCount === 0
                  ? "The knowledge base is empty: the secretary knows only your settings."
                  : formatCount(entries.totalCount, "entry", "entries")}
            </p>
          )}
          <ul className="setting-list" aria-label={props.after === null ? "Entries" : "More entries"}>
            {entries.edges.map(({ node }) => (
              <EntryItem key={node.id} entry={node} onOutcome={props.onOutcome} />
            ))}
          </ul>
          {props.last && entries.pageInfo.hasNextPage && entries.pageInfo.endCursor && (
            <button
              type="button"
              onClick={() => entries.pageInfo.endCursor && props.onMore(entries.pageInfo.endCursor)}
            >
              Show more entries
            </button>
          )}
        </>
      )}
    </>
  );
}

function NewEntry({ onOutcome }: { onOutcome: OnOutcome }) {
  const [state, createEntry] = useMutation(CreateEntryMutation);
  const { problem, settle } = useInputProblem();
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const result = await createEntry({
      input: { title: String(data.get("title") ?? ""), content: String(data.get("content") ?? "") },
    });
    settle(result.error);
    const entry = result.data?.createKnowledgeEntry.knowledgeEntry;
    if (entry) {
      form.reset();
      onOutcome(`Added “${entry.title}” to the knowledge base.`);
    }
  };
  return (
    <details className="panel card">
      <summary>Add an entry</summary>
      <EntryFields idPrefix="new-entry" problem={problem} onSubmit={submit} busy={state.fetching} submitLabel="Add" />
    </details>
  );
}

function EntryFields(props: {
  idPrefix: string;
  problem: InputProblem | null;
  entry?: KnowledgeEntryItemFragment;
  busy: boolean;
  submitLabel: string;
  onSubmit(event: FormEvent<HTMLFormElement>): void;
  onCancel?(): void;
}) {
  const { idPrefix: id, problem } = props;
  return (
    <form className="stacked" onSubmit={props.onSubmit}>
      <div className="field">
        <label htmlFor={`${id}-title`}>Title</label>
        <input
          id={`${id}-title`}
          name="title"
          required
          maxLength={200}
          defaultValue={props.entry?.title}
          placeholder="e.g. Parking"
          {...problemProps(problem, "title", `${id}-title-problem`)}
        />
        <FieldProblem problem={problem} field="title" id={`${id}-title-problem`} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-content`}>What the secretary should know</label>
        <textarea
          id={`${id}-content`}
          name="content"
          required
          rows={4}
          maxLength={4000}
          defaultValue={props.entry?.content}
          placeholder="e.g. Free parking behind the building, entrance on Elm Street."
          {...problemProps(problem, "content", `${id}-content-problem`)}
        />
        <FieldProblem problem={problem} field="content" id={`${id}-content-problem`} />
      </div>
      <FormProblem problem={problem} fields={ENTRY_FIELDS} />
      <div className="row">
        <button type="submit" disabled={props.busy}>
          {props.submitLabel}
        </button>
        {props.onCancel && (
          <button type="button" className="quiet" onClick={props.onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

function EntryItem({ entry, onOutcome }: { entry: KnowledgeEntryItemFragment; onOutcome: OnOutcome }) {
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const { problem, settle, clear } = useInputProblem();
  const [updateState, updateEntry] = useMutation(UpdateEntryMutation);
  const [, deleteEntry] = useMutation(DeleteEntryMutation);
  const id = `entry-${entry.id}`;

  const save = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const result = await updateEntry({
      input: {
        knowledgeEntryId: entry.id,
        title: String(data.get("title") ?? ""),
        content: String(data.get("content") ?? ""),
      },
    });
    settle(result.error);
    if (result.data) {
      setEditing(false);
      onOutcome(`Saved “${result.data.updateKnowledgeEntry.knowledgeEntry.title}”.`);
    }
  };
  const remove = async () => {
    setConfirming(false);
    const result = await deleteEntry({ input: { knowledgeEntryId: entry.id } });
    if (settle(result.error)) onOutcome(`Deleted “${entry.title}”.`);
  };

  return (
    <li className="setting-item card">
      {editing ? (
        <>
          <h3>Editing “{entry.title}”</h3>
          <EntryFields
            idPrefix={id}
            entry={entry}
            problem={problem}
            busy={updateState.fetching}
            submitLabel="Save"
            onSubmit={save}
            onCancel={() => {
              setEditing(false);
              clear();
            }}
          />
        </>
      ) : (
        <>
          <h3>{entry.title}</h3>
          <p className="entry-content">{entry.content}</p>
          <p className="hint">Changed {formatWhen(entry.updatedAt)}</p>
          <FormProblem problem={problem} fields={[]} />
          <div className="row">
            <button
              type="button"
              className="quiet"
              onClick={() => setEditing(true)}
              aria-label={`Edit “${entry.title}”`}
            >
              Edit
            </button>
            <button
              type="button"
              className="quiet"
              onClick={() => setConfirming(true)}
              aria-label={`Delete “${entry.title}”`}
            >
              Delete
            </button>
          </div>
        </>
      )}
      {confirming && (
        <ConfirmDialog
          title={`Delete “${entry.title}”?`}
          confirmLabel="Delete the entry"
          onConfirm={remove}
          onCancel={() => setConfirming(false)}
        >
          <p>
            The secretary will no longer know this on the calls that start from now. The questions it answered stay
            answered. This cannot be undone.
          </p>
        </ConfirmDialog>
      )}
    </li>
  );
}
