-- CreateTable
CREATE TABLE "LifecyclePolicy" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "directoryId" TEXT,
    "tagKey" TEXT,
    "tagValue" TEXT,
    "inactiveDays" INTEGER NOT NULL,
    "stopAfterDays" INTEGER,
    "terminateAfterDays" INTEGER,
    "exemptTagKey" TEXT NOT NULL DEFAULT 'LifecycleExempt',
    "enabled" BOOLEAN NOT NULL DEFAULT false,
    "dryRunAt" TIMESTAMPTZ(3),
    "lastRunAt" TIMESTAMPTZ(3),
    "updatedById" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "LifecyclePolicy_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DesktopLifecycle" (
    "desktopId" TEXT NOT NULL,
    "keptAt" TIMESTAMPTZ(3),
    "policyId" TEXT,
    "reason" TEXT,
    "warnedAt" TIMESTAMPTZ(3),
    "stopOperationId" TEXT,
    "stoppedAt" TIMESTAMPTZ(3),
    "terminateOperationId" TEXT,
    "terminatedAt" TIMESTAMPTZ(3),
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "DesktopLifecycle_pkey" PRIMARY KEY ("desktopId")
);

-- CreateTable
CREATE TABLE "Leaver" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "leaveAt" TIMESTAMPTZ(3) NOT NULL,
    "markedById" TEXT,
    "stoppedAt" TIMESTAMPTZ(3),
    "terminateAt" TIMESTAMPTZ(3),
    "terminatedAt" TIMESTAMPTZ(3),
    "restoredAt" TIMESTAMPTZ(3),
    "restoredById" TEXT,
    "clearedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Leaver_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LifecycleSettings" (
    "id" TEXT NOT NULL DEFAULT 'default',
    "leaverGraceDays" INTEGER NOT NULL DEFAULT 7,
    "lastDirectoryCheckAt" TIMESTAMPTZ(3),
    "updatedById" TEXT,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "LifecycleSettings_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DesktopLifecycle_policyId_idx" ON "DesktopLifecycle"("policyId");

-- CreateIndex
CREATE INDEX "Leaver_userId_idx" ON "Leaver"("userId");

-- CreateIndex
CREATE INDEX "Leaver_leaveAt_idx" ON "Leaver"("leaveAt");

-- One open leaver case per person: two passes (or a pass and an admin) finding the same leaver
-- cannot both write one, so their desktops are never stopped or terminated twice.
CREATE UNIQUE INDEX "Leaver_open_userId_key" ON "Leaver"("userId") WHERE "clearedAt" IS NULL;
