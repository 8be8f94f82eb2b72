import type { SsoRefusal } from "./oidc";

// One message for an unknown name, a wrong password, a disabled local account and a locked
// directory account (AD says "locked" whatever the password), so
// the sign-in form does not tell a stranger which accounts exist.
export const INVALID_CREDENTIALS_MESSAGE = "Wrong email address, user name or password.";

// Why single sign-on was refused after the provider vouched for the person (lib/auth/oidc.ts).
const SSO_REFUSALS: Record<SsoRefusal, string> = {
  DISABLED: "Your portal account is disabled. Ask an administrator.",
  EMAIL_TAKEN: "Another portal account already uses your email address, so yours could not be set up. Ask an administrator.",
  NO_EMAIL: "Your sign-in provider did not send an email address, so no portal account could be set up. Ask an administrator.",
  EMAIL_UNVERIFIED: "Your email address is not verified with your sign-in provider. Verify it there, then sign in again.",
};

/**
 * What to say when Auth.js sent someone back to /sign-in?error=...&code=... (a sign-in
 * posted straight to /api/auth, not through the form's action). Only fixed texts: the
 * query string is attacker-controlled and is never echoed.
 */
export function signInErrorNotice(error: string | undefined, code: string | undefined): string | undefined {
  if (!error) return undefined;
  if (error === "SsoRefused" && code && Object.hasOwn(SSO_REFUSALS, code)) return SSO_REFUSALS[code as SsoRefusal];
  if (error === "CredentialsSignin" && code === "locked") return "Too many failed sign-ins. Try again later.";
  if (error === "CredentialsSignin") return INVALID_CREDENTIALS_MESSAGE;
  return "Signing in did not work. Please try again.";
}
