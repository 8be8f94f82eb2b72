"use server";
import { createHash } from "node:crypto";
import { revalidatePath } from "next/cache";
import { db } from "@/lib/db/client";
import { getConfig } from "@/lib/config";
import { defineAction } from "@/lib/auth/define-action";
import { fail, type ActionFailure } from "@/lib/action-result";
import { ACTION_PAST } from "./action-labels";
import { checkFileName, fileTooLarge, hasErrors, MAX_FILE_BYTES, readProvisioningCsv } from "./csv";
import { toPreview, type CheckedRow, type ProvisioningPreview } from "./provisioning-check";
import { bulkJobSchema, csvConfirmSchema, csvUploadSchema, failedCreatesSchema, fleetActionPreviewSchema, fleetActionStartSchema, MAX_ACTION_DESKTOPS } from "./schema";
import { removeFailedCreates, retryFailedCreates } from "@/lib/desktops/mutations";
import { forgetFleetLists } from "@/lib/desktops/queries";
import { createActionJob } from "./action-job";
import { cancelRemainingBulkItems, createProvisioningJob, retryBulkItems } from "./mutations";
import { checkProvisioningRows, loadBulkJobForPolicy, planFleetAction, planRetry, toPlanView, type ActionPlan, type ActionPlanView } from "./queries";
import type { FleetAction } from "@/lib/desktops/rules";
import { plural } from "@/lib/plural";

// Thousands of rows in one transaction: more than Prisma's default 5 s on a slow machine.
const BULK_TRANSACTION = { timeout: 60_000, maxWait: 30_000 };

async function previewUpload(file: File): Promise<{ ok: true; preview: ProvisioningPreview; valid: CheckedRow[] } | ActionFailure> {
  const invalidFile = (message: string) => fail("INVALID_INPUT", message, { file: message });
  const nameError = checkFileName(file.name);
  if (nameError) return invalidFile(nameError.message);
  if (file.size > MAX_FILE_BYTES) return invalidFile(fileTooLarge(file.size).message);
  const bytes = new Uint8Array(await file.arrayBuffer());
  const read = readProvisioningCsv(bytes);
  if (!read.ok) return invalidFile(read.message);
  const checked = await checkProvisioningRows(read.rows);
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  return {
    ok: true,
    preview: toPreview({ fileName: file.name, sha256, fileWarnings: read.fileWarnings, rows: checked }),
    valid: checked.filter((r) => !hasErrors(r)),
  };
}

/** Checks an uploaded CSV and lists every row with its problems. Changes nothing. */
export const previewProvisioningCsv = defineAction(csvUploadSchema, { allow: "bulk.provision" }, async (input) => {
  const result = await previewUpload(input.file);
  return result.ok ? { ok: true as const, preview: result.preview } : result;
});

/**
 * Creates the job for the file's valid rows. The file is checked again (the catalogue or the fleet
 * may have changed since the preview); if the outcome differs from what the admin saw, nothing is
 * created and the new preview is returned.
 */
export const confirmProvisioningCsv = defineAction(
  csvConfirmSchema,
  { allow: "bulk.provision" },
  async (input, { user }): Promise<{ ok: true; jobId: string; items: number } | (ActionFailure & { preview?: ProvisioningPreview })> => {
    const result = await previewUpload(input.file);
    if (!result.ok) return result;
    if (result.preview.sha256 !== input.sha256) {
      return { ...fail("CONFLICT", "The file changed since it was checked. Review the new check and confirm again."), preview: result.preview };
    }
    if (result.valid.length !== input.expectedRows) {
      return {
        ...fail("CONFLICT", `The check changed since the preview: ${plural(result.valid.length, "row")} can be created now, not ${input.expectedRows}. Review and confirm again.`),
        preview: result.preview,
      };
    }
    const config = getConfig();
    const job = await db.$transaction(
      (tx) => createProvisioningJob(tx, user, { fileName: input.file.name, rows: result.valid }, { region: config.awsRegion, volumeEncryptionKey: config.volumeEncryptionKey }),
      BULK_TRANSACTION,
    );
    revalidatePath("/admin/bulk");
    return { ok: true, ...job };
  },
);

const bulkJob = { id: (input: { jobId: string }) => input.jobId, load: loadBulkJobForPolicy, noun: "The bulk job", see: "bulk.job.read", action: "bulk.job.manage" } as const;

/** Sends the job's failed items again (new requests or operations); lists those that cannot be. */
export const retryFailedItems = defineAction(bulkJobSchema, { resource: bulkJob }, async (_input, { user, resource: job }) => {
  const plan = await planRetry(job);
  if (plan.retry.length === 0) {
    const why = plan.skipped.length ? ` ${plural(plan.skipped.length, "failed item")} cannot be sent again: ${plan.skipped[0].reason}` : "";
    return fail("CONFLICT", `No failed item can be retried.${why}`);
  }
  const config = getConfig();
  const { retried } = await db.$transaction(
    (tx) => retryBulkItems(tx, user, job, plan.retry, { region: config.awsRegion, volumeEncryptionKey: config.volumeEncryptionKey }),
    BULK_TRANSACTION,
  );
  revalidatePath(`/admin/bulk/${job.id}`);
  return { ok: true as const, retried, skipped: plan.skipped };
});

/** Cancels the items not yet sent to AWS. */
export const cancelRemainingItems = defineAction(bulkJobSchema, { resource: bulkJob }, async (_input, { user, resource: job }) => {
  const { cancelled } = await db.$transaction((tx) => cancelRemainingBulkItems(tx, user, job), BULK_TRANSACTION);
  if (cancelled === 0) return fail("CONFLICT", "Nothing is left to cancel: items already sent to AWS finish on their own.");
  revalidatePath(`/admin/bulk/${job.id}`);
  return { ok: true as const, cancelled };
});

const tooMany = () => fail("INVALID_INPUT", `More than ${MAX_ACTION_DESKTOPS.toLocaleString("en")} desktops are selected. Narrow the filter.`);

/** What a bulk action would do: how many desktops it reaches, which it skips and why. Changes nothing. */
export const previewFleetAction = defineAction(fleetActionPreviewSchema, { allow: "fleet.manage" }, async (input, { user }) => {
  const plan = await planFleetAction(user, input.action, input.selection);
  if (!plan) return tooMany();
  return { ok: true as const, plan: toPlanView(plan) };
});

/** The confirmation no longer matches the selection: nothing to do, or a different count than the admin saw. */
function staleConfirmation(plan: ActionPlan<FleetAction>, expectedCount: number): (ActionFailure & { plan: ActionPlanView }) | null {
  const view = toPlanView(plan);
  const n = plan.allowed.length;
  if (n === 0) return { ...fail("CONFLICT", `None of the selected desktops can be ${ACTION_PAST[plan.action]} now.`), plan: view };
  if (n !== expectedCount) {
    return { ...fail("CONFLICT", `The selection changed: ${plural(n, "desktop")} can be reached now, not ${expectedCount}. Review and confirm again.`), plan: view };
  }
  return null;
}

/** Queues the action on every allowed desktop of the selection, as one bulk job. */
export const startFleetAction = defineAction(fleetActionStartSchema, { allow: "fleet.manage" }, async ({ action, selection, expectedCount, confirm }, { user }) => {
  const plan = await planFleetAction(user, action, selection);
  if (!plan) return tooMany();
  const stale = staleConfirmation(plan, expectedCount);
  if (stale) return stale;
  // Deleting desktops and their data: the admin types the count (or the word) to confirm.
  if (action === "terminate" && confirm !== String(plan.allowed.length) && confirm.toLowerCase() !== "terminate") {
    return fail("INVALID_INPUT", "Type the number of desktops, or the word terminate, to confirm.", { confirm: "Does not match." });
  }
  const job = await db.$transaction((tx) => createActionJob(tx, user, plan, getConfig().awsRegion), BULK_TRANSACTION);
  forgetFleetLists();
  revalidatePath("/admin/fleet");
  revalidatePath("/admin/bulk");
  return { ok: true as const, jobId: job.jobId };
});

/**
 * Retries or removes the selected desktops whose create failed, at once: retry only queues CREATE
 * operations (the worker calls AWS), remove calls nothing. Returns what was done and what skipped.
 */
export const resolveFailedCreatesInFleet = defineAction(failedCreatesSchema, { allow: "fleet.manage" }, async ({ action, selection, expectedCount }, { user }) => {
  const plan = await planFleetAction(user, action, selection);
  if (!plan) return tooMany();
  const stale = staleConfirmation(plan, expectedCount);
  if (stale) return stale;
  const ids = plan.allowed.map((d) => d.id);
  const outcome = await db.$transaction(
    (tx) => (action === "retry" ? retryFailedCreates(tx, user, ids, getConfig().awsRegion) : removeFailedCreates(tx, user, ids)),
    BULK_TRANSACTION,
  );
  forgetFleetLists();
  revalidatePath("/admin/fleet");
  return { ok: true as const, done: outcome.done.length, skipped: outcome.skipped };
});
