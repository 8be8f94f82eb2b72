-- AlterTable
ALTER TABLE "User" ADD COLUMN     "managerEmail" TEXT;
