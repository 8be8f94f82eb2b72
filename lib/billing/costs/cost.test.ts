import { describe, expect, it } from "vitest";
import { costForPeriod, modeSegments, projectMonthCost, type DesktopBillingFacts } from "./cost";
import { billingMonthOf, HOUR_MS } from "../month";
import type { Price } from "../prices/price";
import { runningIntervals, type Interval, type SessionLike } from "../usage/billable-hours";

const t = (iso: string) => new Date(iso);
// Standard with Windows, us-east-1 list prices (lib/billing/prices/price-list.ts).
const STANDARD: Price = { currency: "USD", alwaysOnMonthly: 35, autoStopMonthly: 9.75, autoStopHourly: 0.3, includedStorageGiB: 130, storagePerGiBMonthly: 0.1 };
const JAN = billingMonthOf(t("2027-01-10T00:00:00Z")); // 31 days, 744 h
const FEB = billingMonthOf(t("2027-02-10T00:00:00Z")); // 28 days, 672 h
const closed = (from: string, to: string): SessionLike => ({ connectedAt: t(from), disconnectedAt: t(to), lastSeenAt: t(to) });

function facts(extra: Partial<DesktopBillingFacts> & Pick<DesktopBillingFacts, "changes">): DesktopBillingFacts {
  return { createdAt: t("2026-10-01T00:00:00Z"), terminatedAt: null, currentMode: extra.changes.at(-1)!.toMode, storageGiB: 130, ...extra };
}
const alwaysOn = facts({ changes: [{ toMode: "ALWAYS_ON", effectiveAt: t("2026-10-01T00:00:00Z") }] });
const autoStop = facts({ changes: [{ toMode: "AUTO_STOP", effectiveAt: t("2026-10-01T00:00:00Z") }] });
const wholeMonth = (month: typeof JAN, f: DesktopBillingFacts, running: Interval[] = []) =>
  costForPeriod({ month, until: month.end, facts: f, price: STANDARD, running });

describe("monthly cost of a desktop", () => {
  it("charges an AlwaysOn desktop the monthly fee in a 31-day and in a 28-day month alike", () => {
    expect(wholeMonth(JAN, alwaysOn).total).toBeCloseTo(35, 10);
    expect(wholeMonth(FEB, alwaysOn).total).toBeCloseTo(35, 10);
  });

  it("caps AutoStop hours at the hours of the month (744 in January, 672 in February)", () => {
    const running = runningIntervals([closed("2026-12-01T00:00:00Z", "2027-03-05T00:00:00Z")], 1, t("2027-04-01T00:00:00Z"));
    const jan = wholeMonth(JAN, autoStop, running);
    const feb = wholeMonth(FEB, autoStop, running);
    expect(jan.billableHours).toBe(744);
    expect(feb.billableHours).toBe(672);
    expect(jan.total).toBeCloseTo(9.75 + 744 * 0.3, 10);
    expect(feb.total).toBeCloseTo(9.75 + 672 * 0.3, 10);
  });

  it("prorates both fees for a desktop created in the middle of the month", () => {
    const createdAt = t("2027-01-16T00:00:00Z"); // 16 of 31 days left: 384 of 744 hours
    const ao = facts({ createdAt, changes: [{ toMode: "ALWAYS_ON", effectiveAt: createdAt }] });
    const as = facts({ createdAt, changes: [{ toMode: "AUTO_STOP", effectiveAt: createdAt }] });
    expect(wholeMonth(JAN, ao).total).toBeCloseTo((35 * 384) / 744, 10);
    const running = runningIntervals([closed("2027-01-20T09:00:00Z", "2027-01-20T17:00:00Z")], 1, JAN.end);
    const cost = wholeMonth(JAN, as, running);
    expect(cost.autoStopFee).toBeCloseTo((9.75 * 384) / 744, 10);
    expect(cost.billableHours).toBe(9); // 8 h connected + 1 h idle timeout
    expect(cost.activeHours).toBe(384);
  });

  it("counts the AutoStop idle time after each disconnect in the hours billed", () => {
    const sessions = [closed("2027-01-05T09:00:00Z", "2027-01-05T12:00:00Z"), closed("2027-01-06T09:00:00Z", "2027-01-06T12:00:00Z")];
    const oneHour = wholeMonth(JAN, autoStop, runningIntervals(sessions, 1, JAN.end));
    const threeHours = wholeMonth(JAN, autoStop, runningIntervals(sessions, 3, JAN.end));
    expect(oneHour.billableHours).toBe(8);
    expect(threeHours.billableHours).toBe(12);
    expect(threeHours.total - oneHour.total).toBeCloseTo(4 * 0.3, 10);
  });

  it("switching AutoStop → AlwaysOn in the last hour of the month adds one hour's share of the AlwaysOn fee", () => {
    const f = facts({
      changes: [
        { toMode: "AUTO_STOP", effectiveAt: t("2026-10-01T00:00:00Z") },
        { toMode: "ALWAYS_ON", effectiveAt: t("2027-01-31T23:00:00Z") },
      ],
    });
    // Connected 22:30 to 23:30: hour 22 is AutoStop (billed hourly), hour 23 is AlwaysOn.
    const running = runningIntervals([closed("2027-01-31T22:30:00Z", "2027-01-31T23:30:00Z")], 1, JAN.end);
    const cost = wholeMonth(JAN, f, running);
    expect(cost.billableHours).toBe(1);
    expect(cost.autoStopFee).toBeCloseTo(9.75, 10); // not refunded by the switch
    expect(cost.alwaysOnFee).toBeCloseTo(35 / 744, 10);
    expect(cost.total).toBeCloseTo(9.75 + 0.3 + 35 / 744, 10);
    expect(cost.modeAtEnd).toBe("ALWAYS_ON");
    // February is a plain AlwaysOn month.
    expect(wholeMonth(FEB, f, running).total).toBeCloseTo(35, 10);
  });

  it("switching AutoStop → AlwaysOn at 00:00 on the 1st makes the whole month AlwaysOn, with no AutoStop fee", () => {
    const f = facts({
      changes: [
        { toMode: "AUTO_STOP", effectiveAt: t("2026-10-01T00:00:00Z") },
        { toMode: "ALWAYS_ON", effectiveAt: t("2027-01-01T00:00:00Z") },
      ],
    });
    const running = runningIntervals([closed("2026-12-31T20:00:00Z", "2027-01-01T02:00:00Z")], 1, JAN.end);
    const jan = wholeMonth(JAN, f, running);
    expect(jan).toMatchObject({ autoStopFee: 0, hourly: 0, billableHours: 0 });
    expect(jan.total).toBeCloseTo(35, 10);
    const dec = costForPeriod({ month: billingMonthOf(t("2026-12-05T00:00:00Z")), until: JAN.start, facts: f, price: STANDARD, running });
    expect(dec.billableHours).toBe(4); // 20:00 to 24:00 on 31 December
    expect(dec.total).toBeCloseTo(9.75 + 4 * 0.3, 10);
  });

  it("switching in the first hour of the month keeps that hour AutoStop and prorates AlwaysOn for the rest", () => {
    const f = facts({
      changes: [
        { toMode: "AUTO_STOP", effectiveAt: t("2026-10-01T00:00:00Z") },
        { toMode: "ALWAYS_ON", effectiveAt: t("2027-01-01T00:30:00Z") },
      ],
    });
    const running = runningIntervals([closed("2027-01-01T00:00:00Z", "2027-01-01T00:20:00Z")], 1, JAN.end);
    const cost = wholeMonth(JAN, f, running);
    expect(cost.billableHours).toBe(1);
    expect(cost.alwaysOnFee).toBeCloseTo((35 * 743.5) / 744, 10);
    expect(cost.autoStopFee).toBeCloseTo(9.75, 10);
  });

  it("an AlwaysOn → AutoStop change effective on the 1st leaves the old month AlwaysOn", () => {
    const f = facts({
      changes: [
        { toMode: "ALWAYS_ON", effectiveAt: t("2026-10-01T00:00:00Z") },
        { toMode: "AUTO_STOP", effectiveAt: t("2027-02-01T00:00:00Z") },
      ],
    });
    const running = runningIntervals([closed("2027-01-31T22:00:00Z", "2027-02-01T02:00:00Z")], 1, FEB.end);
    expect(wholeMonth(JAN, f, running).total).toBeCloseTo(35, 10);
    const feb = wholeMonth(FEB, f, running);
    expect(feb.billableHours).toBe(3); // 00:00 to 03:00 (two connected hours, one idle)
    expect(feb.total).toBeCloseTo(9.75 + 3 * 0.3, 10);
    expect(modeSegments(f, JAN.start, FEB.end).map((s) => s.mode)).toEqual(["ALWAYS_ON", "AUTO_STOP"]);
  });

  it("stops charging at termination and charges storage above what the price includes", () => {
    const f = facts({ terminatedAt: t("2027-01-11T00:00:00Z"), storageGiB: 230, changes: [{ toMode: "ALWAYS_ON", effectiveAt: t("2026-10-01T00:00:00Z") }] });
    const cost = wholeMonth(JAN, f);
    expect(cost.activeHours).toBe(240);
    expect(cost.storage).toBeCloseTo((100 * 0.1 * 240) / 744, 10);
    expect(cost.total).toBeCloseTo(((35 + 10) * 240) / 744, 10);
  });

  it("accrues fees evenly to date and projects the rest of the month from the recent rate", () => {
    const now = t("2027-01-11T00:00:00Z"); // 240 of 744 hours
    const running = runningIntervals([closed("2027-01-05T09:00:00Z", "2027-01-05T14:00:00Z")], 1, now);
    const toDate = costForPeriod({ month: JAN, until: now, facts: autoStop, price: STANDARD, running });
    expect(toDate.autoStopFee).toBeCloseTo((9.75 * 240) / 744, 10);
    expect(toDate.billableHours).toBe(6);
    const projected = projectMonthCost({ month: JAN, now, facts: autoStop, price: STANDARD, running, hoursPerHour: 0.25 });
    expect(projected.billableHours).toBeCloseTo(6 + 0.25 * 504, 10);
    expect(projected.total).toBeCloseTo(9.75 + (6 + 126) * 0.3, 10);
    // A rate of one would run every remaining hour: still capped at the month's hours.
    expect(projectMonthCost({ month: JAN, now, facts: autoStop, price: STANDARD, running, hoursPerHour: 5 }).billableHours).toBeLessThanOrEqual(744);
  });

  it("costs nothing in a month the desktop did not exist in", () => {
    const f = facts({ createdAt: t("2027-02-03T00:00:00Z"), changes: [{ toMode: "ALWAYS_ON", effectiveAt: t("2027-02-03T00:00:00Z") }] });
    expect(wholeMonth(JAN, f).total).toBe(0);
    expect(HOUR_MS).toBe(3_600_000);
  });
});
