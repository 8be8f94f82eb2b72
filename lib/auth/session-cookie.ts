// Who the session cookie says is asking. Kept apart from auth.ts (the Auth.js configuration) so
// that it loads without Next's server runtime.
import { getToken } from "next-auth/jwt";
import { cookies } from "next/headers";
import { getConfig } from "@/lib/config";

/**
 * The identity in the encrypted session cookie; callers re-load the user from the database.
 * Decrypts the cookie directly rather than through auth(), which runs Auth.js's whole session
 * endpoint (and re-encrypts a cookie that a page cannot set anyway) on every page. Only the
 * cookie counts, never an Authorization header. The secure name is the one set over https.
 */
export async function readSessionIdentity(): Promise<{ userId: string } | null> {
  const cookie = (await cookies()).toString();
  if (!cookie) return null;
  for (const secureCookie of [true, false]) {
    const token = await getToken({ req: { headers: { cookie } }, secret: getConfig().authSecret, secureCookie });
    const userId = token?.sub;
    if (typeof userId === "string" && userId.length > 0) return { userId };
  }
  return null;
}
