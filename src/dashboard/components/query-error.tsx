import type { CombinedError } from "urql";

/**
 * What went wrong, in words the owner can act on. A refused session is not shown: the owner is
 * already on the way to sign in.
 */
export function QueryError({ error }: { error: CombinedError | undefined }) {
  if (!error || error.response?.status === 401) return null;
  const message = error.networkError
    ? "Cannot reach the secretary. It will try again; check your connection."
    : error.graphQLErrors.map((graphQLError) => graphQLError.message).join(" ");
  return (
    <p className="error" role="alert">
      {message}
    </p>
  );
}
