// Cost, projection and recommendation for each desktop of a month, and their sums by user, cost
// centre, department, bundle and billing mode. Pure: the queries load the rows, this computes.

import { costForPeriod, modeAt, projectMonthCost, type DesktopBillingFacts, type ModeChangeLike } from "./cost";
import { isModifiable } from "../mode-changes/rules";
import { hoursBetween, type BillingMonth } from "../month";
import { priceKey, type Price } from "../prices/price";
import { recentUsageRate, recommendMode, type Recommendation } from "./recommendation";
import { billableClockHours, connectedIntervals, intervalHours, clipIntervals, runningIntervals, type SessionLike } from "../usage/billable-hours";
import { autoStopHoursFromMinutes, autoStopMinutesFromHours } from "@/lib/desktops/auto-stop";
import type { RunningMode } from "@/lib/db/generated/enums";

export interface CostPolicy {
  exemptTagKey: string;
  costCentreTagKey: string;
  departmentTagKey: string;
  minObservedHours: number;
  assumedAutoStopHours: number;
}

export interface DesktopCostInput {
  id: string;
  workspaceId: string | null;
  userName: string;
  ownerId: string | null;
  ownerName: string | null;
  ownerEmail: string | null;
  bundleName: string;
  computeType: string;
  platform: "WINDOWS" | "LINUX";
  region: string;
  storageGiB: number;
  state: string;
  runningMode: RunningMode;
  autoStopTimeoutMinutes: number | null;
  createdAt: Date;
  terminatedAt: Date | null;
  /** APPLIED changes, creation included. */
  changes: ModeChangeLike[];
  pendingChange: { id: string; toMode: RunningMode; effectiveAt: Date } | null;
  tags: Record<string, string>;
  sessions: SessionLike[];
}

export interface DesktopCostRow {
  id: string;
  workspaceId: string | null;
  userName: string;
  ownerId: string | null;
  ownerName: string | null;
  ownerEmail: string | null;
  bundleName: string;
  computeType: string;
  platform: string;
  region: string;
  state: string;
  /** The mode in force now (or at the end of a past month). */
  mode: RunningMode;
  autoStopTimeoutHours: number | null;
  autoStopTimeoutMinutes: number | null;
  costCentre: string | null;
  department: string | null;
  /** Tagged exempt: the automatic policy leaves it alone. */
  exempt: boolean;
  /** Its tags (AWS's as last read, else those its request asked for): what the dashboard groups by. */
  tags: Record<string, string>;
  priced: boolean;
  currency: string | null;
  /** Accrued so far this month (the whole month for a past one). */
  toDate: number;
  /** Where the month is heading (the whole month for a past one). */
  projected: number;
  /** AutoStop hours billed so far this month (0 for an AlwaysOn month). */
  billedHoursToDate: number;
  connectedHoursToDate: number;
  recommendation: Recommendation;
}

/** The AutoStop timeout a recommended switch to AutoStop gets: the desktop's own, else the policy's assumed one. */
export function switchTimeoutMinutes(row: Pick<DesktopCostRow, "autoStopTimeoutMinutes">, policy: Pick<CostPolicy, "assumedAutoStopHours">): number {
  return row.autoStopTimeoutMinutes ?? autoStopMinutesFromHours(policy.assumedAutoStopHours);
}

const tagIsSet = (value: string | undefined) => value !== undefined && value.trim().toLowerCase() !== "false";

export function costDesktop(
  d: DesktopCostInput,
  ctx: { month: BillingMonth; now: Date; prices: Map<string, Price>; policy: CostPolicy; usageKnownFrom: Date | null },
): DesktopCostRow {
  const { month, now, policy } = ctx;
  const price = ctx.prices.get(priceKey(d.region, d.computeType, d.platform)) ?? null;
  const asOf = new Date(Math.min(now.getTime(), month.end.getTime()));
  const facts: DesktopBillingFacts = { createdAt: d.createdAt, terminatedAt: d.terminatedAt, currentMode: d.runningMode, changes: d.changes, storageGiB: d.storageGiB };
  // An AlwaysOn desktop never stops: it is priced as AutoStop with the timeout it had, or the policy's.
  const timeoutHours = d.autoStopTimeoutMinutes ? autoStopHoursFromMinutes(d.autoStopTimeoutMinutes) : policy.assumedAutoStopHours;
  const running = runningIntervals(d.sessions, timeoutHours, asOf);
  const activeFrom = new Date(Math.max(month.start.getTime(), d.createdAt.getTime()));
  const activeTo = new Date(Math.min(asOf.getTime(), d.terminatedAt?.getTime() ?? Number.POSITIVE_INFINITY));
  const usageFrom = new Date(Math.max(d.createdAt.getTime(), ctx.usageKnownFrom?.getTime() ?? now.getTime()));
  const rate = recentUsageRate(running, asOf, usageFrom);
  // The mode by the billing history (a decided switch counts before AWS has confirmed it).
  const mode = modeAt(facts, new Date(Math.max(activeFrom.getTime(), Math.min(asOf.getTime(), activeTo.getTime()) - 1)));

  let toDate = 0;
  let projected = 0;
  let billedHoursToDate = 0;
  if (price) {
    const accrued = costForPeriod({ month, until: asOf, facts, price, running });
    toDate = accrued.total;
    billedHoursToDate = accrued.billableHours;
    projected = projectMonthCost({ month, now: asOf, facts, price, running, hoursPerHour: rate.hoursPerHour }).total;
  }

  // Hours as if AutoStop all month: so far, and projected at the recent rate for the rest.
  const elapsedHours = hoursBetween(activeFrom, activeTo);
  const hoursSoFar = activeTo > activeFrom ? billableClockHours(running, activeFrom, activeTo) : 0;
  const projectedHours = Math.min(month.hours, hoursSoFar + rate.hoursPerHour * Math.max(0, month.hours - elapsedHours));
  const current = now.getTime() < month.end.getTime() && !d.terminatedAt;
  const recommendation = recommendMode({
    currentMode: mode,
    price,
    now,
    monthHours: month.hours,
    elapsedHours,
    hoursSoFar,
    projectedHours,
    observedHours: current ? rate.observedHours : 0,
    minObservedHours: current ? policy.minObservedHours : Number.POSITIVE_INFINITY,
    storageGiB: d.storageGiB,
    pendingChange: d.pendingChange !== null,
    modifiable: isModifiable(d),
  });

  const connected = clipIntervals(connectedIntervals(d.sessions, asOf), activeFrom, activeTo);
  return {
    id: d.id,
    workspaceId: d.workspaceId,
    userName: d.userName,
    ownerId: d.ownerId,
    ownerName: d.ownerName,
    ownerEmail: d.ownerEmail,
    bundleName: d.bundleName,
    computeType: d.computeType,
    platform: d.platform,
    region: d.region,
    state: d.state,
    mode,
    autoStopTimeoutHours: d.autoStopTimeoutMinutes ? autoStopHoursFromMinutes(d.autoStopTimeoutMinutes) : null,
    autoStopTimeoutMinutes: d.autoStopTimeoutMinutes,
    costCentre: d.tags[policy.costCentreTagKey]?.trim() || null,
    department: d.tags[policy.departmentTagKey]?.trim() || null,
    exempt: tagIsSet(d.tags[policy.exemptTagKey]),
    tags: d.tags,
    priced: price !== null,
    currency: price?.currency ?? null,
    toDate,
    projected,
    billedHoursToDate,
    connectedHoursToDate: intervalHours(connected),
    recommendation,
  };
}

export interface CostGroup {
  key: string;
  label: string;
  desktops: number;
  toDate: number;
  projected: number;
}

export type GroupBy = "user" | "costCentre" | "department" | "bundle" | "mode";

const groupLabel: Record<GroupBy, (r: DesktopCostRow) => { key: string; label: string }> = {
  user: (r) => (r.ownerId ? { key: r.ownerId, label: r.ownerName ?? r.ownerEmail ?? r.userName } : { key: "-", label: "No portal owner" }),
  costCentre: (r) => (r.costCentre ? { key: r.costCentre, label: r.costCentre } : { key: "-", label: "Untagged" }),
  department: (r) => (r.department ? { key: r.department, label: r.department } : { key: "-", label: "Untagged" }),
  bundle: (r) => ({ key: r.bundleName, label: r.bundleName }),
  mode: (r) => (r.mode === "ALWAYS_ON" ? { key: "ALWAYS_ON", label: "AlwaysOn" } : { key: "AUTO_STOP", label: "AutoStop" }),
};

/** Sums of priced desktops by one dimension, largest projected first. */
export function groupCosts(rows: DesktopCostRow[], by: GroupBy): CostGroup[] {
  return sumGroups(rows, groupLabel[by]);
}

/** Sums of priced desktops by the value of one tag (a directory's required tag); "Untagged" without it. */
export function groupCostsByTag(rows: DesktopCostRow[], tagKey: string): CostGroup[] {
  return sumGroups(rows, (r) => {
    const value = r.tags[tagKey]?.trim();
    return value ? { key: value, label: value } : { key: "-", label: "Untagged" };
  });
}

function sumGroups(rows: DesktopCostRow[], groupOf: (r: DesktopCostRow) => { key: string; label: string }): CostGroup[] {
  const groups = new Map<string, CostGroup>();
  for (const r of rows) {
    if (!r.priced) continue;
    const { key, label } = groupOf(r);
    const g = groups.get(key) ?? { key, label, desktops: 0, toDate: 0, projected: 0 };
    g.desktops++;
    g.toDate += r.toDate;
    g.projected += r.projected;
    groups.set(key, g);
  }
  return [...groups.values()].sort((a, b) => b.projected - a.projected || a.label.localeCompare(b.label));
}

/** Monthly saving of the switches that can be applied now (not blocked). */
export function recommendationSaving(rows: DesktopCostRow[]): { count: number; monthly: number } {
  const actionable = rows.filter((r) => r.recommendation.action !== "KEEP" && r.recommendation.blocker === null);
  return { count: actionable.length, monthly: actionable.reduce((sum, r) => sum + r.recommendation.monthlySaving, 0) };
}
