-- AlterTable
ALTER TABLE "Call" ADD COLUMN     "searchVector" tsvector,
ADD COLUMN     "transcriptVector" tsvector;

-- CreateIndex
CREATE INDEX "Call_searchVector_idx" ON "Call" USING GIN ("searchVector");

-- Full-text search over calls (queried by src/calls/call-search.ts). Everything searchable about a
-- call lives in one weighted vector on the call itself, so a search is one GIN lookup on "Call"
-- however many turns there are: A caller name, intent and phone numbers; B summary; C notes;
-- D transcript. The triggers below keep it current; Prisma knows the columns and the index only.

-- Every suffix of seven or more digits of each number, so that a number typed with or without its
-- country or area code ("1234567", "5551234567", "15551234567" for +15551234567) finds the call,
-- and a number only finds calls whose number ends with exactly those digits.
CREATE FUNCTION call_search_phone_vector(numbers text[]) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT to_tsvector('simple', coalesce(string_agg(right(phone.digits, suffix.length), ' '), ''))
  FROM (SELECT regexp_replace(number, '\D', '', 'g') AS digits FROM unnest(numbers) AS number) AS phone
  CROSS JOIN LATERAL generate_series(7, length(phone.digits)) AS suffix(length)
$$;

CREATE FUNCTION call_search_fields_vector(caller_name text, intent text, summary text, notes text, from_number text, to_number text)
RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT setweight(to_tsvector('english', concat_ws(' ', caller_name, intent)), 'A')
      || setweight(call_search_phone_vector(ARRAY[from_number, to_number]), 'A')
      || setweight(to_tsvector('english', coalesce(summary, '')), 'B')
      || setweight(to_tsvector('english', coalesce(notes, '')), 'C')
$$;

CREATE FUNCTION call_search_transcript_vector(call_id uuid) RETURNS tsvector
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT setweight(to_tsvector('english', coalesce(string_agg(text, E'\n' ORDER BY seq), '')), 'D')
  FROM "Turn" WHERE "callId" = call_id
$$;

-- "transcriptVector" is kept apart so that a change to the other fields re-parses only them.
CREATE FUNCTION call_search_compose() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW."transcriptVector" := coalesce(NEW."transcriptVector", ''::tsvector);
  NEW."searchVector" := call_search_fields_vector(NEW."callerName", NEW.intent, NEW.summary, NEW.notes, NEW."from", NEW."to")
                        || NEW."transcriptVector";
  RETURN NEW;
END
$$;

CREATE TRIGGER call_search_on_insert BEFORE INSERT ON "Call"
  FOR EACH ROW EXECUTE FUNCTION call_search_compose();

-- The column list keeps the frequent status and analysis-state updates free of any search work.
CREATE TRIGGER call_search_on_update BEFORE UPDATE OF "callerName", intent, summary, notes, "from", "to", "transcriptVector" ON "Call"
  FOR EACH ROW EXECUTE FUNCTION call_search_compose();

-- A new turn is parsed alone and appended, rather than the whole transcript re-parsed on every
-- turn of a long call. Statement-level, so a batch of turns costs one update per call.
CREATE FUNCTION turn_search_append() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "Call" AS call
  SET "transcriptVector" = coalesce(call."transcriptVector", ''::tsvector) || added.vector
  FROM (
    SELECT "callId", setweight(to_tsvector('english', string_agg(text, E'\n' ORDER BY seq)), 'D') AS vector
    FROM added_turns
    GROUP BY "callId"
  ) AS added
  WHERE call.id = added."callId";
  RETURN NULL;
END
$$;

CREATE TRIGGER turn_search_on_insert AFTER INSERT ON "Turn"
  REFERENCING NEW TABLE AS added_turns
  FOR EACH STATEMENT EXECUTE FUNCTION turn_search_append();

-- An edited or removed turn cannot be taken out of a vector, so the call's transcript is re-parsed.
-- Row-level with WHEN, so the common updates (interrupted flag, latencies) cost nothing.
CREATE FUNCTION turn_search_after_edit() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "Call" SET "transcriptVector" = call_search_transcript_vector(id) WHERE id IN (OLD."callId", NEW."callId");
  RETURN NULL;
END
$$;

CREATE TRIGGER turn_search_on_update AFTER UPDATE OF text, "callId" ON "Turn"
  FOR EACH ROW WHEN (OLD.text IS DISTINCT FROM NEW.text OR OLD."callId" IS DISTINCT FROM NEW."callId")
  EXECUTE FUNCTION turn_search_after_edit();

CREATE FUNCTION turn_search_after_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "Call" SET "transcriptVector" = call_search_transcript_vector(id) WHERE id IN (SELECT "callId" FROM removed_turns);
  RETURN NULL;
END
$$;

CREATE TRIGGER turn_search_on_delete AFTER DELETE ON "Turn"
  REFERENCING OLD TABLE AS removed_turns
  FOR EACH STATEMENT EXECUTE FUNCTION turn_search_after_delete();

-- A search visits every matching row of "Call". With the vectors inline a row is about 2 kB, and a
-- common word's matches meant reading most of the table (measured at 100,000 calls: 224 MB of heap).
-- A row over the 2 kB toast threshold now moves its largest values, the vectors, out of line until
-- it is 256 bytes (25 MB of heap), and a vector is read only for the rows that are ranked.
ALTER TABLE "Call" SET (toast_tuple_target = 256);

-- Calls logged before this migration; setting "transcriptVector" fires call_search_on_update.
UPDATE "Call" SET "transcriptVector" = call_search_transcript_vector(id);
