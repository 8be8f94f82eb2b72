import { db } from "@/lib/db/client";
import type { Prisma, PrismaClient } from "@/lib/db/generated/client";
import type { Role } from "@/lib/db/generated/enums";
import { compareBundles } from "@/lib/catalog/bundle-facts";
import { requestableBundles } from "@/lib/catalog/offer-rules";
import { loadPriceIndex } from "@/lib/billing/prices/queries";
import { priceKey } from "@/lib/billing/prices/price";
import { loadGuardrail } from "@/lib/guardrails/queries";
import { computeProblem } from "@/lib/guardrails/rules";
import { costChangeText } from "../resize/rules";
import { checkMigration, migrationCostChange, type MigrationFacts } from "./rules";

type Client = PrismaClient | Prisma.TransactionClient;

/** `cost`: the month's cost change, in words ("+$25.00 a month"). */
export type MigrationChoice = { id: string; name: string; computeType: string; rootVolumeGiB: number; userVolumeGiB: number; cost: string };

/** The desktop as the migration rules see it. */
export async function loadMigrationFacts(desktopId: string, client: Client = db): Promise<(MigrationFacts & { directoryId: string; ownerId: string | null }) | null> {
  const d = await client.desktop.findUnique({
    where: { id: desktopId },
    select: { state: true, workspaceId: true, bundleId: true, directoryId: true, ownerId: true, bundle: { select: { platform: true } } },
  });
  return d && { state: d.state, workspaceId: d.workspaceId, bundleId: d.bundleId, directoryId: d.directoryId, ownerId: d.ownerId, platform: d.bundle.platform };
}

/**
 * The bundles this desktop may move to: what the catalogue offers its owner in its directory
 * (an imported desktop without an owner: what it offers any employee there), other than its own
 * bundle, that AWS can migrate it to and the directory's guardrail allows the owner's role, each
 * with the month's cost change.
 */
export async function listMigrationTargets(desktopId: string, client: Client = db): Promise<MigrationChoice[]> {
  const d = await client.desktop.findUnique({
    where: { id: desktopId },
    include: { bundle: true, directory: { select: { region: true } }, owner: { select: { role: true, groups: true } } },
  });
  if (!d) return [];
  const facts: MigrationFacts = { state: d.state, workspaceId: d.workspaceId, bundleId: d.bundleId, platform: d.bundle.platform };
  const who = { role: (d.owner?.role ?? "EMPLOYEE") as Role, groups: d.owner?.groups ?? [], directoryId: d.directoryId };
  const [bundles, offers, prices, guardrail] = await Promise.all([client.bundle.findMany(), client.bundleOffer.findMany(), loadPriceIndex(client), loadGuardrail(d.directoryId, client)]);
  const priceOf = (computeType: string, platform: string) => prices.get(priceKey(d.directory.region, computeType, platform));
  const current = {
    runningMode: d.runningMode,
    from: priceOf(d.computeType ?? d.bundle.computeType, d.bundle.platform),
    rootVolumeGiB: d.rootVolumeGiB ?? d.bundle.rootVolumeGiB,
    userVolumeGiB: d.userVolumeGiB ?? d.bundle.userVolumeGiB,
  };
  return requestableBundles(bundles, offers, who)
    .filter((b) => checkMigration(facts, b).allowed)
    // Money: the directory's largest compute type for the owner's role holds here as on every path.
    .filter((b) => !computeProblem(guardrail, who.role, b.computeType))
    .sort(compareBundles)
    .map((b) => ({
      id: b.id,
      name: b.displayName,
      computeType: b.computeType,
      rootVolumeGiB: b.rootVolumeGiB,
      userVolumeGiB: b.userVolumeGiB,
      cost: costChangeText(migrationCostChange({ ...current, to: priceOf(b.computeType, b.platform), toRootVolumeGiB: b.rootVolumeGiB })),
    }));
}
