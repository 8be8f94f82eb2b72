import { z } from "zod";
import { recordId } from "@/lib/record-id";
import { autoStopMinutesFromHours } from "@/lib/desktops/auto-stop";

// Inputs of the billing-mode change actions, shared by the forms (client) and the actions (server).
// The mode and AutoStop timeout fields are shared with employees' requests (../mode-requests/schema.ts).

const id = recordId();
const runningMode = z.enum(["AUTO_STOP", "ALWAYS_ON"], { message: "Choose a billing mode." });

// AWS takes the AutoStop timeout in multiples of 60 minutes and its console asks for hours: the
// form asks for whole hours, and the parsed input carries minutes, like the rest of the portal.
const timeoutHours = z.coerce
  .number({ message: "Enter a number of hours." })
  .refine((n) => Number.isInteger(n), "The AutoStop timeout must be a whole number of hours.")
  .refine((n) => n >= 1 && n <= 48, "The AutoStop timeout must be between 1 and 48 hours.");

export const modeTarget = {
  toMode: runningMode,
  autoStopTimeoutHours: z
    .union([timeoutHours, z.literal("").transform(() => undefined), z.null().transform(() => undefined)], { message: "Enter the AutoStop timeout as a whole number of hours." })
    .optional(),
};

export function requireTimeoutForAutoStop<T extends { toMode: string; autoStopTimeoutHours?: number }>(value: T, ctx: z.RefinementCtx) {
  if (value.toMode === "AUTO_STOP" && value.autoStopTimeoutHours === undefined) {
    ctx.addIssue({ code: "custom", path: ["autoStopTimeoutHours"], message: "Choose after how many idle hours the desktop stops." });
  }
}

export const withTimeout = <T extends { toMode: "AUTO_STOP" | "ALWAYS_ON"; autoStopTimeoutHours?: number }>({ autoStopTimeoutHours, ...value }: T) => ({
  ...value,
  // AWS rejects a timeout on AlwaysOn desktops.
  autoStopTimeoutMinutes: value.toMode === "AUTO_STOP" ? autoStopMinutesFromHours(autoStopTimeoutHours!) : null,
});

export const changeBillingModeSchema = z.object({ desktopId: id, ...modeTarget }).superRefine(requireTimeoutForAutoStop).transform(withTimeout);
export type ChangeBillingModeInput = z.input<typeof changeBillingModeSchema>;

export const cancelBillingChangeSchema = z.object({ changeId: id });
