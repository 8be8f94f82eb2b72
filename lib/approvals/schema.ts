import { z } from "zod";
import { recordId } from "@/lib/record-id";

export const RULE_NAME_MAX = 100;
export const REJECT_REASON_MAX = 500;
export const GROUP_NAME_MAX = 256;

const list = <T extends z.ZodType>(item: T) => z.array(item).max(50, "Choose at most 50.").optional().default([]);

/** Typed as a comma-separated list (group names, bundle ids). */
const commaList = (max: number, message: string) =>
  z
    .string()
    .optional()
    .default("")
    .transform((text) => [...new Set(text.split(",").map((g) => g.trim()).filter(Boolean))])
    .refine((items) => items.every((g) => g.length <= max), message)
    .refine((items) => items.length <= 50, "Name at most 50.");

const optionalGroup = z
  .string()
  .trim()
  .max(GROUP_NAME_MAX, `Keep the group name under ${GROUP_NAME_MAX} characters.`)
  .optional()
  .transform((g) => g || null);

const optionalNumber = (message: string, int: boolean) =>
  z
    .union([z.literal("").transform(() => null), z.null(), z.coerce.number({ message })], { message })
    .optional()
    .transform((n) => n ?? null)
    .refine((n) => n === null || (Number.isFinite(n) && n >= 0), message)
    .refine((n) => !int || n === null || Number.isInteger(n), message)
    .refine((n) => n === null || n <= 1_000_000, message);

// Shared by the approval-policies page (client) and the server action.
export const approvalRuleSchema = z
  .object({
    ruleId: recordId().optional(),
    name: z
      .string({ message: "Give the rule a name." })
      .trim()
      .min(1, "Give the rule a name.")
      .max(RULE_NAME_MAX, `Keep the name under ${RULE_NAME_MAX} characters.`),
    roles: list(z.enum(["EMPLOYEE", "APPROVER", "ADMIN"], { message: "Choose roles from the list." })),
    groups: commaList(GROUP_NAME_MAX, `Keep each group name under ${GROUP_NAME_MAX} characters.`),
    directoryIds: list(z.string().regex(/^d-[0-9a-f]{10}$/, "Choose directories from the list.")),
    bundleIds: list(z.string().regex(/^wsb-[0-9a-z]{8,63}$/, "Choose bundles from the list.")),
    computeTypes: list(z.string().regex(/^[A-Z0-9_]{2,40}$/, "Choose compute types from the list.")),
    runningModes: list(z.enum(["AUTO_STOP", "ALWAYS_ON"], { message: "Choose running modes from the list." })),
    minMonthlyCost: optionalNumber("Enter the lowest monthly cost as a positive amount, or leave it empty.", false),
    maxMonthlyCost: optionalNumber("Enter the highest monthly cost as a positive amount, or leave it empty.", false),
    minHeld: optionalNumber("Enter the fewest desktops as a whole number, or leave it empty.", true),
    maxHeld: optionalNumber("Enter the most desktops as a whole number, or leave it empty.", true),
    outcome: z.enum(["AUTO_APPROVE", "ONE_LEVEL", "TWO_LEVELS", "REJECT"], { message: "Choose what the rule decides." }),
    level1Manager: z
      .union([z.boolean(), z.literal("on").transform(() => true), z.literal("").transform(() => false)])
      .optional()
      .transform((v) => v ?? false),
    level1Group: optionalGroup,
    level2Group: optionalGroup,
    rejectReason: z
      .string()
      .trim()
      .max(REJECT_REASON_MAX, `Keep the reason under ${REJECT_REASON_MAX} characters.`)
      .optional()
      .transform((r) => r || null),
  })
  .superRefine((v, ctx) => {
    if (v.outcome === "REJECT" && !v.rejectReason) {
      ctx.addIssue({ code: "custom", path: ["rejectReason"], message: "Say why such requests are rejected: the requester reads it." });
    }
  })
  // Settings of another outcome are not kept (a rule that once had two levels and now approves
  // automatically keeps no approver groups).
  .transform((v) => ({
    ...v,
    level1Manager: v.outcome === "ONE_LEVEL" || v.outcome === "TWO_LEVELS" ? v.level1Manager : false,
    level1Group: v.outcome === "ONE_LEVEL" || v.outcome === "TWO_LEVELS" ? v.level1Group : null,
    level2Group: v.outcome === "TWO_LEVELS" ? v.level2Group : null,
    rejectReason: v.outcome === "REJECT" ? v.rejectReason : null,
  }));
export type ApprovalRuleInput = z.input<typeof approvalRuleSchema>;
export type ApprovalRuleValues = z.output<typeof approvalRuleSchema>;

export const deleteApprovalRuleSchema = z.object({ ruleId: recordId() });

export const moveApprovalRuleSchema = z.object({ ruleId: recordId(), direction: z.enum(["up", "down"], { message: "Choose up or down." }) });

export const previewApprovalSchema = z.object({
  userId: recordId(),
  bundleId: z.string({ message: "Choose a bundle." }).regex(/^wsb-[0-9a-z]{8,63}$/, "Choose a bundle."),
  directoryId: z.string({ message: "Choose a directory." }).regex(/^d-[0-9a-f]{10}$/, "Choose a directory."),
  runningMode: z.enum(["AUTO_STOP", "ALWAYS_ON"], { message: "Choose a running mode." }),
});
