"use server";
import { revalidatePath } from "next/cache";
import { db } from "@/lib/db/client";
import { defineAction } from "@/lib/auth/define-action";
import { fail } from "@/lib/action-result";
import { loadApprovalRules, policyRequestFor } from "./queries";
import { describeRoute, evaluateApprovalPolicy } from "./rules";
import { approvalRuleSchema, deleteApprovalRuleSchema, moveApprovalRuleSchema, previewApprovalSchema } from "./schema";
import { deleteApprovalRule as deleteRule, moveApprovalRule as moveRule, saveApprovalRule as saveRule } from "./mutations";

const PAGE = "/admin/approval-policies";

export const saveApprovalRule = defineAction(approvalRuleSchema, { allow: "approval.policy.manage" }, async (input, { user }) => {
  const result = await db.$transaction((tx) => saveRule(tx, user, input));
  if (result.ok) revalidatePath(PAGE);
  return result;
});

export const deleteApprovalRule = defineAction(deleteApprovalRuleSchema, { allow: "approval.policy.manage" }, async (input, { user }) => {
  const result = await db.$transaction((tx) => deleteRule(tx, user, input.ruleId));
  if (result.ok) revalidatePath(PAGE);
  return result;
});

export const moveApprovalRule = defineAction(moveApprovalRuleSchema, { allow: "approval.policy.manage" }, async (input, { user }) => {
  const result = await db.$transaction((tx) => moveRule(tx, user, input));
  if (result.ok) revalidatePath(PAGE);
  return result;
});

/** "This request would be approved automatically by rule 2": the rules as saved, for a chosen person and desktop. */
export const previewApproval = defineAction(previewApprovalSchema, { allow: "approval.policy.manage" }, async (input) => {
  const [person, bundle, directory] = await Promise.all([
    db.user.findUnique({ where: { id: input.userId }, select: { id: true } }),
    db.bundle.findUnique({ where: { id: input.bundleId }, select: { id: true } }),
    db.directory.findUnique({ where: { id: input.directoryId }, select: { id: true } }),
  ]);
  const missing = {
    ...(person ? {} : { userId: "Choose a person from the list." }),
    ...(bundle ? {} : { bundleId: "Choose a bundle from the list." }),
    ...(directory ? {} : { directoryId: "Choose a directory from the list." }),
  };
  if (Object.keys(missing).length > 0) return fail("INVALID_INPUT", "Please correct the highlighted fields.", missing);
  const route = evaluateApprovalPolicy(
    await loadApprovalRules(),
    await policyRequestFor(db, { requesterId: input.userId, directoryId: input.directoryId, bundleId: input.bundleId, runningMode: input.runningMode, hoursPerWeek: null, autoStopTimeoutMinutes: 60 }),
  );
  return { ok: true as const, verdict: describeRoute(route) };
});
