-- CreateEnum
CREATE TYPE "Role" AS ENUM ('EMPLOYEE', 'APPROVER', 'ADMIN');

-- CreateEnum
CREATE TYPE "DirectoryType" AS ENUM ('SIMPLE_AD', 'AD_CONNECTOR', 'MICROSOFT_AD');

-- CreateEnum
CREATE TYPE "Platform" AS ENUM ('WINDOWS', 'LINUX');

-- CreateEnum
CREATE TYPE "RunningMode" AS ENUM ('AUTO_STOP', 'ALWAYS_ON');

-- CreateEnum
CREATE TYPE "RequestStatus" AS ENUM ('SUBMITTED', 'APPROVED', 'REJECTED', 'CANCELLED', 'PROVISIONING', 'READY', 'FAILED');

-- CreateEnum
CREATE TYPE "BillingChangeStatus" AS ENUM ('PENDING', 'APPLIED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "OperationType" AS ENUM ('CREATE', 'TERMINATE', 'REBOOT', 'START', 'STOP', 'REBUILD', 'RESTORE', 'MODIFY_RUNNING_MODE');

-- CreateEnum
CREATE TYPE "OperationStatus" AS ENUM ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "AuditOutcome" AS ENUM ('SUCCESS', 'FAILURE', 'DENIED');

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" "Role" NOT NULL DEFAULT 'EMPLOYEE',
    "passwordHash" TEXT,
    "directoryId" TEXT,
    "directoryUserName" TEXT,
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SignInThrottle" (
    "key" TEXT NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "windowStart" TIMESTAMPTZ(3) NOT NULL,
    "lockedUntil" TIMESTAMPTZ(3),

    CONSTRAINT "SignInThrottle_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "Directory" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "alias" TEXT,
    "type" "DirectoryType" NOT NULL,
    "region" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "registered" BOOLEAN NOT NULL DEFAULT false,
    "registrationCode" TEXT,
    "webAccess" BOOLEAN NOT NULL DEFAULT false,
    "refreshedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Directory_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Bundle" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "owner" TEXT NOT NULL,
    "computeType" TEXT NOT NULL,
    "platform" "Platform" NOT NULL,
    "rootVolumeGiB" INTEGER NOT NULL,
    "userVolumeGiB" INTEGER NOT NULL,
    "region" TEXT NOT NULL,
    "imageId" TEXT,
    "available" BOOLEAN NOT NULL DEFAULT true,
    "refreshedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Bundle_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DesktopRequest" (
    "id" TEXT NOT NULL,
    "requesterId" TEXT NOT NULL,
    "directoryId" TEXT NOT NULL,
    "userName" TEXT NOT NULL,
    "bundleId" TEXT NOT NULL,
    "runningMode" "RunningMode" NOT NULL,
    "autoStopTimeoutHours" INTEGER,
    "justification" TEXT NOT NULL,
    "hoursPerWeek" INTEGER,
    "status" "RequestStatus" NOT NULL DEFAULT 'SUBMITTED',
    "deciderId" TEXT,
    "decidedAt" TIMESTAMPTZ(3),
    "decisionReason" TEXT,
    "failureCode" TEXT,
    "failureMessage" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "DesktopRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RequestEvent" (
    "id" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" TEXT,
    "status" "RequestStatus" NOT NULL,
    "message" TEXT NOT NULL,

    CONSTRAINT "RequestEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Desktop" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT,
    "requestId" TEXT,
    "ownerId" TEXT,
    "directoryId" TEXT NOT NULL,
    "userName" TEXT NOT NULL,
    "bundleId" TEXT NOT NULL,
    "runningMode" "RunningMode" NOT NULL,
    "autoStopTimeoutMinutes" INTEGER,
    "state" TEXT NOT NULL DEFAULT 'REQUESTED',
    "stateChangedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ipAddress" TEXT,
    "computerName" TEXT,
    "rootVolumeEncrypted" BOOLEAN NOT NULL DEFAULT false,
    "userVolumeEncrypted" BOOLEAN NOT NULL DEFAULT false,
    "volumeEncryptionKey" TEXT,
    "origin" TEXT NOT NULL DEFAULT 'PORTAL',
    "lastSeenAt" TIMESTAMPTZ(3),
    "terminatedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Desktop_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BillingModeChange" (
    "id" TEXT NOT NULL,
    "desktopId" TEXT NOT NULL,
    "fromMode" "RunningMode",
    "toMode" "RunningMode" NOT NULL,
    "autoStopTimeoutMinutes" INTEGER,
    "status" "BillingChangeStatus" NOT NULL,
    "effectiveAt" TIMESTAMPTZ(3) NOT NULL,
    "requestedById" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BillingModeChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Operation" (
    "id" TEXT NOT NULL,
    "type" "OperationType" NOT NULL,
    "status" "OperationStatus" NOT NULL DEFAULT 'QUEUED',
    "desktopId" TEXT,
    "requestId" TEXT,
    "region" TEXT NOT NULL,
    "directoryId" TEXT,
    "payload" JSONB NOT NULL DEFAULT '{}',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedBy" TEXT,
    "lockedUntil" TIMESTAMPTZ(3),
    "outcomeUnknown" BOOLEAN NOT NULL DEFAULT false,
    "lastErrorCode" TEXT,
    "lastError" TEXT,
    "result" JSONB,
    "awsRequestId" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "completedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Operation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AwsCall" (
    "id" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "service" TEXT NOT NULL,
    "operation" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "operationIds" TEXT[],
    "itemCount" INTEGER NOT NULL DEFAULT 0,
    "httpStatus" INTEGER,
    "awsRequestId" TEXT,
    "errorCode" TEXT,
    "errorMessage" TEXT,
    "durationMs" INTEGER NOT NULL,

    CONSTRAINT "AwsCall_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" TEXT,
    "actorEmail" TEXT,
    "action" TEXT NOT NULL,
    "targetType" TEXT,
    "targetId" TEXT,
    "outcome" "AuditOutcome" NOT NULL,
    "message" TEXT,
    "details" JSONB,
    "awsRequestId" TEXT,
    "ipAddress" TEXT,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE INDEX "User_role_idx" ON "User"("role");

-- CreateIndex
CREATE INDEX "DesktopRequest_status_createdAt_idx" ON "DesktopRequest"("status", "createdAt");

-- CreateIndex
CREATE INDEX "DesktopRequest_requesterId_createdAt_idx" ON "DesktopRequest"("requesterId", "createdAt");

-- CreateIndex
CREATE INDEX "RequestEvent_requestId_at_idx" ON "RequestEvent"("requestId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "Desktop_workspaceId_key" ON "Desktop"("workspaceId");

-- CreateIndex
CREATE UNIQUE INDEX "Desktop_requestId_key" ON "Desktop"("requestId");

-- CreateIndex
CREATE INDEX "Desktop_state_idx" ON "Desktop"("state");

-- CreateIndex
CREATE INDEX "Desktop_ownerId_idx" ON "Desktop"("ownerId");

-- CreateIndex
CREATE INDEX "Desktop_directoryId_userName_idx" ON "Desktop"("directoryId", "userName");

-- CreateIndex
CREATE INDEX "Desktop_createdAt_idx" ON "Desktop"("createdAt");

-- CreateIndex
CREATE INDEX "BillingModeChange_desktopId_effectiveAt_idx" ON "BillingModeChange"("desktopId", "effectiveAt");

-- CreateIndex
CREATE INDEX "Operation_status_nextAttemptAt_idx" ON "Operation"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "Operation_desktopId_idx" ON "Operation"("desktopId");

-- CreateIndex
CREATE INDEX "Operation_requestId_idx" ON "Operation"("requestId");

-- CreateIndex
CREATE INDEX "AwsCall_at_idx" ON "AwsCall"("at");

-- CreateIndex
CREATE INDEX "AwsCall_operation_at_idx" ON "AwsCall"("operation", "at");

-- CreateIndex
CREATE INDEX "AuditEvent_at_idx" ON "AuditEvent"("at");

-- CreateIndex
CREATE INDEX "AuditEvent_actorId_at_idx" ON "AuditEvent"("actorId", "at");

-- CreateIndex
CREATE INDEX "AuditEvent_targetType_targetId_idx" ON "AuditEvent"("targetType", "targetId");

-- CreateIndex
CREATE INDEX "AuditEvent_action_at_idx" ON "AuditEvent"("action", "at");

-- AddForeignKey
ALTER TABLE "DesktopRequest" ADD CONSTRAINT "DesktopRequest_requesterId_fkey" FOREIGN KEY ("requesterId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DesktopRequest" ADD CONSTRAINT "DesktopRequest_directoryId_fkey" FOREIGN KEY ("directoryId") REFERENCES "Directory"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DesktopRequest" ADD CONSTRAINT "DesktopRequest_bundleId_fkey" FOREIGN KEY ("bundleId") REFERENCES "Bundle"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DesktopRequest" ADD CONSTRAINT "DesktopRequest_deciderId_fkey" FOREIGN KEY ("deciderId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RequestEvent" ADD CONSTRAINT "RequestEvent_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "DesktopRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Desktop" ADD CONSTRAINT "Desktop_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "DesktopRequest"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Desktop" ADD CONSTRAINT "Desktop_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Desktop" ADD CONSTRAINT "Desktop_directoryId_fkey" FOREIGN KEY ("directoryId") REFERENCES "Directory"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Desktop" ADD CONSTRAINT "Desktop_bundleId_fkey" FOREIGN KEY ("bundleId") REFERENCES "Bundle"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BillingModeChange" ADD CONSTRAINT "BillingModeChange_desktopId_fkey" FOREIGN KEY ("desktopId") REFERENCES "Desktop"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Operation" ADD CONSTRAINT "Operation_desktopId_fkey" FOREIGN KEY ("desktopId") REFERENCES "Desktop"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Operation" ADD CONSTRAINT "Operation_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "DesktopRequest"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
