import { resolveOffsetConnection } from "@pothos/plugin-relay";
import type { Call as CallRow } from "@prisma/client";
import { MAX_RANKED_MATCHES, SNIPPET_START, SNIPPET_STOP, searchCalls } from "../../calls/call-search.js";
import { builder } from "../builder.js";
import { Call, callListColumns } from "./call.js";

type SearchHit = CallRow & { searchRank: number; searchSnippet: string | null };

builder.queryFields((t) => ({
  searchCalls: t.connection(
    {
      type: Call,
      description:
        'Calls matching a full-text search over transcripts, summaries, intents, caller names and notes, best first. Words are stemmed ("rescheduling appointments" finds "reschedule my appointment"); phone numbers match in any common format.',
      args: { query: t.arg.string({ required: true }) },
      resolve: (_parent, args, context, info) =>
        resolveOffsetConnection({ args, defaultSize: 20, maxSize: 50 }, async ({ limit, offset }) => {
          const result = await searchCalls(context.prisma, args.query, { limit, offset }, callListColumns(info));
          return result.hits.map(
            (hit): SearchHit => ({ ...hit.call, searchRank: hit.rank, searchSnippet: hit.snippet }),
          );
        }),
    },
    {
      name: "CallSearchConnection",
      // Why no totalCount: counting every match costs what the cap on ranking avoids, and the
      // count would promise pages beyond the last one.
      description: `Search results, best first. Only the newest ${MAX_RANKED_MATCHES.toLocaleString("en-US")} matches are ranked, so paging ends there; there is no totalCount: counting every match of a common word means reading most of the call log, the work that cap exists to avoid. \`pageInfo.hasNextPage\` says whether there is more.`,
    },
    {
      name: "CallSearchEdge",
      fields: (edge) => ({
        snippet: edge.string({
          nullable: true,
          description: `Where the call matched, with the matching words between ${SNIPPET_START} and ${SNIPPET_STOP}.`,
          resolve: (parent) => (parent.node as SearchHit).searchSnippet,
        }),
        rank: edge.float({
          description: "Relevance; higher is better. Only comparable within one search.",
          resolve: (parent) => (parent.node as SearchHit).searchRank,
        }),
      }),
    },
  ),
}));
