import { getOperationAST, Kind } from "graphql";
import type { Plugin } from "graphql-yoga";

/**
 * The live subscriptions running on this server, per root field (callUpdated, transcript…), on
 * every transport: counted when a subscription starts streaming and again when it ends, however it
 * ends (completed, stopped by the client, or its connection gone). Read when metrics are scraped.
 */
export class LiveSubscribers {
  private readonly running = new Map<string, number>();

  /** An envelop plugin, so that graphql-ws and graphql-sse are counted as well as Yoga's own SSE. */
  plugin(): Plugin {
    return {
      onSubscribe: ({ args }) => {
        const operation = getOperationAST(args.document, args.operationName);
        const selection = operation?.selectionSet.selections[0];
        const field = selection?.kind === Kind.FIELD ? selection.name.value : "unknown";
        return {
          onSubscribeResult: ({ result }) => {
            // An operation refused before it streamed (an error result) is no subscriber.
            if (!(Symbol.asyncIterator in result)) return;
            this.running.set(field, (this.running.get(field) ?? 0) + 1);
            return { onEnd: () => this.running.set(field, (this.running.get(field) ?? 1) - 1) };
          },
        };
      },
    };
  }

  /** How many run now, per root field (fields that had subscribers and have none now show 0). */
  counts(): Record<string, number> {
    return Object.fromEntries(this.running);
  }
}
