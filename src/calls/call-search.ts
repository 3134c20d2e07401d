import { type Call, Prisma, type PrismaClient } from "@prisma/client";
import { type CallColumns, callFromRow, EVERY_CALL_COLUMN } from "./call-list.js";

/**
 * Full-text search over the call log. The vector it searches ("Call"."searchVector") and the
 * triggers that keep it current are in the `call_search` migration.
 *
 * Query language: words go through `websearch_to_tsquery('english', …)`, so they are stemmed and
 * all must match ("quoted phrases", `or` and `-excluded` words work as on a web search engine).
 * A run of 7 or more digits, with or without the usual separators ("+1 (555) 123-4567"), is a phone
 * number: it matches calls from or to a number ending in those digits (or that text written in a
 * transcript), and is ANDed with the words.
 */

export interface SearchHit {
  callId: string;
  /** ts_rank: higher is better; only comparable within one search. */
  rank: number;
  /**
   * Where the call matched, as plain text (not HTML): matches between `[[` and `]]`, fragments
   * joined by " … ", fields and turns by " · ". A call found only by its number gets that number,
   * marked.
   */
  snippet: string | null;
  /** The call, read in the same statement: the columns asked for (and its ID); the others are absent. */
  call: Call;
}

export interface SearchPage {
  hits: SearchHit[];
  hasMore: boolean;
}

/** A query or page the search cannot run; the message is meant for the user. */
export class SearchQueryError extends Error {
  override name = "SearchQueryError";
}

export const SNIPPET_START = "[[";
export const SNIPPET_STOP = "]]";
export const MAX_SEARCH_QUERY_LENGTH = 500;
/**
 * Bounds the snippet work of one request. Above the API's largest page (100), with room for the one
 * extra row that a Relay offset connection asks for to learn whether there is a next page.
 */
export const MAX_SEARCH_PAGE_SIZE = 200;
/**
 * Ranking reads each candidate's whole vector, too slow for a word found in most of 100,000 calls,
 * so the newest this many matches are ranked (that is all of them for most queries) and paging
 * stops there.
 */
export const MAX_RANKED_MATCHES = 1000;

// Digits joined by the separators people type in phone numbers: "+1 (555) 123-4567", "555.123.4567".
const DIGIT_RUN = /\+?\d(?:[\s().-]{0,3}\d)*/g;
const MIN_PHONE_DIGITS = 7;
const SEARCHABLE = /[\p{L}\p{N}]/u;

// Plain-text markers: they survive JSON and need no HTML escaping, and speech-to-text never writes them.
const HEADLINE_OPTIONS = `StartSel=${SNIPPET_START}, StopSel=${SNIPPET_STOP}, MaxFragments=2, MinWords=6, MaxWords=18, FragmentDelimiter=" … "`;

interface PhoneNumber {
  /** Digit strings, any of which may end the call's number. */
  endings: string[];
  /** As typed, to also match the number written out in a transcript. */
  text: string;
}

function parseQuery(query: string): { words: string; phones: PhoneNumber[] } {
  const phones: PhoneNumber[] = [];
  const words = query.replace(DIGIT_RUN, (text) => {
    const digits = text.replace(/\D/g, "");
    if (digits.length < MIN_PHONE_DIGITS) return text;
    // Stored numbers are E.164, so a national trunk "0" ("020 7946 0958") or an international "00"
    // is not in them; the digits as typed still count, for an ending that starts with a zero.
    const withoutPrefix = digits.replace(/^0+/, "");
    const endings =
      withoutPrefix !== digits && withoutPrefix.length >= MIN_PHONE_DIGITS ? [digits, withoutPrefix] : [digits];
    phones.push({ endings, text });
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
 * The statement `searchCalls` runs (exported for EXPLAIN). The planner picks its own plan: with
 * the ranking capped at MAX_RANKED_MATCHES it walks the newest calls for a common word and scans
 * the GIN index for a rare one; forcing the GIN index measured 5 to 20 times slower for common
 * words at 100,000 calls (bench/search.ts).
 */
export function searchCallsSql(
  query: string,
  page: { limit: number; offset: number },
  columns: CallColumns = EVERY_CALL_COLUMN,
): Prisma.Sql {
  if (query.trim() === "") throw new SearchQueryError("The search query is empty.");
  if (query.length > MAX_SEARCH_QUERY_LENGTH) {
    throw new SearchQueryError(`The search query is longer than ${MAX_SEARCH_QUERY_LENGTH} characters.`);
  }
  checkPage(page);
  const { words, phones } = parseQuery(query);
  if (words === "" && phones.length === 0)
    throw new SearchQueryError("The search query has no words or numbers in it.");

  const terms = [
    ...(words ? [Prisma.sql`websearch_to_tsquery('english', ${words})`] : []),
    // Endings are digits only, so joining them with " | " cannot make any other tsquery syntax.
    ...phones.map(
      (phone) =>
        Prisma.sql`(to_tsquery('simple', ${phone.endings.join(" | ")}) || phraseto_tsquery('english', ${phone.text}))`,
    ),
  ];
  // Written out wherever it is used: its functions are immutable, so the planner folds it into
  // one constant (computed once) and sees how common the words are.
  const tsquery = Prisma.sql`(${Prisma.join(terms, " && ")})`;
  // For the snippet of a call found by its number alone: which of its numbers matched.
  const anyPhone = phones.flatMap((phone) => phone.endings).join(" | ");

  return Prisma.sql`
    WITH matches AS (
      SELECT id, "startedAt", "searchVector"
      FROM "Call"
      WHERE "searchVector" @@ ${tsquery}
      ORDER BY "startedAt" DESC, id
      LIMIT ${MAX_RANKED_MATCHES}
    ),
    ranked AS (
      SELECT id, "startedAt", ts_rank("searchVector", ${tsquery}) AS rank
      FROM matches
      ORDER BY rank DESC, "startedAt" DESC, id
      LIMIT ${page.limit + 1} OFFSET ${page.offset}
    ),
    page AS MATERIALIZED (
      SELECT ranked.*, call."from", call."to",
             ts_headline('english',
               concat_ws(E'\n', call."callerName", call.intent, call.summary, call.notes,
                         (SELECT string_agg(turn.text, E'\n' ORDER BY turn.seq) FROM "Turn" AS turn WHERE turn."callId" = call.id)),
               ${tsquery}, ${HEADLINE_OPTIONS}) AS headline
      FROM ranked JOIN "Call" AS call ON call.id = ranked.id
    )
    SELECT page.id AS "callId", page.rank,
           CASE
             WHEN strpos(page.headline, ${SNIPPET_START}) > 0 THEN page.headline
             WHEN ${anyPhone} <> '' THEN nullif(concat_ws(' … ',
               CASE WHEN call_search_phone_vector(ARRAY[page."from"]) @@ to_tsquery('simple', ${anyPhone})
                    THEN ${SNIPPET_START} || page."from" || ${SNIPPET_STOP} END,
               CASE WHEN call_search_phone_vector(ARRAY[page."to"]) @@ to_tsquery('simple', ${anyPhone})
                    THEN ${SNIPPET_START} || page."to" || ${SNIPPET_STOP} END), '')
           END AS snippet,
           call.*
    FROM page
    -- The columns' names are the call's own, read where only "Call" is in scope ("from", "startedAt" and id are page's too).
    CROSS JOIN LATERAL (SELECT ${columns.sql} FROM "Call" WHERE "Call".id = page.id) AS call
    ORDER BY page.rank DESC, page."startedAt" DESC, page.id`;
}

/**
 * Calls matching `query`, best first (equal ranks: most recent first), each read with `columns`
 * only (call-list.ts). Snippets are computed for the returned page only. A query of stop words
 * alone ("the") matches nothing.
 */
export async function searchCalls(
  prisma: PrismaClient,
  query: string,
  page: { limit: number; offset: number },
  columns: CallColumns = EVERY_CALL_COLUMN,
): Promise<SearchPage> {
  const sql = searchCallsSql(query, page, columns);
  const rows = await prisma.$queryRaw<({ callId: string; rank: number; snippet: string | null } & Call)[]>(sql);
  return {
    hits: rows.slice(0, page.limit).map(({ callId, rank, snippet, ...call }) => ({
      callId,
      rank,
      snippet: snippet === null ? null : tidySnippet(snippet),
      call: callFromRow(call, columns),
    })),
    hasMore: rows.length > page.limit,
  };
}

// ts_headline marks each token of "555-123-4567" on its own, and the document joins the fields and
// turns with newlines; a snippet reads better as one line with one mark per match.
function tidySnippet(snippet: string): string {
  return snippet.replaceAll(`${SNIPPET_STOP}${SNIPPET_START}`, "").replace(/\s*\n\s*/g, " · ");
}
