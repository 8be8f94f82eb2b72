// For tests of the billing demo data without a worker.
import type { PrismaClient } from "@/lib/db/generated/client";
import { DEMO_BILLING_DESKTOPS } from "@/lib/billing/seed";

/** What the worker does for the demo's CREATE operations: AWS accepted them, the desktops are up. */
export async function demoDesktopsCreatedInAws(db: PrismaClient) {
  for (const [i, d] of DEMO_BILLING_DESKTOPS.entries()) {
    await db.desktop.update({ where: { id: d.id }, data: { workspaceId: `ws-demo0000${i}`, state: "AVAILABLE" } });
  }
  await db.operation.updateMany({ where: { type: "CREATE", desktopId: { in: DEMO_BILLING_DESKTOPS.map((d) => d.id) } }, data: { status: "SUCCEEDED" } });
}

/** The directory and the five bundles the billing demo's desktops use. */
export async function createBillingCatalogue(db: PrismaClient) {
  await db.directory.create({ data: { id: "d-9067000001", name: "corp.example.com", type: "SIMPLE_AD", region: "us-east-1", stage: "Active", registered: true } });
  const bundles = [
    ["wsb-v7ko4r7f1", "STANDARD", "WINDOWS"],
    ["wsb-7y5x2otlg", "PERFORMANCE", "WINDOWS"],
    ["wsb-a5frhw29a", "POWER", "WINDOWS"],
    ["wsb-a0i7ctwju", "VALUE", "LINUX"],
    ["wsb-f8dj8akz1", "STANDARD", "LINUX"],
  ] as const;
  for (const [id, computeType, platform] of bundles) {
    await db.bundle.create({ data: { id, name: `${computeType} ${platform}`, owner: "AMAZON", computeType, platform, rootVolumeGiB: 80, userVolumeGiB: 50, region: "us-east-1" } });
  }
}
