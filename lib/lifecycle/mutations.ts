// Writes of the lifecycle that people make: policies (saved disabled, enabled only after a dry
// run), the owner's "keep my desktop", leavers marked or restored by an admin, and the settings.
// Each with its audit event, in the caller's transaction.

import type { Prisma } from "@/lib/db/generated/client";
import { fail, type ActionFailure } from "@/lib/action-result";
import { recordAudit } from "@/lib/audit/mutations";
import { queueDirectoryUserChange } from "@/lib/directories/users/mutations";
import type { LifecyclePolicyInput } from "./schema";

type Tx = Prisma.TransactionClient;
type Actor = { id: string; email: string };
type Done = { ok: true } | ActionFailure;

/** Creates or changes a policy. A change disables it: its new rules need their own dry run. */
export async function saveLifecyclePolicy(tx: Tx, actor: Actor, input: LifecyclePolicyInput): Promise<{ ok: true; policyId: string } | ActionFailure> {
  const { policyId, ...fields } = input;
  if (fields.directoryId && !(await tx.directory.findUnique({ where: { id: fields.directoryId }, select: { id: true } }))) {
    return fail("INVALID_INPUT", "Please correct the highlighted fields.", { directoryId: "Choose a directory from the list." });
  }
  const data = { ...fields, enabled: false, dryRunAt: null, updatedById: actor.id };
  let id: string;
  if (policyId) {
    const done = await tx.lifecyclePolicy.updateMany({ where: { id: policyId }, data });
    if (done.count === 0) return fail("NOT_FOUND", "The policy no longer exists.");
    id = policyId;
  } else {
    id = (await tx.lifecyclePolicy.create({ data, select: { id: true } })).id;
  }
  await recordAudit(tx, { actor, action: policyId ? "lifecycle.policy.update" : "lifecycle.policy.create", targetType: "lifecycle-policy", targetId: id, outcome: "SUCCESS", message: fields.name, details: fields });
  return { ok: true, policyId: id };
}

/** Removes a policy; the warnings it gave lapse (nothing more happens to those desktops). */
export async function deleteLifecyclePolicy(tx: Tx, actor: Actor, policyId: string): Promise<Done> {
  const policy = await tx.lifecyclePolicy.findUnique({ where: { id: policyId }, select: { name: true } });
  if (!policy) return fail("NOT_FOUND", "The policy no longer exists.");
  await tx.desktopLifecycle.updateMany({ where: { policyId, terminatedAt: null }, data: { policyId: null, reason: null, warnedAt: null, stoppedAt: null, stopOperationId: null } });
  await tx.lifecyclePolicy.delete({ where: { id: policyId } });
  await recordAudit(tx, { actor, action: "lifecycle.policy.delete", targetType: "lifecycle-policy", targetId: policyId, outcome: "SUCCESS", message: policy.name });
  return { ok: true };
}

/** The dry run was shown to this admin: the policy may now be enabled. */
export async function recordDryRun(tx: Tx, actor: Actor, policyId: string, summary: Prisma.InputJsonValue, now: Date): Promise<Done> {
  const done = await tx.lifecyclePolicy.updateMany({ where: { id: policyId }, data: { dryRunAt: now } });
  if (done.count === 0) return fail("NOT_FOUND", "The policy no longer exists.");
  await recordAudit(tx, { actor, action: "lifecycle.policy.dry-run", targetType: "lifecycle-policy", targetId: policyId, outcome: "SUCCESS", details: summary });
  return { ok: true };
}

/** Enabling needs a dry run of the policy as it is now (money and data: nothing happens unseen). */
export async function setLifecyclePolicyEnabled(tx: Tx, actor: Actor, policyId: string, enabled: boolean): Promise<Done> {
  const policy = await tx.lifecyclePolicy.findUnique({ where: { id: policyId }, select: { name: true, dryRunAt: true } });
  if (!policy) return fail("NOT_FOUND", "The policy no longer exists.");
  if (enabled && !policy.dryRunAt) return fail("CONFLICT", "Run the dry run first: it lists what the policy would do.");
  await tx.lifecyclePolicy.update({ where: { id: policyId }, data: { enabled, updatedById: actor.id } });
  await recordAudit(tx, { actor, action: enabled ? "lifecycle.policy.enable" : "lifecycle.policy.disable", targetType: "lifecycle-policy", targetId: policyId, outcome: "SUCCESS", message: policy.name });
  return { ok: true };
}

/** The owner still needs the desktop: the inactivity clock starts again and the warning lapses. */
export async function keepDesktop(tx: Tx, actor: Actor, desktopId: string, now: Date): Promise<Done> {
  const current = await tx.desktopLifecycle.findUnique({ where: { desktopId } });
  if (current?.terminatedAt) return fail("CONFLICT", "The desktop is already being terminated.");
  const cleared = { keptAt: now, policyId: null, reason: null, warnedAt: null, stoppedAt: null, stopOperationId: null };
  await tx.desktopLifecycle.upsert({ where: { desktopId }, create: { desktopId, ...cleared }, update: cleared });
  await recordAudit(tx, {
    actor,
    action: "desktop.lifecycle.keep",
    targetType: "desktop",
    targetId: desktopId,
    outcome: "SUCCESS",
    message: current?.warnedAt ? "Kept by its owner after the warning" : "Kept by its owner",
    details: { warnedAt: current?.warnedAt?.toISOString() ?? null, stopped: Boolean(current?.stoppedAt) },
  });
  return { ok: true };
}

/** An admin marks someone as leaving on a date; their desktops are stopped then. */
export async function markLeaving(tx: Tx, actor: Actor, input: { userId: string; leaveAt: Date }): Promise<Done> {
  const user = await tx.user.findUnique({ where: { id: input.userId }, select: { id: true, email: true } });
  if (!user) return fail("NOT_FOUND", "The user no longer exists.");
  const open = await tx.leaver.findFirst({ where: { userId: user.id, clearedAt: null }, select: { id: true, stoppedAt: true } });
  if (open?.stoppedAt) return fail("CONFLICT", "Their desktops are already stopped as a leaver's. Restore their access first to change the date.");
  const reason = `marked as leaving by ${actor.email}`;
  if (open) await tx.leaver.update({ where: { id: open.id }, data: { leaveAt: input.leaveAt, source: "ADMIN", reason, markedById: actor.id } });
  else await tx.leaver.create({ data: { userId: user.id, source: "ADMIN", reason, leaveAt: input.leaveAt, markedById: actor.id } });
  await recordAudit(tx, { actor, action: "user.leaver.mark", targetType: "user", targetId: user.id, outcome: "SUCCESS", message: `Leaving on ${input.leaveAt.toISOString().slice(0, 10)}`, details: { email: user.email } });
  return { ok: true };
}

/**
 * Restores a leaver's access before their desktops are terminated, which cancels the termination:
 * the account is enabled again (in the portal; in the directory through the worker), stopped
 * desktops stay stopped for their owner to start.
 */
export async function restoreAccess(tx: Tx, actor: Actor, leaverId: string, now: Date): Promise<Done> {
  const leaver = await tx.leaver.findUnique({ where: { id: leaverId } });
  if (!leaver || leaver.restoredAt) return fail("NOT_FOUND", "This leaver is no longer open.");
  if (leaver.terminatedAt) return fail("CONFLICT", "Their desktops are already being terminated: access can no longer be restored from here.");
  const done = await tx.leaver.updateMany({
    where: { id: leaver.id, restoredAt: null, terminatedAt: null },
    // A directory account stays disabled in AD until the worker's enable has run: the directory
    // check clears the case once it sees the account enabled, not before.
    data: { restoredAt: now, restoredById: actor.id, clearedAt: leaver.source === "DIRECTORY" ? null : now },
  });
  if (done.count === 0) return fail("CONFLICT", "The leaver changed meanwhile. Reload the page.");
  const user = await tx.user.findUnique({ where: { id: leaver.userId }, select: { id: true, email: true, disabled: true, directoryId: true, directoryUserName: true } });
  if (user?.disabled) await tx.user.update({ where: { id: user.id }, data: { disabled: false } });
  if (leaver.source === "DIRECTORY" && user?.directoryId && user.directoryUserName) {
    const directory = await tx.directory.findUnique({ where: { id: user.directoryId }, select: { region: true } });
    if (directory) await queueDirectoryUserChange(tx, actor, { directoryId: user.directoryId, region: directory.region, payload: { action: "ENABLE", userName: user.directoryUserName } });
  }
  await recordAudit(tx, {
    actor,
    action: "user.leaver.restore",
    targetType: "user",
    targetId: leaver.userId,
    outcome: "SUCCESS",
    message: leaver.terminateAt ? `Access restored; the termination due ${leaver.terminateAt.toISOString().slice(0, 10)} is cancelled` : "Access restored",
    details: { leaverId: leaver.id, source: leaver.source, email: user?.email ?? null },
  });
  return { ok: true };
}

export async function saveLifecycleSettings(tx: Tx, actor: Actor, input: { leaverGraceDays: number }): Promise<Done> {
  await tx.lifecycleSettings.upsert({ where: { id: "default" }, create: { id: "default", ...input, updatedById: actor.id }, update: { ...input, updatedById: actor.id } });
  await recordAudit(tx, { actor, action: "lifecycle.settings.update", outcome: "SUCCESS", details: input });
  return { ok: true };
}
