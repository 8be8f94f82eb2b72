import { describe, expect, it } from "vitest";
import { breakEvenHours } from "./price";
import { LIST_PRICES } from "./price-list";

// The AWS Cost Optimizer for WorkSpaces' default thresholds (AWS-FACTS.md): derived from the list
// prices, so the seeded Windows rows must land on them (rounded up to whole hours).
const COST_OPTIMIZER_THRESHOLDS: Record<string, number> = {
  VALUE: 81,
  STANDARD: 85,
  PERFORMANCE: 80,
  POWER: 92,
  POWERPRO: 78,
  GRAPHICS_G4DN: 334,
  GRAPHICSPRO_G4DN: 80,
};

describe("default price list", () => {
  it.each(Object.entries(COST_OPTIMIZER_THRESHOLDS))("Windows %s breaks even within an hour of %i h", (computeType, threshold) => {
    const row = LIST_PRICES.find((p) => p.computeType === computeType && p.platform === "WINDOWS")!;
    expect(Math.abs(breakEvenHours(row) - threshold)).toBeLessThanOrEqual(1);
  });

  it("has one row per compute type and platform, with AutoStop cheaper per month than AlwaysOn", () => {
    const keys = LIST_PRICES.map((p) => `${p.computeType}/${p.platform}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const p of LIST_PRICES) {
      expect(p.autoStopMonthly).toBeLessThan(p.alwaysOnMonthly);
      expect(p.autoStopHourly).toBeGreaterThan(0);
    }
  });
});
