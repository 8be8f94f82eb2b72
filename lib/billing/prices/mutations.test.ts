// Integration test on a real, migrated test database: editing the price list.
import { describe, expect, it } from "vitest";
import { billingPeople as people, useBillingTestDb } from "@/test-support/billing-fixture";
import { savePrice } from "./mutations";

const fx = useBillingTestDb();
const dave = people.dave;

describe("prices", () => {
  it("keeps one row per region, compute type and platform, and audits edits with before and after", async () => {
    const row = await fx.db.billingPrice.findFirstOrThrow({ where: { region: "us-east-1", computeType: "STANDARD", platform: "WINDOWS" } });
    const values = { region: "us-east-1", computeType: "STANDARD", platform: "WINDOWS" as const, currency: "USD", alwaysOnMonthly: 35, autoStopMonthly: 9.75, autoStopHourly: 0.3, includedStorageGiB: 130, storagePerGiBMonthly: 0.1, source: "test" };
    expect(await fx.db.$transaction((tx) => savePrice(tx, dave, values))).toMatchObject({ ok: false, code: "CONFLICT" });
    expect(await fx.db.$transaction((tx) => savePrice(tx, dave, { ...values, priceId: row.id, autoStopHourly: 0.31 }))).toEqual({ ok: true, priceId: row.id });
    expect((await fx.db.billingPrice.findUniqueOrThrow({ where: { id: row.id } })).autoStopHourly.toNumber()).toBe(0.31);
    const audit = await fx.db.auditEvent.findFirstOrThrow({ where: { action: "billing.price.update", targetId: row.id } });
    expect(audit.details).toMatchObject({ before: { autoStopHourly: "0.3" }, after: { autoStopHourly: "0.31" } });
    await fx.db.$transaction((tx) => savePrice(tx, dave, { ...values, priceId: row.id }));
  });
});
