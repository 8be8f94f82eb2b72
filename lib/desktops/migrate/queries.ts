import { db } from "@/lib/db/client";
import type { Role } from "@/lib/db/generated/enums";
import { compareBundles } from "@/lib/catalog/bundle-facts";
import { requestableBundles } from "@/lib/catalog/offer-rules";
import { checkMigration, type MigrationFacts } from "./rules";

export type MigrationChoice = { id: string; name: string; computeType: string; rootVolumeGiB: number; userVolumeGiB: number };

/** The desktop as the migration rules see it. */
export async function loadMigrationFacts(desktopId: string): Promise<(MigrationFacts & { directoryId: string; ownerId: string | null }) | null> {
  const d = await db.desktop.findUnique({
    where: { id: desktopId },
    select: { state: true, workspaceId: true, bundleId: true, directoryId: true, ownerId: true, bundle: { select: { platform: true } } },
  });
  return d && { state: d.state, workspaceId: d.workspaceId, bundleId: d.bundleId, directoryId: d.directoryId, ownerId: d.ownerId, platform: d.bundle.platform };
}

/**
 * The bundles this desktop may move to: what the catalogue offers its owner in its directory
 * (an imported desktop without an owner: what it offers any employee there), other than its own
 * bundle, that AWS can migrate it to.
 */
export async function listMigrationTargets(desktopId: string): Promise<MigrationChoice[]> {
  const facts = await loadMigrationFacts(desktopId);
  if (!facts) return [];
  const owner = facts.ownerId ? await db.user.findUnique({ where: { id: facts.ownerId }, select: { role: true, groups: true } }) : null;
  const who = { role: (owner?.role ?? "EMPLOYEE") as Role, groups: owner?.groups ?? [], directoryId: facts.directoryId };
  const [bundles, offers] = await Promise.all([db.bundle.findMany(), db.bundleOffer.findMany()]);
  return requestableBundles(bundles, offers, who)
    .filter((b) => checkMigration(facts, b).allowed)
    .sort(compareBundles)
    .map((b) => ({ id: b.id, name: b.displayName, computeType: b.computeType, rootVolumeGiB: b.rootVolumeGiB, userVolumeGiB: b.userVolumeGiB }));
}
