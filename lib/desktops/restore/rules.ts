// When AWS restores a desktop to its last snapshot (RestoreWorkspace), checked before the
// operation is queued.
import { RESTORE_ALLOWED_STATES } from "../desktop-state";
import type { Verdict } from "../rules";

export function checkRestore(desktop: { state: string; workspaceId: string | null }): Verdict {
  if (!desktop.workspaceId) return { allowed: false, reason: "The desktop has not been created in AWS yet." };
  if (!(RESTORE_ALLOWED_STATES as readonly string[]).includes(desktop.state)) {
    return { allowed: false, reason: `AWS restores a desktop only when it is available, stopped, unhealthy or in error; it is ${desktop.state.toLowerCase().replaceAll("_", " ")}.` };
  }
  return { allowed: true };
}
