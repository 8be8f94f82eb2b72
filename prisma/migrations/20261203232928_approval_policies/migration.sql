-- CreateEnum
CREATE TYPE "ApprovalOutcome" AS ENUM ('AUTO_APPROVE', 'ONE_LEVEL', 'TWO_LEVELS', 'REJECT');

-- AlterTable
ALTER TABLE "DesktopRequest" ADD COLUMN     "approvalLevel" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "approvalLevels" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "approvalRuleId" TEXT,
ADD COLUMN     "escalatedAt" TIMESTAMPTZ(3),
ADD COLUMN     "level1Group" TEXT,
ADD COLUMN     "level1ManagerEmail" TEXT,
ADD COLUMN     "level2Group" TEXT,
ADD COLUMN     "levelSince" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "remindedAt" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "ApprovalRule" (
    "id" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "roles" "Role"[] DEFAULT ARRAY[]::"Role"[],
    "groups" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "directoryIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "bundleIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "computeTypes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "runningModes" "RunningMode"[] DEFAULT ARRAY[]::"RunningMode"[],
    "minMonthlyCost" DECIMAL(12,2),
    "maxMonthlyCost" DECIMAL(12,2),
    "minHeld" INTEGER,
    "maxHeld" INTEGER,
    "outcome" "ApprovalOutcome" NOT NULL,
    "level1Manager" BOOLEAN NOT NULL DEFAULT false,
    "level1Group" TEXT,
    "level2Group" TEXT,
    "rejectReason" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ApprovalRule_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ApprovalRule_position_idx" ON "ApprovalRule"("position");

-- AddForeignKey
ALTER TABLE "DesktopRequest" ADD CONSTRAINT "DesktopRequest_approvalRuleId_fkey" FOREIGN KEY ("approvalRuleId") REFERENCES "ApprovalRule"("id") ON DELETE SET NULL ON UPDATE CASCADE;
