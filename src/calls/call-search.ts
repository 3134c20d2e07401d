import { Prisma, type PrismaClient } from "@prisma/client";

/**
 * Full-text search over the call log. The vector it searches ("Call"."searchVector") and the
 * triggers that maintain it are in the `call_search` migration.
 *
 * Query language: words go through `websearch_to_tsquery('english', …)`, so they are stemmed and
 * all must match ("quoted phrases", `or` and `-excluded` words work as on a web search engine).
 * A run of 7 or more digits, with or without the usual separators ("+1 (555) 123-4567"), is a phone
 * number: it matches calls from or to a number ending in those digits (or that text in a
 * transcript), and is ANDed with the words.
 */

export interface SearchHit {
  callId: string;
  /** ts_rank: higher is better; only comparable within one search. */
  rank: number;
  /**
   * Where the call matched, as plain text (not HTML): matches between `[[` and `]]`, fragments
   * joined by " … ", fields and turns by " · ". A call found only by its number gets that number,
   * marked. Null if nothing textual can be shown.
   */
  snippet: string | null;
}

export interface SearchPage {
  hits: SearchHit[];
  hasMore: boolean;
}

/** A query or page the search cannot run: show the message to the user. */
export class SearchQueryError extends Error {
  override name = "SearchQueryError";
}

export const SNIPPET_START = "[[";
export const SNIPPET_STOP = "]]";
export const MAX_SEARCH_QUERY_LENGTH = 500;
export const MAX_SEARCH_PAGE_SIZE = 100;

// Digits joined by the separators people type in phone numbers: "+1 (555) 123-4567", "555.123.4567".
const DIGIT_RUN = /\+?\d(?:[\s().-]{0,3}\d)*/g;
const MIN_PHONE_DIGITS = 7;
const SEARCHABLE = /[\p{L}\p{N}]/u;

// Markers that survive JSON and need no HTML escaping; unlikely in speech-to-text transcripts.
const HEADLINE_OPTIONS = `StartSel=${SNIPPET_START}, StopSel=${SNIPPET_STOP}, MaxFragments=2, MinWords=6, MaxWords=18, FragmentDelimiter=" … "`;

interface PhoneNumber {
  digits: string;
  /** As typed, to also match the number written out in a transcript. */
  text: string;
}

function parseQuery(query: string): { words: string; phones: PhoneNumber[] } {
  const phones: PhoneNumber[] = [];
  const words = query.replace(DIGIT_RUN, (text) => {
    const digits = text.replace(/\D/g, "");
    if (digits.length < MIN_PHONE_DIGITS) return text;
    phones.push({ digits, text });
    return " ";
  });
  return { words: SEARCHABLE.test(words) ? words.trim() : "", phones };
}

function checkPage(page: { limit: number; offset: number }): void {
  if (!Number.isInteger(page.limit) || page.limit < 1 || page.limit > MAX_SEARCH_PAGE_SIZE) {
    throw new SearchQueryError(`The page size must be a whole number from 1 to ${MAX_SEARCH_PAGE_SIZE}.`);
  }
  if (!Number.isInteger(page.offset) || page.offset < 0) {
    throw new SearchQueryError("The offset must be a whole number, 0 or more.");
  }
}

/**
 * Calls matching `query`, best first (ties: most recent first). Snippets are computed for the
 * returned page only. A query of stop words alone ("the") matches nothing.
 */
export async function searchCalls(
  prisma: PrismaClient,
  query: string,
  page: { limit: number; offset: number },
): Promise<SearchPage> {
  if (query.trim() === "") throw new SearchQueryError("The search query is empty.");
  if (query.length > MAX_SEARCH_QUERY_LENGTH) {
    throw new SearchQueryError(`The search query is longer than ${MAX_SEARCH_QUERY_LENGTH} characters.`);
  }
  checkPage(page);
  const { words, phones } = parseQuery(query);
  if (words === "" && phones.length === 0) throw new SearchQueryError("The search query has no words or numbers in it.");

  const terms = [
    ...(words ? [Prisma.sql`websearch_to_tsquery('english', ${words})`] : []),
    ...phones.map(
      (phone) => Prisma.sql`(plainto_tsquery('simple', ${phone.digits}) || phraseto_tsquery('english', ${phone.text}))`,
    ),
  ];
  // For the snippet of a call found by its number alone: which of its numbers matched.
  const anyPhone = phones.map((phone) => phone.digits).join(" | ");

  // `(SELECT query FROM q)` is an init-plan: the tsquery is built once, not once per matching row.
  const rows = await prisma.$queryRaw<{ callId: string; rank: number; snippet: string | null }[]>`
    WITH q AS (SELECT ${Prisma.join(terms, " && ")} AS query),
    matches AS (
      SELECT c.id, c."startedAt", ts_rank(c."searchVector", (SELECT query FROM q)) AS rank
      FROM "Call" AS c
      WHERE c."searchVector" @@ (SELECT query FROM q)
      ORDER BY rank DESC, c."startedAt" DESC, c.id
      LIMIT ${page.limit + 1} OFFSET ${page.offset}
    )
    SELECT m.id AS "callId", m.rank,
           CASE
             WHEN strpos(headline.text, ${SNIPPET_START}) > 0 THEN headline.text
             WHEN ${anyPhone} <> '' THEN nullif(concat_ws(' … ',
               CASE WHEN call_search_phone_vector(ARRAY[c."from"]) @@ to_tsquery('simple', ${anyPhone})
                    THEN ${SNIPPET_START} || c."from" || ${SNIPPET_STOP} END,
               CASE WHEN call_search_phone_vector(ARRAY[c."to"]) @@ to_tsquery('simple', ${anyPhone})
                    THEN ${SNIPPET_START} || c."to" || ${SNIPPET_STOP} END), '')
           END AS snippet
    FROM matches AS m
    JOIN "Call" AS c ON c.id = m.id
    CROSS JOIN LATERAL (
      SELECT ts_headline('english',
               concat_ws(E'\n', c."callerName", c.intent, c.summary, c.notes,
                         (SELECT string_agg(t.text, E'\n' ORDER BY t.seq) FROM "Turn" AS t WHERE t."callId" = c.id)),
               (SELECT query FROM q), ${HEADLINE_OPTIONS}) AS text
    ) AS headline
    ORDER BY m.rank DESC, m."startedAt" DESC, m.id`;

  return {
    hits: rows.slice(0, page.limit).map((row) => ({ ...row, snippet: row.snippet === null ? null : tidySnippet(row.snippet) })),
    hasMore: rows.length > page.limit,
  };
}

// ts_headline marks each token of "555-123-4567" on its own, and the document joins the fields and
// turns with newlines; a snippet reads better as one line with one mark per match.
function tidySnippet(snippet: string): string {
  return snippet.replaceAll(`${SNIPPET_STOP}${SNIPPET_START}`, "").replace(/\s*\n\s*/g, " · ");
}
