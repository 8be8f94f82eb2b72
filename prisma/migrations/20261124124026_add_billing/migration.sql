-- CreateEnum
CREATE TYPE "BillingRequestStatus" AS ENUM ('SUBMITTED', 'APPROVED', 'REJECTED', 'CANCELLED');

-- AlterEnum
ALTER TYPE "BillingChangeStatus" ADD VALUE 'FAILED';

-- AlterTable
ALTER TABLE "BillingModeChange" ADD COLUMN     "note" TEXT,
ADD COLUMN     "operationId" TEXT;

-- CreateTable
CREATE TABLE "BillingPrice" (
    "id" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "computeType" TEXT NOT NULL,
    "platform" "Platform" NOT NULL,
    "currency" TEXT NOT NULL DEFAULT 'USD',
    "alwaysOnMonthly" DECIMAL(12,4) NOT NULL,
    "autoStopMonthly" DECIMAL(12,4) NOT NULL,
    "autoStopHourly" DECIMAL(12,4) NOT NULL,
    "includedStorageGiB" INTEGER NOT NULL DEFAULT 0,
    "storagePerGiBMonthly" DECIMAL(12,4) NOT NULL DEFAULT 0,
    "source" TEXT NOT NULL,
    "updatedById" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "BillingPrice_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DesktopTagSet" (
    "desktopId" TEXT NOT NULL,
    "tags" JSONB NOT NULL DEFAULT '{}',
    "refreshedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "DesktopTagSet_pkey" PRIMARY KEY ("desktopId")
);

-- CreateTable
CREATE TABLE "ConnectionSession" (
    "id" TEXT NOT NULL,
    "desktopId" TEXT NOT NULL,
    "connectedAt" TIMESTAMPTZ(3) NOT NULL,
    "lastSeenAt" TIMESTAMPTZ(3) NOT NULL,
    "disconnectedAt" TIMESTAMPTZ(3),
    "source" TEXT NOT NULL DEFAULT 'SAMPLER',

    CONSTRAINT "ConnectionSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UsageSampleRun" (
    "id" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "desktops" INTEGER NOT NULL DEFAULT 0,
    "connected" INTEGER NOT NULL DEFAULT 0,
    "awsCalls" INTEGER NOT NULL DEFAULT 0,
    "failedCalls" INTEGER NOT NULL DEFAULT 0,
    "errorCode" TEXT,
    "errorMessage" TEXT,

    CONSTRAINT "UsageSampleRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BillingModeRequest" (
    "id" TEXT NOT NULL,
    "desktopId" TEXT NOT NULL,
    "requesterId" TEXT NOT NULL,
    "toMode" "RunningMode" NOT NULL,
    "autoStopTimeoutMinutes" INTEGER,
    "reason" TEXT NOT NULL,
    "status" "BillingRequestStatus" NOT NULL DEFAULT 'SUBMITTED',
    "deciderId" TEXT,
    "decidedAt" TIMESTAMPTZ(3),
    "decisionReason" TEXT,
    "billingChangeId" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BillingModeRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BillingPolicy" (
    "id" TEXT NOT NULL DEFAULT 'default',
    "autoApply" BOOLEAN NOT NULL DEFAULT false,
    "exemptTagKey" TEXT NOT NULL DEFAULT 'BillingExempt',
    "costCentreTagKey" TEXT NOT NULL DEFAULT 'CostCenter',
    "departmentTagKey" TEXT NOT NULL DEFAULT 'Department',
    "minObservedHours" INTEGER NOT NULL DEFAULT 72,
    "assumedAutoStopHours" INTEGER NOT NULL DEFAULT 1,
    "lastAutoRunAt" TIMESTAMPTZ(3),
    "updatedById" TEXT,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "BillingPolicy_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "BillingPrice_region_computeType_platform_key" ON "BillingPrice"("region", "computeType", "platform");

-- CreateIndex
CREATE INDEX "ConnectionSession_desktopId_connectedAt_idx" ON "ConnectionSession"("desktopId", "connectedAt");

-- CreateIndex
CREATE INDEX "ConnectionSession_disconnectedAt_idx" ON "ConnectionSession"("disconnectedAt");

-- CreateIndex
CREATE INDEX "UsageSampleRun_at_idx" ON "UsageSampleRun"("at");

-- CreateIndex
CREATE INDEX "BillingModeRequest_status_createdAt_idx" ON "BillingModeRequest"("status", "createdAt");

-- CreateIndex
CREATE INDEX "BillingModeRequest_desktopId_createdAt_idx" ON "BillingModeRequest"("desktopId", "createdAt");

-- CreateIndex
CREATE INDEX "BillingModeChange_status_effectiveAt_idx" ON "BillingModeChange"("status", "effectiveAt");

-- AddForeignKey
ALTER TABLE "DesktopTagSet" ADD CONSTRAINT "DesktopTagSet_desktopId_fkey" FOREIGN KEY ("desktopId") REFERENCES "Desktop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConnectionSession" ADD CONSTRAINT "ConnectionSession_desktopId_fkey" FOREIGN KEY ("desktopId") REFERENCES "Desktop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BillingModeRequest" ADD CONSTRAINT "BillingModeRequest_desktopId_fkey" FOREIGN KEY ("desktopId") REFERENCES "Desktop"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BillingModeRequest" ADD CONSTRAINT "BillingModeRequest_requesterId_fkey" FOREIGN KEY ("requesterId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BillingModeRequest" ADD CONSTRAINT "BillingModeRequest_deciderId_fkey" FOREIGN KEY ("deciderId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
