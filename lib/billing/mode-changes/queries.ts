// Reads of billing-mode changes: what the policy needs about a scheduled change.

import { db } from "@/lib/db/client";

/** What policy needs about a scheduled change: its desktop's owner. */
export async function loadBillingChangeForPolicy(id: string) {
  const c = await db.billingModeChange.findUnique({ where: { id }, select: { id: true, status: true, desktopId: true, desktop: { select: { ownerId: true } } } });
  return c ? { id: c.id, status: c.status, desktopId: c.desktopId, desktop: { ownerId: c.desktop.ownerId } } : null;
}
