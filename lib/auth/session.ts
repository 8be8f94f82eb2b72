import { cache } from "react";
import { redirect } from "next/navigation";
import { db } from "@/lib/db/client";
import type { Role } from "@/lib/db/generated/enums";
import { UNAUTHENTICATED_MESSAGE, type ActionFailure } from "@/lib/action-result";
import { readSessionIdentity } from "./session-cookie";
import { safeCallbackPath } from "./schema";

/** The signed-in person, as the database says now (not as the session cookie remembers). */
export type SessionUser = { id: string; email: string; name: string; role: Role };

/**
 * The current user, or null. The cookie only says who signed in; role and the disabled
 * flag are read from the database on every request, so disabling or demoting someone
 * takes effect on their next click rather than when their 8-hour session ends.
 * Cached per request: a layout and a page asking both cost one query.
 */
export const getCurrentUser = cache(async (): Promise<SessionUser | null> => {
  const identity = await readSessionIdentity();
  if (!identity) return null;
  const user = await db.user.findUnique({
    where: { id: identity.userId },
    select: { id: true, email: true, name: true, role: true, disabled: true },
  });
  if (!user || user.disabled) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
});

/**
 * For pages and layouts: the current user, or a redirect to the sign-in page that comes
 * back to `returnTo` (a path on this site) afterwards.
 */
export async function requireUser(returnTo?: string): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user) redirect(signInPath(returnTo));
  return user;
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
