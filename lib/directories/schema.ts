import { z } from "zod";

/** AWS's DirectoryId pattern: d- and ten hexadecimal digits. */
export const directoryIdSchema = z.string().trim().regex(/^d-[0-9a-f]{10}$/, "Not a directory id (d- and ten hexadecimal digits).");

export const directoryChangeSchema = z.object({ directoryId: directoryIdSchema });

export const webAccessSchema = z.object({
  directoryId: directoryIdSchema,
  webAccess: z.enum(["allow", "deny"], "Choose allow or deny.").transform((v) => v === "allow"),
});
