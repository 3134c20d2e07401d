import { isThenable } from "@pothos/core";
import { encodeGlobalID } from "@pothos/plugin-relay";
import { type GraphQLFieldResolver, type GraphQLSchema, isObjectType } from "graphql";
import type { builder as schemaBuilder } from "./builder.js";

/** What Pothos keeps of a node type's options: its `id`, whose resolver reads the row's own ID. */
interface NodeOptions {
  id?: { resolve?: GraphQLFieldResolver<unknown, unknown> };
}

/**
 * Every node's `id`, resolved in the same tick. The relay plugin's global ID field awaits the ID
 * it encodes, so each node of a list came back as a promise, and the executor waited on every
 * object of the page (20 calls: 20 promises and 20 objects completed asynchronously, a third of
 * the memory a `calls(first: 20)` request allocated, bench/search.ts). Here the node's own ID
 * resolver (the one `prismaNode` builds from `id: { field }`) is called and its value encoded as
 * the plugin encodes it; an ID that only comes as a promise goes the plugin's way. The schema is
 * unchanged, and so is every ID.
 */
export function resolveNodeIdsSynchronously(builder: typeof schemaBuilder, schema: GraphQLSchema): void {
  const encode = builder.options.relay?.encodeGlobalID ?? encodeGlobalID;
  const idField = builder.options.relay?.idFieldName ?? "id";
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || !type.getInterfaces().some((face) => face.name === "Node")) continue;
    const field = type.getFields()[idField];
    const nodeId = (type.extensions.pothosOptions as NodeOptions | undefined)?.id?.resolve;
    const viaPlugin = field?.resolve;
    // A resolver another plugin wraps (an auth scope on the ID, say) stays as it is.
    if (!field || !nodeId || !viaPlugin || field.extensions.pothosResolveWrapped !== false) continue;
    field.resolve = (parent, args, context, info) => {
      const id = nodeId(parent, args, context, info);
      return isThenable(id) ? viaPlugin(parent, args, context, info) : encode(type.name, String(id), context);
    };
  }
}
