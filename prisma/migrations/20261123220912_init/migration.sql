-- CreateEnum
CREATE TYPE "CallStatus" AS ENUM ('RINGING', 'IN_PROGRESS', 'COMPLETED', 'BUSY', 'NO_ANSWER', 'CANCELED', 'FAILED');

-- CreateEnum
CREATE TYPE "AnalysisState" AS ENUM ('NOT_STARTED', 'PENDING', 'RUNNING', 'DONE', 'FAILED');

-- CreateEnum
CREATE TYPE "Urgency" AS ENUM ('LOW', 'NORMAL', 'HIGH', 'URGENT');

-- CreateEnum
CREATE TYPE "TurnRole" AS ENUM ('CALLER', 'ASSISTANT');

-- CreateEnum
CREATE TYPE "TurnKind" AS ENUM ('SPEECH', 'DTMF');

-- CreateEnum
CREATE TYPE "ActionItemSource" AS ENUM ('CALL', 'ANALYSIS');

-- CreateTable
CREATE TABLE "Caller" (
    "id" UUID NOT NULL,
    "phone" TEXT NOT NULL,
    "name" TEXT,
    "callCount" INTEGER NOT NULL DEFAULT 0,
    "lastCallAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Caller_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Call" (
    "id" UUID NOT NULL,
    "callSid" TEXT NOT NULL,
    "from" TEXT NOT NULL,
    "to" TEXT NOT NULL,
    "callerId" UUID,
    "status" "CallStatus" NOT NULL DEFAULT 'IN_PROGRESS',
    "statusSequence" INTEGER,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endedAt" TIMESTAMP(3),
    "durationSeconds" INTEGER,
    "callerName" TEXT,
    "summary" TEXT,
    "intent" TEXT,
    "urgency" "Urgency",
    "notes" TEXT,
    "handledBy" TEXT NOT NULL DEFAULT 'claude',
    "endReason" TEXT,
    "sessionCount" INTEGER NOT NULL DEFAULT 0,
    "analysisState" "AnalysisState" NOT NULL DEFAULT 'NOT_STARTED',
    "analysisAttempts" INTEGER NOT NULL DEFAULT 0,
    "analysisDueAt" TIMESTAMP(3),
    "analysisLeaseUntil" TIMESTAMP(3),
    "analysisError" TEXT,
    "analyzedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Call_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Turn" (
    "id" UUID NOT NULL,
    "callId" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "role" "TurnRole" NOT NULL,
    "kind" "TurnKind" NOT NULL DEFAULT 'SPEECH',
    "text" TEXT NOT NULL,
    "interrupted" BOOLEAN NOT NULL DEFAULT false,
    "firstTokenMs" INTEGER,
    "responseMs" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Turn_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ActionItem" (
    "id" UUID NOT NULL,
    "callId" UUID NOT NULL,
    "description" TEXT NOT NULL,
    "done" BOOLEAN NOT NULL DEFAULT false,
    "doneAt" TIMESTAMP(3),
    "source" "ActionItemSource" NOT NULL DEFAULT 'CALL',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ActionItem_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Caller_phone_key" ON "Caller"("phone");

-- CreateIndex
CREATE UNIQUE INDEX "Call_callSid_key" ON "Call"("callSid");

-- CreateIndex
CREATE INDEX "Call_startedAt_idx" ON "Call"("startedAt" DESC);

-- CreateIndex
CREATE INDEX "Call_analysisState_analysisDueAt_idx" ON "Call"("analysisState", "analysisDueAt");

-- CreateIndex
CREATE INDEX "Call_callerId_idx" ON "Call"("callerId");

-- CreateIndex
CREATE UNIQUE INDEX "Turn_callId_seq_key" ON "Turn"("callId", "seq");

-- CreateIndex
CREATE INDEX "ActionItem_callId_idx" ON "ActionItem"("callId");

-- CreateIndex
CREATE INDEX "ActionItem_done_createdAt_idx" ON "ActionItem"("done", "createdAt");

-- AddForeignKey
ALTER TABLE "Call" ADD CONSTRAINT "Call_callerId_fkey" FOREIGN KEY ("callerId") REFERENCES "Caller"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Turn" ADD CONSTRAINT "Turn_callId_fkey" FOREIGN KEY ("callId") REFERENCES "Call"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ActionItem" ADD CONSTRAINT "ActionItem_callId_fkey" FOREIGN KEY ("callId") REFERENCES "Call"("id") ON DELETE CASCADE ON UPDATE CASCADE;
