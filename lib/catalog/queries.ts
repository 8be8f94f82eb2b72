import { db } from "@/lib/db/client";
import { compareBundles, hardwareOf, operatingSystemOf } from "./bundle-facts";

export type BundleOption = {
  id: string;
  name: string;
  description: string;
  computeType: string;
  platform: "WINDOWS" | "LINUX";
  rootVolumeGiB: number;
  userVolumeGiB: number;
  operatingSystem: string;
  /** null when the compute type is one the portal does not know and the description does not say. */
  hardware: { vcpus: number; memoryGiB: number; gpu: boolean } | null;
};

// Bundles the employee may choose from: those AWS reported last time the catalogue was refreshed,
// newest operating system first.
export async function listRequestableBundles(): Promise<BundleOption[]> {
  const bundles = await db.bundle.findMany({ where: { available: true } });
  return bundles
    .map(({ id, name, description, computeType, platform, rootVolumeGiB, userVolumeGiB }) => ({
      id,
      name,
      description,
      computeType,
      platform,
      rootVolumeGiB,
      userVolumeGiB,
      operatingSystem: operatingSystemOf({ name }),
      hardware: hardwareOf({ computeType, description }),
    }))
    .sort(compareBundles);
}

export async function findRequestableBundle(id: string) {
  return db.bundle.findFirst({ where: { id, available: true } });
}
