import type { CombinedError } from "urql";
import { refusalOf } from "./refusal";

/**
 * What went wrong, in words the owner can act on. A refused session is not shown: the owner is
 * already on the way to sign in.
 */
export function QueryError({ error }: { error: CombinedError | undefined }) {
  if (!error || error.response?.status === 401) return null;
  const { message } = refusalOf(error, "Cannot reach the secretary. It will try again; check your connection.");
  return (
    <p className="error" role="alert">
      {message}
    </p>
  );
}
