// /healthz and /readyz for load balancers and orchestrators. Both are unauthenticated, so they say
// only "ok" or which check failed, in a word: no versions, no migration names, no error text.
import fs from "node:fs";
import path from "node:path";
import type { PrismaClient } from "@/lib/db/generated/client";
import type { WorkerHeartbeat } from "./worker-heartbeat";

export interface Readiness {
  ready: boolean;
  checks: {
    database: "ok" | "unreachable";
    /** "pending": a migration shipped with this build is not applied (or the table is missing). */
    migrations?: "ok" | "pending";
    /** Only where this process runs a worker: "stale" when its last finished pass is too old. */
    worker?: "ok" | "stale";
  };
}

export interface ReadinessOptions {
  db: PrismaClient;
  /** The migrations this build ships (default: prisma/migrations, read once per process). */
  shippedMigrations?: readonly string[];
  /** The worker this process runs, if any. */
  worker?: WorkerHeartbeat;
  now?: () => Date;
  /** A database that has not answered within this long counts as unreachable (default 2 s). */
  timeoutMs?: number;
}

// The folder lib/db/migrate applies at start-up, listed here without importing migrate.ts: its
// dynamic file access would make Next trace the whole project into the /readyz route.
let shipped: readonly string[] | undefined;
function shippedMigrationNames(): readonly string[] {
  return (shipped ??= fs
    .readdirSync(path.join(process.cwd(), "prisma", "migrations"), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith("."))
    .map((entry) => entry.name));
}

/** Whether this process can do its work: the database answers, is migrated, and its worker (if any) is passing. */
export async function checkReadiness(options: ReadinessOptions): Promise<Readiness> {
  const now = options.now ?? (() => new Date());
  const checks: Readiness["checks"] = { database: "ok" };
  if (options.worker) checks.worker = options.worker.isFresh(now()) ? "ok" : "stale";

  const applied = await withTimeout(appliedMigrations(options.db), options.timeoutMs ?? 2_000);
  if (applied === "unreachable") {
    checks.database = "unreachable";
  } else {
    const wanted = options.shippedMigrations ?? shippedMigrationNames();
    checks.migrations = applied !== "no table" && wanted.every((name) => applied.has(name)) ? "ok" : "pending";
  }
  const ready = Object.values(checks).every((value) => value === "ok");
  return { ready, checks };
}

/** The applied migrations; "no table" on a database never migrated; "unreachable" when it does not answer. */
async function appliedMigrations(db: PrismaClient): Promise<Set<string> | "no table" | "unreachable"> {
  try {
    await db.$queryRaw`SELECT 1`;
  } catch {
    return "unreachable";
  }
  try {
    const rows = await db.$queryRaw<{ migration_name: string }[]>`
      SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
    return new Set(rows.map((row) => row.migration_name));
  } catch {
    return "no table";
  }
}

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T | "unreachable"> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"unreachable">((resolve) => {
    timer = setTimeout(() => resolve("unreachable"), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The HTTP answer both the web server and the worker give: 200 when ready, 503 when not. */
export function readinessAnswer(readiness: Readiness): { status: 200 | 503; body: { status: "ready" | "not ready"; checks: Readiness["checks"] } } {
  return { status: readiness.ready ? 200 : 503, body: { status: readiness.ready ? "ready" : "not ready", checks: readiness.checks } };
}

/** Responses of health checks are never cached: a stale "ready" would keep traffic on a broken instance. */
export const HEALTH_HEADERS = { "cache-control": "no-store" } as const;
