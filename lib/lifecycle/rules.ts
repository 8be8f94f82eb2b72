// The lifecycle's rules, pure: when a desktop counts as never used or idle, which desktops a policy
// covers, and the next step of a policy for one desktop. The dry run and the worker's pass both
// ask `nextPolicyStep`, so the dry run lists exactly what the pass would do.

import { checkDesktopAction } from "@/lib/desktops/rules";

export const DAY_MS = 86_400_000;

/** Desktop states where nobody can have used it yet, or it is going or gone: not judged. */
const NOT_JUDGED = new Set(["REQUESTED", "PENDING", "ERROR", "TERMINATING", "TERMINATED"]);

export type InactivityKind = "NEVER_USED" | "IDLE";

export interface UsageFacts {
  state: string;
  workspaceId: string | null;
  /** When it became AVAILABLE (the request's READY event), else when the portal first saw it. */
  availableSince: Date;
  /** LastKnownUserConnectionTimestamp, as the usage sampler last recorded it. */
  lastConnectedAt: Date | null;
  /** The owner's last "keep my desktop": the clock starts again from it. */
  keptAt: Date | null;
}

export interface Inactivity {
  kind: InactivityKind;
  /** Since when nothing happened (last connection, availability or keep). */
  since: Date;
  days: number;
}

const later = (a: Date, b: Date | null) => (b && b > a ? b : a);

/** Never used (nobody connected `days` after AVAILABLE) or idle (last connection older than `days`); null otherwise. */
export function inactivity(d: UsageFacts, days: number, now: Date): Inactivity | null {
  if (!d.workspaceId || NOT_JUDGED.has(d.state)) return null;
  const kind: InactivityKind = d.lastConnectedAt ? "IDLE" : "NEVER_USED";
  const since = later(d.lastConnectedAt ?? d.availableSince, d.keptAt);
  const idleMs = now.getTime() - since.getTime();
  if (idleMs < days * DAY_MS) return null;
  return { kind, since, days: Math.floor(idleMs / DAY_MS) };
}

/** A tag counts as set unless its value is "false" (as the cost policy's exemption). */
export const tagIsSet = (value: string | undefined) => value !== undefined && value.trim().toLowerCase() !== "false";

export interface PolicyScope {
  directoryId: string | null;
  tagKey: string | null;
  tagValue: string | null;
}

export function policyCovers(policy: PolicyScope, d: { directoryId: string; tags: Record<string, string> }): boolean {
  if (policy.directoryId && policy.directoryId !== d.directoryId) return false;
  if (policy.tagKey) {
    const value = d.tags[policy.tagKey];
    if (value === undefined) return false;
    if (policy.tagValue && value.trim().toLowerCase() !== policy.tagValue.trim().toLowerCase()) return false;
  }
  return true;
}

export interface PolicyRules extends PolicyScope {
  id: string;
  inactiveDays: number;
  stopAfterDays: number | null;
  terminateAfterDays: number | null;
  exemptTagKey: string;
}

export interface DesktopCase {
  policyId: string | null;
  warnedAt: Date | null;
  stoppedAt: Date | null;
  terminatedAt: Date | null;
}

export interface PolicyDesktop extends UsageFacts {
  id: string;
  directoryId: string;
  runningMode: "AUTO_STOP" | "ALWAYS_ON";
  stateChangedAt: Date;
  ownerId: string | null;
  tags: Record<string, string>;
  lifecycle: DesktopCase | null;
}

export type PolicyStep =
  | { step: "WARN"; inactivity: Inactivity }
  | { step: "STOP"; inactivity: Inactivity }
  /** Due to stop, but already stopped: the step is recorded without a call. */
  | { step: "MARK_STOPPED"; inactivity: Inactivity }
  | { step: "TERMINATE"; inactivity: Inactivity }
  /** Used or kept since the warning: the case closes. */
  | { step: "CLOSE" }
  | { step: "EXEMPT" }
  /** Inactive, but the next step is not due yet or not possible; `detail` says why. */
  | { step: "WAIT"; inactivity: Inactivity; detail: string };

const dateOf = (d: Date) => d.toISOString().slice(0, 10);

/**
 * What a policy does to one desktop now; null when the desktop is not its business (out of scope,
 * in use and no case open, or another policy's case).
 */
export function nextPolicyStep(policy: PolicyRules, d: PolicyDesktop, now: Date): PolicyStep | null {
  if (!policyCovers(policy, d)) return null;
  const c = d.lifecycle;
  const open = c?.warnedAt ? c : null;
  if (open && open.policyId && open.policyId !== policy.id) return null;
  if (open?.terminatedAt) return null;
  const idle = inactivity(d, policy.inactiveDays, now);
  if (tagIsSet(d.tags[policy.exemptTagKey])) return idle || open ? { step: "EXEMPT" } : null;
  if (!idle) return open ? { step: "CLOSE" } : null;
  if (!open) return { step: "WARN", inactivity: idle };

  const warnedAt = open.warnedAt!.getTime();
  if (policy.terminateAfterDays !== null) {
    const due = warnedAt + policy.terminateAfterDays * DAY_MS;
    if (now.getTime() >= due) {
      const verdict = checkDesktopAction(d, "terminate", now);
      return verdict.allowed ? { step: "TERMINATE", inactivity: idle } : { step: "WAIT", inactivity: idle, detail: verdict.reason };
    }
  }
  if (policy.stopAfterDays !== null && !open.stoppedAt) {
    const due = warnedAt + policy.stopAfterDays * DAY_MS;
    if (now.getTime() >= due) {
      if (d.state === "STOPPED") return { step: "MARK_STOPPED", inactivity: idle };
      const verdict = checkDesktopAction(d, "stop", now);
      if (verdict.allowed) return { step: "STOP", inactivity: idle };
      if (d.runningMode === "ALWAYS_ON" && policy.terminateAfterDays === null) return { step: "WAIT", inactivity: idle, detail: verdict.reason };
    }
  }
  const next =
    policy.stopAfterDays !== null && !open.stoppedAt && d.runningMode === "AUTO_STOP"
      ? `stop on ${dateOf(new Date(warnedAt + policy.stopAfterDays * DAY_MS))}`
      : policy.terminateAfterDays !== null
        ? `terminate on ${dateOf(new Date(warnedAt + policy.terminateAfterDays * DAY_MS))}`
        : "nothing more (warning only)";
  return { step: "WAIT", inactivity: idle, detail: `Warned on ${dateOf(open.warnedAt!)}; next: ${next}.` };
}
