// Periodic upkeep next to the worker: refresh the cached AWS catalogue (bundles, directories,
// registration codes) and drop expired sign-in throttle rows.
import type { PrismaClient } from "@/lib/db/generated/client";
import type { AwsGateway } from "@/lib/aws/gateway";
import { refreshCatalog } from "@/lib/catalog/mutations";
import { pruneSignInThrottle } from "@/lib/auth/sign-in-throttle";
import { log } from "@/lib/observability/logger";
import { runEvery } from "./periodic";

/** `now: false` waits one interval first (the demo seed has just read the catalogue). */
export function startHousekeeping(options: { db: PrismaClient; aws: AwsGateway; region: string; intervalMs?: number; now?: boolean }) {
  const intervalMs = options.intervalMs ?? 10 * 60_000;
  const run = async () => {
    try {
      const result = await refreshCatalog(options.db, options.aws, options.region);
      if (!result.ok) log("housekeeping").error({ reason: result.message }, "catalogue refresh failed");
      await pruneSignInThrottle(options.db);
    } catch (error) {
      log("housekeeping").error({ err: error }, "housekeeping failed");
    }
  };
  return runEvery(intervalMs, run, { unref: true, firstAfterTick: options.now === false });
}
