import type { Prisma } from "@/lib/db/generated/client";
import { recordAudit, recordAuditMany } from "@/lib/audit/mutations";
import { enqueueDesktopOperation } from "@/lib/provisioning/mutations";

export type Actor = { id: string; email: string };

export async function createDesktopRequest(
  tx: Prisma.TransactionClient,
  actor: Actor,
  input: {
    directoryId: string;
    userName: string;
    bundleId: string;
    runningMode: "AUTO_STOP" | "ALWAYS_ON";
    autoStopTimeoutHours: number | null;
    justification: string;
    hoursPerWeek?: number;
  },
) {
  const request = await tx.desktopRequest.create({
    data: {
      requesterId: actor.id,
      directoryId: input.directoryId,
      userName: input.userName,
      bundleId: input.bundleId,
      runningMode: input.runningMode,
      autoStopTimeoutHours: input.autoStopTimeoutHours,
      justification: input.justification,
      hoursPerWeek: input.hoursPerWeek ?? null,
      events: { create: { actorId: actor.id, status: "SUBMITTED", message: "Request submitted." } },
    },
  });
  await recordAudit(tx, {
    actor,
    action: "request.create",
    targetType: "request",
    targetId: request.id,
    outcome: "SUCCESS",
    details: { bundleId: input.bundleId, runningMode: input.runningMode, autoStopTimeoutHours: input.autoStopTimeoutHours },
  });
  return request;
}

// Conditional update: a request decided meanwhile is not cancelled.
export async function cancelDesktopRequest(tx: Prisma.TransactionClient, actor: Actor, requestId: string) {
  const { count } = await tx.desktopRequest.updateMany({
    where: { id: requestId, status: "SUBMITTED" },
    data: { status: "CANCELLED" },
  });
  if (count === 0) return false;
  await tx.requestEvent.create({ data: { requestId, actorId: actor.id, status: "CANCELLED", message: "Cancelled by the requester." } });
  await recordAudit(tx, { actor, action: "request.cancel", targetType: "request", targetId: requestId, outcome: "SUCCESS" });
  return true;
}

export type DecisionOutcome = { decided: string[]; skipped: { id: string; reason: string }[] };

// Approval writes the decision, the desktop row and its create operation in one transaction:
// the worker, not the web request, calls AWS (outbox pattern).
export async function decideRequests(
  tx: Prisma.TransactionClient,
  actor: Actor,
  input: { requestIds: string[]; decision: "APPROVE" | "REJECT"; reason: string },
  env: { region: string; volumeEncryptionKey?: string | null },
  now = new Date(),
): Promise<DecisionOutcome> {
  const status = input.decision === "APPROVE" ? "APPROVED" : "REJECTED";
  const requests = await tx.desktopRequest.findMany({ where: { id: { in: input.requestIds } } });
  const outcome: DecisionOutcome = { decided: [], skipped: [] };

  for (const id of input.requestIds) {
    const request = requests.find((r) => r.id === id);
    if (!request) {
      outcome.skipped.push({ id, reason: "Request not found." });
      continue;
    }
    if (request.requesterId === actor.id) {
      outcome.skipped.push({ id, reason: "You cannot decide your own request." });
      continue;
    }
    const { count } = await tx.desktopRequest.updateMany({
      where: { id, status: "SUBMITTED" },
      data: { status, deciderId: actor.id, decidedAt: now, decisionReason: input.reason || null },
    });
    if (count === 0) {
      outcome.skipped.push({ id, reason: `Already ${request.status.toLowerCase()}.` });
      continue;
    }
    const message =
      input.decision === "APPROVE"
        ? `Approved${input.reason ? `: ${input.reason}` : "."} Your desktop is queued for creation.`
        : `Rejected: ${input.reason}`;
    await tx.requestEvent.create({ data: { requestId: id, actorId: actor.id, status, message, at: now } });

    if (input.decision === "APPROVE") {
      const encrypted = Boolean(env.volumeEncryptionKey);
      const desktop = await tx.desktop.create({
        data: {
          requestId: id,
          ownerId: request.requesterId,
          directoryId: request.directoryId,
          userName: request.userName,
          bundleId: request.bundleId,
          runningMode: request.runningMode,
          autoStopTimeoutMinutes: request.autoStopTimeoutHours ? request.autoStopTimeoutHours * 60 : null,
          rootVolumeEncrypted: encrypted,
          userVolumeEncrypted: encrypted,
          volumeEncryptionKey: env.volumeEncryptionKey ?? null,
          stateChangedAt: now,
          billingChanges: {
            create: {
              toMode: request.runningMode,
              autoStopTimeoutMinutes: request.autoStopTimeoutHours ? request.autoStopTimeoutHours * 60 : null,
              status: "APPLIED",
              effectiveAt: now,
              requestedById: request.requesterId,
            },
          },
        },
      });
      await enqueueDesktopOperation(tx, {
        type: "CREATE",
        desktopId: desktop.id,
        requestId: id,
        region: env.region,
        directoryId: request.directoryId,
        payload: {},
        createdById: actor.id,
      });
    }
    outcome.decided.push(id);
  }

  await recordAuditMany(
    tx,
    outcome.decided.map((id) => ({
      actor,
      action: input.decision === "APPROVE" ? "request.approve" : "request.reject",
      targetType: "request",
      targetId: id,
      outcome: "SUCCESS" as const,
      message: input.reason || undefined,
    })),
  );
  return outcome;
}
