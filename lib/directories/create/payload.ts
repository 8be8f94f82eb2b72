// The CREATE_DIRECTORY operation's payload: what to create, and the password sealed (secret-box.ts).
// `secret` is absent once the operation has closed: the portal keeps no password.

import { z } from "zod";
import { sealedSecretSchema } from "./secret-box";

export const newDirectoryPayload = z.object({
  directoryType: z.enum(["SimpleAD", "MicrosoftAD", "ADConnector"]),
  name: z.string(),
  shortName: z.string().optional(),
  size: z.enum(["Small", "Large"]).optional(),
  edition: z.enum(["Standard", "Enterprise"]).optional(),
  vpcId: z.string(),
  subnetIds: z.array(z.string()).length(2),
  dnsIps: z.array(z.string()).optional(),
  customerUserName: z.string().optional(),
  secret: sealedSecretSchema.optional(),
});
export type NewDirectoryPayload = z.infer<typeof newDirectoryPayload>;
