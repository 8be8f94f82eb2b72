// What AWS answered to MigrateWorkspace: written by the worker in one short transaction, outside
// any AWS call, under the operation's lease. On success the portal's desktop row follows the new
// WorkSpace id and bundle (PENDING: reconcile follows it to AVAILABLE); the old id is kept in the
// operation's result and the audit trail.

import type { PrismaClient } from "@/lib/db/generated/client";
import { recordAudit } from "@/lib/audit/mutations";
import { closeOperation, type OperationClaim } from "@/lib/operations/outcomes";
import { notifyActionFailed } from "@/lib/notifications/events";

export async function recordMigrateResult(
  db: PrismaClient,
  input: OperationClaim & {
    desktopId: string;
    createdById: string | null;
    sourceWorkspaceId: string | null;
    bundleId: string;
    /** Absent on failure. */
    targetWorkspaceId?: string;
    awsRequestId?: string | null;
    failure?: { code: string; message: string };
    /** Found in AWS after a lost answer rather than answered by this call. */
    confirmedByDescribe?: boolean;
    now: Date;
  },
): Promise<boolean> {
  const { now } = input;
  return db.$transaction(async (tx) => {
    const held = await closeOperation(tx, input, {
      now,
      failure: input.failure,
      awsRequestId: input.awsRequestId,
      result: input.failure
        ? { failed: true, code: input.failure.code }
        : { sourceWorkspaceId: input.sourceWorkspaceId, targetWorkspaceId: input.targetWorkspaceId ?? null, bundleId: input.bundleId, confirmedByDescribe: Boolean(input.confirmedByDescribe) },
    });
    if (!held) return false;
    if (!input.failure && input.targetWorkspaceId) {
      await tx.desktop.update({
        where: { id: input.desktopId },
        // A new desktop in AWS: new id, computer name and address (known once AWS shows them).
        data: { workspaceId: input.targetWorkspaceId, bundleId: input.bundleId, state: "PENDING", stateChangedAt: now, ipAddress: null, computerName: null },
      });
    }
    const actor = input.createdById ? await tx.user.findUnique({ where: { id: input.createdById }, select: { id: true, email: true } }) : null;
    await recordAudit(tx, {
      actor,
      action: "desktop.migrate",
      targetType: "desktop",
      targetId: input.desktopId,
      outcome: input.failure ? "FAILURE" : "SUCCESS",
      message: input.failure
        ? `AWS refused migrate: ${input.failure.code}: ${input.failure.message}`
        : `AWS accepted migrate of ${input.sourceWorkspaceId} to bundle ${input.bundleId}: new WorkSpace ${input.targetWorkspaceId}`,
      details: { operationId: input.operationId, sourceWorkspaceId: input.sourceWorkspaceId, targetWorkspaceId: input.targetWorkspaceId ?? null, bundleId: input.bundleId, ...(input.failure ?? {}) },
      awsRequestId: input.awsRequestId ?? null,
    });
    if (input.failure) await notifyActionFailed(tx, { desktopId: input.desktopId, action: "migrate", ...input.failure }, now);
    return true;
  });
}
