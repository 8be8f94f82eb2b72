// Fresh, migrated databases for integration tests.
//
//   const { db, close } = await createTestDb();   // afterAll(close)
//
// Default: PGlite in a temporary folder, copied from a migrated template that is built once per set
// of migrations and shared by every test process (initdb + migrate takes ~5 s; copy + open ~0.4 s).
// With TEST_DATABASE_URL set: a new database on that PostgreSQL server, dropped again by close().
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { createDb, type DbHandle } from "@/lib/db/client";
import type { PrismaClient } from "@/lib/db/generated/client";
import { migrateDatabase, readMigrations } from "@/lib/db/migrate";
import { acquirePgliteLock, DatabaseInUseError } from "@/lib/db/pglite-lock";
import { requireIntegrationProject } from "./project-guard";

const MIGRATIONS_DIR = fileURLToPath(new URL("../prisma/migrations", import.meta.url));

export interface TestDb extends DbHandle {
  /** "pglite" or "postgres". */
  kind: DbHandle["driver"]["kind"];
}

export interface CreateTestDbOptions {
  /** PostgreSQL server to create the database on; default process.env.TEST_DATABASE_URL. */
  databaseUrl?: string;
}

/** A new, empty, migrated database with its own Prisma client. Call close() when done. */
export async function createTestDb(options: CreateTestDbOptions = {}): Promise<TestDb> {
  requireIntegrationProject("createTestDb");
  const serverUrl = options.databaseUrl ?? (process.env.TEST_DATABASE_URL?.trim() || undefined);
  const handle = serverUrl ? await createPostgresTestDb(serverUrl) : await createPgliteTestDb();
  return { ...handle, kind: handle.driver.kind };
}

// --- PGlite ------------------------------------------------------------------------------------

const leftovers = new Set<string>();
let exitHookInstalled = false;
let templateReady: Promise<string> | undefined;

async function createPgliteTestDb(): Promise<DbHandle> {
  const template = await (templateReady ??= ensurePgliteTemplate().catch((error) => {
    templateReady = undefined;
    throw error;
  }));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-test-db-"));
  leftovers.add(dir);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on("exit", () => {
      for (const left of leftovers) fs.rmSync(left, { recursive: true, force: true });
    });
  }
  const dataDir = path.join(dir, "pglite");
  fs.cpSync(template, dataDir, { recursive: true });
  const handle = createDb({ pgliteDir: dataDir });
  if (handle.driver.kind === "pglite") {
    // Surface a broken copy here rather than in the first query of the test.
    await handle.driver.pglite.waitReady.catch(async (error: unknown) => {
      await handle.close().catch(() => {});
      throw error;
    });
  }
  return {
    ...handle,
    close: async () => {
      try {
        await handle.close();
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
        leftovers.delete(dir);
      }
    },
  };
}

/** The migrated template folder for the current migrations, built by whichever process needs it first. */
async function ensurePgliteTemplate(): Promise<string> {
  const migrations = readMigrations(MIGRATIONS_DIR);
  const pgliteVersion = readPackageVersion("@electric-sql/pglite");
  const key = createHash("sha256")
    .update(`pglite ${pgliteVersion}\n`)
    .update(migrations.map((m) => `${m.name} ${m.checksum}`).join("\n"))
    .digest("hex")
    .slice(0, 16);
  const base = path.join(os.tmpdir(), "portal-test-templates");
  const template = path.join(base, `pglite-${key}`);
  const done = path.join(template, ".complete");
  fs.mkdirSync(base, { recursive: true });

  const deadline = Date.now() + 180_000;
  while (!fs.existsSync(done)) {
    let lock;
    try {
      lock = acquirePgliteLock(template);
    } catch (error) {
      if (!(error instanceof DatabaseInUseError)) throw error;
      // Another test process is building it: wait for it.
      if (Date.now() > deadline) throw new Error(`Timed out waiting for the test database template ${template}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
      continue;
    }
    try {
      if (fs.existsSync(done)) break;
      const building = `${template}.building-${process.pid}`;
      fs.rmSync(building, { recursive: true, force: true });
      const source = createDb({ pgliteDir: building });
      try {
        await migrateDatabase(source.db, { migrationsDir: MIGRATIONS_DIR });
        // A checkpoint makes the copied folder open without WAL replay.
        if (source.driver.kind === "pglite") await source.driver.pglite.exec("CHECKPOINT");
      } finally {
        await source.close();
      }
      fs.rmSync(template, { recursive: true, force: true });
      fs.renameSync(building, template);
      fs.writeFileSync(done, new Date().toISOString());
      // Templates of older migration sets, unused for an hour, are no longer needed.
      for (const entry of fs.readdirSync(base)) {
        const old = path.join(base, entry);
        if (entry.startsWith("pglite-") && !entry.startsWith(`pglite-${key}`) && Date.now() - fs.statSync(old).mtimeMs > 3_600_000) {
          fs.rmSync(old, { recursive: true, force: true });
        }
      }
    } finally {
      lock.release();
    }
  }
  return template;
}

function readPackageVersion(name: string): string {
  const file = fileURLToPath(new URL(`../node_modules/${name}/package.json`, import.meta.url));
  try {
    return (JSON.parse(fs.readFileSync(file, "utf8")) as { version: string }).version;
  } catch {
    return "unknown";
  }
}

// --- PostgreSQL --------------------------------------------------------------------------------

async function createPostgresTestDb(serverUrl: string): Promise<DbHandle> {
  const server = new URL(serverUrl);
  assertDisposableServer(server);
  const name = `portal_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = createDb({ databaseUrl: url.toString() });
  try {
    await migrateDatabase(handle.db, { migrationsDir: MIGRATIONS_DIR });
  } catch (error) {
    await handle.close().catch(() => {});
    await dropDatabase(serverUrl, name).catch(() => {});
    throw error;
  }
  return {
    ...handle,
    close: async () => {
      try {
        await handle.close();
      } finally {
        await dropDatabase(serverUrl, name);
      }
    },
  };
}

async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

/** Tests create and drop databases: only on a local server unless TEST_DATABASE_ALLOW_REMOTE=1. */
function assertDisposableServer(url: URL): void {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const local = host === "" || host === "localhost" || host === "127.0.0.1" || host === "::1";
  if (!local && process.env.TEST_DATABASE_ALLOW_REMOTE !== "1") {
    throw new Error(
      `TEST_DATABASE_URL points at ${host}, not this machine; tests create and drop databases there. ` +
        "Set TEST_DATABASE_ALLOW_REMOTE=1 if that server is disposable.",
    );
  }
}

/** The audit trail is append-only (a trigger refuses UPDATE/DELETE); tests that reuse one
 *  database between cases clear it with the trigger briefly disabled. Never used by the app. */
export async function clearAuditTrailForTests(db: PrismaClient): Promise<void> {
  await db.$transaction([
    db.$executeRawUnsafe('ALTER TABLE "AuditEvent" DISABLE TRIGGER "AuditEvent_append_only"'),
    db.$executeRawUnsafe('DELETE FROM "AuditEvent"'),
    db.$executeRawUnsafe('ALTER TABLE "AuditEvent" ENABLE TRIGGER "AuditEvent_append_only"'),
  ]);
}
