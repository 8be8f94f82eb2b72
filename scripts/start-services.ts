// Everything the portal runs besides the web server: the embedded AWS emulator (when on), the
// database and its migrations, the demo seed (only as lib/config allows), default prices, the
// worker, the billing scheduler and housekeeping. scripts/start.ts adds Next.js on top; tests start
// this alone to see what start-up does to AWS.
import type { PortalConfig } from "@/lib/config";

export interface RunningServices {
  /** Seeded the demo accounts and desktops. */
  seeded: boolean;
  stop(): Promise<void>;
}

export async function startServices(config: PortalConfig): Promise<RunningServices> {
  let emulator: { url: string; close(): Promise<void> } | undefined;
  if (config.emulator.enabled) {
    const { startEmulator } = await import("@/lib/aws-emulator/server");
    emulator = await startEmulator({
      port: config.emulator.port,
      dataDir: config.emulator.stateDir,
      timeScale: config.emulator.speed,
      seed: true,
    });
    // The SDK picks the endpoint up from the environment, exactly as it would a real override.
    process.env.AWS_ENDPOINT_URL = emulator.url;
    console.log(`AWS emulator (WorkSpaces, Directory Service) on ${emulator.url}, ${config.emulator.speed} speed`);
  }

  const { db } = await import("@/lib/db/client");
  const { ensureDatabase } = await import("@/lib/db/migrate");
  await ensureDatabase();

  const { createDbAwsGateway } = await import("@/lib/aws/gateway");
  const aws = createDbAwsGateway(db);
  // config.seedDemo is true outside the embedded emulator only with PORTAL_SEED_DEMO=billable.
  if (config.seedDemo) {
    const { seedDemo } = await import("@/prisma/seed");
    await seedDemo(db, aws, config.awsRegion);
  }

  // List prices for the configured region; rows an admin edited are kept.
  const { ensureDefaultPrices } = await import("@/lib/billing/seed");
  await ensureDefaultPrices(db, [config.awsRegion]);

  let worker: { stop(): Promise<void> } | undefined;
  let billing: { stop(): Promise<void> } | undefined;
  if (config.worker) {
    const { startBillingScheduler } = await import("@/lib/billing/scheduler");
    billing = startBillingScheduler({ db, aws });
    const { startWorker } = await import("@/lib/jobs/worker");
    // Test runs poll faster so that state changes show within a second or two.
    const fast = config.emulator.enabled && config.emulator.speed !== "demo";
    worker = startWorker({
      db,
      aws,
      volumeEncryptionKey: config.volumeEncryptionKey,
      pollMs: fast ? 250 : 1000,
      reconcileMs: fast ? 500 : 10_000,
    });
  }

  const { startHousekeeping } = await import("@/lib/jobs/housekeeping");
  const housekeeping = startHousekeeping({ db, aws, region: config.awsRegion });
  // The demo seed has just read the catalogue; elsewhere read it now rather than in 10 minutes.
  if (!config.seedDemo) void housekeeping.runNow();

  return {
    seeded: config.seedDemo,
    async stop() {
      housekeeping.stop();
      await billing?.stop();
      await worker?.stop();
      await emulator?.close();
      const { closeDb } = await import("@/lib/db/client");
      await closeDb();
    },
  };
}
