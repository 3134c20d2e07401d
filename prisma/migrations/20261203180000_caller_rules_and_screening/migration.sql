-- CreateEnum
CREATE TYPE "CallerRuleKind" AS ENUM ('BLOCK', 'VIP');

-- AlterEnum
ALTER TYPE "CallStatus" ADD VALUE 'BLOCKED';

-- AlterTable
ALTER TABLE "Call" ADD COLUMN     "afterHours" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "spam" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "CallerRule" (
    "id" UUID NOT NULL,
    "phone" TEXT NOT NULL,
    "kind" "CallerRuleKind" NOT NULL,
    "note" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CallerRule_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "CallerRule_phone_key" ON "CallerRule"("phone");

