import { defineConfig } from "vitest/config";
import path from "node:path";

// Three projects, so that a quick edit-test loop never waits for a database or a fleet:
//   unit         rules and pure functions: no database, no emulator, no child process (seconds)
//   integration  the real database (PGlite, or PostgreSQL with TEST_DATABASE_URL), the real SDK
//                against the emulator, worker and emulator processes (a few minutes)
//   scale        fleets of hundreds to thousands of desktops, several processes (minutes)
// `npx vitest run` (and `npm test`) runs all three; `npm run test:unit` etc. one. The unit project
// sets PORTAL_TEST_PROJECT=unit, and the helpers in test-support/ that open a database or start
// the emulator refuse to run there: a test that needs one belongs in the integration list below.
const all = ["lib/**/*.test.ts", "prisma/**/*.test.ts", "scripts/**/*.test.ts", "test-support/**/*.test.ts"];

const scale = ["lib/jobs/fleet-scale.test.ts", "lib/aws-emulator/contract-tests/scale.test.ts"];

const integration = [
  "lib/aws-emulator/contract-tests/**/*.test.ts",
  "lib/db/**/*.test.ts",
  "lib/jobs/claim.test.ts",
  "lib/jobs/cli.test.ts",
  "lib/jobs/reconcile.test.ts",
  "lib/jobs/worker-batching.test.ts",
  "lib/jobs/worker-migrate.test.ts",
  "lib/desktops/migrate/request.test.ts",
  "lib/jobs/worker.test.ts",
  "lib/health/readiness.test.ts",
  "lib/notifications/events.test.ts",
  "lib/notifications/sending.test.ts",
  "lib/notifications/failure-notice.test.ts",
  "lib/lifecycle/lifecycle.test.ts",
  "lib/lifecycle/idle-from-sampler.test.ts",
  "lib/audit/append-only.test.ts",
  "lib/auth/session.test.ts",
  "lib/auth/sessions.test.ts",
  "lib/auth/auth-sessions.test.ts",
  "lib/mfa/mfa.test.ts",
  "lib/auth/sign-in-throttle.test.ts",
  "lib/auth/directory/directory-sign-in.test.ts",
  "lib/auth/directory/manager.test.ts",
  "lib/catalog/refresh-directories.test.ts",
  "lib/auth/oidc-sign-in.test.ts",
  "lib/auth/client-address-http.test.ts",
  "lib/observability/request-correlation.test.ts",
  "lib/observability/metrics.test.ts",
  "lib/authorization-table.test.ts",
  "lib/guardrails/guardrails.test.ts",
  "lib/aws/db-rate-limiter.test.ts",
  "lib/billing/actions.test.ts",
  "lib/billing/costs/cost-policy.test.ts",
  "lib/billing/costs/recommendation-list.test.ts",
  "lib/billing/costs/group-by-tag.test.ts",
  "lib/billing/mode-changes/mutations.test.ts",
  "lib/billing/mode-requests/mutations.test.ts",
  "lib/billing/prices/mutations.test.ts",
  "lib/billing/scheduler.test.ts",
  "lib/billing/usage/sampler.test.ts",
  "lib/bulk/bulk-jobs.test.ts",
  "lib/desktops/queries.test.ts",
  "lib/directories/create/create-directory.test.ts",
  "lib/directories/create/network-choices.test.ts",
  "lib/directories/quick-setup/quick-setup.test.ts",
  "lib/directories/quick-setup/quick-setup-crash.test.ts",
  "lib/directories/directory-list.test.ts",
  "lib/directories/directory-registration.test.ts",
  "lib/directories/directory-settings.test.ts",
  "lib/directories/ip-groups/ip-groups.test.ts",
  "lib/directories/clean-up/clean-up.test.ts",
  "lib/directories/radius/radius.test.ts",
  "lib/images/images-and-bundles.test.ts",
  "lib/catalog/custom-bundle-to-desktop.test.ts",
  "lib/directories/users/ldap-admin.test.ts",
  "lib/directories/users/directory-users.test.ts",
  "lib/directories/users/embedded-default.test.ts",
  "lib/desktops/failed-creates.test.ts",
  "lib/desktops/desktop-state-migration.test.ts",
  "lib/desktops/fleet-list.test.ts",
  "lib/desktops/resize/resize.test.ts",
  "lib/requests/one-desktop-per-user.test.ts",
  "lib/requests/guardrails-at-request.test.ts",
  "lib/approvals/approvals.test.ts",
  "lib/users/provision.test.ts",
  "lib/users/accounts.test.ts",
  "lib/users/first-admin.test.ts",
  "scripts/admin.test.ts",
  "lib/bulk/stop-then-resumed.test.ts",
  "lib/audit/audit-trail.test.ts",
  "scripts/start-services.test.ts",
  "scripts/drainable-server.test.ts",
  "test-support/test-db.test.ts",
];

const alias = { "@": path.resolve(import.meta.dirname) };
const shared = { environment: "node", pool: "forks" } as const;

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          ...shared,
          name: "unit",
          include: all,
          exclude: [...integration, ...scale],
          env: { PORTAL_TEST_PROJECT: "unit" },
          testTimeout: 20_000,
        },
      },
      {
        resolve: { alias },
        test: {
          ...shared,
          name: "integration",
          include: integration,
          // next-auth imports "next/server" without an extension, which only a bundler resolves:
          // let Vite load it, so that tests can drive the real Auth.js endpoints.
          server: { deps: { inline: ["next-auth"] } },
          exclude: scale,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        resolve: { alias },
        test: {
          ...shared,
          name: "scale",
          include: scale,
          // Each test bounds its own waits and says what it was waiting for; this only stops a hang.
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
