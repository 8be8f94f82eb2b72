// Leavers at work, in the worker's pass: people disabled in the portal (by an admin, or by the
// IdP's sign-in sync) become leavers; at the leave date their desktops are stopped, and once the
// grace period (LifecycleSettings.leaverGraceDays, default 7 days) has passed they are terminated.
// Each step moves the Leaver row on only from where the pass found it, in the transaction that
// queues its operations, notices and audit events: never twice, whatever crashes in between.

import type { Prisma, PrismaClient } from "@/lib/db/generated/client";
import { recordAuditMany, type AuditInput } from "@/lib/audit/mutations";
import { enqueueOperation } from "@/lib/operations/enqueue";
import { checkDesktopAction } from "@/lib/desktops/rules";
import { notifyLeaverStep } from "./notices";
import { DAY_MS } from "./rules";

type Tx = Prisma.TransactionClient;

export const DEFAULT_LEAVER_GRACE_DAYS = 7;

export async function leaverGraceDays(client: PrismaClient | Tx): Promise<number> {
  return (await client.lifecycleSettings.findUnique({ where: { id: "default" }, select: { leaverGraceDays: true } }))?.leaverGraceDays ?? DEFAULT_LEAVER_GRACE_DAYS;
}

/** Opens a leaver case unless one is open (the partial unique index makes a race harmless). */
export async function openLeavers(tx: Tx, leavers: { userId: string; source: string; reason: string; leaveAt: Date }[]): Promise<number> {
  if (leavers.length === 0) return 0;
  const open = new Set((await tx.leaver.findMany({ where: { userId: { in: leavers.map((l) => l.userId) }, clearedAt: null }, select: { userId: true } })).map((l) => l.userId));
  const fresh = leavers.filter((l) => !open.has(l.userId));
  if (fresh.length === 0) return 0;
  const made = await tx.leaver.createMany({ data: fresh, skipDuplicates: true });
  await recordAuditMany(
    tx,
    fresh.map((l) => ({ actor: null, action: "user.leaver.found", targetType: "user", targetId: l.userId, outcome: "SUCCESS" as const, message: l.reason, details: { source: l.source } })),
  );
  return made.count;
}

/** People disabled in the portal who still have desktops: leavers from now. */
async function findDisabledLeavers(db: PrismaClient, now: Date): Promise<number> {
  const people = await db.user.findMany({
    where: { disabled: true, desktops: { some: { terminatedAt: null, state: { notIn: ["TERMINATED", "TERMINATING"] } } } },
    select: { id: true, source: true },
  });
  const found = people.map((p) => ({ userId: p.id, source: "DISABLED", reason: p.source === "SSO" ? "disabled by the identity provider's sign-in" : "disabled in the portal", leaveAt: now }));
  return found.length ? db.$transaction((tx) => openLeavers(tx, found)) : 0;
}

function desktopsOf(tx: Tx, user: { id: string; directoryId: string | null; directoryUserName: string | null }) {
  return tx.desktop.findMany({
    where: {
      terminatedAt: null,
      state: { notIn: ["TERMINATED", "TERMINATING"] },
      workspaceId: { not: null },
      OR: [
        { ownerId: user.id },
        ...(user.directoryId && user.directoryUserName ? [{ directoryId: user.directoryId, userName: { equals: user.directoryUserName, mode: "insensitive" as const } }] : []),
      ],
    },
    select: { id: true, workspaceId: true, userName: true, requestId: true, directoryId: true, state: true, runningMode: true, stateChangedAt: true, directory: { select: { name: true, region: true } } },
  });
}

export interface LeaverPassSummary {
  found: number;
  stopped: number;
  terminated: number;
}

export async function runLeavers(db: PrismaClient, now: Date): Promise<LeaverPassSummary> {
  const summary: LeaverPassSummary = { found: await findDisabledLeavers(db, now), stopped: 0, terminated: 0 };
  const grace = await leaverGraceDays(db);
  const due = await db.leaver.findMany({
    where: { restoredAt: null, terminatedAt: null, OR: [{ stoppedAt: null, leaveAt: { lte: now } }, { terminateAt: { lte: now } }] },
    orderBy: { leaveAt: "asc" },
  });
  for (const leaver of due) {
    const step = leaver.stoppedAt ? "terminated" : "stopped";
    const done = await db.$transaction((tx) => (step === "stopped" ? stopLeaver(tx, leaver.id, grace, now) : terminateLeaver(tx, leaver.id, now)));
    if (done) summary[step === "stopped" ? "stopped" : "terminated"]++;
  }
  return summary;
}

async function loadLeaver(tx: Tx, leaverId: string) {
  const leaver = await tx.leaver.findUnique({ where: { id: leaverId } });
  if (!leaver) return null;
  const user = await tx.user.findUnique({ where: { id: leaver.userId }, select: { id: true, name: true, email: true, managerEmail: true, directoryId: true, directoryUserName: true } });
  return user ? { leaver, user } : null;
}

const desktopFacts = (d: { id: string; workspaceId: string | null; userName: string; directory: { name: string } }) => ({
  desktopId: d.id,
  workspaceId: d.workspaceId,
  userName: d.userName,
  directoryName: d.directory.name,
});

async function stopLeaver(tx: Tx, leaverId: string, graceDays: number, now: Date): Promise<boolean> {
  const terminateAt = new Date(now.getTime() + graceDays * DAY_MS);
  const moved = await tx.leaver.updateMany({ where: { id: leaverId, stoppedAt: null, restoredAt: null }, data: { stoppedAt: now, terminateAt } });
  if (moved.count === 0) return false;
  const loaded = await loadLeaver(tx, leaverId);
  if (!loaded) return false;
  const { leaver, user } = loaded;
  const desktops = await desktopsOf(tx, user);
  const audits: AuditInput[] = [];
  let notStopped = 0;
  for (const d of desktops) {
    const verdict = d.state === "STOPPED" ? { allowed: false as const, reason: "Already stopped." } : checkDesktopAction(d, "stop", now);
    if (verdict.allowed) {
      const op = await enqueueOperation(tx, { type: "STOP", desktopId: d.id, requestId: d.requestId, region: d.directory.region, directoryId: d.directoryId, payload: {} });
      audits.push({ actor: null, action: "lifecycle.leaver.stop", targetType: "desktop", targetId: d.id, outcome: "SUCCESS", message: `Stop queued: ${user.email} is leaving`, details: { leaverId, operationId: op.id } });
    } else {
      if (d.state !== "STOPPED") notStopped++;
      audits.push({ actor: null, action: "lifecycle.leaver.stop", targetType: "desktop", targetId: d.id, outcome: "SUCCESS", message: `Not stopped (${verdict.reason}); terminated after the grace period`, details: { leaverId } });
    }
  }
  audits.push({ actor: null, action: "user.leaver.stop", targetType: "user", targetId: user.id, outcome: "SUCCESS", message: `Desktops stopped at the leave date; termination due ${terminateAt.toISOString().slice(0, 10)}`, details: { leaverId, desktops: desktops.length } });
  await recordAuditMany(tx, audits);
  await notifyLeaverStep(tx, user.managerEmail, { leaverName: user.name, leaverEmail: user.email, reason: leaver.reason, desktops: desktops.map(desktopFacts), step: "stopped", terminateOn: terminateAt, notStopped }, now);
  return true;
}

async function terminateLeaver(tx: Tx, leaverId: string, now: Date): Promise<boolean> {
  const moved = await tx.leaver.updateMany({ where: { id: leaverId, terminatedAt: null, restoredAt: null, terminateAt: { lte: now } }, data: { terminatedAt: now } });
  if (moved.count === 0) return false;
  const loaded = await loadLeaver(tx, leaverId);
  if (!loaded) return false;
  const { leaver, user } = loaded;
  const desktops = await desktopsOf(tx, user);
  const audits: AuditInput[] = [];
  const terminating = [];
  for (const d of desktops) {
    const verdict = checkDesktopAction(d, "terminate", now);
    const open = await tx.operation.findFirst({ where: { desktopId: d.id, type: "TERMINATE", status: { in: ["QUEUED", "RUNNING"] } }, select: { id: true } });
    if (!verdict.allowed || open) {
      audits.push({ actor: null, action: "lifecycle.leaver.terminate", targetType: "desktop", targetId: d.id, outcome: open ? "SUCCESS" : "FAILURE", message: open ? "Already being terminated" : `Not terminated: ${verdict.allowed ? "" : verdict.reason}`, details: { leaverId } });
      continue;
    }
    const op = await enqueueOperation(tx, { type: "TERMINATE", desktopId: d.id, requestId: d.requestId, region: d.directory.region, directoryId: d.directoryId, payload: {} });
    terminating.push(d);
    audits.push({ actor: null, action: "lifecycle.leaver.terminate", targetType: "desktop", targetId: d.id, outcome: "SUCCESS", message: `Termination queued: ${user.email} left`, details: { leaverId, operationId: op.id } });
  }
  audits.push({ actor: null, action: "user.leaver.terminate", targetType: "user", targetId: user.id, outcome: "SUCCESS", message: "Grace period over: desktops terminated", details: { leaverId, desktops: terminating.length } });
  await recordAuditMany(tx, audits);
  await notifyLeaverStep(tx, user.managerEmail, { leaverName: user.name, leaverEmail: user.email, reason: leaver.reason, desktops: terminating.map(desktopFacts), step: "terminated", terminateOn: null }, now);
  return true;
}
