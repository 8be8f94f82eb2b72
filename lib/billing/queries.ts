// Reads for billing, as plain view models (numbers, ISO strings). Callers check access first:
// everything here is for admins except the desktop card (its owner and staff) and the request
// form's prices (public list prices). Functions the scheduler uses take the client explicitly.

import { db } from "@/lib/db/client";
import type { Prisma, PrismaClient } from "@/lib/db/generated/client";
import { costDesktop, groupCosts, priceKey, recommendationSaving, type CostGroup, type CostPolicy, type DesktopCostInput, type DesktopCostRow } from "./fleet-costs";
import { billingMonthOf, firstOfNextMonth, HOUR_MS, type BillingMonth } from "./month";
import { breakEvenHours, type Price } from "./price";
import { TRAILING_WINDOW_MS, type Recommendation } from "./recommendation";
import { RECOMMENDATION_PAGE_SIZE, type RecommendationFilter } from "./schema";
import { autoStopHoursFromMinutes } from "@/lib/desktops/auto-stop";
import type { RunningMode } from "@/lib/db/generated/enums";

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

type PriceRowDb = Awaited<ReturnType<PrismaClient["billingPrice"]["findMany"]>>[number];

function toPrice(p: PriceRowDb): Price {
  return {
    currency: p.currency,
    alwaysOnMonthly: p.alwaysOnMonthly.toNumber(),
    autoStopMonthly: p.autoStopMonthly.toNumber(),
    autoStopHourly: p.autoStopHourly.toNumber(),
    includedStorageGiB: p.includedStorageGiB,
    storagePerGiBMonthly: p.storagePerGiBMonthly.toNumber(),
  };
}

export async function loadPriceIndex(client: Client = db): Promise<Map<string, Price>> {
  const rows = await client.billingPrice.findMany();
  return new Map(rows.map((p) => [priceKey(p.region, p.computeType, p.platform), toPrice(p)]));
}

export type PriceRowView = Price & {
  id: string;
  region: string;
  computeType: string;
  platform: "WINDOWS" | "LINUX";
  source: string;
  updatedAt: string;
  breakEvenHours: number;
  bundles: string[];
};

/** The price list with each row's break-even and the catalogue bundles it prices. */
export async function listPriceRows(): Promise<{ rows: PriceRowView[]; unpricedBundles: { id: string; name: string; region: string; computeType: string; platform: string }[] }> {
  const [rows, bundles] = await Promise.all([
    db.billingPrice.findMany({ orderBy: [{ region: "asc" }, { platform: "asc" }, { alwaysOnMonthly: "asc" }] }),
    db.bundle.findMany({ where: { available: true }, select: { id: true, name: true, region: true, computeType: true, platform: true }, orderBy: { name: "asc" } }),
  ]);
  const byKey = new Map<string, string[]>();
  for (const b of bundles) {
    const key = priceKey(b.region, b.computeType, b.platform);
    byKey.set(key, [...(byKey.get(key) ?? []), b.name]);
  }
  const keys = new Set(rows.map((p) => priceKey(p.region, p.computeType, p.platform)));
  return {
    rows: rows.map((p) => {
      const price = toPrice(p);
      return {
        ...price,
        id: p.id,
        region: p.region,
        computeType: p.computeType,
        platform: p.platform,
        source: p.source,
        updatedAt: p.updatedAt.toISOString(),
        breakEvenHours: breakEvenHours(price),
        bundles: byKey.get(priceKey(p.region, p.computeType, p.platform)) ?? [],
      };
    }),
    unpricedBundles: bundles.filter((b) => !keys.has(priceKey(b.region, b.computeType, b.platform))),
  };
}

export type BundlePrice = Price & { breakEvenHours: number; storageGiB: number };

/** Prices of the requestable bundles, by bundle id (bundles without a price are absent). */
export async function listBundlePrices(): Promise<Record<string, BundlePrice>> {
  const [bundles, prices] = await Promise.all([
    db.bundle.findMany({ where: { available: true }, select: { id: true, region: true, computeType: true, platform: true, rootVolumeGiB: true, userVolumeGiB: true } }),
    loadPriceIndex(),
  ]);
  const out: Record<string, BundlePrice> = {};
  for (const b of bundles) {
    const price = prices.get(priceKey(b.region, b.computeType, b.platform));
    if (price) out[b.id] = { ...price, breakEvenHours: breakEvenHours(price), storageGiB: b.rootVolumeGiB + b.userVolumeGiB };
  }
  return out;
}

/** When usage is known from: the first sampler run (demo seeds record one for their data). */
async function usageKnownFrom(client: Client): Promise<{ from: Date | null; lastSampleAt: Date | null }> {
  const [first, last] = await Promise.all([
    client.usageSampleRun.findFirst({ orderBy: { at: "asc" }, select: { at: true } }),
    client.usageSampleRun.findFirst({ where: { desktops: { gt: 0 } }, orderBy: { at: "desc" }, select: { at: true } }),
  ]);
  return { from: first?.at ?? null, lastSampleAt: last?.at ?? null };
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
    const tags = (d.tagSet?.tags ?? {}) as Record<string, unknown>;
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
}

export async function getCostDashboard(month: BillingMonth, now = new Date()): Promise<CostDashboard> {
  const fleet = await computeFleetCosts(db, month, now);
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

export type DesktopBillingView = {
  desktopId: string;
  ownerId: string | null;
  /** Created in AWS and not terminated: billing can still change. */
  active: boolean;
  /** Why no cost is shown, if none is. */
  costUnavailable: "NOT_CREATED" | "NO_PRICE" | null;
  mode: RunningMode;
  autoStopTimeoutHours: number | null;
  /** AWS has not confirmed the latest change yet (its operation is queued or running). */
  awaitingAws: boolean;
  lastFailure: { code: string | null; message: string | null } | null;
  pending: { id: string; toMode: RunningMode; autoStopTimeoutHours: number | null; effectiveAt: string } | null;
  history: { id: string; fromMode: string | null; toMode: string; autoStopTimeoutHours: number | null; status: string; effectiveAt: string; note: string | null }[];
  cost: {
    currency: string;
    monthLabel: string;
    toDate: number;
    projected: number;
    billedHoursToDate: number;
    connectedHoursToDate: number;
    breakEvenHours: number;
    projectedHours: number;
  } | null;
  recommendation: (Omit<Recommendation, "effectiveAt"> & { effectiveAt: string | null }) | null;
  openRequest: { id: string; requesterId: string; requesterName: string; toMode: RunningMode; autoStopTimeoutHours: number | null; reason: string; createdAt: string } | null;
  lastDecision: { status: string; toMode: string; decisionReason: string | null; decidedAt: string | null } | null;
  nextMonthStart: string;
};

/** The desktop page's Billing card. */
export async function getDesktopBillingView(desktopId: string, now = new Date()): Promise<DesktopBillingView | null> {
  const desktop = await db.desktop.findUnique({
    where: { id: desktopId },
    select: {
      id: true,
      ownerId: true,
      runningMode: true,
      autoStopTimeoutMinutes: true,
      workspaceId: true,
      state: true,
      terminatedAt: true,
      billingChanges: { orderBy: [{ effectiveAt: "desc" }, { createdAt: "desc" }], take: 20 },
      billingRequests: { orderBy: { createdAt: "desc" }, take: 1, include: { requester: { select: { name: true } } } },
    },
  });
  if (!desktop) return null;
  const month = billingMonthOf(now);
  const fleet = await computeFleetCosts(db, month, now, [desktopId]);
  const row = fleet.rows[0];
  const applied = desktop.billingChanges.find((c) => c.status === "APPLIED" && c.effectiveAt <= now);
  const pending = desktop.billingChanges.find((c) => c.status === "PENDING");
  const latest = desktop.billingChanges.find((c) => c.operationId);
  const operation = latest?.operationId ? await db.operation.findUnique({ where: { id: latest.operationId }, select: { status: true, lastErrorCode: true, lastError: true } }) : null;
  const request = desktop.billingRequests[0];
  const mode = applied?.toMode ?? desktop.runningMode;
  const timeout = applied ? applied.autoStopTimeoutMinutes : desktop.autoStopTimeoutMinutes;
  return {
    desktopId: desktop.id,
    ownerId: desktop.ownerId,
    active: Boolean(desktop.workspaceId) && !desktop.terminatedAt && !desktop.state.startsWith("TERMINAT"),
    costUnavailable: !row ? "NOT_CREATED" : row.priced ? null : "NO_PRICE",
    mode,
    autoStopTimeoutHours: mode === "AUTO_STOP" && timeout ? autoStopHoursFromMinutes(timeout) : null,
    awaitingAws: operation?.status === "QUEUED" || operation?.status === "RUNNING",
    lastFailure: operation?.status === "FAILED" ? { code: operation.lastErrorCode, message: operation.lastError } : null,
    pending: pending
      ? { id: pending.id, toMode: pending.toMode, autoStopTimeoutHours: pending.autoStopTimeoutMinutes ? autoStopHoursFromMinutes(pending.autoStopTimeoutMinutes) : null, effectiveAt: pending.effectiveAt.toISOString() }
      : null,
    history: desktop.billingChanges.map((c) => ({
      id: c.id,
      fromMode: c.fromMode,
      toMode: c.toMode,
      autoStopTimeoutHours: c.autoStopTimeoutMinutes ? autoStopHoursFromMinutes(c.autoStopTimeoutMinutes) : null,
      status: c.status,
      effectiveAt: c.effectiveAt.toISOString(),
      note: c.note,
    })),
    cost:
      row && row.priced
        ? {
            currency: row.currency!,
            monthLabel: month.start.toLocaleString("en-US", { month: "long", year: "numeric", timeZone: "UTC" }),
            toDate: row.toDate,
            projected: row.projected,
            billedHoursToDate: row.billedHoursToDate,
            connectedHoursToDate: row.connectedHoursToDate,
            breakEvenHours: row.recommendation.breakEvenHours,
            projectedHours: row.recommendation.projectedHours,
          }
        : null,
    recommendation: row ? { ...row.recommendation, effectiveAt: row.recommendation.effectiveAt?.toISOString() ?? null } : null,
    openRequest:
      request && request.status === "SUBMITTED"
        ? {
            id: request.id,
            requesterId: request.requesterId,
            requesterName: request.requester.name,
            toMode: request.toMode,
            autoStopTimeoutHours: request.autoStopTimeoutMinutes ? autoStopHoursFromMinutes(request.autoStopTimeoutMinutes) : null,
            reason: request.reason,
            createdAt: request.createdAt.toISOString(),
          }
        : null,
    lastDecision:
      request && request.status !== "SUBMITTED"
        ? { status: request.status, toMode: request.toMode, decisionReason: request.decisionReason, decidedAt: request.decidedAt?.toISOString() ?? null }
        : null,
    nextMonthStart: firstOfNextMonth(now).toISOString(),
  };
}

export type BillingRequestRow = {
  id: string;
  desktopId: string;
  desktopOwnerId: string | null;
  requesterId: string;
  userName: string;
  bundleName: string;
  requesterName: string;
  requesterEmail: string;
  fromMode: string;
  toMode: RunningMode;
  autoStopTimeoutHours: number | null;
  reason: string;
  status: string;
  createdAt: string;
  deciderName: string | null;
  decisionReason: string | null;
};

export async function listBillingRequests(status: "SUBMITTED" | "ALL"): Promise<BillingRequestRow[]> {
  const rows = await db.billingModeRequest.findMany({
    where: status === "ALL" ? {} : { status },
    include: {
      requester: { select: { name: true, email: true } },
      decider: { select: { name: true } },
      desktop: { select: { ownerId: true, userName: true, runningMode: true, bundle: { select: { name: true } } } },
    },
    orderBy: { createdAt: status === "ALL" ? "desc" : "asc" },
    take: 200,
  });
  return rows.map((r) => ({
    id: r.id,
    desktopId: r.desktopId,
    desktopOwnerId: r.desktop.ownerId,
    requesterId: r.requesterId,
    userName: r.desktop.userName,
    bundleName: r.desktop.bundle.name,
    requesterName: r.requester.name,
    requesterEmail: r.requester.email,
    fromMode: r.desktop.runningMode,
    toMode: r.toMode,
    autoStopTimeoutHours: r.autoStopTimeoutMinutes ? autoStopHoursFromMinutes(r.autoStopTimeoutMinutes) : null,
    reason: r.reason,
    status: r.status,
    createdAt: r.createdAt.toISOString(),
    deciderName: r.decider?.name ?? null,
    decisionReason: r.decisionReason,
  }));
}

/** What policy needs to decide on a billing request: the desktop's owner. */
export async function loadBillingRequestForPolicy(id: string) {
  const r = await db.billingModeRequest.findUnique({ where: { id }, select: { id: true, status: true, requesterId: true, desktopId: true, desktop: { select: { ownerId: true } } } });
  return r ? { id: r.id, status: r.status, requesterId: r.requesterId, desktopId: r.desktopId, desktop: { ownerId: r.desktop.ownerId } } : null;
}

/** What policy needs about a scheduled change: its desktop's owner. */
export async function loadBillingChangeForPolicy(id: string) {
  const c = await db.billingModeChange.findUnique({ where: { id }, select: { id: true, status: true, desktopId: true, desktop: { select: { ownerId: true } } } });
  return c ? { id: c.id, status: c.status, desktopId: c.desktopId, desktop: { ownerId: c.desktop.ownerId } } : null;
}

/** Per-desktop rows of a month for the CSV export. */
export async function listCostRows(month: BillingMonth, now = new Date()): Promise<DesktopCostRow[]> {
  return (await computeFleetCosts(db, month, now)).rows;
}
