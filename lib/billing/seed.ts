// Billing data for a fresh portal and for the demo.
// - ensureDefaultPrices: the list prices (prices/price-list.ts) as BillingPrice rows where none exist yet;
//   rows an admin edited are never overwritten. Needed in every installation.
// - seedBillingDemo: six demo desktops (owned by people who cannot sign in), each an approved
//   request with a CREATE operation that the worker sends to AWS like any other, so the desktops
//   exist in AWS (the emulator) and reconciliation keeps them. Their billing history starts two
//   months back, with connection sessions from three days before last month until now on fixed
//   daily patterns, so the cost dashboard and the recommendations have something believable to
//   show. Their cost-centre tags go to AWS with the create. Running it again changes nothing but
//   the sessions (re-generated up to the new "now").
//   Money guard: it creates desktops in AWS; call it only for the embedded demo (the emulator).

import type { PrismaClient } from "@/lib/db/generated/client";
import { enqueueOperation } from "@/lib/operations/enqueue";
import { HOUR_MS, monthStartOf } from "./month";
import { LIST_PRICES, PRICE_LIST_REGION, PRICE_LIST_SOURCE, STORAGE_PER_GIB_MONTHLY } from "./prices/price-list";
import { autoStopMinutesFromHours } from "@/lib/desktops/auto-stop";
import type { RunningMode } from "@/lib/db/generated/enums";

/** Creates the default price rows for each region that lacks them (us-east-1 figures elsewhere too). */
export async function ensureDefaultPrices(db: PrismaClient, regions: string[] = [PRICE_LIST_REGION]): Promise<number> {
  let created = 0;
  for (const region of new Set(regions)) {
    const source = region === PRICE_LIST_REGION ? PRICE_LIST_SOURCE : `${PRICE_LIST_SOURCE} (copied for ${region}: check your region's prices)`;
    const existing = await db.billingPrice.findMany({ where: { region }, select: { computeType: true, platform: true } });
    const have = new Set(existing.map((p) => `${p.computeType}|${p.platform}`));
    const missing = LIST_PRICES.filter((p) => !have.has(`${p.computeType}|${p.platform}`));
    if (missing.length === 0) continue;
    const { count } = await db.billingPrice.createMany({
      data: missing.map((p) => ({ ...p, region, currency: "USD", storagePerGiBMonthly: STORAGE_PER_GIB_MONTHLY, source })),
      skipDuplicates: true,
    });
    created += count;
  }
  return created;
}

/** A day's connection, in UTC hours. */
type DailyPattern = { fromHour: number; toHour: number };

export interface DemoBillingDesktop {
  id: string;
  userName: string;
  owner: { email: string; name: string };
  computeType: string;
  platform: "WINDOWS" | "LINUX";
  runningMode: RunningMode;
  autoStopTimeoutHours: number | null;
  /** Connected every day (weekends included) between these hours. */
  pattern: DailyPattern;
  tags: Record<string, string>;
}

// The figures the dashboard shows for last month follow from these rows and the price list:
// each AutoStop desktop bills (toHour − fromHour + timeout) clock hours a day.
export const DEMO_BILLING_DESKTOPS: readonly DemoBillingDesktop[] = [
  {
    id: "demo-billing-erin",
    userName: "erin",
    owner: { email: "erin@example.com", name: "Erin Evans" },
    computeType: "STANDARD",
    platform: "WINDOWS",
    runningMode: "ALWAYS_ON",
    autoStopTimeoutHours: null,
    pattern: { fromHour: 9, toHour: 10 },
    tags: { CostCenter: "CC-1001", Department: "Finance" },
  },
  {
    id: "demo-billing-frank",
    userName: "user0001",
    owner: { email: "frank@example.com", name: "Frank Fischer" },
    computeType: "STANDARD",
    platform: "WINDOWS",
    runningMode: "AUTO_STOP",
    autoStopTimeoutHours: 1,
    pattern: { fromHour: 8, toHour: 18 },
    tags: { CostCenter: "CC-1001", Department: "Finance" },
  },
  {
    id: "demo-billing-grace",
    userName: "user0002",
    owner: { email: "grace@example.com", name: "Grace Green" },
    computeType: "PERFORMANCE",
    platform: "WINDOWS",
    runningMode: "ALWAYS_ON",
    autoStopTimeoutHours: null,
    pattern: { fromHour: 9, toHour: 17 },
    tags: { CostCenter: "CC-2002", Department: "Engineering" },
  },
  {
    id: "demo-billing-heidi",
    userName: "user0003",
    owner: { email: "heidi@example.com", name: "Heidi Hall" },
    computeType: "VALUE",
    platform: "LINUX",
    runningMode: "AUTO_STOP",
    autoStopTimeoutHours: 1,
    pattern: { fromHour: 9, toHour: 10 },
    tags: { CostCenter: "CC-2002", Department: "Engineering" },
  },
  {
    id: "demo-billing-ivan",
    userName: "user0004",
    owner: { email: "ivan@example.com", name: "Ivan Ivanov" },
    computeType: "POWER",
    platform: "WINDOWS",
    runningMode: "ALWAYS_ON",
    autoStopTimeoutHours: null,
    pattern: { fromHour: 10, toHour: 11 },
    tags: { CostCenter: "CC-3003", Department: "Design", BillingExempt: "true" },
  },
  {
    id: "demo-billing-judy",
    userName: "user0005",
    owner: { email: "judy@example.com", name: "Judy Jones" },
    computeType: "STANDARD",
    platform: "LINUX",
    runningMode: "AUTO_STOP",
    autoStopTimeoutHours: 2,
    pattern: { fromHour: 9, toHour: 17 },
    tags: {},
  },
];

const DAY_MS = 24 * HOUR_MS;

/** Start of the demo's usage data: three days before last month began. */
export function demoUsageStart(now: Date): Date {
  const lastMonth = monthStartOf(new Date(monthStartOf(now).getTime() - 1));
  return new Date(lastMonth.getTime() - 3 * DAY_MS);
}

export async function seedBillingDemo(db: PrismaClient, now = new Date()): Promise<{ desktops: number; sessions: number }> {
  const directory = await db.directory.findFirst({ where: { registered: true }, orderBy: { name: "asc" } });
  if (!directory) throw new Error("The billing demo needs a directory registered with WorkSpaces; seed the demo first.");
  await ensureDefaultPrices(db, [PRICE_LIST_REGION, directory.region]);
  const usageStart = demoUsageStart(now);
  // Created well before the data starts, so last month is a whole month for every demo desktop.
  const createdAt = new Date(usageStart.getTime() - 30 * DAY_MS);
  let sessions = 0;
  for (const demo of DEMO_BILLING_DESKTOPS) {
    const bundle = await db.bundle.findFirst({
      where: { region: directory.region, computeType: demo.computeType, platform: demo.platform, owner: "AMAZON" },
      orderBy: { name: "asc" },
    });
    if (!bundle) throw new Error(`The billing demo needs a public ${demo.computeType} ${demo.platform} bundle in ${directory.region}.`);
    const owner = await db.user.upsert({
      where: { email: demo.owner.email },
      create: { email: demo.owner.email, name: demo.owner.name, role: "EMPLOYEE", directoryId: directory.id, directoryUserName: demo.userName },
      update: {},
    });
    const existing = await db.desktop.findUnique({ where: { id: demo.id }, select: { id: true } });
    if (!existing) {
      const timeoutMinutes = demo.autoStopTimeoutHours ? autoStopMinutesFromHours(demo.autoStopTimeoutHours) : null;
      await db.$transaction(async (tx) => {
        const request = await tx.desktopRequest.create({
          data: {
            id: `${demo.id}-request`,
            requesterId: owner.id,
            directoryId: directory.id,
            userName: demo.userName,
            bundleId: bundle.id,
            runningMode: demo.runningMode,
            autoStopTimeoutMinutes: timeoutMinutes,
            justification: "Demo desktop with usage history for the cost pages.",
            status: "APPROVED",
            decidedAt: createdAt,
            decisionReason: "Demo data",
            createdAt,
            events: {
              create: [
                { status: "SUBMITTED", at: createdAt, message: "Request submitted (demo data)." },
                { status: "APPROVED", at: createdAt, message: "Approved (demo data). Your desktop is queued for creation." },
              ],
            },
          },
        });
        await tx.desktop.create({
          data: {
            id: demo.id,
            requestId: request.id,
            ownerId: owner.id,
            directoryId: directory.id,
            userName: demo.userName,
            bundleId: bundle.id,
            runningMode: demo.runningMode,
            autoStopTimeoutMinutes: timeoutMinutes,
            stateChangedAt: createdAt,
            createdAt,
            billingChanges: {
              create: { toMode: demo.runningMode, autoStopTimeoutMinutes: timeoutMinutes, status: "APPLIED", effectiveAt: createdAt, note: "Demo data", createdAt },
            },
          },
        });
        await enqueueOperation(tx, {
          type: "CREATE",
          desktopId: demo.id,
          requestId: request.id,
          region: directory.region,
          directoryId: directory.id,
          payload: { tags: demo.tags },
        });
      });
    }
    await db.desktopTagSet.upsert({
      where: { desktopId: demo.id },
      create: { desktopId: demo.id, tags: demo.tags, refreshedAt: now },
      update: { tags: demo.tags, refreshedAt: now },
    });
    const rows = demoSessions(demo.pattern, usageStart, now).map((s) => ({ desktopId: demo.id, ...s, source: "SEED" }));
    await db.$transaction(async (tx) => {
      await tx.connectionSession.deleteMany({ where: { desktopId: demo.id, source: "SEED" } });
      await tx.connectionSession.createMany({ data: rows });
      // The fleet's "last connection" column, as the usage sampler would have left it.
      const last = rows.at(-1)?.connectedAt;
      if (last) await tx.desktop.updateMany({ where: { id: demo.id, OR: [{ lastConnectedAt: null }, { lastConnectedAt: { lt: last } }] }, data: { lastConnectedAt: last } });
    });
    sessions += rows.length;
  }
  // Usage is known from where the demo data starts (the recommendations need enough of it).
  const earlier = await db.usageSampleRun.findFirst({ where: { at: { lte: usageStart } }, select: { id: true } });
  if (!earlier) await db.usageSampleRun.create({ data: { at: usageStart, desktops: DEMO_BILLING_DESKTOPS.length, connected: 0 } });
  return { desktops: DEMO_BILLING_DESKTOPS.length, sessions };
}

/** One closed session a day from `from` up to `now` (today's cut at now; none in the future). */
export function demoSessions(pattern: DailyPattern, from: Date, now: Date) {
  const out: { connectedAt: Date; disconnectedAt: Date; lastSeenAt: Date }[] = [];
  for (let day = from.getTime(); day < now.getTime(); day += DAY_MS) {
    const connectedAt = new Date(day + pattern.fromHour * HOUR_MS);
    const end = new Date(Math.min(day + pattern.toHour * HOUR_MS, now.getTime()));
    if (end <= connectedAt) continue;
    out.push({ connectedAt, disconnectedAt: end, lastSeenAt: end });
  }
  return out;
}
