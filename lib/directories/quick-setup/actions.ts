"use server";
import { revalidatePath } from "next/cache";
import { db } from "@/lib/db/client";
import { getConfig } from "@/lib/config";
import { defineAction } from "@/lib/auth/define-action";
import { fail } from "@/lib/action-result";
import { sealSecret } from "@/lib/directories/create/secret-box";
import { quickSetupAws } from "./aws";
import { queueQuickSetup, retryQuickSetup } from "./mutations";
import { readProgress, usersStillToCreate } from "./payload";
import { parsePayload } from "@/lib/operations/payloads";
import { checkQuickSetup } from "./plan";
import { quickSetupRetrySchema, quickSetupSchema } from "./schema";
import { ADMIN_PASSWORD } from "@/lib/directories/create/schema";
import { withInitialPasswords } from "./initial-passwords";

/** The plan of everything the set-up will create: form rules first (no AWS call), then reads. */
export const previewQuickSetup = defineAction(quickSetupSchema, { allow: "directory.create" }, async (input) => {
  const checked = await checkQuickSetup(quickSetupAws(), input);
  if (!checked.ok) return checked;
  return { ok: true as const, plan: checked.plan };
});

/**
 * Confirmed: the same checks again (the account may have changed since the preview), then ONE job
 * for the worker. The admin password is sealed into it (lib/directories/create/secret-box.ts) and
 * never comes back in any answer; the users' generated initial passwords are sealed too and come
 * back in this answer only, for the admin to hand over.
 */
export const startQuickSetup = defineAction(quickSetupSchema, { allow: "directory.create" }, async (input, { user }) => {
  const checked = await checkQuickSetup(quickSetupAws(), input);
  if (!checked.ok) return checked;
  const authSecret = getConfig().authSecret;
  const { users, passwords } = withInitialPasswords(checked.payload.users, authSecret);
  const op = await queueQuickSetup(db, {
    actor: user,
    region: getConfig().awsRegion,
    payload: { ...checked.payload, users, secret: sealSecret(input.password, authSecret) },
  });
  revalidatePath("/admin/directories");
  return { ok: true as const, setupId: op.id, passwords };
});

/** Retries the failed step where the job stopped. */
export const retryQuickSetupStep = defineAction(quickSetupRetrySchema, { allow: "directory.create" }, async (input, { user }) => {
  const op = await db.operation.findFirst({ where: { id: input.setupId, type: "QUICK_SETUP" } });
  if (!op) return fail("NOT_FOUND", "This quick set-up does not exist.");
  if (op.status !== "FAILED") return fail("CONFLICT", "Only a failed set-up can be retried; this one is still running or done.");
  const payload = parsePayload("QUICK_SETUP", op.payload);
  if (!payload) return fail("CONFLICT", "This set-up's plan cannot be read.");
  const progress = readProgress(op.result, payload);
  const usersPending = usersStillToCreate(progress);
  const needsPassword = !progress.directoryId || usersPending;
  if (needsPassword && !ADMIN_PASSWORD.test(input.password)) {
    return fail("INVALID_INPUT", "Please correct the highlighted fields.", {
      password: `${progress.directoryId ? "The users are" : "The directory is"} still to be created: enter the directory's administrator password again (8 to 64 characters, from three of: lowercase, uppercase, digits, other characters).`,
    });
  }
  const authSecret = getConfig().authSecret;
  // The first passwords left with the failed job: new ones, which the users step sets (also on a user an earlier try made).
  const initial = usersPending ? withInitialPasswords(payload.users, authSecret) : null;
  const queued = await retryQuickSetup(db, {
    actor: user,
    operationId: op.id,
    payload,
    progress,
    secret: needsPassword ? sealSecret(input.password, authSecret) : undefined,
    users: initial?.users,
  });
  if (!queued) return fail("CONFLICT", "This set-up changed meanwhile. Reload the page.");
  revalidatePath(`/admin/directories/quick-setup/${op.id}`);
  return { ok: true as const, passwords: initial?.passwords ?? [] };
});
