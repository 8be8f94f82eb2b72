// Migrations, CRUD and queue claims on a fresh PGlite folder, and on PostgreSQL when TEST_DATABASE_URL
// is set (e.g. TEST_DATABASE_URL=$(scripts/pg-test-server.sh start | tail -1)).
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type DbHandle } from "./client";
import { Prisma } from "./generated/client";
import { migrateDatabase, migrationChecksum, readMigrations, scriptMatchesChecksum } from "./migrate";

const MIGRATIONS_DIR = path.resolve("prisma/migrations");
const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL?.trim() || undefined;
if (!TEST_DATABASE_URL) {
  console.log("lib/db/migrate.test.ts: PostgreSQL cases SKIPPED (set TEST_DATABASE_URL; see scripts/pg-test-server.sh)");
}

interface Backend {
  name: "PGlite" | "PostgreSQL";
  enabled: boolean;
  /** An empty database; `open()` gives another client on the same database. */
  fresh(): Promise<{ open(): DbHandle; drop(): Promise<void> }>;
}

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});
function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

const backends: Backend[] = [
  {
    name: "PGlite",
    enabled: true,
    async fresh() {
      const dir = path.join(tempDir("portal-migrate-test-"), "pglite");
      return { open: () => createDb({ pgliteDir: dir }), drop: async () => {} };
    },
  },
  {
    name: "PostgreSQL",
    enabled: TEST_DATABASE_URL !== undefined,
    async fresh() {
      const server = TEST_DATABASE_URL!;
      const name = `portal_migrate_test_${randomBytes(4).toString("hex")}`;
      await adminQuery(server, `CREATE DATABASE "${name}"`);
      const url = new URL(server);
      url.pathname = `/${name}`;
      return {
        open: () => createDb({ databaseUrl: url.toString() }),
        drop: () => adminQuery(server, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
      };
    },
  },
];

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A copy of the migrations folder to change in a test. */
function migrationsCopy(): string {
  const dir = path.join(tempDir("portal-migrations-"), "migrations");
  fs.cpSync(MIGRATIONS_DIR, dir, { recursive: true });
  return dir;
}

const local = readMigrations(MIGRATIONS_DIR);

describe("Prisma's checksum", () => {
  it("is the sha256 of the file, line-ending agnostic, and accepts the old unpadded form", () => {
    expect(migrationChecksum("hello")).toBe("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
    expect(scriptMatchesChecksum("a\r\nb\r\n", migrationChecksum("a\nb\n"))).toBe(true);
    expect(scriptMatchesChecksum("a\nb\n", migrationChecksum("a\r\nb\r\n"))).toBe(true);
    expect(scriptMatchesChecksum("abc\n", migrationChecksum("abc"))).toBe(false);
    const unpadded = Array.from(createHash("sha256").update("hello").digest(), (b) => b.toString(16)).join("");
    expect(scriptMatchesChecksum("hello", unpadded)).toBe(true);
  });
});

for (const backend of backends) {
  describe.skipIf(!backend.enabled)(`migrations and queries on ${backend.name}`, () => {
    let database: Awaited<ReturnType<Backend["fresh"]>>;
    let handle: DbHandle;

    beforeAll(async () => {
      database = await backend.fresh();
      handle = database.open();
    });
    afterAll(async () => {
      await handle?.close();
      await database?.drop();
    });

    it("applies every migration to an empty database, then nothing", async () => {
      const first = await migrateDatabase(handle.db);
      expect(first.applied).toEqual(local.map((m) => m.name));
      expect(first.alreadyApplied).toBe(0);
      const second = await migrateDatabase(handle.db);
      expect(second).toEqual({ applied: [], alreadyApplied: local.length, unknownInDatabase: [] });
    });

    it("records each migration in _prisma_migrations as Prisma does", async () => {
      const rows = await handle.db.$queryRawUnsafe<
        Array<{ id: string; checksum: string; migration_name: string; finished_at: Date | null; logs: string | null; rolled_back_at: Date | null; applied_steps_count: number }>
      >(`SELECT * FROM _prisma_migrations ORDER BY started_at`);
      expect(rows.map((r) => r.migration_name)).toEqual(local.map((m) => m.name));
      for (const [i, row] of rows.entries()) {
        const file = fs.readFileSync(path.join(MIGRATIONS_DIR, local[i].name, "migration.sql"));
        expect(row.checksum).toBe(createHash("sha256").update(file).digest("hex"));
        expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
        expect(row.finished_at).toBeInstanceOf(Date);
        expect(row.applied_steps_count).toBe(1);
        expect(row.logs).toBeNull();
        expect(row.rolled_back_at).toBeNull();
      }
    });

    it("creates a table for every model", async () => {
      const tables = await handle.db.$queryRawUnsafe<Array<{ table_name: string }>>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()`,
      );
      const names = tables.map((t) => t.table_name);
      for (const model of Object.values(Prisma.ModelName)) expect(names).toContain(model);
    });

    it("creates and reads rows through Prisma (enums, Json, arrays, timestamps)", async () => {
      const created = await handle.db.user.create({
        data: { email: "ada@example.com", name: "Ada", role: "APPROVER" },
      });
      const found = await handle.db.user.findUnique({ where: { email: "ada@example.com" } });
      expect(found).toMatchObject({ id: created.id, name: "Ada", role: "APPROVER", disabled: false });
      expect(found?.createdAt).toBeInstanceOf(Date);

      const op = await handle.db.operation.create({
        data: { type: "REBOOT", region: "us-east-1", payload: { workspaceIds: ["ws-1", "ws-2"] } },
      });
      const byJson = await handle.db.operation.findMany({
        where: { payload: { path: ["workspaceIds"], array_contains: ["ws-2"] } },
      });
      expect(byJson.map((o) => o.id)).toEqual([op.id]);

      const call = await handle.db.awsCall.create({
        data: { service: "workspaces", operation: "RebootWorkspaces", region: "us-east-1", operationIds: [op.id], durationMs: 12 },
      });
      expect((await handle.db.awsCall.findUniqueOrThrow({ where: { id: call.id } })).operationIds).toEqual([op.id]);

      await expect(handle.db.user.create({ data: { email: "ada@example.com", name: "Again" } })).rejects.toMatchObject({
        code: "P2002",
      });
    });

    it("claims each queued operation exactly once with FOR UPDATE SKIP LOCKED (4 workers, 20 jobs)", async () => {
      await handle.db.operation.deleteMany();
      await handle.db.operation.createMany({
        data: Array.from({ length: 20 }, (_, i) => ({ type: "START" as const, region: "us-east-1", directoryId: `d-${i}` })),
      });
      const claimed: string[] = [];
      async function worker(name: string): Promise<void> {
        for (;;) {
          const id = await handle.db.$transaction(async (tx) => {
            const rows = await tx.$queryRaw<Array<{ id: string }>>`
              SELECT id FROM "Operation" WHERE status = 'QUEUED' AND "nextAttemptAt" <= now()
              ORDER BY "createdAt" LIMIT 1 FOR UPDATE SKIP LOCKED`;
            if (rows.length === 0) return undefined;
            await tx.operation.update({ where: { id: rows[0].id }, data: { status: "RUNNING", lockedBy: name } });
            return rows[0].id;
          });
          if (!id) return;
          claimed.push(id);
        }
      }
      await Promise.all(["w1", "w2", "w3", "w4"].map(worker));
      expect(claimed).toHaveLength(20);
      expect(new Set(claimed).size).toBe(20);
      expect(await handle.db.operation.count({ where: { status: "RUNNING" } })).toBe(20);
    });

    it("refuses, loudly, when an applied migration's file was changed", async () => {
      const changed = migrationsCopy();
      fs.appendFileSync(path.join(changed, local[0].name, "migration.sql"), "\n-- edited afterwards\n");
      await expect(migrateDatabase(handle.db, { migrationsDir: changed })).rejects.toThrow(
        new RegExp(`Migration ${local[0].name} was changed after it was applied`),
      );
    });

    it("accepts the same file with Windows line endings (git autocrlf)", async () => {
      const crlf = migrationsCopy();
      const file = path.join(crlf, local[0].name, "migration.sql");
      fs.writeFileSync(file, fs.readFileSync(file, "utf8").replaceAll("\n", "\r\n"));
      expect((await migrateDatabase(handle.db, { migrationsDir: crlf })).applied).toEqual([]);
    });

    it("rolls a failing migration back entirely and names it", async () => {
      const broken = migrationsCopy();
      fs.mkdirSync(path.join(broken, "99990101000000_broken"));
      fs.writeFileSync(
        path.join(broken, "99990101000000_broken", "migration.sql"),
        `CREATE TABLE "HalfDone" (id integer);\nSELECT * FROM "NoSuchTable";\n`,
      );
      await expect(migrateDatabase(handle.db, { migrationsDir: broken })).rejects.toThrow(
        /Migration 99990101000000_broken failed and was rolled back: .*NoSuchTable/,
      );
      const [{ exists }] = await handle.db.$queryRawUnsafe<Array<{ exists: boolean }>>(
        `SELECT to_regclass('"HalfDone"') IS NOT NULL AS exists`,
      );
      expect(exists).toBe(false);
      expect(
        await handle.db.$queryRawUnsafe(`SELECT 1 FROM _prisma_migrations WHERE migration_name = '99990101000000_broken'`),
      ).toEqual([]);
    });

    it("runs a migration that manages its own transaction (Prisma's enum rewrite) and records it", async () => {
      const own = migrationsCopy();
      fs.mkdirSync(path.join(own, "99990102000000_own_transaction"));
      fs.writeFileSync(
        path.join(own, "99990102000000_own_transaction", "migration.sql"),
        `-- AlterEnum\nBEGIN;\nCREATE TYPE "Mood" AS ENUM ('CALM');\nCOMMIT;\n\nCREATE TABLE "Moods" (m "Mood");\n`,
      );
      const result = await migrateDatabase(handle.db, { migrationsDir: own });
      expect(result.applied).toEqual(["99990102000000_own_transaction"]);
      const [row] = await handle.db.$queryRawUnsafe<Array<{ finished_at: Date | null; applied_steps_count: number }>>(
        `SELECT finished_at, applied_steps_count FROM _prisma_migrations WHERE migration_name = '99990102000000_own_transaction'`,
      );
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.applied_steps_count).toBe(1);
      // The real folder does not have it: reported, not fatal.
      const back = await migrateDatabase(handle.db);
      expect(back.unknownInDatabase).toEqual(["99990102000000_own_transaction"]);
    });

    it("refuses to go on past a migration Prisma recorded as failed", async () => {
      await handle.db.$executeRawUnsafe(
        `INSERT INTO _prisma_migrations (id, checksum, migration_name, logs, started_at, applied_steps_count)
         VALUES ('00000000-0000-4000-8000-000000000000', 'x', '99990103000000_failed', 'boom', now(), 0)`,
      );
      await expect(migrateDatabase(handle.db)).rejects.toThrow(/Migration 99990103000000_failed failed earlier .*boom/);
      await handle.db.$executeRawUnsafe(`DELETE FROM _prisma_migrations WHERE migration_name = '99990103000000_failed'`);
    });

    it("applies each migration once when two runs race", async () => {
      const other = await backend.fresh();
      const a = other.open();
      // PostgreSQL: two clients, excluded by the advisory lock. PGlite: one client, queued in-process.
      const b = backend.name === "PostgreSQL" ? other.open() : a;
      try {
        const results = await Promise.all([migrateDatabase(a.db), migrateDatabase(b.db)]);
        expect(results.flatMap((r) => r.applied).sort()).toEqual(local.map((m) => m.name));
        expect(await a.db.$queryRawUnsafe(`SELECT count(*)::int AS n FROM _prisma_migrations`)).toEqual([{ n: local.length }]);
      } finally {
        await a.close();
        if (b !== a) await b.close();
        await other.drop();
      }
    });

    if (backend.name === "PGlite") {
      it("keeps committed data across close and reopen", async () => {
        const dir = (handle.driver as { dir: string }).dir;
        await handle.db.user.create({ data: { email: "kept@example.com", name: "Kept" } });
        await handle.close();
        handle = createDb({ pgliteDir: dir });
        expect(await handle.db.user.findUnique({ where: { email: "kept@example.com" } })).toMatchObject({ name: "Kept" });
        expect((await migrateDatabase(handle.db)).applied).toEqual([]);
      });
    }

    if (backend.name === "PostgreSQL") {
      it("SKIP LOCKED passes over a row another open transaction holds", async () => {
        await handle.db.operation.deleteMany();
        const [first, second] = await Promise.all(
          ["d-first", "d-second"].map((directoryId) =>
            handle.db.operation.create({ data: { type: "STOP", region: "us-east-1", directoryId, createdAt: new Date(Date.now() - (directoryId === "d-first" ? 1000 : 0)) } }),
          ),
        );
        let release!: () => void;
        const held = new Promise<void>((resolve) => (release = resolve));
        let locked!: () => void;
        const isLocked = new Promise<void>((resolve) => (locked = resolve));
        const holder = handle.db.$transaction(async (tx) => {
          await tx.$queryRaw`SELECT id FROM "Operation" WHERE id = ${first.id} FOR UPDATE`;
          locked();
          await held;
        });
        await isLocked;
        const claim = await handle.db.$queryRaw<Array<{ id: string }>>`
          SELECT id FROM "Operation" WHERE status = 'QUEUED' ORDER BY "createdAt" LIMIT 1 FOR UPDATE SKIP LOCKED`;
        release();
        await holder;
        expect(claim.map((r) => r.id)).toEqual([second.id]);
      });
    }
  });
}
