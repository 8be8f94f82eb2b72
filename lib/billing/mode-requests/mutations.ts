// Writes for employees' billing-mode requests: asking, withdrawing, and an approver's decision
// (an approval makes the change by the month rules, as an admin's would). These trust their
// input; callers checked access. The desktop's row is locked first, as for every mode change.

import type { RunningMode } from "@/lib/db/generated/enums";
import { conflict, fail, type ActionFailure } from "@/lib/action-result";
import { recordAudit } from "@/lib/audit/mutations";
import { changeBillingMode, loadModeChangeFacts, lockDesktop, modeLabel, type Actor, type ModeChangeOutcome, type Tx } from "../mode-changes/mutations";
import { planModeChange } from "../mode-changes/rules";

export async function createBillingRequest(
  tx: Tx,
  actor: Actor,
  input: { desktopId: string; toMode: RunningMode; autoStopTimeoutMinutes: number | null; reason: string },
  now = new Date(),
): Promise<{ ok: true; requestId: string } | ActionFailure> {
  await lockDesktop(tx, input.desktopId);
  const loaded = await loadModeChangeFacts(tx, input.desktopId, now);
  if (!loaded) return fail("NOT_FOUND", "The desktop was not found.");
  const open = await tx.billingModeRequest.count({ where: { desktopId: input.desktopId, status: "SUBMITTED" } });
  if (open > 0) return conflict("A billing-mode request for this desktop is already waiting for a decision.");
  // Whether AWS can modify the desktop right now is checked when the request is approved.
  const plan = planModeChange({ ...loaded.facts, state: "AVAILABLE", workspaceId: loaded.facts.workspaceId ?? "unknown" }, input, now);
  if (!plan.ok) return conflict(plan.reason);
  const request = await tx.billingModeRequest.create({
    data: {
      desktopId: input.desktopId,
      requesterId: actor.id,
      toMode: input.toMode,
      autoStopTimeoutMinutes: input.autoStopTimeoutMinutes,
      reason: input.reason,
      createdAt: now,
    },
  });
  await recordAudit(tx, {
    actor,
    action: "desktop.billing.request",
    targetType: "desktop",
    targetId: input.desktopId,
    outcome: "SUCCESS",
    message: `Asked to switch to ${modeLabel(input.toMode)}`,
    details: { billingRequestId: request.id, toMode: input.toMode, autoStopTimeoutMinutes: input.autoStopTimeoutMinutes },
  });
  return { ok: true, requestId: request.id };
}

/** The requester withdraws their request while it is undecided (billing.request.withdraw, checked by the caller). */
export async function withdrawBillingRequest(tx: Tx, actor: Actor, requestId: string): Promise<{ ok: true } | ActionFailure> {
  const { count } = await tx.billingModeRequest.updateMany({
    where: { id: requestId, status: "SUBMITTED" },
    data: { status: "CANCELLED" },
  });
  if (count === 0) return conflict("The request was decided meanwhile and can no longer be withdrawn.");
  const request = await tx.billingModeRequest.findUniqueOrThrow({ where: { id: requestId }, select: { desktopId: true } });
  await recordAudit(tx, { actor, action: "desktop.billing.request.cancel", targetType: "desktop", targetId: request.desktopId, outcome: "SUCCESS", details: { billingRequestId: requestId } });
  return { ok: true };
}

/**
 * Approves (the change is made by the month rules, as an admin's would be) or rejects a request.
 * Separation of duties is the policy's (billing.request.decide: others' requests only); refused here too.
 */
export async function decideBillingRequest(
  tx: Tx,
  actor: Actor,
  input: { requestId: string; decision: "APPROVE" | "REJECT"; reason: string },
  now = new Date(),
): Promise<{ ok: true; status: "APPROVED" | "REJECTED"; change: ModeChangeOutcome | null } | ActionFailure> {
  const found = await tx.billingModeRequest.findUnique({ where: { id: input.requestId }, select: { desktopId: true } });
  if (!found) return fail("NOT_FOUND", "The request was not found.");
  await lockDesktop(tx, found.desktopId);
  const request = await tx.billingModeRequest.findUniqueOrThrow({
    where: { id: input.requestId },
    include: { requester: { select: { email: true } } },
  });
  if (request.status !== "SUBMITTED") return conflict(`The request was already ${request.status.toLowerCase()}.`);
  if (request.requesterId === actor.id) return conflict("You cannot decide your own request.");

  let change: ModeChangeOutcome | null = null;
  if (input.decision === "APPROVE") {
    change = await changeBillingMode(
      tx,
      actor,
      {
        desktopId: request.desktopId,
        toMode: request.toMode,
        autoStopTimeoutMinutes: request.autoStopTimeoutMinutes,
        requestedById: request.requesterId,
        note: `Requested by ${request.requester.email}, approved by ${actor.email}.`,
      },
      now,
    );
    if (!change.ok) return change;
  }
  const status = input.decision === "APPROVE" ? "APPROVED" : "REJECTED";
  await tx.billingModeRequest.update({
    where: { id: request.id },
    data: {
      status,
      deciderId: actor.id,
      decidedAt: now,
      decisionReason: input.reason || null,
      billingChangeId: change?.ok ? change.changeId : null,
    },
  });
  await recordAudit(tx, {
    actor,
    action: input.decision === "APPROVE" ? "desktop.billing.request.approve" : "desktop.billing.request.reject",
    targetType: "desktop",
    targetId: request.desktopId,
    outcome: "SUCCESS",
    message: input.reason || undefined,
    details: { billingRequestId: request.id, ...(change?.ok ? { changeId: change.changeId } : {}) },
  });
  return { ok: true, status, change };
}
