// Writes for billing-mode changes: made at once or scheduled for the 1st, cancelled, applied when
// due, and AWS's answer to them. These trust their input; callers checked access.
// Money guard: a desktop's row is locked (FOR UPDATE) before a change is planned, so two admins
// or an admin and the scheduler cannot stack two changes on one desktop.

import type { Prisma, PrismaClient } from "@/lib/db/generated/client";
import { notifyActionFailed, notifyBillingModeChange } from "@/lib/notifications/events";
import { conflict, fail, type ActionFailure } from "@/lib/action-result";
import { recordAudit } from "@/lib/audit/mutations";
import { enqueueOperation } from "@/lib/operations/enqueue";
import { closeOperation, operationActor } from "@/lib/operations/outcomes";
import { planModeChange, type ModeChangeFacts } from "./rules";
import { autoStopHoursFromMinutes } from "@/lib/desktops/auto-stop";
import type { RunningMode } from "@/lib/db/generated/enums";

export type Tx = Prisma.TransactionClient;
export type Actor = { id: string; email: string };

const OPEN_OPERATION = { status: { in: ["QUEUED", "RUNNING"] } } satisfies Prisma.OperationWhereInput;

export const modeLabel = (mode: RunningMode) => (mode === "ALWAYS_ON" ? "AlwaysOn" : "AutoStop");

export async function lockDesktop(tx: Tx, desktopId: string) {
  await tx.$queryRaw`SELECT "id" FROM "Desktop" WHERE "id" = ${desktopId} FOR UPDATE`;
}

/** The desktop's mode by the billing history (the latest applied change), and what is scheduled. */
export async function loadModeChangeFacts(tx: Tx, desktopId: string, now: Date) {
  const desktop = await tx.desktop.findUnique({
    where: { id: desktopId },
    select: {
      id: true,
      state: true,
      workspaceId: true,
      terminatedAt: true,
      runningMode: true,
      autoStopTimeoutMinutes: true,
      requestId: true,
      directoryId: true,
      directory: { select: { region: true } },
    },
  });
  if (!desktop) return null;
  const [applied, pending, openOperations] = await Promise.all([
    tx.billingModeChange.findFirst({
      where: { desktopId, status: "APPLIED", effectiveAt: { lte: now } },
      orderBy: [{ effectiveAt: "desc" }, { createdAt: "desc" }],
    }),
    tx.billingModeChange.findFirst({ where: { desktopId, status: "PENDING" }, orderBy: { effectiveAt: "asc" } }),
    tx.operation.count({ where: { desktopId, ...OPEN_OPERATION } }),
  ]);
  const facts: ModeChangeFacts = {
    currentMode: applied?.toMode ?? desktop.runningMode,
    currentTimeoutMinutes: applied ? applied.autoStopTimeoutMinutes : desktop.autoStopTimeoutMinutes,
    state: desktop.state,
    workspaceId: desktop.workspaceId,
    terminatedAt: desktop.terminatedAt,
    pendingEffectiveAt: pending?.effectiveAt ?? null,
  };
  return { desktop, facts, pending, openOperations };
}

export interface ModeChangeInput {
  desktopId: string;
  toMode: RunningMode;
  /** In minutes, a multiple of 60 (AWS's unit); null for AlwaysOn. */
  autoStopTimeoutMinutes: number | null;
  /** Who asked for it (the requester of an approved request; else the actor). */
  requestedById?: string;
  note?: string;
}

export type ModeChangeOutcome =
  | { ok: true; changeId: string; kind: "IMMEDIATE" | "SCHEDULED"; effectiveAt: Date; operationId: string | null }
  | ActionFailure;

/**
 * Changes a desktop's billing mode by the month rules: AutoStop → AlwaysOn (and a new AutoStop
 * timeout) at once, with a MODIFY_RUNNING_MODE operation for the worker; AlwaysOn → AutoStop
 * scheduled (PENDING) for 00:00 UTC on the 1st of next month. Writes nothing when refused.
 */
export async function changeBillingMode(tx: Tx, actor: Actor | null, input: ModeChangeInput, now = new Date()): Promise<ModeChangeOutcome> {
  await lockDesktop(tx, input.desktopId);
  const loaded = await loadModeChangeFacts(tx, input.desktopId, now);
  if (!loaded) return fail("NOT_FOUND", "The desktop was not found.");
  const { desktop, facts } = loaded;
  const plan = planModeChange(facts, { toMode: input.toMode, autoStopTimeoutMinutes: input.autoStopTimeoutMinutes }, now);
  if (!plan.ok) return conflict(plan.reason);
  if (plan.kind === "IMMEDIATE" && loaded.openOperations > 0) return conflict("Another action on this desktop is still in progress.");

  const change = await tx.billingModeChange.create({
    data: {
      desktopId: desktop.id,
      fromMode: facts.currentMode,
      toMode: plan.toMode,
      autoStopTimeoutMinutes: plan.autoStopTimeoutMinutes,
      status: plan.kind === "IMMEDIATE" ? "APPLIED" : "PENDING",
      effectiveAt: plan.effectiveAt,
      requestedById: input.requestedById ?? actor?.id ?? null,
      note: input.note ?? null,
      createdAt: now,
    },
  });
  let operationId: string | null = null;
  if (plan.kind === "IMMEDIATE") {
    operationId = await queueRunningMode(tx, actor, desktop, change.id, plan.toMode, plan.autoStopTimeoutMinutes);
  }
  const target = `${modeLabel(plan.toMode)}${plan.autoStopTimeoutMinutes ? ` (stops after ${autoStopHoursFromMinutes(plan.autoStopTimeoutMinutes)} h idle)` : ""}`;
  await recordAudit(tx, {
    actor,
    action: plan.kind === "IMMEDIATE" ? "desktop.billing.change" : "desktop.billing.schedule",
    targetType: "desktop",
    targetId: desktop.id,
    outcome: "SUCCESS",
    message:
      plan.kind === "IMMEDIATE"
        ? `Billing mode ${modeLabel(facts.currentMode)} → ${target}, effective now`
        : `Billing mode ${modeLabel(facts.currentMode)} → ${target}, scheduled for ${plan.effectiveAt.toISOString()}`,
    details: {
      changeId: change.id,
      fromMode: facts.currentMode,
      toMode: plan.toMode,
      autoStopTimeoutMinutes: plan.autoStopTimeoutMinutes,
      effectiveAt: plan.effectiveAt.toISOString(),
      operationId,
      ...(input.note ? { note: input.note } : {}),
    },
  });
  // Applied changes are told once AWS has made them (recordRunningModeResult).
  if (plan.kind !== "IMMEDIATE") await notifyBillingModeChange(tx, { desktopId: desktop.id, to: plan.toMode, applied: false, effectiveAt: plan.effectiveAt }, now);
  return { ok: true, changeId: change.id, kind: plan.kind, effectiveAt: plan.effectiveAt, operationId };
}

async function queueRunningMode(
  tx: Tx,
  actor: Actor | null,
  desktop: { id: string; requestId: string | null; directoryId: string; directory: { region: string } },
  changeId: string,
  runningMode: RunningMode,
  autoStopTimeoutMinutes: number | null,
) {
  const operation = await enqueueOperation(tx, {
    type: "MODIFY_RUNNING_MODE",
    desktopId: desktop.id,
    requestId: desktop.requestId,
    region: desktop.directory.region,
    directoryId: desktop.directoryId,
    payload: { runningMode, autoStopTimeoutMinutes, billingChangeId: changeId },
    createdById: actor?.id ?? null,
  });
  await tx.billingModeChange.update({ where: { id: changeId }, data: { operationId: operation.id } });
  return operation.id;
}

/** Cancels a scheduled change that has not taken effect. False when it was applied or cancelled meanwhile. */
export async function cancelBillingChange(tx: Tx, actor: Actor, changeId: string): Promise<{ ok: true } | ActionFailure> {
  const { count } = await tx.billingModeChange.updateMany({ where: { id: changeId, status: "PENDING" }, data: { status: "CANCELLED" } });
  if (count === 0) return conflict("The change has already taken effect or was cancelled.");
  const change = await tx.billingModeChange.findUniqueOrThrow({ where: { id: changeId }, select: { desktopId: true, toMode: true, effectiveAt: true } });
  await recordAudit(tx, {
    actor,
    action: "desktop.billing.cancel",
    targetType: "desktop",
    targetId: change.desktopId,
    outcome: "SUCCESS",
    message: `Scheduled switch to ${modeLabel(change.toMode)} on ${change.effectiveAt.toISOString()} cancelled`,
    details: { changeId },
  });
  return { ok: true };
}

/**
 * Applies one scheduled change that is due: APPLIED at its effective time (the 1st, even when the
 * job runs late: that is when AWS bills the new mode from) with a MODIFY_RUNNING_MODE operation.
 * A desktop that was terminated meanwhile has its change cancelled instead.
 */
export async function applyScheduledChange(tx: Tx, changeId: string, now: Date): Promise<"APPLIED" | "CANCELLED" | "SKIPPED"> {
  const change = await tx.billingModeChange.findUnique({ where: { id: changeId } });
  if (!change || change.status !== "PENDING" || change.effectiveAt > now) return "SKIPPED";
  await lockDesktop(tx, change.desktopId);
  const desktop = await tx.desktop.findUnique({
    where: { id: change.desktopId },
    select: { id: true, requestId: true, directoryId: true, workspaceId: true, state: true, terminatedAt: true, directory: { select: { region: true } } },
  });
  const gone = !desktop || !desktop.workspaceId || desktop.terminatedAt || desktop.state === "TERMINATED" || desktop.state === "TERMINATING";
  const { count } = await tx.billingModeChange.updateMany({
    where: { id: changeId, status: "PENDING" },
    data: gone ? { status: "CANCELLED", note: appendNote(change.note, "Cancelled: the desktop no longer exists in AWS.") } : { status: "APPLIED" },
  });
  if (count === 0) return "SKIPPED";
  const operationId = gone ? null : await queueRunningMode(tx, null, desktop!, changeId, change.toMode, change.autoStopTimeoutMinutes);
  await recordAudit(tx, {
    actor: null,
    action: gone ? "desktop.billing.cancel" : "desktop.billing.apply",
    targetType: "desktop",
    targetId: change.desktopId,
    outcome: "SUCCESS",
    message: gone
      ? `Scheduled switch to ${modeLabel(change.toMode)} cancelled: the desktop no longer exists`
      : `Scheduled switch to ${modeLabel(change.toMode)} applied (effective ${change.effectiveAt.toISOString()})`,
    details: { changeId, operationId },
  });
  return gone ? "CANCELLED" : "APPLIED";
}

function appendNote(note: string | null, more: string) {
  return note ? `${note} ${more}` : more;
}

/**
 * AWS's answer to a MODIFY_RUNNING_MODE operation, for the worker: the operation ends (guarded by
 * the worker's claim, like every operation result), the desktop takes the new mode on success, and
 * on failure the billing change is marked FAILED, so cost reports keep the mode AWS really bills.
 */
export async function recordRunningModeResult(
  db: PrismaClient,
  input: {
    operationId: string;
    workerId: string;
    desktopId: string;
    runningMode: RunningMode;
    autoStopTimeoutMinutes: number | null;
    billingChangeId?: string | null;
    awsRequestId?: string | null;
    failure?: { code: string; message: string };
    now?: Date;
  },
): Promise<boolean> {
  const now = input.now ?? new Date();
  return db.$transaction(async (tx) => {
    const held = await closeOperation(tx, input, {
      now,
      failure: input.failure,
      awsRequestId: input.awsRequestId,
      result: input.failure ? { failed: true, code: input.failure.code } : { runningMode: input.runningMode, autoStopTimeoutMinutes: input.autoStopTimeoutMinutes },
    });
    if (!held) return false;
    if (input.failure) {
      if (input.billingChangeId) {
        await tx.billingModeChange.updateMany({ where: { id: input.billingChangeId, status: "APPLIED" }, data: { status: "FAILED" } });
      }
    } else {
      await tx.desktop.update({
        where: { id: input.desktopId },
        data: { runningMode: input.runningMode, autoStopTimeoutMinutes: input.runningMode === "AUTO_STOP" ? input.autoStopTimeoutMinutes : null },
      });
    }
    await recordAudit(tx, {
      actor: await operationActor(tx, input.operationId),
      action: "desktop.modify_running_mode",
      targetType: "desktop",
      targetId: input.desktopId,
      outcome: input.failure ? "FAILURE" : "SUCCESS",
      message: input.failure
        ? `AWS refused the running-mode change: ${input.failure.code}: ${input.failure.message}`
        : `AWS set the running mode to ${modeLabel(input.runningMode)}`,
      details: { operationId: input.operationId, billingChangeId: input.billingChangeId ?? null, ...(input.failure ?? {}) },
      awsRequestId: input.awsRequestId ?? null,
    });
    if (input.failure) await notifyActionFailed(tx, { desktopId: input.desktopId, action: "changing the running mode", ...input.failure }, now);
    else await notifyBillingModeChange(tx, { desktopId: input.desktopId, to: input.runningMode, applied: true, effectiveAt: now }, now);
    return true;
  });
}
