-- AlterEnum
ALTER TYPE "TurnRole" ADD VALUE 'OWNER';
