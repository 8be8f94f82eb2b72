"use server";
import { revalidatePath } from "next/cache";
import { db } from "@/lib/db/client";
import { getConfig } from "@/lib/config";
import { defineAction } from "@/lib/auth/define-action";
import { fail } from "@/lib/action-result";
import { parsePayload } from "@/lib/operations/payloads";
import { quickSetupAws } from "@/lib/directories/quick-setup/aws";
import { queueCleanUp, retryCleanUp } from "./mutations";
import { readCleanUpProgress } from "./payload";
import { readCleanUpPreview } from "./preview";
import { cleanUpPreviewSchema, cleanUpRetrySchema, cleanUpStartSchema } from "./schema";

async function preview(directoryId: string) {
  const read = await readCleanUpPreview(quickSetupAws(), directoryId);
  if (!read.ok) {
    if (read.kind === "missing") return fail("NOT_FOUND", `Directory ${directoryId} does not exist in AWS (any more).`);
    return fail("CONFLICT", `AWS could not be read: ${read.code}: ${read.message}`);
  }
  return read;
}

/** What the clean-up would remove (reads only). */
export const previewCleanUp = defineAction(cleanUpPreviewSchema, { allow: "directory.manage" }, async ({ directoryId }) => preview(directoryId));

/** Confirmed by typing the directory's name: one job for the worker, from a fresh preview. */
export const startCleanUp = defineAction(cleanUpStartSchema, { allow: "directory.manage" }, async ({ directoryId, confirmName }, { user }) => {
  const read = await preview(directoryId);
  if (!read.ok) return read;
  if (confirmName.toLowerCase() !== read.preview.name.toLowerCase()) {
    return fail("INVALID_INPUT", "Please correct the highlighted fields.", { confirmName: `Type ${read.preview.name} exactly to confirm.` });
  }
  const queued = await queueCleanUp(db, {
    actor: user,
    region: getConfig().awsRegion,
    payload: {
      directoryId,
      directoryName: read.preview.name,
      vpcId: read.preview.portalNetwork ? read.preview.vpcId : null,
      setupId: read.preview.setupId,
    },
  });
  if (!queued.ok) return fail("CONFLICT", queued.message);
  revalidatePath("/admin/directories");
  return { ok: true as const, operationId: queued.operationId };
});

export const retryCleanUpStep = defineAction(cleanUpRetrySchema, { allow: "directory.manage" }, async ({ operationId }, { user }) => {
  const op = await db.operation.findFirst({ where: { id: operationId, type: "CLEAN_UP" } });
  if (!op) return fail("NOT_FOUND", "This clean-up does not exist.");
  if (op.status !== "FAILED") return fail("CONFLICT", "Only a failed clean-up can be retried; this one is still running or done.");
  const payload = parsePayload("CLEAN_UP", op.payload);
  if (!payload) return fail("CONFLICT", "This clean-up's plan cannot be read.");
  const queued = await retryCleanUp(db, { actor: user, operationId, directoryId: payload.directoryId, progress: readCleanUpProgress(op.result, payload) });
  if (!queued) return fail("CONFLICT", "This clean-up changed meanwhile. Reload the page.");
  revalidatePath(`/admin/directories/clean-up/${operationId}`);
  return { ok: true as const };
});
