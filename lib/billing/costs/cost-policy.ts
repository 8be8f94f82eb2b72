// The optional cost policy: applies this month's recommendations by the month rules (AlwaysOn at
// once, AutoStop from the 1st), each desktop in its own short transaction. A dry run lists what it
// would do and changes nothing. Money guards: desktops tagged exempt are left alone, and so is a
// desktop whose mode already changed this month (flipping back and forth inside a month costs
// money); a decision is re-checked under the desktop's lock when it is made.

import type { PrismaClient } from "@/lib/db/generated/client";
import { changeBillingMode, type Actor } from "../mode-changes/mutations";
import { markAutoPolicyRun } from "./mutations";
import { billingMonthOf } from "../month";
import { switchTimeoutMinutes } from "./fleet-costs";
import { computeFleetCosts } from "./queries";
import type { RunningMode } from "@/lib/db/generated/enums";

export interface CostPolicyItem {
  desktopId: string;
  userName: string;
  ownerName: string | null;
  bundleName: string;
  fromMode: RunningMode;
  toMode: RunningMode;
  effectiveAt: string;
  monthlySaving: number;
  currency: string;
  reason: string;
  /** What happened (a dry run: what would happen). */
  outcome: "APPLIED" | "SCHEDULED" | "WOULD_APPLY" | "WOULD_SCHEDULE" | "SKIPPED" | "FAILED";
  detail?: string;
}

export interface CostPolicyRun {
  dryRun: boolean;
  at: string;
  items: CostPolicyItem[];
}

export async function runCostPolicy(db: PrismaClient, options: { now?: Date; dryRun: boolean; actor: Actor | null }): Promise<CostPolicyRun> {
  const now = options.now ?? new Date();
  const month = billingMonthOf(now);
  const fleet = await computeFleetCosts(db, month, now);
  // Changes other than the first one (creation has no fromMode) that took effect this month.
  const changed = new Set(
    (
      await db.billingModeChange.findMany({
        where: { status: "APPLIED", fromMode: { not: null }, effectiveAt: { gte: month.start, lte: now } },
        select: { desktopId: true },
      })
    ).map((c) => c.desktopId),
  );
  const items: CostPolicyItem[] = [];
  for (const row of fleet.rows) {
    const r = row.recommendation;
    if (r.action === "KEEP" || row.state.startsWith("TERMINAT")) continue;
    const toMode: RunningMode = r.action === "SWITCH_TO_ALWAYS_ON" ? "ALWAYS_ON" : "AUTO_STOP";
    const item: CostPolicyItem = {
      desktopId: row.id,
      userName: row.userName,
      ownerName: row.ownerName,
      bundleName: row.bundleName,
      fromMode: row.mode,
      toMode,
      effectiveAt: (r.effectiveAt ?? now).toISOString(),
      monthlySaving: r.monthlySaving,
      currency: row.currency ?? "USD",
      reason: r.reason,
      outcome: "SKIPPED",
    };
    if (row.exempt) item.detail = `Exempt by the ${fleet.policy.exemptTagKey} tag.`;
    else if (r.blocker) item.detail = r.reason;
    else if (changed.has(row.id)) item.detail = "Its billing mode already changed this month.";
    if (item.detail) {
      items.push(item);
      continue;
    }
    if (options.dryRun) {
      items.push({ ...item, outcome: toMode === "ALWAYS_ON" ? "WOULD_APPLY" : "WOULD_SCHEDULE" });
      continue;
    }
    const autoStopTimeoutMinutes = toMode === "AUTO_STOP" ? switchTimeoutMinutes(row, fleet.policy) : null;
    const outcome = await db.$transaction((tx) =>
      changeBillingMode(tx, options.actor, { desktopId: row.id, toMode, autoStopTimeoutMinutes, note: `Cost policy: ${r.reason}` }, now),
    );
    items.push(
      outcome.ok
        ? { ...item, outcome: outcome.kind === "IMMEDIATE" ? "APPLIED" : "SCHEDULED", effectiveAt: outcome.effectiveAt.toISOString() }
        : { ...item, outcome: "FAILED", detail: outcome.message },
    );
  }
  if (!options.dryRun) await db.$transaction((tx) => markAutoPolicyRun(tx, now));
  return { dryRun: options.dryRun, at: now.toISOString(), items };
}
