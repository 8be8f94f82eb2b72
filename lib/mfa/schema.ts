import { z } from "zod";
import { safeCallbackPath } from "@/lib/auth/schema";

// A 6-digit code from the app, or a recovery code (xxxx-xxxx-xxxx-xxxx); which one is decided by its shape.
export const mfaCodeSchema = z.object({
  code: z
    .string({ error: "Enter the code." })
    .trim()
    .min(1, "Enter the code.")
    .max(40, "That code is too long."),
});

export const twoStepSchema = mfaCodeSchema.extend({
  callbackUrl: z.unknown().transform((value) => safeCallbackPath(value)),
});
