// The lifecycle's periodic work, in the worker process's background work (lib/jobs/background.ts):
// the policies and the leavers every pass, the directory check for leavers every hour.
// `runLifecycleOnce` is one pass (tests with clock control, the admin's "run now").

import type { PrismaClient } from "@/lib/db/generated/client";
import type { PortalConfig } from "@/lib/config";
import { serviceConnectionFor } from "@/lib/directories/users/service-account";
import { checkDirectoriesForLeavers, type ConnectionFor, type DirectoryCheckSummary } from "./directory-check";
import { runLeavers, type LeaverPassSummary } from "./leavers";
import { runPolicies, type PolicyPassSummary } from "./policy-pass";
import { runEvery } from "@/lib/jobs/periodic";
import { log } from "@/lib/observability/logger";

export interface LifecyclePassResult {
  directoryCheck: DirectoryCheckSummary | null;
  policies: PolicyPassSummary;
  leavers: LeaverPassSummary;
}

/** One pass: the directory check first (when asked), so that a leaver found now is stopped in the same pass. */
export async function runLifecycleOnce(db: PrismaClient, options: { now?: Date; connectionFor?: ConnectionFor } = {}): Promise<LifecyclePassResult> {
  const now = options.now ?? new Date();
  const directoryCheck = options.connectionFor ? await checkDirectoriesForLeavers(db, options.connectionFor, now) : null;
  const leavers = await runLeavers(db, now);
  const policies = await runPolicies(db, now);
  return { directoryCheck, policies, leavers };
}

/** The directories' service accounts from the settings (PORTAL_LDAP_SERVICE_ACCOUNTS); directories without one are not checked. */
export function configuredConnections(config: Pick<PortalConfig, "directorySignIn" | "directoryServiceAccounts">): ConnectionFor {
  return (directory) => {
    const found = serviceConnectionFor(directory, config);
    return found.ok ? found.conn : null;
  };
}

export function startLifecycleScheduler(options: {
  db: PrismaClient;
  config: Pick<PortalConfig, "directorySignIn" | "directoryServiceAccounts">;
  tickMs?: number;
  directoryCheckEveryMs?: number;
  clock?: () => Date;
}): { stop(): Promise<void> } {
  const tickMs = options.tickMs ?? 10 * 60_000;
  const checkEveryMs = options.directoryCheckEveryMs ?? 60 * 60_000;
  const clock = options.clock ?? (() => new Date());
  const connectionFor = configuredConnections(options.config);
  let lastCheck = 0;
  return runEvery(
    tickMs,
    async () => {
      const now = clock();
      const check = now.getTime() - lastCheck >= checkEveryMs;
      try {
        const result = await runLifecycleOnce(options.db, { now, connectionFor: check ? connectionFor : undefined });
        if (check) lastCheck = now.getTime();
        for (const p of result.directoryCheck?.problems ?? []) {
          log("lifecycle").error({ directoryId: p.directoryId, reason: p.message }, "directory not checked for leavers");
        }
      } catch (error) {
        log("lifecycle").error({ err: error }, "lifecycle pass failed");
      }
    },
    { unref: true },
  );
}
