// The request form's cost preview: what each billing mode would cost per month for the hours a
// week the employee expects. Pure and client-safe; prices come from the page (BillingPrice rows).

import { WEEKS_PER_MONTH } from "../month";
import { breakEvenHours, fullMonthCosts, type Price } from "./price";

/** Hours in an average month (365 × 24 / 12), the month an estimate is for. */
export const AVERAGE_MONTH_HOURS = (365 * 24) / 12;

export interface ModeEstimate {
  /** Billable AutoStop hours per month: use plus idle time before the desktop stops. */
  autoStopHours: number;
  alwaysOn: number;
  autoStop: number;
  /** null when both cost the same. */
  cheaper: "ALWAYS_ON" | "AUTO_STOP" | null;
  saving: number;
  breakEvenHours: number;
  /** Break-even expressed in hours of use per week at this timeout. */
  breakEvenHoursPerWeek: number;
}

/**
 * Days a week someone working `hoursPerWeek` connects (one session a day, five days at most):
 * each session leaves the desktop running for the AutoStop timeout after the disconnect.
 */
export function sessionsPerWeek(hoursPerWeek: number): number {
  if (!(hoursPerWeek > 0)) return 0;
  return Math.min(5, Math.ceil(hoursPerWeek));
}

/** AutoStop billable hours per month for a weekly pattern (never more than the month has). */
export function monthlyAutoStopHours(hoursPerWeek: number, timeoutHours: number): number {
  const use = Math.min(168, Math.max(0, hoursPerWeek));
  const running = Math.min(168, use + sessionsPerWeek(use) * Math.max(0, timeoutHours));
  return Math.min(AVERAGE_MONTH_HOURS, running * WEEKS_PER_MONTH);
}

export function estimateModes(price: Price, input: { hoursPerWeek: number; timeoutHours: number; storageGiB?: number }): ModeEstimate {
  const autoStopHours = monthlyAutoStopHours(input.hoursPerWeek, input.timeoutHours);
  const costs = fullMonthCosts(price, autoStopHours, AVERAGE_MONTH_HOURS, input.storageGiB ?? 0);
  const diff = costs.alwaysOn - costs.autoStop;
  const breakEven = breakEvenHours(price);
  // Weekly use whose monthly running hours (use + 5 idle timeouts) reach the break-even.
  const breakEvenHoursPerWeek = Math.max(0, breakEven / WEEKS_PER_MONTH - 5 * Math.max(0, input.timeoutHours));
  return {
    autoStopHours,
    alwaysOn: costs.alwaysOn,
    autoStop: costs.autoStop,
    cheaper: Math.abs(diff) < 0.005 ? null : diff < 0 ? "ALWAYS_ON" : "AUTO_STOP",
    saving: Math.abs(diff),
    breakEvenHours: breakEven,
    breakEvenHoursPerWeek,
  };
}
