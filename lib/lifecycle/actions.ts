"use server";
// The lifecycle's actions: admins' clean-up policies (dry run before enabling), leavers and the
// grace period; the owner's "keep my desktop". Nothing here calls AWS: stops and terminations are
// operations the worker's lifecycle pass queues.
import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/auth/define-action";
import { fail } from "@/lib/action-result";
import { db } from "@/lib/db/client";
import { loadDesktopForPolicy } from "@/lib/desktops/queries";
import { z } from "zod";
import { desktopKeepSchema, lifecyclePolicySchema, lifecycleSettingsSchema, markLeavingSchema, policyIdSchema, restoreAccessSchema } from "./schema";
import * as mutations from "./mutations";
import { planPolicy, type PlannedStep } from "./policy-pass";
import { runLifecycleOnce } from "./scheduler";

const PAGE = "/admin/lifecycle";

/** Admin: create or change a clean-up policy (saved disabled: it needs a dry run). */
export const saveLifecyclePolicy = defineAction(lifecyclePolicySchema, { allow: "lifecycle.manage" }, async (input, { user }) => {
  const done = await db.$transaction((tx) => mutations.saveLifecyclePolicy(tx, user, input));
  if (done.ok) revalidatePath(PAGE);
  return done;
});

export const deleteLifecyclePolicy = defineAction(policyIdSchema, { allow: "lifecycle.manage" }, async (input, { user }) => {
  const done = await db.$transaction((tx) => mutations.deleteLifecyclePolicy(tx, user, input.policyId));
  if (done.ok) revalidatePath(PAGE);
  return done;
});

/** Admin: what the policy would do now, desktop by desktop; changes nothing but allows enabling. */
export const dryRunLifecyclePolicy = defineAction(policyIdSchema, { allow: "lifecycle.manage" }, async (input, { user }) => {
  const policy = await db.lifecyclePolicy.findUnique({ where: { id: input.policyId } });
  if (!policy) return fail("NOT_FOUND", "The policy no longer exists.");
  const now = new Date();
  const steps: PlannedStep[] = await planPolicy(db, policy, now);
  const counts = Object.fromEntries(["WARN", "STOP", "TERMINATE"].map((s) => [s, steps.filter((p) => p.step === s).length]));
  const done = await db.$transaction((tx) => mutations.recordDryRun(tx, user, policy.id, { desktops: steps.length, ...counts }, now));
  if (!done.ok) return done;
  revalidatePath(PAGE);
  return { ok: true as const, steps };
});

export const setLifecyclePolicyEnabled = defineAction(
  policyIdSchema.extend({ enabled: z.union([z.boolean(), z.enum(["true", "false"]).transform((v) => v === "true")]) }),
  { allow: "lifecycle.manage" },
  async (input, { user }) => {
    const done = await db.$transaction((tx) => mutations.setLifecyclePolicyEnabled(tx, user, input.policyId, input.enabled));
    if (done.ok) revalidatePath(PAGE);
    return done;
  },
);

/** Admin: run the enabled policies and the leavers now rather than at the worker's next pass. */
export const runLifecycleNow = defineAction(z.object({}), { allow: "lifecycle.manage" }, async () => {
  const result = await runLifecycleOnce(db);
  revalidatePath(PAGE);
  return { ok: true as const, policies: result.policies, leavers: result.leavers };
});

/** The owner: "keep my desktop" after a clean-up warning (audited; the inactivity clock starts again). */
export const keepDesktop = defineAction(
  desktopKeepSchema,
  { resource: { id: (input) => input.desktopId, load: loadDesktopForPolicy, noun: "The desktop", see: "desktop.read", action: "desktop.keep" } },
  async (input, { user }) => {
    const done = await db.$transaction((tx) => mutations.keepDesktop(tx, user, input.desktopId, new Date()));
    if (done.ok) {
      revalidatePath(`/desktops/${input.desktopId}`);
      revalidatePath(PAGE);
    }
    return done;
  },
);

/** Admin: someone leaves on a date; their desktops are stopped then, and terminated after the grace period. */
export const markLeaving = defineAction(markLeavingSchema, { allow: "lifecycle.manage" }, async (input, { user }) => {
  if (input.userId === user.id) return fail("FORBIDDEN", "You cannot mark yourself as leaving; another admin can.");
  const done = await db.$transaction((tx) => mutations.markLeaving(tx, user, { userId: input.userId, leaveAt: new Date(`${input.leaveOn}T00:00:00Z`) }));
  if (done.ok) {
    revalidatePath(PAGE);
    revalidatePath(`/admin/users/${input.userId}`);
  }
  return done;
});

/** Admin: restore a leaver's access before termination, which cancels it. */
export const restoreLeaverAccess = defineAction(restoreAccessSchema, { allow: "lifecycle.manage" }, async (input, { user }) => {
  const done = await db.$transaction((tx) => mutations.restoreAccess(tx, user, input.leaverId, new Date()));
  if (done.ok) revalidatePath(PAGE);
  return done;
});

export const saveLifecycleSettings = defineAction(lifecycleSettingsSchema, { allow: "lifecycle.manage" }, async (input, { user }) => {
  const done = await db.$transaction((tx) => mutations.saveLifecycleSettings(tx, user, input));
  if (done.ok) revalidatePath(PAGE);
  return done;
});
