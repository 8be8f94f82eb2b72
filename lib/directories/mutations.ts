import type { Prisma, PrismaClient } from "@/lib/db/generated/client";
import { recordAudit } from "@/lib/audit/mutations";
import { enqueueOperation } from "@/lib/operations/enqueue";
import { closeOperation } from "@/lib/operations/outcomes";

type Tx = Prisma.TransactionClient;
type Actor = { id: string; email: string };

/** Directory operation types and their audit verbs. */
export const DIRECTORY_OPERATIONS = {
  REGISTER_DIRECTORY: "directory.register",
  DEREGISTER_DIRECTORY: "directory.deregister",
  MODIFY_DIRECTORY_ACCESS: "directory.access.change",
} as const;
export type DirectoryOperationType = keyof typeof DIRECTORY_OPERATIONS;

const OPEN = { in: ["QUEUED", "RUNNING"] as ("QUEUED" | "RUNNING")[] };

/**
 * Queues a change to a directory for the worker, with its audit event. One change at a time per
 * directory: AWS refuses most of them while a registration is changing, and two queued at once
 * would race.
 */
export async function queueDirectoryChange(
  tx: Tx,
  actor: Actor,
  input: { type: DirectoryOperationType; directoryId: string; region: string; payload?: { webAccess: boolean } },
): Promise<{ ok: true; operationId: string } | { ok: false; code: "CONFLICT"; message: string }> {
  const open = await tx.operation.findFirst({
    where: { directoryId: input.directoryId, type: { in: Object.keys(DIRECTORY_OPERATIONS) as DirectoryOperationType[] }, status: OPEN },
  });
  if (open) return { ok: false, code: "CONFLICT", message: "A change to this directory is still being applied. Wait until it is done." };
  const op = await enqueueOperation(tx, {
    type: input.type,
    region: input.region,
    directoryId: input.directoryId,
    payload: input.payload ?? {},
    createdById: actor.id,
  });
  await recordAudit(tx, {
    actor,
    action: `${DIRECTORY_OPERATIONS[input.type]}.request`,
    targetType: "directory",
    targetId: input.directoryId,
    outcome: "SUCCESS",
    ...(input.payload ? { details: input.payload } : {}),
  });
  return { ok: true, operationId: op.id };
}

/** The worker's outcome of a directory change: the operation closed and the audit event, in one transaction. */
export async function recordDirectoryChangeResult(
  db: PrismaClient,
  input: {
    operationId: string;
    workerId: string;
    type: DirectoryOperationType;
    directoryId: string;
    failure?: { code: string; message: string };
    awsRequestId?: string | null;
    now: Date;
  },
): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const closed = await closeOperation(tx, { operationId: input.operationId, workerId: input.workerId }, {
      failure: input.failure,
      awsRequestId: input.awsRequestId,
      now: input.now,
    });
    if (!closed) return false;
    await recordAudit(tx, {
      actor: null,
      action: DIRECTORY_OPERATIONS[input.type],
      targetType: "directory",
      targetId: input.directoryId,
      outcome: input.failure ? "FAILURE" : "SUCCESS",
      message: input.failure ? `${input.failure.code}: ${input.failure.message}` : undefined,
      awsRequestId: input.awsRequestId ?? null,
    });
    return true;
  });
}
