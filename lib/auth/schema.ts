import { z } from "zod";

export const EMAIL_MAX = 254;
// Long enough for any passphrase bcrypt can take (72 bytes), short enough that a
// megabyte "password" never reaches the hash function.
export const PASSWORD_INPUT_MAX = 256;

/** Addresses are stored and compared lower-cased and trimmed. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

// Deliberately loose: sign-in only needs to know whether the pair matches a user,
// and a stricter rule here would tell a visitor which names cannot exist. The "email" field
// takes a local account's e-mail address or a directory user name (user@domain, DOMAIN\user
// or a plain name); e-mail addresses are compared lower-cased.
export const credentialsSchema = z.object({
  email: z
    .string({ message: "Enter your email address or directory user name." })
    .trim()
    .min(1, "Enter your email address or directory user name.")
    .max(EMAIL_MAX, "That name is too long.")
    // No account name has control characters, and a NUL would not even fit in the audit trail.
    .refine((value) => !/[\u0000-\u001f\u007f]/.test(value), "That name has characters no account name has.")
    .transform((value) => (value.includes("@") && !value.includes("\\") ? normalizeEmail(value) : value)),
  password: z
    .string({ message: "Enter your password." })
    .min(1, "Enter your password.")
    .max(PASSWORD_INPUT_MAX, "That password is too long."),
});

export type Credentials = z.infer<typeof credentialsSchema>;

const ORIGIN = "http://portal.invalid";

/**
 * A path on this site, normalised ("/a/../b" is "/b"), or null for anything that leaves it:
 * another host, "//evil.example", "/\\evil.example", a javascript: URL, and paths that only
 * become one of these once normalised ("/..//evil.example", "/%2e%2e//evil.example"). The check
 * runs on the normalised result, which is what a browser follows. Guards against open redirects.
 */
export function sameOriginPath(value: unknown): string | null {
  if (typeof value !== "string" || value.length === 0 || value.length > 2048) return null;
  // Browsers drop tabs and newlines from URLs and read "\\" as "/": "/\t/evil" would be "//evil".
  if (/[\u0000-\u001f\u007f\\]/.test(value) || !value.startsWith("/")) return null;
  let url: URL;
  try {
    url = new URL(value, ORIGIN);
  } catch {
    return null;
  }
  if (url.origin !== ORIGIN) return null;
  const path = `${url.pathname}${url.search}${url.hash}`;
  if (!path.startsWith("/") || path.startsWith("//") || new URL(path, ORIGIN).origin !== ORIGIN) return null;
  return path;
}

/**
 * Auth.js's redirect callback: `url` (a path, or an absolute URL on `baseUrl`) as an absolute URL
 * on `baseUrl` when it is a path on this site, else the home page.
 */
export function sameOriginRedirect(url: string, baseUrl: string): string {
  const absolute = URL.canParse(url) ? new URL(url) : null;
  const path = absolute ? (absolute.origin === baseUrl ? `${absolute.pathname}${absolute.search}${absolute.hash}` : null) : url;
  return `${baseUrl}${sameOriginPath(path) ?? "/"}`;
}

/**
 * Where to go after signing in: only a path on this site (see sameOriginPath), and never back
 * to the sign-in page or Auth.js's endpoints; anything else falls back, so the sign-in page
 * cannot be used to bounce people to a look-alike site.
 */
export function safeCallbackPath(value: unknown, fallback = "/"): string {
  const path = sameOriginPath(value);
  if (!path) return fallback;
  const { pathname } = new URL(path, ORIGIN);
  if (pathname === "/sign-in" || pathname.startsWith("/api/auth")) return fallback;
  return path;
}

const callbackUrlField = z
  .unknown()
  .optional()
  .transform((value) => safeCallbackPath(value));

export const signInFormSchema = credentialsSchema.extend({ callbackUrl: callbackUrlField });

export const ssoSignInSchema = z.object({ callbackUrl: callbackUrlField });
