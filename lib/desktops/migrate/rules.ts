// When AWS migrates a desktop to another bundle (MigrateWorkspace), checked before the operation is
// queued so the admin gets the reason at once rather than a failed operation later.
import type { Verdict } from "../rules";
import type { Price } from "@/lib/billing/prices/price";
import { monthlyCostChange } from "../resize/rules";

/** States AWS migrates from. */
export const MIGRATE_STATES: readonly string[] = ["AVAILABLE", "STOPPED"];

export type MigrationFacts = { state: string; workspaceId: string | null; bundleId: string; platform: string };
export type MigrationTarget = { id: string; platform: string };

export function checkMigration(desktop: MigrationFacts, target?: MigrationTarget): Verdict {
  if (!desktop.workspaceId) return { allowed: false, reason: "The desktop has not been created in AWS yet." };
  if (desktop.platform !== "WINDOWS") return { allowed: false, reason: "AWS does not migrate Linux desktops." };
  if (!MIGRATE_STATES.includes(desktop.state)) {
    return { allowed: false, reason: `AWS migrates a desktop only when it is available or stopped; it is ${desktop.state.toLowerCase().replaceAll("_", " ")}.` };
  }
  if (!target) return { allowed: true };
  if (target.id === desktop.bundleId) return { allowed: false, reason: "The desktop already uses this bundle." };
  if (target.platform !== "WINDOWS") return { allowed: false, reason: "A Windows desktop can be migrated only to a Windows bundle." };
  return { allowed: true };
}

/**
 * The change to a full month's bill of moving to another bundle: its compute type's price, and its
 * root volume (the user volume is kept at its size). The resize feature's arithmetic.
 */
export function migrationCostChange(input: {
  runningMode: "AUTO_STOP" | "ALWAYS_ON";
  from: Price | undefined;
  to: Price | undefined;
  rootVolumeGiB: number;
  userVolumeGiB: number;
  toRootVolumeGiB: number;
}) {
  return monthlyCostChange({
    runningMode: input.runningMode,
    from: input.from,
    to: input.to,
    storageFromGiB: input.rootVolumeGiB + input.userVolumeGiB,
    storageToGiB: input.toRootVolumeGiB + input.userVolumeGiB,
  });
}
