import { decodeGlobalID } from "@pothos/plugin-relay";
import { GraphQLError } from "graphql";

/** The database id inside a client's global ID; a malformed ID or one of another type is a clear error. */
export function databaseId(typename: string, globalId: string | number): string {
  const id = databaseIdOrUndefined(typename, globalId);
  if (id !== undefined) return id;
  throw new GraphQLError(`Not a ${typename} ID: ${globalId}`, { extensions: { code: "BAD_USER_INPUT" } });
}

/** The database id inside a global ID of `typename`; undefined for a malformed ID or one of another type. */
export function databaseIdOrUndefined(typename: string, globalId: string | number): string | undefined {
  try {
    const decoded = decodeGlobalID(String(globalId));
    if (decoded.typename === typename) return decoded.id;
  } catch {
    // Not a global ID: no id.
  }
  return undefined;
}
