// Everything the portal runs besides the web server: the embedded AWS emulator (when on), the
// database and its migrations, the demo seed (only as lib/config allows), default prices and the
// background work (lib/jobs/background). scripts/start.ts adds Next.js on top; tests start
// this alone to see what start-up does to AWS.
import type { PortalConfig } from "@/lib/config";

export interface RunningServices {
  /** Seeded the demo accounts and desktops. */
  seeded: boolean;
  /** With no admin in the database: the one-time link that creates the first one (printed by start). */
  setupLink: { url: string; expiresAt: Date } | null;
  stop(): Promise<void>;
}

export async function startServices(config: PortalConfig): Promise<RunningServices> {
  let emulator: { url: string; ldap?: { url: string }; close(): Promise<void> } | undefined;
  if (config.emulator.enabled) {
    const { startEmulator } = await import("@/lib/aws-emulator/server");
    emulator = await startEmulator({
      port: config.emulator.port,
      ldapPort: config.emulator.ldapPort,
      dataDir: config.emulator.stateDir,
      timeScale: config.emulator.speed,
      seed: true,
    }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE" && config.emulator.ldapPort !== undefined && error.message.includes(`:${config.emulator.ldapPort}`)) {
        throw new Error(
          `Port ${config.emulator.ldapPort} for the emulator's LDAPS (directory sign-in) is in use: set PORTAL_EMULATOR_LDAP_PORT to a free port, or PORTAL_DEMO_DIRECTORY=off.`,
        );
      }
      throw error;
    });
    const { log } = await import("@/lib/observability/logger");
    log("server").info({ url: emulator.url, speed: config.emulator.speed }, "AWS emulator (WorkSpaces, Directory Service, EC2) started");
    if (emulator.ldap) log("server").info({ url: emulator.ldap.url, caFile: config.directorySignIn.caFile }, "its directories answer LDAPS");
  }

  const { db } = await import("@/lib/db/client");
  const { ensureDatabase } = await import("@/lib/db/migrate");
  await ensureDatabase();

  // Pointed at the embedded emulator by the config (lib/aws/gateway awsClientOptionsFromConfig).
  const { createConfiguredAwsGateway } = await import("@/lib/aws/gateway");
  const aws = createConfiguredAwsGateway(db);
  // config.seedDemo is true outside the embedded emulator only with PORTAL_SEED_DEMO=billable.
  if (config.seedDemo) {
    const { seedDemo } = await import("@/prisma/seed");
    await seedDemo(db, aws, config.awsRegion);
  }

  // The demo directory's group-to-role mapping and sign-in accounts (scripts/demo-directory.ts).
  const { setUpDemoDirectory } = await import("./demo-directory");
  await setUpDemoDirectory(config, db);
  // First run without the demo: nobody can sign in yet. Every start issues a new link (the old one
  // stops working), until the first admin exists.
  const { issueSetupLink, needsFirstAdmin } = await import("@/lib/users/first-admin");
  const setupLink = (await needsFirstAdmin(db)) ? await issueSetupLink(db, config.portalUrl) : null;

  // List prices for the configured region; rows an admin edited are kept.
  const { ensureDefaultPrices } = await import("@/lib/billing/seed");
  await ensureDefaultPrices(db, [config.awsRegion]);

  // The same background work as `npm run worker`; with PORTAL_WORKER=off that process runs it.
  // Prometheus metrics on their own port, when one is set (PORTAL_METRICS_PORT).
  let metricsServer: { close(): Promise<void> } | undefined;
  if (config.metrics) {
    const { startMetricsServer } = await import("@/lib/observability/metrics-server");
    metricsServer = await startMetricsServer({ db, ...config.metrics });
  }

  let background: { stop(): Promise<void> } | undefined;
  if (config.worker) {
    const { startBackgroundWork } = await import("@/lib/jobs/background");
    // The demo seed has just read the catalogue; elsewhere read it now rather than in 10 minutes.
    background = startBackgroundWork({ db, aws, config, refreshCatalogueNow: !config.seedDemo });
  }

  return {
    seeded: config.seedDemo,
    setupLink,
    async stop() {
      await background?.stop();
      await metricsServer?.close();
      await emulator?.close();
      const { closeDb } = await import("@/lib/db/client");
      await closeDb();
    },
  };
}
