import type { CombinedError } from "urql";

/** Why the API did not do what it was asked, read once for every page (each page words it its own way). */
export interface Refusal {
  /** The API's code (`BAD_USER_INPUT`, `CONFLICT`, `CALL_NOT_LIVE`…); "UNREACHABLE" when no answer came at all. */
  code: string | undefined;
  /** The input BAD_USER_INPUT named, exactly as the API names it (`openingHours[2].opens`). */
  field: string | undefined;
  message: string;
}

/** What to tell the owner when a change did not reach the secretary. */
export const NOTHING_SAVED = "Cannot reach the secretary: nothing was saved. Check your connection and try again.";

/** Reads an operation's error; `unreachable` is the message when the secretary could not be reached. */
export function refusalOf(error: CombinedError, unreachable: string): Refusal {
  if (error.networkError) return { code: "UNREACHABLE", field: undefined, message: unreachable };
  const [first] = error.graphQLErrors;
  const code = first?.extensions?.code;
  const field = first?.extensions?.field;
  return {
    code: typeof code === "string" ? code : undefined,
    field: code === "BAD_USER_INPUT" && typeof field === "string" ? field : undefined,
    message: error.graphQLErrors.map((graphQLError) => graphQLError.message).join(" "),
  };
}
