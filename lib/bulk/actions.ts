"use server";
import { createHash } from "node:crypto";
import { revalidatePath } from "next/cache";
import { db } from "@/lib/db/client";
import { getConfig } from "@/lib/config";
import { getActionUser, UNAUTHENTICATED_MESSAGE } from "@/lib/auth/session";
import { can } from "@/lib/auth/policy";
import { fail, forbidden, invalidInput, notFound, unexpected, type ActionFailure, type ActionResult } from "@/lib/action-result";
import { ACTION_PAST } from "./action-labels";
import { checkFileName, fileTooLarge, hasErrors, MAX_FILE_BYTES, readProvisioningCsv } from "./csv";
import { toPreview, type CheckedRow, type ProvisioningPreview } from "./provisioning-check";
import { bulkJobSchema, csvConfirmSchema, csvUploadSchema, failedCreatesSchema, fleetActionPreviewSchema, fleetActionStartSchema, MAX_ACTION_DESKTOPS } from "./schema";
import { removeFailedCreates, retryFailedCreates, type FailedCreateOutcome } from "@/lib/desktops/mutations";
import { cancelRemainingBulkItems, createActionJob, createProvisioningJob, retryBulkItems } from "./mutations";
import { canSeeJob, checkProvisioningRows, loadBulkJobForPolicy, planFleetAction, planRetry, toPlanView, type ActionPlan, type ActionPlanView, type RetryPlan } from "./queries";
import type { FleetAction } from "@/lib/desktops/rules";

// Thousands of rows in one transaction: more than Prisma's default 5 s on a slow machine.
const BULK_TRANSACTION = { timeout: 60_000, maxWait: 30_000 };

const signedOut = () => fail("UNAUTHENTICATED", UNAUTHENTICATED_MESSAGE);

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
export async function previewProvisioningCsv(formData: FormData): Promise<ActionResult<{ preview: ProvisioningPreview }>> {
  const user = await getActionUser();
  if (!user) return signedOut();
  if (!can(user, "bulk.provision")) return forbidden();
  const parsed = csvUploadSchema.safeParse({ file: formData.get("file") });
  if (!parsed.success) return invalidInput(parsed.error);
  try {
    const result = await previewUpload(parsed.data.file);
    return result.ok ? { ok: true, preview: result.preview } : result;
  } catch (error) {
    return unexpected(error);
  }
}

/**
 * Creates the job for the file's valid rows. The file is checked again (the catalogue or the fleet
 * may have changed since the preview); if the outcome differs from what the admin saw, nothing is
 * created and the new preview is returned.
 */
export async function confirmProvisioningCsv(
  formData: FormData,
): Promise<ActionResult<{ jobId: string; items: number }> | (ActionFailure & { preview?: ProvisioningPreview })> {
  const user = await getActionUser();
  if (!user) return signedOut();
  if (!can(user, "bulk.provision")) return forbidden();
  const parsed = csvConfirmSchema.safeParse({ file: formData.get("file"), sha256: formData.get("sha256"), expectedRows: formData.get("expectedRows") });
  if (!parsed.success) return invalidInput(parsed.error);
  try {
    const result = await previewUpload(parsed.data.file);
    if (!result.ok) return result;
    if (result.preview.sha256 !== parsed.data.sha256) {
      return { ...fail("CONFLICT", "The file changed since it was checked. Review the new check and confirm again."), preview: result.preview };
    }
    if (result.valid.length !== parsed.data.expectedRows) {
      return {
        ...fail("CONFLICT", `The check changed since the preview: ${result.valid.length} row(s) can be created now, not ${parsed.data.expectedRows}. Review and confirm again.`),
        preview: result.preview,
      };
    }
    const config = getConfig();
    const job = await db.$transaction(
      (tx) => createProvisioningJob(tx, user, { fileName: parsed.data.file.name, rows: result.valid }, { region: config.awsRegion, volumeEncryptionKey: config.volumeEncryptionKey }),
      BULK_TRANSACTION,
    );
    revalidatePath("/admin/bulk");
    return { ok: true, ...job };
  } catch (error) {
    return unexpected(error);
  }
}

async function loadVisibleJob(userId: { id: string; role: "EMPLOYEE" | "APPROVER" | "ADMIN" }, jobId: string) {
  const job = await loadBulkJobForPolicy(jobId);
  return job && canSeeJob(userId, job) ? job : null;
}

/** Sends the job's failed items again (new requests or operations); lists those that cannot be. */
export async function retryFailedItems(raw: unknown): Promise<ActionResult<{ retried: number; skipped: RetryPlan["skipped"] }>> {
  const user = await getActionUser();
  if (!user) return signedOut();
  if (!can(user, "bulk.provision") && !can(user, "fleet.manage")) return forbidden();
  const parsed = bulkJobSchema.safeParse(raw);
  if (!parsed.success) return invalidInput(parsed.error);
  try {
    const job = await loadVisibleJob(user, parsed.data.jobId);
    if (!job) return notFound("The bulk job");
    const plan = await planRetry(job);
    if (plan.retry.length === 0) {
      const why = plan.skipped.length ? ` ${plan.skipped.length} failed item(s) cannot be sent again: ${plan.skipped[0].reason}` : "";
      return fail("CONFLICT", `No failed item can be retried.${why}`);
    }
    const config = getConfig();
    const { retried } = await db.$transaction(
      (tx) => retryBulkItems(tx, user, job, plan.retry, { region: config.awsRegion, volumeEncryptionKey: config.volumeEncryptionKey }),
      BULK_TRANSACTION,
    );
    revalidatePath(`/admin/bulk/${job.id}`);
    return { ok: true, retried, skipped: plan.skipped };
  } catch (error) {
    return unexpected(error);
  }
}

/** Cancels the items not yet sent to AWS. */
export async function cancelRemainingItems(raw: unknown): Promise<ActionResult<{ cancelled: number }>> {
  const user = await getActionUser();
  if (!user) return signedOut();
  if (!can(user, "bulk.provision") && !can(user, "fleet.manage")) return forbidden();
  const parsed = bulkJobSchema.safeParse(raw);
  if (!parsed.success) return invalidInput(parsed.error);
  try {
    const job = await loadVisibleJob(user, parsed.data.jobId);
    if (!job) return notFound("The bulk job");
    const { cancelled } = await db.$transaction((tx) => cancelRemainingBulkItems(tx, user, job), BULK_TRANSACTION);
    if (cancelled === 0) return fail("CONFLICT", "Nothing is left to cancel: items already sent to AWS finish on their own.");
    revalidatePath(`/admin/bulk/${job.id}`);
    return { ok: true, cancelled };
  } catch (error) {
    return unexpected(error);
  }
}

const tooMany = () => fail("INVALID_INPUT", `More than ${MAX_ACTION_DESKTOPS.toLocaleString("en")} desktops are selected. Narrow the filter.`);

/** What a bulk action would do: how many desktops it reaches, which it skips and why. Changes nothing. */
export async function previewFleetAction(raw: unknown): Promise<ActionResult<{ plan: ActionPlanView }>> {
  const user = await getActionUser();
  if (!user) return signedOut();
  if (!can(user, "fleet.manage")) return forbidden();
  const parsed = fleetActionPreviewSchema.safeParse(raw);
  if (!parsed.success) return invalidInput(parsed.error);
  try {
    const plan = await planFleetAction(user, parsed.data.action, parsed.data.selection);
    if (!plan) return tooMany();
    return { ok: true, plan: toPlanView(plan) };
  } catch (error) {
    return unexpected(error);
  }
}

/** The confirmation no longer matches the selection: nothing to do, or a different count than the admin saw. */
function staleConfirmation(plan: ActionPlan<FleetAction>, expectedCount: number): (ActionFailure & { plan: ActionPlanView }) | null {
  const view = toPlanView(plan);
  const n = plan.allowed.length;
  if (n === 0) return { ...fail("CONFLICT", `None of the selected desktops can be ${ACTION_PAST[plan.action]} now.`), plan: view };
  if (n !== expectedCount) {
    return { ...fail("CONFLICT", `The selection changed: ${n} ${n === 1 ? "desktop" : "desktops"} can be reached now, not ${expectedCount}. Review and confirm again.`), plan: view };
  }
  return null;
}

/** Queues the action on every allowed desktop of the selection, as one bulk job. */
export async function startFleetAction(raw: unknown): Promise<ActionResult<{ jobId: string }> | (ActionFailure & { plan?: ActionPlanView })> {
  const user = await getActionUser();
  if (!user) return signedOut();
  if (!can(user, "fleet.manage")) return forbidden();
  const parsed = fleetActionStartSchema.safeParse(raw);
  if (!parsed.success) return invalidInput(parsed.error);
  const { action, selection, expectedCount, confirm } = parsed.data;
  try {
    const plan = await planFleetAction(user, action, selection);
    if (!plan) return tooMany();
    const stale = staleConfirmation(plan, expectedCount);
    if (stale) return stale;
    // Deleting desktops and their data: the admin types the count (or the word) to confirm.
    if (action === "terminate" && confirm !== String(plan.allowed.length) && confirm.toLowerCase() !== "terminate") {
      return fail("INVALID_INPUT", "Type the number of desktops, or the word terminate, to confirm.", { confirm: "Does not match." });
    }
    const job = await db.$transaction((tx) => createActionJob(tx, user, plan, getConfig().awsRegion), BULK_TRANSACTION);
    revalidatePath("/admin/fleet");
    revalidatePath("/admin/bulk");
    return { ok: true, jobId: job.jobId };
  } catch (error) {
    return unexpected(error);
  }
}

/**
 * Retries or removes the selected desktops whose create failed, at once: retry only queues CREATE
 * operations (the worker calls AWS), remove calls nothing. Returns what was done and what skipped.
 */
export async function resolveFailedCreatesInFleet(
  raw: unknown,
): Promise<ActionResult<{ done: number; skipped: FailedCreateOutcome["skipped"] }> | (ActionFailure & { plan?: ActionPlanView })> {
  const user = await getActionUser();
  if (!user) return signedOut();
  if (!can(user, "fleet.manage")) return forbidden();
  const parsed = failedCreatesSchema.safeParse(raw);
  if (!parsed.success) return invalidInput(parsed.error);
  const { action, selection, expectedCount } = parsed.data;
  try {
    const plan = await planFleetAction(user, action, selection);
    if (!plan) return tooMany();
    const stale = staleConfirmation(plan, expectedCount);
    if (stale) return stale;
    const ids = plan.allowed.map((d) => d.id);
    const outcome = await db.$transaction(
      (tx) => (action === "retry" ? retryFailedCreates(tx, user, ids, getConfig().awsRegion) : removeFailedCreates(tx, user, ids)),
      BULK_TRANSACTION,
    );
    revalidatePath("/admin/fleet");
    return { ok: true, done: outcome.done.length, skipped: outcome.skipped };
  } catch (error) {
    return unexpected(error);
  }
}
