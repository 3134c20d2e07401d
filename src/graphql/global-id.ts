import { decodeGlobalID } from "@pothos/plugin-relay";
import { GraphQLError } from "graphql";

/** The database id inside a client's global ID; a malformed ID or one of another type is a clear error. */
export function databaseId(typename: string, globalId: string | number): string {
  try {
    const decoded = decodeGlobalID(String(globalId));
    if (decoded.typename === typename) return decoded.id;
  } catch {
    // Reported below, the same as an ID of another type.
  }
  throw new GraphQLError(`Not a ${typename} ID: ${globalId}`, { extensions: { code: "BAD_USER_INPUT" } });
}
