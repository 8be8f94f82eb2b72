// A bulk item's status as shown to admins. It is derived from the rows doing the work (request,
// operation, desktop; see queries.ts), so the worker needs no bulk-specific code; the item row
// stores only what happened before any work: SKIPPED (refused up front) and CANCELLED.

export const ITEM_STATUSES = [
  "QUEUED", // waiting for the worker
  "CREATING", // provisioning: CreateWorkspaces sent, answer awaited
  "PENDING", // provisioning: AWS accepted it, the desktop is PENDING
  "AVAILABLE", // provisioning: the desktop became AVAILABLE
  "SENDING", // action: call sent, answer awaited
  "IN_PROGRESS", // action: AWS accepted it, the desktop is changing
  "DONE", // action: the desktop has settled
  "FAILED",
  "SKIPPED",
  "CANCELLED",
] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

export const ACTIVE_ITEM_STATUSES: readonly ItemStatus[] = ["QUEUED", "CREATING", "PENDING", "SENDING", "IN_PROGRESS"];
export const SUCCEEDED_ITEM_STATUSES: readonly ItemStatus[] = ["AVAILABLE", "DONE"];

export const ITEM_STATUS_LABEL: Record<ItemStatus, string> = {
  QUEUED: "Queued",
  CREATING: "Creating",
  PENDING: "Pending",
  AVAILABLE: "Available",
  SENDING: "Sending",
  IN_PROGRESS: "In progress",
  DONE: "Done",
  FAILED: "Failed",
  SKIPPED: "Skipped",
  CANCELLED: "Cancelled",
};

export type ItemCounts = Record<ItemStatus, number>;

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
