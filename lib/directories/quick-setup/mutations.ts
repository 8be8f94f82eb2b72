// Writes of the quick set-up: queueing the one job (from the action), what its steps record (from
// the worker), and the admin's retry of a failed step. The sealed passwords leave the payload once
// the users exist (the directory, when there are none) and whenever the job closes: the portal
// keeps no password.

import { randomUUID } from "node:crypto";
import type { Prisma, PrismaClient } from "@/lib/db/generated/client";
import { recordAudit } from "@/lib/audit/mutations";
import { OPERATION_PAYLOADS } from "@/lib/operations/payloads";
import { closeOperation, type OperationClaim } from "@/lib/operations/outcomes";
import { requeueFailedJob, saveJobProgress } from "@/lib/operations/job-progress";
import { queueDesktopCreates } from "@/lib/requests/mutations";
import type { SealedSecret } from "@/lib/directories/create/secret-box";
import { initialProgress, type QuickSetupPayload, type QuickSetupProgress } from "./payload";
import { currentRequestId } from "@/lib/observability/request-context";

type Actor = { id: string; email: string };
const json = (v: unknown) => v as Prisma.InputJsonValue;

/** The payload without any password: the admin's and the users' initial ones. */
export const withoutSecret = (payload: QuickSetupPayload): QuickSetupPayload => {
  const { secret: _secret, ...rest } = payload;
  return { ...rest, users: payload.users.map(({ secret: _s, ...user }) => user) };
};

/** The one job of a quick set-up, with its audit event (the plan, never the password). */
export async function queueQuickSetup(db: PrismaClient, input: { actor: Actor; region: string; payload: QuickSetupPayload }) {
  const payload = OPERATION_PAYLOADS.QUICK_SETUP.parse(input.payload);
  return db.$transaction(async (tx) => {
    const op = await tx.operation.create({
      data: { type: "QUICK_SETUP", status: "QUEUED", region: input.region, payload: json(payload), result: json(initialProgress(payload)), createdById: input.actor.id, httpRequestId: currentRequestId() ?? null },
    });
    await recordAudit(tx, {
      actor: input.actor,
      action: "directory.quick_setup",
      targetType: "operation",
      targetId: op.id,
      outcome: "SUCCESS",
      details: json({ ...withoutSecret(payload), users: payload.users.map((u) => u.userName) }),
    });
    return op;
  });
}

/** The directory is registered: the portal's directory row, so desktops can be requested in it. */
export async function recordSetupDirectory(db: PrismaClient, input: { directoryId: string; name: string; shortName?: string; region: string; registrationCode?: string }) {
  await db.directory.upsert({
    where: { id: input.directoryId },
    create: { id: input.directoryId, name: input.name, shortName: input.shortName, type: "SIMPLE_AD", region: input.region, stage: "Active", registered: true, registrationCode: input.registrationCode },
    update: { stage: "Active", registered: true, registrationCode: input.registrationCode, refreshedAt: new Date() },
  });
}

/**
 * A first desktop for each listed user, queued as an approval queues one (request, desktop row,
 * CREATE operation that tags it and finds it again after a crash), in the transaction that records
 * the step: a resumed job never queues them twice.
 */
export async function queueSetupDesktops(
  db: PrismaClient,
  claim: OperationClaim,
  input: { payload: QuickSetupPayload; progress: QuickSetupProgress; directoryId: string; region: string; actorId: string; volumeEncryptionKey: string | null; now: Date },
): Promise<string[] | null> {
  const desktops = input.payload.desktops;
  if (!desktops) return [];
  return db.$transaction(async (tx) => {
    const requests = input.payload.users.map((u) => ({ requestId: randomUUID(), userName: u.userName }));
    await tx.desktopRequest.createMany({
      data: requests.map((r) => ({
        id: r.requestId,
        requesterId: input.actorId,
        directoryId: input.directoryId,
        userName: r.userName,
        bundleId: desktops.bundleId,
        runningMode: desktops.runningMode,
        autoStopTimeoutMinutes: desktops.runningMode === "AUTO_STOP" ? 60 : null,
        justification: `Quick set-up ${claim.operationId}`,
        status: "APPROVED",
        deciderId: input.actorId,
        decidedAt: input.now,
        decisionReason: `Quick set-up ${claim.operationId}`,
      })),
    });
    const queued = await queueDesktopCreates(
      tx,
      requests.map((r) => ({
        requestId: r.requestId,
        requesterId: input.actorId,
        ownerId: null,
        directoryId: input.directoryId,
        userName: r.userName,
        bundleId: desktops.bundleId,
        runningMode: desktops.runningMode,
        autoStopTimeoutMinutes: desktops.runningMode === "AUTO_STOP" ? 60 : null,
      })),
      { region: input.region, volumeEncryptionKey: input.volumeEncryptionKey, actorId: input.actorId, now: input.now },
    );
    const desktopIds = queued.map((q) => q.desktopId);
    input.progress.desktopIds = desktopIds;
    // Guarded by the lease: a worker that lost the job rolls its desktops back.
    if (!(await saveJobProgress(tx, claim, json(input.progress)))) throw new LeaseLost();
    return desktopIds;
  }).catch((e) => {
    if (e instanceof LeaseLost) return null;
    throw e;
  });
}

class LeaseLost extends Error {}

/** Every step done (or failed for good): closed with its progress, the password dropped, audited. */
export async function recordQuickSetupClosed(
  db: PrismaClient,
  claim: OperationClaim & { payload: QuickSetupPayload | null; progress: QuickSetupProgress; failure?: { code: string; message: string }; awsRequestId?: string; now: Date },
) {
  return db.$transaction(async (tx) => {
    const closed = await closeOperation(tx, claim, { result: json(claim.progress), failure: claim.failure, awsRequestId: claim.awsRequestId, now: claim.now });
    if (!closed) return false;
    await tx.operation.update({
      where: { id: claim.operationId },
      data: { payload: json(claim.payload ? withoutSecret(claim.payload) : {}), directoryId: claim.progress.directoryId ?? null },
    });
    await recordAudit(tx, {
      actor: null,
      action: "directory.quick_setup",
      targetType: "operation",
      targetId: claim.operationId,
      outcome: claim.failure ? "FAILURE" : "SUCCESS",
      message: claim.failure ? `${claim.failure.code}: ${claim.failure.message}` : undefined,
    });
    return true;
  });
}

/** The admin retries the failed step: the job queued again where it stopped (with the passwords
 *  sealed again when the directory or its users are still to be created). */
export async function retryQuickSetup(
  db: PrismaClient,
  input: { actor: Actor; operationId: string; payload: QuickSetupPayload; progress: QuickSetupProgress; secret?: SealedSecret; users?: QuickSetupPayload["users"] },
) {
  for (const [step, p] of Object.entries(input.progress.steps)) {
    if (p.state === "failed" || p.state === "running" || p.state === "waiting") input.progress.steps[step] = { state: "pending", error: p.error };
  }
  return db.$transaction(async (tx) => {
    const payload = input.secret ? { ...input.payload, secret: input.secret, ...(input.users ? { users: input.users } : {}) } : undefined;
    const queued = await requeueFailedJob(tx, input.operationId, json(input.progress), payload ? json(payload) : undefined);
    if (queued) await recordAudit(tx, { actor: input.actor, action: "directory.quick_setup.retry", targetType: "operation", targetId: input.operationId, outcome: "SUCCESS" });
    return queued;
  });
}
