// Colour and wording for AWS desktop states and portal request statuses.
const tones: Record<string, string> = {
  AVAILABLE: "bg-emerald-100 text-emerald-800",
  READY: "bg-emerald-100 text-emerald-800",
  APPROVED: "bg-sky-100 text-sky-800",
  SUBMITTED: "bg-amber-100 text-amber-800",
  PENDING: "bg-sky-100 text-sky-800",
  PROVISIONING: "bg-sky-100 text-sky-800",
  REQUESTED: "bg-sky-100 text-sky-800",
  REBOOTING: "bg-sky-100 text-sky-800",
  REBUILDING: "bg-sky-100 text-sky-800",
  STARTING: "bg-sky-100 text-sky-800",
  STOPPING: "bg-sky-100 text-sky-800",
  RESTORING: "bg-sky-100 text-sky-800",
  UPDATING: "bg-sky-100 text-sky-800",
  STOPPED: "bg-slate-200 text-slate-700",
  TERMINATING: "bg-orange-100 text-orange-800",
  TERMINATED: "bg-slate-200 text-slate-600",
  CANCELLED: "bg-slate-200 text-slate-600",
  REJECTED: "bg-red-100 text-red-800",
  FAILED: "bg-red-100 text-red-800",
  ERROR: "bg-red-100 text-red-800",
  UNHEALTHY: "bg-red-100 text-red-800",
  IMPAIRED: "bg-red-100 text-red-800",
  SUSPENDED: "bg-orange-100 text-orange-800",
  // Bulk jobs and their items.
  QUEUED: "bg-slate-100 text-slate-700",
  CREATING: "bg-sky-100 text-sky-800",
  SENDING: "bg-sky-100 text-sky-800",
  IN_PROGRESS: "bg-sky-100 text-sky-800",
  RUNNING: "bg-sky-100 text-sky-800",
  DONE: "bg-emerald-100 text-emerald-800",
  CHANGED_SINCE: "bg-amber-100 text-amber-900",
  COMPLETED: "bg-emerald-100 text-emerald-800",
  COMPLETED_WITH_FAILURES: "bg-amber-100 text-amber-900",
  SKIPPED: "bg-amber-100 text-amber-800",
};

/** `toneOf`: colour it as another state (a desktop SUSPENDED while AWS makes an image is busy, not faulty). */
export function StateBadge({ state, label, toneOf }: { state: string; label?: string; toneOf?: string }) {
  const tone = tones[toneOf ?? state] ?? "bg-slate-100 text-slate-700";
  const text = label ?? state.charAt(0) + state.slice(1).toLowerCase().replaceAll("_", " ");
  return (
    <span data-state={state} className={`inline-flex items-center rounded-full px-2.5 py-0.5 text-xs font-semibold ${tone}`}>
      {text}
    </span>
  );
}
