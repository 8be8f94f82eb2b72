// Writes for bulk jobs. Each runs inside the caller's transaction and writes a few statements
// whatever the number of items (insertMany, one UPDATE ... FROM VALUES), so that thousands of rows
// fit in one short transaction: PGlite runs one at a time, and the worker waits meanwhile.

import { randomUUID } from "node:crypto";
import { Prisma } from "@/lib/db/generated/client";
import { recordAuditMany, type AuditInput } from "@/lib/audit/mutations";
import { insertMany } from "@/lib/db/insert-many";
import { enqueueOperations } from "@/lib/operations/enqueue";
import type { OperationPayloadInput } from "@/lib/operations/payloads";
import { moveRequests, recordRequestEvents } from "@/lib/requests/request-status";
import { queueDesktopCreates, type Actor, type DesktopToCreate } from "@/lib/requests/mutations";
import { operationType } from "@/lib/desktops/mutations";
import type { DesktopAction } from "@/lib/desktops/rules";
import type { CheckedRow } from "./provisioning-check";
import { insertItems } from "./items";
import { plural } from "@/lib/plural";

type Tx = Prisma.TransactionClient;
export type ProvisioningEnv = { region: string; volumeEncryptionKey?: string | null; now?: Date };

/** The CREATE operation's payload: the row's tags, for the worker to add to the desktop's own. */
function createPayload(jobId: string, tags: Record<string, string>): OperationPayloadInput<"CREATE"> {
  return Object.keys(tags).length > 0 ? { bulkJobId: jobId, tags } : { bulkJobId: jobId };
}

type NewRequest = DesktopToCreate & { line: number; tags: Record<string, string> };

/**
 * Approved requests with their desktops and CREATE operations, as an approval writes them
 * (queueDesktopCreates), for rows of a bulk job.
 */
async function createApprovedRequests(tx: Tx, actor: Actor, jobId: string, rows: Omit<NewRequest, "requestId">[], env: ProvisioningEnv, retry: boolean) {
  const now = env.now ?? new Date();
  const requests: NewRequest[] = rows.map((r) => ({ ...r, requestId: randomUUID(), payload: createPayload(jobId, r.tags) }));
  const label = (r: NewRequest) => `Bulk job ${jobId}, line ${r.line}${retry ? " (retry)" : ""}`;
  await insertMany(
    tx,
    "DesktopRequest",
    {
      id: "text",
      requesterId: "text",
      directoryId: "text",
      userName: "text",
      bundleId: "text",
      runningMode: { enum: "RunningMode" },
      autoStopTimeoutMinutes: "int",
      justification: "text",
      status: { enum: "RequestStatus" },
      deciderId: "text",
      decidedAt: "timestamptz",
      decisionReason: "text",
      createdAt: "timestamptz",
      updatedAt: "timestamptz",
    },
    requests.map((r) => ({
      id: r.requestId,
      requesterId: r.requesterId,
      directoryId: r.directoryId,
      userName: r.userName,
      bundleId: r.bundleId,
      runningMode: r.runningMode,
      autoStopTimeoutMinutes: r.autoStopTimeoutMinutes,
      justification: label(r),
      status: "APPROVED",
      deciderId: actor.id,
      decidedAt: now,
      decisionReason: `Bulk job ${jobId}`,
      createdAt: now,
      updatedAt: now,
    })),
  );
  await recordRequestEvents(
    tx,
    requests.map((r) => ({
      requestId: r.requestId,
      actorId: actor.id,
      status: "APPROVED",
      at: now,
      message: `Created and approved by ${actor.email} (${label(r)}). Your desktop is queued for creation.`,
    })),
  );
  const queued = await queueDesktopCreates(tx, requests, { region: env.region, volumeEncryptionKey: env.volumeEncryptionKey, actorId: actor.id, now });
  const byRequest = new Map(queued.map((q) => [q.requestId, q]));
  await recordAuditMany(
    tx,
    requests.map((r) => ({
      actor,
      action: "request.approve",
      targetType: "request",
      targetId: r.requestId,
      outcome: "SUCCESS" as const,
      message: label(r),
      details: { bulkJobId: jobId, line: r.line, userName: r.userName, directoryId: r.directoryId, bundleId: r.bundleId },
    })),
  );
  return requests.map((r) => ({ ...r, desktopId: byRequest.get(r.requestId)!.desktopId, operationId: byRequest.get(r.requestId)!.operationId }));
}

/**
 * A provisioning job from checked CSV rows (only the valid ones are passed): per row an approved
 * request (filed under the linked portal user, else the admin), its desktop and CREATE operation,
 * and the job item that follows them.
 */
export async function createProvisioningJob(
  tx: Tx,
  actor: Actor,
  input: { fileName: string; rows: CheckedRow[] },
  env: ProvisioningEnv,
): Promise<{ jobId: string; items: number }> {
  const now = env.now ?? new Date();
  const job = await tx.bulkJob.create({ data: { kind: "PROVISION", fileName: input.fileName, createdById: actor.id, createdAt: now } });
  const created = await createApprovedRequests(
    tx,
    actor,
    job.id,
    input.rows.map((row) => ({
      line: row.line,
      requesterId: row.requester?.id ?? actor.id,
      // A directory user without a portal account owns nothing in the portal: admins see the
      // desktop in the fleet; it does not appear among the admin's own desktops.
      ownerId: row.requester?.id ?? null,
      directoryId: row.directoryId,
      userName: row.userName,
      bundleId: row.bundleId,
      runningMode: row.runningMode!,
      autoStopTimeoutMinutes: row.runningMode === "AUTO_STOP" ? row.autoStopTimeoutMinutes : null,
      tags: row.tags,
    })),
    { ...env, now },
    false,
  );
  await insertItems(
    tx,
    created.map((c) => ({
      jobId: job.id,
      line: c.line,
      userName: c.userName,
      directoryId: c.directoryId,
      bundleId: c.bundleId,
      runningMode: c.runningMode,
      autoStopTimeoutMinutes: c.autoStopTimeoutMinutes,
      tags: c.tags,
      requestId: c.requestId,
      desktopId: c.desktopId,
      operationId: c.operationId,
      status: "QUEUED",
    })),
    now,
  );
  await recordAuditMany(tx, [
    {
      actor,
      action: "bulk.provision",
      targetType: "bulk_job",
      targetId: job.id,
      outcome: "SUCCESS",
      message: `${plural(created.length, "desktop")} queued from ${input.fileName}`,
      details: { fileName: input.fileName, items: created.length },
    },
  ]);
  return { jobId: job.id, items: created.length };
}

/** One statement re-pointing many items at the rows of their new attempt. */
async function repointItems(tx: Tx, items: { id: string; requestId: string | null; desktopId: string | null; operationId: string }[]) {
  if (items.length === 0) return;
  const values = Prisma.join(items.map((i) => Prisma.sql`(${i.id}, ${i.requestId}, ${i.desktopId}, ${i.operationId})`));
  await tx.$executeRaw`
    UPDATE "BulkJobItem" AS i
    SET "requestId" = COALESCE(v.request_id, i."requestId"), "desktopId" = COALESCE(v.desktop_id, i."desktopId"),
        "operationId" = v.operation_id, status = 'QUEUED', "errorCode" = NULL, "errorMessage" = NULL, "updatedAt" = now()
    FROM (VALUES ${values}) AS v(id, request_id, desktop_id, operation_id)
    WHERE i.id = v.id`;
}

/**
 * Sends failed items again, as new attempts: a new approved request, desktop row and CREATE
 * operation for a provisioning item (the failed request stays, with its history), a new operation
 * for an action item. Only items still failed are taken (checked here, inside the transaction).
 */
export async function retryBulkItems(
  tx: Tx,
  actor: Actor,
  job: { id: string; kind: "PROVISION" | "ACTION"; action: string | null },
  itemIds: string[],
  env: ProvisioningEnv,
): Promise<{ retried: number }> {
  const now = env.now ?? new Date();
  let retried = 0;
  if (job.kind === "PROVISION") {
    const items = await tx.bulkJobItem.findMany({
      where: { id: { in: itemIds }, jobId: job.id, status: { notIn: ["SKIPPED", "CANCELLED"] }, request: { status: "FAILED" } },
      include: { request: { select: { id: true, requesterId: true, desktop: { select: { ownerId: true } } } } },
    });
    const created = await createApprovedRequests(
      tx,
      actor,
      job.id,
      items.map((item) => ({
        line: item.line ?? 0,
        requesterId: item.request!.requesterId,
        ownerId: item.request!.desktop?.ownerId ?? null,
        directoryId: item.directoryId!,
        userName: item.userName!,
        bundleId: item.bundleId!,
        runningMode: item.runningMode!,
        autoStopTimeoutMinutes: item.runningMode === "AUTO_STOP" ? item.autoStopTimeoutMinutes : null,
        tags: (item.tags ?? {}) as Record<string, string>,
      })),
      { ...env, now },
      true,
    );
    await recordRequestEvents(
      tx,
      items.map((item, n) => ({
        requestId: item.request!.id,
        actorId: actor.id,
        status: "FAILED",
        at: now,
        message: `Retried by ${actor.email} as request ${created[n].requestId}.`,
      })),
    );
    await repointItems(
      tx,
      items.map((item, n) => ({ id: item.id, requestId: created[n].requestId, desktopId: created[n].desktopId, operationId: created[n].operationId })),
    );
    retried = items.length;
  } else {
    const items = await tx.bulkJobItem.findMany({
      where: { id: { in: itemIds }, jobId: job.id, status: { notIn: ["SKIPPED", "CANCELLED"] }, operationId: { not: null }, desktopId: { not: null } },
      select: { id: true, desktopId: true, operationId: true },
    });
    const stillFailed = new Set(
      (await tx.operation.findMany({ where: { id: { in: items.map((i) => i.operationId!) }, status: "FAILED" }, select: { id: true } })).map((o) => o.id),
    );
    // Not twice: a desktop that got another operation meanwhile is left alone.
    const busy = new Set(
      (await tx.operation.findMany({ where: { desktopId: { in: items.map((i) => i.desktopId!) }, status: { in: ["QUEUED", "RUNNING"] } }, select: { desktopId: true } })).map(
        (o) => o.desktopId,
      ),
    );
    const toRetry = items.filter((i) => stillFailed.has(i.operationId!) && !busy.has(i.desktopId));
    const desktops = await tx.desktop.findMany({ where: { id: { in: toRetry.map((i) => i.desktopId!) } }, select: { id: true, directoryId: true, requestId: true } });
    const byId = new Map(desktops.map((d) => [d.id, d]));
    const queued = toRetry.map((i) => ({ item: i, desktop: byId.get(i.desktopId!)!, operationId: randomUUID() }));
    const action = job.action as DesktopAction;
    await enqueueOperations(
      tx,
      queued.map((q) => ({
        id: q.operationId,
        type: operationType[action],
        desktopId: q.desktop.id,
        requestId: q.desktop.requestId,
        region: env.region,
        directoryId: q.desktop.directoryId,
        payload: { bulkJobId: job.id },
        createdById: actor.id,
      })),
    );
    await repointItems(tx, queued.map((q) => ({ id: q.item.id, requestId: null, desktopId: null, operationId: q.operationId })));
    await recordAuditMany(
      tx,
      queued.map((q) => ({
        actor,
        action: `desktop.${action}.request`,
        targetType: "desktop",
        targetId: q.desktop.id,
        outcome: "SUCCESS" as const,
        message: `${action} queued (bulk job ${job.id}, retry)`,
        details: { bulkJobId: job.id },
      })),
    );
    retried = queued.length;
  }
  await tx.bulkJob.update({ where: { id: job.id }, data: { status: "RUNNING", completedAt: null } });
  await recordAuditMany(tx, [
    { actor, action: "bulk.retry", targetType: "bulk_job", targetId: job.id, outcome: "SUCCESS", message: `${plural(retried, "failed item")} queued again`, details: { retried } },
  ]);
  return { retried };
}

/**
 * Cancels what has not been sent to AWS: QUEUED operations whose earlier attempt (if any) surely
 * did not reach AWS. An operation being sent, or whose answer was lost (outcomeUnknown: AWS may
 * have acted), runs to its end: cancelling it could leave a desktop in AWS the portal forgets.
 */
export async function cancelRemainingBulkItems(tx: Tx, actor: Actor, job: { id: string; kind: "PROVISION" | "ACTION" }, now = new Date()) {
  const items = await tx.bulkJobItem.findMany({
    where: { jobId: job.id, status: { notIn: ["SKIPPED", "CANCELLED"] }, operationId: { not: null } },
    select: { id: true, operationId: true },
  });
  const message = `Cancelled by ${actor.email} before it was sent to AWS.`;
  const cancelled = await tx.operation.updateManyAndReturn({
    where: { id: { in: items.map((i) => i.operationId!) }, status: "QUEUED", outcomeUnknown: false },
    data: { status: "CANCELLED", completedAt: now, lastErrorCode: "Cancelled", lastError: message },
    select: { id: true, requestId: true, desktopId: true },
  });
  if (cancelled.length === 0) return { cancelled: 0 };
  const cancelledOps = new Set(cancelled.map((o) => o.id));
  const cancelledItems = items.filter((i) => cancelledOps.has(i.operationId!));

  if (job.kind === "PROVISION" && cancelled.length > 0) {
    const requestIds = cancelled.map((o) => o.requestId).filter((id): id is string => Boolean(id));
    await moveRequests(tx, { requestIds, to: "CANCELLED", from: ["APPROVED"], actorId: actor.id, at: now, message });
    // The desktop never existed in AWS: closed like a terminated one, so that it leaves the fleet
    // list, bills nothing and does not block a new request for that user.
    await tx.desktop.updateMany({
      where: { id: { in: cancelled.map((o) => o.desktopId!).filter(Boolean) }, workspaceId: null },
      data: { state: "TERMINATED", stateChangedAt: now, terminatedAt: now },
    });
  }
  await tx.bulkJobItem.updateMany({
    where: { id: { in: cancelledItems.map((i) => i.id) } },
    data: { status: "CANCELLED", errorCode: "Cancelled", errorMessage: message },
  });
  await tx.bulkJob.update({ where: { id: job.id }, data: { status: "CANCELLED" } });
  const audit: AuditInput[] = [
    {
      actor,
      action: "bulk.cancel",
      targetType: "bulk_job",
      targetId: job.id,
      outcome: "SUCCESS",
      message: `${plural(cancelledItems.length, "item")} cancelled`,
      details: { cancelled: cancelledItems.length },
    },
  ];
  await recordAuditMany(tx, audit);
  return { cancelled: cancelledItems.length };
}
