// What AWS answered to an action on a desktop (terminate, reboot, start, stop, rebuild, restore):
// written by the worker in one short transaction, outside any AWS call, under the operation's lease.

import type { Prisma, PrismaClient } from "@/lib/db/generated/client";
import { recordAudit } from "@/lib/audit/mutations";
import type { DesktopState } from "./desktop-state";
import { closeOperation, type OperationClaim } from "@/lib/operations/outcomes";
import { notifyActionFailed } from "@/lib/notifications/events";

async function actorOf(tx: Prisma.TransactionClient, userId: string | null | undefined) {
  if (!userId) return null;
  const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, email: true } });
  return user ?? null;
}

/**
 * AWS's answer to a desktop action (terminate, reboot, start, stop, rebuild): the operation ends,
 * the desktop shows the transition state on success, and the audit trail gets AWS's outcome.
 */
export async function recordDesktopActionResult(
  db: PrismaClient,
  input: OperationClaim & {
    /** The action's name in the audit trail (desktop.<action>). */
    action: string;
    /** The state AWS shows once it accepted the action (reconcile follows it from there). */
    transitionState?: DesktopState;
    desktopId: string;
    createdById: string | null;
    workspaceId: string | null;
    awsRequestId?: string | null;
    /** Absent: AWS accepted it. */
    failure?: { code: string; message: string };
    /** Accepted earlier (found in AWS after a lost answer) rather than by this call. */
    confirmedByDescribe?: boolean;
    now?: Date;
  },
): Promise<boolean> {
  const now = input.now ?? new Date();
  const name = input.action;
  return db.$transaction(async (tx) => {
    const held = await closeOperation(tx, input, {
      now,
      failure: input.failure,
      awsRequestId: input.awsRequestId,
      result: input.failure
        ? { failed: true, code: input.failure.code }
        : { workspaceId: input.workspaceId, confirmedByDescribe: Boolean(input.confirmedByDescribe) },
    });
    if (!held) return false;
    const transition = input.transitionState;
    // Also when confirmed by a describe: reconcile then follows the desktop to its settled state.
    if (!input.failure && transition) {
      await tx.desktop.update({
        where: { id: input.desktopId },
        data: { state: transition, stateChangedAt: now },
      });
    }
    await recordAudit(tx, {
      actor: await actorOf(tx, input.createdById),
      action: `desktop.${name}`,
      targetType: "desktop",
      targetId: input.desktopId,
      outcome: input.failure ? "FAILURE" : "SUCCESS",
      message: input.failure
        ? `AWS refused ${name}: ${input.failure.code}: ${input.failure.message}`
        : `AWS accepted ${name}${input.workspaceId ? ` for ${input.workspaceId}` : ""}`,
      details: { operationId: input.operationId, workspaceId: input.workspaceId, ...(input.failure ?? {}) },
      awsRequestId: input.awsRequestId ?? null,
    });
    if (input.failure) await notifyActionFailed(tx, { desktopId: input.desktopId, action: name, ...input.failure }, now);
    return true;
  });
}
