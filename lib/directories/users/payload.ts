// The DIRECTORY_USER operation's payload: what to do to which user, and for a create or a reset
// the password sealed (lib/directories/create/secret-box.ts). `secret` is removed when the
// operation closes: the portal keeps no password.

import { z } from "zod";
import { sealedSecretSchema } from "@/lib/directories/create/secret-box";

/** bulkJobId and line: a CSV import's id and the row the user came from. */
const base = z.object({ userName: z.string(), bulkJobId: z.string().optional(), line: z.number().int().optional() });

export const directoryUserPayload = z.discriminatedUnion("action", [
  base.extend({
    action: z.literal("CREATE"),
    givenName: z.string(),
    surname: z.string(),
    email: z.string().nullable(),
    mustChangePassword: z.boolean(),
    secret: sealedSecretSchema.optional(),
  }),
  base.extend({ action: z.literal("RESET_PASSWORD"), mustChangePassword: z.boolean().optional(), secret: sealedSecretSchema.optional() }),
  base.extend({ action: z.literal("DISABLE") }),
  base.extend({ action: z.literal("ENABLE") }),
]);
export type DirectoryUserPayload = z.infer<typeof directoryUserPayload>;
export type DirectoryUserAction = DirectoryUserPayload["action"];

/** The audit trail's verb per change. */
export const DIRECTORY_USER_AUDIT: Record<DirectoryUserAction, string> = {
  CREATE: "directory.user.create",
  RESET_PASSWORD: "directory.user.reset-password",
  DISABLE: "directory.user.disable",
  ENABLE: "directory.user.enable",
};

/** The payload without its password, as it stays once the operation has closed. */
export function withoutSecret(payload: DirectoryUserPayload): DirectoryUserPayload {
  if (payload.action === "CREATE" || payload.action === "RESET_PASSWORD") {
    const { secret: _secret, ...rest } = payload;
    return rest;
  }
  return payload;
}
