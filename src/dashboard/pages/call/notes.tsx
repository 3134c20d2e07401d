import { type FormEvent, useState } from "react";
import { useMutation } from "urql";
import { QueryError } from "../../components/query-error";
import { graphql } from "../../generated";

const UpdateCallNotes = graphql(`
  mutation CallPageUpdateNotes($input: UpdateCallNotesInput!) {
    updateCallNotes(input: $input) {
      call {
        id
        notes
      }
    }
  }
`);

/** The owner's own notes on the call: edited here, saved on request, searchable from Calls. */
export function CallNotes({ callId, notes }: { callId: string; notes: string | null | undefined }) {
  const saved = notes ?? "";
  const [draft, setDraft] = useState(saved);
  // The notes the draft started from: a change made elsewhere replaces a draft the owner has not touched.
  const [base, setBase] = useState(saved);
  const [justSaved, setJustSaved] = useState(false);
  const [result, save] = useMutation(UpdateCallNotes);
  if (saved !== base) {
    setBase(saved);
    if (draft === base) setDraft(saved);
  }
  const changed = draft.trim() !== saved;

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const outcome = await save({ input: { callId, notes: draft } });
    if (!outcome.error) {
      const stored = outcome.data?.updateCallNotes.call.notes ?? "";
      setBase(stored);
      setDraft(stored);
      setJustSaved(true);
    }
  };

  return (
    <section aria-labelledby="call-notes-heading">
      <h2 id="call-notes-heading">Your notes</h2>
      <form className="call-notes" onSubmit={submit}>
        <label htmlFor="call-notes">Notes on this call (only you see them)</label>
        <textarea
          id="call-notes"
          rows={4}
          value={draft}
          onChange={(event) => {
            setDraft(event.currentTarget.value);
            setJustSaved(false);
          }}
        />
        <div className="row">
          <button type="submit" disabled={!changed || result.fetching}>
            {result.fetching ? "Saving…" : "Save notes"}
          </button>
          <span role="status" className="saved">
            {justSaved && !changed ? "Saved" : ""}
          </span>
        </div>
        <QueryError error={result.error} />
      </form>
    </section>
  );
}
