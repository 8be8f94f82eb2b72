// `npm run worker`: the worker as its own process. SIGTERM/SIGINT stop claiming, let the current
// pass finish (its claims are closed or their leases run out), then exit.
// On PGlite only one process may open the data folder: run a separate worker against PostgreSQL
// (DATABASE_URL), or let `npm start` run the worker inside the web process (PORTAL_WORKER=on).

import { getConfig } from "@/lib/config";
import { closeDb, db } from "@/lib/db/client";
import { ensureDatabase } from "@/lib/db/migrate";
import { createConfiguredAwsGateway } from "@/lib/aws/gateway";
import { startWorker } from "./worker";

function numberFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

async function main() {
  const config = getConfig();
  await ensureDatabase();
  const aws = createConfiguredAwsGateway(db);
  const worker = startWorker({
    db,
    aws,
    workerId: process.env.WORKER_ID || undefined,
    pollMs: numberFromEnv("WORKER_POLL_MS", 1_000),
    reconcileMs: numberFromEnv("WORKER_RECONCILE_MS", 15_000),
    volumeEncryptionKey: config.volumeEncryptionKey ?? null,
  });
  console.log(`[worker] ${worker.workerId} started (region ${config.awsRegion})`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[worker] ${signal}: finishing the current pass`);
    const forced = setTimeout(() => {
      console.error("[worker] did not stop within 30 s; exiting (claims are released by lease expiry)");
      process.exit(1);
    }, 30_000);
    forced.unref();
    await worker.stop();
    aws.destroy();
    await closeDb();
    console.log("[worker] stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((error) => {
  console.error("[worker] failed to start", error);
  process.exit(1);
});
