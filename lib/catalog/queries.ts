import { db } from "@/lib/db/client";

export type BundleOption = {
  id: string;
  name: string;
  description: string;
  computeType: string;
  platform: "WINDOWS" | "LINUX";
  rootVolumeGiB: number;
  userVolumeGiB: number;
};

// Bundles the employee may choose from: those AWS reported last time the catalogue was refreshed.
export async function listRequestableBundles(): Promise<BundleOption[]> {
  const bundles = await db.bundle.findMany({
    where: { available: true },
    orderBy: [{ platform: "asc" }, { computeType: "asc" }, { name: "asc" }],
  });
  return bundles.map(({ id, name, description, computeType, platform, rootVolumeGiB, userVolumeGiB }) => ({
    id,
    name,
    description,
    computeType,
    platform,
    rootVolumeGiB,
    userVolumeGiB,
  }));
}

export async function findRequestableBundle(id: string) {
  return db.bundle.findFirst({ where: { id, available: true } });
}
