// Writes of the clean-up: queueing its one job (from the action, after the admin typed the
// directory's name) and closing it (from the worker).

import type { Prisma, PrismaClient } from "@/lib/db/generated/client";
import { recordAudit } from "@/lib/audit/mutations";
import { OPERATION_PAYLOADS } from "@/lib/operations/payloads";
import { closeOperation, type OperationClaim } from "@/lib/operations/outcomes";
import { requeueFailedJob } from "@/lib/operations/job-progress";
import { initialCleanUpProgress, type CleanUpPayload, type CleanUpProgress } from "./payload";
import { currentRequestId } from "@/lib/observability/request-context";

type Actor = { id: string; email: string };
const json = (v: unknown) => v as Prisma.InputJsonValue;
const OPEN = { in: ["QUEUED", "RUNNING"] as ("QUEUED" | "RUNNING")[] };

/** One clean-up at a time per directory; none while another change to it is in flight. */
export async function queueCleanUp(db: PrismaClient, input: { actor: Actor; region: string; payload: CleanUpPayload }) {
  const payload = OPERATION_PAYLOADS.CLEAN_UP.parse(input.payload);
  return db.$transaction(async (tx) => {
    const open = await tx.operation.findFirst({ where: { directoryId: payload.directoryId, status: OPEN } });
    if (open) return { ok: false as const, message: "A change to this directory is still being applied. Wait until it is done." };
    const op = await tx.operation.create({
      data: { type: "CLEAN_UP", status: "QUEUED", region: input.region, directoryId: payload.directoryId, payload: json(payload), result: json(initialCleanUpProgress(payload)), createdById: input.actor.id, httpRequestId: currentRequestId() ?? null },
    });
    await recordAudit(tx, { actor: input.actor, action: "directory.clean_up", targetType: "directory", targetId: payload.directoryId, outcome: "SUCCESS", details: json(payload) });
    return { ok: true as const, operationId: op.id };
  });
}

export async function recordCleanUpClosed(
  db: PrismaClient,
  claim: OperationClaim & { directoryId: string; progress: CleanUpProgress; failure?: { code: string; message: string }; awsRequestId?: string; now: Date },
) {
  return db.$transaction(async (tx) => {
    const closed = await closeOperation(tx, claim, { result: json(claim.progress), failure: claim.failure, awsRequestId: claim.awsRequestId, now: claim.now });
    if (!closed) return false;
    // Gone from AWS: the portal stops offering the directory.
    if (!claim.failure) await tx.directory.updateMany({ where: { id: claim.directoryId }, data: { registered: false, stage: "Deleted", refreshedAt: claim.now } });
    await recordAudit(tx, {
      actor: null,
      action: "directory.clean_up",
      targetType: "directory",
      targetId: claim.directoryId,
      outcome: claim.failure ? "FAILURE" : "SUCCESS",
      message: claim.failure ? `${claim.failure.code}: ${claim.failure.message}` : undefined,
    });
    return true;
  });
}

export async function retryCleanUp(db: PrismaClient, input: { actor: Actor; operationId: string; directoryId: string; progress: CleanUpProgress }) {
  for (const [step, p] of Object.entries(input.progress.steps)) {
    if (p.state === "failed" || p.state === "running" || p.state === "waiting") input.progress.steps[step] = { state: "pending", error: p.error };
  }
  return db.$transaction(async (tx) => {
    const queued = await requeueFailedJob(tx, input.operationId, json(input.progress));
    if (queued) await recordAudit(tx, { actor: input.actor, action: "directory.clean_up.retry", targetType: "directory", targetId: input.directoryId, outcome: "SUCCESS" });
    return queued;
  });
}
