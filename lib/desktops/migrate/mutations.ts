import type { Prisma } from "@/lib/db/generated/client";
import { recordAudit } from "@/lib/audit/mutations";
import { enqueueOperation } from "@/lib/operations/enqueue";

// Queues MigrateWorkspace; the worker sends it and moves the desktop row to the new WorkSpace id.
export async function queueMigration(
  tx: Prisma.TransactionClient,
  actor: { id: string; email: string },
  desktop: { id: string; directoryId: string; requestId: string | null },
  bundleId: string,
  region: string,
) {
  const operation = await enqueueOperation(tx, {
    type: "MIGRATE",
    desktopId: desktop.id,
    requestId: desktop.requestId ?? undefined,
    region,
    directoryId: desktop.directoryId,
    payload: { bundleId },
    createdById: actor.id,
  });
  await recordAudit(tx, {
    actor,
    action: "desktop.migrate.request",
    targetType: "desktop",
    targetId: desktop.id,
    outcome: "SUCCESS",
    message: `migrate to bundle ${bundleId} queued`,
  });
  return operation;
}
