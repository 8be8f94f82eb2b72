// The desktop_state_enum migration keeps every existing row's state and turns a text the enum does
// not know into UNKNOWN, rather than failing the upgrade.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { createDb, type DbHandle } from "@/lib/db/client";
import { defaultMigrationsDir, migrateDatabase } from "@/lib/db/migrate";

const MIGRATION = "20261203140542_desktop_state_enum";
const temp = fs.mkdtempSync(path.join(os.tmpdir(), "portal-desktop-state-"));
let handle: DbHandle | undefined;
afterAll(async () => {
  await handle?.close();
  fs.rmSync(temp, { recursive: true, force: true });
});

it("converts existing desktop rows: known states kept, anything else UNKNOWN", async () => {
  const before = path.join(temp, "migrations");
  fs.cpSync(defaultMigrationsDir(), before, { recursive: true });
  // The database as it was before this migration (and any later one).
  for (const name of fs.readdirSync(before)) if (name >= MIGRATION && name !== "migration_lock.toml") fs.rmSync(path.join(before, name), { recursive: true });
  handle = createDb({ pgliteDir: path.join(temp, "pglite") });
  const db = handle.db;
  await migrateDatabase(db, { migrationsDir: before });

  await db.$executeRawUnsafe(`INSERT INTO "Directory" (id, name, type, region, stage) VALUES ('d-1', 'corp', 'SIMPLE_AD', 'us-east-1', 'Active')`);
  await db.$executeRawUnsafe(
    `INSERT INTO "Bundle" (id, name, owner, "computeType", platform, "rootVolumeGiB", "userVolumeGiB", region) VALUES ('wsb-1', 'b', 'AMAZON', 'STANDARD', 'WINDOWS', 80, 50, 'us-east-1')`,
  );
  const states = ["REQUESTED", "AVAILABLE", "ADMIN_MAINTENANCE", "STOPPED", "HIBERNATING"];
  for (const [n, state] of states.entries()) {
    await db.$executeRawUnsafe(
      `INSERT INTO "Desktop" (id, "directoryId", "userName", "bundleId", "runningMode", state, "updatedAt") VALUES ('desk-${n}', 'd-1', 'user${n}', 'wsb-1', 'AUTO_STOP', '${state}', now())`,
    );
  }

  const result = await migrateDatabase(db);
  expect(result.applied).toContain(MIGRATION);
  const rows = await db.desktop.findMany({ orderBy: { id: "asc" }, select: { state: true } });
  expect(rows.map((r) => r.state)).toEqual(["REQUESTED", "AVAILABLE", "ADMIN_MAINTENANCE", "STOPPED", "UNKNOWN"]);
  // New rows still start as REQUESTED.
  await db.$executeRawUnsafe(`INSERT INTO "Desktop" (id, "directoryId", "userName", "bundleId", "runningMode", "updatedAt") VALUES ('desk-new', 'd-1', 'new', 'wsb-1', 'AUTO_STOP', now())`);
  expect((await db.desktop.findUniqueOrThrow({ where: { id: "desk-new" } })).state).toBe("REQUESTED");
}, 300_000); // every migration from scratch on PGlite
