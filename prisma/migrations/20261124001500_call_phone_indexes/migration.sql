-- CreateIndex
CREATE INDEX "Call_from_idx" ON "Call"("from");

-- CreateIndex
CREATE INDEX "Call_to_idx" ON "Call"("to");
