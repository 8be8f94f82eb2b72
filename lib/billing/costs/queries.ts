// Reads for costs, recommendations and the cost policy, as plain view models (numbers, ISO
// strings), for admins: callers check access first. Functions the scheduler uses take the client
// explicitly.

import { db } from "@/lib/db/client";
import type { Prisma, PrismaClient } from "@/lib/db/generated/client";
import type { RunningMode } from "@/lib/db/generated/enums";
import { autoStopHoursFromMinutes } from "@/lib/desktops/auto-stop";
import { billingMonthOf, HOUR_MS, type BillingMonth } from "../month";
import { loadPriceIndex } from "../prices/queries";
import { usageKnownFrom } from "../usage/queries";
import { guardrailFromRow } from "@/lib/guardrails/rules";
import { costDesktop, groupCosts, groupCostsByTag, recommendationSaving, type CostGroup, type CostPolicy, type DesktopCostInput, type DesktopCostRow } from "./fleet-costs";
import { TRAILING_WINDOW_MS, type Recommendation } from "./recommendation";
import { RECOMMENDATION_PAGE_SIZE, type RecommendationFilter } from "./schema";

type Client = PrismaClient | Prisma.TransactionClient;

export type BillingPolicyView = CostPolicy & { autoApply: boolean; lastAutoRunAt: string | null };

const DEFAULT_POLICY = {
  autoApply: false,
  exemptTagKey: "BillingExempt",
  costCentreTagKey: "CostCenter",
  departmentTagKey: "Department",
  minObservedHours: 72,
  assumedAutoStopHours: 1,
};

export async function getBillingPolicy(client: Client = db): Promise<BillingPolicyView> {
  const row = await client.billingPolicy.findUnique({ where: { id: "default" } });
  if (!row) return { ...DEFAULT_POLICY, lastAutoRunAt: null };
  return {
    autoApply: row.autoApply,
    exemptTagKey: row.exemptTagKey,
    costCentreTagKey: row.costCentreTagKey,
    departmentTagKey: row.departmentTagKey,
    minObservedHours: row.minObservedHours,
    assumedAutoStopHours: autoStopHoursFromMinutes(row.assumedAutoStopMinutes),
    lastAutoRunAt: row.lastAutoRunAt?.toISOString() ?? null,
  };
}

/** Everything the cost of these desktops in `month` depends on. */
async function loadCostInputs(client: Client, month: BillingMonth, now: Date, desktopIds?: string[]): Promise<DesktopCostInput[]> {
  // Sessions from before the month still bill idle time into it; the trailing window gives the rate.
  const sessionsFrom = new Date(Math.min(month.start.getTime(), now.getTime() - TRAILING_WINDOW_MS) - 48 * HOUR_MS);
  const rows = await client.desktop.findMany({
    where: {
      ...(desktopIds ? { id: { in: desktopIds } } : {}),
      workspaceId: { not: null },
      createdAt: { lt: month.end },
      OR: [{ terminatedAt: null }, { terminatedAt: { gt: month.start } }],
    },
    select: {
      id: true,
      workspaceId: true,
      userName: true,
      ownerId: true,
      owner: { select: { name: true, email: true } },
      bundle: { select: { name: true, computeType: true, platform: true, rootVolumeGiB: true, userVolumeGiB: true } },
      directory: { select: { region: true } },
      state: true,
      runningMode: true,
      autoStopTimeoutMinutes: true,
      createdAt: true,
      terminatedAt: true,
      tagSet: { select: { tags: true } },
      request: { select: { tags: true } },
      billingChanges: { where: { status: { in: ["APPLIED", "PENDING"] } }, orderBy: { effectiveAt: "asc" } },
      connectionSessions: {
        where: { connectedAt: { lt: month.end }, OR: [{ disconnectedAt: null }, { disconnectedAt: { gt: sessionsFrom } }] },
        select: { connectedAt: true, disconnectedAt: true, lastSeenAt: true },
      },
    },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return rows.map((d) => {
    const pending = d.billingChanges.find((c) => c.status === "PENDING") ?? null;
    // AWS's tags as last read win over those the request asked for (written to AWS at creation).
    const tags = { ...((d.request?.tags ?? {}) as Record<string, unknown>), ...((d.tagSet?.tags ?? {}) as Record<string, unknown>) };
    return {
      id: d.id,
      workspaceId: d.workspaceId,
      userName: d.userName,
      ownerId: d.ownerId,
      ownerName: d.owner?.name ?? null,
      ownerEmail: d.owner?.email ?? null,
      bundleName: d.bundle.name,
      computeType: d.bundle.computeType,
      platform: d.bundle.platform,
      region: d.directory.region,
      storageGiB: d.bundle.rootVolumeGiB + d.bundle.userVolumeGiB,
      state: d.state,
      runningMode: d.runningMode,
      autoStopTimeoutMinutes: d.autoStopTimeoutMinutes,
      createdAt: d.createdAt,
      terminatedAt: d.terminatedAt,
      changes: d.billingChanges.filter((c) => c.status === "APPLIED").map((c) => ({ toMode: c.toMode, effectiveAt: c.effectiveAt })),
      pendingChange: pending ? { id: pending.id, toMode: pending.toMode, effectiveAt: pending.effectiveAt } : null,
      tags: Object.fromEntries(Object.entries(tags).filter(([, v]) => typeof v === "string")) as Record<string, string>,
      sessions: d.connectionSessions,
    };
  });
}

export interface FleetCosts {
  month: BillingMonth;
  rows: DesktopCostRow[];
  policy: BillingPolicyView;
  usageKnownFrom: Date | null;
  lastSampleAt: Date | null;
}

/** Cost, projection and recommendation of every desktop that existed in `month`. */
export async function computeFleetCosts(client: Client, month: BillingMonth, now: Date, desktopIds?: string[]): Promise<FleetCosts> {
  const [inputs, prices, policy, usage] = await Promise.all([
    loadCostInputs(client, month, now, desktopIds),
    loadPriceIndex(client),
    getBillingPolicy(client),
    usageKnownFrom(client),
  ]);
  const rows = inputs.map((d) => costDesktop(d, { month, now, prices, policy, usageKnownFrom: usage.from }));
  return { month, rows, policy, usageKnownFrom: usage.from, lastSampleAt: usage.lastSampleAt };
}

export interface CostDashboard {
  monthKey: string;
  monthLabel: string;
  isCurrentMonth: boolean;
  currency: string;
  mixedCurrencies: boolean;
  desktops: number;
  unpriced: number;
  totals: { toDate: number; projected: number };
  groups: Record<"user" | "costCentre" | "department" | "bundle" | "mode", CostGroup[]>;
  saving: { count: number; monthly: number };
  lastSampleAt: string | null;
  tagKeys: { costCentre: string; department: string };
  /** The directories' required tag keys (lib/guardrails): what the dashboard can group by. */
  requiredTagKeys: string[];
  /** Grouped by one of them, when asked. */
  byTag: { key: string; groups: CostGroup[] } | null;
}

/** Every required tag key of every directory's guardrails, A to Z. */
export async function listRequiredTagKeys(client: Client = db): Promise<string[]> {
  const rows = await client.directoryGuardrail.findMany();
  return [...new Set(rows.flatMap((row) => guardrailFromRow(row).requiredTags.map((t) => t.key)))].sort((a, b) => a.localeCompare(b));
}

export async function getCostDashboard(month: BillingMonth, now = new Date(), groupByTag?: string): Promise<CostDashboard> {
  const [fleet, requiredTagKeys] = await Promise.all([computeFleetCosts(db, month, now), listRequiredTagKeys()]);
  const tagKey = groupByTag && requiredTagKeys.includes(groupByTag) ? groupByTag : null;
  const priced = fleet.rows.filter((r) => r.priced);
  const currencies = new Set(priced.map((r) => r.currency!));
  const isCurrentMonth = now >= month.start && now < month.end;
  return {
    monthKey: month.key,
    monthLabel: month.start.toLocaleString("en-US", { month: "long", year: "numeric", timeZone: "UTC" }),
    isCurrentMonth,
    currency: [...currencies][0] ?? "USD",
    mixedCurrencies: currencies.size > 1,
    desktops: fleet.rows.length,
    unpriced: fleet.rows.length - priced.length,
    totals: { toDate: sum(priced.map((r) => r.toDate)), projected: sum(priced.map((r) => r.projected)) },
    groups: {
      user: groupCosts(fleet.rows, "user"),
      costCentre: groupCosts(fleet.rows, "costCentre"),
      department: groupCosts(fleet.rows, "department"),
      bundle: groupCosts(fleet.rows, "bundle"),
      mode: groupCosts(fleet.rows, "mode"),
    },
    saving: isCurrentMonth ? recommendationSaving(fleet.rows) : { count: 0, monthly: 0 },
    lastSampleAt: fleet.lastSampleAt?.toISOString() ?? null,
    tagKeys: { costCentre: fleet.policy.costCentreTagKey, department: fleet.policy.departmentTagKey },
    requiredTagKeys,
    byTag: tagKey ? { key: tagKey, groups: groupCostsByTag(fleet.rows, tagKey) } : null,
  };
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

export type RecommendationRow = Omit<DesktopCostRow, "recommendation"> & {
  recommendation: Omit<Recommendation, "effectiveAt"> & { effectiveAt: string | null };
  pendingChange: { toMode: RunningMode; effectiveAt: string } | null;
};

export type RecommendationKind = "switch" | "blocked" | "keep";

export function recommendationKind(r: Pick<Recommendation, "action" | "blocker">): RecommendationKind {
  if (r.action === "KEEP") return "keep";
  return r.blocker ? "blocked" : "switch";
}

const KIND_RANK: Record<RecommendationKind, number> = { switch: 0, blocked: 1, keep: 2 };

export interface RecommendationList {
  /** One page of the rows that match the filter, switches first (largest saving first). */
  rows: RecommendationRow[];
  /** Rows that match the filter, and pages of them. */
  total: number;
  page: number;
  pages: number;
  /** The whole fleet, whatever the filter: how many of each kind, and what the switches save. */
  counts: Record<RecommendationKind, number> & { monthlySaving: number; currency: string };
  policy: BillingPolicyView;
  lastSampleAt: string | null;
}

/**
 * This month's recommendations, one page at a time: a fleet of thousands would otherwise send
 * every desktop to the browser. Costs are still computed for the whole fleet, for the counts.
 */
export async function listRecommendations(filter: RecommendationFilter, now = new Date(), client: PrismaClient = db): Promise<RecommendationList> {
  const month = billingMonthOf(now);
  const [fleet, pending] = await Promise.all([
    computeFleetCosts(client, month, now),
    client.billingModeChange.findMany({ where: { status: "PENDING" }, select: { desktopId: true, toMode: true, effectiveAt: true } }),
  ]);
  const pendingOf = new Map(pending.map((p) => [p.desktopId, { toMode: p.toMode, effectiveAt: p.effectiveAt.toISOString() }]));
  const live = fleet.rows.filter((r) => !r.state.startsWith("TERMINAT"));
  const counts = { switch: 0, blocked: 0, keep: 0, monthlySaving: 0, currency: "USD" };
  for (const r of live) {
    const kind = recommendationKind(r.recommendation);
    counts[kind] += 1;
    if (kind !== "switch") continue;
    counts.monthlySaving += r.recommendation.monthlySaving;
    counts.currency = r.currency ?? counts.currency;
  }
  const q = filter.q.toLowerCase();
  const matching = live
    .filter((r) => filter.show === "all" || recommendationKind(r.recommendation) === filter.show)
    .filter((r) => !q || [r.userName, r.ownerName, r.ownerEmail, r.workspaceId].some((v) => v?.toLowerCase().includes(q)))
    .sort(
      (a, b) =>
        KIND_RANK[recommendationKind(a.recommendation)] - KIND_RANK[recommendationKind(b.recommendation)] ||
        b.recommendation.monthlySaving - a.recommendation.monthlySaving ||
        a.userName.localeCompare(b.userName),
    );
  const pages = Math.max(1, Math.ceil(matching.length / RECOMMENDATION_PAGE_SIZE));
  const page = Math.min(filter.page, pages);
  const rows = matching.slice((page - 1) * RECOMMENDATION_PAGE_SIZE, page * RECOMMENDATION_PAGE_SIZE).map((r) => ({
    ...r,
    recommendation: { ...r.recommendation, effectiveAt: r.recommendation.effectiveAt?.toISOString() ?? null },
    pendingChange: pendingOf.get(r.id) ?? null,
  }));
  return { rows, total: matching.length, page, pages, counts, policy: fleet.policy, lastSampleAt: fleet.lastSampleAt?.toISOString() ?? null };
}

/** Per-desktop rows of a month for the CSV export, sorted by the group-by tag's value when one is given. */
export async function listCostRows(month: BillingMonth, now = new Date()): Promise<DesktopCostRow[]> {
  return (await computeFleetCosts(db, month, now)).rows;
}
