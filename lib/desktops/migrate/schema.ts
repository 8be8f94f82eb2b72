import { z } from "zod";
import { recordId } from "@/lib/record-id";
import { REASON_MAX } from "@/lib/billing/mode-requests/schema";

const bundleId = z.string({ message: "Choose a bundle." }).regex(/^wsb-[0-9a-z]{8,63}$/, "Choose a bundle from the list.");

export const migrateDesktopSchema = z.object({ desktopId: recordId(), bundleId });
export type MigrateDesktopInput = z.input<typeof migrateDesktopSchema>;

/** The owner's request: the reason goes to the approver (its length is checked with the request). */
export const requestMigrationSchema = z.object({
  desktopId: recordId(),
  bundleId,
  reason: z.string({ message: "Give the reason as text." }).trim().max(REASON_MAX, `Keep the reason under ${REASON_MAX} characters.`),
});
