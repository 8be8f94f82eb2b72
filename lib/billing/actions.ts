"use server";
import { revalidatePath } from "next/cache";
import { db } from "@/lib/db/client";
import { getActionUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/policy";
import { fail, forbidden, invalidInput, notFound, unexpected, type ActionResult } from "@/lib/action-result";
import { loadDesktopForPolicy } from "@/lib/desktops/queries";
import { runCostPolicy, type CostPolicyRun } from "./cost-policy";
import {
  cancelBillingChange,
  changeBillingMode,
  createBillingRequest,
  decideBillingRequest,
  saveBillingPolicy,
  savePrice,
  withdrawBillingRequest,
  type BillingFailure,
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

const SIGNED_OUT = "Your session has ended. Sign in again.";
const failed = (f: BillingFailure) => fail(f.code, f.reason);

function revalidateDesktop(desktopId: string) {
  revalidatePath(`/desktops/${desktopId}`);
  revalidatePath("/admin/billing", "layout");
}

/** Admin: change a desktop's billing mode (at once, or from the 1st of next month). */
export async function changeBillingModeAction(raw: unknown): Promise<ActionResult<{ kind: "IMMEDIATE" | "SCHEDULED"; effectiveAt: string }>> {
  const user = await getActionUser();
  if (!user) return fail("UNAUTHENTICATED", SIGNED_OUT);
  const parsed = changeBillingModeSchema.safeParse(raw);
  if (!parsed.success) return invalidInput(parsed.error);
  try {
    const desktop = await loadDesktopForPolicy(parsed.data.desktopId);
    if (!desktop || !can(user, "desktop.read", desktop)) return notFound("The desktop");
    if (!can(user, "desktop.billing.change", desktop)) return forbidden();
    const outcome = await db.$transaction((tx) => changeBillingMode(tx, user, parsed.data));
    if (!outcome.ok) return failed(outcome);
    revalidateDesktop(desktop.id);
    return { ok: true, kind: outcome.kind, effectiveAt: outcome.effectiveAt.toISOString() };
  } catch (error) {
    return unexpected(error);
  }
}

/** Admin: cancel a scheduled change before it takes effect. */
export async function cancelBillingChangeAction(raw: unknown): Promise<ActionResult> {
  const user = await getActionUser();
  if (!user) return fail("UNAUTHENTICATED", SIGNED_OUT);
  const parsed = cancelBillingChangeSchema.safeParse(raw);
  if (!parsed.success) return invalidInput(parsed.error);
  try {
    const change = await loadBillingChangeForPolicy(parsed.data.changeId);
    if (!change || !can(user, "desktop.read", change.desktop)) return notFound("The scheduled change");
    if (!can(user, "desktop.billing.change", change.desktop)) return forbidden();
    const cancelled = await db.$transaction((tx) => cancelBillingChange(tx, user, change.id));
    if (!cancelled) return fail("CONFLICT", "The change has already taken effect or was cancelled.");
    revalidateDesktop(change.desktopId);
    return { ok: true };
  } catch (error) {
    return unexpected(error);
  }
}

/** Owner: ask for a billing-mode change; an approver decides. */
export async function requestBillingModeAction(raw: unknown): Promise<ActionResult<{ requestId: string }>> {
  const user = await getActionUser();
  if (!user) return fail("UNAUTHENTICATED", SIGNED_OUT);
  const parsed = requestBillingModeSchema.safeParse(raw);
  if (!parsed.success) return invalidInput(parsed.error);
  try {
    const desktop = await loadDesktopForPolicy(parsed.data.desktopId);
    if (!desktop || !can(user, "desktop.read", desktop)) return notFound("The desktop");
    if (!can(user, "desktop.billing.request", desktop)) return forbidden();
    const outcome = await db.$transaction((tx) => createBillingRequest(tx, user, parsed.data));
    if (!outcome.ok) return failed(outcome);
    revalidateDesktop(desktop.id);
    return { ok: true, requestId: outcome.requestId };
  } catch (error) {
    return unexpected(error);
  }
}

/** Requester: withdraw an undecided request. */
export async function withdrawBillingRequestAction(raw: unknown): Promise<ActionResult> {
  const user = await getActionUser();
  if (!user) return fail("UNAUTHENTICATED", SIGNED_OUT);
  const parsed = withdrawBillingRequestSchema.safeParse(raw);
  if (!parsed.success) return invalidInput(parsed.error);
  try {
    const request = await loadBillingRequestForPolicy(parsed.data.requestId);
    if (!request || !can(user, "desktop.read", request.desktop)) return notFound("The request");
    if (request.requesterId !== user.id || !can(user, "desktop.billing.request", request.desktop)) return forbidden();
    const withdrawn = await db.$transaction((tx) => withdrawBillingRequest(tx, user, request.id));
    if (!withdrawn) return fail("CONFLICT", "The request was decided meanwhile and can no longer be withdrawn.");
    revalidateDesktop(request.desktopId);
    return { ok: true };
  } catch (error) {
    return unexpected(error);
  }
}

/** Approver or admin: approve or reject someone else's billing-mode request. */
export async function decideBillingRequestAction(raw: unknown): Promise<ActionResult<{ status: "APPROVED" | "REJECTED"; effectiveAt: string | null }>> {
  const user = await getActionUser();
  if (!user) return fail("UNAUTHENTICATED", SIGNED_OUT);
  const parsed = decideBillingRequestSchema.safeParse(raw);
  if (!parsed.success) return invalidInput(parsed.error);
  try {
    const request = await loadBillingRequestForPolicy(parsed.data.requestId);
    if (!request || !can(user, "desktop.read", request.desktop)) return notFound("The request");
    if (!can(user, "desktop.billing.decide", request.desktop)) return forbidden();
    const outcome = await db.$transaction((tx) => decideBillingRequest(tx, user, parsed.data));
    if (!outcome.ok) return failed(outcome);
    revalidateDesktop(request.desktopId);
    return { ok: true, status: outcome.status, effectiveAt: outcome.change?.ok ? outcome.change.effectiveAt.toISOString() : null };
  } catch (error) {
    return unexpected(error);
  }
}

/** Admin: create or edit a price row. */
export async function savePriceAction(raw: unknown): Promise<ActionResult<{ priceId: string }>> {
  const user = await getActionUser();
  if (!user) return fail("UNAUTHENTICATED", SIGNED_OUT);
  if (!can(user, "billing.manage")) return forbidden();
  const parsed = priceSchema.safeParse(raw);
  if (!parsed.success) return invalidInput(parsed.error);
  try {
    const outcome = await db.$transaction((tx) => savePrice(tx, user, parsed.data));
    if (!outcome.ok) return failed(outcome);
    revalidatePath("/admin/billing", "layout");
    return { ok: true, priceId: outcome.priceId };
  } catch (error) {
    return unexpected(error);
  }
}

/** Admin: apply this month's recommendation for one desktop, by the month rules. */
export async function applyRecommendationAction(raw: unknown): Promise<ActionResult<{ kind: "IMMEDIATE" | "SCHEDULED"; effectiveAt: string }>> {
  const user = await getActionUser();
  if (!user) return fail("UNAUTHENTICATED", SIGNED_OUT);
  if (!can(user, "billing.manage")) return forbidden();
  const parsed = applyRecommendationSchema.safeParse(raw);
  if (!parsed.success) return invalidInput(parsed.error);
  try {
    const desktop = await loadDesktopForPolicy(parsed.data.desktopId);
    if (!desktop || !can(user, "desktop.read", desktop)) return notFound("The desktop");
    if (!can(user, "desktop.billing.change", desktop)) return forbidden();
    const now = new Date();
    const fleet = await computeFleetCosts(db, billingMonthOf(now), now, [desktop.id]);
    const row = fleet.rows[0];
    const r = row?.recommendation;
    if (!row || !r || r.action === "KEEP") return fail("CONFLICT", "There is no switch to recommend for this desktop any more.");
    if (r.blocker) return fail("CONFLICT", r.reason);
    const toMode = r.action === "SWITCH_TO_ALWAYS_ON" ? "ALWAYS_ON" : "AUTO_STOP";
    const outcome = await db.$transaction((tx) =>
      changeBillingMode(
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
    if (!outcome.ok) return failed(outcome);
    revalidateDesktop(desktop.id);
    return { ok: true, kind: outcome.kind, effectiveAt: outcome.effectiveAt.toISOString() };
  } catch (error) {
    return unexpected(error);
  }
}

/** Admin: the cost policy's settings. */
export async function saveBillingPolicyAction(raw: unknown): Promise<ActionResult> {
  const user = await getActionUser();
  if (!user) return fail("UNAUTHENTICATED", SIGNED_OUT);
  if (!can(user, "billing.manage")) return forbidden();
  const parsed = billingPolicySchema.safeParse(raw);
  if (!parsed.success) return invalidInput(parsed.error);
  try {
    await db.$transaction((tx) => saveBillingPolicy(tx, user, parsed.data));
    revalidatePath("/admin/billing", "layout");
    return { ok: true };
  } catch (error) {
    return unexpected(error);
  }
}

/** Admin: run the cost policy now, or see what it would do (dry run). */
export async function runCostPolicyAction(raw: unknown): Promise<ActionResult<{ run: CostPolicyRun }>> {
  const user = await getActionUser();
  if (!user) return fail("UNAUTHENTICATED", SIGNED_OUT);
  if (!can(user, "billing.manage")) return forbidden();
  const parsed = runCostPolicySchema.safeParse(raw);
  if (!parsed.success) return invalidInput(parsed.error);
  try {
    const run = await runCostPolicy(db, { dryRun: parsed.data.dryRun, actor: user });
    if (!parsed.data.dryRun) revalidatePath("/admin/billing", "layout");
    return { ok: true, run };
  } catch (error) {
    return unexpected(error);
  }
}
