// Single sign-on with an OpenID provider (Entra ID, Okta, Keycloak, IAM Identity Center, Google).
// Auth.js runs the protocol (discovery, PKCE, state, nonce, ID token validation); this file says
// how the validated claims become a portal user.
import type { OIDCConfig } from "next-auth/providers";
import type { User } from "next-auth";
import type { PrismaClient } from "@/lib/db/generated/client";
import type { Role } from "@/lib/db/generated/enums";
import type { OidcConfig } from "@/lib/config";
import { recordAudit } from "@/lib/audit/mutations";
import { USER_NAME_FORBIDDEN, USER_NAME_MAX } from "@/lib/bulk/csv";
import { provisionExternalUser, type ExternalIdentity } from "@/lib/users/provision";
import { countSignInFailure } from "@/lib/observability/metrics";

/** The provider's id in Auth.js: the redirect URI is <PORTAL_URL>/api/auth/callback/oidc. */
export const SSO_PROVIDER_ID = "oidc";

/** Why an SSO sign-in was refused; the sign-in page shows a fixed text per code (see sign-in-errors.ts). */
export type SsoRefusal = "DISABLED" | "EMAIL_TAKEN" | "NO_EMAIL" | "EMAIL_UNVERIFIED";

/** What reaches the jwt callback as `user` after an SSO sign-in. */
export type SsoUser = { id: string; email: string; name: string; role: Role; method: "SSO"; amr: string[] };

type Claims = Record<string, unknown>;

const MAX_GROUPS = 500;
const MAX_GROUP_LENGTH = 256;

export function ssoProvider(settings: OidcConfig): OIDCConfig<Claims> {
  return {
    id: SSO_PROVIDER_ID,
    name: settings.name,
    type: "oidc",
    issuer: settings.issuer,
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    // All three: PKCE binds the code to this browser, state to this sign-in, nonce to this ID token.
    checks: ["pkce", "state", "nonce"],
    authorization: { params: { scope: settings.scopes } },
    // Identity comes from the signed ID token only (amr and groups live there too).
    idToken: true,
  };
}

export type ClaimsVerdict =
  | { ok: true; identity: ExternalIdentity; amr: string[] }
  | { ok: false; code: Extract<SsoRefusal, "NO_EMAIL" | "EMAIL_UNVERIFIED"> };

/** The portal's view of a validated ID token: who, which groups, which directory account. */
export function identityFromClaims(claims: Claims, settings: OidcConfig): ClaimsVerdict {
  const email = emailFrom(claims);
  if (!email) return { ok: false, code: "NO_EMAIL" };
  // Anyone can type an address into some IdPs' profile pages; an unverified one could squat a colleague's.
  if (claims.email_verified === false || claims.email_verified === "false") return { ok: false, code: "EMAIL_UNVERIFIED" };
  const directoryUserName = directoryUserNameFrom(claims[settings.usernameClaim], settings.usernameDomain);
  const directoryId = directoryUserName ? (settings.directoryId ?? null) : null;
  const name = text(claims.name) ?? [text(claims.given_name), text(claims.family_name)].filter(Boolean).join(" ");
  return {
    ok: true,
    identity: {
      source: "SSO",
      externalId: `sso:${String(claims.iss)}|${String(claims.sub)}`,
      email,
      name: name || email,
      directoryId,
      directoryUserName: directoryId ? directoryUserName : null,
      groups: groupsFrom(claims[settings.groupsClaim]),
      managerEmail: managerEmailFrom(claims[settings.managerClaim]),
    },
    amr: Array.isArray(claims.amr) ? claims.amr.filter((v): v is string => typeof v === "string").slice(0, 20) : [],
  };
}

/**
 * The signIn callback for SSO: creates or refreshes the portal user and turns Auth.js's `user`
 * (a random id) into the portal user, so the jwt callback sees `user.id` as the portal id.
 * Returns true, or the sign-in page with the reason's code.
 */
export async function completeSsoSignIn(
  db: PrismaClient,
  user: User,
  claims: Claims,
  settings: OidcConfig,
  { ipAddress, now = new Date() }: { ipAddress: string | null; now?: Date },
): Promise<true | string> {
  const verdict = identityFromClaims(claims, settings);
  const subject = { issuer: String(claims.iss), sub: String(claims.sub) };
  if (!verdict.ok) {
    countSignInFailure("sso", "FAILURE");
    await recordAudit(db, {
      actor: null,
      action: "auth.sign_in",
      outcome: "FAILURE",
      message: verdict.code === "NO_EMAIL" ? "Single sign-on gave no e-mail address" : "Single sign-on gave an unverified e-mail address",
      details: { method: "SSO", ...subject },
      ipAddress,
    });
    return refusedPath(verdict.code);
  }
  const { identity, amr } = verdict;
  const result = await db.$transaction(async (tx) => {
    const provisioned = await provisionExternalUser(tx, identity, { now, ipAddress });
    await recordAudit(tx, {
      actor: provisioned.ok ? { id: provisioned.user.id, email: provisioned.user.email } : null,
      action: "auth.sign_in",
      targetType: "user",
      targetId: provisioned.ok ? provisioned.user.id : undefined,
      outcome: provisioned.ok ? "SUCCESS" : "FAILURE",
      message: provisioned.ok ? "Signed in with single sign-on" : provisioned.message,
      details: { method: "SSO", email: identity.email, amr, ...subject },
      ipAddress,
    });
    return provisioned;
  });
  if (!result.ok) {
    countSignInFailure("sso", "FAILURE");
    return refusedPath(result.code);
  }
  const signedIn: SsoUser = { ...result.user, method: "SSO", amr };
  Object.assign(user, signedIn);
  return true;
}

function refusedPath(code: SsoRefusal): string {
  return `/sign-in?error=SsoRefused&code=${code}`;
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() ? value.trim() : undefined;
}

function emailFrom(claims: Claims): string | null {
  // Entra ID often sends the sign-in name (an address) instead of `email`.
  for (const candidate of [claims.email, claims.upn, claims.preferred_username]) {
    const value = text(candidate)?.toLowerCase();
    if (value && value.length <= 254 && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) return value;
  }
  return null;
}

function groupsFrom(value: unknown): string[] {
  const list = Array.isArray(value) ? value : typeof value === "string" ? [value] : [];
  const groups = list.filter((g): g is string => typeof g === "string" && g.trim() !== "" && g.length <= MAX_GROUP_LENGTH).map((g) => g.trim());
  return [...new Set(groups)].slice(0, MAX_GROUPS);
}

/**
 * The claim rule: the claim's value as the directory user name; with a domain set, "@<domain>"
 * is stripped and an address in another domain names no account (so a guest's "bob@elsewhere"
 * never becomes the directory's bob).
 */
export function directoryUserNameFrom(value: unknown, domain: string | undefined): string | null {
  let name = text(value);
  if (!name) return null;
  if (domain && name.includes("@")) {
    const suffix = `@${domain}`;
    if (!name.toLowerCase().endsWith(suffix)) return null;
    name = name.slice(0, -suffix.length);
  }
  if (!name || name.length > USER_NAME_MAX || USER_NAME_FORBIDDEN.test(name)) return null;
  return name;
}

/** The manager claim: one e-mail address (some IdPs send a one-item list); anything else is no manager. */
function managerEmailFrom(value: unknown): string | null {
  const first = Array.isArray(value) ? value[0] : value;
  if (typeof first !== "string") return null;
  const email = first.trim().toLowerCase();
  return email.length <= 254 && /^[^\s@]+@[^\s@]+$/.test(email) ? email : null;
}
