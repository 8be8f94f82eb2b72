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
// and a stricter rule here would tell a visitor which addresses cannot exist.
export const credentialsSchema = z.object({
  email: z
    .string({ message: "Enter your email address." })
    .trim()
    .min(1, "Enter your email address.")
    .max(EMAIL_MAX, "That email address is too long.")
    .pipe(z.email("Enter a valid email address."))
    .transform(normalizeEmail),
  password: z
    .string({ message: "Enter your password." })
    .min(1, "Enter your password.")
    .max(PASSWORD_INPUT_MAX, "That password is too long."),
});

export type Credentials = z.infer<typeof credentialsSchema>;

/**
 * Where to go after signing in: only a path on this site. Anything else (another host,
 * "//evil.example", "/\\evil.example", a javascript: URL) falls back to the home page,
 * so the sign-in page cannot be used to bounce people to a look-alike site.
 */
export function safeCallbackPath(value: unknown, fallback = "/"): string {
  if (typeof value !== "string" || value.length === 0 || value.length > 2048) return fallback;
  if (!value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  if (/[\u0000-\u001f\\]/.test(value)) return fallback;
  try {
    // Resolve against a dummy origin: a path that escapes to another origin is refused.
    const url = new URL(value, "http://portal.invalid");
    if (url.origin !== "http://portal.invalid") return fallback;
    if (url.pathname === "/sign-in" || url.pathname.startsWith("/api/auth")) return fallback;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return fallback;
  }
}

const callbackUrlField = z
  .unknown()
  .optional()
  .transform((value) => safeCallbackPath(value));

export const signInFormSchema = credentialsSchema.extend({ callbackUrl: callbackUrlField });

export const ssoSignInSchema = z.object({ callbackUrl: callbackUrlField });
