// Reads of employees' billing-mode requests: the approvers' list, and what the policy needs.
// Callers check access first.

import { db } from "@/lib/db/client";
import type { RunningMode } from "@/lib/db/generated/enums";
import { autoStopHoursFromMinutes } from "@/lib/desktops/auto-stop";

export type BillingRequestRow = {
  id: string;
  desktopId: string;
  desktopOwnerId: string | null;
  requesterId: string;
  userName: string;
  bundleName: string;
  requesterName: string;
  requesterEmail: string;
  fromMode: string;
  toMode: RunningMode;
  autoStopTimeoutHours: number | null;
  reason: string;
  status: string;
  createdAt: string;
  deciderName: string | null;
  decisionReason: string | null;
};

export async function listBillingRequests(status: "SUBMITTED" | "ALL"): Promise<BillingRequestRow[]> {
  const rows = await db.billingModeRequest.findMany({
    where: status === "ALL" ? {} : { status },
    include: {
      requester: { select: { name: true, email: true } },
      decider: { select: { name: true } },
      desktop: { select: { ownerId: true, userName: true, runningMode: true, bundle: { select: { name: true } } } },
    },
    orderBy: { createdAt: status === "ALL" ? "desc" : "asc" },
    take: 200,
  });
  return rows.map((r) => ({
    id: r.id,
    desktopId: r.desktopId,
    desktopOwnerId: r.desktop.ownerId,
    requesterId: r.requesterId,
    userName: r.desktop.userName,
    bundleName: r.desktop.bundle.name,
    requesterName: r.requester.name,
    requesterEmail: r.requester.email,
    fromMode: r.desktop.runningMode,
    toMode: r.toMode,
    autoStopTimeoutHours: r.autoStopTimeoutMinutes ? autoStopHoursFromMinutes(r.autoStopTimeoutMinutes) : null,
    reason: r.reason,
    status: r.status,
    createdAt: r.createdAt.toISOString(),
    deciderName: r.decider?.name ?? null,
    decisionReason: r.decisionReason,
  }));
}

/** What policy needs to decide on a billing request: the desktop's owner. */
export async function loadBillingRequestForPolicy(id: string) {
  const r = await db.billingModeRequest.findUnique({ where: { id }, select: { id: true, status: true, requesterId: true, desktopId: true, desktop: { select: { ownerId: true } } } });
  return r ? { id: r.id, status: r.status, requesterId: r.requesterId, desktopId: r.desktopId, desktop: { ownerId: r.desktop.ownerId } } : null;
}
