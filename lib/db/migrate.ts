// Applies the committed SQL migrations in prisma/migrations, the way `prisma migrate deploy` does,
// without Prisma's schema engine (which cannot be downloaded on these machines): under Prisma's
// advisory lock, recorded in _prisma_migrations with Prisma's checksum, so `prisma migrate status`
// and `prisma migrate deploy` agree with what ran here. Works on PostgreSQL and on PGlite.
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { PGlite, Transaction as PgliteTransaction } from "@electric-sql/pglite";
import type pg from "pg";
import { driverOf, getDbHandle, sharedState, type DbDriver, type PrismaClient } from "./client";

/** The key Prisma's schema engine locks with, so this runner and `prisma migrate` exclude each other. */
export const PRISMA_MIGRATION_LOCK_KEY = 72707369;

// Exactly the table Prisma's schema engine creates (postgres connector).
const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
);`;

export function defaultMigrationsDir(): string {
  return path.join(process.cwd(), "prisma", "migrations");
}

export interface LocalMigration {
  name: string;
  script: string;
  checksum: string;
}

export interface MigrationResult {
  /** Names applied by this call, in order. */
  applied: string[];
  /** How many were applied before this call. */
  alreadyApplied: number;
  /** Recorded as applied in the database but not in the migrations folder (a newer release ran here?). */
  unknownInDatabase: string[];
}

export interface MigrateOptions {
  migrationsDir?: string;
  /** How long to wait for another process holding the migration lock (default 60 s). */
  lockTimeoutMs?: number;
  log?: (line: string) => void;
}

/** A connection that stays the same for the whole run (session advisory locks are per connection). */
export interface MigrationSession {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs a script of several statements (simple query protocol). */
  exec(sql: string): Promise<void>;
  transaction<T>(fn: (tx: MigrationSession) => Promise<T>): Promise<T>;
}

/** Something that can lend a MigrationSession: a client from lib/db/client, or your own. */
export interface MigrationExecutor {
  withSession<T>(fn: (session: MigrationSession) => Promise<T>): Promise<T>;
}

/** Prisma's checksum of a migration script: sha256 of its UTF-8 text, lower-case hex. */
export function migrationChecksum(script: string): string {
  return createHash("sha256").update(script, "utf8").digest("hex");
}

/** Prisma's comparison: line-ending agnostic, and accepting the old non-zero-padded hex form. */
export function scriptMatchesChecksum(script: string, checksum: string): boolean {
  const variants = [script, script.replaceAll("\r\n", "\n"), script.replaceAll("\n", "\r\n")];
  return variants.some((variant) => {
    const digest = createHash("sha256").update(variant, "utf8").digest();
    const rendered =
      checksum.length !== 0 && checksum.length !== 64
        ? Array.from(digest, (byte) => byte.toString(16)).join("")
        : digest.toString("hex");
    return rendered === checksum;
  });
}

/** The migrations in Prisma's layout, in the order Prisma applies them (folder name order). */
export function readMigrations(migrationsDir = defaultMigrationsDir()): LocalMigration[] {
  if (!fs.existsSync(migrationsDir)) {
    throw new Error(`No migrations folder at ${migrationsDir}`);
  }
  return fs
    .readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith("."))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const file = path.join(migrationsDir, name, "migration.sql");
      if (!fs.existsSync(file)) throw new Error(`Migration ${name} has no migration.sql (${file})`);
      const script = fs.readFileSync(file, "utf8");
      return { name, script, checksum: migrationChecksum(script) };
    });
}

interface AppliedRow {
  id: string;
  checksum: string;
  finished_at: Date | string | null;
  migration_name: string;
  logs: string | null;
  rolled_back_at: Date | string | null;
}

/**
 * Applies every pending migration, each in its own transaction, under Prisma's advisory lock.
 * Idempotent. Throws, naming the migration, when one fails (it is rolled back), when an applied
 * migration's file was changed afterwards, or when Prisma recorded a failed migration.
 */
export async function migrateDatabase(
  target: PrismaClient | MigrationExecutor,
  options: MigrateOptions = {},
): Promise<MigrationResult> {
  const migrations = readMigrations(options.migrationsDir);
  const driver = "withSession" in target ? undefined : driverOf(target as PrismaClient);
  const executor = driver ? executorFor(driver) : (target as MigrationExecutor);
  // PGlite is one session, where the advisory lock does not exclude: queue runs within the process.
  return serialized(driver ?? executor, () => runMigrations(executor, migrations, options));
}

const QUEUES_KEY = Symbol.for("workspaces-portal.migration-queues");
const queues: WeakMap<object, Promise<unknown>> = ((globalThis as Record<symbol, WeakMap<object, Promise<unknown>>>)[
  QUEUES_KEY
] ??= new WeakMap());
function serialized<T>(key: object, run: () => Promise<T>): Promise<T> {
  const previous = queues.get(key) ?? Promise.resolve();
  const next = previous.catch(() => {}).then(run);
  queues.set(key, next);
  return next;
}

async function runMigrations(
  executor: MigrationExecutor,
  migrations: LocalMigration[],
  options: MigrateOptions,
): Promise<MigrationResult> {
  const log = options.log ?? (() => {});
  return executor.withSession(async (session) => {
    await takeAdvisoryLock(session, options.lockTimeoutMs ?? 60_000);
    try {
      // A runtime role (lib/db/roles.ts) may not create tables, not even "IF NOT EXISTS" ones.
      const [table] = await session.query<{ found: string | null }>("SELECT to_regclass('_prisma_migrations')::text AS found");
      if (!table?.found) await session.exec(CREATE_MIGRATIONS_TABLE);
      const rows = await session.query<AppliedRow>(
        `SELECT id, checksum, finished_at, migration_name, logs, rolled_back_at
           FROM _prisma_migrations ORDER BY started_at ASC`,
      );
      const live = rows.filter((row) => row.rolled_back_at === null);

      const failed = live.filter((row) => row.finished_at === null);
      if (failed.length > 0) {
        const names = failed.map((row) => row.migration_name).join(", ");
        throw new Error(
          `Migration ${names} failed earlier and is recorded as failed in _prisma_migrations` +
            `${failed[0].logs ? ` (${firstLine(failed[0].logs)})` : ""}. Fix the database, then mark it with ` +
            "`prisma migrate resolve --applied|--rolled-back <name>` (or delete its row) before migrating again.",
        );
      }

      const byName = new Map(migrations.map((m) => [m.name, m]));
      const appliedNames = new Set<string>();
      const unknownInDatabase: string[] = [];
      for (const row of live) {
        const local = byName.get(row.migration_name);
        if (!local) {
          unknownInDatabase.push(row.migration_name);
          continue;
        }
        if (!scriptMatchesChecksum(local.script, row.checksum)) {
          throw new Error(
            `Migration ${row.migration_name} was changed after it was applied to this database ` +
              `(checksum in _prisma_migrations ${row.checksum}, file now ${local.checksum}). ` +
              "Restore the file as it was and put the change in a new migration.",
          );
        }
        appliedNames.add(row.migration_name);
      }
      if (unknownInDatabase.length > 0) {
        log(`warning: applied in the database but missing from the migrations folder: ${unknownInDatabase.join(", ")}`);
      }

      const pending = migrations.filter((migration) => !appliedNames.has(migration.name));
      if (pending.length > 0) await requireOwnerRights(session, pending);
      const applied: string[] = [];
      for (const migration of migrations) {
        if (appliedNames.has(migration.name)) continue;
        await applyOne(session, migration);
        applied.push(migration.name);
        log(`applied ${migration.name}`);
      }
      return { applied, alreadyApplied: appliedNames.size, unknownInDatabase };
    } finally {
      await session.query("SELECT pg_advisory_unlock($1)", [PRISMA_MIGRATION_LOCK_KEY]).catch(() => {});
    }
  });
}

// The portal running as its runtime role cannot migrate: say what to do instead of failing half-way.
async function requireOwnerRights(session: MigrationSession, pending: LocalMigration[]): Promise<void> {
  const [row] = await session.query<{ allowed: boolean; role: string }>(
    "SELECT has_schema_privilege('public', 'CREATE') AS allowed, current_user AS role",
  );
  if (row?.allowed !== false) return;
  const names = pending.map((migration) => migration.name).join(", ");
  throw new Error(
    `${pending.length === 1 ? "1 migration is" : `${pending.length} migrations are`} not applied yet (${names}), and the ` +
      `role "${row.role}" may not change the schema. Apply them as the owner role: DATABASE_MIGRATION_URL=<owner URL> npm run db:migrate.`,
  );
}

// A script that manages its own transaction (Prisma writes BEGIN/COMMIT around enum rewrites), or
// that holds statements PostgreSQL refuses inside one (CREATE INDEX CONCURRENTLY), runs as Prisma
// runs every script: statement by statement, recorded as started first and as failed if it fails.
// A migration can also ask for it with a line "-- portal:no-transaction".
const OWN_TRANSACTION_STATEMENT = /^\s*(BEGIN|COMMIT|START\s+TRANSACTION|ROLLBACK|END)\s*;|\bCONCURRENTLY\b/im;
const NO_TRANSACTION_MARKER = /^\s*--\s*portal:no-transaction\b/im;

async function applyOne(session: MigrationSession, migration: LocalMigration): Promise<void> {
  const code = stripComments(migration.script);
  const script = code.trim() === "" ? "" : migration.script;
  const inOneTransaction = !OWN_TRANSACTION_STATEMENT.test(code) && !NO_TRANSACTION_MARKER.test(migration.script);
  if (inOneTransaction) {
    try {
      await session.transaction(async (tx) => {
        if (script) await tx.exec(script);
        await tx.query(
          `INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
           VALUES ($1, $2, clock_timestamp(), $3, NULL, NULL, now(), 1)`,
          [randomUUID(), migration.checksum, migration.name],
        );
      });
    } catch (error) {
      throw new Error(`Migration ${migration.name} failed and was rolled back: ${errorText(error)}`, { cause: error });
    }
    return;
  }

  const id = randomUUID();
  await session.query(
    `INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, applied_steps_count)
     VALUES ($1, $2, $3, now(), 0)`,
    [id, migration.checksum, migration.name],
  );
  try {
    if (script) await session.exec(script);
  } catch (error) {
    await session
      .query("UPDATE _prisma_migrations SET logs = $2 WHERE id = $1", [id, errorText(error)])
      .catch(() => {});
    throw new Error(
      `Migration ${migration.name} failed part way (it manages its own transactions, so earlier statements may have been applied): ${errorText(error)}`,
      { cause: error },
    );
  }
  await session.query(
    "UPDATE _prisma_migrations SET finished_at = clock_timestamp(), applied_steps_count = 1 WHERE id = $1",
    [id],
  );
}

async function takeAdvisoryLock(session: MigrationSession, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await session.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1) AS locked", [
      PRISMA_MIGRATION_LOCK_KEY,
    ]);
    if (row?.locked) return;
    if (Date.now() >= deadline) {
      throw new Error(
        `Timed out after ${timeoutMs} ms waiting for the migration lock (pg_advisory_lock(${PRISMA_MIGRATION_LOCK_KEY})): another process is migrating this database.`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** A MigrationExecutor over the driver of a client from lib/db/client. */
export function executorFor(driver: DbDriver): MigrationExecutor {
  if (driver.kind === "pglite") {
    const { pglite } = driver;
    return { withSession: (fn) => fn(pgliteSession(pglite)) };
  }
  return {
    async withSession(fn) {
      const client = await driver.pool.connect().catch((error: unknown) => {
        throw new Error(`Cannot connect to PostgreSQL at ${driver.url}: ${errorText(error)}`, { cause: error });
      });
      let broken = false;
      try {
        return await fn(pgSession(client));
      } catch (error) {
        broken = true;
        throw error;
      } finally {
        // A connection that failed mid-way may still hold a transaction or the lock: discard it.
        client.release(broken);
      }
    },
  };
}

function pgliteSession(db: PGlite | PgliteTransaction): MigrationSession {
  return {
    async query<T>(sql: string, params: unknown[] = []) {
      return (await db.query(sql, params)).rows as T[];
    },
    async exec(sql) {
      await db.exec(sql);
    },
    // PGlite's transaction() holds its single session, so the app's other queries wait meanwhile.
    transaction: (fn) => {
      if (!("transaction" in db)) throw new Error("Nested transactions are not supported on PGlite");
      return db.transaction((tx) => fn(pgliteSession(tx)));
    },
  };
}

function pgSession(client: pg.PoolClient, nested = false): MigrationSession {
  const session: MigrationSession = {
    async query<T>(sql: string, params: unknown[] = []) {
      return (await client.query(sql, params)).rows as T[];
    },
    async exec(sql) {
      // No parameters: pg uses the simple query protocol, which runs several statements.
      await client.query(sql);
    },
    async transaction(fn) {
      if (nested) throw new Error("Nested transactions are not supported here");
      await client.query("BEGIN");
      try {
        const result = await fn(pgSession(client, true));
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw error;
      }
    },
  };
  return session;
}

function stripComments(sql: string): string {
  return sql.replace(/--[^\n]*/g, "");
}

function firstLine(text: string): string {
  return text.split("\n")[0].slice(0, 300);
}

function errorText(error: unknown): string {
  if (error instanceof Error) {
    const detail = (error as { detail?: string }).detail;
    return detail ? `${error.message} (${detail})` : error.message;
  }
  return String(error);
}

/**
 * Opens the shared database and applies pending migrations, once per process (start-up path).
 * Later calls return the same promise; a failure is not cached, so a retry tries again.
 */
export function ensureDatabase(options: MigrateOptions = {}): Promise<void> {
  const state = sharedState();
  if (!state.ready) {
    const handle = getDbHandle();
    const ready = migrateDatabase(handle.db, options).then(() => undefined);
    state.ready = ready;
    ready.catch(() => {
      if (sharedState().ready === ready) sharedState().ready = undefined;
    });
  }
  return state.ready;
}
