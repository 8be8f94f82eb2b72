import type { Prisma, PrismaClient } from "@/lib/db/generated/client";
import { recordAudit } from "@/lib/audit/mutations";
import { enqueueOperation } from "@/lib/operations/enqueue";
import { closeOperation } from "@/lib/operations/outcomes";
import type { OperationPayloadInput } from "@/lib/operations/payloads";

type Tx = Prisma.TransactionClient;
type Actor = { id: string; email: string };

/** Directory operation types and their audit verbs. */
export const DIRECTORY_OPERATIONS = {
  REGISTER_DIRECTORY: "directory.register",
  DEREGISTER_DIRECTORY: "directory.deregister",
  MODIFY_DIRECTORY_ACCESS: "directory.access.change",
  MODIFY_DIRECTORY_SELF_SERVICE: "directory.self-service.change",
  MODIFY_DIRECTORY_CREATION: "directory.creation.change",
  IP_GROUP_ASSOCIATION: "directory.ip-group.change",
  DIRECTORY_RADIUS: "directory.radius.change",
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
  input: {
    type: DirectoryOperationType;
    directoryId: string;
    region: string;
    payload?: OperationPayloadInput<DirectoryOperationType>;
    /** What the audit trail records, when not the payload (never a secret). */
    details?: Record<string, unknown>;
  },
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
    ...(input.details || input.payload ? { details: (input.details ?? input.payload) as Prisma.InputJsonValue } : {}),
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
  return recordSettingResult(db, { ...input, action: DIRECTORY_OPERATIONS[input.type], target: { type: "directory", id: input.directoryId } });
}

/**
 * Closes a settings operation (a directory's or an IP group's) with its audit event, in one
 * transaction. A sealed secret in the payload (RADIUS) is removed in that same transaction, so no
 * secret outlives its operation.
 */
export async function recordSettingResult(
  db: PrismaClient,
  input: {
    operationId: string;
    workerId: string;
    action: string;
    target: { type: string; id: string };
    failure?: { code: string; message: string };
    result?: Prisma.InputJsonValue;
    awsRequestId?: string | null;
    now: Date;
  },
): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const closed = await closeOperation(tx, { operationId: input.operationId, workerId: input.workerId }, {
      failure: input.failure,
      result: input.result,
      awsRequestId: input.awsRequestId,
      now: input.now,
    });
    if (!closed) return false;
    await dropSealedSecret(tx, input.operationId);
    await recordAudit(tx, {
      actor: null,
      action: input.action,
      targetType: input.target.type,
      targetId: input.target.id,
      outcome: input.failure ? "FAILURE" : "SUCCESS",
      message: input.failure ? `${input.failure.code}: ${input.failure.message}` : undefined,
      awsRequestId: input.awsRequestId ?? null,
    });
    return true;
  });
}

/** Removes a sealed secret from an operation's payload (done when the operation closes). */
export async function dropSealedSecret(tx: Tx, operationId: string): Promise<void> {
  const op = await tx.operation.findUnique({ where: { id: operationId }, select: { payload: true } });
  const payload = op?.payload;
  if (payload && typeof payload === "object" && !Array.isArray(payload) && "secret" in payload) {
    const { secret: _secret, ...rest } = payload;
    await tx.operation.update({ where: { id: operationId }, data: { payload: rest as Prisma.InputJsonValue } });
  }
}
