import { z } from "zod";
import { listSearchParam, listPageParam } from "@/lib/list-params";
import { recordId } from "@/lib/record-id";

// Inputs of the billing actions, shared by the forms (client) and the actions (server).

export const REASON_MAX = 1000;
const id = recordId();
const runningMode = z.enum(["AUTO_STOP", "ALWAYS_ON"], { message: "Choose a billing mode." });

// AWS takes the AutoStop timeout in multiples of 60 minutes: the portal asks for whole hours.
const timeoutHours = z.coerce
  .number({ message: "Enter a number of hours." })
  .refine((n) => Number.isInteger(n), "The AutoStop timeout must be a whole number of hours.")
  .refine((n) => n >= 1 && n <= 48, "The AutoStop timeout must be between 1 and 48 hours.");

const modeTarget = {
  toMode: runningMode,
  autoStopTimeoutHours: z
    .union([timeoutHours, z.literal("").transform(() => undefined), z.null().transform(() => undefined)], { message: "Enter the AutoStop timeout as a whole number of hours." })
    .optional(),
};

function requireTimeoutForAutoStop<T extends { toMode: string; autoStopTimeoutHours?: number }>(value: T, ctx: z.RefinementCtx) {
  if (value.toMode === "AUTO_STOP" && value.autoStopTimeoutHours === undefined) {
    ctx.addIssue({ code: "custom", path: ["autoStopTimeoutHours"], message: "Choose after how many idle hours the desktop stops." });
  }
}

const withTimeout = <T extends { toMode: "AUTO_STOP" | "ALWAYS_ON"; autoStopTimeoutHours?: number }>(value: T) => ({
  ...value,
  // AWS rejects a timeout on AlwaysOn desktops.
  autoStopTimeoutHours: value.toMode === "AUTO_STOP" ? value.autoStopTimeoutHours! : null,
});

export const changeBillingModeSchema = z.object({ desktopId: id, ...modeTarget }).superRefine(requireTimeoutForAutoStop).transform(withTimeout);
export type ChangeBillingModeInput = z.input<typeof changeBillingModeSchema>;

export const cancelBillingChangeSchema = z.object({ changeId: id });

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

const money = (label: string) =>
  z.coerce
    .number({ message: `Enter the ${label} as a number.` })
    .refine((n) => Number.isFinite(n) && n >= 0 && n <= 1_000_000, `The ${label} must be between 0 and 1,000,000.`)
    .refine((n) => Math.abs(n * 10_000 - Math.round(n * 10_000)) < 1e-6, `Give the ${label} with at most 4 decimals.`);

export const priceSchema = z
  .object({
    priceId: z.union([id, z.literal("").transform(() => undefined)], { message: "This page is out of date. Reload it and try again." }).optional(),
    region: z.string({ message: "Enter an AWS region like us-east-1." }).trim().regex(/^[a-z]{2}(-(gov|iso[a-z]*))?-[a-z]+-\d{1,2}$/, "Enter an AWS region like us-east-1."),
    computeType: z.string({ message: "Enter a compute type like STANDARD or GRAPHICS_G4DN." }).trim().regex(/^[A-Z0-9_]{2,40}$/, "Enter a compute type like STANDARD or GRAPHICS_G4DN."),
    platform: z.enum(["WINDOWS", "LINUX"], { message: "Choose Windows or Linux." }),
    currency: z.string({ message: "Enter a three-letter currency code like USD." }).trim().regex(/^[A-Z]{3}$/, "Enter a three-letter currency code like USD."),
    alwaysOnMonthly: money("AlwaysOn monthly fee"),
    autoStopMonthly: money("AutoStop monthly fee"),
    autoStopHourly: money("AutoStop hourly rate").refine((n) => n > 0, "The AutoStop hourly rate must be more than 0."),
    includedStorageGiB: z.coerce
      .number({ message: "Enter the included storage in GiB as a number." })
      .int("Enter the included storage in whole GiB.")
      .min(0, "The included storage cannot be negative.")
      .max(100_000, "Enter at most 100,000 GiB of included storage."),
    storagePerGiBMonthly: money("storage price"),
    source: z
      .string({ message: "Say where the price comes from." })
      .trim()
      .min(3, "Say where the price comes from.")
      .max(300, "Keep the source under 300 characters."),
  })
  .superRefine((value, ctx) => {
    if (value.autoStopMonthly > value.alwaysOnMonthly) {
      ctx.addIssue({ code: "custom", path: ["autoStopMonthly"], message: "The AutoStop monthly fee should not exceed the AlwaysOn fee." });
    }
  });
export type PriceInput = z.input<typeof priceSchema>;

export const applyRecommendationSchema = z.object({ desktopId: id });

const checkbox = z
  .union([z.boolean(), z.literal("on").transform(() => true), z.literal("").transform(() => false)], { message: "Tick the box or leave it empty." })
  .optional()
  .default(false);
const tagKey = z
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
});
export type BillingPolicyInput = z.input<typeof billingPolicySchema>;

export const runCostPolicySchema = z.object({ dryRun: z.boolean({ message: "Choose whether this is a dry run." }) });

export const costMonthSchema = z.object({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .optional()
    .catch(undefined),
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
