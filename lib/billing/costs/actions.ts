"use server";
import { revalidatePath } from "next/cache";
import { db } from "@/lib/db/client";
import { defineAction } from "@/lib/auth/define-action";
import { fail } from "@/lib/action-result";
import { loadDesktopForPolicy } from "@/lib/desktops/queries";
import { changeBillingMode as changeBillingModeRow } from "../mode-changes/mutations";
import { billingMonthOf } from "../month";
import { revalidateDesktop } from "../revalidate";
import { runCostPolicy as runCostPolicyRows } from "./cost-policy";
import { switchTimeoutMinutes } from "./fleet-costs";
import { saveBillingPolicy as saveBillingPolicyRow } from "./mutations";
import { computeFleetCosts } from "./queries";
import { applyRecommendationSchema, billingPolicySchema, runCostPolicySchema } from "./schema";

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
          autoStopTimeoutMinutes: toMode === "AUTO_STOP" ? switchTimeoutMinutes(row, fleet.policy) : null,
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
