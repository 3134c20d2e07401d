import { useCallback, useState } from "react";
import type { CombinedError } from "urql";
import { NOTHING_SAVED, refusalOf } from "./refusal";

/** Why the API refused a change, and the input it named (BAD_USER_INPUT's `extensions.field`). */
export interface InputProblem {
  /** "email.to[1]" is read as "email.to": the form has one box for the list. Null: not one input's fault. */
  field: string | null;
  message: string;
}

/** The refusal of a mutation in words the owner can act on; null when it went through. */
export function inputProblemOf(error: CombinedError | undefined): InputProblem | null {
  if (!error) return null;
  const { field, message } = refusalOf(error, NOTHING_SAVED);
  return { field: field?.replace(/\[\d+\]$/, "") ?? null, message };
}

/**
 * A form's refusal, kept until its next try: `settle(result.error)` keeps what the API said (or clears
 * it) and tells whether the change went through.
 */
export function useInputProblem() {
  const [problem, setProblem] = useState<InputProblem | null>(null);
  const settle = useCallback((error: CombinedError | undefined) => {
    const refused = inputProblemOf(error);
    setProblem(refused);
    return refused === null;
  }, []);
  const clear = useCallback(() => setProblem(null), []);
  return { problem, settle, clear };
}

/**
 * What an input needs to be tied to its problem: marked invalid, and described by the message
 * (`problemId`) as well as by its hint if it has one, so a screen reader reads both with the input.
 */
export function problemProps(problem: InputProblem | null, field: string, problemId: string, hintId?: string) {
  const mine = problem?.field === field;
  const describedBy = [hintId, mine && problemId].filter(Boolean).join(" ");
  return { "aria-invalid": mine || undefined, "aria-describedby": describedBy || undefined };
}

/** The message under the input the API named. */
export function FieldProblem(props: { problem: InputProblem | null; field: string; id: string }) {
  if (props.problem?.field !== props.field) return null;
  return (
    <p id={props.id} className="error">
      {props.problem.message}
    </p>
  );
}

/** A refusal that names no input of the form (or one it does not show), said once for the whole form. */
export function FormProblem(props: { problem: InputProblem | null; fields: readonly string[] }) {
  const { problem } = props;
  if (!problem || (problem.field && props.fields.includes(problem.field))) return null;
  return (
    <p className="error" role="alert">
      {problem.message}
    </p>
  );
}
