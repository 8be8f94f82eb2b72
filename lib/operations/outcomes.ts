// Recording what became of a claimed operation. Every write is guarded by the claim (status
// RUNNING and lockedBy = the worker): a worker whose lease was taken over must not overwrite the
// new owner. Feature recorders (provisioning, desktops, billing) close operations through
// closeOperation inside their own transaction, together with their own rows.

import type { Prisma, PrismaClient } from "@/lib/db/generated/client";

type Tx = Prisma.TransactionClient;

export interface OperationClaim {
  operationId: string;
  workerId: string;
}

/** The lease guard: matches the operation only while this worker still holds it. */
export function heldBy(claim: OperationClaim) {
  return { id: claim.operationId, status: "RUNNING" as const, lockedBy: claim.workerId };
}

const release = { lockedBy: null, lockedUntil: null };

/**
 * Ends a claimed operation: SUCCEEDED with its result, or FAILED with AWS's (or the worker's)
 * code and message. False when this worker no longer held it (nothing written).
 */
export async function closeOperation(
  tx: Tx,
  claim: OperationClaim,
  outcome: {
    failure?: { code: string; message: string };
    result?: Prisma.InputJsonValue;
    awsRequestId?: string | null;
    now: Date;
  },
): Promise<boolean> {
  const op = await tx.operation.updateMany({
    where: heldBy(claim),
    data: {
      status: outcome.failure ? "FAILED" : "SUCCEEDED",
      ...release,
      completedAt: outcome.now,
      awsRequestId: outcome.awsRequestId ?? null,
      lastErrorCode: outcome.failure?.code ?? null,
      lastError: outcome.failure?.message ?? null,
      ...(outcome.result !== undefined ? { result: outcome.result } : {}),
    },
  });
  return op.count > 0;
}

/** Back to the queue after a throttle, a server error or a lost answer. */
export async function recordOperationRetry(
  db: PrismaClient,
  input: OperationClaim & {
    nextAttemptAt: Date;
    code: string;
    message: string;
    outcomeUnknown?: boolean;
    /** The failure was a look in AWS after a lost answer (counts towards the worker's maxChecks). */
    failedCheck?: boolean;
    awsRequestId?: string | null;
  },
): Promise<boolean> {
  const op = await db.operation.updateMany({
    where: heldBy(input),
    data: {
      status: "QUEUED",
      ...release,
      nextAttemptAt: input.nextAttemptAt,
      lastErrorCode: input.code,
      lastError: input.message,
      ...(input.outcomeUnknown ? { outcomeUnknown: true } : {}),
      ...(input.failedCheck ? { failedChecks: { increment: 1 } } : {}),
      ...(input.awsRequestId ? { awsRequestId: input.awsRequestId } : {}),
    },
  });
  return op.count > 0;
}

/**
 * A check before re-sending found nothing in AWS: the lost call did not act. The send that follows
 * counts as an attempt (the claim that looked did not).
 */
export async function clearOutcomeUnknown(db: PrismaClient, claim: OperationClaim): Promise<void> {
  await db.operation.updateMany({ where: heldBy(claim), data: { outcomeUnknown: false, attempts: { increment: 1 } } });
}

/** Who queued an operation, for the audit event of its outcome (null: the portal itself). */
export async function operationActor(tx: Tx, operationId: string): Promise<{ id: string; email: string } | null> {
  const operation = await tx.operation.findUnique({ where: { id: operationId }, select: { createdById: true } });
  return operation?.createdById ? tx.user.findUnique({ where: { id: operation.createdById }, select: { id: true, email: true } }) : null;
}
