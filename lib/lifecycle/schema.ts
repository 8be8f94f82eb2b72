import { z } from "zod";
import { recordId } from "@/lib/record-id";
import { tagKey } from "@/lib/billing/costs/schema";

// Inputs of the lifecycle page and its actions, shared by the forms (client) and the actions (server).

const id = recordId();

const days = (what: string, max = 3650) =>
  z.coerce
    .number({ message: `Enter ${what} as a number of days.` })
    .int(`Enter ${what} as a whole number of days.`)
    .min(1, `${what.charAt(0).toUpperCase()}${what.slice(1)} must be at least 1 day.`)
    .max(max, `${what.charAt(0).toUpperCase()}${what.slice(1)} must be at most ${max} days.`);

/** Empty: the step is not taken. */
const optionalDays = (what: string) => z.union([z.literal("").transform(() => null), z.null(), days(what)]).optional().default(null);
const optionalText = (max: number, message: string) =>
  z
    .string()
    .trim()
    .max(max, message)
    .optional()
    .transform((v) => v || null);
/** The inactivity list's filter (in the URL). */
export const inactiveFilterSchema = z.object({
  days: z.coerce.number().int().min(1).max(3650).catch(30).default(30),
});

export const lifecyclePolicySchema = z
  .object({
    policyId: id.optional(),
    name: z.string({ message: "Enter a name." }).trim().min(1, "Enter a name.").max(100, "Keep the name to 100 characters."),
    directoryId: optionalText(20, "Choose a directory from the list."),
    tagKey: optionalText(127, "Keep tag keys to 127 characters."),
    tagValue: optionalText(255, "Keep tag values to 255 characters."),
    inactiveDays: days("the inactivity period"),
    stopAfterDays: optionalDays("the time until the stop"),
    terminateAfterDays: optionalDays("the grace period"),
    exemptTagKey: tagKey,
  })
  .superRefine((p, ctx) => {
    if (p.tagValue && !p.tagKey) ctx.addIssue({ code: "custom", path: ["tagKey"], message: "Enter the tag key the value belongs to." });
    if (p.tagKey && p.tagKey === p.exemptTagKey) ctx.addIssue({ code: "custom", path: ["exemptTagKey"], message: "The exemption tag cannot be the tag the policy covers." });
    if (p.stopAfterDays !== null && p.terminateAfterDays !== null && p.terminateAfterDays <= p.stopAfterDays) {
      ctx.addIssue({ code: "custom", path: ["terminateAfterDays"], message: "The grace period must end after the stop." });
    }
  });
export type LifecyclePolicyInput = z.output<typeof lifecyclePolicySchema>;

export const policyIdSchema = z.object({ policyId: id });
export const desktopKeepSchema = z.object({ desktopId: id });

export const markLeavingSchema = z.object({
  userId: id,
  leaveOn: z.iso.date({ message: "Enter the leave date." }),
});
export const restoreAccessSchema = z.object({ leaverId: id });

export const lifecycleSettingsSchema = z.object({ leaverGraceDays: days("the leavers' grace period", 365) });
