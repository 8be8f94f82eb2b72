// Integration tests on a real, migrated test database: the demo data's costs, recommendations,
// and the cost policy applying them by the month rules.
import { describe, expect, it } from "vitest";
import { billingPeople as people, useBillingTestDb } from "@/test-support/billing-fixture";
import { demoDesktopsCreatedInAws } from "@/test-support/billing-seed";
import { billingMonthOf, previousMonth } from "../month";
import { DEMO_BILLING_DESKTOPS, seedBillingDemo } from "../seed";
import { runCostPolicy } from "./cost-policy";
import { computeFleetCosts } from "./queries";

const fx = useBillingTestDb();
const dave = people.dave;

describe("recommendations and the cost policy on the demo data", () => {
  // Mid-February 2027: last month is January (31 days).
  const now = new Date("2027-02-16T12:00:00Z");

  it("shows last month's costs as the demo's usage implies them", async () => {
    const ids = DEMO_BILLING_DESKTOPS.map((d) => d.id);
    await seedBillingDemo(fx.db, now);
    // The desktops go to AWS through the outbox like any approved request, tags included.
    const creates = await fx.db.operation.findMany({ where: { type: "CREATE", desktopId: { in: ids } } });
    expect(creates).toHaveLength(6);
    expect(creates.find((o) => o.desktopId === "demo-billing-ivan")!.payload).toEqual({ tags: { CostCenter: "CC-3003", Department: "Design", BillingExempt: "true" } });
    expect((await computeFleetCosts(fx.db, billingMonthOf(now), now, ids)).rows).toHaveLength(0); // not in AWS yet: no cost
    await demoDesktopsCreatedInAws(fx.db);
    await seedBillingDemo(fx.db, now); // again: nothing new but the sessions
    expect(await fx.db.operation.count({ where: { type: "CREATE", desktopId: { in: ids } } })).toBe(6);
    const jan = previousMonth(billingMonthOf(now));
    const fleet = await computeFleetCosts(fx.db, jan, now, DEMO_BILLING_DESKTOPS.map((d) => d.id));
    const cost = Object.fromEntries(fleet.rows.map((r) => [r.id, r]));
    const D = 31;
    expect(cost["demo-billing-erin"].projected).toBeCloseTo(35, 6); // AlwaysOn Standard Windows
    expect(cost["demo-billing-frank"].projected).toBeCloseTo(9.75 + 11 * D * 0.3, 6); // 08–18 + 1 h idle
    expect(cost["demo-billing-frank"].billedHoursToDate).toBe(11 * D);
    expect(cost["demo-billing-grace"].projected).toBeCloseTo(60, 6);
    expect(cost["demo-billing-heidi"].projected).toBeCloseTo(7.25 + 2 * D * 0.17, 6);
    expect(cost["demo-billing-ivan"].projected).toBeCloseTo(80, 6);
    expect(cost["demo-billing-judy"].projected).toBeCloseTo(9.75 + 10 * D * 0.19, 6); // 09–17 + 2 h idle
    for (const r of fleet.rows) expect(r.toDate).toBeCloseTo(r.projected, 6);
  });

  it("recommends by projected hours against the break-even, and the policy's dry run changes nothing", async () => {
    const fleet = await computeFleetCosts(fx.db, billingMonthOf(now), now, DEMO_BILLING_DESKTOPS.map((d) => d.id));
    const rec = Object.fromEntries(fleet.rows.map((r) => [r.id, r.recommendation]));
    expect(rec["demo-billing-erin"]).toMatchObject({ action: "SWITCH_TO_AUTO_STOP", blocker: null });
    expect(rec["demo-billing-erin"].effectiveAt!.toISOString()).toBe("2027-03-01T00:00:00.000Z");
    expect(rec["demo-billing-frank"]).toMatchObject({ action: "SWITCH_TO_ALWAYS_ON", blocker: null });
    expect(rec["demo-billing-judy"]).toMatchObject({ action: "SWITCH_TO_ALWAYS_ON" });
    expect(rec["demo-billing-grace"].action).toBe("KEEP");
    expect(rec["demo-billing-heidi"].action).toBe("KEEP");
    expect(rec["demo-billing-ivan"].action).toBe("SWITCH_TO_AUTO_STOP");
    // Erin runs 2 clock hours a day: 32 h by 16 February 12:00 (372 of 672 h), and the last four
    // weeks' rate (56 of 672 h) for the remaining 300 h: 57 h, under Standard Windows' 84.2 h.
    expect(rec["demo-billing-erin"].hoursSoFar).toBe(32);
    expect(rec["demo-billing-erin"].projectedHours).toBeCloseTo(32 + (56 / 672) * 300, 6);
    expect(rec["demo-billing-erin"].monthlySaving).toBeCloseTo(35 - (9.75 + rec["demo-billing-erin"].projectedHours * 0.3), 6);

    const before = await fx.db.billingModeChange.count();
    const dry = await runCostPolicy(fx.db, { now, dryRun: true, actor: dave });
    const byId = Object.fromEntries(dry.items.map((i) => [i.desktopId, i]));
    expect(byId["demo-billing-erin"].outcome).toBe("WOULD_SCHEDULE");
    expect(byId["demo-billing-frank"].outcome).toBe("WOULD_APPLY");
    expect(byId["demo-billing-ivan"]).toMatchObject({ outcome: "SKIPPED", detail: expect.stringContaining("BillingExempt") });
    expect(byId["demo-billing-grace"]).toBeUndefined();
    expect(await fx.db.billingModeChange.count()).toBe(before);
  });

  it("applies them by the month rules, leaves exempt desktops alone, and does not act twice", async () => {
    const run = await runCostPolicy(fx.db, { now, dryRun: false, actor: null });
    const byId = Object.fromEntries(run.items.map((i) => [i.desktopId, i]));
    expect(byId["demo-billing-erin"]).toMatchObject({ outcome: "SCHEDULED", effectiveAt: "2027-03-01T00:00:00.000Z" });
    expect(byId["demo-billing-frank"].outcome).toBe("APPLIED");
    expect(byId["demo-billing-judy"].outcome).toBe("APPLIED");
    expect(byId["demo-billing-ivan"].outcome).toBe("SKIPPED");
    expect(await fx.db.billingModeChange.count({ where: { desktopId: "demo-billing-ivan" } })).toBe(1);
    expect(await fx.db.operation.count({ where: { desktopId: { in: ["demo-billing-frank", "demo-billing-judy"] }, type: "MODIFY_RUNNING_MODE" } })).toBe(2);
    expect(await fx.db.auditEvent.count({ where: { targetId: "demo-billing-frank", action: "desktop.billing.change" } })).toBe(1);

    const again = await runCostPolicy(fx.db, { now: new Date(now.getTime() + 3_600_000), dryRun: false, actor: null });
    expect(again.items.filter((i) => i.outcome === "APPLIED" || i.outcome === "SCHEDULED")).toEqual([]);
    expect(await fx.db.billingModeChange.count({ where: { desktopId: "demo-billing-erin", status: "PENDING" } })).toBe(1);
    // Frank is AlwaysOn from now on by the billing history, before AWS has even confirmed it.
    const after = await computeFleetCosts(fx.db, billingMonthOf(now), new Date(now.getTime() + 3_600_000), ["demo-billing-frank"]);
    expect(after.rows[0].mode).toBe("ALWAYS_ON");
    expect(after.rows[0].recommendation.action).toBe("KEEP");
  });
});
