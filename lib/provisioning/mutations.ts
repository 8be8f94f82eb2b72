// Writes for provisioning: queueing AWS operations (called by actions inside their transaction,
// the outbox pattern) and recording what AWS answered (called by the worker, each in one short
// transaction, outside any AWS call). These trust their input; callers have checked it.

import type { Prisma, PrismaClient } from "@/lib/db/generated/client";
import type { OperationType } from "@/lib/db/generated/enums";
import { recordAudit } from "@/lib/audit/mutations";

type Tx = Prisma.TransactionClient;
type Db = PrismaClient;

/** Operation types that act on one existing desktop. */
export type DesktopActionType = Exclude<OperationType, "CREATE">;

export interface EnqueueDesktopOperationInput {
  type: OperationType;
  desktopId: string;
  requestId?: string | null;
  region: string;
  /** Creates are batched per (region, directoryId). */
  directoryId?: string | null;
  payload?: Prisma.InputJsonValue;
  createdById?: string | null;
  /** Not before this time (default: now). */
  notBefore?: Date;
}

/** Queues an AWS operation for the worker. Call inside the transaction that took the decision. */
export async function enqueueDesktopOperation(tx: Tx, input: EnqueueDesktopOperationInput) {
  return tx.operation.create({
    data: {
      type: input.type,
      status: "QUEUED",
      desktopId: input.desktopId,
      requestId: input.requestId ?? null,
      region: input.region,
      directoryId: input.directoryId ?? null,
      payload: input.payload ?? {},
      createdById: input.createdById ?? null,
      ...(input.notBefore ? { nextAttemptAt: input.notBefore } : {}),
    },
  });
}

/**
 * Queues many operations in one statement (bulk jobs: thousands of rows must fit in one short
 * transaction). Ids are the caller's, so that it can link requests, desktops and items to them.
 */
export async function enqueueDesktopOperations(tx: Tx, inputs: (EnqueueDesktopOperationInput & { id: string })[]): Promise<void> {
  if (inputs.length === 0) return;
  await tx.operation.createMany({
    data: inputs.map((input) => ({
      id: input.id,
      type: input.type,
      status: "QUEUED" as const,
      desktopId: input.desktopId,
      requestId: input.requestId ?? null,
      region: input.region,
      directoryId: input.directoryId ?? null,
      payload: input.payload ?? {},
      createdById: input.createdById ?? null,
      ...(input.notBefore ? { nextAttemptAt: input.notBefore } : {}),
    })),
  });
}

// ---------------------------------------------------------------------------------------------
// Results of operations. Every operation write is guarded by the claim (status RUNNING and
// lockedBy = the worker): a worker whose lease was taken over must not overwrite the new owner.

export interface OperationClaim {
  operationId: string;
  workerId: string;
}

const claimed = (claim: OperationClaim) => ({
  id: claim.operationId,
  status: "RUNNING" as const,
  lockedBy: claim.workerId,
});

const release = { lockedBy: null, lockedUntil: null };

/** CreateWorkspaces accepted the desktop (or the worker found it in AWS after a lost answer). */
export async function recordCreateAccepted(
  db: Db,
  input: OperationClaim & {
    desktopId: string;
    requestId: string | null;
    workspaceId: string;
    state: string;
    awsRequestId?: string | null;
    adopted?: boolean;
    /** The key the desktop was created with, if its volumes were encrypted. */
    volumeEncryptionKey?: string | null;
    now?: Date;
  },
): Promise<boolean> {
  const now = input.now ?? new Date();
  const encryption = input.volumeEncryptionKey
    ? { rootVolumeEncrypted: true, userVolumeEncrypted: true, volumeEncryptionKey: input.volumeEncryptionKey }
    : {};
  return db.$transaction(async (tx) => {
    const op = await tx.operation.updateMany({
      where: claimed(input),
      data: {
        status: "SUCCEEDED",
        ...release,
        completedAt: now,
        awsRequestId: input.awsRequestId ?? null,
        lastErrorCode: null,
        lastError: null,
        result: { workspaceId: input.workspaceId, adopted: Boolean(input.adopted) },
      },
    });
    // The desktop exists in AWS whatever happened to our lease: record its id if nobody has.
    await tx.desktop.updateMany({
      where: { id: input.desktopId, workspaceId: null },
      data: { workspaceId: input.workspaceId, state: input.state, stateChangedAt: now, ...encryption },
    });
    if (input.requestId) {
      const moved = await tx.desktopRequest.updateMany({
        where: { id: input.requestId, status: "APPROVED" },
        data: { status: "PROVISIONING" },
      });
      if (moved.count > 0) {
        await tx.requestEvent.create({
          data: {
            requestId: input.requestId,
            status: "PROVISIONING",
            at: now,
            message: input.adopted
              ? `Your desktop is being created (${input.workspaceId}).`
              : `AWS accepted the desktop (${input.workspaceId}); it is being created.`,
          },
        });
      }
    }
    return op.count > 0;
  });
}

/**
 * The create failed for good (AWS refused the item, or retries ran out). The desktop row stays
 * (it holds the billing history written at approval) with state ERROR and no workspaceId: it never
 * existed in AWS. The request carries AWS's code and message for the admin.
 */
export async function recordCreateFailed(
  db: Db,
  input: OperationClaim & {
    desktopId: string;
    requestId: string | null;
    code: string;
    message: string;
    awsRequestId?: string | null;
    now?: Date;
  },
): Promise<boolean> {
  const now = input.now ?? new Date();
  return db.$transaction(async (tx) => {
    const op = await tx.operation.updateMany({
      where: claimed(input),
      data: {
        status: "FAILED",
        ...release,
        completedAt: now,
        lastErrorCode: input.code,
        lastError: input.message,
        awsRequestId: input.awsRequestId ?? null,
      },
    });
    if (op.count === 0) return false;
    await tx.desktop.updateMany({
      where: { id: input.desktopId, workspaceId: null },
      data: { state: "ERROR", stateChangedAt: now },
    });
    if (input.requestId) {
      const moved = await tx.desktopRequest.updateMany({
        where: { id: input.requestId, status: { in: ["APPROVED", "PROVISIONING"] } },
        data: { status: "FAILED", failureCode: input.code, failureMessage: input.message },
      });
      if (moved.count > 0) {
        await tx.requestEvent.create({
          data: {
            requestId: input.requestId,
            status: "FAILED",
            at: now,
            message: `The desktop could not be created (${input.code}).`,
          },
        });
      }
    }
    return true;
  });
}

/** Back to the queue after a throttle, a server error or a lost answer. */
export async function recordOperationRetry(
  db: Db,
  input: OperationClaim & {
    nextAttemptAt: Date;
    code: string;
    message: string;
    outcomeUnknown?: boolean;
    awsRequestId?: string | null;
  },
): Promise<boolean> {
  const op = await db.operation.updateMany({
    where: claimed(input),
    data: {
      status: "QUEUED",
      ...release,
      nextAttemptAt: input.nextAttemptAt,
      lastErrorCode: input.code,
      lastError: input.message,
      ...(input.outcomeUnknown ? { outcomeUnknown: true } : {}),
      ...(input.awsRequestId ? { awsRequestId: input.awsRequestId } : {}),
    },
  });
  return op.count > 0;
}

/** A check before re-sending found nothing in AWS: the lost call did not act. */
export async function clearOutcomeUnknown(db: Db, claim: OperationClaim): Promise<void> {
  await db.operation.updateMany({ where: claimed(claim), data: { outcomeUnknown: false } });
}

const ACTION_NAMES: Record<DesktopActionType, string> = {
  TERMINATE: "terminate",
  REBOOT: "reboot",
  START: "start",
  STOP: "stop",
  REBUILD: "rebuild",
  RESTORE: "restore",
  MODIFY_RUNNING_MODE: "modify_running_mode",
};

/** The state AWS moves a desktop to when it accepts the action (reconcile follows it from there). */
export const ACTION_TRANSITION_STATE: Partial<Record<DesktopActionType, string>> = {
  TERMINATE: "TERMINATING",
  REBOOT: "REBOOTING",
  START: "STARTING",
  STOP: "STOPPING",
  REBUILD: "REBUILDING",
  RESTORE: "RESTORING",
};

async function actorOf(tx: Tx, userId: string | null | undefined) {
  if (!userId) return null;
  const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, email: true } });
  return user ?? null;
}

/**
 * AWS's answer to a desktop action (terminate, reboot, start, stop, rebuild): the operation ends,
 * the desktop shows the transition state on success, and the audit trail gets AWS's outcome.
 */
export async function recordDesktopActionResult(
  db: Db,
  input: OperationClaim & {
    type: DesktopActionType;
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
  const name = ACTION_NAMES[input.type];
  return db.$transaction(async (tx) => {
    const op = await tx.operation.updateMany({
      where: claimed(input),
      data: {
        status: input.failure ? "FAILED" : "SUCCEEDED",
        ...release,
        completedAt: now,
        awsRequestId: input.awsRequestId ?? null,
        lastErrorCode: input.failure?.code ?? null,
        lastError: input.failure?.message ?? null,
        result: input.failure
          ? { failed: true, code: input.failure.code }
          : { workspaceId: input.workspaceId, confirmedByDescribe: Boolean(input.confirmedByDescribe) },
      },
    });
    if (op.count === 0) return false;
    const transition = ACTION_TRANSITION_STATE[input.type];
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
    return true;
  });
}

// ---------------------------------------------------------------------------------------------
// Reconciliation: what DescribeWorkspaces showed.

export interface ObservedWorkspace {
  state: string;
  ipAddress?: string | null;
  computerName?: string | null;
  errorCode?: string | null;
  errorMessage?: string | null;
}

/** Records a desktop as AWS describes it, and moves its request on when it became AVAILABLE/ERROR. */
export async function recordDesktopObserved(
  db: Db,
  input: { desktopId: string; previousState: string; observed: ObservedWorkspace; now?: Date },
): Promise<void> {
  const now = input.now ?? new Date();
  const { observed } = input;
  const changed = observed.state !== input.previousState;
  await db.$transaction(async (tx) => {
    const desktop = await tx.desktop.update({
      where: { id: input.desktopId },
      data: {
        state: observed.state,
        lastSeenAt: now,
        ...(changed ? { stateChangedAt: now } : {}),
        ...(observed.ipAddress !== undefined ? { ipAddress: observed.ipAddress || null } : {}),
        ...(observed.computerName !== undefined ? { computerName: observed.computerName || null } : {}),
        ...(observed.state === "TERMINATED" ? { terminatedAt: now } : {}),
      },
      select: { requestId: true },
    });
    if (!changed || !desktop.requestId) return;
    if (observed.state === "AVAILABLE") {
      const moved = await tx.desktopRequest.updateMany({
        where: { id: desktop.requestId, status: { in: ["APPROVED", "PROVISIONING"] } },
        data: { status: "READY" },
      });
      if (moved.count > 0) {
        await tx.requestEvent.create({
          data: { requestId: desktop.requestId, status: "READY", at: now, message: "Your desktop is ready." },
        });
      }
    } else if (observed.state === "ERROR") {
      const code = observed.errorCode || "WorkspaceError";
      const message = observed.errorMessage || "AWS reports the desktop in state ERROR.";
      const moved = await tx.desktopRequest.updateMany({
        where: { id: desktop.requestId, status: { in: ["APPROVED", "PROVISIONING"] } },
        data: { status: "FAILED", failureCode: code, failureMessage: message },
      });
      if (moved.count > 0) {
        await tx.requestEvent.create({
          data: {
            requestId: desktop.requestId,
            status: "FAILED",
            at: now,
            message: `The desktop could not be created (${code}).`,
          },
        });
      }
    }
  });
}

/** AWS no longer returns the desktop: it is terminated (TERMINATED shows only briefly). */
export async function recordDesktopGone(db: Db, input: { desktopId: string; now?: Date }): Promise<void> {
  const now = input.now ?? new Date();
  await db.desktop.update({
    where: { id: input.desktopId },
    data: { state: "TERMINATED", stateChangedAt: now, terminatedAt: now, lastSeenAt: now },
  });
}
