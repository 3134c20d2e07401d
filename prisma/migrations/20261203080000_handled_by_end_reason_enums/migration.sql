-- CreateEnum
CREATE TYPE "HandledBy" AS ENUM ('CLAUDE', 'OFFLINE');

-- CreateEnum
CREATE TYPE "EndReason" AS ENUM ('CALLER_HUNG_UP', 'ENDED_BY_ASSISTANT', 'TRANSFERRED_TO_OWNER', 'CONNECTION_LOST', 'NO_END_REPORTED');

-- AlterTable: the closed sets that were strings become enums, keeping every call's value
-- (written by hand: the generated diff drops and re-adds the columns).
ALTER TABLE "Call" ALTER COLUMN "handledBy" DROP DEFAULT;
ALTER TABLE "Call" ALTER COLUMN "handledBy" TYPE "HandledBy"
  USING (CASE "handledBy" WHEN 'offline' THEN 'OFFLINE' ELSE 'CLAUDE' END)::"HandledBy";
ALTER TABLE "Call" ALTER COLUMN "handledBy" SET DEFAULT 'CLAUDE';

ALTER TABLE "Call" ALTER COLUMN "endReason" TYPE "EndReason"
  USING (CASE "endReason"
    WHEN 'caller hung up' THEN 'CALLER_HUNG_UP'
    WHEN 'ended by assistant' THEN 'ENDED_BY_ASSISTANT'
    WHEN 'transferred to owner' THEN 'TRANSFERRED_TO_OWNER'
    WHEN 'connection lost' THEN 'CONNECTION_LOST'
    WHEN 'no end reported' THEN 'NO_END_REPORTED'
  END)::"EndReason";
