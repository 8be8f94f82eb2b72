// Writes for day-2 changes (compute type, volume sizes): an admin's change, an owner's request
// (queued at once or sent to an approver, by the rule in rules.ts), an approver's decision, and
// the worker's record of what AWS answered. These trust their input; callers checked access. The
// desktop's row is locked first, so two changes cannot both pass the timing checks.

import type { Prisma, PrismaClient } from "@/lib/db/generated/client";
import { conflict, fail, type ActionFailure } from "@/lib/action-result";
import { recordAudit } from "@/lib/audit/mutations";
import { lockDesktop, type Actor, type Tx } from "@/lib/billing/mode-changes/mutations";
import { computeProblem, type GuardrailRole } from "@/lib/guardrails/rules";
import { loadGuardrail } from "@/lib/guardrails/queries";
import { computeRank } from "@/lib/catalog/bundle-facts";
import { enqueueOperation } from "@/lib/operations/enqueue";
import { closeOperation, operationActor } from "@/lib/operations/outcomes";
import { notifyActionFailed } from "@/lib/notifications/events";
import { RESIZE_OPERATION_TYPES } from "./operation-types";
import { describeTarget, needsApproval, planResize, type RequestTarget, type ResizeFacts, type ResizeTarget } from "./rules";
import { migrateNow } from "../migrate/mutations";

const OPEN = { status: { in: ["QUEUED", "RUNNING"] } } satisfies Prisma.OperationWhereInput;

/** The desktop as the rules see it, with what the guardrail and the queue need. */
export async function loadResizeFacts(tx: Tx, desktopId: string) {
  const d = await tx.desktop.findUnique({
    where: { id: desktopId },
    include: { bundle: true, owner: { select: { role: true } }, directory: { select: { id: true, region: true } } },
  });
  if (!d) return null;
  const facts: ResizeFacts = {
    state: d.state,
    computeType: d.computeType ?? d.bundle.computeType,
    rootVolumeGiB: d.rootVolumeGiB ?? d.bundle.rootVolumeGiB,
    userVolumeGiB: d.userVolumeGiB ?? d.bundle.userVolumeGiB,
    launchedAt: d.createdAt,
    lastComputeIncreaseAt: d.lastComputeIncreaseAt,
    lastComputeDecreaseAt: d.lastComputeDecreaseAt,
    lastVolumeChangeAt: d.lastVolumeChangeAt,
  };
  return { desktop: d, facts, ownerRole: (d.owner?.role ?? null) as GuardrailRole | null };
}

type Loaded = NonNullable<Awaited<ReturnType<typeof loadResizeFacts>>>;

/** What every path checks before a change is asked for or queued: AWS, the guardrail, the queue. */
async function check(tx: Tx, loaded: Loaded, target: ResizeTarget, now: Date, checkState: boolean): Promise<{ ok: true; direction: "LARGER" | "SMALLER" | "VOLUME" } | ActionFailure> {
  const { desktop, facts } = loaded;
  if (!desktop.workspaceId || desktop.terminatedAt) return conflict("This desktop does not exist in AWS, so it cannot be changed.");
  const busy = await tx.operation.count({ where: { desktopId: desktop.id, type: { in: [...RESIZE_OPERATION_TYPES] }, ...OPEN } });
  if (busy > 0 || facts.state === "UPDATING") return conflict("A change to this desktop is already under way; wait until it is done.");
  const plan = planResize(facts, target, now, checkState);
  if (!plan.ok) {
    const field = plan.field === "computeType" ? "target.computeType" : plan.field === "sizeGiB" ? "target.sizeGiB" : null;
    return field ? fail("CONFLICT", plan.reason, { [field]: plan.reason }) : conflict(plan.reason);
  }
  // Money: the directory's maximum compute type for the owner's role holds on every path.
  if (target.kind === "COMPUTE" && loaded.ownerRole) {
    const problem = computeProblem(await loadGuardrail(desktop.directoryId, tx), loaded.ownerRole, target.computeType);
    if (problem) return fail("CONFLICT", problem, { "target.computeType": problem });
  }
  return { ok: true, direction: plan.direction };
}

/** Queues the AWS call (the outbox) for a change every check passed. */
async function queueChange(tx: Tx, actor: Actor, loaded: Loaded, target: ResizeTarget, resizeRequestId: string | null) {
  const base = { desktopId: loaded.desktop.id, region: loaded.desktop.directory.region, createdById: actor.id };
  const op =
    target.kind === "COMPUTE"
      ? await enqueueOperation(tx, { ...base, type: "MODIFY_COMPUTE_TYPE", payload: { computeType: target.computeType, resizeRequestId } })
      : await enqueueOperation(tx, { ...base, type: "MODIFY_VOLUME", payload: { volume: target.kind === "ROOT_VOLUME" ? "ROOT" : "USER", sizeGiB: target.sizeGiB, resizeRequestId } });
  return op.id;
}

/** An admin changes the desktop directly: checked against AWS's rules and the guardrail, then queued. */
export async function changeDesktopSize(tx: Tx, actor: Actor, input: { desktopId: string; target: ResizeTarget }, now = new Date()): Promise<{ ok: true; operationId: string } | ActionFailure> {
  await lockDesktop(tx, input.desktopId);
  const loaded = await loadResizeFacts(tx, input.desktopId);
  if (!loaded) return fail("NOT_FOUND", "The desktop was not found.");
  const checked = await check(tx, loaded, input.target, now, true);
  if (!checked.ok) return checked;
  const operationId = await queueChange(tx, actor, loaded, input.target, null);
  await recordAudit(tx, {
    actor,
    action: "desktop.resize",
    targetType: "desktop",
    targetId: input.desktopId,
    outcome: "SUCCESS",
    message: `Asked AWS to change the ${describeTarget(loaded.facts, input.target)}`,
    details: { operationId, ...input.target },
  });
  return { ok: true, operationId };
}

/**
 * The owner asks. What costs more (a larger compute type, a bigger volume) waits for an approver;
 * a smaller compute type is queued at once. AWS's timing is checked now (so the owner learns when
 * it becomes possible) and again, with the desktop's state, when the change is queued.
 */
export async function requestDesktopSize(
  tx: Tx,
  actor: Actor,
  input: { desktopId: string; target: ResizeTarget; reason: string },
  now = new Date(),
): Promise<{ ok: true; status: "SUBMITTED"; requestId: string } | { ok: true; status: "QUEUED"; operationId: string } | ActionFailure> {
  await lockDesktop(tx, input.desktopId);
  const loaded = await loadResizeFacts(tx, input.desktopId);
  if (!loaded) return fail("NOT_FOUND", "The desktop was not found.");
  const open = await tx.desktopChangeRequest.count({ where: { desktopId: input.desktopId, status: "SUBMITTED" } });
  if (open > 0) return conflict("A change request for this desktop is already waiting for a decision.");
  const checked = await check(tx, loaded, input.target, now, false);
  if (!checked.ok) return checked;
  const what = describeTarget(loaded.facts, input.target);
  if (!needsApproval(checked.direction)) {
    const stateOk = planResize(loaded.facts, input.target, now, true);
    if (!stateOk.ok) return conflict(stateOk.reason);
    const operationId = await queueChange(tx, actor, loaded, input.target, null);
    await recordAudit(tx, { actor, action: "desktop.resize", targetType: "desktop", targetId: input.desktopId, outcome: "SUCCESS", message: `Asked AWS to change the ${what} (no approval needed: it costs less)`, details: { operationId, ...input.target } });
    return { ok: true, status: "QUEUED", operationId };
  }
  if (input.reason.length < 10) {
    const message = "Tell your approver in at least 10 characters why you need the change.";
    return fail("INVALID_INPUT", message, { reason: message });
  }
  const request = await tx.desktopChangeRequest.create({
    data: {
      desktopId: input.desktopId,
      requesterId: actor.id,
      toComputeType: input.target.kind === "COMPUTE" ? input.target.computeType : null,
      toRootVolumeGiB: input.target.kind === "ROOT_VOLUME" ? input.target.sizeGiB : null,
      toUserVolumeGiB: input.target.kind === "USER_VOLUME" ? input.target.sizeGiB : null,
      reason: input.reason,
      createdAt: now,
    },
  });
  await recordAudit(tx, { actor, action: "desktop.resize.request", targetType: "desktop", targetId: input.desktopId, outcome: "SUCCESS", message: `Asked for the ${what}`, details: { resizeRequestId: request.id, ...input.target } });
  return { ok: true, status: "SUBMITTED", requestId: request.id };
}

export function targetOfRequest(r: { toComputeType: string | null; toRootVolumeGiB: number | null; toUserVolumeGiB: number | null; toBundleId: string | null }): RequestTarget {
  if (r.toBundleId) return { kind: "BUNDLE", bundleId: r.toBundleId };
  if (r.toComputeType) return { kind: "COMPUTE", computeType: r.toComputeType };
  if (r.toRootVolumeGiB) return { kind: "ROOT_VOLUME", sizeGiB: r.toRootVolumeGiB };
  return { kind: "USER_VOLUME", sizeGiB: r.toUserVolumeGiB ?? 0 };
}

/**
 * An approver approves (AWS's rules and the guardrail are checked again, now with the desktop's
 * state, and the change is queued) or rejects. Separation of duties is the policy's; refused here too.
 */
export async function decideSizeRequest(
  tx: Tx,
  actor: Actor,
  input: { requestId: string; decision: "APPROVE" | "REJECT"; reason: string },
  now = new Date(),
): Promise<{ ok: true; status: "APPROVED" | "REJECTED"; operationId: string | null } | ActionFailure> {
  const found = await tx.desktopChangeRequest.findUnique({ where: { id: input.requestId }, select: { desktopId: true } });
  if (!found) return fail("NOT_FOUND", "The request was not found.");
  await lockDesktop(tx, found.desktopId);
  const request = await tx.desktopChangeRequest.findUniqueOrThrow({ where: { id: input.requestId }, include: { requester: { select: { email: true } } } });
  if (request.status !== "SUBMITTED") return conflict(`The request was already ${request.status.toLowerCase()}.`);
  if (request.requesterId === actor.id) return conflict("You cannot decide your own request.");
  const target = targetOfRequest(request);
  let operationId: string | null = null;
  if (input.decision === "APPROVE") {
    if (target.kind === "BUNDLE") {
      // A migration: the same checks and the same MIGRATE operation as an admin's migration.
      const approved = await migrateNow(tx, actor, { desktopId: request.desktopId, bundleId: target.bundleId });
      if (!approved.ok) return conflict(`Not approved yet: ${approved.message}`);
      operationId = approved.operationId;
    } else {
      const loaded = await loadResizeFacts(tx, request.desktopId);
      if (!loaded) return fail("NOT_FOUND", "The desktop was not found.");
      const checked = await check(tx, loaded, target, now, true);
      if (!checked.ok) return conflict(`Not approved yet: ${checked.message}`);
      operationId = await queueChange(tx, actor, loaded, target, request.id);
    }
  }
  const status = input.decision === "APPROVE" ? "APPROVED" : "REJECTED";
  await tx.desktopChangeRequest.update({
    where: { id: request.id },
    data: { status, deciderId: actor.id, decidedAt: now, decisionReason: input.reason || null, operationId },
  });
  await recordAudit(tx, {
    actor,
    action: input.decision === "APPROVE" ? "desktop.resize.request.approve" : "desktop.resize.request.reject",
    targetType: "desktop",
    targetId: request.desktopId,
    outcome: "SUCCESS",
    message: input.reason || `Requested by ${request.requester.email}`,
    details: { resizeRequestId: request.id, operationId, ...target },
  });
  return { ok: true, status, operationId };
}

/**
 * The worker's record of AWS's answer. Accepted: the desktop shows UPDATING at once (AWS's state
 * while it works; reconciliation follows it and records the new size when it ends) and AWS's
 * windows start now. Refused: the operation keeps AWS's code and message, the audit trail too.
 */
export async function recordResizeResult(
  db: PrismaClient,
  input: { operationId: string; workerId: string; desktopId: string; target: ResizeTarget; awsRequestId?: string | null; failure?: { code: string; message: string }; now?: Date },
): Promise<boolean> {
  const now = input.now ?? new Date();
  return db.$transaction(async (tx) => {
    const held = await closeOperation(tx, input, {
      now,
      failure: input.failure,
      awsRequestId: input.awsRequestId,
      result: input.failure ? { failed: true, code: input.failure.code } : { ...input.target },
    });
    if (!held) return false;
    const loaded = await loadResizeFacts(tx, input.desktopId);
    if (!loaded) return true;
    const what = describeTarget(loaded.facts, input.target);
    if (!input.failure) {
      const t = input.target;
      const larger = t.kind === "COMPUTE" && computeRank(t.computeType) > computeRank(loaded.facts.computeType);
      await tx.desktop.update({
        where: { id: input.desktopId },
        data: {
          state: "UPDATING",
          stateChangedAt: now,
          ...(t.kind === "COMPUTE" ? (larger ? { lastComputeIncreaseAt: now } : { lastComputeDecreaseAt: now }) : { lastVolumeChangeAt: now }),
        },
      });
    }
    await recordAudit(tx, {
      actor: await operationActor(tx, input.operationId),
      action: "desktop.resize",
      targetType: "desktop",
      targetId: input.desktopId,
      outcome: input.failure ? "FAILURE" : "SUCCESS",
      message: input.failure ? `AWS refused to change the ${what}: ${input.failure.code}: ${input.failure.message}` : `AWS is changing the ${what}`,
      details: { operationId: input.operationId, ...input.target, ...(input.failure ?? {}) },
      awsRequestId: input.awsRequestId ?? null,
    });
    if (input.failure) await notifyActionFailed(tx, { desktopId: input.desktopId, action: `changing the ${what}`, ...input.failure }, now);
    return true;
  });
}
