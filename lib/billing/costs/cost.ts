// What a desktop costs in one billing month, by the AWS rules (AWS-FACTS.md, "Running mode"):
// - AlwaysOn: the monthly fee, prorated by the share of the month the desktop was AlwaysOn
//   (created mid-month, terminated, or switched to AlwaysOn mid-month).
// - AutoStop: a small monthly fee plus the hourly rate for each billable hour while AutoStop.
//   The AutoStop fee runs from when the desktop became AutoStop to the end of the month (or its
//   termination): switching to AlwaysOn mid-month adds the prorated AlwaysOn fee "on top of the
//   hours already billed", it does not refund the AutoStop fee.
// - Storage above what the price includes is charged per GiB-month, prorated, in either mode.
// Money guards: fixed fees accrue evenly over the month, so a month-to-date figure is the share
// of the fees for the time elapsed; a full month is `until = month.end`.

import type { BillingMonth } from "../month";
import { hoursBetween } from "../month";
import { extraStorageMonthly, type Price } from "../prices/price";
import { billableClockHours, type Interval } from "../usage/billable-hours";
import type { RunningMode } from "@/lib/db/generated/enums";


export interface ModeChangeLike {
  toMode: RunningMode;
  effectiveAt: Date;
}

export interface DesktopBillingFacts {
  createdAt: Date;
  terminatedAt: Date | null;
  /** The desktop's mode now, used when no applied change says otherwise. */
  currentMode: RunningMode;
  /** APPLIED BillingModeChange rows (creation included), any order. */
  changes: ModeChangeLike[];
  /** Root + user volume GiB. */
  storageGiB: number;
}

export interface ModeSegment {
  mode: RunningMode;
  from: Date;
  to: Date;
}

/** The mode in force at `at`: the latest change effective at or before it, else the first one. */
export function modeAt(facts: DesktopBillingFacts, at: Date): RunningMode {
  const sorted = [...facts.changes].sort((a, b) => a.effectiveAt.getTime() - b.effectiveAt.getTime());
  let mode: RunningMode | undefined;
  for (const c of sorted) {
    if (c.effectiveAt.getTime() <= at.getTime()) mode = c.toMode;
  }
  return mode ?? sorted[0]?.toMode ?? facts.currentMode;
}

/** The modes in force over [from, to), split at each change. */
export function modeSegments(facts: DesktopBillingFacts, from: Date, to: Date): ModeSegment[] {
  if (to.getTime() <= from.getTime()) return [];
  const breaks = facts.changes
    .map((c) => c.effectiveAt.getTime())
    .filter((t) => t > from.getTime() && t < to.getTime())
    .sort((a, b) => a - b);
  const points = [from.getTime(), ...new Set(breaks), to.getTime()];
  const segments: ModeSegment[] = [];
  for (let i = 0; i < points.length - 1; i++) {
    const segFrom = new Date(points[i]);
    const mode = modeAt(facts, segFrom);
    const last = segments[segments.length - 1];
    if (last && last.mode === mode) last.to = new Date(points[i + 1]);
    else segments.push({ mode, from: segFrom, to: new Date(points[i + 1]) });
  }
  return segments;
}

export interface CostBreakdown {
  alwaysOnFee: number;
  autoStopFee: number;
  hourly: number;
  storage: number;
  total: number;
  /** AutoStop hours billed (clock hours the desktop ran while AutoStop). */
  billableHours: number;
  /** Hours of the period the desktop existed (after creation, before termination). */
  activeHours: number;
  /** The mode at the end of the period. */
  modeAtEnd: RunningMode | null;
}

const ZERO: CostBreakdown = { alwaysOnFee: 0, autoStopFee: 0, hourly: 0, storage: 0, total: 0, billableHours: 0, activeHours: 0, modeAtEnd: null };

/** The window of `month` the desktop existed in, up to `until`. Null when it did not exist then. */
export function activeWindow(facts: Pick<DesktopBillingFacts, "createdAt" | "terminatedAt">, month: BillingMonth, until: Date) {
  const from = new Date(Math.max(month.start.getTime(), facts.createdAt.getTime()));
  const to = new Date(Math.min(month.end.getTime(), until.getTime(), facts.terminatedAt?.getTime() ?? Number.POSITIVE_INFINITY));
  return to.getTime() > from.getTime() ? { from, to } : null;
}

/**
 * Cost of one desktop in `month`, accrued up to `until` (month.end for the whole month).
 * `running` are the intervals in which the desktop ran (connections plus idle timeout).
 */
export function costForPeriod(input: {
  month: BillingMonth;
  until: Date;
  facts: DesktopBillingFacts;
  price: Price;
  running: Interval[];
}): CostBreakdown {
  const { month, facts, price } = input;
  const window = activeWindow(facts, month, input.until);
  if (!window) return ZERO;
  const segments = modeSegments(facts, window.from, window.to);
  const share = (from: Date, to: Date) => hoursBetween(from, to) / month.hours;

  let alwaysOnFee = 0;
  let billableHours = 0;
  for (const s of segments) {
    if (s.mode === "ALWAYS_ON") alwaysOnFee += price.alwaysOnMonthly * share(s.from, s.to);
    else billableHours += billableClockHours(input.running, s.from, s.to);
  }
  const firstAutoStop = segments.find((s) => s.mode === "AUTO_STOP");
  const autoStopFee = firstAutoStop ? price.autoStopMonthly * share(firstAutoStop.from, window.to) : 0;
  const hourly = billableHours * price.autoStopHourly;
  const storage = extraStorageMonthly(price, facts.storageGiB) * share(window.from, window.to);
  return {
    alwaysOnFee,
    autoStopFee,
    hourly,
    storage,
    total: alwaysOnFee + autoStopFee + hourly + storage,
    billableHours,
    activeHours: hoursBetween(window.from, window.to),
    modeAtEnd: segments[segments.length - 1]?.mode ?? null,
  };
}

/**
 * The whole month's cost as it is heading: fees for the full month, the AutoStop hours billed so
 * far plus, for the AutoStop time still to come, `hoursPerHour` (the share of hours the desktop
 * has been running lately, 0 to 1). Changes still pending take effect next month, not in this one.
 */
export function projectMonthCost(input: {
  month: BillingMonth;
  now: Date;
  facts: DesktopBillingFacts;
  price: Price;
  running: Interval[];
  hoursPerHour: number;
}): CostBreakdown {
  const { month, now, facts, price } = input;
  if (now.getTime() >= month.end.getTime()) return costForPeriod({ month, until: month.end, facts, price, running: input.running });
  const full = costForPeriod({ month, until: month.end, facts, price, running: input.running });
  const window = activeWindow(facts, month, month.end);
  if (!window) return full;
  const rest = modeSegments(facts, new Date(Math.max(now.getTime(), window.from.getTime())), window.to);
  const remainingAutoStopHours = rest.filter((s) => s.mode === "AUTO_STOP").reduce((sum, s) => sum + hoursBetween(s.from, s.to), 0);
  const rate = Math.min(1, Math.max(0, input.hoursPerHour));
  const extraHours = rate * remainingAutoStopHours;
  const billableHours = Math.min(full.billableHours + extraHours, month.hours);
  const hourly = billableHours * price.autoStopHourly;
  return { ...full, billableHours, hourly, total: full.alwaysOnFee + full.autoStopFee + hourly + full.storage };
}
