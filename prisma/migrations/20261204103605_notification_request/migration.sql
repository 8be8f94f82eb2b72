-- AlterTable
ALTER TABLE "Notification" ADD COLUMN     "requestId" TEXT;

-- CreateIndex
CREATE INDEX "Notification_requestId_idx" ON "Notification"("requestId");

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "DesktopRequest"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Notices of failed creates written before this column: their text links the request's page.
UPDATE "Notification" AS n
SET "requestId" = r."id"
FROM "DesktopRequest" AS r
WHERE n."kind" = 'desktop.failed'
  AND n."requestId" IS NULL
  AND r."id" = substring(n."text" from '/requests/([A-Za-z0-9_-]+)');
