// `npm run worker`: the worker as its own process. SIGTERM/SIGINT stop claiming and let the current
// pass finish: calls in flight are answered and recorded, claims not yet sent go back to the queue
// at once (WorkerPass.sendUnlessStopping); then it exits.
// On PGlite only one process may open the data folder: run a separate worker against PostgreSQL
// (DATABASE_URL), or let `npm start` run the worker inside the web process (PORTAL_WORKER=on).
// `--until-idle`: exit 0 once nothing is queued, running or changing (batch runs, tests).

import { getConfig } from "@/lib/config";
import { closeDb, db } from "@/lib/db/client";
import { ensureDatabase } from "@/lib/db/migrate";
import { createConfiguredAwsGateway } from "@/lib/aws/gateway";
import { startBackgroundWork } from "./background";
import { CHANGING_STATES } from "@/lib/desktops/desktop-state";
import { log } from "@/lib/observability/logger";
import { startMetricsServer } from "@/lib/observability/metrics-server";
import { startHealthServer } from "@/lib/health/health-server";
import { checkReadiness } from "@/lib/health/readiness";

async function main() {
  const config = getConfig();
  await ensureDatabase();
  const aws = createConfiguredAwsGateway(db);
  // A batch run (--until-idle) leaves the periodic jobs to the long-running worker.
  const untilIdle = process.argv.includes("--until-idle");
  const background = startBackgroundWork({ db, aws, config, scheduler: config.jobs.scheduler && !untilIdle });
  const worker = background.worker;
  // Prometheus metrics on their own port, when one is set (PORTAL_METRICS_PORT; its own per process).
  const metricsServer = config.metrics ? await startMetricsServer({ db, ...config.metrics }) : undefined;
  // Liveness and readiness for the orchestrator (the web server has its own, app/healthz and app/readyz).
  const health = config.jobs.healthPort
    ? await startHealthServer({ port: config.jobs.healthPort, readiness: () => checkReadiness({ db, worker: background.heartbeat }) })
    : undefined;
  if (health) log("worker").info({ url: health.url }, `health checks on ${health.url}/healthz and /readyz`);
  log("worker").info(
    { workerId: worker.workerId, region: config.awsRegion, scheduler: background.scheduled, node: process.version },
    "worker started",
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log("worker").info({ signal }, "finishing the current pass");
    const forced = setTimeout(() => {
      log("worker").error("did not stop within 30 s; exiting (claims are released by lease expiry)");
      process.exit(1);
    }, 30_000);
    forced.unref();
    await background.stop();
    await metricsServer?.close();
    await health?.close();
    aws.destroy();
    await closeDb();
    const st = worker.stats;
    log("worker").info({ ...st }, "worker stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));

  if (untilIdle) {
    let idlePasses = 0;
    const timer = setInterval(() => {
      void (async () => {
        const [open, changing] = await Promise.all([
          db.operation.count({ where: { status: { in: ["QUEUED", "RUNNING"] } } }),
          db.desktop.count({ where: { workspaceId: { not: null }, terminatedAt: null, state: { in: [...CHANGING_STATES] } } }),
        ]);
        idlePasses = open === 0 && changing === 0 ? idlePasses + 1 : 0;
        if (idlePasses >= 2) {
          clearInterval(timer);
          await shutdown("idle");
        }
      })().catch((error) => log("worker").error({ err: error }, "idle check failed"));
    }, 500);
  }
}

main().catch((error) => {
  log("worker").fatal({ err: error }, "worker failed to start");
  process.exit(1);
});
