-- CreateTable
CREATE TABLE "CallRecording" (
    "recordingSid" TEXT NOT NULL,
    "callSid" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "durationSeconds" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CallRecording_pkey" PRIMARY KEY ("recordingSid")
);

-- CreateTable
CREATE TABLE "RecordingDeletion" (
    "recordingSid" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "dueAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RecordingDeletion_pkey" PRIMARY KEY ("recordingSid")
);

-- CreateIndex
CREATE INDEX "CallRecording_callSid_idx" ON "CallRecording"("callSid");

-- CreateIndex
CREATE INDEX "RecordingDeletion_dueAt_idx" ON "RecordingDeletion"("dueAt");

