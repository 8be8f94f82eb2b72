// Demo data for day-2 changes: Alice's Standard desktop, launched 8 hours ago by the portal's
// clock, so that AWS's first 6 hours are over and she can ask for a bigger compute type at once.
// It runs as a bulk directory user (user0199) so that Alice's own requests (user alice) are free.
// Created this month, so last month's cost figures are unchanged. Running it twice changes nothing.

import type { PrismaClient } from "@/lib/db/generated/client";
import { enqueueOperation } from "@/lib/operations/enqueue";

export const RESIZE_DEMO_DESKTOP_ID = "demo-resize-alice";
const HOUR_MS = 3_600_000;

export async function seedResizeDemo(db: PrismaClient, now = new Date()): Promise<void> {
  if (await db.desktop.findUnique({ where: { id: RESIZE_DEMO_DESKTOP_ID }, select: { id: true } })) return;
  const [directory, alice] = await Promise.all([
    db.directory.findFirst({ where: { registered: true }, orderBy: { name: "asc" } }),
    db.user.findUnique({ where: { email: "alice@example.com" } }),
  ]);
  if (!directory || !alice) return;
  const bundle = await db.bundle.findFirst({ where: { region: directory.region, computeType: "STANDARD", platform: "WINDOWS", owner: "AMAZON" }, orderBy: { name: "asc" } });
  if (!bundle) return;
  const createdAt = new Date(now.getTime() - 8 * HOUR_MS);
  await db.$transaction(async (tx) => {
    const request = await tx.desktopRequest.create({
      data: {
        id: `${RESIZE_DEMO_DESKTOP_ID}-request`,
        requesterId: alice.id,
        directoryId: directory.id,
        userName: "user0199",
        bundleId: bundle.id,
        runningMode: "ALWAYS_ON",
        justification: "Demo desktop for changing the compute type and volumes.",
        status: "APPROVED",
        decidedAt: createdAt,
        decisionReason: "Demo data",
        createdAt,
      },
    });
    await tx.desktop.create({
      data: {
        id: RESIZE_DEMO_DESKTOP_ID,
        requestId: request.id,
        ownerId: alice.id,
        directoryId: directory.id,
        userName: "user0199",
        bundleId: bundle.id,
        runningMode: "ALWAYS_ON",
        stateChangedAt: createdAt,
        createdAt,
        billingChanges: { create: { toMode: "ALWAYS_ON", status: "APPLIED", effectiveAt: createdAt, note: "Demo data", createdAt } },
      },
    });
    await enqueueOperation(tx, { type: "CREATE", desktopId: RESIZE_DEMO_DESKTOP_ID, requestId: request.id, region: directory.region, directoryId: directory.id });
  });
}
