import {
  type ExecutionArgs,
  type FragmentDefinitionNode,
  GraphQLError,
  type GraphQLInputType,
  type GraphQLOutputType,
  getArgumentValues,
  getNamedType,
  getNullableType,
  getOperationAST,
  getVariableValues,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  type SelectionSetNode,
} from "graphql";
import type { Plugin } from "graphql-yoga";

/** Most items any list argument takes: `nodes(ids)`, the `status` and `urgency` filters, and any to come. */
export const MAX_LIST_ITEMS = 100;
/** A connection's page when neither `first` nor `last` says, and the most it returns whatever they say. */
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
/** What a list without a size argument (a call's turns, its action items) counts for. */
export const UNSIZED_LIST_ITEMS = 10;
/** The most an operation may cost: every field 1, the selection under a list once per item it may hold. */
export const MAX_COST = 5000;

/**
 * The limits only an operation's variables can tell: how long its list arguments are, and what it
 * costs with its page sizes and lists of IDs counted, whether they are written out or passed as
 * variables (graphql-armor's cost, computed while validating, sees only what is written out).
 * Checked once the variables are known and before anything runs, for queries and mutations as
 * for subscriptions, on every transport: they all execute through envelop.
 */
export function useOperationLimits(): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const refusal = checkLimits(args);
      if (refusal) setResultAndStopExecution({ errors: [refusal] });
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const refusal = checkLimits(args);
      if (refusal) setResultAndStopExecution({ errors: [refusal] });
    },
  };
}

class LimitExceeded extends GraphQLError {}

const NO_ARGUMENTS: Readonly<Record<string, unknown>> = Object.freeze({});
const isPageSizeArgument = (argument: { name: string }) => argument.name === "first" || argument.name === "last";

function checkLimits(args: ExecutionArgs): GraphQLError | undefined {
  const operation = getOperationAST(args.document, args.operationName);
  if (!operation) return undefined;
  const variables = getVariableValues(args.schema, operation.variableDefinitions ?? [], args.variableValues ?? {});
  // Variables that do not fit their types are the executor's to report, as it always has.
  if (variables.errors) return undefined;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of args.document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);

  /**
   * What `selectionSet` costs once, on an object of `type`; fragments count in full, whatever their
   * type. `pageSize` is set under a connection, for its `edges`.
   */
  const selectionCost = (type: GraphQLOutputType, selectionSet: SelectionSetNode, pageSize?: number): number => {
    const parent = getNamedType(type);
    let cost = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const on = selection.typeCondition ? args.schema.getType(selection.typeCondition.name.value) : parent;
        if (on && (isObjectType(on) || isInterfaceType(on)))
          cost += selectionCost(on, selection.selectionSet, pageSize);
        continue;
      }
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        const on = fragment && args.schema.getType(fragment.typeCondition.name.value);
        if (fragment && on && (isObjectType(on) || isInterfaceType(on)))
          cost += selectionCost(on, fragment.selectionSet, pageSize);
        continue;
      }
      // Introspection fields count 1, whatever they select: __schema is GraphiQL's, and off in production.
      const field =
        (isObjectType(parent) || isInterfaceType(parent)) && !selection.name.value.startsWith("__")
          ? parent.getFields()[selection.name.value]
          : undefined;
      if (!field) {
        cost += 1;
        continue;
      }
      // Most fields take no arguments, and graphql-js builds two dictionary-mode objects per call
      // even then: about 450 bytes for each field of every request (bench/search.ts --heap-profile).
      const values = field.args.length === 0 ? NO_ARGUMENTS : getArgumentValues(field, selection, variables.coerced);
      for (const argument of field.args) {
        const tooLong = tooLongList(values[argument.name], argument.type, argument.name);
        if (tooLong)
          throw new LimitExceeded(
            `${field.name}(${tooLong.path}) takes at most ${MAX_LIST_ITEMS} items in a list, got ${tooLong.length}`,
            { nodes: [selection], extensions: { code: "BAD_USER_INPUT" } },
          );
      }
      const isConnection = field.args.some(isPageSizeArgument);
      const items = isListType(getNullableType(field.type))
        ? field.name === "edges" && pageSize !== undefined
          ? pageSize
          : (listArgumentLength(values) ?? UNSIZED_LIST_ITEMS)
        : 1;
      const below = selection.selectionSet
        ? selectionCost(field.type, selection.selectionSet, isConnection ? pageSizeOf(values) : undefined)
        : 0;
      cost += items * (1 + below);
    }
    return cost;
  };

  const root = args.schema.getRootType(operation.operation);
  if (!root) return undefined;
  try {
    const cost = selectionCost(root, operation.selectionSet);
    if (cost <= MAX_COST) return undefined;
    return new GraphQLError(
      `Operation cost limit of ${MAX_COST} exceeded: this one may cost ${cost}. Ask for fewer items per page, fewer IDs, or fewer fields.`,
      { extensions: { code: "BAD_USER_INPUT", cost, maxCost: MAX_COST } },
    );
  } catch (error) {
    if (error instanceof LimitExceeded) return error;
    // An argument that does not coerce: the executor reports it, as it always has.
    if (error instanceof GraphQLError) return undefined;
    throw error;
  }
}

/** The items a connection's page holds: `first` or `last`, at most MAX_PAGE_SIZE, as Pothos pages it. */
function pageSizeOf(values: Record<string, unknown>): number {
  const asked = values.first ?? values.last;
  return typeof asked === "number" ? Math.min(Math.max(asked, 0), MAX_PAGE_SIZE) : DEFAULT_PAGE_SIZE;
}

/** A list-returning field that takes a list (`nodes(ids)`) returns one item per entry. */
function listArgumentLength(values: Record<string, unknown>): number | undefined {
  const list = Object.values(values).find((value) => Array.isArray(value));
  return Array.isArray(list) ? list.length : undefined;
}

/** The first list longer than MAX_LIST_ITEMS anywhere in an argument's value, input objects included (a filter's `status`). */
function tooLongList(
  value: unknown,
  type: GraphQLInputType,
  path: string,
): { path: string; length: number } | undefined {
  const nullable = getNullableType(type);
  if (value === null || value === undefined) return undefined;
  if (isListType(nullable) && Array.isArray(value)) {
    if (value.length > MAX_LIST_ITEMS) return { path, length: value.length };
    for (const item of value) {
      const tooLong = tooLongList(item, nullable.ofType as GraphQLInputType, path);
      if (tooLong) return tooLong;
    }
  } else if (isInputObjectType(nullable) && typeof value === "object") {
    for (const field of Object.values(nullable.getFields())) {
      const tooLong = tooLongList((value as Record<string, unknown>)[field.name], field.type, `${path}.${field.name}`);
      if (tooLong) return tooLong;
    }
  }
  return undefined;
}
