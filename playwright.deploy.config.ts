import { defineConfig } from "@playwright/test";
import { existsSync } from "node:fs";

// The portal as deployed: two web instances and two workers on one PostgreSQL behind nginx with
// TLS, started by the spec itself (scripts/multi-instance.ts), so there is no webServer here.
// Ports: MULTI_PORTS (default 4181-4199) and MULTI_PG_PORT (default 54339).
const executablePath = process.env.CHROMIUM_PATH ?? ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));

export default defineConfig({
  testDir: "e2e-deploy",
  timeout: 180_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  use: {
    // The certificate is generated at start and trusted by nobody.
    ignoreHTTPSErrors: true,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
});
