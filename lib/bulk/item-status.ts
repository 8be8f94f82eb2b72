// A bulk item's status as shown to admins. It is derived from the rows doing the work (request,
// operation, desktop; see queries.ts), so the worker needs no bulk-specific code; the item row
// stores only what happened before any work: SKIPPED (refused up front) and CANCELLED.

import type { DesktopAction, DesktopState } from "@/lib/desktops/desktop-state";

export const ITEM_STATUSES = [
  "QUEUED", // waiting for the worker
  "CREATING", // provisioning: CreateWorkspaces sent, answer awaited
  "PENDING", // provisioning: AWS accepted it, the desktop is PENDING
  "AVAILABLE", // provisioning: the desktop became AVAILABLE
  "SENDING", // action: call sent, answer awaited
  "IN_PROGRESS", // action: AWS accepted it, the desktop is changing
  "DONE", // action: the desktop has settled in the state the action leads to
  "CHANGED_SINCE", // action: AWS did it, but the desktop has settled in another state since (see changedSinceMessage)
  "FAILED",
  "SKIPPED",
  "CANCELLED",
] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

export const ACTIVE_ITEM_STATUSES: readonly ItemStatus[] = ["QUEUED", "CREATING", "PENDING", "SENDING", "IN_PROGRESS"];
export const SUCCEEDED_ITEM_STATUSES: readonly ItemStatus[] = ["AVAILABLE", "DONE", "CHANGED_SINCE"];

export const ITEM_STATUS_LABEL: Record<ItemStatus, string> = {
  QUEUED: "Queued",
  CREATING: "Creating",
  PENDING: "Pending",
  AVAILABLE: "Available",
  SENDING: "Sending",
  IN_PROGRESS: "In progress",
  DONE: "Done",
  CHANGED_SINCE: "Done, changed since",
  FAILED: "Failed",
  SKIPPED: "Skipped",
  CANCELLED: "Cancelled",
};

export type ItemCounts = Record<ItemStatus, number>;

/** The state each bulk action leaves a desktop in (anything else settled later is "changed since"). */
export const ACTION_END_STATE = {
  reboot: "AVAILABLE",
  start: "AVAILABLE",
  stop: "STOPPED",
  rebuild: "AVAILABLE",
  terminate: "TERMINATED",
} as const satisfies Record<DesktopAction, DesktopState>;

/**
 * Why a desktop is not in the state its action left it in. Issue 11: a bulk stop said Done for a
 * desktop available a minute later with no audited start: AWS had stopped it, and started it again
 * because its user connected, which is what AutoStop desktops do (the emulator's simulated users
 * do the same). Nothing in the portal started it, so the item says what happened instead of "Done".
 */
export function changedSinceMessage(action: string | null, desktopState: string | null, changedByPortal: boolean): string {
  const state = (desktopState ?? "gone").toLowerCase().replaceAll("_", " ");
  if (changedByPortal) return `AWS did the ${action}; a later action in the portal has made the desktop ${state} since.`;
  if (action === "stop" && desktopState === "AVAILABLE") {
    return "AWS stopped it, and it is available again: an AutoStop desktop starts by itself when its user connects. Nobody started it from the portal.";
  }
  if (desktopState === "STOPPED") return `AWS did the ${action}; the desktop has stopped since: an AutoStop desktop stops by itself when idle.`;
  return `AWS did the ${action}; the desktop is ${state} now, changed since outside the portal.`;
}

export function emptyCounts(): ItemCounts {
  return Object.fromEntries(ITEM_STATUSES.map((s) => [s, 0])) as ItemCounts;
}

/**
 * A job as admins see it: still running, or how it ended. All-failed and some-failed are told apart
 * from a clean completion (a green "Completed" over 46 failed items hid the failures).
 */
export const BULK_JOB_STATES = ["RUNNING", "COMPLETED", "COMPLETED_WITH_FAILURES", "FAILED", "CANCELLED"] as const;
export type BulkJobState = (typeof BULK_JOB_STATES)[number];

export function bulkJobState(counts: ItemCounts, cancelled: boolean): BulkJobState {
  const s = summarise(counts);
  if (s.active > 0) return "RUNNING";
  if (cancelled) return "CANCELLED";
  if (s.failed === 0) return "COMPLETED";
  return s.succeeded === 0 ? "FAILED" : "COMPLETED_WITH_FAILURES";
}

export function summarise(counts: ItemCounts) {
  const total = ITEM_STATUSES.reduce((n, s) => n + counts[s], 0);
  const active = ACTIVE_ITEM_STATUSES.reduce((n, s) => n + counts[s], 0);
  const succeeded = SUCCEEDED_ITEM_STATUSES.reduce((n, s) => n + counts[s], 0);
  return { total, active, succeeded, failed: counts.FAILED, finished: total - active };
}
