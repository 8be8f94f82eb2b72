// Jobs that run step by step (quick set-up, clean-up) keep their progress in the operation's
// result while they run. Every write is guarded by the claim, like every other outcome.

import type { Prisma, PrismaClient } from "@/lib/db/generated/client";
import { heldBy, type OperationClaim } from "./outcomes";

/** A step finished: progress saved, and the attempts count starts again for the next step. */
export async function saveJobProgress(db: PrismaClient | Prisma.TransactionClient, claim: OperationClaim, progress: Prisma.InputJsonValue, payload?: Prisma.InputJsonValue) {
  const r = await db.operation.updateMany({ where: heldBy(claim), data: { result: progress, attempts: 0, failedChecks: 0, lastErrorCode: null, lastError: null, ...(payload ? { payload } : {}) } });
  return r.count > 0;
}

/** A step's error shown while it is retried (the attempts count goes on). */
export async function saveJobError(db: PrismaClient, claim: OperationClaim, progress: Prisma.InputJsonValue) {
  const r = await db.operation.updateMany({ where: heldBy(claim), data: { result: progress } });
  return r.count > 0;
}

/** Waiting on AWS (a directory being created, desktops terminating): back to the queue at `at`,
 *  not counted as a failed attempt. */
export async function waitJob(db: PrismaClient, claim: OperationClaim, progress: Prisma.InputJsonValue, at: Date) {
  const r = await db.operation.updateMany({
    where: heldBy(claim),
    data: { status: "QUEUED", lockedBy: null, lockedUntil: null, nextAttemptAt: at, result: progress, attempts: 0, failedChecks: 0 },
  });
  return r.count > 0;
}

/** The admin retries a failed job: queued again from its failed step, with fresh attempts. */
export async function requeueFailedJob(tx: Prisma.TransactionClient, operationId: string, progress: Prisma.InputJsonValue, payload?: Prisma.InputJsonValue) {
  const r = await tx.operation.updateMany({
    where: { id: operationId, status: "FAILED" },
    data: {
      status: "QUEUED",
      nextAttemptAt: new Date(),
      attempts: 0,
      failedChecks: 0,
      outcomeUnknown: false,
      completedAt: null,
      lastErrorCode: null,
      lastError: null,
      result: progress,
      ...(payload ? { payload } : {}),
    },
  });
  return r.count > 0;
}
