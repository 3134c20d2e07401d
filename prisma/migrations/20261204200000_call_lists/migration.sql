-- What `calls { totalCount }` reads instead of counting "Call" (a scan of every row the filter
-- keeps: ~5 ms unfiltered at 100,000 calls, 40-75 ms with an urgency or intent filter). One row per
-- combination of the columns the call list filters on by value, with how many calls have it; the
-- count of any filter on those columns alone is the sum of a few of these rows.
CREATE TABLE "CallTally" (
    "status" "CallStatus" NOT NULL,
    "urgency" "Urgency",
    "afterHours" BOOLEAN NOT NULL,
    "spam" BOOLEAN NOT NULL,
    "calls" INTEGER NOT NULL,

    CONSTRAINT "CallTally_key" UNIQUE NULLS NOT DISTINCT ("status", "urgency", "afterHours", "spam")
);

CREATE FUNCTION call_tally_add(s "CallStatus", u "Urgency", a boolean, sp boolean, delta integer) RETURNS void
  LANGUAGE sql AS $$
  INSERT INTO "CallTally" AS t ("status", "urgency", "afterHours", "spam", "calls") VALUES (s, u, a, sp, delta)
  ON CONFLICT ("status", "urgency", "afterHours", "spam") DO UPDATE SET "calls" = t."calls" + EXCLUDED."calls"
$$;

-- The rows are always locked in one order, this key's: a call moving from one combination to
-- another locks the two in that order, whichever way it moves, and a statement erasing many calls
-- (the retention period, a caller's erasure) locks all of theirs in that order, so that no two
-- transactions can each wait for the other.
CREATE FUNCTION call_tally_key(s "CallStatus", u "Urgency", a boolean, sp boolean) RETURNS text
  LANGUAGE sql IMMUTABLE AS $$ SELECT s::text || '/' || coalesce(u::text, '') || '/' || a::text || '/' || sp::text $$;

CREATE FUNCTION call_tally_on_change() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM call_tally_add(NEW."status", NEW."urgency", NEW."afterHours", NEW."spam", 1);
  ELSIF call_tally_key(OLD."status", OLD."urgency", OLD."afterHours", OLD."spam")
      < call_tally_key(NEW."status", NEW."urgency", NEW."afterHours", NEW."spam") THEN
    PERFORM call_tally_add(OLD."status", OLD."urgency", OLD."afterHours", OLD."spam", -1);
    PERFORM call_tally_add(NEW."status", NEW."urgency", NEW."afterHours", NEW."spam", 1);
  ELSE
    PERFORM call_tally_add(NEW."status", NEW."urgency", NEW."afterHours", NEW."spam", 1);
    PERFORM call_tally_add(OLD."status", OLD."urgency", OLD."afterHours", OLD."spam", -1);
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION call_tally_on_delete() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "CallTally" AS t ("status", "urgency", "afterHours", "spam", "calls")
  SELECT "status", "urgency", "afterHours", "spam", -count(*)::int FROM erased
  GROUP BY 1, 2, 3, 4 ORDER BY call_tally_key("status", "urgency", "afterHours", "spam")
  ON CONFLICT ("status", "urgency", "afterHours", "spam") DO UPDATE SET "calls" = t."calls" + EXCLUDED."calls";
  RETURN NULL;
END $$;

-- Deferred to the commit: the tally's rows are shared by every call, so a call's insert or change
-- locks them only for the instant its transaction commits, not for the whole transaction.
CREATE CONSTRAINT TRIGGER call_tally_on_insert AFTER INSERT ON "Call"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION call_tally_on_change();
CREATE CONSTRAINT TRIGGER call_tally_on_update AFTER UPDATE OF "status", "urgency", "afterHours", "spam" ON "Call"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN (OLD."status" IS DISTINCT FROM NEW."status" OR OLD."urgency" IS DISTINCT FROM NEW."urgency"
        OR OLD."afterHours" IS DISTINCT FROM NEW."afterHours" OR OLD."spam" IS DISTINCT FROM NEW."spam")
  EXECUTE FUNCTION call_tally_on_change();
CREATE TRIGGER call_tally_on_delete AFTER DELETE ON "Call"
  REFERENCING OLD TABLE AS erased FOR EACH STATEMENT EXECUTE FUNCTION call_tally_on_delete();

CREATE FUNCTION call_tally_on_truncate() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "CallTally";
  RETURN NULL;
END $$;

CREATE TRIGGER call_tally_on_truncate AFTER TRUNCATE ON "Call"
  FOR EACH STATEMENT EXECUTE FUNCTION call_tally_on_truncate();

INSERT INTO "CallTally" ("status", "urgency", "afterHours", "spam", "calls")
SELECT "status", "urgency", "afterHours", "spam", count(*)::int FROM "Call" GROUP BY 1, 2, 3, 4;

-- A filter on the intent (exact, any case) pages and counts through its own index instead of
-- reading every call; an expression index, which schema.prisma cannot describe. The intent itself
-- is included so that the count reads the index alone (PostgreSQL plans an index-only scan only
-- when the index holds the columns the expression is made of).
CREATE INDEX "Call_intent_lower_startedAt_idx" ON "Call" (lower("intent"), "startedAt" DESC) INCLUDE ("intent");
-- The planner's statistics of the new expression, so that it picks the index from the start.
ANALYZE "Call";

-- A search walks the newest calls testing each one's vector, and ranks the matches with it again.
-- A row holds two vectors; past ~2 kB PostgreSQL moved the larger one, "searchVector", out of the
-- row into TOAST, so each test also read the TOAST index and a TOAST page: ten times the pages, and
-- a quoted phrase over 100,000 calls took ~25 ms where it now takes ~7 (bench/search.ts). MAIN
-- keeps it in the row and lets "transcriptVector", only read when a turn is added, go out instead.
-- Vectors written from now on are stored so; those already written move when next rewritten.
ALTER TABLE "Call" ALTER COLUMN "searchVector" SET STORAGE MAIN;
