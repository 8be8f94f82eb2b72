import { db } from "@/lib/db/client";
import type { Role } from "@/lib/db/generated/enums";
import { compareBundles, hardwareOf, operatingSystemOf } from "./bundle-facts";
import { isOutdatedBundle, requestableBundles } from "./offer-rules";

export type BundleOption = {
  id: string;
  /** The admin's display name for it, else AWS's name. */
  name: string;
  description: string;
  /** What the admin wrote about it when offering it. */
  about: string | null;
  computeType: string;
  platform: "WINDOWS" | "LINUX";
  rootVolumeGiB: number;
  userVolumeGiB: number;
  operatingSystem: string;
  /** null when the compute type is one the portal does not know and the description does not say. */
  hardware: { vcpus: number; memoryGiB: number; gpu: boolean } | null;
};

/** Who is asking, loaded from the database: their role, groups and directory decide what is offered. */
async function requesterOf(userId: string) {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { role: true, groups: true, directoryId: true } });
  return { role: user.role as Role, groups: user.groups, directoryId: user.directoryId };
}

async function offeredTo(userId: string) {
  const [who, bundles, offers] = await Promise.all([requesterOf(userId), db.bundle.findMany(), db.bundleOffer.findMany()]);
  return requestableBundles(bundles, offers, who);
}

// The bundles this person may choose from (the catalogue, lib/catalog/offer-rules.ts), newest
// operating system first.
export async function listRequestableBundles(userId: string): Promise<BundleOption[]> {
  return (await offeredTo(userId))
    .sort(compareBundles)
    .map(({ id, name, displayName, offerDescription, description, computeType, platform, rootVolumeGiB, userVolumeGiB }) => ({
      id,
      name: displayName,
      description,
      about: offerDescription,
      computeType,
      platform,
      rootVolumeGiB,
      userVolumeGiB,
      // From AWS's name: the display name is the admin's free text.
      operatingSystem: operatingSystemOf({ name }),
      hardware: hardwareOf({ computeType, description }),
    }));
}

/** The bundle, if this person may request it (the server's check: the form's list is only a view). */
export async function findRequestableBundle(id: string, userId: string) {
  return (await offeredTo(userId)).find((b) => b.id === id) ?? null;
}

export type CatalogueRow = {
  bundleId: string;
  awsName: string;
  owner: string;
  computeType: string;
  rootVolumeGiB: number;
  userVolumeGiB: number;
  operatingSystem: string;
  outdated: boolean;
  /** False once AWS no longer lists it: it cannot be offered or requested; its desktops are kept. */
  available: boolean;
  desktops: number;
  offer: { displayName: string; description: string; roles: Role[]; groups: string[]; directoryIds: string[] } | null;
};

// The admin's catalogue: every bundle AWS lists (public and custom) and every offered one, with
// its offer. Bundles AWS retired are shown only while offered, so the admin can withdraw them.
export async function listCatalogue(): Promise<CatalogueRow[]> {
  const bundles = await db.bundle.findMany({
    where: { OR: [{ available: true }, { offer: { isNot: null } }] },
    include: { offer: true, _count: { select: { desktops: { where: { terminatedAt: null } } } } },
  });
  return bundles.sort(compareBundles).map((b) => ({
    bundleId: b.id,
    awsName: b.name,
    owner: b.owner,
    computeType: b.computeType,
    rootVolumeGiB: b.rootVolumeGiB,
    userVolumeGiB: b.userVolumeGiB,
    operatingSystem: operatingSystemOf(b),
    outdated: isOutdatedBundle(b),
    available: b.available,
    desktops: b._count.desktops,
    offer: b.offer && { displayName: b.offer.displayName, description: b.offer.description, roles: b.offer.roles, groups: b.offer.groups, directoryIds: b.offer.directoryIds },
  }));
}

export async function listDirectoryChoices() {
  return db.directory.findMany({ where: { registered: true }, select: { id: true, name: true }, orderBy: { name: "asc" } });
}
