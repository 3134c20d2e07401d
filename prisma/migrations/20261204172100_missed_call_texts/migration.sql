-- The text sent back after a missed call: one per number per local day, one per call. The row is
-- inserted (ON CONFLICT DO NOTHING) before the message is sent, so only the process that inserted it sends.
CREATE TABLE "MissedCallText" (
    "id" UUID NOT NULL,
    "callId" UUID NOT NULL,
    "phone" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),
    "messageId" TEXT,
    "error" TEXT,

    CONSTRAINT "MissedCallText_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "MissedCallText_callId_key" ON "MissedCallText"("callId");

-- CreateIndex
CREATE UNIQUE INDEX "MissedCallText_phone_day_key" ON "MissedCallText"("phone", "day");

-- AddForeignKey
ALTER TABLE "MissedCallText" ADD CONSTRAINT "MissedCallText_callId_fkey" FOREIGN KEY ("callId") REFERENCES "Call"("id") ON DELETE CASCADE ON UPDATE CASCADE;
