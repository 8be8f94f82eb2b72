// Which desktop operations AWS allows in which state (AWS-FACTS.md). The portal refuses
// up front with a reason instead of letting the call fail in the worker.

export const DESKTOP_ACTIONS = ["reboot", "start", "stop", "rebuild", "terminate"] as const;
export type DesktopAction = (typeof DESKTOP_ACTIONS)[number];

export type DesktopFacts = {
  state: string;
  runningMode: "AUTO_STOP" | "ALWAYS_ON";
  stateChangedAt: Date;
  workspaceId: string | null;
};

export type Verdict = { allowed: true } | { allowed: false; reason: string };

const REBOOT_STUCK_MS = 20 * 60 * 1000;

const allowedStates: Record<Exclude<DesktopAction, "terminate">, readonly string[]> = {
  rebuild: ["AVAILABLE", "ERROR", "UNHEALTHY", "IMPAIRED", "STOPPED", "REBOOTING"],
  reboot: ["AVAILABLE", "UNHEALTHY", "IMPAIRED", "REBOOTING"],
  start: ["STOPPED"],
  stop: ["AVAILABLE", "IMPAIRED", "UNHEALTHY", "ERROR"],
};

const label = (state: string) => state.toLowerCase().replaceAll("_", " ");

export function checkDesktopAction(desktop: DesktopFacts, action: DesktopAction, now = new Date()): Verdict {
  const { state } = desktop;
  if (state === "TERMINATED" || state === "TERMINATING") return { allowed: false, reason: "The desktop is being or has been terminated." };
  if (!desktop.workspaceId) return { allowed: false, reason: "The desktop has not been created in AWS yet." };
  if (action === "terminate") {
    return state === "SUSPENDED" ? { allowed: false, reason: "AWS does not allow terminating a suspended desktop." } : { allowed: true };
  }
  if (state === "ADMIN_MAINTENANCE") return { allowed: false, reason: "The desktop is in administrative maintenance." };
  if ((action === "start" || action === "stop") && desktop.runningMode === "ALWAYS_ON") {
    return { allowed: false, reason: "AlwaysOn desktops run all the time; only AutoStop desktops can be started or stopped." };
  }
  if (!allowedStates[action].includes(state)) {
    return { allowed: false, reason: `Not possible while the desktop is ${label(state)}.` };
  }
  // AWS accepts a reboot of a REBOOTING desktop only when it has been stuck for 20 minutes.
  if (action === "reboot" && state === "REBOOTING" && now.getTime() - desktop.stateChangedAt.getTime() < REBOOT_STUCK_MS) {
    return { allowed: false, reason: "The desktop is already rebooting." };
  }
  return { allowed: true };
}

// States in which a desktop is changing and must be followed closely.
export const CHANGING_STATES = ["PENDING", "REBOOTING", "REBUILDING", "STARTING", "STOPPING", "TERMINATING", "RESTORING", "UPDATING"] as const;
