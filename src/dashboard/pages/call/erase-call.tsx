import { useRef } from "react";
import { useMutation } from "urql";
import { useLocation } from "wouter";
import { QueryError } from "../../components/query-error";
import { graphql } from "../../generated";

const DeleteCall = graphql(`
  mutation CallPageDeleteCall($input: DeleteCallInput!) {
    deleteCall(input: $input) {
      deletedCallId
    }
  }
`);

interface ErasableCall {
  id: string;
  from: string;
  actionItems: unknown[];
  deliveries: unknown[];
  notes?: string | null;
  recording?: unknown;
  caller?: { name?: string | null; callCount: number } | null;
  callerRule?: { kind: string } | null;
}

/** Erasing the call for good (a caller's right to erasure), after a confirmation that says what goes. */
export function EraseCall({ call }: { call: ErasableCall }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [result, erase] = useMutation(DeleteCall);
  const [, navigate] = useLocation();
  const lastCall = call.caller && call.caller.callCount <= 1;

  const confirm = async () => {
    const outcome = await erase({ input: { callId: call.id } });
    if (!outcome.error) navigate("/calls");
  };

  return (
    <section aria-labelledby="call-erase">
      <h2 id="call-erase">Erase</h2>
      <button type="button" className="danger" onClick={() => dialog.current?.showModal()}>
        Erase this call…
      </button>
      <dialog ref={dialog} aria-labelledby="erase-title" aria-describedby="erase-what" className="confirm">
        <h2 id="erase-title">Erase this call for good?</h2>
        <div id="erase-what">
          <p>This erases, here and for good:</p>
          <ul>
            <li>the transcript: everything said on the call</li>
            <li>the summary, intent and urgency</li>
            <li>{actionItemsErased(call.actionItems.length)}</li>
            {call.notes && <li>your notes on it</li>}
            {call.recording ? <li>the recording, here and at Twilio</li> : null}
            {call.deliveries.length > 0 && <li>the record of the notifications sent about it</li>}
            {lastCall && (
              <li>{`the caller record of ${call.caller?.name ?? call.from}, as this was their only call`}</li>
            )}
          </ul>
          {call.callerRule && <p>Your rule for their number stays (remove it under Caller).</p>}
          <p>It cannot be undone.</p>
        </div>
        <QueryError error={result.error} />
        <div className="row">
          <button type="button" className="danger" disabled={result.fetching} onClick={confirm}>
            {result.fetching ? "Erasing…" : "Erase the call"}
          </button>
          <button type="button" className="quiet" onClick={() => dialog.current?.close()}>
            Keep it
          </button>
        </div>
      </dialog>
    </section>
  );
}

function actionItemsErased(count: number): string {
  if (count === 0) return "its action items (it has none)";
  return count === 1 ? "its action item" : `its ${count} action items`;
}
