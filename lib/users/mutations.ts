import type { Prisma, PrismaClient } from "@/lib/db/generated/client";
import type { Role } from "@/lib/db/generated/enums";
import { conflict, fail, notFound, type ActionFailure } from "@/lib/action-result";
import { recordAudit } from "@/lib/audit/mutations";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { endUserSessions } from "@/lib/auth/sessions";
import { groupRoleOf } from "./group-role";
import { groupKey } from "./roles";
import type { RoleMappingInput } from "./schema";

// Writes and rules for accounts and role mappings. Each runs inside the caller's transaction and
// audits itself there. "Not one's own" is the policy's rule (lib/auth/policy.ts), checked by the
// actions before these run; the rules here are about the account's state.
// A change that takes rights away or proves a new secret ends the account's sessions in the same
// transaction: the person's next click lands on the sign-in page.

type Tx = Prisma.TransactionClient;
type Actor = { id: string; email: string };
type Done = { ok: true } | ActionFailure;

const USER = "The user";

const label = (role: Role) => role.charAt(0) + role.slice(1).toLowerCase();

/** Changes a local account's role. Directory and SSO accounts take theirs from groups (or an override). */
export async function changeUserRole(tx: Tx, actor: Actor, input: { userId: string; role: Role }): Promise<Done> {
  const user = await tx.user.findUnique({ where: { id: input.userId }, select: { id: true, role: true, source: true } });
  if (!user) return notFound(USER);
  if (user.source !== "LOCAL") {
    return conflict("This account's role comes from its groups at every sign-in. Set a role override instead.");
  }
  if (user.role === input.role) return { ok: true };
  await tx.user.update({ where: { id: user.id }, data: { role: input.role } });
  await endUserSessions(tx, user.id, "ROLE_CHANGED");
  await recordAudit(tx, {
    actor,
    action: "user.role_change",
    targetType: "user",
    targetId: user.id,
    outcome: "SUCCESS",
    message: `Role changed from ${label(user.role)} to ${label(input.role)}`,
    details: { from: user.role, to: input.role },
  });
  return { ok: true };
}

/**
 * Sets or clears a directory or SSO account's role override. The role column changes at once (the
 * override, or what the groups of the last sign-in map to); provisionExternalUser keeps applying
 * the override at every sign-in.
 */
export async function setRoleOverride(tx: Tx, actor: Actor, input: { userId: string; role: Role | "" }): Promise<Done & { role?: Role }> {
  const user = await tx.user.findUnique({ where: { id: input.userId }, select: { id: true, role: true, source: true, groups: true, roleOverride: true } });
  if (!user) return notFound(USER);
  if (user.source === "LOCAL") return conflict("A local account has no groups to override. Change its role instead.");
  const override = input.role === "" ? null : input.role;
  const groupRole = await groupRoleOf(tx, user.source, user.groups);
  const role = override ?? groupRole;
  if (user.roleOverride === override && user.role === role) return { ok: true, role };
  await tx.user.update({ where: { id: user.id }, data: { roleOverride: override, role } });
  if (role !== user.role) {
    await endUserSessions(tx, user.id, "ROLE_CHANGED");
  }
  await recordAudit(tx, {
    actor,
    action: "user.role_override",
    targetType: "user",
    targetId: user.id,
    outcome: "SUCCESS",
    message: override
      ? `Role override set to ${label(override)} (the groups give ${label(groupRole)}); role is now ${label(role)}`
      : `Role override cleared; role is now ${label(role)}, from the groups`,
    details: { overrideFrom: user.roleOverride, overrideTo: override, groupRole, roleFrom: user.role, roleTo: role },
  });
  return { ok: true, role };
}

export async function setUserDisabled(tx: Tx, actor: Actor, input: { userId: string; disabled: boolean }): Promise<Done> {
  const user = await tx.user.findUnique({ where: { id: input.userId }, select: { id: true, disabled: true } });
  if (!user) return notFound(USER);
  if (user.disabled === input.disabled) return { ok: true };
  await tx.user.update({ where: { id: user.id }, data: { disabled: input.disabled } });
  if (input.disabled) {
    await endUserSessions(tx, user.id, "USER_DISABLED");
  }
  await recordAudit(tx, {
    actor,
    action: input.disabled ? "user.disable" : "user.enable",
    targetType: "user",
    targetId: user.id,
    outcome: "SUCCESS",
    message: input.disabled ? "Account disabled: the user can no longer sign in" : "Account enabled",
  });
  return { ok: true };
}

/**
 * An admin sets a new password on a local account (break-glass accounts). The caller hashes it
 * (slow: outside the transaction); a generated password is shown to the admin once and never stored
 * in clear, logged or audited.
 */
export async function resetUserPassword(tx: Tx, actor: Actor, input: { userId: string; passwordHash: string; generated: boolean }): Promise<Done> {
  const user = await tx.user.findUnique({ where: { id: input.userId }, select: { id: true, source: true } });
  if (!user) return notFound(USER);
  if (user.source !== "LOCAL") return conflict("This account signs in through its directory or single sign-on; its password is changed there.");
  await tx.user.update({ where: { id: user.id }, data: { passwordHash: input.passwordHash } });
  await endUserSessions(tx, user.id, "PASSWORD_CHANGED");
  await recordAudit(tx, {
    actor,
    action: "user.password_reset",
    targetType: "user",
    targetId: user.id,
    outcome: "SUCCESS",
    message: input.generated ? "Password reset by an admin (generated, shown once)" : "Password reset by an admin (typed by the admin)",
  });
  return { ok: true };
}

/**
 * A local account changes its own password, proving the current one. The password checks are slow
 * (bcrypt), so they run before the short transaction that writes, which changes the hash only if it
 * is still the one checked.
 */
export async function changeOwnPassword(db: PrismaClient, actor: Actor, input: { currentPassword: string; password: string }): Promise<Done> {
  const user = await db.user.findUnique({ where: { id: actor.id }, select: { id: true, source: true, passwordHash: true } });
  if (!user) return notFound("Your account");
  if (user.source !== "LOCAL" || !user.passwordHash) {
    return conflict("You sign in through your directory or single sign-on; change your password there.");
  }
  const audit = (outcome: "SUCCESS" | "FAILURE", message: string) =>
    recordAudit(db, { actor, action: "account.password_change", targetType: "user", targetId: user.id, outcome, message });
  if (!(await verifyPassword(input.currentPassword, user.passwordHash))) {
    await audit("FAILURE", "Current password was wrong");
    return fail("INVALID_INPUT", "Please correct the highlighted fields.", { currentPassword: "That is not your current password." });
  }
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    const changed = await tx.user.updateMany({ where: { id: user.id, passwordHash: user.passwordHash }, data: { passwordHash } });
    if (changed.count !== 1) return conflict("Your password was changed meanwhile. Reload the page and try again.");
    await recordAudit(tx, { actor, action: "account.password_change", targetType: "user", targetId: user.id, outcome: "SUCCESS", message: "Changed own password" });
    return { ok: true as const };
  });
}

const sourceLabel = (source: "DIRECTORY" | "SSO") => (source === "SSO" ? "single sign-on" : "directory");

/** Adds or edits a group-to-role mapping. Applied at each account's next sign-in. */
export async function saveRoleMapping(tx: Tx, actor: Actor, input: RoleMappingInput): Promise<{ ok: true; mappingId: string } | ActionFailure> {
  const key = groupKey(input.groupName);
  const clash = await tx.roleMapping.findUnique({ where: { source_groupKey: { source: input.source, groupKey: key } } });
  if (clash && clash.id !== input.mappingId) {
    return fail("CONFLICT", `The ${sourceLabel(input.source)} group "${clash.groupName}" already gives the role ${label(clash.role)}. Edit that mapping instead.`, {
      groupName: `"${clash.groupName}" is already mapped to ${label(clash.role)} (case does not matter). Edit that mapping instead.`,
    });
  }
  const data = { source: input.source, groupName: input.groupName, groupKey: key, role: input.role };
  if (input.mappingId) {
    const before = await tx.roleMapping.findUnique({ where: { id: input.mappingId } });
    if (!before) return notFound("The mapping");
    await tx.roleMapping.update({ where: { id: before.id }, data });
    await recordAudit(tx, {
      actor,
      action: "role_mapping.update",
      targetType: "role_mapping",
      targetId: before.id,
      outcome: "SUCCESS",
      message: `Mapping changed: ${sourceLabel(before.source as "DIRECTORY" | "SSO")} group "${before.groupName}" → ${label(before.role)} is now ${sourceLabel(input.source)} group "${input.groupName}" → ${label(input.role)}`,
      details: { from: { source: before.source, groupName: before.groupName, role: before.role }, to: { source: input.source, groupName: input.groupName, role: input.role } },
    });
    return { ok: true, mappingId: before.id };
  }
  const created = await tx.roleMapping.create({ data });
  await recordAudit(tx, {
    actor,
    action: "role_mapping.create",
    targetType: "role_mapping",
    targetId: created.id,
    outcome: "SUCCESS",
    message: `Mapping added: ${sourceLabel(input.source)} group "${input.groupName}" → ${label(input.role)}`,
    details: { source: input.source, groupName: input.groupName, role: input.role },
  });
  return { ok: true, mappingId: created.id };
}

export async function deleteRoleMapping(tx: Tx, actor: Actor, mappingId: string): Promise<Done> {
  const mapping = await tx.roleMapping.findUnique({ where: { id: mappingId } });
  if (!mapping) return notFound("The mapping");
  await tx.roleMapping.delete({ where: { id: mapping.id } });
  await recordAudit(tx, {
    actor,
    action: "role_mapping.delete",
    targetType: "role_mapping",
    targetId: mapping.id,
    outcome: "SUCCESS",
    message: `Mapping removed: ${sourceLabel(mapping.source as "DIRECTORY" | "SSO")} group "${mapping.groupName}" → ${label(mapping.role)}`,
    details: { source: mapping.source, groupName: mapping.groupName, role: mapping.role },
  });
  return { ok: true };
}

/** Signs the account out everywhere: its next click lands on the sign-in page. */
export async function endSessionsOfUser(tx: Tx, actor: Actor, input: { userId: string }): Promise<{ ok: true; ended: number } | ActionFailure> {
  const user = await tx.user.findUnique({ where: { id: input.userId }, select: { id: true } });
  if (!user) return notFound(USER);
  const ended = await endUserSessions(tx, user.id, "ENDED_BY_ADMIN");
  await recordAudit(tx, {
    actor,
    action: "user.sessions.end",
    targetType: "user",
    targetId: user.id,
    outcome: "SUCCESS",
    message: `Ended ${ended === 1 ? "1 session" : `${ended} sessions`}`,
    details: { ended },
  });
  return { ok: true, ended };
}
