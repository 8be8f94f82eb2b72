import { z } from "zod";
import { recordId } from "@/lib/record-id";

export const migrateDesktopSchema = z.object({
  desktopId: recordId(),
  bundleId: z.string({ message: "Choose a bundle." }).regex(/^wsb-[0-9a-z]{8,63}$/, "Choose a bundle from the list."),
});
export type MigrateDesktopInput = z.input<typeof migrateDesktopSchema>;
