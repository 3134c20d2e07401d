-- CreateTable
CREATE TABLE "KnowledgeEntry" (
    "id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "searchVector" tsvector,

    CONSTRAINT "KnowledgeEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "KnowledgeGap" (
    "id" UUID NOT NULL,
    "question" TEXT NOT NULL,
    "normalizedQuestion" TEXT NOT NULL,
    "callId" UUID,
    "callerPhone" TEXT,
    "timesAsked" INTEGER NOT NULL DEFAULT 1,
    "firstAskedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastAskedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "answeredAt" TIMESTAMP(3),
    "answerEntryId" UUID,

    CONSTRAINT "KnowledgeGap_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "KnowledgeGapAsk" (
    "id" UUID NOT NULL,
    "gapId" UUID NOT NULL,
    "callId" UUID,
    "askedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "KnowledgeGapAsk_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "KnowledgeEntry_searchVector_idx" ON "KnowledgeEntry" USING GIN ("searchVector");

-- CreateIndex
CREATE INDEX "KnowledgeGap_answeredAt_lastAskedAt_idx" ON "KnowledgeGap"("answeredAt", "lastAskedAt" DESC);

-- CreateIndex
CREATE INDEX "KnowledgeGap_callId_idx" ON "KnowledgeGap"("callId");

-- CreateIndex
CREATE INDEX "KnowledgeGapAsk_gapId_callId_idx" ON "KnowledgeGapAsk"("gapId", "callId");

-- CreateIndex
CREATE INDEX "KnowledgeGapAsk_callId_idx" ON "KnowledgeGapAsk"("callId");

-- AddForeignKey
ALTER TABLE "KnowledgeGap" ADD CONSTRAINT "KnowledgeGap_callId_fkey" FOREIGN KEY ("callId") REFERENCES "Call"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KnowledgeGap" ADD CONSTRAINT "KnowledgeGap_answerEntryId_fkey" FOREIGN KEY ("answerEntryId") REFERENCES "KnowledgeEntry"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KnowledgeGapAsk" ADD CONSTRAINT "KnowledgeGapAsk_gapId_fkey" FOREIGN KEY ("gapId") REFERENCES "KnowledgeGap"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KnowledgeGapAsk" ADD CONSTRAINT "KnowledgeGapAsk_callId_fkey" FOREIGN KEY ("callId") REFERENCES "Call"("id") ON DELETE SET NULL ON UPDATE CASCADE;


-- Full-text search over the knowledge base (src/business/knowledge-search.ts): the title weighs
-- more than the content. Kept by a trigger, as "Call"."searchVector" is; Prisma knows the column and
-- the index only.
CREATE FUNCTION knowledge_entry_search_compose() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW."searchVector" := setweight(to_tsvector('english', NEW.title), 'A')
                        || setweight(to_tsvector('english', NEW.content), 'B');
  RETURN NEW;
END
$$;

CREATE TRIGGER knowledge_entry_search_on_insert BEFORE INSERT ON "KnowledgeEntry"
  FOR EACH ROW EXECUTE FUNCTION knowledge_entry_search_compose();

CREATE TRIGGER knowledge_entry_search_on_update BEFORE UPDATE OF title, content ON "KnowledgeEntry"
  FOR EACH ROW EXECUTE FUNCTION knowledge_entry_search_compose();

-- When two questions are the same one ("KnowledgeGap"."normalizedQuestion"): the English stems of
-- their words, sorted, once filler is dropped. Case, punctuation, word order, plurals and tenses, stop
-- words ("what", "are", "your") and the padding of speech ("um", "please", "could you tell me") make no
-- difference: "Are you open on Saturdays?" and "um, what Saturday are you open" are one question.
-- A question of stop words only keeps its lower-cased words.
CREATE FUNCTION knowledge_question_key(question text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(
    nullif(array_to_string(tsvector_to_array(to_tsvector('english', regexp_replace(regexp_replace(lower(question),
      '[''’](re|ll|ve|d|m|s|t)\M', '', 'g'),
      '\m(um+|uh+|er|erm|hmm+|ah|oh|please|could|would|might|tell|know|wonder|wondering|wondered|like|just|actually|really|hi|hello|hey|ok|okay|also|quick|question|anyway)\M',
      ' ', 'g'))), ' '), ''),
    btrim(regexp_replace(lower(question), '[^[:alnum:]]+', ' ', 'g')))
$$;

-- One open gap per question: a question asked again counts on it (CallStore.noteKnowledgeGap, an
-- upsert on this index), and answering it closes it.
CREATE UNIQUE INDEX "KnowledgeGap_open_question_key" ON "KnowledgeGap" ("normalizedQuestion") WHERE "answeredAt" IS NULL;
