// A bulk action on the fleet, written in the caller's transaction in a few statements whatever the
// number of desktops (see mutations.ts).

import { randomUUID } from "node:crypto";
import type { Prisma } from "@/lib/db/generated/client";
import { recordAuditMany } from "@/lib/audit/mutations";
import { operationType } from "@/lib/desktops/mutations";
import { enqueueOperations } from "@/lib/operations/enqueue";
import type { Actor } from "@/lib/requests/mutations";
import { plural } from "@/lib/plural";
import { insertItems } from "./items";
import type { ActionPlan } from "./queries";

type Tx = Prisma.TransactionClient;

/**
 * A bulk action on the fleet: one queued operation per allowed desktop (the worker batches them,
 * up to 25 per call) and an item per desktop, the refused ones SKIPPED with the reason.
 */
export async function createActionJob(tx: Tx, actor: Actor, plan: ActionPlan, region: string, now = new Date()): Promise<{ jobId: string; queued: number; skipped: number }> {
  // Checked again here: another action may have been queued since the plan was made.
  const busy = new Set(
    (
      await tx.operation.findMany({
        where: { desktopId: { in: plan.allowed.map((d) => d.id) }, status: { in: ["QUEUED", "RUNNING"] } },
        select: { desktopId: true },
      })
    ).map((o) => o.desktopId),
  );
  const allowed = plan.allowed.filter((d) => !busy.has(d.id));
  const refused = [...plan.refused, ...plan.allowed.filter((d) => busy.has(d.id)).map((desktop) => ({ desktop, reason: "Another action on this desktop is in progress." }))];

  const job = await tx.bulkJob.create({ data: { kind: "ACTION", action: plan.action, createdById: actor.id, createdAt: now } });
  const queued = allowed.map((desktop) => ({ desktop, operationId: randomUUID() }));
  await enqueueOperations(
    tx,
    queued.map((q) => ({
      id: q.operationId,
      type: operationType[plan.action],
      desktopId: q.desktop.id,
      requestId: q.desktop.requestId,
      region,
      directoryId: q.desktop.directoryId,
      payload: { bulkJobId: job.id },
      createdById: actor.id,
    })),
  );
  await insertItems(
    tx,
    [
      ...queued.map((q) => ({
        jobId: job.id,
        userName: q.desktop.userName,
        directoryId: q.desktop.directoryId,
        desktopId: q.desktop.id,
        operationId: q.operationId,
        status: "QUEUED" as const,
      })),
      ...refused.map((r) => ({
        jobId: job.id,
        userName: r.desktop.userName,
        directoryId: r.desktop.directoryId,
        desktopId: r.desktop.id,
        status: "SKIPPED" as const,
        errorCode: "NotAllowed",
        errorMessage: r.reason,
      })),
    ],
    now,
  );
  await recordAuditMany(tx, [
    {
      actor,
      action: `bulk.${plan.action}`,
      targetType: "bulk_job",
      targetId: job.id,
      outcome: "SUCCESS",
      message: `${plan.action} queued for ${plural(queued.length, "desktop")}, ${refused.length} skipped`,
      details: { queued: queued.length, skipped: refused.length },
    },
    ...queued.map((q) => ({
      actor,
      action: `desktop.${plan.action}.request`,
      targetType: "desktop",
      targetId: q.desktop.id,
      outcome: "SUCCESS" as const,
      message: `${plan.action} queued (bulk job ${job.id})`,
      details: { bulkJobId: job.id },
    })),
  ]);
  return { jobId: job.id, queued: queued.length, skipped: refused.length };
}
