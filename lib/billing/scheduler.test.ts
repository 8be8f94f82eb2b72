// The scheduled jobs on a real test database: the cost policy runs only when turned on, and not
// again within its interval; due changes are applied on every pass.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "@/lib/db/generated/client";
import type { AwsGateway } from "@/lib/aws/gateway";
import { createTestDb } from "@/test-support/test-db";
import { runBillingJobsOnce } from "./scheduler";
import { seedBillingDemo } from "./seed";
import { createBillingCatalogue, demoDesktopsCreatedInAws } from "@/test-support/billing-seed";

let db: PrismaClient;
let close: () => Promise<void>;
// No AWS call may happen in these passes (no sampling): a gateway that fails loudly if used.
const noAws = { forRegion: () => { throw new Error("no AWS in this test"); }, destroy() {} } as unknown as AwsGateway;
const quiet = { info() {}, error() {} };
const now = new Date("2027-02-16T12:00:00Z");

beforeAll(async () => {
  ({ db, close } = await createTestDb());
  await createBillingCatalogue(db);
  await seedBillingDemo(db, now);
  await demoDesktopsCreatedInAws(db);
});
afterAll(() => close?.());

describe("billing jobs", () => {
  it("leaves recommendations alone while the policy is off", async () => {
    const pass = await runBillingJobsOnce({ db, aws: noAws, now, policy: true, logger: quiet });
    expect(pass.policyRun).toBeNull();
    expect(await db.billingModeChange.count({ where: { note: { startsWith: "Cost policy" } } })).toBe(0);
  });

  it("applies them when turned on, once per interval, and applies scheduled changes when due", async () => {
    await db.billingPolicy.create({ data: { id: "default", autoApply: true } });
    const first = await runBillingJobsOnce({ db, aws: noAws, now, policy: true, policyEveryMs: 6 * 3_600_000, logger: quiet });
    expect(first.policyRun?.items.filter((i) => i.outcome === "APPLIED" || i.outcome === "SCHEDULED").map((i) => i.desktopId).sort()).toEqual([
      "demo-billing-erin",
      "demo-billing-frank",
      "demo-billing-judy",
    ]);
    const soon = await runBillingJobsOnce({ db, aws: noAws, now: new Date(now.getTime() + 3_600_000), policy: true, policyEveryMs: 6 * 3_600_000, logger: quiet });
    expect(soon.policyRun).toBeNull();

    // Erin's AutoStop was scheduled for 1 March: applied by the first pass after midnight.
    const march = await runBillingJobsOnce({ db, aws: noAws, now: new Date("2027-03-01T00:00:10Z"), policy: false, logger: quiet });
    expect(march.changes.applied).toBe(1);
    const erin = await db.billingModeChange.findFirstOrThrow({ where: { desktopId: "demo-billing-erin", toMode: "AUTO_STOP" } });
    expect(erin.status).toBe("APPLIED");
    expect(await db.operation.count({ where: { id: erin.operationId!, type: "MODIFY_RUNNING_MODE" } })).toBe(1);
  });
});
