import { z } from "zod";
import { listPageParam } from "@/lib/list-params";
import { recordId } from "@/lib/record-id";
import { DESKTOP_ACTIONS, FAILED_CREATE_ACTIONS, FLEET_ACTIONS } from "@/lib/desktops/rules";
import { fleetFilterSchema } from "@/lib/desktops/schema";
import { MAX_ROWS } from "./csv";
import { ITEM_STATUSES } from "./item-status";

export const MAX_ACTION_DESKTOPS = 5000;
export const JOB_ITEMS_PAGE_SIZE = 50;
export const JOBS_PAGE_SIZE = 20;

const id = recordId();

// The upload arrives as FormData. Size, encoding and content are checked by lib/bulk/csv.ts, which
// says precisely what is wrong.
export const csvUploadSchema = z.object({
  file: z.instanceof(File, { message: "Choose a CSV file." }),
});

// Confirming sends the file again with what the admin saw: the preview must still hold.
const previewMissing = "The preview is missing; check the file again.";
export const csvConfirmSchema = csvUploadSchema.extend({
  sha256: z.string({ message: previewMissing }).regex(/^[0-9a-f]{64}$/, previewMissing),
  expectedRows: z.coerce.number({ message: previewMissing }).int(previewMissing).min(1, previewMissing).max(MAX_ROWS, previewMissing),
});

export const bulkJobSchema = z.object({ jobId: id });

export const fleetSelectionSchema = z.discriminatedUnion(
  "kind",
  [
  z.object({
    kind: z.literal("ids"),
    desktopIds: z.array(id, { message: "Select at least one desktop." }).min(1, "Select at least one desktop.").max(MAX_ACTION_DESKTOPS, `Select at most ${MAX_ACTION_DESKTOPS} desktops.`),
  }),
  // "Everything matching this filter": resolved on the server when the job is created.
  z.object({ kind: z.literal("filter"), filter: fleetFilterSchema.pick({ q: true, state: true, runningMode: true, directoryId: true }) }),
  ],
  { message: "Select desktops, or everything matching the filter." },
);
export type FleetSelection = z.input<typeof fleetSelectionSchema>;

export const fleetActionPreviewSchema = z.object({
  action: z.enum(FLEET_ACTIONS, { message: "Choose an action from the list." }),
  selection: fleetSelectionSchema,
});

// Retry or remove failed creates: done at once (no AWS call in the request), not as a bulk job.
export const failedCreatesSchema = z.object({
  action: z.enum(FAILED_CREATE_ACTIONS, { message: "Choose retry or remove." }),
  selection: fleetSelectionSchema,
  expectedCount: z.number({ message: "Preview the action again before starting it." }).int("Preview the action again before starting it.").min(1, "There is nothing to act on: no desktop matched."),
});

export const fleetActionStartSchema = fleetActionPreviewSchema.extend({
  action: z.enum(DESKTOP_ACTIONS, { message: "Choose an action from the list." }),
  // The number of desktops the preview said the action would reach.
  expectedCount: z.number({ message: "Preview the action again before starting it." }).int("Preview the action again before starting it.").min(1, "There is nothing to act on: no desktop matched."),
  // Terminate: the admin types that number, or the word "terminate".
  confirm: z.string({ message: "Type the confirmation as text." }).trim().max(32, "The confirmation is too long: type the number or the word terminate.").optional().default(""),
});
export type FleetActionStartInput = z.input<typeof fleetActionStartSchema>;

export const jobItemsFilterSchema = z.object({
  status: z.enum(["", ...ITEM_STATUSES]).optional().default(""),
  page: listPageParam(10_000),
});
export type JobItemsFilter = z.output<typeof jobItemsFilterSchema>;

export const jobListSchema = z.object({
  page: listPageParam(10_000),
});
