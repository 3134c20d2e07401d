import {
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  Kind,
  type SelectionSetNode,
} from "graphql";

/**
 * The columns of a Prisma model's rows that a connection's nodes read, from the query: under
 * `edges { node { … } }`, a field exposing a column (`t.expose…`) needs that column; a relation,
 * or a field with a `select` of its own, loads what it needs by the row's ID (the Prisma plugin's
 * fallback for rows it did not load itself). `undefined`, meaning every column, when the nodes ask
 * for a field that reads the row some other way. Directives are ignored: a field under a false
 * @include only costs its column.
 */
export function selectedNodeColumns(info: GraphQLResolveInfo, nodeType: GraphQLObjectType): Set<string> | undefined {
  const fields = nodeType.getFields();
  const columns = new Set<string>(["id"]);
  for (const edges of subfields(info.fieldNodes, "edges", info.fragments))
    for (const node of subfields([edges], "node", info.fragments))
      for (const field of subfields([node], undefined, info.fragments)) {
        const name = field.name.value;
        if (name === "__typename" || name === "id") continue;
        const extensions = fields[name]?.extensions as
          | { pothosPrismaVariant?: unknown; pothosPrismaSelect?: unknown }
          | undefined;
        if (typeof extensions?.pothosPrismaVariant === "string") columns.add(extensions.pothosPrismaVariant);
        else if (!extensions?.pothosPrismaSelect) return undefined;
      }
  return columns;
}

/** The fields selected under `parents` (those named `name`, if given), through fragments of any type. */
function subfields(
  parents: readonly FieldNode[],
  name: string | undefined,
  fragments: Record<string, FragmentDefinitionNode>,
): FieldNode[] {
  const found: FieldNode[] = [];
  const walk = (selectionSet: SelectionSetNode | undefined) => {
    for (const selection of selectionSet?.selections ?? []) {
      if (selection.kind === Kind.FIELD) {
        if (name === undefined || selection.name.value === name) found.push(selection);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) walk(selection.selectionSet);
      else walk(fragments[selection.name.value]?.selectionSet);
    }
  };
  for (const parent of parents) walk(parent.selectionSet);
  return found;
}
