// The portal's Prometheus metrics (prom-client). Counters and histograms move where things happen
// (HTTP requests, AWS calls, worker passes, sign-ins); the queue and reconciliation gauges are read
// from the database when scraped (a few grouped counts), so every process reports the same truth.
// One registry per process, on globalThis: Next's bundle and the portal's server load this separately.
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { PrismaClient } from "@/lib/db/generated/client";
import { CHANGING_STATES } from "@/lib/desktops/desktop-state";
import { OperationType, type OperationStatus } from "@/lib/db/generated/enums";

const OPERATION_TYPES = Object.values(OperationType);
// The statuses an operator watches: waiting, in progress, and given up on.
const OPERATION_STATUSES: OperationStatus[] = ["QUEUED", "RUNNING", "FAILED"];

export interface PortalMetrics {
  registry: Registry;
  httpRequestDuration: Histogram<"method" | "route" | "status">;
  awsCalls: Counter<"service" | "operation" | "outcome">;
  awsThrottled: Counter<"service" | "operation">;
  workerPassDuration: Histogram<"work">;
  signInFailures: Counter<"method" | "outcome">;
}

const HOLDER = Symbol.for("workspaces-portal.metrics");
type Holder = { [HOLDER]?: PortalMetrics };

/** The process's metrics (made on first use). */
export function metrics(): PortalMetrics {
  const holder = globalThis as Holder;
  return (holder[HOLDER] ??= createMetrics());
}

function createMetrics(): PortalMetrics {
  const registry = new Registry();
  return {
    registry,
    httpRequestDuration: new Histogram({
      name: "portal_http_request_duration_seconds",
      help: "HTTP requests by method, route pattern and status, and how long they took",
      labelNames: ["method", "route", "status"],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    awsCalls: new Counter({
      name: "portal_aws_calls_total",
      help: "AWS calls by service, operation and outcome (success, or the failure's kind: throttled, client, server, unknown-outcome)",
      labelNames: ["service", "operation", "outcome"],
      registers: [registry],
    }),
    awsThrottled: new Counter({
      name: "portal_aws_throttled_total",
      help: "AWS attempts answered with throttling, including those the SDK retried",
      labelNames: ["service", "operation"],
      registers: [registry],
    }),
    workerPassDuration: new Histogram({
      name: "portal_worker_pass_duration_seconds",
      help: "Worker passes over the operation queue, with work (claimed operations) or idle",
      labelNames: ["work"],
      buckets: [0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300],
      registers: [registry],
    }),
    signInFailures: new Counter({
      name: "portal_sign_in_failures_total",
      help: "Failed sign-ins by method (password, directory, sso, second_factor) and outcome (failure, denied: throttled or refused)",
      labelNames: ["method", "outcome"],
      registers: [registry],
    }),
  };
}

/**
 * The gauges read from the database at scrape time: operations by type and status (queued,
 * running, failed), the oldest queued operation's age, and the reconciliation lag (how long ago
 * the stalest changing desktop, and the stalest desktop at all, was last seen in AWS).
 */
export function registerDatabaseGauges(registry: Registry, db: PrismaClient, clock: () => Date = () => new Date()): void {
  // Registered again (a second metrics server in one process, tests): the newest database wins.
  for (const name of ["portal_operations", "portal_oldest_queued_operation_age_seconds", "portal_reconciliation_lag_seconds"]) {
    registry.removeSingleMetric(name);
  }
  new Gauge({
    name: "portal_operations",
    help: "Operations in the queue by type and status (QUEUED, RUNNING, FAILED)",
    labelNames: ["type", "status"],
    registers: [registry],
    async collect() {
      const rows = await db.operation.groupBy({ by: ["type", "status"], where: { status: { in: [...OPERATION_STATUSES] } }, _count: { _all: true } });
      this.reset();
      // Zeroes too, so that a panel shows 0 rather than "no data" once a queue empties.
      for (const type of OPERATION_TYPES) for (const status of OPERATION_STATUSES) this.set({ type, status }, 0);
      for (const row of rows) this.set({ type: row.type, status: row.status }, row._count._all);
    },
  });
  new Gauge({
    name: "portal_oldest_queued_operation_age_seconds",
    help: "Age of the oldest QUEUED operation (0 when none is queued)",
    registers: [registry],
    async collect() {
      const oldest = await db.operation.aggregate({ where: { status: "QUEUED" }, _min: { createdAt: true } });
      const at = oldest._min.createdAt;
      this.set(at ? Math.max(0, (clock().getTime() - at.getTime()) / 1000) : 0);
    },
  });
  new Gauge({
    name: "portal_reconciliation_lag_seconds",
    help: "How long ago the stalest live desktop was last seen in AWS: scope=changing (followed by reconciliation), scope=fleet (the sweep)",
    labelNames: ["scope"],
    registers: [registry],
    async collect() {
      const live = { workspaceId: { not: null }, terminatedAt: null };
      const [changing, fleet] = await Promise.all([
        db.desktop.aggregate({ where: { ...live, state: { in: [...CHANGING_STATES] } }, _min: { lastSeenAt: true, stateChangedAt: true } }),
        db.desktop.aggregate({ where: live, _min: { lastSeenAt: true } }),
      ]);
      const age = (at: Date | null | undefined) => (at ? Math.max(0, (clock().getTime() - at.getTime()) / 1000) : 0);
      this.set({ scope: "changing" }, age(changing._min.lastSeenAt ?? changing._min.stateChangedAt));
      this.set({ scope: "fleet" }, age(fleet._min.lastSeenAt));
    },
  });
}

/** Counts a sign-in step that did not succeed (called where it is written to the audit trail). */
export function countSignInFailure(method: "password" | "directory" | "sso" | "second_factor", outcome: "SUCCESS" | "FAILURE" | "DENIED"): void {
  if (outcome !== "SUCCESS") metrics().signInFailures.inc({ method, outcome: outcome.toLowerCase() });
}
