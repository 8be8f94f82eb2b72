// The desktop state machine: every state the portal knows (a Prisma enum: AWS's WorkspaceState
// plus REQUESTED and UNKNOWN), every list of states (changing, settled, allowed per action), and
// the moves the portal itself makes. What AWS shows is always recorded (AWS is the truth); a
// state AWS adds later maps to UNKNOWN and is logged, never failing a write.

import { DesktopState as DesktopStates, type DesktopState } from "@/lib/db/generated/enums";

export type { DesktopState };

export const DESKTOP_STATES = Object.values(DesktopStates) as DesktopState[];
const KNOWN = new Set<string>(DESKTOP_STATES);

/** States that change on their own; reconciliation polls only these (and pages show progress). */
export const CHANGING_STATES = [
  "PENDING",
  "REBOOTING",
  "REBUILDING",
  "STARTING",
  "STOPPING",
  "TERMINATING",
  "RESTORING",
  "UPDATING",
  // AWS suspends a desktop while it makes an image from it (up to 45 minutes), then makes it AVAILABLE.
  "SUSPENDED",
] as const satisfies readonly DesktopState[];

/** What the pages call a state when AWS's word would mislead (SUSPENDED is not a fault here). */
export const DESKTOP_STATE_LABELS: Partial<Record<DesktopState, string>> = { SUSPENDED: "Making an image" };

/** States AWS leaves a desktop in until something happens (not polled). */
export const SETTLED_STATES: readonly DesktopState[] = DESKTOP_STATES.filter(
  (s) => s !== "REQUESTED" && !(CHANGING_STATES as readonly string[]).includes(s),
);

/** Transitions AWS makes by itself on AUTO_STOP desktops (idle stop, start on connect): not news. */
export const AUTO_STOP_STATES: readonly DesktopState[] = ["AVAILABLE", "STOPPED", "STOPPING", "STARTING"];

/** States in which AWS accepts ModifyWorkspaceProperties (a running-mode change). */
export const MODIFIABLE_STATES = ["AVAILABLE", "STOPPED"] as const satisfies readonly DesktopState[];

/** The states an admin filters the fleet list by. */
export const FLEET_FILTER_STATES: readonly DesktopState[] = [
  "REQUESTED",
  "PENDING",
  "AVAILABLE",
  "STOPPED",
  "REBOOTING",
  "REBUILDING",
  "STARTING",
  "STOPPING",
  "TERMINATING",
  "TERMINATED",
  "ERROR",
  "UNHEALTHY",
];

/** The desktop actions an employee or admin may ask for. */
export const DESKTOP_ACTIONS = ["reboot", "start", "stop", "rebuild", "terminate"] as const;
export type DesktopAction = (typeof DESKTOP_ACTIONS)[number];

/**
 * The states in which AWS accepts each action (AWS-FACTS.md). Terminate: every state AWS has a
 * desktop in except SUSPENDED and the terminating ones; rules.ts adds the conditions that are not
 * about the state (running mode, a reboot stuck for 20 minutes).
 */
export const ACTION_ALLOWED_STATES: Record<DesktopAction, readonly DesktopState[]> = {
  rebuild: ["AVAILABLE", "ERROR", "UNHEALTHY", "IMPAIRED", "STOPPED", "REBOOTING"],
  reboot: ["AVAILABLE", "UNHEALTHY", "IMPAIRED", "REBOOTING"],
  start: ["STOPPED"],
  stop: ["AVAILABLE", "IMPAIRED", "UNHEALTHY", "ERROR"],
  terminate: DESKTOP_STATES.filter((s) => !["REQUESTED", "TERMINATING", "TERMINATED", "SUSPENDED"].includes(s)),
};

/** The states in which AWS restores a desktop to its last snapshot (RestoreWorkspace; admins only). */
export const RESTORE_ALLOWED_STATES: readonly DesktopState[] = ["AVAILABLE", "ERROR", "UNHEALTHY", "IMPAIRED", "STOPPED"];

/**
 * The states a desktop shows once AWS has accepted each action (the worker's handlers confirm a
 * lost answer with them). The first is the one AWS moves it to at once: the row shows it and
 * reconciliation follows it from there. Restore is asked for by admins only, through the worker.
 */
export const ACTION_CONFIRMING_STATES = {
  terminate: ["TERMINATING", "TERMINATED"],
  reboot: ["REBOOTING"],
  start: ["STARTING", "AVAILABLE"],
  stop: ["STOPPING", "STOPPED"],
  rebuild: ["REBUILDING"],
  restore: ["RESTORING"],
} as const satisfies Record<DesktopAction | "restore", readonly [DesktopState, ...DesktopState[]]>;

/** The state AWS moves a desktop to when it accepts each action. */
export const ACTION_TRANSITION_STATES = Object.fromEntries(
  Object.entries(ACTION_CONFIRMING_STATES).map(([action, states]) => [action, states[0]]),
) as { [A in keyof typeof ACTION_CONFIRMING_STATES]: (typeof ACTION_CONFIRMING_STATES)[A][0] };

/** A create that failed before AWS made a WorkSpace shows this state (and no WorkSpace id). */
export const FAILED_CREATE_STATE = "ERROR" as const satisfies DesktopState;
/** The state a removed failed create is closed in (nothing exists in AWS). */
export const FAILED_CREATE_REMOVED_STATE = "TERMINATED" as const satisfies DesktopState;

/**
 * The moves the portal makes itself (AWS's own moves are recorded as observed, whatever they
 * are): a requested desktop is created in AWS (any state it answers with), fails (ERROR) or is
 * cancelled before it was sent (TERMINATED); a failed create is queued again (REQUESTED) or removed
 * (TERMINATED); an action accepted by AWS moves a desktop from a state
 * that allows it to its transition state.
 */
export function canDesktopMove(from: DesktopState, to: DesktopState): boolean {
  if (from === "REQUESTED") return to !== "REQUESTED";
  // A failed create (no WorkSpace in AWS) is queued again or removed by an admin.
  if (from === FAILED_CREATE_STATE && (to === "REQUESTED" || to === FAILED_CREATE_REMOVED_STATE)) return true;
  return DESKTOP_ACTIONS.some(
    (action) => ACTION_TRANSITION_STATES[action] === to && ACTION_ALLOWED_STATES[action].includes(from),
  );
}

export function isDesktopState(value: string): value is DesktopState {
  return KNOWN.has(value);
}

export function isChanging(state: string): boolean {
  return (CHANGING_STATES as readonly string[]).includes(state);
}

/**
 * A state as AWS reports it, as the portal stores it. A state the portal does not know (AWS adds
 * states over time) becomes UNKNOWN and is logged: the write still happens.
 */
export function toDesktopState(awsState: string | null | undefined, log: (message: string) => void = console.warn): DesktopState {
  if (awsState && KNOWN.has(awsState) && awsState !== "REQUESTED" && awsState !== "UNKNOWN") return awsState as DesktopState;
  log(`[desktops] AWS reported a desktop state the portal does not know: ${JSON.stringify(awsState)}; recorded as UNKNOWN.`);
  return "UNKNOWN";
}
