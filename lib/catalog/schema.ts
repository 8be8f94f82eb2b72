import { z } from "zod";

export const OFFER_NAME_MAX = 100;
export const OFFER_DESCRIPTION_MAX = 500;

const bundleId = z.string({ message: "Choose a bundle." }).regex(/^wsb-[0-9a-z]{8,63}$/, "Choose a bundle.");
const list = <T extends z.ZodType>(item: T) => z.array(item).max(50, "Choose at most 50.").optional().default([]);

// Shared by the catalogue page's form (client) and the server action.
export const bundleOfferSchema = z.object({
  bundleId,
  displayName: z
    .string({ message: "Give the bundle a name employees will recognise." })
    .trim()
    .min(1, "Give the bundle a name employees will recognise.")
    .max(OFFER_NAME_MAX, `Keep the name under ${OFFER_NAME_MAX} characters.`),
  description: z.string().trim().max(OFFER_DESCRIPTION_MAX, `Keep the description under ${OFFER_DESCRIPTION_MAX} characters.`).optional().default(""),
  roles: list(z.enum(["EMPLOYEE", "APPROVER", "ADMIN"], { message: "Choose roles from the list." })),
  // Typed as a comma-separated list; directory or SSO group names as the users' groups carry them.
  groups: z
    .string()
    .optional()
    .default("")
    .transform((text) => [...new Set(text.split(",").map((g) => g.trim()).filter(Boolean))])
    .refine((groups) => groups.every((g) => g.length <= 256), "Keep each group name under 256 characters.")
    .refine((groups) => groups.length <= 50, "Name at most 50 groups."),
  directoryIds: list(z.string().regex(/^d-[0-9a-f]{10}$/, "Choose directories from the list.")),
});
export type BundleOfferInput = z.input<typeof bundleOfferSchema>;

export const withdrawOfferSchema = z.object({ bundleId });
