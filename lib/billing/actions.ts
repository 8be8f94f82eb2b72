"use server";
import { revalidatePath } from "next/cache";
import { db } from "@/lib/db/client";
import { defineAction } from "@/lib/auth/define-action";
import { fail } from "@/lib/action-result";
import { loadDesktopForPolicy } from "@/lib/desktops/queries";
import { runCostPolicy as runCostPolicyRows } from "./cost-policy";
import {
  cancelBillingChange as cancelBillingChangeRow,
  changeBillingMode as changeBillingModeRow,
  createBillingRequest,
  decideBillingRequest as decideBillingRequestRow,
  saveBillingPolicy as saveBillingPolicyRow,
  savePrice as savePriceRow,
  withdrawBillingRequest as withdrawBillingRequestRow,
} from "./mutations";
import { billingMonthOf } from "./month";
import { computeFleetCosts, loadBillingChangeForPolicy, loadBillingRequestForPolicy } from "./queries";
import {
  applyRecommendationSchema,
  billingPolicySchema,
  cancelBillingChangeSchema,
  changeBillingModeSchema,
  decideBillingRequestSchema,
  priceSchema,
  requestBillingModeSchema,
  runCostPolicySchema,
  withdrawBillingRequestSchema,
} from "./schema";

function revalidateDesktop(desktopId: string) {
  revalidatePath(`/desktops/${desktopId}`);
  revalidatePath("/admin/billing", "layout");
}

// The policy judges a scheduled change by its desktop.
const loadChangeDesktop = async (id: string) => {
  const change = await loadBillingChangeForPolicy(id);
  return change ? { ...change, ownerId: change.desktop.ownerId } : null;
};


/** Admin: change a desktop's billing mode (at once, or from the 1st of next month). */
export const changeBillingMode = defineAction(
  changeBillingModeSchema,
  { resource: { id: (input) => input.desktopId, load: loadDesktopForPolicy, noun: "The desktop", see: "desktop.read", action: "desktop.billing.change" } },
  async (input, { user, resource: desktop }) => {
    const outcome = await db.$transaction((tx) => changeBillingModeRow(tx, user, input));
    if (!outcome.ok) return outcome;
    revalidateDesktop(desktop.id);
    return { ok: true as const, kind: outcome.kind, effectiveAt: outcome.effectiveAt.toISOString() };
  },
);

/** Admin: cancel a scheduled change before it takes effect. */
export const cancelBillingChange = defineAction(
  cancelBillingChangeSchema,
  {
    resource: {
      id: (input) => input.changeId,
      load: loadChangeDesktop,
      noun: "The scheduled change",
      targetType: "billingChange",
      see: "desktop.read",
      action: "desktop.billing.change",
    },
  },
  async (_input, { user, resource: change }) => {
    const cancelled = await db.$transaction((tx) => cancelBillingChangeRow(tx, user, change.id));
    if (!cancelled.ok) return cancelled;
    revalidateDesktop(change.desktopId);
    return { ok: true as const };
  },
);

/** Owner: ask for a billing-mode change; an approver decides. */
export const requestBillingMode = defineAction(
  requestBillingModeSchema,
  { resource: { id: (input) => input.desktopId, load: loadDesktopForPolicy, noun: "The desktop", see: "desktop.read", action: "desktop.billing.request" } },
  async (input, { user, resource: desktop }) => {
    const outcome = await db.$transaction((tx) => createBillingRequest(tx, user, input));
    if (!outcome.ok) return outcome;
    revalidateDesktop(desktop.id);
    return { ok: true as const, requestId: outcome.requestId };
  },
);

/** Requester: withdraw an undecided request. */
export const withdrawBillingRequest = defineAction(
  withdrawBillingRequestSchema,
  {
    resource: {
      id: (input) => input.requestId,
      load: loadBillingRequestForPolicy,
      noun: "The request",
      see: "billing.request.read",
      action: "billing.request.withdraw",
      conflict: (request, user) => (request.requesterId === user.id ? "The request was decided meanwhile and can no longer be withdrawn." : null),
    },
  },
  async (_input, { user, resource: request }) => {
    const withdrawn = await db.$transaction((tx) => withdrawBillingRequestRow(tx, user, request.id));
    if (!withdrawn.ok) return withdrawn;
    revalidateDesktop(request.desktopId);
    return { ok: true as const };
  },
);

/** Approver or admin: approve or reject someone else's billing-mode request. */
export const decideBillingRequest = defineAction(
  decideBillingRequestSchema,
  { resource: { id: (input) => input.requestId, load: loadBillingRequestForPolicy, noun: "The request", see: "billing.request.read", action: "billing.request.decide" } },
  async (input, { user, resource: request }) => {
    const outcome = await db.$transaction((tx) => decideBillingRequestRow(tx, user, input));
    if (!outcome.ok) return outcome;
    revalidateDesktop(request.desktopId);
    return { ok: true as const, status: outcome.status, effectiveAt: outcome.change?.ok ? outcome.change.effectiveAt.toISOString() : null };
  },
);

/** Admin: create or edit a price row. */
export const savePrice = defineAction(priceSchema, { allow: "billing.manage" }, async (input, { user }) => {
  const outcome = await db.$transaction((tx) => savePriceRow(tx, user, input));
  if (!outcome.ok) return outcome;
  revalidatePath("/admin/billing", "layout");
  return { ok: true as const, priceId: outcome.priceId };
});

/** Admin: apply this month's recommendation for one desktop, by the month rules. */
export const applyRecommendation = defineAction(
  applyRecommendationSchema,
  {
    allow: "billing.manage",
    resource: { id: (input) => input.desktopId, load: loadDesktopForPolicy, noun: "The desktop", see: "desktop.read", action: "desktop.billing.change" },
  },
  async (_input, { user, resource: desktop }) => {
    const now = new Date();
    const fleet = await computeFleetCosts(db, billingMonthOf(now), now, [desktop.id]);
    const row = fleet.rows[0];
    const r = row?.recommendation;
    if (!row || !r || r.action === "KEEP") return fail("CONFLICT", "There is no switch to recommend for this desktop any more.");
    if (r.blocker) return fail("CONFLICT", r.reason);
    const toMode = r.action === "SWITCH_TO_ALWAYS_ON" ? "ALWAYS_ON" : "AUTO_STOP";
    const outcome = await db.$transaction((tx) =>
      changeBillingModeRow(
        tx,
        user,
        {
          desktopId: desktop.id,
          toMode,
          autoStopTimeoutHours: toMode === "AUTO_STOP" ? (row.autoStopTimeoutHours ?? fleet.policy.assumedAutoStopHours) : null,
          note: `Recommendation: ${r.reason}`,
        },
        now,
      ),
    );
    if (!outcome.ok) return outcome;
    revalidateDesktop(desktop.id);
    return { ok: true as const, kind: outcome.kind, effectiveAt: outcome.effectiveAt.toISOString() };
  },
);

/** Admin: the cost policy's settings. */
export const saveBillingPolicy = defineAction(billingPolicySchema, { allow: "billing.manage" }, async (input, { user }) => {
  await db.$transaction((tx) => saveBillingPolicyRow(tx, user, input));
  revalidatePath("/admin/billing", "layout");
  return { ok: true as const };
});

/** Admin: run the cost policy now, or see what it would do (dry run). */
export const runCostPolicy = defineAction(runCostPolicySchema, { allow: "billing.manage" }, async (input, { user }) => {
  const run = await runCostPolicyRows(db, { dryRun: input.dryRun, actor: user });
  if (!input.dryRun) revalidatePath("/admin/billing", "layout");
  return { ok: true as const, run };
});
