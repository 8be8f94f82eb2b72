// Server-side sessions: one row per sign-in, whatever the method. The session cookie carries only
// the row's id and the user's id, so ending the row (sign-out, an admin, a disabled account, a role
// change, an MFA reset) ends the session at its next request, whatever the cookie still says.
import type { Prisma } from "@/lib/db/generated/client";
import type { Role, SignInMethod } from "@/lib/db/generated/enums";
import { getConfig } from "@/lib/config";

type Db = Prisma.TransactionClient;

/** Why a session was ended before its time (stored as text, so new reasons need no migration). */
export type SessionEndReason =
  | "SIGN_OUT"
  | "ENDED_BY_ADMIN"
  | "USER_DISABLED"
  | "ROLE_CHANGED"
  | "MFA_RESET"
  | "MFA_CHANGED"
  | "PASSWORD_CHANGED";

/**
 * The contract for every sign-in method. What a provider's authorize() (password, directory) or
 * profile() (OpenID Connect) returns to Auth.js, and the jwt callback (auth.ts) turns into a
 * Session row:
 *   id, email, name, role   the portal user (created or refreshed by provisionExternalUser first)
 *   method                  PASSWORD when absent; DIRECTORY, SSO or SETUP otherwise
 *   amr                     authentication methods (RFC 8176); for SSO the IdP's `amr` claim as is.
 *                           Default ["pwd"] (or [] for SSO without the claim).
 * An SSO session needs no portal second factor (the IdP does MFA); every other method does when
 * the user has one.
 */
export type PortalSignInUser = { id: string; email: string; name: string; role: Role; method?: SignInMethod; amr?: string[] };

export type SessionSettings = { idleMinutes: number; maxHours: number; mfaRequiredRoles: readonly Role[] };

export function sessionSettings(): SessionSettings {
  const config = getConfig();
  return { ...config.sessions, mfaRequiredRoles: config.mfaRequiredRoles };
}

/**
 * Where a session stands:
 * - "second-factor": signed in with the first factor; the code is still to be entered;
 * - "enrol-mfa": the user's role requires MFA and they have none: they set it up first;
 * - "complete": the portal is theirs.
 */
export type SessionStage = "second-factor" | "enrol-mfa" | "complete";

export type ActiveSession = {
  id: string;
  method: SignInMethod;
  amr: string[];
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  stage: SessionStage;
  mfaEnabled: boolean;
  user: { id: string; email: string; name: string; role: Role };
};

/** Starts a session at sign-in (Auth.js's jwt callback). */
export async function createSession(
  db: Db,
  input: { user: PortalSignInUser; ipAddress: string | null; userAgent: string | null },
  { now = new Date(), settings = sessionSettings() }: { now?: Date; settings?: SessionSettings } = {},
): Promise<{ id: string; userId: string; expiresAt: Date; secondFactorPending: boolean }> {
  const method = input.user.method ?? "PASSWORD";
  const mfa = await db.userMfa.findUnique({ where: { userId: input.user.id }, select: { enabledAt: true } });
  // SSO brings its own MFA from the IdP; every other first factor is followed by the portal's.
  const secondFactorPending = method !== "SSO" && Boolean(mfa?.enabledAt);
  const session = await db.session.create({
    data: {
      userId: input.user.id,
      method,
      amr: input.user.amr ?? (method === "SSO" ? [] : ["pwd"]),
      secondFactorPending,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + settings.maxHours * 3_600_000),
      ipAddress: input.ipAddress,
      userAgent: input.userAgent?.slice(0, 500) ?? null,
    },
    select: { id: true, userId: true, expiresAt: true, secondFactorPending: true },
  });
  await db.user.update({ where: { id: input.user.id }, data: { lastSignInAt: now } });
  return session;
}

type SessionRow = {
  id: string;
  method: SignInMethod;
  amr: string[];
  secondFactorPending: boolean;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  userId: string;
  email: string;
  name: string;
  role: Role;
  mfaEnabled: boolean;
};

// lastSeenAt is written at most this often: one small write a minute per active session, not one per page.
const TOUCH_EVERY_MS = 60_000;

/**
 * The session if it is still on: not ended, not idle for longer than the idle timeout, not past its
 * absolute end, and its user not disabled. One query per request (session, user and MFA state).
 */
export async function loadActiveSession(
  db: Db,
  identity: { sessionId: string; userId: string },
  { now = new Date(), settings = sessionSettings() }: { now?: Date; settings?: SessionSettings } = {},
): Promise<ActiveSession | null> {
  const idleSince = new Date(now.getTime() - settings.idleMinutes * 60_000);
  const rows = await db.$queryRaw<SessionRow[]>`
    SELECT s."id", s."method"::text AS "method", s."amr", s."secondFactorPending", s."createdAt", s."lastSeenAt", s."expiresAt",
           u."id" AS "userId", u."email", u."name", u."role"::text AS "role", (m."enabledAt" IS NOT NULL) AS "mfaEnabled"
      FROM "Session" s
      JOIN "User" u ON u."id" = s."userId"
      LEFT JOIN "UserMfa" m ON m."userId" = s."userId"
     WHERE s."id" = ${identity.sessionId} AND s."userId" = ${identity.userId}
       AND s."endedAt" IS NULL AND s."expiresAt" > ${now} AND s."lastSeenAt" > ${idleSince}
       AND u."disabled" = false`;
  const row = rows[0];
  if (!row) return null;
  if (now.getTime() - row.lastSeenAt.getTime() >= TOUCH_EVERY_MS) {
    await db.session.updateMany({ where: { id: row.id, lastSeenAt: { lt: now } }, data: { lastSeenAt: now } });
  }
  return {
    id: row.id,
    method: row.method,
    amr: row.amr,
    createdAt: row.createdAt,
    lastSeenAt: row.lastSeenAt,
    expiresAt: row.expiresAt,
    mfaEnabled: row.mfaEnabled,
    stage: sessionStage(row, settings),
    user: { id: row.userId, email: row.email, name: row.name, role: row.role },
  };
}

export function sessionStage(
  session: { secondFactorPending: boolean; method: SignInMethod; role: Role; mfaEnabled: boolean },
  settings: Pick<SessionSettings, "mfaRequiredRoles">,
): SessionStage {
  if (session.secondFactorPending) return "second-factor";
  if (session.method !== "SSO" && settings.mfaRequiredRoles.includes(session.role) && !session.mfaEnabled) return "enrol-mfa";
  return "complete";
}

/** Ends one session for good. Returns whether it was still on. */
export async function endSession(tx: Db, sessionId: string, reason: SessionEndReason, now = new Date()): Promise<boolean> {
  const { count } = await tx.session.updateMany({ where: { id: sessionId, endedAt: null }, data: { endedAt: now, endedReason: reason } });
  return count > 0;
}

/**
 * Ends every session of a user (disabled, role changed, MFA reset, an admin's "end sessions"),
 * except `except` (the caller's own, when they change their own MFA). Returns how many were on.
 */
export async function endUserSessions(
  tx: Db,
  userId: string,
  reason: SessionEndReason,
  { except, now = new Date() }: { except?: string; now?: Date } = {},
): Promise<number> {
  const { count } = await tx.session.updateMany({
    where: { userId, endedAt: null, ...(except ? { id: { not: except } } : {}) },
    data: { endedAt: now, endedReason: reason },
  });
  return count;
}

/** The second factor was entered: the session is complete, and says how (amr). */
export async function completeSecondFactor(tx: Db, sessionId: string, amr: string[]): Promise<void> {
  await tx.session.update({ where: { id: sessionId }, data: { secondFactorPending: false, amr } });
}

/** A user's sessions that are still on, newest first (the users page shows them). */
export async function listOpenSessions(db: Db, userId: string, { now = new Date(), settings = sessionSettings() } = {}) {
  const idleSince = new Date(now.getTime() - settings.idleMinutes * 60_000);
  return db.session.findMany({
    where: { userId, endedAt: null, expiresAt: { gt: now }, lastSeenAt: { gt: idleSince } },
    orderBy: { createdAt: "desc" },
    select: { id: true, method: true, amr: true, createdAt: true, lastSeenAt: true, expiresAt: true, ipAddress: true, userAgent: true, secondFactorPending: true },
  });
}
