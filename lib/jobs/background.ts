// All background work, started in one place for both the embedded start (scripts/start.ts) and
// `npm run worker` (lib/jobs/cli.ts), with the intervals from lib/config (`config.jobs`):
// the worker loop (operations, reconciliation, the sweep) and, where this process runs the
// scheduler, the billing scheduler (mode changes due, usage sampling, the cost policy) and
// housekeeping (catalogue refresh, expired sign-in throttle rows) and the lifecycle (idle desktops, leavers).
import type { AwsGateway } from "@/lib/aws/gateway";
import { startBillingScheduler } from "@/lib/billing/scheduler";
import type { PortalConfig } from "@/lib/config";
import type { PrismaClient } from "@/lib/db/generated/client";
import { startLifecycleScheduler } from "@/lib/lifecycle/scheduler";
import { setProcessWorkerHeartbeat, workerHeartbeat, type WorkerHeartbeat } from "@/lib/health/worker-heartbeat";
import { startHousekeeping } from "./housekeeping";
import { startApprovalReminders } from "@/lib/approvals/reminders";
import { checkSmtpAtStart } from "@/lib/notifications/smtp-check";
import { startWorker, type RunningWorker } from "./worker";

export interface BackgroundWork {
  worker: RunningWorker;
  /** Fresh while the worker finishes passes (/readyz). */
  heartbeat: WorkerHeartbeat;
  /** True when this process runs the billing scheduler and housekeeping. */
  scheduled: boolean;
  /** Stops claiming and lets the current passes finish. */
  stop(): Promise<void>;
}

export interface StartBackgroundWorkOptions {
  db: PrismaClient;
  aws: AwsGateway;
  config: Pick<PortalConfig, "jobs" | "awsRegion" | "volumeEncryptionKey" | "mail" | "directorySignIn" | "directoryServiceAccounts"> &
    Partial<Pick<PortalConfig, "approvals">>;
  /** Run the periodic jobs here too (default: config.jobs.scheduler). Off for `--until-idle` runs. */
  scheduler?: boolean;
  /** Refresh the catalogue at once (default true); the demo seed has just read it. */
  refreshCatalogueNow?: boolean;
}

export function startBackgroundWork(options: StartBackgroundWorkOptions): BackgroundWork {
  const { db, aws, config } = options;
  const jobs = config.jobs;
  const worker = startWorker({
    db,
    aws,
    workerId: jobs.workerId,
    pollMs: jobs.pollMs,
    reconcileMs: jobs.reconcileMs,
    sweepMs: jobs.sweepMs,
    leaseMs: jobs.leaseMs,
    claimLimit: jobs.claimLimit,
    unknownOutcomeDelayMs: jobs.unknownOutcomeDelayMs,
    volumeEncryptionKey: config.volumeEncryptionKey ?? null,
    mail: config.mail,
  });
  // The worker sends the mail: check the SMTP settings now, in the background (a failure is logged
  // and shown to admins; the worker starts anyway and mail waits, retried).
  if (config.mail.smtp) void checkSmtpAtStart({ db, smtp: config.mail.smtp, instance: worker.workerId }).catch(() => {});
  // A pass holds its claims for a lease at most: no finished pass for a lease and a poll is a stuck worker.
  const heartbeat = workerHeartbeat(worker.lastPassAt, jobs.leaseMs + jobs.pollMs);
  setProcessWorkerHeartbeat(heartbeat);
  // Periodic jobs need one runner: with several worker processes, WORKER_SCHEDULER=off on all but one.
  const scheduled = options.scheduler ?? jobs.scheduler;
  const billing = scheduled ? startBillingScheduler({ db, aws, tickMs: jobs.billingTickMs }) : undefined;
  const housekeeping = scheduled
    ? startHousekeeping({ db, aws, region: config.awsRegion, intervalMs: jobs.catalogueRefreshMs, now: options.refreshCatalogueNow ?? true })
    : undefined;
  // Idle-desktop policies and leavers (lib/lifecycle): warnings, stops and terminations queued as operations.
  const lifecycle = scheduled ? startLifecycleScheduler({ db, config }) : undefined;
  // Reminders and escalations of requests waiting for approval (lib/approvals/reminders.ts).
  const reminders = scheduled && config.approvals ? startApprovalReminders({ db, settings: config.approvals }) : undefined;

  return {
    worker,
    heartbeat,
    scheduled,
    async stop() {
      await housekeeping?.stop();
      await lifecycle?.stop();
      await reminders?.stop();
      await billing?.stop();
      await worker.stop();
    },
  };
}
