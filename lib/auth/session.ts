import { cache } from "react";
import { redirect } from "next/navigation";
import { db } from "@/lib/db/client";
import type { Role } from "@/lib/db/generated/enums";
import { UNAUTHENTICATED_MESSAGE, type ActionFailure } from "@/lib/action-result";
import { readSessionIdentity } from "./session-cookie";
import { loadActiveSession, type ActiveSession } from "./sessions";
import { safeCallbackPath } from "./schema";

/** The signed-in person, as the database says now (not as the session cookie remembers). */
export type SessionUser = { id: string; email: string; name: string; role: Role };

/**
 * The caller's session as the database says now, in whatever stage (second factor pending, MFA to
 * set up, complete), or null when there is none or it has ended, expired or its user is disabled.
 * Cached per request: a layout and a page asking both cost one query.
 */
export const getSessionState = cache(async (): Promise<ActiveSession | null> => {
  const identity = await readSessionIdentity();
  if (!identity) return null;
  return loadActiveSession(db, identity);
});

/**
 * The current user, or null. The cookie only says which session; the session row, the role and
 * the disabled flag are read from the database on every request, so ending a session, disabling
 * or demoting someone takes effect on their next click. A session whose second factor is still
 * to come, or whose user must first set up MFA, gives no user: nothing but those steps is open to it.
 */
export const getCurrentUser = cache(async (): Promise<SessionUser | null> => {
  const session = await getSessionState();
  return session?.stage === "complete" ? session.user : null;
});

/**
 * For pages and layouts: the current user, or a redirect to the sign-in page (or to the step of
 * signing in still to do) that comes back to `returnTo` (a path on this site) afterwards.
 */
export async function requireUser(returnTo?: string): Promise<SessionUser> {
  const session = await getSessionState();
  if (!session) redirect(signInPath(returnTo));
  if (session.stage !== "complete") redirect(signInStepPath(session.stage, returnTo));
  return session.user;
}

/** The page for a step of signing in that is still to do, coming back to `returnTo`. */
export function signInStepPath(stage: "second-factor" | "enrol-mfa", returnTo?: string): string {
  const page = stage === "second-factor" ? "/sign-in/two-step" : "/sign-in/two-step/set-up";
  const path = safeCallbackPath(returnTo, "");
  return path && path !== "/" ? `${page}?callbackUrl=${encodeURIComponent(path)}` : page;
}

/** For server actions, which must not redirect: the current user or null. */
export async function getActionUser(): Promise<SessionUser | null> {
  return getCurrentUser();
}

/** For server actions, as a result value: `{ ok: true, user }` or an UNAUTHENTICATED failure. */
export async function requireActionUser(): Promise<{ ok: true; user: SessionUser } | (ActionFailure & { code: "UNAUTHENTICATED" })> {
  const user = await getCurrentUser();
  if (!user) return { ok: false, code: "UNAUTHENTICATED", message: UNAUTHENTICATED_MESSAGE };
  return { ok: true, user };
}

export function signInPath(returnTo?: string): string {
  const path = safeCallbackPath(returnTo, "");
  return path && path !== "/" ? `/sign-in?callbackUrl=${encodeURIComponent(path)}` : "/sign-in";
}
