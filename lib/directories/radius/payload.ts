// The DIRECTORY_RADIUS operation's payload: enable (or update) with settings and the shared
// secret sealed (lib/directories/create/secret-box.ts), or disable. `secret` is absent once the
// operation has closed: the portal keeps no shared secret.

import { z } from "zod";
import { sealedSecretSchema } from "../create/secret-box";

export const radiusSettingsPayload = z.object({
  servers: z.array(z.string()).min(1),
  port: z.number().int(),
  timeoutSeconds: z.number().int(),
  retries: z.number().int(),
  protocol: z.enum(["PAP", "CHAP", "MS-CHAPv1", "MS-CHAPv2"]),
  displayLabel: z.string().optional(),
  useSameUsername: z.boolean(),
});
export type RadiusSettingsPayload = z.infer<typeof radiusSettingsPayload>;

export const radiusPayload = z.discriminatedUnion("action", [
  z.object({ action: z.literal("enable"), settings: radiusSettingsPayload, secret: sealedSecretSchema.optional() }),
  z.object({ action: z.literal("update"), settings: radiusSettingsPayload, secret: sealedSecretSchema.optional() }),
  z.object({ action: z.literal("disable") }),
]);
export type RadiusPayload = z.infer<typeof radiusPayload>;
