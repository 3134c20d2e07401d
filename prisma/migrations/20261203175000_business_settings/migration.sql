-- CreateTable
CREATE TABLE "BusinessSettings" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "document" JSONB NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BusinessSettings_pkey" PRIMARY KEY ("id"),
    -- One business, one row.
    CONSTRAINT "BusinessSettings_one_row" CHECK ("id" = 1)
);

-- CreateTable
CREATE TABLE "SettingsChange" (
    "id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "changedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "changedBy" TEXT NOT NULL,
    "changes" JSONB NOT NULL,

    CONSTRAINT "SettingsChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "SettingsChange_version_key" ON "SettingsChange"("version");

-- CreateIndex
CREATE INDEX "SettingsChange_changedAt_idx" ON "SettingsChange"("changedAt" DESC);

