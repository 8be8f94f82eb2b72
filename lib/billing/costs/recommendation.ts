// Which billing mode a desktop should be in, from its projected hours this month against the
// break-even of its price. Money rule: AutoStop → AlwaysOn takes effect at once, AlwaysOn →
// AutoStop only from 00:00 UTC on the 1st of next month; exactly at break-even nothing changes
// (both cost the same, and a switch is never free).

import { firstOfNextMonth, HOUR_MS } from "../month";
import { breakEvenHours, fullMonthCosts, type Price } from "../prices/price";
import { billableClockHours, type Interval } from "../usage/billable-hours";
import type { RunningMode } from "@/lib/db/generated/enums";

/** How far back the usage rate looks (four weeks: every weekday pattern counted four times). */
export const TRAILING_WINDOW_MS = 28 * 24 * HOUR_MS;

/**
 * Share of hours (0..1) the desktop ran over the trailing window ending `now`, and how many hours
 * were observed. `observedFrom` is when usage is known from (desktop creation, sampler start).
 */
export function recentUsageRate(running: Interval[], now: Date, observedFrom: Date): { hoursPerHour: number; observedHours: number } {
  const from = new Date(Math.max(now.getTime() - TRAILING_WINDOW_MS, observedFrom.getTime()));
  const observedHours = Math.max(0, (now.getTime() - from.getTime()) / HOUR_MS);
  if (observedHours < 1) return { hoursPerHour: 0, observedHours };
  const hours = billableClockHours(running, from, now);
  // Clock hours touched can exceed the (fractional) window by one at its edges.
  return { hoursPerHour: Math.min(1, hours / Math.ceil(observedHours)), observedHours };
}

export type RecommendedAction = "SWITCH_TO_ALWAYS_ON" | "SWITCH_TO_AUTO_STOP" | "KEEP";
/** Why a suggested switch is not offered (or not applied automatically). */
export type Blocker = "NO_PRICE" | "INSUFFICIENT_DATA" | "PENDING_CHANGE" | "NOT_MODIFIABLE";

export interface Recommendation {
  currentMode: RunningMode;
  action: RecommendedAction;
  /** The mode that would have been cheaper this month so far (null: equal or unknown). */
  cheaperSoFar: RunningMode | null;
  /** The mode that will be cheaper for the whole month at the projected hours (null: equal). */
  cheaperProjected: RunningMode | null;
  projectedHours: number;
  hoursSoFar: number;
  breakEvenHours: number;
  /** Full-month cost of each mode at the projected hours. */
  projectedCost: { alwaysOn: number; autoStop: number } | null;
  /** Per month, at the projected hours, if the switch is made (0 for KEEP). */
  monthlySaving: number;
  /** When the switch would take effect. */
  effectiveAt: Date | null;
  blocker: Blocker | null;
  reason: string;
}

export interface RecommendationInput {
  currentMode: RunningMode;
  price: Price | null;
  now: Date;
  monthHours: number;
  /** Hours of this month elapsed (since the desktop existed), for the "so far" comparison. */
  elapsedHours: number;
  /** Billable AutoStop hours this month so far (for an AlwaysOn desktop: as if it were AutoStop). */
  hoursSoFar: number;
  /** Projected billable AutoStop hours for the whole month. */
  projectedHours: number;
  observedHours: number;
  minObservedHours: number;
  storageGiB: number;
  pendingChange: boolean;
  /** AWS can modify the desktop now (AVAILABLE or STOPPED): needed for an immediate switch. */
  modifiable: boolean;
}

const cheaper = (alwaysOn: number, autoStop: number): RunningMode | null =>
  Math.abs(alwaysOn - autoStop) < 0.005 ? null : alwaysOn < autoStop ? "ALWAYS_ON" : "AUTO_STOP";

export function recommendMode(input: RecommendationInput): Recommendation {
  const base = {
    currentMode: input.currentMode,
    hoursSoFar: input.hoursSoFar,
    projectedHours: input.projectedHours,
  };
  const price = input.price;
  if (!price) {
    return {
      ...base,
      action: "KEEP",
      cheaperSoFar: null,
      cheaperProjected: null,
      breakEvenHours: Number.NaN,
      projectedCost: null,
      monthlySaving: 0,
      effectiveAt: null,
      blocker: "NO_PRICE",
      reason: "No price is defined for this desktop's region, compute type and platform.",
    };
  }
  const breakEven = breakEvenHours(price);
  const projected = fullMonthCosts(price, input.projectedHours, input.monthHours, input.storageGiB);
  const share = input.monthHours > 0 ? input.elapsedHours / input.monthHours : 0;
  const soFarAlwaysOn = price.alwaysOnMonthly * share;
  const soFarAutoStop = price.autoStopMonthly * share + input.hoursSoFar * price.autoStopHourly;
  const cheaperProjected = cheaper(projected.alwaysOn, projected.autoStop);
  const common = {
    ...base,
    cheaperSoFar: input.elapsedHours > 0 ? cheaper(soFarAlwaysOn, soFarAutoStop) : null,
    cheaperProjected,
    breakEvenHours: breakEven,
    projectedCost: { alwaysOn: projected.alwaysOn, autoStop: projected.autoStop },
  };
  const keep = (reason: string, blocker: Blocker | null = null): Recommendation => ({
    ...common,
    action: "KEEP",
    monthlySaving: 0,
    effectiveAt: null,
    blocker,
    reason,
  });

  if (input.observedHours < input.minObservedHours) {
    return keep(
      `Not enough usage observed yet (${Math.floor(input.observedHours)} of ${input.minObservedHours} hours).`,
      "INSUFFICIENT_DATA",
    );
  }
  const hours = `${round1(input.projectedHours)} h projected, break-even ${round1(breakEven)} h`;
  if (cheaperProjected === null) return keep(`Both modes cost the same (${hours}).`);
  if (cheaperProjected === input.currentMode) {
    return keep(`${input.currentMode === "ALWAYS_ON" ? "AlwaysOn" : "AutoStop"} is already the cheaper mode (${hours}).`);
  }
  const toAlwaysOn = cheaperProjected === "ALWAYS_ON";
  const suggestion: Recommendation = {
    ...common,
    action: toAlwaysOn ? "SWITCH_TO_ALWAYS_ON" : "SWITCH_TO_AUTO_STOP",
    monthlySaving: Math.abs(projected.alwaysOn - projected.autoStop),
    effectiveAt: toAlwaysOn ? input.now : firstOfNextMonth(input.now),
    blocker: null,
    reason: toAlwaysOn
      ? `Switch to AlwaysOn now: ${hours}.`
      : `Switch to AutoStop from the 1st of next month: ${hours}.`,
  };
  if (input.pendingChange) return { ...suggestion, blocker: "PENDING_CHANGE", reason: "A billing-mode change is already scheduled." };
  if (toAlwaysOn && !input.modifiable) {
    return { ...suggestion, blocker: "NOT_MODIFIABLE", reason: "AWS changes the running mode only while the desktop is available or stopped." };
  }
  return suggestion;
}

function round1(n: number) {
  return Math.round(n * 10) / 10;
}
