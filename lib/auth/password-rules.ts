import { PASSWORD_MAX_BYTES } from "./password";

// The rules a new portal password must meet (local accounts: break-glass admins and the demo).
// Length over composition rules, as NIST SP 800-63B advises: a long passphrase is strong, and
// "one digit, one symbol" rules only produce "Password1!".
export const PASSWORD_MIN_LENGTH = 12;

const COMMON = new Set([
  "password1234",
  "passwordpassword",
  "123456789012",
  "qwertyuiopas",
  "workspaces-demo",
  "administrator",
  "letmein12345",
]);

/** Why `password` is not acceptable as a new password, or null when it is. */
export function passwordProblem(password: string, account: { email?: string; name?: string } = {}): string | null {
  if ([...password].length < PASSWORD_MIN_LENGTH) return `Use at least ${PASSWORD_MIN_LENGTH} characters; a few words in a row make a strong password.`;
  // bcrypt reads 72 bytes; hashing refuses more rather than silently ignore the rest.
  if (new TextEncoder().encode(password).length > PASSWORD_MAX_BYTES) return `Use at most ${PASSWORD_MAX_BYTES} bytes (fewer accented or non-Latin characters).`;
  if (new Set(password).size < 4) return "Use more different characters.";
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) return "That password is too common; choose another.";
  const local = account.email?.split("@")[0]?.toLowerCase();
  if (local && local.length >= 3 && lower.includes(local)) return "Do not use your e-mail address in your password.";
  if (account.email && lower.includes(account.email.toLowerCase())) return "Do not use your e-mail address in your password.";
  return null;
}

/** A password for an admin to hand over once: 24 characters from 144 random bits. */
export function generatePassword(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return Buffer.from(bytes).toString("base64url");
}
