// The clean-up policies at work. `planPolicy` is the dry run: what one policy would do now, desktop
// by desktop. `runPolicies` is the worker's pass: the same steps for every enabled policy, each
// desktop's step in its own short transaction that moves its case (DesktopLifecycle) on only from
// where this pass found it, and queues the notice or the STOP / TERMINATE operation with it. A
// second pass, another worker or a crash between two steps therefore never repeats a step.

import type { LifecyclePolicy, Prisma, PrismaClient } from "@/lib/db/generated/client";
import { recordAudit } from "@/lib/audit/mutations";
import { enqueueOperation } from "@/lib/operations/enqueue";
import { loadLifecycleDesktops, type LifecycleDesktop } from "./desktops";
import { lifecycleActionMessage, lifecycleWarningMessage } from "./notices";
import { notifyUsers } from "@/lib/notifications/mutations";
import { DAY_MS, nextPolicyStep, type PolicyStep } from "./rules";

type Tx = Prisma.TransactionClient;

export interface PlannedStep {
  desktopId: string;
  workspaceId: string | null;
  userName: string;
  ownerName: string | null;
  directoryName: string;
  step: PolicyStep["step"];
  /** In words: "Warn the owner (idle 45 days)", "Stop", ... */
  what: string;
}

const STEP_WORDS: Record<PolicyStep["step"], string> = {
  WARN: "Warn the owner",
  STOP: "Stop the desktop",
  MARK_STOPPED: "Note it is already stopped",
  TERMINATE: "Terminate the desktop",
  CLOSE: "Close the warning: used or kept since",
  EXEMPT: "Nothing: exempt by tag",
  WAIT: "Nothing yet",
};

function describe(step: PolicyStep): string {
  const base = STEP_WORDS[step.step];
  if (step.step === "WAIT") return `${base}: ${step.detail}`;
  if ("inactivity" in step) return `${base} (${step.inactivity.kind === "NEVER_USED" ? "never used" : "idle"}, ${step.inactivity.days} days)`;
  return base;
}

/** The dry run: every desktop the policy would touch now, and how. Changes nothing. */
export async function planPolicy(client: PrismaClient | Tx, policy: LifecyclePolicy, now: Date): Promise<PlannedStep[]> {
  const desktops = await loadLifecycleDesktops(client);
  return desktops.flatMap((d) => {
    const step = nextPolicyStep(policy, d, now);
    return step ? [{ desktopId: d.id, workspaceId: d.workspaceId, userName: d.userName, ownerName: d.ownerName, directoryName: d.directoryName, step: step.step, what: describe(step) }] : [];
  });
}

export interface PolicyPassSummary {
  warned: number;
  stopped: number;
  terminated: number;
  closed: number;
}

/** One pass of every enabled policy, oldest policy first (a desktop is the first covering policy's). */
export async function runPolicies(db: PrismaClient, now: Date): Promise<PolicyPassSummary> {
  const summary: PolicyPassSummary = { warned: 0, stopped: 0, terminated: 0, closed: 0 };
  const policies = await db.lifecyclePolicy.findMany({ where: { enabled: true }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  if (policies.length === 0) return summary;
  const desktops = await loadLifecycleDesktops(db);
  const taken = new Set<string>();
  for (const policy of policies) {
    for (const d of desktops) {
      if (taken.has(d.id)) continue;
      const step = nextPolicyStep(policy, d, now);
      if (!step) continue;
      taken.add(d.id);
      if (step.step === "WAIT" || step.step === "EXEMPT") continue;
      const applied = await db.$transaction((tx) => applyStep(tx, policy, d, step, now));
      if (!applied) continue;
      if (step.step === "WARN") summary.warned++;
      else if (step.step === "STOP" || step.step === "MARK_STOPPED") summary.stopped++;
      else if (step.step === "TERMINATE") summary.terminated++;
      else if (step.step === "CLOSE") summary.closed++;
    }
    await db.lifecyclePolicy.update({ where: { id: policy.id }, data: { lastRunAt: now } });
  }
  return summary;
}

const facts = (d: LifecycleDesktop) => ({ desktopId: d.id, workspaceId: d.workspaceId, userName: d.userName, directoryName: d.directoryName });
const dueAfter = (from: Date, days: number | null) => (days === null ? null : new Date(from.getTime() + days * DAY_MS));

/** One step for one desktop; false when the case was no longer where the pass found it. */
async function applyStep(tx: Tx, policy: LifecyclePolicy, d: LifecycleDesktop, step: PolicyStep, now: Date): Promise<boolean> {
  const warnedAt = d.lifecycle?.warnedAt ?? null;
  const audit = (action: string, message: string, details: Prisma.InputJsonValue = {}) =>
    recordAudit(tx, { actor: null, action, targetType: "desktop", targetId: d.id, outcome: "SUCCESS", message, details: { policyId: policy.id, policy: policy.name, ...(details as object) } });

  if (step.step === "WARN") {
    await tx.desktopLifecycle.createMany({ data: [{ desktopId: d.id }], skipDuplicates: true });
    const moved = await tx.desktopLifecycle.updateMany({
      where: { desktopId: d.id, warnedAt: null, terminatedAt: null },
      data: { policyId: policy.id, reason: step.inactivity.kind, warnedAt: now, stoppedAt: null, stopOperationId: null },
    });
    if (moved.count === 0) return false;
    const stopOn = d.runningMode === "AUTO_STOP" ? dueAfter(now, policy.stopAfterDays) : null;
    const terminateOn = dueAfter(now, policy.terminateAfterDays);
    if (d.ownerId) {
      const message = lifecycleWarningMessage({ ...facts(d), neverUsed: step.inactivity.kind === "NEVER_USED", inactiveDays: step.inactivity.days, stopOn, terminateOn });
      await notifyUsers(tx, "lifecycle.warning", [{ userId: d.ownerId, message }], now);
    }
    await audit("lifecycle.warn", d.ownerId ? `Owner warned: ${describe(step)}` : `Warned, but the desktop has no owner to tell: ${describe(step)}`, {
      reason: step.inactivity.kind,
      stopOn: stopOn?.toISOString() ?? null,
      terminateOn: terminateOn?.toISOString() ?? null,
    });
    return true;
  }

  const where = { desktopId: d.id, policyId: policy.id, warnedAt: warnedAt ?? undefined, terminatedAt: null };
  if (step.step === "CLOSE") {
    const moved = await tx.desktopLifecycle.updateMany({ where, data: { policyId: null, reason: null, warnedAt: null, stoppedAt: null, stopOperationId: null } });
    if (moved.count === 0) return false;
    await audit("lifecycle.close", "Used or kept since the warning: nothing more happens");
    return true;
  }

  if (step.step === "STOP" || step.step === "MARK_STOPPED") {
    const moved = await tx.desktopLifecycle.updateMany({ where: { ...where, stoppedAt: null }, data: { stoppedAt: now } });
    if (moved.count === 0) return false;
    if (step.step === "MARK_STOPPED") {
      await audit("lifecycle.stop", "Due to stop, and already stopped");
      return true;
    }
    const op = await enqueueOperation(tx, { type: "STOP", desktopId: d.id, requestId: d.requestId, region: d.region, directoryId: d.directoryId, payload: {} });
    await tx.desktopLifecycle.update({ where: { desktopId: d.id }, data: { stopOperationId: op.id } });
    const terminateOn = dueAfter(warnedAt ?? now, policy.terminateAfterDays);
    if (d.ownerId) await notifyUsers(tx, "lifecycle.action", [{ userId: d.ownerId, message: lifecycleActionMessage({ ...facts(d), action: "stopped", terminateOn }) }], now);
    await audit("lifecycle.stop", "Stop queued: unused after the warning", { operationId: op.id });
    return true;
  }

  if (step.step === "TERMINATE") {
    // An admin's own termination already on its way: nothing to add.
    const open = await tx.operation.findFirst({ where: { desktopId: d.id, type: "TERMINATE", status: { in: ["QUEUED", "RUNNING"] } }, select: { id: true } });
    const moved = await tx.desktopLifecycle.updateMany({ where, data: { terminatedAt: now } });
    if (moved.count === 0) return false;
    const op = open ?? (await enqueueOperation(tx, { type: "TERMINATE", desktopId: d.id, requestId: d.requestId, region: d.region, directoryId: d.directoryId, payload: {} }));
    await tx.desktopLifecycle.update({ where: { desktopId: d.id }, data: { terminateOperationId: op.id } });
    if (d.ownerId) await notifyUsers(tx, "lifecycle.action", [{ userId: d.ownerId, message: lifecycleActionMessage({ ...facts(d), action: "terminated", terminateOn: null }) }], now);
    await audit("lifecycle.terminate", "Termination queued: unused after the grace period", { operationId: op.id });
    return true;
  }
  return false;
}
