// For tests of the billing demo data without a worker.
import type { PrismaClient } from "@/lib/db/generated/client";
import { DEMO_BILLING_DESKTOPS } from "./seed";

/** What the worker does for the demo's CREATE operations: AWS accepted them, the desktops are up. */
export async function demoDesktopsCreatedInAws(db: PrismaClient) {
  for (const [i, d] of DEMO_BILLING_DESKTOPS.entries()) {
    await db.desktop.update({ where: { id: d.id }, data: { workspaceId: `ws-demo0000${i}`, state: "AVAILABLE" } });
  }
  await db.operation.updateMany({ where: { type: "CREATE", desktopId: { in: DEMO_BILLING_DESKTOPS.map((d) => d.id) } }, data: { status: "SUCCEEDED" } });
}
