// When a billing-mode change takes effect (AWS-FACTS.md, "Running mode"). Money rule:
// AutoStop → AlwaysOn at once (AWS prorates the AlwaysOn fee on top of the hours billed);
// AlwaysOn → AutoStop only from 00:00 UTC on the 1st of next month, so the portal schedules it
// for then instead of paying a month of AlwaysOn and AutoStop hours together.
// A new AutoStop timeout (whole hours, in minutes as AWS takes it) costs nothing extra and applies at once.

import { firstOfNextMonth } from "../month";
import { MODIFIABLE_STATES } from "@/lib/desktops/desktop-state";
import type { RunningMode } from "@/lib/db/generated/enums";

export { MODIFIABLE_STATES } from "@/lib/desktops/desktop-state";

export interface ModeChangeFacts {
  currentMode: RunningMode;
  currentTimeoutMinutes: number | null;
  state: string;
  workspaceId: string | null;
  terminatedAt: Date | null;
  /** Effective date of a change already scheduled, if any. */
  pendingEffectiveAt: Date | null;
}

export type ModeChangePlan =
  | { ok: true; kind: "IMMEDIATE" | "SCHEDULED"; effectiveAt: Date; toMode: RunningMode; autoStopTimeoutMinutes: number | null }
  | { ok: false; reason: string };

export function isModifiable(facts: Pick<ModeChangeFacts, "state" | "workspaceId">): boolean {
  return Boolean(facts.workspaceId) && (MODIFIABLE_STATES as readonly string[]).includes(facts.state);
}

export function planModeChange(
  facts: ModeChangeFacts,
  target: { toMode: RunningMode; autoStopTimeoutMinutes: number | null },
  now: Date,
): ModeChangePlan {
  if (facts.terminatedAt || facts.state === "TERMINATED" || facts.state === "TERMINATING") {
    return { ok: false, reason: "The desktop is being or has been terminated." };
  }
  if (facts.pendingEffectiveAt) {
    return { ok: false, reason: `A change is already scheduled for ${facts.pendingEffectiveAt.toISOString().slice(0, 10)}; cancel it first.` };
  }
  const timeoutMinutes = target.toMode === "AUTO_STOP" ? (target.autoStopTimeoutMinutes ?? 0) : null;
  if (target.toMode === "AUTO_STOP" && !(timeoutMinutes && timeoutMinutes >= 60 && timeoutMinutes % 60 === 0)) {
    return { ok: false, reason: "The AutoStop timeout must be a whole number of hours." };
  }
  const immediate = () =>
    isModifiable(facts)
      ? ({ ok: true, kind: "IMMEDIATE", effectiveAt: now, toMode: target.toMode, autoStopTimeoutMinutes: timeoutMinutes } as const)
      : ({ ok: false, reason: "AWS changes the running mode only while the desktop is available or stopped." } as const);

  if (facts.currentMode === target.toMode) {
    if (target.toMode === "AUTO_STOP" && timeoutMinutes !== facts.currentTimeoutMinutes) return immediate();
    return { ok: false, reason: `The desktop is already ${target.toMode === "ALWAYS_ON" ? "AlwaysOn" : "AutoStop with that timeout"}.` };
  }
  if (target.toMode === "ALWAYS_ON") return immediate();
  return { ok: true, kind: "SCHEDULED", effectiveAt: firstOfNextMonth(now), toMode: "AUTO_STOP", autoStopTimeoutMinutes: timeoutMinutes };
}
