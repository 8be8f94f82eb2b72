// One message for an unknown name, a wrong password, a disabled local account and a locked
// directory account (AD says "locked" whatever the password), so
// the sign-in form does not tell a stranger which accounts exist.
export const INVALID_CREDENTIALS_MESSAGE = "Wrong email address, user name or password.";

/**
 * What to say when Auth.js sent someone back to /sign-in?error=...&code=... (a sign-in
 * posted straight to /api/auth, not through the form's action). Only fixed texts: the
 * query string is attacker-controlled and is never echoed.
 */
export function signInErrorNotice(error: string | undefined, code: string | undefined): string | undefined {
  if (!error) return undefined;
  if (error === "CredentialsSignin" && code === "locked") return "Too many failed sign-ins. Try again later.";
  if (error === "CredentialsSignin") return INVALID_CREDENTIALS_MESSAGE;
  return "Signing in did not work. Please try again.";
}
