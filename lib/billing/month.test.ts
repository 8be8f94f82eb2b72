import { describe, expect, it } from "vitest";
import { billingMonthOf, firstOfNextMonth, monthKey, parseMonthKey, previousMonth } from "./month";

describe("billing months (UTC)", () => {
  it("counts a 31-day month as 744 hours and a 28-day one as 672", () => {
    expect(billingMonthOf(new Date("2027-01-15T12:00:00Z")).hours).toBe(744);
    expect(billingMonthOf(new Date("2027-02-15T12:00:00Z")).hours).toBe(672);
    expect(billingMonthOf(new Date("2028-02-15T12:00:00Z")).hours).toBe(696); // leap year
    expect(billingMonthOf(new Date("2026-11-30T23:59:59.999Z")).hours).toBe(720);
  });

  it("starts the next month at 00:00 UTC on the 1st, also across a year end", () => {
    expect(firstOfNextMonth(new Date("2026-12-31T23:59:59Z")).toISOString()).toBe("2027-01-01T00:00:00.000Z");
    expect(firstOfNextMonth(new Date("2026-11-01T00:00:00Z")).toISOString()).toBe("2026-12-01T00:00:00.000Z");
  });

  it("parses and prints month keys and steps back a month", () => {
    const m = parseMonthKey("2027-03")!;
    expect(m.start.toISOString()).toBe("2027-03-01T00:00:00.000Z");
    expect(m.end.toISOString()).toBe("2027-04-01T00:00:00.000Z");
    expect(monthKey(m.start)).toBe("2027-03");
    expect(previousMonth(m).key).toBe("2027-02");
    expect(previousMonth(parseMonthKey("2027-01")!).key).toBe("2026-12");
    for (const bad of ["2027-13", "2027-1", "27-01", "", "2027-00"]) expect(parseMonthKey(bad)).toBeNull();
  });
});
