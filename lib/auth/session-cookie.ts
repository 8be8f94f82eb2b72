// Who the session cookie says is asking. Kept apart from auth.ts (the Auth.js configuration) so
// that it loads without Next's server runtime.
import { getToken } from "next-auth/jwt";
import { cookies } from "next/headers";
import { getConfig } from "@/lib/config";

/**
 * Whether the portal sets its session cookie under the `__Secure-` name: when its public address
 * is https. Auth.js is told the same (auth.ts), and only that name is read back, so a cookie planted
 * under the other name (over plain http, or by a sibling subdomain) is never accepted.
 */
export function secureSessionCookie(): boolean {
  return getConfig().portalUrl.startsWith("https:");
}

/**
 * The identity in the encrypted session cookie: the session's id and its user's; callers load the
 * session row (lib/auth/sessions.ts). Decrypts the cookie directly rather than through auth(), which
 * runs Auth.js's whole session endpoint (and re-encrypts a cookie that a page cannot set anyway) on
 * every page. Only the cookie counts, never an Authorization header.
 */
export async function readSessionIdentity(): Promise<{ userId: string; sessionId: string } | null> {
  const cookie = (await cookies()).toString();
  if (!cookie) return null;
  const token = await getToken({ req: { headers: { cookie } }, secret: getConfig().authSecret, secureCookie: secureSessionCookie() });
  const userId = token?.sub;
  const sessionId = token?.sid;
  if (typeof userId !== "string" || userId.length === 0 || typeof sessionId !== "string" || sessionId.length === 0) return null;
  return { userId, sessionId };
}
