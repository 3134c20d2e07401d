-- When a channel's daily digest is sent, on the business's clock.
ALTER TABLE "NotificationChannel" ADD COLUMN "digestTime" TEXT NOT NULL DEFAULT '08:00';
