import { Prisma, type PrismaClient } from "@prisma/client";
import { MAX_SEARCH_QUERY_LENGTH, SearchQueryError } from "../calls/call-search.js";

/**
 * Full-text search over the knowledge base, on the vector the `knowledge_base` migration keeps
 * ("KnowledgeEntry"."searchVector": the title weighs more than the content), with PostgreSQL's
 * English stemming, as `searchCalls` does over the call log.
 */

/** What the secretary's search_knowledge tool returns at most: enough to answer from, short to read. */
export const KNOWLEDGE_HITS = 3;
// The secretary's queries are a few keywords; a long one is cut rather than refused mid-call.
const MAX_QUERY_WORDS = 20;

export interface KnowledgeHit {
  title: string;
  content: string;
}

/**
 * The entries that best answer a question the secretary is asked, best first (at most
 * KNOWLEDGE_HITS). Any of the query's words may match, the more the better: the secretary writes
 * keywords from what the caller said, and an entry that mentions only some of them is still worth
 * reading. Never fails on what the query says: no words in it, no hits.
 */
export async function searchKnowledge(prisma: PrismaClient, query: string): Promise<KnowledgeHit[]> {
  // Words only, joined with websearch's `or`: nothing else of its syntax can reach it.
  const words = (query.match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, MAX_QUERY_WORDS);
  if (words.length === 0) return [];
  const tsquery = Prisma.sql`websearch_to_tsquery('english', ${words.join(" or ")})`;
  return prisma.$queryRaw<KnowledgeHit[]>`
    SELECT title, content
    FROM "KnowledgeEntry"
    WHERE "searchVector" @@ ${tsquery}
    ORDER BY ts_rank("searchVector", ${tsquery}) DESC, "updatedAt" DESC, id
    LIMIT ${KNOWLEDGE_HITS}`;
}

/**
 * The ids of the entries matching the owner's search, in no order: every word must match ("quoted
 * phrases", `or` and `-excluded` words work as on a web search engine). A query the search cannot
 * run is a SearchQueryError.
 */
export async function knowledgeEntryIdsMatching(prisma: PrismaClient, query: string): Promise<string[]> {
  if (query.trim() === "") throw new SearchQueryError("The search query is empty.");
  if (query.length > MAX_SEARCH_QUERY_LENGTH)
    throw new SearchQueryError(`The search query is longer than ${MAX_SEARCH_QUERY_LENGTH} characters.`);
  const rows = await prisma.$queryRaw<{ id: string }[]>`
    SELECT id FROM "KnowledgeEntry" WHERE "searchVector" @@ websearch_to_tsquery('english', ${query})`;
  return rows.map((row) => row.id);
}
