import { getConnectionPageSize, PothosValidationError, validateConnectionArguments } from "@pothos/core";
import { formatPrismaCursor, parsePrismaCursor } from "@pothos/plugin-prisma";
import type { Call } from "@prisma/client";
import type { CallListPage } from "../calls/call-list.js";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "./operation-limits.js";

interface PageArgs {
  first?: number | null;
  last?: number | null;
  before?: string | null;
  after?: string | null;
}

interface CallPageLoaders {
  page(page: CallListPage): Promise<Call[]>;
  count(): Promise<number>;
}

/**
 * `Query.calls` as the Prisma plugin's cursor connections page, with the same arguments, cursors
 * (a call's ID, so a cursor a client kept still works) and `pageInfo`, over the call list's own
 * SQL (call-list.ts). One row more than the page is read, to know whether there is another.
 */
export async function resolveCallPage(args: PageArgs, loaders: CallPageLoaders) {
  validateConnectionArguments(args);
  if (args.before != null && args.after != null)
    throw new PothosValidationError('Arguments "before" and "after" are not supported at the same time');
  if (args.before != null && args.first != null)
    throw new PothosValidationError('Arguments "before" and "first" are not supported at the same time');
  if (args.after != null && args.last != null)
    throw new PothosValidationError('Arguments "after" and "last" are not supported at the same time');
  const backwards = args.before != null || args.last != null;
  const { limit } = getConnectionPageSize({ args, defaultSize: DEFAULT_PAGE_SIZE, maxSize: MAX_PAGE_SIZE });
  const cursor = args.before ?? args.after;
  const rows = await loaders.page({
    take: backwards ? -limit : limit,
    ...(cursor == null ? {} : { cursorId: String(parsePrismaCursor(cursor)) }),
  });
  const full = rows.length === limit;
  // The extra row is at the far end from the cursor: the oldest going forwards, the newest backwards.
  const calls = full ? (backwards ? rows.slice(1) : rows.slice(0, -1)) : rows;
  const edges = calls.map((call) => ({ cursor: formatPrismaCursor(call, "id"), node: call }));
  return {
    edges,
    totalCount: loaders.count,
    pageInfo: {
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
      hasPreviousPage: args.after != null ? true : backwards ? full : false,
      hasNextPage: args.before != null ? true : args.last != null ? false : full,
    },
  };
}
