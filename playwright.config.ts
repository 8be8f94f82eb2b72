import { defineConfig } from "@playwright/test";
import { existsSync } from "node:fs";
import path from "node:path";

// Debian's Chromium on these machines; Playwright's own browser where a developer has one.
const executablePath = process.env.CHROMIUM_PATH ?? ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));

const port = Number(process.env.E2E_PORT ?? 3100);

// Directory sign-in and directory users: the demo directory answers through the Samba test DC when
// one runs (scripts/samba-test-dc.sh, started by .ci/run), real AD; otherwise the emulator's LDAPS.
const directory: Record<string, string> = process.env.SAMBA_TEST_LDAP_URL
  ? {
      PORTAL_LDAP_ENDPOINTS: `d-9067000001=${process.env.SAMBA_TEST_LDAP_URL}`,
      PORTAL_LDAP_CA_FILE: process.env.SAMBA_TEST_CA_FILE ?? "",
      // The directory users pages manage the DC's users as its Administrator.
      ...(process.env.SAMBA_TEST_ADMIN_PASSWORD
        ? { PORTAL_LDAP_SERVICE_ACCOUNTS: "d-9067000001=Administrator@corp.example.com", PORTAL_LDAP_SERVICE_PASSWORD_D_9067000001: process.env.SAMBA_TEST_ADMIN_PASSWORD }
        : {}),
    }
  : {};
export const E2E_DATA_DIR = path.resolve(".data/e2e");
// The test OpenID provider (test-support/oidc-provider.ts) the portal's single sign-on talks to.
const idpPort = Number(process.env.E2E_OIDC_PORT ?? port + 10);
export const E2E_OIDC = {
  issuer: `http://localhost:${idpPort}`,
  clientId: "workspaces-portal-e2e",
  clientSecret: "e2e-client-secret-0123456789abcdef",
  name: "Test IdP",
};

export default defineConfig({
  testDir: "e2e",
  timeout: 90_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  globalSetup: "./e2e/global-setup.ts",
  // The demo accounts are shared and each may hold one desktop per directory: specs withdraw the
  // requests they leave open, and the one that approves Bob's and Dave's requests runs last.
  projects: [
    { name: "journeys", testIgnore: /approval-queue\.spec\.ts/ },
    { name: "decisions", testMatch: /approval-queue\.spec\.ts/, dependencies: ["journeys"] },
  ],
  use: {
    baseURL: `http://localhost:${port}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  webServer: [
    {
      command: "npx tsx test-support/oidc-provider-cli.ts",
      url: `${E2E_OIDC.issuer}/.well-known/openid-configuration`,
      timeout: 60_000,
      reuseExistingServer: false,
      env: {
        OIDC_PORT: String(idpPort),
        OIDC_REDIRECT_URI: `http://localhost:${port}/api/auth/callback/oidc`,
        OIDC_CLIENT_ID: E2E_OIDC.clientId,
        OIDC_CLIENT_SECRET: E2E_OIDC.clientSecret,
      },
    },
    {
      // Each run starts from an empty embedded database and emulator state, with the test
      // provider's admin group mapped to ADMIN.
      command: `rm -rf "${E2E_DATA_DIR}" && npx tsx e2e/seed-sso-role-mapping.ts && npx tsx scripts/start.ts`,
      url: `http://localhost:${port}/sign-in`,
      timeout: 240_000,
      reuseExistingServer: false,
      stdout: "pipe",
      env: {
        PORT: String(port),
        AUTH_URL: `http://localhost:${port}`,
        PORTAL_DATA_DIR: E2E_DATA_DIR,
        PORTAL_EMULATOR_PORT: String(port + 1),
        // Fast, yet slow enough that every transitional state shows on screen for a few seconds.
        PORTAL_EMULATOR_SPEED: "0.03",
        NEXT_TELEMETRY_DISABLED: "1",
        // The tests play one trusted proxy: the last X-Forwarded-For entry a browser context sends
        // is the machine it stands for (specs with two machines); entries left of it are ignored.
        PORTAL_TRUSTED_PROXY_HOPS: "1",
        PORTAL_OIDC_ISSUER: E2E_OIDC.issuer,
        PORTAL_OIDC_CLIENT_ID: E2E_OIDC.clientId,
        PORTAL_OIDC_CLIENT_SECRET: E2E_OIDC.clientSecret,
        PORTAL_OIDC_NAME: E2E_OIDC.name,
        PORTAL_OIDC_SCOPES: "openid email profile groups",
        PORTAL_OIDC_USERNAME_DOMAIN: "corp.example.com",
        PORTAL_OIDC_DIRECTORY_ID: "d-9067000001",
        // Directory sign-in as in the embedded default: the emulator's directories answer LDAPS
        // with their own CA (lib/config). Port + 5: users.spec's second portal takes + 2 to + 4.
        PORTAL_EMULATOR_LDAP_PORT: String(port + 5),
        // Prometheus metrics (observability.spec.ts).
        PORTAL_METRICS_PORT: String(port + 6),
        ...directory,
      },
    },
  ],
});
