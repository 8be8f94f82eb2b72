// Changes to a directory's users are operations the worker does (no directory write inside a web
// request): queued here with their audit event, closed by the worker with the password removed.
import type { Prisma, PrismaClient } from "@/lib/db/generated/client";
import { recordAudit } from "@/lib/audit/mutations";
import { randomUUID } from "node:crypto";
import { enqueueOperation, enqueueOperations } from "@/lib/operations/enqueue";
import { closeOperation } from "@/lib/operations/outcomes";
import { DIRECTORY_USER_AUDIT, withoutSecret, type DirectoryUserPayload } from "./payload";

type Tx = Prisma.TransactionClient;
type Actor = { id: string; email: string };

const OPEN = { in: ["QUEUED", "RUNNING"] as ("QUEUED" | "RUNNING")[] };

/** The audit trail's details: who and what, never a password. */
function auditDetails(payload: DirectoryUserPayload): Prisma.InputJsonValue {
  return { userName: payload.userName, ...(payload.bulkJobId ? { bulkJobId: payload.bulkJobId } : {}) };
}

/**
 * Queues one change to a directory user. One open change per user at a time: a reset queued
 * behind a create, or a disable racing an enable, would apply in an order nobody chose.
 */
export async function queueDirectoryUserChange(
  tx: Tx,
  actor: Actor,
  input: { directoryId: string; region: string; payload: DirectoryUserPayload },
): Promise<{ ok: true; operationId: string } | { ok: false; code: "CONFLICT"; message: string }> {
  const open = await tx.operation.findFirst({
    where: { type: "DIRECTORY_USER", directoryId: input.directoryId, status: OPEN, payload: { path: ["userName"], equals: input.payload.userName } },
    select: { id: true },
  });
  if (open) return { ok: false, code: "CONFLICT", message: `A change to ${input.payload.userName} is still being applied. Wait until it is done.` };
  const op = await enqueueOperation(tx, { type: "DIRECTORY_USER", region: input.region, directoryId: input.directoryId, payload: input.payload, createdById: actor.id });
  await recordAudit(tx, {
    actor,
    action: `${DIRECTORY_USER_AUDIT[input.payload.action]}.request`,
    targetType: "directory",
    targetId: input.directoryId,
    outcome: "SUCCESS",
    details: auditDetails(input.payload),
  });
  return { ok: true, operationId: op.id };
}

/**
 * The worker's outcome: the operation closed, its password removed from the payload, and the audit
 * event, in one transaction. False when the worker no longer held the operation (nothing written).
 */
export async function recordDirectoryUserResult(
  db: PrismaClient,
  input: {
    operationId: string;
    workerId: string;
    directoryId: string;
    /** The stored payload (null when it could not be read: then it is emptied, password and all). */
    payload: DirectoryUserPayload | null;
    failure?: { code: string; message: string };
    awsRequestId?: string | null;
    now: Date;
  },
): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const claim = { operationId: input.operationId, workerId: input.workerId };
    const closed = await closeOperation(tx, claim, { failure: input.failure, awsRequestId: input.awsRequestId, now: input.now });
    if (!closed) return false;
    await tx.operation.update({ where: { id: input.operationId }, data: { payload: input.payload ? withoutSecret(input.payload) : {} } });
    await recordAudit(tx, {
      actor: null,
      action: input.payload ? DIRECTORY_USER_AUDIT[input.payload.action] : "directory.user.change",
      targetType: "directory",
      targetId: input.directoryId,
      outcome: input.failure ? "FAILURE" : "SUCCESS",
      message: input.failure ? `${input.failure.code}: ${input.failure.message}` : undefined,
      ...(input.payload ? { details: auditDetails(input.payload) } : {}),
      awsRequestId: input.awsRequestId ?? null,
    });
    return true;
  });
}

/**
 * Queues one create per row of a checked CSV, all carrying the import's id (its progress page
 * follows them), in one transaction with one audit event: all of them or none.
 */
export async function queueDirectoryUserImport(
  tx: Tx,
  actor: Actor,
  input: { directoryId: string; region: string; fileName: string; creates: Extract<DirectoryUserPayload, { action: "CREATE" }>[] },
): Promise<{ jobId: string; queued: number }> {
  const jobId = randomUUID();
  await enqueueOperations(
    tx,
    input.creates.map((payload) => ({
      id: randomUUID(),
      type: "DIRECTORY_USER" as const,
      region: input.region,
      directoryId: input.directoryId,
      createdById: actor.id,
      payload: { ...payload, bulkJobId: jobId },
    })),
  );
  await recordAudit(tx, {
    actor,
    action: "directory.user.import.request",
    targetType: "directory",
    targetId: input.directoryId,
    outcome: "SUCCESS",
    details: { jobId, fileName: input.fileName, users: input.creates.length },
  });
  return { jobId, queued: input.creates.length };
}
