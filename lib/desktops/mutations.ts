import type { Prisma } from "@/lib/db/generated/client";
import { recordAudit } from "@/lib/audit/mutations";
import { enqueueOperation } from "@/lib/operations/enqueue";
import type { DesktopAction } from "./rules";

/** The outbox operation each desktop action becomes. */
export const operationType = {
  reboot: "REBOOT",
  start: "START",
  stop: "STOP",
  rebuild: "REBUILD",
  terminate: "TERMINATE",
} as const satisfies Record<DesktopAction, string>;

// Queues the AWS call; the worker executes it and records AWS's answer.
export async function queueDesktopAction(
  tx: Prisma.TransactionClient,
  actor: { id: string; email: string },
  desktop: { id: string; directoryId: string; requestId: string | null },
  action: DesktopAction,
  region: string,
) {
  const operation = await enqueueOperation(tx, {
    type: operationType[action],
    desktopId: desktop.id,
    requestId: desktop.requestId ?? undefined,
    region,
    directoryId: desktop.directoryId,
    payload: {},
    createdById: actor.id,
  });
  await recordAudit(tx, {
    actor,
    action: `desktop.${action}.request`,
    targetType: "desktop",
    targetId: desktop.id,
    outcome: "SUCCESS",
    message: `${action} queued`,
  });
  return operation;
}
