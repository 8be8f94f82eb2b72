-- AlterTable
ALTER TABLE "DesktopResizeRequest" ADD COLUMN     "toBundleId" TEXT;
