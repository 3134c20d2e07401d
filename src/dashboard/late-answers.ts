import type { DocumentNode } from "graphql";
import { type Client, type Exchange, makeOperation, type Operation, type OperationResult } from "urql";
import { onPush, pipe } from "wonka";

interface Load {
  operation: Operation;
  /** The query's root fields: `calls`, `actionItems`… */
  fields: ReadonlySet<string>;
  /** Something it should show may have changed after the server read it. */
  late: boolean;
}

function rootFields(query: DocumentNode): Set<string> {
  const fields = new Set<string>();
  for (const definition of query.definitions) {
    if (definition.kind !== "OperationDefinition") continue;
    for (const selection of definition.selectionSet.selections) {
      if (selection.kind === "Field") fields.add(selection.name.value);
    }
  }
  return fields;
}

/**
 * Loads a query once more when the answer on its way may predate a change it should show: a list
 * the cache dropped for a live event (`droppedLists`, whose `dropped` events name the root fields:
 * cache.ts), or anything asked before the live
 * connection (re)opened (events are not sent to a subscription that is not listening yet). urql sends
 * no second request for a query already on its way (a reload asked for meanwhile is dropped), so
 * without this, the answer that lands would be the last word: a new call missing from Live until
 * something else changed. However many changes come while a load is on its way, one load follows it.
 */
export function lateAnswersExchange(droppedLists: EventTarget): {
  exchange: Exchange;
  connectionOpened(): void;
  /** How many loads it follows: sent, and neither answered nor given up on yet. */
  readonly loadsOnTheirWay: number;
  dispose(): void;
} {
  // By operation key, from the load's sending until its answer, or until the page gives it up.
  const onTheirWay = new Map<number, Load>();

  const dropped = (event: Event) => {
    const fields = (event as CustomEvent<string[]>).detail;
    for (const load of onTheirWay.values()) {
      if (fields.some((field) => load.fields.has(field))) load.late = true;
    }
  };
  droppedLists.addEventListener("dropped", dropped);

  const sent = (operation: Operation) => {
    if (operation.kind === "query")
      onTheirWay.set(operation.key, { operation, fields: rootFields(operation.query), late: false });
    // The page that asked is gone (or no longer needs it): no answer will come for a load on its way,
    // and a tab left open for days would otherwise keep every load its pages ever gave up on.
    else if (operation.kind === "teardown") onTheirWay.delete(operation.key);
  };
  const answered = (result: OperationResult, client: Client) => {
    const load = onTheirWay.get(result.operation.key);
    if (result.operation.kind !== "query" || result.hasNext || !load) return;
    onTheirWay.delete(result.operation.key);
    // Sent once this answer has been through the cache and urql counts the query as answered.
    if (load.late) client.reexecuteOperation(makeOperation("query", load.operation, { requestPolicy: "network-only" }));
  };

  return {
    // Teardowns too, which urql's mapExchange does not show.
    exchange:
      ({ client, forward }) =>
      (operations$) =>
        pipe(
          forward(pipe(operations$, onPush(sent))),
          onPush((result) => answered(result, client)),
        ),
    get loadsOnTheirWay() {
      return onTheirWay.size;
    },
    connectionOpened() {
      for (const load of onTheirWay.values()) load.late = true;
    },
    dispose() {
      droppedLists.removeEventListener("dropped", dropped);
    },
  };
}
