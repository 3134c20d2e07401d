import SchemaBuilder from "@pothos/core";
import PrismaPlugin from "@pothos/plugin-prisma";
import RelayPlugin from "@pothos/plugin-relay";
import ScopeAuthPlugin from "@pothos/plugin-scope-auth";
import SimpleObjectsPlugin from "@pothos/plugin-simple-objects";
import type { GraphQLContext } from "./context.js";
import type PrismaTypes from "./generated/pothos-prisma-types.js";
import { getDatamodel } from "./generated/pothos-prisma-types.js";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "./operation-limits.js";

export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  PrismaTypes: PrismaTypes;
  AuthScopes: { owner: boolean };
  Scalars: { DateTime: { Input: Date; Output: Date }; JSON: { Input: never; Output: unknown } };
  // What the Prisma plugin puts on the connections it resolves: the count itself (loaded with a
  // relation) or a function that counts (a root connection), read by a shared connection type.
  Connection: { totalCount?: number | (() => Promise<number>) };
  DefaultFieldNullability: false;
}>({
  plugins: [ScopeAuthPlugin, PrismaPlugin, RelayPlugin, SimpleObjectsPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    authorizeOnSubscribe: true,
    authScopes: (context) => ({ owner: context.authenticated }),
  },
  prisma: {
    // Each app instance has its own client (tests run several), so it comes from the context.
    client: (context) => context.prisma,
    dmmf: getDatamodel(),
    exposeDescriptions: false,
    filterConnectionTotalCount: true,
    onUnusedQuery: null,
    // Every connection's page; the operation's cost counts the same sizes.
    defaultConnectionSize: DEFAULT_PAGE_SIZE,
    maxConnectionSize: MAX_PAGE_SIZE,
  },
  relay: {
    clientMutationId: "omit",
    cursorType: "String",
  },
});
