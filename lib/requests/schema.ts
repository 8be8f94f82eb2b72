import { z } from "zod";
import { autoStopMinutesFromHours } from "@/lib/desktops/auto-stop";
import { listSearchParam } from "@/lib/list-params";
import { recordId } from "@/lib/record-id";

export const JUSTIFICATION_MAX = 2000;
export const REASON_MAX = 1000;

const hours = z.coerce
  .number({ message: "Enter a number of hours." })
  .refine((n) => Number.isInteger(n), "The AutoStop timeout must be a whole number of hours.")
  .refine((n) => n >= 1 && n <= 48, "The AutoStop timeout must be between 1 and 48 hours.");

// Shared by the request form (client) and the server action.
export const createRequestSchema = z
  .object({
    bundleId: z.string({ message: "Choose a desktop type from the list." }).regex(/^wsb-[0-9a-z]{8,63}$/, "Choose a desktop type from the list."),
    runningMode: z.enum(["AUTO_STOP", "ALWAYS_ON"], { message: "Choose a billing mode." }),
    autoStopTimeoutHours: z
      .union([hours, z.literal("").transform(() => undefined)], { message: "Enter the AutoStop timeout as a whole number of hours." })
      .optional(),
    justification: z
      .string({ message: "Tell your approver in at least 10 characters why you need this desktop." })
      .trim()
      .min(10, "Tell your approver in at least 10 characters why you need this desktop.")
      .max(JUSTIFICATION_MAX, `Keep the justification under ${JUSTIFICATION_MAX} characters.`),
    hoursPerWeek: z
      .union([
        z.coerce
          .number({ message: "Enter the hours a week as a number, or leave it empty." })
          .int("Enter the hours a week as a whole number.")
          .min(1, "Enter at least 1 hour a week, or leave it empty.")
          .max(168, "A week has 168 hours: enter at most 168."),
        z.literal("").transform(() => undefined),
      ], { message: "Enter the hours a week as a whole number, or leave it empty." })
      .optional(),
    // The directory's required tags by key (lib/guardrails checks them against the directory's rules).
    tags: z.record(z.string().max(127), z.string().max(255, "A tag value can have at most 255 characters."), { message: "Choose a value for each tag." }).optional().default({}),
  })
  .superRefine((value, ctx) => {
    if (value.runningMode === "AUTO_STOP" && value.autoStopTimeoutHours === undefined) {
      ctx.addIssue({ code: "custom", path: ["autoStopTimeoutHours"], message: "Choose after how many idle hours the desktop stops." });
    }
  })
  .transform(({ autoStopTimeoutHours, ...value }) => ({
    ...value,
    // AWS rejects a timeout on AlwaysOn desktops. The form speaks hours; the rest of the portal minutes.
    autoStopTimeoutMinutes: value.runningMode === "AUTO_STOP" ? autoStopMinutesFromHours(autoStopTimeoutHours!) : null,
  }));
export type CreateRequestInput = z.input<typeof createRequestSchema>;

const id = recordId();

export const cancelRequestSchema = z.object({ requestId: id });

export const decideRequestsSchema = z
  .object({
    requestIds: z.array(id, { message: "Select at least one request." }).min(1, "Select at least one request.").max(200, "Decide at most 200 requests at once."),
    decision: z.enum(["APPROVE", "REJECT"], { message: "Choose approve or reject." }),
    reason: z.string({ message: "Give the reason as text." }).trim().max(REASON_MAX, `Keep the reason under ${REASON_MAX} characters.`).optional().default(""),
  })
  .superRefine((value, ctx) => {
    if (value.decision === "REJECT" && value.reason.length === 0) {
      ctx.addIssue({ code: "custom", path: ["reason"], message: "Give the requester a reason for the rejection." });
    }
  });
export type DecideRequestsInput = z.input<typeof decideRequestsSchema>;

export const approvalQueueFilterSchema = z.object({
  q: listSearchParam(),
  status: z.enum(["SUBMITTED", "APPROVED", "REJECTED", "ALL"]).optional().default("SUBMITTED"),
  sort: z.enum(["oldest", "newest", "requester"]).optional().default("oldest"),
});
