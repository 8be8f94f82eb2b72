import { randomUUID } from "node:crypto";
import type { Prisma } from "@/lib/db/generated/client";
import { recordAudit, recordAuditMany } from "@/lib/audit/mutations";
import { insertMany } from "@/lib/db/insert-many";
import { enqueueOperations } from "@/lib/operations/enqueue";
import type { OperationPayloadInput } from "@/lib/operations/payloads";
import { conflict, type ActionFailure } from "@/lib/action-result";
import { findDuplicates, loadExistingForUsers, lockDirectoryUsers, noteQueuedDesktop, userKey } from "@/lib/desktops/one-desktop-per-user";
import type { RunningMode } from "@/lib/db/generated/enums";
import { notifyRequestSubmitted, notifyRequestsDecided } from "@/lib/notifications/events";
import { moveRequest } from "./request-status";
import { countHeldDesktops, loadGuardrails } from "@/lib/guardrails/queries";
import { computeProblem, encryptionKeyFor, quotaProblem, resolveRequiredTags, type Guardrail } from "@/lib/guardrails/rules";

export type Actor = { id: string; email: string };

export async function createDesktopRequest(
  tx: Prisma.TransactionClient,
  actor: Actor,
  input: {
    directoryId: string;
    userName: string;
    bundleId: string;
    runningMode: RunningMode;
    autoStopTimeoutMinutes: number | null;
    justification: string;
    hoursPerWeek?: number;
    /** The directory's required tags, resolved (lib/guardrails). */
    tags?: Record<string, string>;
  },
) {
  const request = await tx.desktopRequest.create({
    data: {
      requesterId: actor.id,
      directoryId: input.directoryId,
      userName: input.userName,
      bundleId: input.bundleId,
      runningMode: input.runningMode,
      autoStopTimeoutMinutes: input.autoStopTimeoutMinutes,
      justification: input.justification,
      hoursPerWeek: input.hoursPerWeek ?? null,
      tags: input.tags ?? {},
      events: { create: { actorId: actor.id, status: "SUBMITTED", message: "Request submitted." } },
    },
  });
  await recordAudit(tx, {
    actor,
    action: "request.create",
    targetType: "request",
    targetId: request.id,
    outcome: "SUCCESS",
    details: { bundleId: input.bundleId, runningMode: input.runningMode, autoStopTimeoutMinutes: input.autoStopTimeoutMinutes, tags: input.tags ?? {} },
  });
  await notifyRequestSubmitted(tx, request.id);
  return request;
}

// Conditional update: a request decided meanwhile is not cancelled.
export async function cancelDesktopRequest(tx: Prisma.TransactionClient, actor: Actor, requestId: string): Promise<{ ok: true } | ActionFailure> {
  const moved = await moveRequest(tx, {
    requestId,
    to: "CANCELLED",
    from: ["SUBMITTED"],
    actorId: actor.id,
    at: new Date(),
    message: "Cancelled by the requester.",
  });
  if (!moved) return conflict("The request was decided meanwhile and can no longer be cancelled.");
  await recordAudit(tx, { actor, action: "request.cancel", targetType: "request", targetId: requestId, outcome: "SUCCESS" });
  return { ok: true as const };
}

/** A request left out of a decision, and why (the same codes as an action's failure). */
export type SkippedRequest = { id: string } & Pick<ActionFailure, "code" | "message">;
export type DecisionOutcome = { decided: string[]; skipped: SkippedRequest[] };

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
  const requests = await tx.desktopRequest.findMany({
    where: { id: { in: input.requestIds } },
    include: { directory: { select: { name: true } }, requester: { select: { role: true } }, bundle: { select: { computeType: true } } },
  });
  const outcome: DecisionOutcome = { decided: [], skipped: [] };
  const approved: DesktopToCreate[] = [];
  // One desktop per directory user (AWS): an approval that would duplicate one is refused, also
  // when an earlier request of this batch has just queued it.
  const approving = input.decision === "APPROVE";
  if (approving) await lockDirectoryUsers(tx, requests.map((r) => userKey(r.directoryId, r.userName)));
  // The directories' guardrails, checked again at approval: they may have changed since the request.
  const guardrails = approving ? await loadGuardrails(requests.map((r) => r.directoryId), tx) : new Map<string, Guardrail>();
  const approvedFor = new Map<string, number>();
  const existing = approving
    ? await loadExistingForUsers(tx, { directoryIds: [...new Set(requests.map((r) => r.directoryId))], userNames: requests.map((r) => r.userName) })
    : null;

  for (const id of input.requestIds) {
    const request = requests.find((r) => r.id === id);
    if (!request) {
      outcome.skipped.push({ id, code: "NOT_FOUND", message: "Request not found." });
      continue;
    }
    if (request.requesterId === actor.id) {
      outcome.skipped.push({ id, code: "FORBIDDEN", message: "You cannot decide your own request." });
      continue;
    }
    const duplicate = existing && request.status === "SUBMITTED"
      ? findDuplicates(existing, { directoryId: request.directoryId, directoryName: request.directory.name, userName: request.userName }).desktop
      : null;
    if (duplicate) {
      outcome.skipped.push({ id, code: "CONFLICT", message: `Not approved: ${duplicate.message}` });
      continue;
    }
    let tags: Record<string, string> = {};
    if (approving && request.status === "SUBMITTED") {
      const guardrail = guardrails.get(request.directoryId)!;
      const resolved = resolveRequiredTags(guardrail.requiredTags, request.tags as Record<string, string>);
      // This request is open, so it counts among what its requester holds; so do approvals of this batch.
      const held = (await countHeldDesktops(request.requesterId, tx)) - 1 + (approvedFor.get(request.requesterId) ?? 0);
      const problem =
        computeProblem(guardrail, request.requester.role, request.bundle.computeType) ??
        quotaProblem(guardrail, held) ??
        Object.values(resolved.problems)[0] ??
        null;
      if (problem) {
        outcome.skipped.push({ id, code: "CONFLICT", message: `Not approved: ${problem}` });
        continue;
      }
      tags = resolved.tags;
    }
    const moved = await moveRequest(tx, {
      requestId: id,
      to: status,
      from: ["SUBMITTED"],
      data: { deciderId: actor.id, decidedAt: now, decisionReason: input.reason || null },
      actorId: actor.id,
      at: now,
      message:
        input.decision === "APPROVE"
          ? `Approved${input.reason ? `: ${input.reason}` : "."} Your desktop is queued for creation.`
          : `Rejected: ${input.reason}`,
    });
    if (!moved) {
      outcome.skipped.push({ id, code: "CONFLICT", message: `Already ${request.status.toLowerCase()}.` });
      continue;
    }

    if (existing) {
      // Not the real desktop id yet (queueDesktopCreates makes it); enough to refuse a second one.
      noteQueuedDesktop(existing, { directoryId: request.directoryId, userName: request.userName, desktopId: `request:${id}` });
      approvedFor.set(request.requesterId, (approvedFor.get(request.requesterId) ?? 0) + 1);
      approved.push({
        requestId: id,
        requesterId: request.requesterId,
        ownerId: request.requesterId,
        directoryId: request.directoryId,
        userName: request.userName,
        bundleId: request.bundleId,
        runningMode: request.runningMode,
        autoStopTimeoutMinutes: request.autoStopTimeoutMinutes,
        ...(Object.keys(tags).length > 0 ? { payload: { tags } } : {}),
      });
    }
    outcome.decided.push(id);
  }
  await queueDesktopCreates(tx, approved, { ...env, actorId: actor.id, now });
  const decider = await tx.user.findUnique({ where: { id: actor.id }, select: { name: true } });
  await notifyRequestsDecided(tx, outcome.decided, { approved: approving, reason: input.reason || null, deciderName: decider?.name ?? actor.email }, now);

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

/** An approved request whose desktop is to be created. */
export type DesktopToCreate = {
  requestId: string;
  requesterId: string;
  /** Null for a desktop of a directory user who has no portal account (bulk provisioning). */
  ownerId: string | null;
  directoryId: string;
  userName: string;
  bundleId: string;
  runningMode: RunningMode;
  autoStopTimeoutMinutes: number | null;
  /** Carried to the worker on the CREATE operation (bulk provisioning: the CSV row's tags). */
  payload?: OperationPayloadInput<"CREATE">;
};

export type QueuedCreate = { requestId: string; desktopId: string; operationId: string };

/**
 * What an approval writes besides the decision: per request the desktop row (REQUESTED until AWS
 * answers, with the first entry of its billing history) and the CREATE operation the worker sends
 * (outbox pattern). Three statements whatever the count (insertMany): bulk jobs of thousands of rows must fit in
 * one short transaction (PGlite runs one at a time).
 */
export async function queueDesktopCreates(
  tx: Prisma.TransactionClient,
  creates: DesktopToCreate[],
  env: { region: string; volumeEncryptionKey?: string | null; actorId: string; now: Date },
): Promise<QueuedCreate[]> {
  if (creates.length === 0) return [];
  // The directory's key where it requires encryption, else the portal-wide default (lib/guardrails).
  const guardrails = await loadGuardrails(creates.map((c) => c.directoryId), tx);
  const queued = creates.map((c) => ({
    ...c,
    desktopId: randomUUID(),
    operationId: randomUUID(),
    volumeEncryptionKey: encryptionKeyFor(guardrails.get(c.directoryId)!, env.volumeEncryptionKey),
  }));
  await insertMany(
    tx,
    "Desktop",
    {
      id: "text",
      requestId: "text",
      ownerId: "text",
      directoryId: "text",
      userName: "text",
      bundleId: "text",
      runningMode: { enum: "RunningMode" },
      autoStopTimeoutMinutes: "int",
      rootVolumeEncrypted: "boolean",
      userVolumeEncrypted: "boolean",
      volumeEncryptionKey: "text",
      stateChangedAt: "timestamptz",
      createdAt: "timestamptz",
      updatedAt: "timestamptz",
    },
    queued.map((c) => ({
      id: c.desktopId,
      requestId: c.requestId,
      ownerId: c.ownerId,
      directoryId: c.directoryId,
      userName: c.userName,
      bundleId: c.bundleId,
      runningMode: c.runningMode,
      autoStopTimeoutMinutes: c.autoStopTimeoutMinutes,
      rootVolumeEncrypted: Boolean(c.volumeEncryptionKey),
      userVolumeEncrypted: Boolean(c.volumeEncryptionKey),
      volumeEncryptionKey: c.volumeEncryptionKey,
      stateChangedAt: env.now,
      createdAt: env.now,
      updatedAt: env.now,
    })),
  );
  await insertMany(
    tx,
    "BillingModeChange",
    {
      id: "text",
      desktopId: "text",
      toMode: { enum: "RunningMode" },
      autoStopTimeoutMinutes: "int",
      status: { enum: "BillingChangeStatus" },
      effectiveAt: "timestamptz",
      requestedById: "text",
      createdAt: "timestamptz",
    },
    queued.map((c) => ({
      id: randomUUID(),
      desktopId: c.desktopId,
      toMode: c.runningMode,
      autoStopTimeoutMinutes: c.autoStopTimeoutMinutes,
      status: "APPLIED",
      effectiveAt: env.now,
      requestedById: c.requesterId,
      createdAt: env.now,
    })),
  );
  await enqueueOperations(
    tx,
    queued.map((c) => ({
      id: c.operationId,
      type: "CREATE" as const,
      desktopId: c.desktopId,
      requestId: c.requestId,
      region: env.region,
      directoryId: c.directoryId,
      payload: c.payload ?? {},
      createdById: env.actorId,
    })),
  );
  return queued.map(({ requestId, desktopId, operationId }) => ({ requestId, desktopId, operationId }));
}
