// Writes for the cost policy: its settings, and when it last ran. Trusts its input; the caller
// checked billing.manage.

import { recordAudit } from "@/lib/audit/mutations";
import type { Actor, Tx } from "../mode-changes/mutations";

export interface BillingPolicyValues {
  autoApply: boolean;
  exemptTagKey: string;
  costCentreTagKey: string;
  departmentTagKey: string;
  minObservedHours: number;
  /** In minutes, a multiple of 60. */
  assumedAutoStopMinutes: number;
}

export async function saveBillingPolicy(tx: Tx, actor: Actor, values: BillingPolicyValues) {
  const before = await tx.billingPolicy.findUnique({ where: { id: "default" } });
  const row = { ...values, updatedById: actor.id };
  await tx.billingPolicy.upsert({ where: { id: "default" }, create: { id: "default", ...row }, update: row });
  await recordAudit(tx, {
    actor,
    action: "billing.policy.update",
    targetType: "billing-policy",
    targetId: "default",
    outcome: "SUCCESS",
    message: values.autoApply ? "Automatic billing-mode policy on" : "Automatic billing-mode policy off",
    details: { before: before ? { autoApply: before.autoApply, exemptTagKey: before.exemptTagKey, minObservedHours: before.minObservedHours } : null, after: { ...values } },
  });
}

export async function markAutoPolicyRun(tx: Tx, at: Date) {
  await tx.billingPolicy.upsert({ where: { id: "default" }, create: { id: "default", lastAutoRunAt: at }, update: { lastAutoRunAt: at } });
}
