import { describe, expect, it } from "vitest";
import { breakEvenHours, type Price } from "../prices/price";
import { recentUsageRate, recommendMode, type RecommendationInput } from "./recommendation";
import { runningIntervals } from "../usage/billable-hours";

const t = (iso: string) => new Date(iso);
// Chosen so that the break-even is exactly 101 hours: (35 − 9.75) / 0.25.
const PRICE: Price = { currency: "USD", alwaysOnMonthly: 35, autoStopMonthly: 9.75, autoStopHourly: 0.25, includedStorageGiB: 0, storagePerGiBMonthly: 0 };
const now = t("2027-01-16T00:00:00Z");

const input = (extra: Partial<RecommendationInput>): RecommendationInput => ({
  currentMode: "ALWAYS_ON",
  price: PRICE,
  now,
  monthHours: 744,
  elapsedHours: 360,
  hoursSoFar: 50,
  projectedHours: 101,
  observedHours: 500,
  minObservedHours: 72,
  storageGiB: 0,
  pendingChange: false,
  modifiable: true,
  ...extra,
});

describe("billing-mode recommendation", () => {
  it("derives the break-even from the price row", () => {
    expect(breakEvenHours(PRICE)).toBe(101);
    expect(breakEvenHours({ alwaysOnMonthly: 35, autoStopMonthly: 9.75, autoStopHourly: 0 })).toBe(Number.POSITIVE_INFINITY);
  });

  it("changes nothing when the projected hours meet the break-even exactly", () => {
    for (const currentMode of ["ALWAYS_ON", "AUTO_STOP"] as const) {
      const r = recommendMode(input({ currentMode, projectedHours: 101 }));
      expect(r.action).toBe("KEEP");
      expect(r.cheaperProjected).toBeNull();
      expect(r.monthlySaving).toBe(0);
      expect(r.projectedCost!.alwaysOn).toBeCloseTo(r.projectedCost!.autoStop, 10);
    }
  });

  it("suggests AutoStop from the 1st of next month one hour below the break-even", () => {
    const r = recommendMode(input({ projectedHours: 100 }));
    expect(r.action).toBe("SWITCH_TO_AUTO_STOP");
    expect(r.effectiveAt!.toISOString()).toBe("2027-02-01T00:00:00.000Z");
    expect(r.monthlySaving).toBeCloseTo(0.25, 10);
    expect(r.blocker).toBeNull();
  });

  it("suggests AlwaysOn at once one hour above the break-even, only while AWS can modify the desktop", () => {
    const r = recommendMode(input({ currentMode: "AUTO_STOP", projectedHours: 102 }));
    expect(r.action).toBe("SWITCH_TO_ALWAYS_ON");
    expect(r.effectiveAt).toEqual(now);
    expect(r.monthlySaving).toBeCloseTo(0.25, 10);
    expect(recommendMode(input({ currentMode: "AUTO_STOP", projectedHours: 102, modifiable: false })).blocker).toBe("NOT_MODIFIABLE");
  });

  it("says which mode would have been cheaper so far, separately from the projection", () => {
    // Half a month so far: AlwaysOn 17.50, AutoStop 4.875 + 80 × 0.25 = 24.875.
    const r = recommendMode(input({ currentMode: "AUTO_STOP", hoursSoFar: 80, projectedHours: 90 }));
    expect(r.cheaperSoFar).toBe("ALWAYS_ON");
    expect(r.cheaperProjected).toBe("AUTO_STOP");
    expect(r.action).toBe("KEEP");
  });

  it("waits for enough observed usage, a scheduled change, and a price", () => {
    expect(recommendMode(input({ projectedHours: 10, observedHours: 20 })).blocker).toBe("INSUFFICIENT_DATA");
    expect(recommendMode(input({ projectedHours: 10, pendingChange: true })).blocker).toBe("PENDING_CHANGE");
    expect(recommendMode(input({ price: null })).blocker).toBe("NO_PRICE");
  });

  it("measures the recent usage rate over at most four weeks, from when usage is known", () => {
    // Eight hours a day (connected 9 to 16, one hour idle) for ten days.
    const sessions = Array.from({ length: 10 }, (_, d) => {
      const day = String(6 + d).padStart(2, "0");
      return { connectedAt: t(`2027-01-${day}T09:00:00Z`), disconnectedAt: t(`2027-01-${day}T16:00:00Z`), lastSeenAt: t(`2027-01-${day}T16:00:00Z`) };
    });
    const running = runningIntervals(sessions, 1, now);
    const rate = recentUsageRate(running, now, t("2027-01-06T00:00:00Z"));
    expect(rate.observedHours).toBe(240);
    expect(rate.hoursPerHour).toBeCloseTo(80 / 240, 10);
    expect(recentUsageRate(running, now, t("2026-06-01T00:00:00Z")).observedHours).toBe(28 * 24);
    expect(recentUsageRate(running, now, now).hoursPerHour).toBe(0);
  });
});
