import { type FormEvent, useId, useRef, useState } from "react";
import { type CombinedError, useMutation } from "urql";
import { Link } from "wouter";
import { refusalOf } from "../../components/refusal";
import { graphql } from "../../generated";
import type { LiveCallFragment, LiveTransferTargetsQuery } from "../../generated/graphql";
import type { LiveState } from "../../live-calls";

const GuideCallMutation = graphql(`
  mutation LiveGuideCall($input: GuideCallInput!) {
    guideCall(input: $input) {
      call {
        ...LiveCall
      }
    }
  }
`);

const SayOnCallMutation = graphql(`
  mutation LiveSayOnCall($input: SayOnCallInput!) {
    sayOnCall(input: $input) {
      call {
        ...LiveCall
      }
    }
  }
`);

const TransferCallMutation = graphql(`
  mutation LiveTransferCall($input: TransferCallInput!) {
    transferCall(input: $input) {
      call {
        ...LiveCall
      }
    }
  }
`);

const EndCallMutation = graphql(`
  mutation LiveEndCall($input: EndCallInput!) {
    endCall(input: $input) {
      call {
        ...LiveCall
      }
    }
  }
`);

/** Who a transfer rings (the settings), loaded once by the page. */
export type TransferTargets = LiveTransferTargetsQuery["settings"];

// A refusal naming one of these is shown under its field instead.
const TEXT_FIELDS = new Set(["note", "text"]);

/** What a control did, in words: done, or why not (and, for bad input, which field). */
type Outcome = { ok: boolean; message: string; field?: string };

/** The API's refusals in words the owner can act on; every one of them means nothing was done. */
function refusal(error: CombinedError): Outcome {
  const { code, field, message } = refusalOf(error, "Cannot reach the secretary, so nothing was done. Try again.");
  switch (code) {
    case "CALL_NOT_LIVE":
      return { ok: false, message: "This call is no longer with the secretary." };
    case "CALL_CONTROL_TIMEOUT":
      return { ok: false, message: "The secretary did not answer in time, so nothing was done. Try again." };
    case "NOT_FOUND":
      return { ok: false, message: "This call no longer exists." };
    case "NO_OWNER_PHONE":
      return { ok: false, message: "There is no phone number of yours in the settings to put the caller through to." };
    default:
      return { ok: false, message: message || "Something went wrong, and nothing was done.", field };
  }
}

/**
 * The owner's hand on a live call: a note only the secretary reads, a line it says, putting the caller
 * through, ending the call. Each says what came of it under the controls.
 */
export function CallControls(props: {
  call: LiveCallFragment;
  who: string;
  state: LiveState;
  transfer: TransferTargets | undefined;
}) {
  const { call, who, state } = props;
  const [outcome, setOutcome] = useState<Outcome | undefined>(undefined);
  // Only a call the secretary holds right now takes commands; the API would refuse the rest.
  const inHand = state === "with-secretary";
  return (
    <section className="live-controls" aria-label={`Controls for the call with ${who}`}>
      {!inHand && (
        <p className="hint">
          {state === "put-through"
            ? "The caller is being put through to you. If nobody answers, the call comes back to the secretary."
            : state === "reconnecting"
              ? "The connection to the call dropped; it may come back."
              : "The secretary has not answered yet."}
        </p>
      )}
      <TextCommand
        callId={call.id}
        mutation="guide"
        label="Note to the secretary"
        hint="Only the secretary reads it, before its next reply; the caller never hears it."
        placeholder="e.g. Tell her Tuesday 3 pm is fine"
        button="Send note"
        done="Note passed to the secretary."
        disabled={!inHand}
        outcome={outcome}
        setOutcome={setOutcome}
      />
      <TextCommand
        callId={call.id}
        mutation="say"
        label="Line for the secretary to say"
        hint="Said word for word: at once, or right after what it is saying now."
        placeholder="e.g. The doctor can see you today at four"
        button="Say it"
        done="The secretary is saying your line."
        disabled={!inHand}
        outcome={outcome}
        setOutcome={setOutcome}
      />
      <div className="row live-call-actions">
        <TransferButton callId={call.id} targets={props.transfer} disabled={!inHand} setOutcome={setOutcome} />
        <EndCallButton callId={call.id} who={who} disabled={!inHand} setOutcome={setOutcome} />
      </div>
      <div role="status" className="live-outcome">
        {outcome && !TEXT_FIELDS.has(outcome.field ?? "") && (
          <p className={outcome.ok ? "ok" : "error"}>{outcome.message}</p>
        )}
      </div>
    </section>
  );
}

/** A note (guideCall) or a spoken line (sayOnCall): a text, sent with a button. */
function TextCommand(props: {
  callId: string;
  mutation: "guide" | "say";
  label: string;
  hint: string;
  placeholder: string;
  button: string;
  done: string;
  disabled: boolean;
  outcome: Outcome | undefined;
  setOutcome(outcome: Outcome | undefined): void;
}) {
  const [guide, sendGuide] = useMutation(GuideCallMutation);
  const [say, sendSay] = useMutation(SayOnCallMutation);
  const id = useId();
  const field = props.mutation === "guide" ? "note" : "text";
  const fieldError = props.outcome && !props.outcome.ok && props.outcome.field === field ? props.outcome : undefined;
  const sending = props.mutation === "guide" ? guide.fetching : say.fetching;

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const value = new FormData(form).get(field);
    const text = typeof value === "string" ? value : "";
    props.setOutcome(undefined);
    const result =
      props.mutation === "guide"
        ? await sendGuide({ input: { callId: props.callId, note: text } })
        : await sendSay({ input: { callId: props.callId, text } });
    if (result.error) {
      props.setOutcome(refusal(result.error));
      return;
    }
    form.reset();
    props.setOutcome({ ok: true, message: props.done });
  };

  return (
    <form className="live-command" onSubmit={submit}>
      <label htmlFor={`${id}-input`}>{props.label}</label>
      <p className="hint" id={`${id}-hint`}>
        {props.hint}
      </p>
      <div className="row">
        <input
          id={`${id}-input`}
          name={field}
          type="text"
          autoComplete="off"
          placeholder={props.placeholder}
          aria-describedby={fieldError ? `${id}-hint ${id}-error` : `${id}-hint`}
          aria-invalid={fieldError ? true : undefined}
          disabled={props.disabled}
        />
        <button type="submit" disabled={props.disabled || sending}>
          {props.button}
        </button>
      </div>
      {fieldError && (
        <p className="error" id={`${id}-error`} role="alert">
          {fieldError.message}
        </p>
      )}
    </form>
  );
}

function TransferButton(props: {
  callId: string;
  targets: TransferTargets | undefined;
  disabled: boolean;
  setOutcome(outcome: Outcome | undefined): void;
}) {
  const [transfer, sendTransfer] = useMutation(TransferCallMutation);
  const { targets } = props;
  const noPhone = targets !== undefined && !targets.ownerPhone;
  const id = useId();
  const put = async () => {
    props.setOutcome(undefined);
    const result = await sendTransfer({ input: { callId: props.callId } });
    props.setOutcome(
      result.error
        ? refusal(result.error)
        : { ok: true, message: "Putting the caller through: the secretary tells them, then your phone rings." },
    );
  };
  const others = targets?.transferNumbers.map((number) => number.name).join(", ");
  return (
    <div className="live-transfer">
      <button
        type="button"
        onClick={put}
        disabled={props.disabled || noPhone || transfer.fetching}
        aria-describedby={`${id}-to`}
      >
        Put through to me
      </button>
      <p className="hint" id={`${id}-to`}>
        {noPhone ? (
          <>
            Your phone number is not in the <Link href="/settings">settings</Link>.
          </>
        ) : targets?.ownerPhone ? (
          `Rings ${targets.ownerPhone}${others ? `, then ${others}` : ""}.`
        ) : null}
      </p>
    </div>
  );
}

/** Ending a call cannot be undone: a dialog says what happens before anything does. */
function EndCallButton(props: {
  callId: string;
  who: string;
  disabled: boolean;
  setOutcome(outcome: Outcome | undefined): void;
}) {
  const [ending, sendEnd] = useMutation(EndCallMutation);
  const dialog = useRef<HTMLDialogElement>(null);
  const id = useId();
  const [farewellError, setFarewellError] = useState<string | undefined>(undefined);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const value = new FormData(form).get("farewell");
    const farewell = typeof value === "string" && value.trim() ? value : null;
    setFarewellError(undefined);
    const result = await sendEnd({ input: { callId: props.callId, farewell } });
    const outcome = result.error ? refusal(result.error) : undefined;
    if (outcome && !outcome.ok && outcome.field === "farewell") {
      setFarewellError(outcome.message);
      return;
    }
    dialog.current?.close();
    form.reset();
    props.setOutcome(outcome ?? { ok: true, message: "Ending the call: the secretary is saying goodbye." });
  };

  return (
    <>
      <button
        type="button"
        className="danger"
        disabled={props.disabled}
        onClick={() => {
          props.setOutcome(undefined);
          dialog.current?.showModal();
        }}
      >
        End call…
      </button>
      <dialog ref={dialog} className="confirm" aria-labelledby={`${id}-title`} aria-describedby={`${id}-what`}>
        <form onSubmit={submit}>
          <h3 id={`${id}-title`}>End the call with {props.who}?</h3>
          <p id={`${id}-what`}>
            The secretary stops what it is saying, says goodbye and hangs up. The caller cannot say anything more on
            this call; what was said so far stays in the call list.
          </p>
          <label htmlFor={`${id}-farewell`}>Goodbye the caller hears (optional)</label>
          <input
            id={`${id}-farewell`}
            name="farewell"
            type="text"
            autoComplete="off"
            placeholder="Thank you for calling. Goodbye!"
            aria-invalid={farewellError ? true : undefined}
            aria-describedby={farewellError ? `${id}-farewell-error` : undefined}
          />
          {farewellError && (
            <p className="error" id={`${id}-farewell-error`} role="alert">
              {farewellError}
            </p>
          )}
          <div className="row">
            <button type="submit" className="danger" disabled={ending.fetching}>
              End the call
            </button>
            <button type="button" className="quiet" onClick={() => dialog.current?.close()}>
              Keep the call
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}
