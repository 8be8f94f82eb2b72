// Reads for the lifecycle pages, as plain view models: callers check access first. The functions
// tests and the worker use take the client explicitly.

import { db } from "@/lib/db/client";
import type { Prisma, PrismaClient } from "@/lib/db/generated/client";
import { billingMonthOf } from "@/lib/billing/month";
import { computeFleetCosts } from "@/lib/billing/costs/queries";
import { roundMoney } from "@/lib/billing/prices/price";
import { loadLifecycleDesktops } from "./desktops";
import { inactivity, type InactivityKind } from "./rules";

type Client = PrismaClient | Prisma.TransactionClient;

export interface InactiveDesktopRow {
  id: string;
  workspaceId: string | null;
  userName: string;
  directoryName: string;
  ownerName: string | null;
  bundleName: string;
  state: string;
  runningMode: string;
  kind: InactivityKind;
  since: string;
  days: number;
  lastConnectedAt: string | null;
  /** This month's projected cost (lib/billing), null when no price is known for its bundle. */
  monthlyCost: number | null;
  currency: string | null;
  warnedAt: string | null;
}

export interface InactiveDesktops {
  days: number;
  rows: InactiveDesktopRow[];
  /** Sums per currency of the listed desktops' monthly costs. */
  totals: { currency: string; monthly: number }[];
}

/** Desktops never used or idle for `days` days, oldest inactivity first, with what they cost a month. */
export async function listInactiveDesktops(days: number, now = new Date(), client: Client = db): Promise<InactiveDesktops> {
  const desktops = await loadLifecycleDesktops(client);
  const inactive = desktops.flatMap((d) => {
    const idle = inactivity(d, days, now);
    return idle ? [{ d, idle }] : [];
  });
  const costs = inactive.length ? await computeFleetCosts(client as PrismaClient, billingMonthOf(now), now, inactive.map((i) => i.d.id)) : null;
  const costOf = new Map(costs?.rows.map((r) => [r.id, r]) ?? []);
  const rows: InactiveDesktopRow[] = inactive
    .map(({ d, idle }) => {
      const cost = costOf.get(d.id);
      return {
        id: d.id,
        workspaceId: d.workspaceId,
        userName: d.userName,
        directoryName: d.directoryName,
        ownerName: d.ownerName,
        bundleName: d.bundleName,
        state: d.state,
        runningMode: d.runningMode,
        kind: idle.kind,
        since: idle.since.toISOString(),
        days: idle.days,
        lastConnectedAt: d.lastConnectedAt?.toISOString() ?? null,
        monthlyCost: cost?.priced ? roundMoney(cost.projected) : null,
        currency: cost?.currency ?? null,
        warnedAt: d.lifecycle?.warnedAt?.toISOString() ?? null,
      };
    })
    .sort((a, b) => a.since.localeCompare(b.since));
  const totals = new Map<string, number>();
  for (const r of rows) if (r.monthlyCost !== null && r.currency) totals.set(r.currency, (totals.get(r.currency) ?? 0) + r.monthlyCost);
  return { days, rows, totals: [...totals].map(([currency, monthly]) => ({ currency, monthly: roundMoney(monthly) })) };
}

export interface PolicyRow {
  id: string;
  name: string;
  directoryId: string | null;
  directoryName: string | null;
  tagKey: string | null;
  tagValue: string | null;
  inactiveDays: number;
  stopAfterDays: number | null;
  terminateAfterDays: number | null;
  exemptTagKey: string;
  enabled: boolean;
  dryRunAt: string | null;
  lastRunAt: string | null;
  openWarnings: number;
}

export async function listLifecyclePolicies(client: Client = db): Promise<PolicyRow[]> {
  const [policies, directories, open] = await Promise.all([
    client.lifecyclePolicy.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }] }),
    client.directory.findMany({ select: { id: true, name: true } }),
    client.desktopLifecycle.groupBy({ by: ["policyId"], where: { warnedAt: { not: null }, terminatedAt: null }, _count: { _all: true } }),
  ]);
  const nameOf = new Map(directories.map((d) => [d.id, d.name]));
  const openOf = new Map(open.map((o) => [o.policyId, o._count._all]));
  return policies.map((p) => ({
    id: p.id,
    name: p.name,
    directoryId: p.directoryId,
    directoryName: p.directoryId ? (nameOf.get(p.directoryId) ?? p.directoryId) : null,
    tagKey: p.tagKey,
    tagValue: p.tagValue,
    inactiveDays: p.inactiveDays,
    stopAfterDays: p.stopAfterDays,
    terminateAfterDays: p.terminateAfterDays,
    exemptTagKey: p.exemptTagKey,
    enabled: p.enabled,
    dryRunAt: p.dryRunAt?.toISOString() ?? null,
    lastRunAt: p.lastRunAt?.toISOString() ?? null,
    openWarnings: openOf.get(p.id) ?? 0,
  }));
}

export async function listDirectoryChoices(client: Client = db) {
  return client.directory.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } });
}

export interface LeaverRow {
  id: string;
  userId: string;
  name: string;
  email: string;
  managerEmail: string | null;
  source: string;
  reason: string;
  leaveAt: string;
  stoppedAt: string | null;
  terminateAt: string | null;
  terminatedAt: string | null;
  restoredAt: string | null;
  /** An admin may still restore access (the desktops are not being terminated yet). */
  restorable: boolean;
}

/** Open leavers, and those of the last 90 days that were terminated or restored. */
export async function listLeavers(now = new Date(), client: Client = db): Promise<LeaverRow[]> {
  const since = new Date(now.getTime() - 90 * 86_400_000);
  const leavers = await client.leaver.findMany({
    where: { OR: [{ clearedAt: null }, { createdAt: { gte: since } }] },
    orderBy: [{ leaveAt: "desc" }, { id: "asc" }],
    take: 200,
  });
  const users = await client.user.findMany({ where: { id: { in: leavers.map((l) => l.userId) } }, select: { id: true, name: true, email: true, managerEmail: true } });
  const userOf = new Map(users.map((u) => [u.id, u]));
  return leavers.map((l) => ({
    id: l.id,
    userId: l.userId,
    name: userOf.get(l.userId)?.name ?? "(deleted)",
    email: userOf.get(l.userId)?.email ?? "",
    managerEmail: userOf.get(l.userId)?.managerEmail ?? null,
    source: l.source,
    reason: l.reason,
    leaveAt: l.leaveAt.toISOString(),
    stoppedAt: l.stoppedAt?.toISOString() ?? null,
    terminateAt: l.terminateAt?.toISOString() ?? null,
    terminatedAt: l.terminatedAt?.toISOString() ?? null,
    restoredAt: l.restoredAt?.toISOString() ?? null,
    restorable: !l.restoredAt && !l.terminatedAt,
  }));
}

export async function getLifecycleSettings(client: Client = db) {
  const row = await client.lifecycleSettings.findUnique({ where: { id: "default" } });
  return { leaverGraceDays: row?.leaverGraceDays ?? 7, lastDirectoryCheckAt: row?.lastDirectoryCheckAt?.toISOString() ?? null };
}

/** The owner's keep page: the desktop and its open warning, if any. */
export async function getKeepView(desktopId: string, client: Client = db) {
  const desktop = await client.desktop.findUnique({
    where: { id: desktopId },
    select: { id: true, ownerId: true, workspaceId: true, userName: true, state: true, terminatedAt: true, directory: { select: { name: true } } },
  });
  if (!desktop) return null;
  const c = await client.desktopLifecycle.findUnique({ where: { desktopId } });
  return {
    id: desktop.id,
    ownerId: desktop.ownerId,
    label: `${desktop.userName}'s desktop${desktop.workspaceId ? ` ${desktop.workspaceId}` : ""} in ${desktop.directory.name}`,
    gone: Boolean(desktop.terminatedAt) || desktop.state === "TERMINATED" || desktop.state === "TERMINATING" || Boolean(c?.terminatedAt),
    warnedAt: c?.warnedAt?.toISOString() ?? null,
    keptAt: c?.keptAt?.toISOString() ?? null,
  };
}

/** A user's open leaver case, for their admin page. */
export async function getOpenLeaver(userId: string, client: Client = db) {
  const l = await client.leaver.findFirst({ where: { userId, clearedAt: null, restoredAt: null } });
  return l ? { leaveOn: l.leaveAt.toISOString().slice(0, 10), stopped: Boolean(l.stoppedAt), terminateAt: l.terminateAt?.toISOString() ?? null, reason: l.reason } : null;
}
