-- One unit for the AutoStop timeout: minutes, as AWS's RunningModeAutoStopTimeoutInMinutes (Desktop,
-- BillingModeChange and BillingModeRequest already hold minutes). Existing hours are converted.

-- AlterTable
ALTER TABLE "BillingPolicy" ADD COLUMN "assumedAutoStopMinutes" INTEGER NOT NULL DEFAULT 60;
UPDATE "BillingPolicy" SET "assumedAutoStopMinutes" = "assumedAutoStopHours" * 60;
ALTER TABLE "BillingPolicy" DROP COLUMN "assumedAutoStopHours";

-- AlterTable
ALTER TABLE "BulkJobItem" ADD COLUMN "autoStopTimeoutMinutes" INTEGER;
UPDATE "BulkJobItem" SET "autoStopTimeoutMinutes" = "autoStopTimeoutHours" * 60;
ALTER TABLE "BulkJobItem" DROP COLUMN "autoStopTimeoutHours";

-- AlterTable
ALTER TABLE "DesktopRequest" ADD COLUMN "autoStopTimeoutMinutes" INTEGER;
UPDATE "DesktopRequest" SET "autoStopTimeoutMinutes" = "autoStopTimeoutHours" * 60;
ALTER TABLE "DesktopRequest" DROP COLUMN "autoStopTimeoutHours";
