-- CreateTable
CREATE TABLE "AwsRateBucket" (
    "key" TEXT NOT NULL,
    "baseRate" DOUBLE PRECISION NOT NULL,
    "burst" DOUBLE PRECISION NOT NULL,
    "rate" DOUBLE PRECISION NOT NULL,
    "tokens" DOUBLE PRECISION NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "lastThrottleAt" TIMESTAMPTZ(3),
    "throttles" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "AwsRateBucket_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "BulkJobItem_operationId_idx" ON "BulkJobItem"("operationId");
