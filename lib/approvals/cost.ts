// The monthly cost estimate an approval rule compares against: the request form's own estimate
// (lib/billing/prices), for the mode asked for. Pure.

import { estimateModes } from "@/lib/billing/prices/estimate";
import { roundMoney, type Price } from "@/lib/billing/prices/price";
import type { RunningMode } from "@/lib/db/generated/enums";

/** An AutoStop request that gave no hours a week is estimated for a full working week. */
export const ASSUMED_HOURS_PER_WEEK = 40;

export function monthlyCostEstimate(
  price: Price | undefined,
  request: { runningMode: RunningMode; hoursPerWeek: number | null; autoStopTimeoutMinutes: number | null; storageGiB: number },
): number | null {
  if (!price) return null;
  const estimate = estimateModes(price, {
    hoursPerWeek: request.hoursPerWeek ?? ASSUMED_HOURS_PER_WEEK,
    timeoutHours: (request.autoStopTimeoutMinutes ?? 60) / 60,
    storageGiB: request.storageGiB,
  });
  return roundMoney(request.runningMode === "ALWAYS_ON" ? estimate.alwaysOn : estimate.autoStop);
}
