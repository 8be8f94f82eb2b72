// The fleet list on a real database: filters, pages, and the short-lived shared read that lets
// many admins watch the fleet without each counting every desktop.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { PrismaClient } from "@/lib/db/generated/client";
import { createTestDb } from "@/test-support/test-db";
import { fleetFilterSchema } from "./schema";
import type { DesktopState } from "./desktop-state";
import { volumeEncryptionText } from "./volume-encryption";

let testDb: PrismaClient;
vi.mock("@/lib/db/client", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/db/client")>()),
  get db() {
    return testDb;
  },
}));

const { getDesktopView, listFleet, FLEET_LIST_MAX_AGE_MS } = await import("./queries");

let close: () => Promise<void>;
beforeAll(async () => {
  const handle = await createTestDb();
  testDb = handle.db;
  close = handle.close;
  await testDb.directory.create({ data: { id: "d-1234567890", name: "corp.example.com", type: "SIMPLE_AD", region: "us-east-1", stage: "Active" } });
  await testDb.bundle.create({
    data: { id: "wsb-abcdefghi", name: "Standard with Windows", owner: "AMAZON", computeType: "STANDARD", platform: "WINDOWS", rootVolumeGiB: 80, userVolumeGiB: 50, region: "us-east-1" },
  });
});
afterAll(async () => close?.());

const desktop = (n: number, state: DesktopState) => ({
  workspaceId: `ws-${String(n).padStart(9, "0")}`,
  directoryId: "d-1234567890",
  userName: `user${n}`,
  bundleId: "wsb-abcdefghi",
  runningMode: "AUTO_STOP" as const,
  state,
  createdAt: new Date(Date.UTC(2026, 0, 1, 0, n)),
});

// Each test uses its own filter so that a list read by an earlier test is not served again.
beforeEach(async () => {
  await testDb.desktop.deleteMany();
});

describe("listFleet", () => {
  it("lists newest first, without terminated desktops unless asked, by page", async () => {
    await testDb.desktop.createMany({ data: [...Array.from({ length: 30 }, (_, i) => desktop(i, "AVAILABLE")), desktop(99, "TERMINATED")] });
    const first = await listFleet(fleetFilterSchema.parse({ runningMode: "AUTO_STOP" }));
    expect(first.total).toBe(30);
    expect(first.rows[0]).toMatchObject({ userName: "user29", state: "AVAILABLE", bundleName: "Standard with Windows", platform: "WINDOWS" });
    const terminated = await listFleet(fleetFilterSchema.parse({ state: "TERMINATED" }));
    expect(terminated.rows.map((r) => r.userName)).toEqual(["user99"]);
    const search = await listFleet(fleetFilterSchema.parse({ q: "USER2" }));
    expect(search.rows.map((r) => r.userName).sort()).toEqual(["user2", ...Array.from({ length: 10 }, (_, i) => `user2${i}`)].sort());
  });

  it("serves one read to everyone asking for the same list within the age limit, then reads again", async () => {
    await testDb.desktop.createMany({ data: [desktop(1, "PENDING"), desktop(2, "PENDING")] });
    const filter = fleetFilterSchema.parse({ state: "PENDING" });
    const queries = vi.spyOn(testDb.desktop, "count");

    const together = await Promise.all([listFleet(filter), listFleet(filter), listFleet(filter)]);
    expect(together.map((p) => p.total)).toEqual([2, 2, 2]);
    expect(queries).toHaveBeenCalledTimes(1);

    await testDb.desktop.update({ where: { workspaceId: "ws-000000001" }, data: { state: "AVAILABLE" } });
    expect((await listFleet(filter)).total).toBe(2); // still the shared read
    // A different list is its own read.
    expect((await listFleet({ ...filter, page: 2 })).rows).toEqual([]);
    expect(queries).toHaveBeenCalledTimes(2);

    await new Promise((resolve) => setTimeout(resolve, FLEET_LIST_MAX_AGE_MS + 100));
    const fresh = await listFleet(filter);
    expect(fresh.total).toBe(1);
    expect(fresh.rows.map((r) => r.userName)).toEqual(["user2"]);
    queries.mockRestore();
  });

  it("does not keep a failed read", async () => {
    await testDb.desktop.createMany({ data: [desktop(1, "ERROR")] });
    const filter = fleetFilterSchema.parse({ state: "ERROR" });
    const count = vi.spyOn(testDb.desktop, "count").mockRejectedValueOnce(new Error("connection lost"));
    await expect(listFleet(filter)).rejects.toThrow("connection lost");
    expect((await listFleet(filter)).total).toBe(1);
    count.mockRestore();
  });
});

describe("the desktop page's volume encryption", () => {
  it("says which volumes are encrypted and with which KMS key, and says plainly when a desktop is not encrypted", async () => {
    const key = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    const [encrypted, userOnly, plain] = await Promise.all([
      testDb.desktop.create({ data: { ...desktop(1, "AVAILABLE"), rootVolumeEncrypted: true, userVolumeEncrypted: true, volumeEncryptionKey: key } }),
      testDb.desktop.create({ data: { ...desktop(2, "AVAILABLE"), rootVolumeEncrypted: false, userVolumeEncrypted: true, volumeEncryptionKey: key } }),
      testDb.desktop.create({ data: desktop(3, "AVAILABLE") }),
    ]);
    const text = async (id: string) => {
      const view = await getDesktopView(id);
      return view && { encryption: view.encryption, shown: volumeEncryptionText(view.encryption) };
    };
    expect(await text(encrypted.id)).toEqual({ encryption: { root: true, user: true, key }, shown: `System and user volumes encrypted with KMS key ${key}` });
    expect((await text(userOnly.id))?.shown).toBe(`User volume encrypted with KMS key ${key}`);
    expect(await text(plain.id)).toEqual({ encryption: { root: false, user: false, key: null }, shown: "Not encrypted" });
  });
});
