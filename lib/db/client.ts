// The Prisma client. PostgreSQL when DATABASE_URL is set, embedded PGlite in <dataDir>/pglite otherwise.
// `db` is lazy: importing this module (e.g. during `next build`) opens nothing; the first use opens it.
// One instance per process, kept on globalThis: Next bundles its own copy of this module next to the
// custom server's, and both must share one client (two PGlite instances on one folder lose data).
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { getConfig, redactUrl } from "../config";
import { PrismaClient } from "./generated/client";
import { acquirePgliteLock, type PgliteLock } from "./pglite-lock";
import { keepDatabaseFilesPrivate } from "./private-files";
import { log } from "../observability/logger";

export type { PrismaClient };

/** The driver under a client: migrations and a few maintenance tasks need it (multi-statement SQL). */
export type DbDriver =
  | { kind: "pglite"; pglite: PGlite; dir: string }
  | { kind: "postgres"; pool: pg.Pool; url: string };

export interface DbHandle {
  db: PrismaClient;
  driver: DbDriver;
  /** Disconnects Prisma and closes the driver (and releases the PGlite folder lock). Idempotent. */
  close(): Promise<void>;
}

export interface DbTarget {
  /** postgres:// or postgresql:// URL. Takes precedence over pgliteDir. */
  databaseUrl?: string;
  /** PGlite folder, or "memory://" (or "memory://<name>") for a throwaway in-memory database. */
  pgliteDir?: string;
}

// On globalThis like the shared client: Next's copy of this module and the custom server's must agree.
const DRIVERS_KEY = Symbol.for("workspaces-portal.db-drivers");
const drivers: WeakMap<object, DbDriver> = ((globalThis as Record<symbol, WeakMap<object, DbDriver>>)[DRIVERS_KEY] ??=
  new WeakMap());

/**
 * Opens a database and its own Prisma client. The app uses `db`; this is for tests, scripts and tools.
 * A PGlite folder is locked for this handle until `close()`: a second open, from this or another
 * process, is refused.
 */
export function createDb(target: DbTarget): DbHandle {
  if (target.databaseUrl) return openPostgres(target.databaseUrl);
  if (target.pgliteDir) return openPglite(target.pgliteDir);
  throw new Error("createDb needs a databaseUrl or a pgliteDir");
}

function openPglite(dir: string): DbHandle {
  const inMemory = dir.startsWith("memory://");
  const dataDir = inMemory ? dir : path.resolve(dir);
  let lock: PgliteLock | undefined;
  if (!inMemory) {
    // PGlite creates only the last level of the folder.
    fs.mkdirSync(path.dirname(dataDir), { recursive: true });
    lock = acquirePgliteLock(dataDir);
  }
  let pglite: PGlite;
  try {
    if (!inMemory) keepDatabaseFilesPrivate(dataDir);
    pglite = new PGlite(dataDir);
  } catch (error) {
    lock?.release();
    throw error;
  }
  // Start-up failures surface on the first query; do not let them crash the process unobserved meanwhile.
  // A new folder is unpacked while PGlite starts: make those files private once it is ready.
  pglite.waitReady.then(() => !inMemory && keepDatabaseFilesPrivate(dataDir)).catch(() => {});
  const db = new PrismaClient({
    adapter: new PrismaPGlite(pglite),
    // PGlite is one session: transactions queue for it. Prisma's default 2 s wait for a transaction to
    // start made most of a burst of 100 short transactions fail with P2028; 30 s let all of them pass.
    transactionOptions: { maxWait: 30_000 },
  });
  const driver: DbDriver = { kind: "pglite", pglite, dir: dataDir };
  drivers.set(db, driver);
  let closing: Promise<void> | undefined;
  return {
    db,
    driver,
    close: () =>
      (closing ??= (async () => {
        try {
          await db.$disconnect();
          if (!pglite.closed) await pglite.close().catch(() => {});
        } finally {
          lock?.release();
        }
      })()),
  };
}

function openPostgres(databaseUrl: string): DbHandle {
  // Prisma's ?schema= convention: the client qualifies tables with it, the pool searches it.
  // Prisma's connection_limit too (pool size; default 10).
  const url = new URL(databaseUrl);
  const schema = url.searchParams.get("schema") ?? undefined;
  const limit = Number(url.searchParams.get("connection_limit")) || undefined;
  url.searchParams.delete("schema");
  url.searchParams.delete("connection_limit");
  const pool = new pg.Pool({
    connectionString: url.toString(),
    max: limit ?? 10,
    // An unreachable server fails the request (and start-up) instead of waiting forever.
    connectionTimeoutMillis: 10_000,
    ...(schema ? { options: `-c search_path="${schema.replace(/"/g, '""')}"` } : {}),
  });
  // An idle connection dropped by the server must not crash the process; the pool replaces it.
  pool.on("error", (error) => log("db").error({ reason: error.message }, "idle PostgreSQL connection error"));
  const db = new PrismaClient({ adapter: new PrismaPg(pool, schema ? { schema } : undefined) });
  const driver: DbDriver = { kind: "postgres", pool, url: redactUrl(databaseUrl) };
  drivers.set(db, driver);
  let closing: Promise<void> | undefined;
  return {
    db,
    driver,
    close: () =>
      (closing ??= (async () => {
        await db.$disconnect();
        await pool.end();
      })()),
  };
}

// --- The process's shared client -------------------------------------------------------------

const STATE_KEY = Symbol.for("workspaces-portal.db");
interface SharedState {
  handle?: DbHandle;
  /** Set by ensureDatabase (lib/db/migrate.ts): migrations applied once per process. */
  ready?: Promise<void>;
}
type StateHolder = { [STATE_KEY]?: SharedState };

/** @internal shared with lib/db/migrate.ts */
export function sharedState(): SharedState {
  const holder = globalThis as StateHolder;
  return (holder[STATE_KEY] ??= {});
}

/** The process's database handle, opened from the configuration on first call. */
export function getDbHandle(): DbHandle {
  const state = sharedState();
  if (!state.handle) {
    const { database } = getConfig();
    state.handle =
      database.kind === "postgres" ? createDb({ databaseUrl: database.url }) : createDb({ pgliteDir: database.dir });
  }
  return state.handle;
}

/** Closes the shared client (shutdown, tests). The next use of `db` opens it again. */
export async function closeDb(): Promise<void> {
  const state = sharedState();
  const handle = state.handle;
  state.handle = undefined;
  state.ready = undefined;
  await handle?.close();
}

// Properties asked by tooling that inspects values (promise checks, React, util.inspect, JSON)
// must not open the database.
const INERT = new Set<PropertyKey>(["then", "toJSON", "$$typeof", "constructor", "asymmetricMatch", "nodeType"]);

/**
 * The shared Prisma client. Lazy: the database opens on first use.
 * On PGlite, transactions run one at a time: keep them short, and never use `db` inside a
 * `db.$transaction` callback (use the `tx` argument), or the two wait for each other forever.
 */
export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, prop) {
    if (typeof prop === "symbol" || INERT.has(prop)) return undefined;
    const client = getDbHandle().db;
    const value = Reflect.get(client, prop, client);
    return typeof value === "function" ? value.bind(client) : value;
  },
  has(_target, prop) {
    return Reflect.has(getDbHandle().db, prop);
  },
});

/** The driver under `db` or under a client from createDb. */
export function driverOf(client: PrismaClient): DbDriver {
  if (client === db) return getDbHandle().driver;
  const driver = drivers.get(client);
  if (!driver) throw new Error("This Prisma client was not created by lib/db/client (use db or createDb)");
  return driver;
}
