import { type FormEvent, useState } from "react";
import { useClient, useMutation, useQuery } from "urql";
import { ConfirmDialog } from "../../components/confirm-dialog";
import { FieldProblem, FormProblem, problemProps, useInputProblem } from "../../components/input-problem";
import { type OnOutcome, Outcome } from "../../components/outcome";
import { QueryError } from "../../components/query-error";
import { useFreshQuery } from "../../connection";
import { formatCount, formatWhen } from "../../format";
import { graphql } from "../../generated";
import type { CallerRuleItemFragment, CallerRuleKind } from "../../generated/graphql";
import "./settings-sections.css";

const PAGE_SIZE = 100;

graphql(`
  fragment CallerRuleItem on CallerRule {
    id
    phone
    kind
    note
    updatedAt
  }
`);

const CallerRulesQuery = graphql(`
  query CallerRulesSettings($kind: CallerRuleKind, $first: Int, $after: String) {
    callerRules(kind: $kind, first: $first, after: $after) {
      totalCount
      edges {
        node {
          ...CallerRuleItem
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const SetRuleMutation = graphql(`
  mutation CallerRulesSettingsSet($input: SetCallerRuleInput!) {
    setCallerRule(input: $input) {
      callerRule {
        ...CallerRuleItem
      }
    }
  }
`);

const RemoveRuleMutation = graphql(`
  mutation CallerRulesSettingsRemove($input: RemoveCallerRuleInput!) {
    removeCallerRule(input: $input) {
      removedCallerRuleId
    }
  }
`);

const CallerDataQuery = graphql(`
  query CallerRulesSettingsCallerData($phone: String!) {
    callerData(phone: $phone)
  }
`);

const EraseCallerMutation = graphql(`
  mutation CallerRulesSettingsErase($input: EraseCallerInput!) {
    eraseCaller(input: $input) {
      erasedCallCount
    }
  }
`);

/** What each kind of rule does, in the owner's words (the API's CallerRuleKind). */
const KINDS: { kind: CallerRuleKind; heading: string; label: string; explanation: string }[] = [
  {
    kind: "BLOCK",
    heading: "Blocked numbers",
    label: "Block",
    explanation:
      "A call from a blocked number is rejected with a busy signal before anything is answered. It is listed " +
      "among your calls as Blocked, with nothing said and nothing analysed.",
  },
  {
    kind: "VIP",
    heading: "VIP callers",
    label: "VIP",
    explanation:
      "A call from a VIP rings your phone first whenever transfers are allowed at that moment; if you do not " +
      "answer, the secretary takes the call. At other times the secretary answers as usual.",
  },
];

const RULE_FIELDS = ["phone", "kind", "note"] as const;

/** The owner's rules for numbers, and a caller's rights: a copy of their data, or its erasure. */
export function CallerRulesSettings() {
  const [outcome, setOutcome] = useState("");
  return (
    <>
      <Outcome message={outcome} />
      <NewRule onOutcome={setOutcome} />
      {KINDS.map((kind) => (
        <RuleList key={kind.kind} {...kind} onOutcome={setOutcome} />
      ))}
      <CallerDataTools onOutcome={setOutcome} />
    </>
  );
}

function NewRule({ onOutcome }: { onOutcome: OnOutcome }) {
  const [state, setRule] = useMutation(SetRuleMutation);
  const { problem, settle } = useInputProblem();
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const note = String(data.get("note") ?? "").trim();
    const result = await setRule({
      input: {
        phone: String(data.get("phone") ?? ""),
        kind: String(data.get("kind")) as CallerRuleKind,
        note: note || null,
      },
    });
    settle(result.error);
    const rule = result.data?.setCallerRule.callerRule;
    if (rule) {
      form.reset();
      onOutcome(rule.kind === "BLOCK" ? `${rule.phone} is blocked.` : `${rule.phone} is a VIP.`);
    }
  };
  return (
    <section aria-labelledby="new-rule-heading">
      <h2 id="new-rule-heading">Add a rule for a number</h2>
      <form className="stacked panel card" onSubmit={submit}>
        <div className="field">
          <label htmlFor="rule-phone">Phone number</label>
          <input
            id="rule-phone"
            name="phone"
            type="tel"
            required
            autoComplete="off"
            placeholder="+1 555 010 7777"
            {...problemProps(problem, "phone", "rule-phone-problem", "rule-phone-hint")}
          />
          <span id="rule-phone-hint" className="hint">
            Any format; without a country code it is read as North American. A number that has a rule gets this one
            instead.
          </span>
          <FieldProblem problem={problem} field="phone" id="rule-phone-problem" />
        </div>
        <fieldset>
          <legend>Rule</legend>
          {KINDS.map(({ kind, label, explanation }) => (
            <div key={kind} className="choice">
              <input
                type="radio"
                id={`rule-kind-${kind}`}
                name="kind"
                value={kind}
                defaultChecked={kind === "BLOCK"}
                aria-describedby={`rule-kind-${kind}-hint`}
              />
              <label htmlFor={`rule-kind-${kind}`}>{label}</label>
              <span id={`rule-kind-${kind}-hint`} className="hint">
                {explanation}
              </span>
            </div>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor="rule-note">Note (optional)</label>
          <input
            id="rule-note"
            name="note"
            maxLength={500}
            placeholder="e.g. robocalls about car warranties"
            {...problemProps(problem, "note", "rule-note-problem")}
          />
          <FieldProblem problem={problem} field="note" id="rule-note-problem" />
        </div>
        <FormProblem problem={problem} fields={RULE_FIELDS} />
        <div className="row">
          <button type="submit" disabled={state.fetching}>
            Save the rule
          </button>
        </div>
      </form>
    </section>
  );
}

function RuleList(props: { kind: CallerRuleKind; heading: string; explanation: string; onOutcome: OnOutcome }) {
  const [after, setAfter] = useState<string | null>(null);
  const [result, reexecute] = useQuery({
    query: CallerRulesQuery,
    variables: { kind: props.kind, first: PAGE_SIZE, after },
  });
  useFreshQuery(reexecute);
  const rules = result.data?.callerRules;
  const headingId = `rules-${props.kind}-heading`;
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>{props.heading}</h2>
      <p className="hint">{props.explanation}</p>
      <QueryError error={result.error} />
      {result.fetching && !rules && <p>Loading…</p>}
      {rules &&
        (rules.edges.length === 0 ? (
          <p>None.</p>
        ) : (
          <>
            <p className="count">{formatCount(rules.totalCount, "number")}</p>
            <ul className="setting-list" aria-labelledby={headingId}>
              {rules.edges.map(({ node }) => (
                <RuleItem key={node.id} rule={node} onOutcome={props.onOutcome} />
              ))}
            </ul>
            {(after || rules.pageInfo.hasNextPage) && (
              <div className="row">
                {after && (
                  <button type="button" className="quiet" onClick={() => setAfter(null)}>
                    Back to the newest
                  </button>
                )}
                {rules.pageInfo.hasNextPage && rules.pageInfo.endCursor && (
                  <button type="button" onClick={() => setAfter(rules.pageInfo.endCursor ?? null)}>
                    Older rules
                  </button>
                )}
              </div>
            )}
          </>
        ))}
    </section>
  );
}

function RuleItem({ rule, onOutcome }: { rule: CallerRuleItemFragment; onOutcome: OnOutcome }) {
  const [confirming, setConfirming] = useState(false);
  const { problem, settle } = useInputProblem();
  const [state, removeRule] = useMutation(RemoveRuleMutation);
  const remove = async () => {
    setConfirming(false);
    const result = await removeRule({ input: { phone: rule.phone } });
    if (settle(result.error)) onOutcome(`The rule for ${rule.phone} is removed: its calls are answered as anyone's.`);
  };
  const what = rule.kind === "BLOCK" ? "block" : "VIP rule";
  return (
    <li className="setting-item rule card">
      <span className="phone">{rule.phone}</span>
      {rule.note && <span className="note">{rule.note}</span>}
      <span className="hint">Since {formatWhen(rule.updatedAt)}</span>
      <FormProblem problem={problem} fields={[]} />
      <div className="row">
        <button
          type="button"
          className="quiet"
          disabled={state.fetching}
          onClick={() => setConfirming(true)}
          aria-label={`Remove the ${what} for ${rule.phone}`}
        >
          Remove
        </button>
      </div>
      {confirming && (
        <ConfirmDialog
          title={`Remove the ${what} for ${rule.phone}?`}
          confirmLabel="Remove the rule"
          onConfirm={remove}
          onCancel={() => setConfirming(false)}
        >
          <p>
            Calls from {rule.phone} will be answered as anyone's again
            {rule.note ? `, and your note (“${rule.note}”) is deleted` : ""}.
          </p>
        </ConfirmDialog>
      )}
    </li>
  );
}

/** A caller's access request (a copy of everything stored about the number) and their right to erasure. */
function CallerDataTools({ onOutcome }: { onOutcome: OnOutcome }) {
  const client = useClient();
  const { problem, settle } = useInputProblem();
  const [exporting, setExporting] = useState(false);
  const [erasing, setErasing] = useState<string | null>(null);
  const [eraseState, eraseCaller] = useMutation(EraseCallerMutation);

  const phoneOf = (form: HTMLFormElement | null) => String(new FormData(form ?? undefined).get("phone") ?? "").trim();

  const exportData = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const phone = phoneOf(event.currentTarget);
    setExporting(true);
    const result = await client.query(CallerDataQuery, { phone }, { requestPolicy: "network-only" }).toPromise();
    setExporting(false);
    settle(result.error);
    if (!result.data) return;
    const file = new Blob([JSON.stringify(result.data.callerData, null, 2)], { type: "application/json" });
    const link = document.createElement("a");
    link.href = URL.createObjectURL(file);
    link.download = `caller-data-${phone.replace(/[^\d+]/g, "") || "caller"}.json`;
    link.click();
    // The download reads the file after the click returns: freed once it surely has.
    setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
    onOutcome(`The data stored about ${phone} is downloaded.`);
  };

  const erase = async () => {
    const phone = erasing;
    setErasing(null);
    if (!phone) return;
    const result = await eraseCaller({ input: { phone } });
    settle(result.error);
    if (result.data) {
      onOutcome(
        `Everything stored about ${phone} is erased (${formatCount(result.data.eraseCaller.erasedCallCount, "call")}).`,
      );
    }
  };

  return (
    <section aria-labelledby="caller-data-heading">
      <h2 id="caller-data-heading">A caller's data</h2>
      <p className="hint">
        When a caller asks what you keep about them, or asks you to forget them: export everything stored about their
        number as a file, or erase it.
      </p>
      <form className="stacked panel card" onSubmit={exportData}>
        <div className="field">
          <label htmlFor="caller-data-phone">Caller's phone number</label>
          <input
            id="caller-data-phone"
            name="phone"
            type="tel"
            required
            autoComplete="off"
            {...problemProps(problem, "phone", "caller-data-phone-problem")}
          />
          <FieldProblem problem={problem} field="phone" id="caller-data-phone-problem" />
        </div>
        <FormProblem problem={problem} fields={["phone"]} />
        <div className="row">
          <button type="submit" disabled={exporting}>
            Export a caller's data
          </button>
          <button
            type="button"
            className="danger"
            disabled={eraseState.fetching}
            onClick={(event) => {
              const form = event.currentTarget.form;
              if (form?.reportValidity()) setErasing(phoneOf(form));
            }}
          >
            Erase a caller
          </button>
        </div>
      </form>
      {erasing && (
        <ConfirmDialog
          title={`Erase everything about ${erasing}?`}
          confirmLabel="Erase the caller"
          onConfirm={erase}
          onCancel={() => setErasing(null)}
        >
          <p>This erases, for good:</p>
          <ul>
            <li>every call from this number: its transcript, summary, recording, action items and your notes;</li>
            <li>the texts sent to the caller after a missed call;</li>
            <li>the caller's record (name, number of calls) and your rule for the number.</li>
          </ul>
          <p>The questions they asked that the knowledge base could not answer stay, without their number.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
