import { describe, expect, it } from "vitest";
import { AVERAGE_MONTH_HOURS, estimateModes, monthlyAutoStopHours } from "./estimate";
import { WEEKS_PER_MONTH } from "../month";
import type { Price } from "./price";

const STANDARD: Price = { currency: "USD", alwaysOnMonthly: 35, autoStopMonthly: 9.75, autoStopHourly: 0.3, includedStorageGiB: 130, storagePerGiBMonthly: 0.1 };

describe("request form estimate", () => {
  it("adds the idle timeout after each day's session to the hours used", () => {
    expect(monthlyAutoStopHours(10, 1)).toBeCloseTo(15 * WEEKS_PER_MONTH, 10); // 5 sessions × 1 h idle
    expect(monthlyAutoStopHours(2, 2)).toBeCloseTo(6 * WEEKS_PER_MONTH, 10); // 2 sessions × 2 h idle
    expect(monthlyAutoStopHours(0, 4)).toBe(0);
  });

  it("never estimates more hours than a month has", () => {
    expect(monthlyAutoStopHours(168, 48)).toBeCloseTo(AVERAGE_MONTH_HOURS, 10);
  });

  it("finds AutoStop cheaper for light use and AlwaysOn for full-time use", () => {
    const light = estimateModes(STANDARD, { hoursPerWeek: 5, timeoutHours: 1 });
    expect(light.cheaper).toBe("AUTO_STOP");
    expect(light.autoStop).toBeCloseTo(9.75 + 10 * WEEKS_PER_MONTH * 0.3, 10);
    expect(light.saving).toBeCloseTo(35 - light.autoStop, 10);
    const heavy = estimateModes(STANDARD, { hoursPerWeek: 40, timeoutHours: 1 });
    expect(heavy.cheaper).toBe("ALWAYS_ON");
    expect(heavy.alwaysOn).toBe(35);
  });

  it("adds storage above what the price includes to both modes", () => {
    const e = estimateModes(STANDARD, { hoursPerWeek: 5, timeoutHours: 1, storageGiB: 230 });
    expect(e.alwaysOn).toBeCloseTo(45, 10);
  });
});
