import { useState } from "react";
import { type CombinedError, useMutation } from "urql";
import { QueryError } from "../../components/query-error";
import { formatWhen } from "../../format";
import { graphql } from "../../generated";
import type { CallPageActionItemFragment } from "../../generated/graphql";

graphql(`
  fragment CallPageActionItem on ActionItem {
    id
    description
    done
    doneAt
    source
  }
`);

const CompleteActionItem = graphql(`
  mutation CallPageCompleteActionItem($input: CompleteActionItemInput!) {
    completeActionItem(input: $input) {
      actionItem {
        ...CallPageActionItem
      }
    }
  }
`);

const ReopenActionItem = graphql(`
  mutation CallPageReopenActionItem($input: ReopenActionItemInput!) {
    reopenActionItem(input: $input) {
      actionItem {
        ...CallPageActionItem
      }
    }
  }
`);

/** What the owner has to do about the call; ticking one off shows in every open tab (callUpdated). */
export function CallActionItems({ items }: { items: CallPageActionItemFragment[] }) {
  return (
    <section aria-labelledby="call-action-items">
      <h2 id="call-action-items">Action items</h2>
      {items.length === 0 ? (
        <p className="hint">Nothing to do about this call.</p>
      ) : (
        <ul className="action-items">
          {items.map((item) => (
            <ActionItemRow key={item.id} item={item} />
          ))}
        </ul>
      )}
    </section>
  );
}

function ActionItemRow({ item }: { item: CallPageActionItemFragment }) {
  const [, complete] = useMutation(CompleteActionItem);
  const [, reopen] = useMutation(ReopenActionItem);
  // The box shows the owner's click at once; the saved state follows from the API.
  const [wanted, setWanted] = useState<boolean>();
  const [error, setError] = useState<CombinedError>();
  const done = wanted ?? item.done;
  const id = `action-item-${item.id}`;

  const toggle = async (next: boolean) => {
    setWanted(next);
    setError(undefined);
    const input = { actionItemId: item.id };
    const result = next ? await complete({ input }) : await reopen({ input });
    setError(result.error);
    setWanted(undefined);
  };

  return (
    <li className={done ? "card done" : "card"}>
      <input
        id={id}
        type="checkbox"
        checked={done}
        aria-describedby={`${id}-about`}
        onChange={(event) => toggle(event.currentTarget.checked)}
      />
      <div>
        <label htmlFor={id}>{item.description}</label>
        <p className="hint" id={`${id}-about`}>
          {item.source === "CALL" ? "Message taken during the call" : "Found by the analysis"}
          {done && (item.doneAt ? ` · done ${formatWhen(item.doneAt)}` : " · done")}
        </p>
        <QueryError error={error} />
      </div>
    </li>
  );
}
