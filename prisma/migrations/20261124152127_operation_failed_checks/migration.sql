-- AlterTable
ALTER TABLE "Operation" ADD COLUMN     "failedChecks" INTEGER NOT NULL DEFAULT 0;
