import { z } from "zod";
import { recordId } from "@/lib/record-id";
import { decideBillingRequestSchema, REASON_MAX } from "@/lib/billing/mode-requests/schema";

// Inputs of the day-2 change actions (compute type, volume sizes), shared by the form and the server.

export { REASON_MAX };
const id = recordId();

/** One property per change, as AWS takes them. Sizes arrive from a number field as text. */
const target = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("COMPUTE"), computeType: z.string({ message: "Choose a compute type." }).trim().min(1, "Choose a compute type.") }),
  z.object({
    kind: z.enum(["ROOT_VOLUME", "USER_VOLUME"]),
    sizeGiB: z.coerce.number({ message: "Give the new size in whole GB." }).int("Give the new size in whole GB.").min(1, "Give the new size in whole GB.").max(2000, "AWS allows volumes of up to 2,000 GB."),
  }),
], { message: "Choose what to change." });

export const changeDesktopSizeSchema = z.object({ desktopId: id, target });

export const requestDesktopSizeSchema = z.object({
  desktopId: id,
  target,
  // Needed only when the change goes to an approver (the mutation says so at the field).
  reason: z.string({ message: "Give the reason as text." }).trim().max(REASON_MAX, `Keep the reason under ${REASON_MAX} characters.`).optional().default(""),
});

/** An approver's decision has the billing-mode request's shape: a reject needs a reason. */
export const decideSizeRequestSchema = decideBillingRequestSchema;

export type ResizeTargetInput = z.output<typeof target>;
