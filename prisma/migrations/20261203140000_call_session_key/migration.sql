-- AlterTable
ALTER TABLE "Call" ADD COLUMN     "sessionKey" UUID;
