// The portal in one process: on the embedded default it starts the AWS emulator, opens and
// migrates the embedded database, seeds the demo, runs the worker and serves the web app.
// PGlite allows one process per data folder, so web server and worker share this one.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import next from "next";
import { getConfig } from "@/lib/config";
import { stampClientAddress } from "@/lib/auth/client-address";
import { createDrainableServer } from "./drainable-server";

// SIGTERM: how long requests in flight may take to finish before their connections are cut.
const DRAIN_GRACE_MS = 20_000;
import { observeHttpRequest } from "@/lib/observability/http-observer";
import { log } from "@/lib/observability/logger";
import { routeLabelerFromBuild } from "@/lib/observability/route-label";

const root = path.resolve(import.meta.dirname, "..");
const dev = process.argv.includes("--dev");

// Rebuild when the sources changed since the last production build.
function buildIsStale(): boolean {
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (!existsSync(buildId)) return true;
  const builtAt = statSync(buildId).mtimeMs;
  const newer = (dir: string): boolean =>
    readdirSync(dir, { withFileTypes: true }).some((entry) => {
      if (entry.name === "generated" || entry.name.startsWith(".")) return false;
      const full = path.join(dir, entry.name);
      return entry.isDirectory() ? newer(full) : statSync(full).mtimeMs > builtAt;
    });
  return ["app", "components", "lib"].some((d) => newer(path.join(root, d)));
}

async function main() {
  // `npm start` runs the `node` dev dependency (Node 22); a bare `node scripts/start.ts` may not.
  if (Number(process.versions.node.split(".")[0]) < 22) {
    throw new Error(`The portal needs Node 22 or newer (this is ${process.version}); start it with npm start.`);
  }
  const config = getConfig();
  // next-auth reads these from the environment.
  process.env.AUTH_SECRET ??= config.authSecret;
  process.env.AUTH_TRUST_HOST ??= "true";
  process.env.AUTH_URL ??= config.portalUrl;

  if (!dev && buildIsStale()) {
    log("server").info("building the portal (first start or changed sources)");
    // The build runs on this process's Node (22 from node_modules/.bin), whatever `npx` would find.
    const nextCli = path.join(root, "node_modules", "next", "dist", "bin", "next");
    const build = spawnSync(process.execPath, [nextCli, "build"], { cwd: root, stdio: "inherit", env: process.env });
    if (build.status !== 0) throw new Error("The production build failed; see the output above.");
  }

  const { startServices } = await import("./start-services");
  const services = await startServices(config);

  const app = next({ dev, dir: root, hostname: "localhost", port: config.port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const routeOf = routeLabelerFromBuild(root);
  // The only place that sees the socket: the client's address for sign-in limits and the audit trail.
  const { server, drain } = createDrainableServer((req, res) => {
    stampClientAddress(req, config.trustedProxyHops);
    if (config.instanceName) res.setHeader("X-Portal-Instance", config.instanceName);
    observeHttpRequest(req, res, routeOf);
    void handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(config.port, "localhost", resolve));

  log("server").info({ url: config.portalUrl, node: process.version }, `WorkSpaces Portal is ready: ${config.portalUrl}`);
  if (config.seedDemo) {
    const { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TOTP_SECRET } = await import("@/prisma/demo-accounts");
    console.log(`Demo accounts (password "${DEMO_PASSWORD}"):`);
    for (const a of DEMO_ACCOUNTS) console.log(`  ${a.role.padEnd(8)} ${a.email}${a.mfa ? `  (two-step key ${DEMO_TOTP_SECRET})` : ""}`);
  }

  if (services.setupLink) {
    const minutes = Math.round((services.setupLink.expiresAt.getTime() - Date.now()) / 60_000);
    console.log(`\nThe portal has no admin yet. Create the first one with this link (works once, for ${minutes} minutes):`);
    console.log(`  ${services.setupLink.url}`);
    console.log("A new start, or npm run admin -- create, prints a new link and the old one stops working.");
  }

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    // New connections are refused from here on; the requests in flight finish, then the worker
    // (if here) finishes its pass and the database closes.
    await drain(DRAIN_GRACE_MS);
    await services.stop();
    process.exit(0);
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

main().catch((error) => {
  log("server").fatal({ reason: error instanceof Error ? error.message : String(error) }, "the portal did not start");
  process.exit(1);
});
