import type { DocumentNode } from "graphql";
import { type Client, type Exchange, makeOperation, mapExchange, type Operation } from "urql";
import { droppedLists } from "./cache";

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
 * the cache dropped for a live event (cache.ts, `droppedLists`), or anything asked before the live
 * connection (re)opened (events are not sent to a subscription that is not listening yet). urql sends
 * no second request for a query already on its way (a reload asked for meanwhile is dropped), so
 * without this, the answer that lands would be the last word: a new call missing from Live until
 * something else changed. However many changes come while a load is on its way, one load follows it.
 */
export function lateAnswersExchange(): { exchange: Exchange; connectionOpened(): void; dispose(): void } {
  // By operation key; a load the page gave up on (torn down, never answered) is replaced by its next one.
  const onTheirWay = new Map<number, Load>();
  let client: Client | undefined;

  const dropped = (event: Event) => {
    const fields = (event as CustomEvent<string[]>).detail;
    for (const load of onTheirWay.values()) {
      if (fields.some((field) => load.fields.has(field))) load.late = true;
    }
  };
  droppedLists.addEventListener("dropped", dropped);

  const map = mapExchange({
    onOperation(operation) {
      if (operation.kind !== "query") return;
      onTheirWay.set(operation.key, { operation, fields: rootFields(operation.query), late: false });
    },
    onResult(result) {
      const load = onTheirWay.get(result.operation.key);
      if (result.operation.kind !== "query" || result.hasNext || !load) return;
      onTheirWay.delete(result.operation.key);
      // Sent once this answer has been through the cache and urql counts the query as answered.
      if (load.late) {
        client?.reexecuteOperation(makeOperation("query", load.operation, { requestPolicy: "network-only" }));
      }
    },
  });

  return {
    exchange: (input) => {
      client = input.client;
      return map(input);
    },
    connectionOpened() {
      for (const load of onTheirWay.values()) load.late = true;
    },
    dispose() {
      droppedLists.removeEventListener("dropped", dropped);
    },
  };
}
