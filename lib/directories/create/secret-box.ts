// How the admin or service-account password crosses from the web request to the worker.
// It must reach AWS from the worker (no AWS mutation inside a web request) but the portal must not
// keep it: the action seals it with AES-256-GCM under a key derived (HKDF) from the portal's auth
// secret, the operation's payload holds only the sealed form, and the worker removes it from the
// payload in the transaction that closes the operation (created, or failed for good). The plain
// text is never written to the database, a log, the audit trail or an answer to the browser.

import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { z } from "zod";

export const sealedSecretSchema = z.object({ iv: z.string(), tag: z.string(), data: z.string() });
export type SealedSecret = z.infer<typeof sealedSecretSchema>;

function keyFrom(authSecret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", authSecret, "workspaces-portal", "directory-create-password", 32));
}

export function sealSecret(plain: string, authSecret: string): SealedSecret {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyFrom(authSecret), iv);
  const data = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return { iv: iv.toString("base64"), tag: cipher.getAuthTag().toString("base64"), data: data.toString("base64") };
}

/** The plain text, or null when the key changed (the auth secret was rotated) or the box was altered. */
export function openSecret(sealed: SealedSecret, authSecret: string): string | null {
  try {
    const decipher = createDecipheriv("aes-256-gcm", keyFrom(authSecret), Buffer.from(sealed.iv, "base64"));
    decipher.setAuthTag(Buffer.from(sealed.tag, "base64"));
    return Buffer.concat([decipher.update(Buffer.from(sealed.data, "base64")), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}
