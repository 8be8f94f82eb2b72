-- DesktopState in alphabetical order: PostgreSQL sorts an enum by its declaration order, and the
-- fleet list sorts by state as the admin reads it (AVAILABLE before ERROR before PENDING ...).
-- Values cannot be reordered in place, so the type is recreated; every row keeps its state.
ALTER TYPE "DesktopState" RENAME TO "DesktopState_old";
CREATE TYPE "DesktopState" AS ENUM ('ADMIN_MAINTENANCE', 'AVAILABLE', 'ERROR', 'IMPAIRED', 'MAINTENANCE', 'PENDING', 'REBOOTING', 'REBUILDING', 'REQUESTED', 'RESTORING', 'STARTING', 'STOPPED', 'STOPPING', 'SUSPENDED', 'TERMINATED', 'TERMINATING', 'UNHEALTHY', 'UNKNOWN', 'UPDATING');
ALTER TABLE "Desktop" ALTER COLUMN "state" DROP DEFAULT;
ALTER TABLE "Desktop" ALTER COLUMN "state" TYPE "DesktopState" USING ("state"::text::"DesktopState");
ALTER TABLE "Desktop" ALTER COLUMN "state" SET DEFAULT 'REQUESTED';
DROP TYPE "DesktopState_old";
