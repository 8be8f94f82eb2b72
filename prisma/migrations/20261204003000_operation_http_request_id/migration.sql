-- AlterTable
ALTER TABLE "Operation" ADD COLUMN     "httpRequestId" TEXT;
