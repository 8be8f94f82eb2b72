// Billing's scheduled jobs, for the worker process:
// - applyDueBillingChanges: AlwaysOn → AutoStop changes scheduled for 00:00 UTC on the 1st are
//   applied once due (BillingModeChange APPLIED + a MODIFY_RUNNING_MODE operation);
// - the usage sampler, every few minutes;
// - the cost policy, when an admin turned it on, every few hours.
// `startBillingScheduler` runs them in a loop; `runBillingJobsOnce` is one pass (tests, CLIs).

import type { PrismaClient } from "@/lib/db/generated/client";
import type { AwsGateway } from "@/lib/aws/gateway";
import { runCostPolicy } from "./costs/cost-policy";
import { applyScheduledChange } from "./mode-changes/mutations";
import { getBillingPolicy } from "./costs/queries";
import { DEFAULT_SAMPLE_INTERVAL_MS, sampleUsage } from "./usage/sampler";
import { log } from "@/lib/observability/logger";
import { runEvery } from "@/lib/jobs/periodic";

export interface BillingLogger {
  info(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
}

const portalLogger: BillingLogger = {
  info: (message, details) => log("billing").info(details ?? {}, message),
  error: (message, details) => log("billing").error(details ?? {}, message),
};

/** Applies every scheduled change whose time has come, each in its own short transaction. */
export async function applyDueBillingChanges(db: PrismaClient, now = new Date()): Promise<{ applied: number; cancelled: number }> {
  const due = await db.billingModeChange.findMany({
    where: { status: "PENDING", effectiveAt: { lte: now } },
    select: { id: true },
    orderBy: { effectiveAt: "asc" },
    take: 500,
  });
  const result = { applied: 0, cancelled: 0 };
  for (const { id } of due) {
    const outcome = await db.$transaction((tx) => applyScheduledChange(tx, id, now));
    if (outcome === "APPLIED") result.applied++;
    if (outcome === "CANCELLED") result.cancelled++;
  }
  return result;
}

export interface BillingJobsOptions {
  db: PrismaClient;
  aws: AwsGateway;
  now?: Date;
  /** Sample usage in this pass. */
  sample?: boolean;
  /** Run the cost policy in this pass if it is turned on and was not run within `policyEveryMs`. */
  policy?: boolean;
  policyEveryMs?: number;
  logger?: BillingLogger;
}

export async function runBillingJobsOnce(options: BillingJobsOptions) {
  const now = options.now ?? new Date();
  const logger = options.logger ?? portalLogger;
  const changes = await applyDueBillingChanges(options.db, now);
  if (changes.applied || changes.cancelled) logger.info("scheduled billing-mode changes", changes);
  const sampled = options.sample ? await sampleUsage(options.db, options.aws, { now, logger }) : null;
  let policyRun = null;
  if (options.policy) {
    const policy = await getBillingPolicy(options.db);
    const last = policy.lastAutoRunAt ? Date.parse(policy.lastAutoRunAt) : 0;
    if (policy.autoApply && now.getTime() - last >= (options.policyEveryMs ?? 6 * 3_600_000)) {
      policyRun = await runCostPolicy(options.db, { now, dryRun: false, actor: null });
      const done = policyRun.items.filter((i) => i.outcome === "APPLIED" || i.outcome === "SCHEDULED").length;
      if (done) logger.info("cost policy applied recommendations", { count: done });
    }
  }
  return { changes, sampled, policyRun };
}

export interface StartBillingSchedulerOptions {
  db: PrismaClient;
  aws: AwsGateway;
  /** Pause between passes (scheduled changes are applied within one tick of midnight). */
  tickMs?: number;
  sampleEveryMs?: number;
  policyEveryMs?: number;
  clock?: () => Date;
  logger?: BillingLogger;
}

export function startBillingScheduler(options: StartBillingSchedulerOptions): { stop(): Promise<void> } {
  const tickMs = options.tickMs ?? 60_000;
  const sampleEveryMs = options.sampleEveryMs ?? DEFAULT_SAMPLE_INTERVAL_MS;
  const clock = options.clock ?? (() => new Date());
  const logger = options.logger ?? portalLogger;
  let lastSample = 0;
  return runEvery(tickMs, async () => {
    const now = clock();
    const sample = now.getTime() - lastSample >= sampleEveryMs;
    try {
      await runBillingJobsOnce({ db: options.db, aws: options.aws, now, sample, policy: true, policyEveryMs: options.policyEveryMs, logger });
      if (sample) lastSample = now.getTime();
    } catch (error) {
      logger.error("billing pass failed", { error: String(error) });
    }
  });
}
