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
