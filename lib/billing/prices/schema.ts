import { z } from "zod";
import { recordId } from "@/lib/record-id";

// Inputs of the price list's actions, shared by the form (client) and the action (server).

const id = recordId();

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
