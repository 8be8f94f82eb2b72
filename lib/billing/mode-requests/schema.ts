import { z } from "zod";
import { recordId } from "@/lib/record-id";
import { modeTarget, requireTimeoutForAutoStop, withTimeout } from "../mode-changes/schema";

// Inputs of employees' billing-mode request actions, shared by the forms (client) and the actions (server).

export const REASON_MAX = 1000;
const id = recordId();

export const requestBillingModeSchema = z
  .object({
    desktopId: id,
    ...modeTarget,
    reason: z
      .string({ message: "Tell your approver in at least 10 characters why you want the change." })
      .trim()
      .min(10, "Tell your approver in at least 10 characters why you want the change.")
      .max(REASON_MAX, `Keep the reason under ${REASON_MAX} characters.`),
  })
  .superRefine(requireTimeoutForAutoStop)
  .transform(withTimeout);
export type RequestBillingModeInput = z.input<typeof requestBillingModeSchema>;

export const withdrawBillingRequestSchema = z.object({ requestId: id });

export const decideBillingRequestSchema = z
  .object({
    requestId: id,
    decision: z.enum(["APPROVE", "REJECT"], { message: "Choose approve or reject." }),
    reason: z.string({ message: "Give the reason as text." }).trim().max(REASON_MAX, `Keep the reason under ${REASON_MAX} characters.`).optional().default(""),
  })
  .superRefine((value, ctx) => {
    if (value.decision === "REJECT" && value.reason.length === 0) {
      ctx.addIssue({ code: "custom", path: ["reason"], message: "Give the requester a reason for the rejection." });
    }
  });
