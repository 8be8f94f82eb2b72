// Which desktop operations AWS allows in which state (AWS-FACTS.md). The portal refuses
// up front with a reason instead of letting the call fail in the worker.

import { ACTION_ALLOWED_STATES, type DesktopAction } from "./desktop-state";

export { DESKTOP_ACTIONS, type DesktopAction } from "./desktop-state";

export type DesktopFacts = {
  state: string;
  runningMode: "AUTO_STOP" | "ALWAYS_ON";
  stateChangedAt: Date;
  workspaceId: string | null;
};

export type Verdict = { allowed: true } | { allowed: false; reason: string };

const REBOOT_STUCK_MS = 20 * 60 * 1000;

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
  if (!(ACTION_ALLOWED_STATES[action] as readonly string[]).includes(state)) {
    return { allowed: false, reason: `Not possible while the desktop is ${label(state)}.` };
  }
  // AWS accepts a reboot of a REBOOTING desktop only when it has been stuck for 20 minutes.
  if (action === "reboot" && state === "REBOOTING" && now.getTime() - desktop.stateChangedAt.getTime() < REBOOT_STUCK_MS) {
    return { allowed: false, reason: "The desktop is already rebooting." };
  }
  return { allowed: true };
}
