import { z } from "zod";
import { listSearchParam, listPageParam } from "@/lib/list-params";
import { recordId } from "@/lib/record-id";
import { autoStopMinutesFromHours } from "@/lib/desktops/auto-stop";

// Inputs of the cost pages and the cost policy's actions, shared by the forms (client) and the
// actions (server).

const id = recordId();

export const applyRecommendationSchema = z.object({ desktopId: id });

const checkbox = z
  .union([z.boolean(), z.literal("on").transform(() => true), z.literal("").transform(() => false)], { message: "Tick the box or leave it empty." })
  .optional()
  .default(false);
export const tagKey = z
  .string({ message: "Enter a tag key." })
  .trim()
  .min(1, "Enter a tag key.")
  .max(127, "Keep tag keys to 127 characters.")
  .regex(/^[\p{L}\p{N}\s_.:/=+\-@]+$/u, "Tag keys use letters, digits, spaces and _ . : / = + - @.");

export const billingPolicySchema = z.object({
  autoApply: checkbox,
  exemptTagKey: tagKey,
  costCentreTagKey: tagKey,
  departmentTagKey: tagKey,
  minObservedHours: z.coerce
    .number({ message: "Enter the observed hours as a number." })
    .int("Enter the observed hours as a whole number.")
    .min(0, "The observed hours cannot be negative.")
    .max(744, "A month has at most 744 hours: enter at most 744."),
  assumedAutoStopHours: z.coerce
    .number({ message: "Enter the AutoStop timeout as a number of hours." })
    .int("The AutoStop timeout must be a whole number of hours.")
    .min(1, "The AutoStop timeout must be between 1 and 48 hours.")
    .max(48, "The AutoStop timeout must be between 1 and 48 hours."),
})
  // The form speaks hours (as AWS's console does); the portal keeps minutes.
  .transform(({ assumedAutoStopHours, ...value }) => ({ ...value, assumedAutoStopMinutes: autoStopMinutesFromHours(assumedAutoStopHours) }));
export type BillingPolicyInput = z.input<typeof billingPolicySchema>;

export const runCostPolicySchema = z.object({ dryRun: z.boolean({ message: "Choose whether this is a dry run." }) });

export const costMonthSchema = z.object({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .optional()
    .catch(undefined),
  // A required tag key to group by (checked against the directories' required tags by the query).
  groupBy: z.string().trim().min(1).max(127).optional().catch(undefined),
});

export const RECOMMENDATION_PAGE_SIZE = 50;

/** The recommendations list: which kind, a search on desktop or owner, and the page. */
export const recommendationFilterSchema = z.object({
  // switch: ready to apply; blocked: a switch that cannot be applied now; keep: already the cheaper mode.
  show: z.enum(["all", "switch", "blocked", "keep"]).optional().default("all"),
  q: listSearchParam(),
  page: listPageParam(),
});
export type RecommendationFilter = z.output<typeof recommendationFilterSchema>;
