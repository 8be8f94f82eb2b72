import { afterAll, beforeAll, expect, it } from "vitest";
import type { PrismaClient } from "./generated/client";
import { createTestDb } from "@/test-support/test-db";
import { insertMany } from "./insert-many";

let db: PrismaClient;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ db, close } = await createTestDb());
});
afterAll(async () => close?.());

it("inserts every type of column, nulls included, in one statement", async () => {
  const at = new Date("2026-11-24T10:00:00.123Z");
  await db.user.create({ data: { id: "u1", email: "a@example.com", name: "A" } });
  await db.directory.create({ data: { id: "d-1234567890", name: "corp", type: "SIMPLE_AD", region: "us-east-1", stage: "Active" } });
  await db.bundle.create({ data: { id: "wsb-abcdefgh1", name: "B", owner: "AMAZON", computeType: "VALUE", platform: "WINDOWS", rootVolumeGiB: 80, userVolumeGiB: 10, region: "us-east-1" } });
  const count = await insertMany(
    db,
    "Desktop",
    { id: "text", directoryId: "text", userName: "text", bundleId: "text", runningMode: { enum: "RunningMode" }, autoStopTimeoutMinutes: "int", rootVolumeEncrypted: "boolean", stateChangedAt: "timestamptz", updatedAt: "timestamptz", ownerId: "text" },
    [
      { id: "k1", directoryId: "d-1234567890", userName: "o'brien", bundleId: "wsb-abcdefgh1", runningMode: "AUTO_STOP", autoStopTimeoutMinutes: 120, rootVolumeEncrypted: true, stateChangedAt: at, updatedAt: at, ownerId: "u1" },
      { id: "k2", directoryId: "d-1234567890", userName: "b", bundleId: "wsb-abcdefgh1", runningMode: "ALWAYS_ON", autoStopTimeoutMinutes: null, rootVolumeEncrypted: false, stateChangedAt: at, updatedAt: at, ownerId: null },
    ],
  );
  expect(count).toBe(2);
  const rows = await db.desktop.findMany({ orderBy: { id: "asc" } });
  expect(rows.map((r) => [r.id, r.userName, r.runningMode, r.autoStopTimeoutMinutes, r.rootVolumeEncrypted, r.stateChangedAt.toISOString(), r.ownerId, r.state])).toEqual([
    ["k1", "o'brien", "AUTO_STOP", 120, true, at.toISOString(), "u1", "REQUESTED"],
    ["k2", "b", "ALWAYS_ON", null, false, at.toISOString(), null, "REQUESTED"],
  ]);

  await insertMany(db, "AuditEvent", { id: "text", action: "text", outcome: { enum: "AuditOutcome" }, details: "jsonb" }, [
    { id: "a1", action: "x", outcome: "SUCCESS", details: { line: 3, tags: { "Cost;Centre": "4\"2" } } },
    { id: "a2", action: "y", outcome: "FAILURE", details: null },
  ]);
  const audit = await db.auditEvent.findMany({ orderBy: { id: "asc" } });
  expect(audit.map((a) => [a.outcome, a.details])).toEqual([
    ["SUCCESS", { line: 3, tags: { "Cost;Centre": "4\"2" } }],
    ["FAILURE", null],
  ]);
  expect(await insertMany(db, "AuditEvent", { id: "text" }, [])).toBe(0);
});

it("refuses names that are not plain identifiers", async () => {
  await expect(insertMany(db, "AuditEvent", { 'id") VALUES (1); --': "text" } as never, [{}])).rejects.toThrow(/not an identifier/);
});
