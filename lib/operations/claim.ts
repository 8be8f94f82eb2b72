// Claiming operations from the outbox. One UPDATE ... WHERE id IN (SELECT ... FOR UPDATE SKIP LOCKED)
// statement: atomic, no interactive transaction (PGlite runs one transaction at a time), and
// several workers never claim the same row.

import type { PrismaClient } from "@/lib/db/generated/client";
import type { OperationStatus, OperationType } from "@/lib/db/generated/enums";

export interface ClaimedOperation {
  id: string;
  type: OperationType;
  status: OperationStatus;
  desktopId: string | null;
  requestId: string | null;
  region: string;
  directoryId: string | null;
  payload: unknown;
  /** Sends so far, including this claim's unless it only looks in AWS (outcomeUnknown). */
  attempts: number;
  /** Looks in AWS after a lost answer that failed themselves. */
  failedChecks: number;
  outcomeUnknown: boolean;
  lastErrorCode: string | null;
  lastError: string | null;
  createdById: string | null;
  /** The X-Request-Id of the HTTP request that queued it, if one did. */
  httpRequestId: string | null;
  /** The previous holder's lease ran out: it may have sent the call (treated as outcome unknown). */
  takenOver: boolean;
}

/**
 * Claims due QUEUED operations, and RUNNING ones whose lease expired (a worker died mid-way).
 * A taken-over operation is marked outcomeUnknown: its previous holder may have reached AWS.
 */
export async function claimOperations(
  db: PrismaClient,
  input: { workerId: string; limit: number; leaseMs: number; now: Date },
): Promise<ClaimedOperation[]> {
  const leaseUntil = new Date(input.now.getTime() + input.leaseMs);
  const rows = await db.$queryRaw<(Omit<ClaimedOperation, "takenOver"> & { wasRunning: boolean })[]>`
    WITH due AS (
      SELECT id, status = 'RUNNING'::"OperationStatus" AS "wasRunning"
      FROM "Operation"
      WHERE (status = 'QUEUED'::"OperationStatus" AND "nextAttemptAt" <= ${input.now}::timestamptz)
         OR (status = 'RUNNING'::"OperationStatus" AND "lockedUntil" < ${input.now}::timestamptz)
      ORDER BY "nextAttemptAt", "createdAt"
      LIMIT ${input.limit}
      FOR UPDATE SKIP LOCKED
    )
    UPDATE "Operation" o
    SET status = 'RUNNING'::"OperationStatus",
        "lockedBy" = ${input.workerId},
        "lockedUntil" = ${leaseUntil}::timestamptz,
        -- A claim that only looks in AWS (outcome unknown) is not a send.
        attempts = o.attempts + CASE WHEN o."outcomeUnknown" OR due."wasRunning" THEN 0 ELSE 1 END,
        "outcomeUnknown" = o."outcomeUnknown" OR due."wasRunning",
        "updatedAt" = ${input.now}::timestamptz
    FROM due
    WHERE o.id = due.id
    RETURNING o.id, o.type, o.status, o."desktopId", o."requestId", o.region, o."directoryId", o.payload,
              o.attempts, o."failedChecks", o."outcomeUnknown", o."lastErrorCode", o."lastError", o."createdById", o."httpRequestId", due."wasRunning"
  `;
  return rows.map(({ wasRunning, ...row }) => ({
    ...row,
    attempts: Number(row.attempts),
    failedChecks: Number(row.failedChecks),
    takenOver: wasRunning,
  }));
}

/** Keeps this worker's claims alive while it is still working on them. */
export async function extendLeases(
  db: PrismaClient,
  input: { workerId: string; operationIds: string[]; leaseUntil: Date },
): Promise<number> {
  if (input.operationIds.length === 0) return 0;
  const { count } = await db.operation.updateMany({
    where: { id: { in: input.operationIds }, status: "RUNNING", lockedBy: input.workerId },
    data: { lockedUntil: input.leaseUntil },
  });
  return count;
}

/**
 * Hands claims back to the queue untouched (still due, the attempt not counted): used to keep a
 * batch whole for the next pass. An outcomeUnknown mark stays.
 */
export async function releaseClaims(db: PrismaClient, input: { workerId: string; operationIds: string[] }): Promise<number> {
  if (input.operationIds.length === 0) return 0;
  // Undo the claim's count: a claim of an outcomeUnknown operation did not count.
  return db.$executeRaw`
    UPDATE "Operation"
    SET status = 'QUEUED'::"OperationStatus", "lockedBy" = NULL, "lockedUntil" = NULL,
        attempts = attempts - CASE WHEN "outcomeUnknown" THEN 0 ELSE 1 END
    WHERE id = ANY(${input.operationIds}::text[]) AND status = 'RUNNING'::"OperationStatus" AND "lockedBy" = ${input.workerId}
  `;
}
