import type { PrismaClient } from "@/lib/db/generated/client";
import type { AwsGateway } from "@/lib/aws/gateway";
import { describeDirectoryCatalogue } from "@/lib/aws/directory-service";
import type { BundleInfo } from "@/lib/aws/workspaces";
import type { Prisma } from "@/lib/db/generated/client";
import type { z } from "zod";
import { recordAudit } from "@/lib/audit/mutations";
import { conflict, type ActionFailure } from "@/lib/action-result";
import type { bundleOfferSchema } from "./schema";

// WorkspaceBundle carries no OS field and AWS's public images are not returned by
// DescribeWorkspaceImages, so the platform is read from the bundle's own name and description.
export function platformOf(bundle: Pick<BundleInfo, "name" | "description">): "WINDOWS" | "LINUX" {
  const text = `${bundle.name} ${bundle.description}`.toLowerCase();
  return /linux|ubuntu|rocky|red hat|rhel/.test(text) ? "LINUX" : "WINDOWS";
}

// A bundle as the portal caches it, from what DescribeWorkspaceBundles reported.
export function bundleRow(b: BundleInfo, region: string) {
  return {
    name: b.name,
    description: b.description,
    owner: b.owner,
    computeType: b.computeType ?? "STANDARD",
    platform: platformOf(b),
    rootVolumeGiB: b.rootVolumeGiB ?? 80,
    userVolumeGiB: b.userVolumeGiB ?? 50,
    region,
    imageId: b.imageId ?? null,
    available: !b.state || b.state === "AVAILABLE",
  };
}

export type CatalogRefresh = { ok: true; bundles: number; directories: number } | { ok: false; message: string };

// Reads of AWS catalogues are cached in the database and refreshed by the worker.
export async function refreshCatalog(db: PrismaClient, aws: AwsGateway, region: string, now = new Date()): Promise<CatalogRefresh> {
  const apis = aws.forRegion(region);
  const [publicBundles, ownBundles, directories] = await Promise.all([
    apis.workspaces.describeBundles({ owner: "AMAZON" }),
    apis.workspaces.describeBundles({}),
    describeDirectoryCatalogue(apis.directoryService, apis.workspaces),
  ]);
  if (!publicBundles.ok) return { ok: false, message: `${publicBundles.code}: ${publicBundles.message}` };
  if (!ownBundles.ok) return { ok: false, message: `${ownBundles.code}: ${ownBundles.message}` };
  if (!directories.ok) return { ok: false, message: `${directories.code}: ${directories.message}` };

  const bundles = [...publicBundles.bundles, ...ownBundles.bundles];
  await db.$transaction(async (tx) => {
    await saveBundleRows(tx, bundles, region, now, {});
    await saveDirectoryRows(tx, directories.directories, region, now);
  });
  return { ok: true, bundles: new Set(bundles.map((b) => b.bundleId)).size, directories: directories.directories.length };
}

/**
 * Saves the bundles AWS listed; the rows in `listedScope` it did not list (retired, or deleted) are
 * kept for history and for the desktops on them, but can no longer be offered or requested.
 */
async function saveBundleRows(tx: Prisma.TransactionClient, bundles: BundleInfo[], region: string, now: Date, listedScope: Prisma.BundleWhereInput) {
  const byId = new Map(bundles.map((b) => [b.bundleId, b]));
  for (const b of byId.values()) {
    const data = { ...bundleRow(b, region), refreshedAt: now };
    await tx.bundle.upsert({ where: { id: b.bundleId }, create: { id: b.bundleId, ...data }, update: data });
  }
  await tx.bundle.updateMany({ where: { ...listedScope, region, id: { notIn: [...byId.keys()] } }, data: { available: false } });
}

/**
 * The account's own bundles only, read again from AWS: after the worker creates, updates or deletes
 * a custom bundle, the admin can offer it (or no longer can) at once, not at the next catalogue
 * refresh.
 */
export async function refreshCustomBundleRows(db: PrismaClient, aws: AwsGateway, region: string, now = new Date()): Promise<boolean> {
  const own = await aws.forRegion(region).workspaces.describeBundles({});
  if (!own.ok) return false;
  await db.$transaction((tx) => saveBundleRows(tx, own.bundles, region, now, { owner: { not: "AMAZON" } }));
  return true;
}

type CatalogueDirectory = Extract<Awaited<ReturnType<typeof describeDirectoryCatalogue>>, { ok: true }>["directories"][number];

async function saveDirectoryRows(tx: Prisma.TransactionClient, directories: CatalogueDirectory[], region: string, now: Date) {
  for (const d of directories) {
    const data = {
      name: d.name,
      shortName: d.shortName ?? null,
      alias: d.alias ?? null,
      dnsIpAddresses: d.dnsIpAddrs,
      type: d.type,
      region,
      stage: d.stage,
      registered: d.registered,
      registrationCode: d.registrationCode ?? null,
      webAccess: d.webAccess,
      refreshedAt: now,
    };
    await tx.directory.upsert({ where: { id: d.directoryId }, create: { id: d.directoryId, ...data }, update: data });
  }
}

/**
 * The directories' rows only, read again from AWS: after a registration the directory is known to
 * the portal at once (directory sign-in, requests), not at the next catalogue refresh.
 */
export async function refreshDirectoryRows(db: PrismaClient, aws: AwsGateway, region: string, now = new Date()): Promise<boolean> {
  const apis = aws.forRegion(region);
  const directories = await describeDirectoryCatalogue(apis.directoryService, apis.workspaces);
  if (!directories.ok) return false;
  await db.$transaction((tx) => saveDirectoryRows(tx, directories.directories, region, now));
  return true;
}

// The catalogue: offering a bundle and withdrawing an offer, each audited.
type Actor = { id: string; email: string };

export async function saveBundleOffer(tx: Prisma.TransactionClient, actor: Actor, input: z.output<typeof bundleOfferSchema>): Promise<{ ok: true } | ActionFailure> {
  const bundle = await tx.bundle.findUnique({ where: { id: input.bundleId }, select: { available: true, offer: { select: { id: true } } } });
  // A retired bundle's existing offer may still be edited (then withdrawn); a new one may not be made.
  if (!bundle || (!bundle.available && !bundle.offer)) return conflict("AWS no longer lists this bundle, so it cannot be offered.");
  const data = {
    displayName: input.displayName,
    description: input.description,
    roles: input.roles,
    groups: input.groups,
    directoryIds: input.directoryIds,
    updatedById: actor.id,
  };
  await tx.bundleOffer.upsert({ where: { bundleId: input.bundleId }, create: { bundleId: input.bundleId, ...data }, update: data });
  await recordAudit(tx, {
    actor,
    action: "catalog.offer",
    targetType: "bundle",
    targetId: input.bundleId,
    outcome: "SUCCESS",
    details: { displayName: input.displayName, roles: input.roles, groups: input.groups, directoryIds: input.directoryIds },
  });
  return { ok: true };
}

export async function withdrawBundleOffer(tx: Prisma.TransactionClient, actor: Actor, bundleId: string): Promise<{ ok: true } | ActionFailure> {
  const removed = await tx.bundleOffer.deleteMany({ where: { bundleId } });
  if (removed.count === 0) return conflict("This bundle is not offered.");
  await recordAudit(tx, { actor, action: "catalog.withdraw", targetType: "bundle", targetId: bundleId, outcome: "SUCCESS" });
  return { ok: true };
}
