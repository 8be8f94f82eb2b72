// Writes of directory creation: queueing the operation (from the action), and recording its outcome
// (from the worker). Every close removes the sealed password from the payload in the same
// transaction, so no password outlives its operation.

import type { Prisma, PrismaClient } from "@/lib/db/generated/client";
import { recordAudit } from "@/lib/audit/mutations";
import { OPERATION_PAYLOADS } from "@/lib/operations/payloads";
import { closeOperation, type OperationClaim } from "@/lib/operations/outcomes";
import type { NewDirectoryPayload } from "./payload";
import { currentRequestId } from "@/lib/observability/request-context";

type Actor = { id: string; email: string };

/** Queues the create, with an audit event that names the directory (never the password). */
export async function queueDirectoryCreation(db: PrismaClient, input: { actor: Actor; region: string; payload: NewDirectoryPayload }) {
  const payload = OPERATION_PAYLOADS.CREATE_DIRECTORY.parse(input.payload) as Prisma.InputJsonValue;
  return db.$transaction(async (tx) => {
    const op = await tx.operation.create({
      data: { type: "CREATE_DIRECTORY", status: "QUEUED", region: input.region, payload, createdById: input.actor.id, httpRequestId: currentRequestId() ?? null },
    });
    await recordAudit(tx, {
      actor: input.actor,
      action: "directory.create",
      targetType: "operation",
      targetId: op.id,
      outcome: "SUCCESS",
      details: { name: input.payload.name, type: input.payload.directoryType, vpcId: input.payload.vpcId, subnetIds: input.payload.subnetIds },
    });
    return op;
  });
}

const withoutSecret = (payload: NewDirectoryPayload): Prisma.InputJsonValue => {
  const { secret: _secret, ...rest } = payload;
  return rest as Prisma.InputJsonValue;
};

/** AWS accepted the create (or a look found the directory a lost answer made): SUCCEEDED with its id. */
export async function recordDirectoryCreated(
  db: PrismaClient,
  claim: OperationClaim & { payload: NewDirectoryPayload; directoryId: string; awsRequestId?: string; now: Date },
) {
  return db.$transaction(async (tx) => {
    const closed = await closeOperation(tx, claim, { result: { directoryId: claim.directoryId }, awsRequestId: claim.awsRequestId, now: claim.now });
    if (closed) await tx.operation.update({ where: { id: claim.operationId }, data: { payload: withoutSecret(claim.payload), directoryId: claim.directoryId } });
    return closed;
  });
}

/** Failed for good: AWS's code and message kept, the password dropped. */
export async function recordDirectoryCreateFailed(
  db: PrismaClient,
  claim: OperationClaim & { payload: NewDirectoryPayload | null; code: string; message: string; awsRequestId?: string; now: Date },
) {
  return db.$transaction(async (tx) => {
    const closed = await closeOperation(tx, claim, { failure: { code: claim.code, message: claim.message }, awsRequestId: claim.awsRequestId, now: claim.now });
    if (closed) await tx.operation.update({ where: { id: claim.operationId }, data: { payload: claim.payload ? withoutSecret(claim.payload) : {} } });
    return closed;
  });
}
