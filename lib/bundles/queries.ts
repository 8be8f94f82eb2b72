// Reads for the bundles page: the account's own bundles as AWS describes them now, how many of the
// portal's desktops use each (AWS refuses to delete a bundle in use), and the images a bundle can
// be made from.

import { db } from "@/lib/db/client";
import { imagesAws } from "@/lib/images/aws";

export interface CustomBundleView {
  bundleId: string;
  name: string;
  description: string;
  imageId: string | null;
  imageName: string | null;
  computeType: string | null;
  rootVolumeGiB: number | null;
  userVolumeGiB: number | null;
  state: string;
  desktopCount: number;
}

export async function listCustomBundles(): Promise<
  { ok: true; bundles: CustomBundleView[]; availableImages: { imageId: string; name: string }[] } | { ok: false; message: string }
> {
  const apis = imagesAws();
  const [bundles, images] = await Promise.all([apis.workspaces.describeBundles({}), apis.workspaceImages.describeImages()]);
  if (!bundles.ok) return { ok: false, message: `${bundles.code}: ${bundles.message}` };
  if (!images.ok) return { ok: false, message: `${images.code}: ${images.message}` };
  const ids = bundles.bundles.map((b) => b.bundleId);
  const counts = await db.desktop.groupBy({ by: ["bundleId"], where: { bundleId: { in: ids }, state: { not: "TERMINATED" } }, _count: true });
  const names = new Map(images.images.map((i) => [i.imageId, i.name]));
  return {
    ok: true,
    bundles: bundles.bundles.map((b) => ({
      bundleId: b.bundleId,
      name: b.name,
      description: b.description,
      imageId: b.imageId ?? null,
      imageName: (b.imageId && names.get(b.imageId)) || null,
      computeType: b.computeType ?? null,
      rootVolumeGiB: b.rootVolumeGiB ?? null,
      userVolumeGiB: b.userVolumeGiB ?? null,
      state: b.state ?? "AVAILABLE",
      desktopCount: counts.find((c) => c.bundleId === b.bundleId)?._count ?? 0,
    })),
    availableImages: images.images.filter((i) => i.state === "AVAILABLE").map((i) => ({ imageId: i.imageId, name: i.name })),
  };
}

export async function countDesktopsUsingBundle(bundleId: string): Promise<number> {
  return db.desktop.count({ where: { bundleId, state: { not: "TERMINATED" } } });
}
