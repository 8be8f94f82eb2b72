// What reconciliation and the fleet sweep saw of desktops in AWS (DescribeWorkspaces): the rows
// follow AWS, requests move on when their desktop settles, and changes made outside the portal
// enter the audit trail (and the billing history, for a running-mode change).

import type { PrismaClient } from "@/lib/db/generated/client";
import { recordAudit } from "@/lib/audit/mutations";
import { toDesktopState } from "./desktop-state";
import { log } from "@/lib/observability/logger";
import { failRequestCreate, moveRequest, settleRequest } from "@/lib/requests/request-status";

/** Where toDesktopState reports a state AWS added that the portal does not know yet. */
export const warnUnknownState = (message: string) => log("desktops").warn(message);

export interface ObservedWorkspace {
  state: string;
  ipAddress?: string | null;
  computerName?: string | null;
  errorCode?: string | null;
  errorMessage?: string | null;
  /** Sizes as AWS shows them (a compute or volume change lands when UPDATING ends). */
  computeType?: string;
  rootVolumeGiB?: number;
  userVolumeGiB?: number;
}

/** The row's columns that follow what AWS showed. */
function observedFields(observed: ObservedWorkspace, stateChanged: boolean, now: Date) {
  return {
    state: toDesktopState(observed.state, warnUnknownState),
    lastSeenAt: now,
    ...(stateChanged ? { stateChangedAt: now } : {}),
    ...(observed.ipAddress !== undefined ? { ipAddress: observed.ipAddress || null } : {}),
    ...(observed.computerName !== undefined ? { computerName: observed.computerName || null } : {}),
    ...(observed.computeType !== undefined ? { computeType: observed.computeType } : {}),
    ...(observed.rootVolumeGiB !== undefined ? { rootVolumeGiB: observed.rootVolumeGiB } : {}),
    ...(observed.userVolumeGiB !== undefined ? { userVolumeGiB: observed.userVolumeGiB } : {}),
  };
}

/** Records a desktop as AWS describes it, and moves its request on when it became AVAILABLE/ERROR. */
export async function recordDesktopObserved(
  db: PrismaClient,
  input: { desktopId: string; previousState: string; observed: ObservedWorkspace; now?: Date },
): Promise<void> {
  const now = input.now ?? new Date();
  const { observed } = input;
  const changed = observed.state !== input.previousState;
  await db.$transaction(async (tx) => {
    const desktop = await tx.desktop.update({
      where: { id: input.desktopId },
      data: { ...observedFields(observed, changed, now), ...(observed.state === "TERMINATED" ? { terminatedAt: now } : {}) },
      select: { requestId: true },
    });
    if (!changed || !desktop.requestId) return;
    await settleRequest(tx, desktop.requestId, observed, now);
  });
}

/**
 * AWS no longer returns the desktop: it is terminated (TERMINATED shows only briefly). `outside`:
 * the portal had not asked for it (found by the fleet sweep), so the audit trail says so.
 */
export async function recordDesktopGone(
  db: PrismaClient,
  input: { desktopId: string; previousState?: string; outside?: boolean; now?: Date },
): Promise<void> {
  const now = input.now ?? new Date();
  await db.$transaction(async (tx) => {
    await tx.desktop.update({
      where: { id: input.desktopId },
      data: { state: "TERMINATED", stateChangedAt: now, terminatedAt: now, lastSeenAt: now },
    });
    if (input.outside) {
      await recordAudit(tx, {
        actor: null,
        action: "desktop.changed_outside",
        targetType: "desktop",
        targetId: input.desktopId,
        outcome: "SUCCESS",
        message: `AWS no longer returns the desktop (was ${input.previousState ?? "unknown"}): terminated outside the portal.`,
        details: { source: "aws", previousState: input.previousState ?? null, state: "TERMINATED" },
      });
    }
  });
}

/**
 * A desktop the portal created is still not returned by AWS long after CreateWorkspaces accepted
 * it: the create is failed with a reason instead of staying PENDING for ever. Should AWS show it
 * later, the fleet sweep records it again.
 */
export async function recordDesktopNeverSeen(
  db: PrismaClient,
  input: { desktopId: string; code: string; message: string; now?: Date },
): Promise<void> {
  const now = input.now ?? new Date();
  await db.$transaction(async (tx) => {
    const desktop = await tx.desktop.update({
      where: { id: input.desktopId },
      data: { state: "ERROR", stateChangedAt: now },
      select: { requestId: true, workspaceId: true },
    });
    if (desktop.requestId) await failRequestCreate(tx, desktop.requestId, { code: input.code, message: input.message, now });
    await recordAudit(tx, {
      actor: null,
      action: "desktop.create_timeout",
      targetType: "desktop",
      targetId: input.desktopId,
      outcome: "FAILURE",
      message: input.message,
      details: { source: "aws", code: input.code, workspaceId: desktop.workspaceId },
    });
  });
}

/** What the fleet sweep saw of a desktop AWS returned. */
export interface SweptWorkspace extends ObservedWorkspace {
  workspaceId: string;
  directoryId: string;
  userName: string;
  bundleId: string;
  runningMode?: string | null;
  autoStopTimeoutMinutes?: number | null;
  rootVolumeEncrypted?: boolean;
  userVolumeEncrypted?: boolean;
  volumeEncryptionKey?: string | null;
}

const RUNNING_MODES = new Set(["AUTO_STOP", "ALWAYS_ON"]);

/**
 * A desktop AWS has and the portal did not know: created outside the portal (console, CLI, another
 * tool). It is recorded with origin IMPORTED and no owner, so admins see it, and its billing mode
 * starts its billing history. Its bundle row must exist (the caller makes sure).
 */
export async function recordDesktopImported(db: PrismaClient, input: { workspace: SweptWorkspace; now?: Date }): Promise<string | null> {
  const now = input.now ?? new Date();
  const w = input.workspace;
  const runningMode = RUNNING_MODES.has(w.runningMode ?? "") ? (w.runningMode as "AUTO_STOP" | "ALWAYS_ON") : "ALWAYS_ON";
  const timeout = runningMode === "AUTO_STOP" ? (w.autoStopTimeoutMinutes ?? null) : null;
  return db.$transaction(async (tx) => {
    // Another sweep (another worker) may have imported it meanwhile.
    const existing = await tx.desktop.findUnique({ where: { workspaceId: w.workspaceId }, select: { id: true } });
    if (existing) return null;
    const desktop = await tx.desktop.create({
      data: {
        workspaceId: w.workspaceId,
        directoryId: w.directoryId,
        userName: w.userName,
        bundleId: w.bundleId,
        runningMode,
        autoStopTimeoutMinutes: timeout,
        state: toDesktopState(w.state, warnUnknownState),
        stateChangedAt: now,
        lastSeenAt: now,
        ipAddress: w.ipAddress || null,
        computerName: w.computerName || null,
        rootVolumeEncrypted: Boolean(w.rootVolumeEncrypted),
        userVolumeEncrypted: Boolean(w.userVolumeEncrypted),
        volumeEncryptionKey: w.volumeEncryptionKey ?? null,
        origin: "IMPORTED",
        ...(w.state === "TERMINATED" ? { terminatedAt: now } : {}),
        billingChanges: {
          create: { toMode: runningMode, autoStopTimeoutMinutes: timeout, status: "APPLIED", effectiveAt: now, note: "Found in AWS (created outside the portal)" },
        },
      },
      select: { id: true },
    });
    await recordAudit(tx, {
      actor: null,
      action: "desktop.imported",
      targetType: "desktop",
      targetId: desktop.id,
      outcome: "SUCCESS",
      message: `Found ${w.workspaceId} (${w.userName}) in AWS, created outside the portal; recorded without an owner.`,
      details: { source: "aws", workspaceId: w.workspaceId, directoryId: w.directoryId, userName: w.userName, state: w.state, runningMode },
    });
    return desktop.id;
  });
}

/**
 * The fleet sweep found a desktop in a state or billing mode the portal did not ask for (changed
 * in the console, by AWS maintenance, ...): the row follows AWS and the audit trail records the
 * change with no portal actor. A running-mode change also enters the billing history, since AWS
 * bills what it runs.
 */
export async function recordDesktopChangedOutside(
  db: PrismaClient,
  input: {
    desktopId: string;
    previous: { state: string; runningMode: string; autoStopTimeoutMinutes: number | null };
    observed: SweptWorkspace;
    now?: Date;
  },
): Promise<void> {
  const now = input.now ?? new Date();
  const { previous, observed } = input;
  const modeKnown = RUNNING_MODES.has(observed.runningMode ?? "");
  const mode = modeKnown ? (observed.runningMode as "AUTO_STOP" | "ALWAYS_ON") : (previous.runningMode as "AUTO_STOP" | "ALWAYS_ON");
  const timeout = mode === "AUTO_STOP" ? (observed.autoStopTimeoutMinutes ?? previous.autoStopTimeoutMinutes) : null;
  const modeChanged = modeKnown && (mode !== previous.runningMode || timeout !== previous.autoStopTimeoutMinutes);
  const stateChanged = observed.state !== previous.state;
  const changes: string[] = [];
  if (stateChanged) changes.push(`state ${previous.state} → ${observed.state}`);
  if (modeChanged) {
    changes.push(
      `running mode ${previous.runningMode}${previous.autoStopTimeoutMinutes ? ` (${previous.autoStopTimeoutMinutes} min)` : ""} → ${mode}${timeout ? ` (${timeout} min)` : ""}`,
    );
  }
  if (changes.length === 0) return;
  await db.$transaction(async (tx) => {
    await tx.desktop.update({
      where: { id: input.desktopId },
      data: {
        ...observedFields(observed, stateChanged, now),
        ...(modeChanged ? { runningMode: mode, autoStopTimeoutMinutes: timeout } : {}),
        ...(observed.state === "TERMINATED" ? { terminatedAt: now } : { terminatedAt: null }),
      },
    });
    if (modeChanged) {
      await tx.billingModeChange.create({
        data: {
          desktopId: input.desktopId,
          fromMode: previous.runningMode as "AUTO_STOP" | "ALWAYS_ON",
          toMode: mode,
          autoStopTimeoutMinutes: timeout,
          status: "APPLIED",
          effectiveAt: now,
          note: "Changed outside the portal (seen in AWS)",
        },
      });
    }
    await recordAudit(tx, {
      actor: null,
      action: "desktop.changed_outside",
      targetType: "desktop",
      targetId: input.desktopId,
      outcome: "SUCCESS",
      message: `Changed outside the portal: ${changes.join("; ")}.`,
      details: {
        source: "aws",
        workspaceId: observed.workspaceId,
        previousState: previous.state,
        state: observed.state,
        previousRunningMode: previous.runningMode,
        runningMode: mode,
        autoStopTimeoutMinutes: timeout,
      },
    });
  });
}

/**
 * The fleet sweep found, by its portal tag, a desktop the portal asked for but never learned the id
 * of (the create's answer was lost and the worker has not looked yet, or gave up): the row gets its
 * id, and the worker's next look at the operation adopts it instead of creating again.
 */
export async function recordDesktopFoundByTag(
  db: PrismaClient,
  input: { desktopId: string; workspaceId: string; state: string; now?: Date },
): Promise<boolean> {
  const now = input.now ?? new Date();
  return db.$transaction(async (tx) => {
    const linked = await tx.desktop.updateMany({
      where: { id: input.desktopId, workspaceId: null },
      data: { workspaceId: input.workspaceId, state: toDesktopState(input.state, warnUnknownState), stateChangedAt: now, lastSeenAt: now },
    });
    if (linked.count === 0) return false;
    const desktop = await tx.desktop.findUniqueOrThrow({ where: { id: input.desktopId }, select: { requestId: true } });
    if (desktop.requestId) {
      await moveRequest(tx, {
        requestId: desktop.requestId,
        to: "PROVISIONING",
        from: ["APPROVED"],
        at: now,
        message: `Your desktop is being created (${input.workspaceId}).`,
      });
      await settleRequest(tx, desktop.requestId, { state: input.state }, now);
    }
    await recordAudit(tx, {
      actor: null,
      action: "desktop.found_in_aws",
      targetType: "desktop",
      targetId: input.desktopId,
      outcome: "SUCCESS",
      message: `Found ${input.workspaceId} in AWS by the portal's tag; its create answer had been lost.`,
      details: { source: "aws", workspaceId: input.workspaceId, state: input.state },
    });
    return true;
  });
}
