import type { Prisma } from "@/lib/db/generated/client";
import type { Role } from "@/lib/db/generated/enums";
import { recordAudit } from "@/lib/audit/mutations";
import { resolveRole } from "./roles";

/** A person as a directory bind or an OpenID provider describes them at sign-in. */
export type ExternalIdentity = {
  source: "DIRECTORY" | "SSO";
  /** Stable at the source: "directory:<directoryId>|<objectGUID>" or "sso:<issuer>|<sub>". */
  externalId: string;
  email: string;
  name: string;
  /** The directory account their desktop is created for (null when the SSO claim rule gives none). */
  directoryId: string | null;
  directoryUserName: string | null;
  /** Group names (AD groups, nested ones included, or the IdP's group claim values). */
  groups: string[];
  /** The manager's e-mail (the directory's `manager` entry, or the IdP's manager claim); null when none. */
  managerEmail?: string | null;
};

export type ProvisionedUser = { id: string; email: string; name: string; role: Role };

export type ProvisionResult =
  | { ok: true; user: ProvisionedUser; created: boolean }
  | { ok: false; code: "DISABLED" | "EMAIL_TAKEN"; message: string };

/**
 * Creates the portal user at first sign-in, or refreshes it at every later one: name, e-mail,
 * directory link, groups and the role the groups map to (an admin's override wins). Run inside
 * the sign-in's transaction. A role that changes is audited with the groups that changed it.
 */
export async function provisionExternalUser(
  tx: Prisma.TransactionClient,
  identity: ExternalIdentity,
  { now = new Date(), ipAddress = null }: { now?: Date; ipAddress?: string | null } = {},
): Promise<ProvisionResult> {
  const email = identity.email.trim().toLowerCase();
  const mappings = await tx.roleMapping.findMany({ where: { source: identity.source }, select: { groupName: true, role: true } });
  const existing = await tx.user.findUnique({
    where: { externalId: identity.externalId },
    select: { id: true, role: true, roleOverride: true, disabled: true, email: true },
  });
  const role = resolveRole({ groups: identity.groups, mappings, override: existing?.roleOverride ?? null });

  if (existing?.disabled) {
    return { ok: false, code: "DISABLED", message: "This account is disabled in the portal. Ask an administrator." };
  }
  // E-mail addresses are unique in the portal. Never link to an account by e-mail alone: an
  // identity provider's e-mail claim is not proof of owning the local account that has it.
  const emailOwner = await tx.user.findUnique({ where: { email }, select: { id: true } });
  if (emailOwner && emailOwner.id !== existing?.id) {
    await recordAudit(tx, {
      actor: null,
      action: "auth.provision",
      targetType: "user",
      targetId: emailOwner.id,
      outcome: "FAILURE",
      message: "Another portal account already uses this e-mail address",
      details: { email, source: identity.source, externalId: identity.externalId },
      ipAddress,
    });
    return {
      ok: false,
      code: "EMAIL_TAKEN",
      message: "Another portal account already uses your e-mail address, so yours could not be set up. Ask an administrator.",
    };
  }

  const data = {
    email,
    name: identity.name.trim() || email,
    role,
    source: identity.source,
    groups: identity.groups,
    // Refreshed at every sign-in: a manager removed at the source is removed here too.
    managerEmail: identity.managerEmail?.trim().toLowerCase() || null,
    directoryId: identity.directoryId,
    directoryUserName: identity.directoryUserName,
    lastSignInAt: now,
  };
  const select = { id: true, email: true, name: true, role: true } as const;
  if (!existing) {
    const user = await tx.user.create({ data: { ...data, externalId: identity.externalId }, select });
    await recordAudit(tx, {
      actor: { id: user.id, email: user.email },
      action: "user.create",
      targetType: "user",
      targetId: user.id,
      outcome: "SUCCESS",
      message: `Account created at first sign-in (${identity.source === "SSO" ? "single sign-on" : "directory"}) as ${role}`,
      details: { source: identity.source, groups: identity.groups, role },
      ipAddress,
    });
    return { ok: true, user, created: true };
  }
  const user = await tx.user.update({ where: { id: existing.id }, data, select });
  if (existing.role !== role) {
    await recordAudit(tx, {
      actor: null,
      action: "user.role_from_groups",
      targetType: "user",
      targetId: user.id,
      outcome: "SUCCESS",
      message: `Role changed from ${existing.role} to ${role} by group membership at sign-in`,
      details: { from: existing.role, to: role, groups: identity.groups },
      ipAddress,
    });
  }
  return { ok: true, user, created: false };
}
