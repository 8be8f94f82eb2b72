// A migrated test database with what billing's integration tests share: a directory, five AWS
// bundles, three people (employee, approver, admin), the default prices, and a way to add desktops
// with their billing history.
import { afterAll, beforeAll } from "vitest";
import type { PrismaClient } from "@/lib/db/generated/client";
import { ensureDefaultPrices } from "@/lib/billing/seed";
import type { DesktopState } from "@/lib/desktops/desktop-state";
import { createTestDb } from "./test-db";

export const BILLING_DIRECTORY = "d-9067000001";
export const billingPeople = {
  alice: { id: "u-alice", email: "alice@example.com", name: "Alice", role: "EMPLOYEE" as const },
  carol: { id: "u-carol", email: "carol@example.com", name: "Carol", role: "APPROVER" as const },
  dave: { id: "u-dave", email: "dave@example.com", name: "Dave", role: "ADMIN" as const },
};
const BUNDLES = [
  { id: "wsb-v7ko4r7f1", name: "Standard with Windows 10 (Server 2022 based)", computeType: "STANDARD", platform: "WINDOWS" as const, rootVolumeGiB: 80, userVolumeGiB: 50 },
  { id: "wsb-7y5x2otlg", name: "Performance with Windows 10 (Server 2022 based)", computeType: "PERFORMANCE", platform: "WINDOWS" as const, rootVolumeGiB: 80, userVolumeGiB: 100 },
  { id: "wsb-a5frhw29a", name: "Power with Windows 10 (Server 2022 based)", computeType: "POWER", platform: "WINDOWS" as const, rootVolumeGiB: 175, userVolumeGiB: 100 },
  { id: "wsb-a0i7ctwju", name: "Value with Amazon Linux 2", computeType: "VALUE", platform: "LINUX" as const, rootVolumeGiB: 80, userVolumeGiB: 10 },
  { id: "wsb-f8dj8akz1", name: "Standard with Amazon Linux 2", computeType: "STANDARD", platform: "LINUX" as const, rootVolumeGiB: 80, userVolumeGiB: 50 },
];

export interface BillingTestDb {
  db: PrismaClient;
  close: () => Promise<void>;
  /** Alice's desktop in AWS (Standard Windows), its mode applied since `createdAt` (default 1 October 2026). */
  desktop(extra: { runningMode: "AUTO_STOP" | "ALWAYS_ON"; state?: DesktopState; ownerId?: string; createdAt?: Date }): ReturnType<PrismaClient["desktop"]["create"]>;
  /** The desktop's audit events, oldest first. */
  auditOf(desktopId: string): ReturnType<PrismaClient["auditEvent"]["findMany"]>;
}

export async function openBillingTestDb(): Promise<BillingTestDb> {
  const { db, close } = await createTestDb();
  await db.directory.create({ data: { id: BILLING_DIRECTORY, name: "corp.example.com", type: "SIMPLE_AD", region: "us-east-1", stage: "Active", registered: true, registrationCode: "SLiad+C0RP7X" } });
  for (const b of BUNDLES) await db.bundle.create({ data: { ...b, owner: "AMAZON", region: "us-east-1" } });
  for (const p of Object.values(billingPeople)) await db.user.create({ data: { ...p, directoryId: BILLING_DIRECTORY, directoryUserName: p.email.split("@")[0] } });
  await ensureDefaultPrices(db);
  let counter = 0;
  return {
    db,
    close,
    desktop(extra) {
      counter++;
      const createdAt = extra.createdAt ?? new Date("2026-10-01T00:00:00Z");
      const timeout = extra.runningMode === "AUTO_STOP" ? 60 : null;
      return db.desktop.create({
        data: {
          workspaceId: `ws-test${String(counter).padStart(5, "0")}`,
          ownerId: extra.ownerId ?? billingPeople.alice.id,
          directoryId: BILLING_DIRECTORY,
          userName: "alice",
          bundleId: BUNDLES[0].id,
          runningMode: extra.runningMode,
          autoStopTimeoutMinutes: timeout,
          state: extra.state ?? "AVAILABLE",
          createdAt,
          billingChanges: { create: { toMode: extra.runningMode, autoStopTimeoutMinutes: timeout, status: "APPLIED", effectiveAt: createdAt } },
        },
      });
    },
    auditOf: (desktopId) => db.auditEvent.findMany({ where: { targetType: "desktop", targetId: desktopId }, orderBy: { at: "asc" } }),
  };
}

/** The billing test database for this test file: opened before its tests, closed after them. */
export function useBillingTestDb(): BillingTestDb {
  let fx: BillingTestDb | undefined;
  beforeAll(async () => {
    fx = await openBillingTestDb();
  });
  afterAll(() => fx?.close());
  const opened = () => {
    if (!fx) throw new Error("The billing test database is opened in beforeAll: use it inside a test.");
    return fx;
  };
  return {
    get db() {
      return opened().db;
    },
    close: () => opened().close(),
    desktop: (extra) => opened().desktop(extra),
    auditOf: (desktopId) => opened().auditOf(desktopId),
  };
}
