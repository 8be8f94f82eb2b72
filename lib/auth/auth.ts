import NextAuth, { AuthError, CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { encode, type JWT } from "next-auth/jwt";
import { headers } from "next/headers";
import { randomUUID } from "node:crypto";
import { getConfig } from "@/lib/config";
import { db } from "@/lib/db/client";
import { clientAddressFrom } from "./client-address";
import { secureSessionCookie } from "./session-cookie";
import { createSession, endSession, loadActiveSession, type PortalSignInUser } from "./sessions";
import { lockoutMessage } from "./sign-in-throttle";
import { INVALID_CREDENTIALS_MESSAGE } from "./sign-in-errors";
import { verifyCredentials } from "./verify-credentials";
import { completeSsoSignIn, SSO_PROVIDER_ID, ssoProvider } from "./oidc";
import { sameOriginRedirect } from "./schema";
import { log } from "@/lib/observability/logger";

// With session-cookie.ts, the only modules that import next-auth (Auth.js gets security fixes
// only now; keeping it behind these files lets it be replaced without touching the portal).


// Thrown from authorize(); next-auth hands the same instance back to signIn()'s caller.
// `code` also lands in the URL when someone posts to /api/auth/callback/credentials directly,
// so it says only what the form would say.
class InvalidCredentials extends CredentialsSignin {
  code = "invalid_credentials";
}
// A directory account that may not sign in (disabled, expired, must change its password) or a
// directory that cannot be reached: the message is the form's; the URL code says only "refused".
class SignInRefused extends CredentialsSignin {
  code = "refused";
  constructor(readonly userMessage: string) {
    super();
  }
}
class SignInLocked extends CredentialsSignin {
  code = "locked";
  constructor(readonly retryAfterMs: number) {
    super();
  }
}

/** What the session cookie holds: the user's id, the session's id and its absolute end (seconds). */
type SessionToken = { sub: string; sid: string; end: number };

function sessionToken(token: JWT | null | undefined): SessionToken | null {
  const { sub, sid, end } = (token ?? {}) as Partial<Record<string, unknown>>;
  return typeof sub === "string" && typeof sid === "string" && typeof end === "number" ? { sub, sid, end } : null;
}

export const { handlers, signIn, signOut } = NextAuth((request) => {
  const config = getConfig();
  const maxAge = config.sessions.maxHours * 3600;
  return {
    secret: config.authSecret,
    // The portal is reached through its own host name or a proxy in front of it; the
    // sign-in redirects are built from the request's host (use localhost locally).
    trustHost: true,
    // One cookie name, from the portal's public address; session-cookie.ts reads only that one.
    useSecureCookies: secureSessionCookie(),
    session: { strategy: "jwt", maxAge },
    jwt: {
      maxAge,
      // Auth.js re-seals the cookie for another maxAge at every call of its session endpoint: the
      // session's absolute end wins, so no cookie outlives the session it names.
      async encode(params) {
        const token = sessionToken(params.token);
        const left = token ? token.end - Math.floor(Date.now() / 1000) : maxAge;
        return encode({ ...params, maxAge: Math.max(1, Math.min(params.maxAge ?? maxAge, left)) });
      },
    },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    providers: [
      Credentials({
        credentials: { email: { label: "Email or directory user name", type: "text" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, request): Promise<PortalSignInUser> {
          const verdict = await verifyCredentials(db, {
            email: credentials.email,
            password: credentials.password,
            ipAddress: clientAddressFrom(request.headers),
          });
          if (verdict.ok) return { ...verdict.user, amr: ["pwd"] };
          if (verdict.code === "LOCKED") throw new SignInLocked(verdict.retryAfterMs);
          if (verdict.code === "SIGN_IN_REFUSED" || verdict.code === "DIRECTORY_UNREACHABLE") throw new SignInRefused(verdict.message);
          throw new InvalidCredentials();
        },
      }),
      ...(config.oidc ? [ssoProvider(config.oidc)] : []),
    ],
    callbacks: {
      // Every place Auth.js honours a callbackUrl or redirectTo (query, form, cookie, the signIn
      // callback's answer): only a normalised path on this site, else the home page (open redirects).
      redirect: ({ url, baseUrl }) => sameOriginRedirect(url, baseUrl),
      // Single sign-on: the ID token is validated by now; create or refresh the portal user.
      async signIn({ user, account, profile }) {
        if (account?.provider !== SSO_PROVIDER_ID || !config.oidc) return true;
        const ipAddress = request ? clientAddressFrom(request.headers) : null;
        return completeSsoSignIn(db, user, profile ?? {}, config.oidc, { ipAddress });
      },
      async jwt({ token, user }) {
        // `user` is present only at sign-in, from any provider (see PortalSignInUser): start a
        // session row; the cookie carries only its id and the user's.
        if (user) {
          // The route's own request at /api/auth (single sign-on callbacks); a server action's otherwise.
          const requestHeaders = request?.headers ?? (await headers());
          const session = await createSession(db, {
            user: user as PortalSignInUser,
            ipAddress: clientAddressFrom(requestHeaders),
            userAgent: requestHeaders.get("user-agent"),
          });
          return { sub: session.userId, sid: session.id, end: Math.floor(session.expiresAt.getTime() / 1000) } satisfies SessionToken;
        }
        // Auth.js's session endpoint: the row decides. An ended, idle or expired session clears the cookie.
        const current = sessionToken(token);
        if (!current || !(await loadActiveSession(db, { sessionId: current.sid, userId: current.sub }))) return null;
        return current;
      },
      session({ session, token }) {
        // The portal reads its user from the database (session.ts); this endpoint says little.
        const current = sessionToken(token);
        return { ...session, user: { id: current?.sub ?? "" }, expires: current ? new Date(current.end * 1000).toISOString() : session.expires } as typeof session;
      },
    },
    events: {
      // Signing out ends the session row: the cookie, if kept or stolen, no longer works.
      async signOut(message) {
        const current = "token" in message ? sessionToken(message.token) : null;
        if (current) await endSession(db, current.sid, "SIGN_OUT");
      },
    },
    logger: {
      // Failed sign-ins are expected and already in the audit trail; keep them out of the error log.
      error(error: Error) {
        if (error instanceof CredentialsSignin) return;
        // An expired or foreign session cookie at the session endpoint: it is cleared, nothing broke.
        if (error.name === "JWTSessionError") return;
        // next-auth wraps the reason (a token claim that failed, say) as { err } in `cause`.
        const cause = (error as { cause?: { err?: unknown } }).cause;
        log("auth").error({ err: error, cause: cause?.err ?? cause }, "next-auth error");
      },
    },
  };
});

export type PasswordSignInResult =
  | { ok: true }
  | { ok: false; code: "INVALID_CREDENTIALS" | "LOCKED" | "SIGN_IN_REFUSED" | "UNEXPECTED"; message: string };

/**
 * Signs in with e-mail and password from a server action and sets the session cookie.
 * Does not redirect: the caller redirects outside any try block.
 */
export async function signInWithPassword(credentials: { email: string; password: string }): Promise<PasswordSignInResult> {
  try {
    const landing: string = await signIn("credentials", {
      email: credentials.email,
      password: credentials.password,
      redirect: false,
      redirectTo: "/",
    });
    // A configuration error (a missing secret, say) comes back as a page instead of a
    // thrown error, with no session cookie set: do not report that as a success.
    if (new URL(landing, "http://localhost").pathname !== "/") {
      const id = randomUUID().slice(0, 8);
      log("auth").error({ errorId: id, landing }, "sign-in did not complete");
      return { ok: false, code: "UNEXPECTED", message: `Signing in failed on our side (error id ${id}). Please try again.` };
    }
    return { ok: true };
  } catch (error) {
    if (error instanceof SignInLocked) return { ok: false, code: "LOCKED", message: lockoutMessage(error.retryAfterMs) };
    if (error instanceof SignInRefused) return { ok: false, code: "SIGN_IN_REFUSED", message: error.userMessage };
    if (error instanceof CredentialsSignin) return { ok: false, code: "INVALID_CREDENTIALS", message: INVALID_CREDENTIALS_MESSAGE };
    if (error instanceof AuthError) {
      const id = randomUUID().slice(0, 8);
      log("auth").error({ errorId: id, err: error }, "sign-in failed");
      return { ok: false, code: "UNEXPECTED", message: `Signing in failed on our side (error id ${id}). Please try again.` };
    }
    throw error;
  }
}

/**
 * Sends the browser to the OpenID provider, to come back to `redirectTo` (a checked path).
 * Redirects by throwing, as Next's redirect() does; sets the state, PKCE and nonce cookies first.
 */
export async function startSsoSignIn(redirectTo: string): Promise<void> {
  await signIn(SSO_PROVIDER_ID, { redirectTo });
}

/** Clears the session cookie. Does not redirect. */
export async function signOutSession(): Promise<void> {
  await signOut({ redirect: false });
}
