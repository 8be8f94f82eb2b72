import type { DesktopAction, FleetAction } from "@/lib/desktops/rules";

// Words for the fleet's bulk actions, shared by the toolbar, the dialog, messages and job pages.
export const ACTION_LABEL: Record<FleetAction, string> = {
  reboot: "Reboot",
  start: "Start",
  stop: "Stop",
  rebuild: "Rebuild",
  terminate: "Terminate",
  retry: "Retry create",
  remove: "Remove",
};

export const ACTION_PAST: Record<FleetAction, string> = {
  reboot: "rebooted",
  start: "started",
  stop: "stopped",
  rebuild: "rebuilt",
  terminate: "terminated",
  retry: "queued for creation again",
  remove: "removed",
};

export function bulkJobTitle(job: { kind: "PROVISION" | "ACTION"; action: string | null; fileName: string | null }): string {
  if (job.kind === "PROVISION") return `Provisioning from ${job.fileName ?? "a CSV file"}`;
  const label = ACTION_LABEL[job.action as DesktopAction];
  return label ? `${label} desktops` : "Fleet action";
}
