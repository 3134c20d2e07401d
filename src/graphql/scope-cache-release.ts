import { RequestCache } from "@pothos/plugin-scope-auth";
import { isAsyncIterable, type Plugin } from "graphql-yoga";

/**
 * Drops the scope-auth plugin's cache for an operation's context once the operation has run.
 * The plugin keeps that cache in a WeakMap keyed by the context, and the cache refers to the
 * context. A young-generation collection holds a WeakMap's values alive whatever their keys, so
 * each request's context (its Request, node's request and response, the cache itself) outlived
 * the collections that came while it was in the map and was promoted to the old generation:
 * garbage there until the next full collection, about 8 KB of every `calls(first: 20)`, and the
 * copying of it in every young-generation pause (bench/search.ts counts them). A subscription's
 * context lives as long as it does and is left to the map.
 */
export function useScopeCacheRelease(): Plugin {
  // The same hooks for every operation: nothing is allocated for them per request.
  const afterExecution: OnExecuteHooks = {
    onExecuteDone: ({ args, result }) => {
      // Should an execution ever deliver in parts (@defer, @stream), its fields resolve until the last.
      if (isAsyncIterable(result)) return { onEnd: () => RequestCache.clearForContext(args.contextValue) };
      RequestCache.clearForContext(args.contextValue);
    },
  };
  return { onExecute: () => afterExecution };
}

/** What an `onExecute` hook may return to be told when its execution is done. */
type OnExecuteHooks = Extract<ReturnType<NonNullable<Plugin["onExecute"]>>, { onExecuteDone?: unknown }>;
