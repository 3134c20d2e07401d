-- AlterTable
ALTER TABLE "Call" ADD COLUMN     "sessionIssuedAt" TIMESTAMP(3),
ADD COLUMN     "stirVerstat" TEXT;

-- CreateTable
CREATE TABLE "ErasedCall" (
    "callSid" TEXT NOT NULL,
    "erasedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ErasedCall_pkey" PRIMARY KEY ("callSid")
);
