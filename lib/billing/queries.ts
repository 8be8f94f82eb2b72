// The desktop page's Billing card: the desktop's mode, its scheduled and past changes, this
// month's cost and recommendation, and its open request, joined from the billing sub-features.
// For the desktop's owner and staff: the caller checks access first.

import { db } from "@/lib/db/client";
import type { RunningMode } from "@/lib/db/generated/enums";
import { autoStopHoursFromMinutes } from "@/lib/desktops/auto-stop";
import { computeFleetCosts } from "./costs/queries";
import type { Recommendation } from "./costs/recommendation";
import { billingMonthOf, firstOfNextMonth } from "./month";

export type DesktopBillingView = {
  desktopId: string;
  ownerId: string | null;
  /** Created in AWS and not terminated: billing can still change. */
  active: boolean;
  /** Why no cost is shown, if none is. */
  costUnavailable: "NOT_CREATED" | "NO_PRICE" | null;
  mode: RunningMode;
  autoStopTimeoutHours: number | null;
  /** AWS has not confirmed the latest change yet (its operation is queued or running). */
  awaitingAws: boolean;
  lastFailure: { code: string | null; message: string | null } | null;
  pending: { id: string; toMode: RunningMode; autoStopTimeoutHours: number | null; effectiveAt: string } | null;
  history: { id: string; fromMode: string | null; toMode: string; autoStopTimeoutHours: number | null; status: string; effectiveAt: string; note: string | null }[];
  cost: {
    currency: string;
    monthLabel: string;
    toDate: number;
    projected: number;
    billedHoursToDate: number;
    connectedHoursToDate: number;
    breakEvenHours: number;
    projectedHours: number;
  } | null;
  recommendation: (Omit<Recommendation, "effectiveAt"> & { effectiveAt: string | null }) | null;
  openRequest: { id: string; requesterId: string; requesterName: string; toMode: RunningMode; autoStopTimeoutHours: number | null; reason: string; createdAt: string } | null;
  lastDecision: { status: string; toMode: string; decisionReason: string | null; decidedAt: string | null } | null;
  nextMonthStart: string;
};

/** The desktop page's Billing card. */
export async function getDesktopBillingView(desktopId: string, now = new Date()): Promise<DesktopBillingView | null> {
  const desktop = await db.desktop.findUnique({
    where: { id: desktopId },
    select: {
      id: true,
      ownerId: true,
      runningMode: true,
      autoStopTimeoutMinutes: true,
      workspaceId: true,
      state: true,
      terminatedAt: true,
      billingChanges: { orderBy: [{ effectiveAt: "desc" }, { createdAt: "desc" }], take: 20 },
      billingRequests: { orderBy: { createdAt: "desc" }, take: 1, include: { requester: { select: { name: true } } } },
    },
  });
  if (!desktop) return null;
  const month = billingMonthOf(now);
  const fleet = await computeFleetCosts(db, month, now, [desktopId]);
  const row = fleet.rows[0];
  const applied = desktop.billingChanges.find((c) => c.status === "APPLIED" && c.effectiveAt <= now);
  const pending = desktop.billingChanges.find((c) => c.status === "PENDING");
  const latest = desktop.billingChanges.find((c) => c.operationId);
  const operation = latest?.operationId ? await db.operation.findUnique({ where: { id: latest.operationId }, select: { status: true, lastErrorCode: true, lastError: true } }) : null;
  const request = desktop.billingRequests[0];
  const mode = applied?.toMode ?? desktop.runningMode;
  const timeout = applied ? applied.autoStopTimeoutMinutes : desktop.autoStopTimeoutMinutes;
  return {
    desktopId: desktop.id,
    ownerId: desktop.ownerId,
    active: Boolean(desktop.workspaceId) && !desktop.terminatedAt && !desktop.state.startsWith("TERMINAT"),
    costUnavailable: !row ? "NOT_CREATED" : row.priced ? null : "NO_PRICE",
    mode,
    autoStopTimeoutHours: mode === "AUTO_STOP" && timeout ? autoStopHoursFromMinutes(timeout) : null,
    awaitingAws: operation?.status === "QUEUED" || operation?.status === "RUNNING",
    lastFailure: operation?.status === "FAILED" ? { code: operation.lastErrorCode, message: operation.lastError } : null,
    pending: pending
      ? { id: pending.id, toMode: pending.toMode, autoStopTimeoutHours: pending.autoStopTimeoutMinutes ? autoStopHoursFromMinutes(pending.autoStopTimeoutMinutes) : null, effectiveAt: pending.effectiveAt.toISOString() }
      : null,
    history: desktop.billingChanges.map((c) => ({
      id: c.id,
      fromMode: c.fromMode,
      toMode: c.toMode,
      autoStopTimeoutHours: c.autoStopTimeoutMinutes ? autoStopHoursFromMinutes(c.autoStopTimeoutMinutes) : null,
      status: c.status,
      effectiveAt: c.effectiveAt.toISOString(),
      note: c.note,
    })),
    cost:
      row && row.priced
        ? {
            currency: row.currency!,
            monthLabel: month.start.toLocaleString("en-US", { month: "long", year: "numeric", timeZone: "UTC" }),
            toDate: row.toDate,
            projected: row.projected,
            billedHoursToDate: row.billedHoursToDate,
            connectedHoursToDate: row.connectedHoursToDate,
            breakEvenHours: row.recommendation.breakEvenHours,
            projectedHours: row.recommendation.projectedHours,
          }
        : null,
    recommendation: row ? { ...row.recommendation, effectiveAt: row.recommendation.effectiveAt?.toISOString() ?? null } : null,
    openRequest:
      request && request.status === "SUBMITTED"
        ? {
            id: request.id,
            requesterId: request.requesterId,
            requesterName: request.requester.name,
            toMode: request.toMode,
            autoStopTimeoutHours: request.autoStopTimeoutMinutes ? autoStopHoursFromMinutes(request.autoStopTimeoutMinutes) : null,
            reason: request.reason,
            createdAt: request.createdAt.toISOString(),
          }
        : null,
    lastDecision:
      request && request.status !== "SUBMITTED"
        ? { status: request.status, toMode: request.toMode, decisionReason: request.decisionReason, decidedAt: request.decidedAt?.toISOString() ?? null }
        : null,
    nextMonthStart: firstOfNextMonth(now).toISOString(),
  };
}
