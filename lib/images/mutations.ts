// Writes of custom images and bundles: queueing a change for the worker (from the actions, with its
// audit event, in one transaction) and recording the worker's outcome (the operation closed with
// what AWS made, and the audit event). lib/bundles queues its changes through here too: both
// features share one family of operations and one handler.

import type { Prisma, PrismaClient } from "@/lib/db/generated/client";
import { recordAudit } from "@/lib/audit/mutations";
import { enqueueOperation } from "@/lib/operations/enqueue";
import { closeOperation } from "@/lib/operations/outcomes";
import type { OperationPayloadInput } from "@/lib/operations/payloads";
import { changeTarget, IMAGE_BUNDLE_PAYLOADS, type ImageBundleOperationType } from "./payloads";

type Tx = Prisma.TransactionClient;
type Actor = { id: string; email: string };

/** The audit verb of each change. */
export const IMAGE_BUNDLE_OPERATIONS = {
  CREATE_IMAGE: "image.create",
  DELETE_IMAGE: "image.delete",
  COPY_IMAGE: "image.copy",
  SHARE_IMAGE: "image.share",
  CREATE_BUNDLE: "bundle.create",
  UPDATE_BUNDLE: "bundle.update",
  DELETE_BUNDLE: "bundle.delete",
} as const satisfies Record<ImageBundleOperationType, string>;

export const IMAGE_BUNDLE_TYPES = Object.keys(IMAGE_BUNDLE_OPERATIONS) as ImageBundleOperationType[];
const OPEN = { in: ["QUEUED", "RUNNING"] as ("QUEUED" | "RUNNING")[] };

/**
 * Queues one change, with its audit event. One open change per image or bundle (and per new name):
 * two at once would race in AWS, and a second create of the same name would be refused anyway.
 */
export async function queueImageBundleChange<T extends ImageBundleOperationType>(
  tx: Tx,
  actor: Actor,
  input: { type: T; region: string; desktopId?: string; payload: OperationPayloadInput<T> },
): Promise<{ ok: true; operationId: string } | { ok: false; code: "CONFLICT"; message: string }> {
  const payload = IMAGE_BUNDLE_PAYLOADS[input.type].parse(input.payload) as Record<string, unknown>;
  const target = changeTarget(input.type, payload);
  const open = await tx.operation.findMany({ where: { type: { in: IMAGE_BUNDLE_TYPES }, status: OPEN }, select: { type: true, payload: true } });
  const busy = open.some((o) => {
    const other = changeTarget(o.type as ImageBundleOperationType, (o.payload ?? {}) as Record<string, unknown>);
    return other.targetType === target.targetType && other.targetId === target.targetId;
  });
  if (busy) return { ok: false, code: "CONFLICT", message: `A change to ${target.targetType} ${target.targetId} is still being applied. Wait until it is done.` };
  const op = await enqueueOperation(tx, {
    type: input.type,
    region: input.region,
    desktopId: input.desktopId ?? null,
    payload: input.payload,
    createdById: actor.id,
  });
  await recordAudit(tx, {
    actor,
    action: `${IMAGE_BUNDLE_OPERATIONS[input.type]}.request`,
    targetType: target.targetType,
    targetId: target.targetId,
    outcome: "SUCCESS",
    details: payload as Prisma.InputJsonValue,
  });
  return { ok: true, operationId: op.id };
}

/** The worker's outcome: the operation closed (with the id AWS gave what it made) and the audit event, in one transaction. */
export async function recordImageBundleResult(
  db: PrismaClient,
  input: {
    operationId: string;
    workerId: string;
    type: ImageBundleOperationType;
    payload: Record<string, unknown>;
    region: string;
    failure?: { code: string; message: string };
    resourceId?: string;
    awsRequestId?: string | null;
    now: Date;
  },
): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const closed = await closeOperation(tx, { operationId: input.operationId, workerId: input.workerId }, {
      failure: input.failure,
      ...(input.failure ? {} : { result: { region: input.region, ...(input.resourceId ? { resourceId: input.resourceId } : {}) } }),
      awsRequestId: input.awsRequestId,
      now: input.now,
    });
    if (!closed) return false;
    // AWS suspends the desktop while it makes the image (up to 45 minutes); reconcile follows it back.
    if (input.type === "CREATE_IMAGE" && !input.failure) {
      const { desktopId } = await tx.operation.findUniqueOrThrow({ where: { id: input.operationId }, select: { desktopId: true } });
      if (desktopId) await tx.desktop.update({ where: { id: desktopId }, data: { state: "SUSPENDED", stateChangedAt: input.now } });
    }
    const target = changeTarget(input.type, input.payload);
    await recordAudit(tx, {
      actor: null,
      action: IMAGE_BUNDLE_OPERATIONS[input.type],
      targetType: target.targetType,
      targetId: input.resourceId ?? target.targetId,
      outcome: input.failure ? "FAILURE" : "SUCCESS",
      message: input.failure ? `${input.failure.code}: ${input.failure.message}` : undefined,
      awsRequestId: input.awsRequestId ?? null,
    });
    return true;
  });
}
