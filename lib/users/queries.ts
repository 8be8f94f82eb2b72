import { db } from "@/lib/db/client";
import type { Role, UserSource } from "@/lib/db/generated/enums";
import { listDesktopsOf, type DesktopView } from "@/lib/desktops/queries";
import { listRequestsOf, type RequestSummary } from "@/lib/requests/queries";
import { groupRoleOf } from "./group-role";
import { setupLinkState } from "./first-admin";
import { userWhere, type UserFilter } from "./user-filters";
import { listOpenSessions } from "@/lib/auth/sessions";

// Server-only reads for the users and roles pages. Callers check user.list / user.read first.

export const USER_PAGE_SIZE = 50;

export type UserRow = {
  id: string;
  name: string;
  email: string;
  role: Role;
  source: UserSource;
  directoryUserName: string | null;
  disabled: boolean;
  lastSignInAt: string | null;
};

export async function listUsers(filter: UserFilter, now = new Date()) {
  const where = userWhere(filter, now);
  const [total, rows] = await Promise.all([
    db.user.count({ where }),
    db.user.findMany({
      where,
      orderBy: [{ name: "asc" }, { id: "asc" }],
      skip: (filter.page - 1) * USER_PAGE_SIZE,
      take: USER_PAGE_SIZE,
      select: { id: true, name: true, email: true, role: true, source: true, directoryUserName: true, disabled: true, lastSignInAt: true },
    }),
  ]);
  return {
    total,
    page: filter.page,
    pages: Math.max(1, Math.ceil(total / USER_PAGE_SIZE)),
    rows: rows.map((u): UserRow => ({ ...u, lastSignInAt: u.lastSignInAt?.toISOString() ?? null })),
  };
}

/** What the policy judges (user.read, user.role.change, ...): the account's id. */
export async function loadUserForPolicy(id: string) {
  return db.user.findUnique({ where: { id }, select: { id: true, email: true, source: true } });
}

export type UserDetail = UserRow & {
  directoryId: string | null;
  groups: string[];
  roleOverride: Role | null;
  /** The role the groups of the last sign-in map to (directory and SSO accounts), before any override. */
  groupRole: Role | null;
  hasPassword: boolean;
  createdAt: string;
  desktops: DesktopView[];
  requests: RequestSummary[];
};

export async function getUserDetail(id: string): Promise<UserDetail | null> {
  const u = await db.user.findUnique({ where: { id } });
  if (!u) return null;
  const [desktops, requests, groupRole] = await Promise.all([
    listDesktopsOf(u.id),
    listRequestsOf(u.id),
    u.source === "LOCAL" ? null : groupRoleOf(db, u.source, u.groups),
  ]);
  return {
    id: u.id,
    name: u.name,
    email: u.email,
    role: u.role,
    source: u.source,
    directoryId: u.directoryId,
    directoryUserName: u.directoryUserName,
    disabled: u.disabled,
    lastSignInAt: u.lastSignInAt?.toISOString() ?? null,
    groups: u.groups,
    roleOverride: u.roleOverride,
    groupRole,
    hasPassword: u.passwordHash !== null,
    createdAt: u.createdAt.toISOString(),
    desktops,
    requests,
  };
}

export type RoleMappingRow = { id: string; source: "DIRECTORY" | "SSO"; groupName: string; role: Role; updatedAt: string };

export async function listRoleMappings(): Promise<RoleMappingRow[]> {
  const rows = await db.roleMapping.findMany({ orderBy: [{ source: "asc" }, { groupKey: "asc" }] });
  return rows.map((m) => ({ id: m.id, source: m.source as "DIRECTORY" | "SSO", groupName: m.groupName, role: m.role, updatedAt: m.updatedAt.toISOString() }));
}

/** The account page: the caller's own account. */
export async function getOwnAccount(id: string) {
  const u = await db.user.findUnique({ where: { id }, select: { id: true, name: true, email: true, role: true, source: true, passwordHash: true, directoryUserName: true } });
  return u ? { id: u.id, name: u.name, email: u.email, role: u.role, source: u.source, hasPassword: u.passwordHash !== null, directoryUserName: u.directoryUserName } : null;
}

/** The setup page: whether its link can still create the first admin. */
export async function getSetupLinkState(token: string) {
  return setupLinkState(db, token);
}

/** How an account signs in now: two-step verification and the sessions still open (admins' user page). */
export async function getUserSignIns(id: string) {
  const [mfa, sessions] = await Promise.all([
    db.userMfa.findUnique({ where: { userId: id }, select: { enabledAt: true } }),
    listOpenSessions(db, id),
  ]);
  return {
    mfaEnabledAt: mfa?.enabledAt?.toISOString() ?? null,
    sessions: sessions.map((s) => ({
      id: s.id,
      method: s.method,
      createdAt: s.createdAt.toISOString(),
      lastSeenAt: s.lastSeenAt.toISOString(),
      ipAddress: s.ipAddress,
      userAgent: s.userAgent,
      secondFactorPending: s.secondFactorPending,
    })),
  };
}
