-- CreateEnum
CREATE TYPE "BulkJobKind" AS ENUM ('PROVISION', 'ACTION');

-- CreateEnum
CREATE TYPE "BulkJobStatus" AS ENUM ('RUNNING', 'COMPLETED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "BulkItemStatus" AS ENUM ('QUEUED', 'CREATING', 'PENDING', 'AVAILABLE', 'DONE', 'FAILED', 'SKIPPED', 'CANCELLED');

-- CreateTable
CREATE TABLE "BulkJob" (
    "id" TEXT NOT NULL,
    "kind" "BulkJobKind" NOT NULL,
    "action" TEXT,
    "status" "BulkJobStatus" NOT NULL DEFAULT 'RUNNING',
    "fileName" TEXT,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "completedAt" TIMESTAMPTZ(3),

    CONSTRAINT "BulkJob_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BulkJobItem" (
    "id" TEXT NOT NULL,
    "jobId" TEXT NOT NULL,
    "line" INTEGER,
    "userName" TEXT,
    "directoryId" TEXT,
    "bundleId" TEXT,
    "runningMode" "RunningMode",
    "autoStopTimeoutHours" INTEGER,
    "tags" JSONB,
    "requestId" TEXT,
    "desktopId" TEXT,
    "operationId" TEXT,
    "status" "BulkItemStatus" NOT NULL DEFAULT 'QUEUED',
    "errorCode" TEXT,
    "errorMessage" TEXT,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "BulkJobItem_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "BulkJob_createdAt_idx" ON "BulkJob"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "BulkJobItem_requestId_key" ON "BulkJobItem"("requestId");

-- CreateIndex
CREATE INDEX "BulkJobItem_jobId_status_idx" ON "BulkJobItem"("jobId", "status");

-- CreateIndex
CREATE INDEX "BulkJobItem_desktopId_idx" ON "BulkJobItem"("desktopId");

-- AddForeignKey
ALTER TABLE "BulkJobItem" ADD CONSTRAINT "BulkJobItem_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "BulkJob"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BulkJobItem" ADD CONSTRAINT "BulkJobItem_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "DesktopRequest"("id") ON DELETE SET NULL ON UPDATE CASCADE;
