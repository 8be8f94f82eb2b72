// TOTP secrets are encrypted at rest (AES-256-GCM) with a key derived from AUTH_SECRET. Why: the
// secret is what mints valid codes, so a copy of the database alone (a leaked backup, a read-only
// SQL injection, a reporting replica) must not be enough to pass the second factor; AUTH_SECRET
// lives outside the database. Changing AUTH_SECRET therefore makes enrolled authenticators
// unreadable: those users sign in with a recovery code or have an admin reset their MFA.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { getConfig } from "@/lib/config";

const VERSION = "v1";

function key(secret: string): Buffer {
  // A key of its own (HKDF with a purpose label), never the session-signing secret itself.
  return Buffer.from(hkdfSync("sha256", secret, "workspaces-portal", "mfa totp secret v1", 32));
}

export function encryptTotpSecret(plain: string, secret = getConfig().authSecret): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(secret), iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64url"), body.toString("base64url"), cipher.getAuthTag().toString("base64url")].join(".");
}

/** The secret, or null when it was sealed with another AUTH_SECRET or tampered with. */
export function decryptTotpSecret(sealed: string, secret = getConfig().authSecret): string | null {
  const [version, iv, body, tag] = sealed.split(".");
  if (version !== VERSION || !iv || !body || !tag) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key(secret), Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}
