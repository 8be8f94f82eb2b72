-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "OperationType" ADD VALUE 'MODIFY_COMPUTE_TYPE';
ALTER TYPE "OperationType" ADD VALUE 'MODIFY_VOLUME';

-- AlterTable
ALTER TABLE "Desktop" ADD COLUMN     "computeType" TEXT,
ADD COLUMN     "lastComputeDecreaseAt" TIMESTAMPTZ(3),
ADD COLUMN     "lastComputeIncreaseAt" TIMESTAMPTZ(3),
ADD COLUMN     "lastVolumeChangeAt" TIMESTAMPTZ(3),
ADD COLUMN     "rootVolumeGiB" INTEGER,
ADD COLUMN     "userVolumeGiB" INTEGER;

-- CreateTable
CREATE TABLE "DesktopResizeRequest" (
    "id" TEXT NOT NULL,
    "desktopId" TEXT NOT NULL,
    "requesterId" TEXT NOT NULL,
    "toComputeType" TEXT,
    "toRootVolumeGiB" INTEGER,
    "toUserVolumeGiB" INTEGER,
    "reason" TEXT NOT NULL,
    "status" "BillingRequestStatus" NOT NULL DEFAULT 'SUBMITTED',
    "deciderId" TEXT,
    "decidedAt" TIMESTAMPTZ(3),
    "decisionReason" TEXT,
    "operationId" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DesktopResizeRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DesktopResizeRequest_status_createdAt_idx" ON "DesktopResizeRequest"("status", "createdAt");

-- CreateIndex
CREATE INDEX "DesktopResizeRequest_desktopId_createdAt_idx" ON "DesktopResizeRequest"("desktopId", "createdAt");

-- AddForeignKey
ALTER TABLE "DesktopResizeRequest" ADD CONSTRAINT "DesktopResizeRequest_desktopId_fkey" FOREIGN KEY ("desktopId") REFERENCES "Desktop"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DesktopResizeRequest" ADD CONSTRAINT "DesktopResizeRequest_requesterId_fkey" FOREIGN KEY ("requesterId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DesktopResizeRequest" ADD CONSTRAINT "DesktopResizeRequest_deciderId_fkey" FOREIGN KEY ("deciderId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
