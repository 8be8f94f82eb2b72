// The autostop_minutes migration: AutoStop timeouts kept in hours are converted to minutes.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { createDb, type DbHandle } from "./client";
import { migrateDatabase } from "./migrate";

const MIGRATIONS = path.resolve("prisma/migrations");
const TARGET = "20261203142716_autostop_minutes";
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-autostop-migration-"));
let handle: DbHandle | undefined;
afterAll(async () => {
  await handle?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it("converts the hours of bulk items and the billing policy to minutes", async () => {
  // Every migration before this one.
  const before = path.join(dir, "migrations");
  fs.mkdirSync(before);
  for (const entry of fs.readdirSync(MIGRATIONS)) {
    if (entry >= TARGET && entry !== "migration_lock.toml") continue;
    fs.cpSync(path.join(MIGRATIONS, entry), path.join(before, entry), { recursive: true });
  }
  handle = createDb({ pgliteDir: path.join(dir, "pglite") });
  const db = handle.db;
  await migrateDatabase(db, { migrationsDir: before });
  await db.$executeRawUnsafe(`INSERT INTO "User" (id, email, name, "updatedAt") VALUES ('u1', 'a@example.com', 'A', now())`);
  await db.$executeRawUnsafe(`INSERT INTO "BulkJob" (id, kind, "createdById", "updatedAt") VALUES ('j1', 'PROVISION', 'u1', now())`);
  await db.$executeRawUnsafe(
    `INSERT INTO "BulkJobItem" (id, "jobId", line, "autoStopTimeoutHours", "updatedAt") VALUES ('i1', 'j1', 2, 3, now()), ('i2', 'j1', 3, NULL, now())`,
  );
  await db.$executeRawUnsafe(`INSERT INTO "BillingPolicy" (id, "assumedAutoStopHours", "updatedAt") VALUES ('default', 2, now())`);

  const result = await migrateDatabase(db, { migrationsDir: MIGRATIONS });
  // This one first (every earlier one was applied above); later migrations may follow.
  expect(result.applied[0]).toBe(TARGET);
  const items = await db.bulkJobItem.findMany({ orderBy: { line: "asc" }, select: { autoStopTimeoutMinutes: true } });
  expect(items).toEqual([{ autoStopTimeoutMinutes: 180 }, { autoStopTimeoutMinutes: null }]);
  expect((await db.billingPolicy.findUniqueOrThrow({ where: { id: "default" } })).assumedAutoStopMinutes).toBe(120);
});
