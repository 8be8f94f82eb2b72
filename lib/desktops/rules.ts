// Which desktop operations AWS allows in which state (AWS-FACTS.md). The portal refuses
// up front with a reason instead of letting the call fail in the worker.

import { ACTION_ALLOWED_STATES, DESKTOP_ACTIONS, FAILED_CREATE_STATE, type DesktopAction } from "./desktop-state";

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
  if (isFailedCreate(desktop)) return { allowed: false, reason: FAILED_CREATE_REASON };
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

// A create that failed before AWS made a WorkSpace (state ERROR, no WorkSpace id): there is nothing
// in AWS to act on. Admins may queue the create again or remove the row (no AWS call).
export const FAILED_CREATE_ACTIONS = ["retry", "remove"] as const;
export type FailedCreateAction = (typeof FAILED_CREATE_ACTIONS)[number];
/** What the fleet's bulk action bar offers. */
export const FLEET_ACTIONS = [...DESKTOP_ACTIONS, ...FAILED_CREATE_ACTIONS] as const;
export type FleetAction = (typeof FLEET_ACTIONS)[number];
export const isFailedCreateAction = (action: FleetAction): action is FailedCreateAction => (FAILED_CREATE_ACTIONS as readonly string[]).includes(action);

const FAILED_CREATE_REASON = "Its create failed, so AWS has no desktop to act on; an administrator can retry the create or remove it.";

export function isFailedCreate(desktop: { state: string; workspaceId: string | null }): boolean {
  return desktop.state === FAILED_CREATE_STATE && !desktop.workspaceId;
}

export function checkFailedCreateAction(desktop: { state: string; workspaceId: string | null }): Verdict {
  if (isFailedCreate(desktop)) return { allowed: true };
  return {
    allowed: false,
    reason: desktop.workspaceId
      ? "The desktop exists in AWS: only a create that failed before AWS made the desktop can be retried or removed."
      : "Its create has not failed.",
  };
}
