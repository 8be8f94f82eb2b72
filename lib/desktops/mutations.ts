import type { Prisma } from "@/lib/db/generated/client";
import { recordAudit } from "@/lib/audit/mutations";
import { enqueueOperation } from "@/lib/operations/enqueue";
import type { OperationPayloadInput } from "@/lib/operations/payloads";
import { recordRequestEvents, reopenFailedRequest } from "@/lib/requests/request-status";
import { FAILED_CREATE_REMOVED_STATE, FAILED_CREATE_STATE } from "./desktop-state";
import { checkFailedCreateAction, type DesktopAction } from "./rules";
import { findDuplicates, loadExistingForUsers, lockDirectoryUsers, noteQueuedDesktop, userKey } from "./one-desktop-per-user";

/** The outbox operation each desktop action becomes. */
export const operationType = {
  reboot: "REBOOT",
  start: "START",
  stop: "STOP",
  rebuild: "REBUILD",
  terminate: "TERMINATE",
} as const satisfies Record<DesktopAction, string>;

// Queues the AWS call; the worker executes it and records AWS's answer.
export async function queueDesktopAction(
  tx: Prisma.TransactionClient,
  actor: { id: string; email: string },
  desktop: { id: string; directoryId: string; requestId: string | null },
  action: DesktopAction,
  region: string,
) {
  const operation = await enqueueOperation(tx, {
    type: operationType[action],
    desktopId: desktop.id,
    requestId: desktop.requestId ?? undefined,
    region,
    directoryId: desktop.directoryId,
    payload: {},
    createdById: actor.id,
  });
  await recordAudit(tx, {
    actor,
    action: `desktop.${action}.request`,
    targetType: "desktop",
    targetId: desktop.id,
    outcome: "SUCCESS",
    message: `${action} queued`,
  });
  return operation;
}

// ---------------------------------------------------------------------------------------------
// Failed creates (state ERROR, no WorkSpace id): queue the create again, or close the row.

export type FailedCreateOutcome = { done: string[]; skipped: { id: string; userName: string; reason: string }[] };

async function loadFailedCreates(tx: Prisma.TransactionClient, desktopIds: string[]) {
  return tx.desktop.findMany({
    where: { id: { in: desktopIds } },
    select: {
      id: true,
      userName: true,
      directoryId: true,
      requestId: true,
      state: true,
      workspaceId: true,
      directory: { select: { name: true } },
      operations: { where: { type: "CREATE" }, orderBy: { createdAt: "desc" }, take: 1, select: { id: true, payload: true } },
      _count: { select: { operations: { where: { status: { in: ["QUEUED", "RUNNING"] } } } } },
    },
  });
}

/** Why a loaded desktop cannot be retried or removed now, or null. */
function failedCreateRefusal(d: { state: string; workspaceId: string | null; _count: { operations: number } }): string | null {
  const verdict = checkFailedCreateAction(d);
  if (!verdict.allowed) return verdict.reason;
  return d._count.operations > 0 ? "An operation on this desktop is already queued." : null;
}

/**
 * Queues the CREATE again for each failed create. Money guard: the operation is marked to look in
 * AWS first (outcomeUnknown), so the worker adopts a desktop that carries this desktop's or
 * request's tag instead of creating a second one. One desktop per user and directory still holds.
 */
export async function retryFailedCreates(
  tx: Prisma.TransactionClient,
  actor: { id: string; email: string },
  desktopIds: string[],
  region: string,
  now = new Date(),
): Promise<FailedCreateOutcome> {
  const desktops = await loadFailedCreates(tx, desktopIds);
  await lockDirectoryUsers(tx, desktops.map((d) => userKey(d.directoryId, d.userName)));
  const existing = await loadExistingForUsers(tx, {
    directoryIds: [...new Set(desktops.map((d) => d.directoryId))],
    userNames: desktops.map((d) => d.userName),
  });
  const outcome: FailedCreateOutcome = { done: [], skipped: [] };
  for (const d of desktops) {
    const skip = (reason: string) => outcome.skipped.push({ id: d.id, userName: d.userName, reason });
    const refusal = failedCreateRefusal(d);
    if (refusal) {
      skip(refusal);
      continue;
    }
    const duplicate = findDuplicates(existing, { directoryId: d.directoryId, directoryName: d.directory.name, userName: d.userName }).desktop;
    if (duplicate) {
      skip(duplicate.message);
      continue;
    }
    const moved = await tx.desktop.updateMany({ where: { id: d.id, state: FAILED_CREATE_STATE, workspaceId: null }, data: { state: "REQUESTED", stateChangedAt: now } });
    if (moved.count === 0) {
      skip("The desktop changed meanwhile.");
      continue;
    }
    noteQueuedDesktop(existing, { directoryId: d.directoryId, userName: d.userName, desktopId: d.id });
    const previous = d.operations[0];
    const operation = await enqueueOperation(tx, {
      type: "CREATE",
      desktopId: d.id,
      requestId: d.requestId,
      region,
      directoryId: d.directoryId,
      // The bulk job's CSV tags travel with the create (enqueue checks them against CREATE's schema).
      payload: (previous?.payload ?? {}) as OperationPayloadInput<"CREATE">,
      createdById: actor.id,
      outcomeUnknown: true,
    });
    if (d.requestId) await reopenFailedRequest(tx, d.requestId, actor.id, now);
    // A bulk job's item follows the new create rather than the failed one.
    if (previous) await tx.bulkJobItem.updateMany({ where: { desktopId: d.id, operationId: previous.id }, data: { operationId: operation.id } });
    await recordAudit(tx, { actor, action: "desktop.retry", targetType: "desktop", targetId: d.id, outcome: "SUCCESS", message: "create queued again" });
    outcome.done.push(d.id);
  }
  return outcome;
}

/** Closes failed creates: nothing exists in AWS, so nothing is called; the row and its history stay. */
export async function removeFailedCreates(
  tx: Prisma.TransactionClient,
  actor: { id: string; email: string },
  desktopIds: string[],
  now = new Date(),
): Promise<FailedCreateOutcome> {
  const desktops = await loadFailedCreates(tx, desktopIds);
  const outcome: FailedCreateOutcome = { done: [], skipped: [] };
  for (const d of desktops) {
    const skip = (reason: string) => outcome.skipped.push({ id: d.id, userName: d.userName, reason });
    const refusal = failedCreateRefusal(d);
    if (refusal) {
      skip(refusal);
      continue;
    }
    const closed = await tx.desktop.updateMany({
      where: { id: d.id, state: FAILED_CREATE_STATE, workspaceId: null },
      data: { state: FAILED_CREATE_REMOVED_STATE, terminatedAt: now, stateChangedAt: now },
    });
    if (closed.count === 0) {
      skip("The desktop changed meanwhile.");
      continue;
    }
    // A note in the request's history; the request stays FAILED.
    if (d.requestId) {
      await recordRequestEvents(tx, [
        { requestId: d.requestId, actorId: actor.id, status: "FAILED", at: now, message: "An administrator removed the desktop that could not be created." },
      ]);
    }
    await recordAudit(tx, { actor, action: "desktop.remove", targetType: "desktop", targetId: d.id, outcome: "SUCCESS", message: "failed create removed (no AWS call)" });
    outcome.done.push(d.id);
  }
  return outcome;
}

/**
 * Records when each desktop's user last connected (the fleet's "last connection"), from one round
 * of connection samples: AWS's last known connection time, or now for a desktop connected now.
 * Never moves a desktop's time backwards. One statement for the whole round (10,000 desktops).
 */
export async function recordLastConnections(
  db: Pick<Prisma.TransactionClient, "$executeRaw">,
  now: Date,
  observations: { desktopId: string; state: string; lastConnectedAt?: Date }[],
): Promise<number> {
  const seen = observations
    .map((o) => ({ id: o.desktopId, at: o.state === "CONNECTED" ? now : o.lastConnectedAt && o.lastConnectedAt <= now ? o.lastConnectedAt : undefined }))
    .filter((o): o is { id: string; at: Date } => o.at !== undefined);
  if (seen.length === 0) return 0;
  return db.$executeRaw`
    UPDATE "Desktop" AS d SET "lastConnectedAt" = v.at
    FROM (SELECT unnest(${seen.map((o) => o.id)}::text[]) AS id, unnest(${seen.map((o) => o.at.toISOString())}::text[])::timestamptz AS at) AS v
    WHERE d."id" = v.id AND (d."lastConnectedAt" IS NULL OR d."lastConnectedAt" < v.at)`;
}
