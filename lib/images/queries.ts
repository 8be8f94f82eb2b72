// Reads for the images pages: the region's images as AWS describes them now (state, operating
// system, date, AWS's error reason), who each is shared with, where it was copied, the desktops an
// image can be made from, and the changes queued or refused (their operation rows).

import { db } from "@/lib/db/client";
import { getConfig } from "@/lib/config";
import type { ImageInfo } from "@/lib/aws/workspace-images";
import { imagesAws } from "./aws";
import { IMAGE_BUNDLE_TYPES } from "./mutations";
import type { ImageBundleOperationType } from "./payloads";

export interface ImageView {
  imageId: string;
  name: string;
  description: string;
  state: string;
  osType: string | null;
  created: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  /** Custom bundles made from it (AWS refuses to delete it while any exist). */
  bundleIds: string[];
}

export interface ChangeView {
  id: string;
  type: ImageBundleOperationType;
  status: string;
  region: string;
  summary: string;
  error: string | null;
  at: string;
}

function imageView(i: ImageInfo, bundleIds: string[]): ImageView {
  return {
    imageId: i.imageId,
    name: i.name,
    description: i.description,
    state: i.state,
    osType: i.osType ?? null,
    created: i.created ? i.created.toISOString() : null,
    errorCode: i.errorCode ?? null,
    errorMessage: i.errorMessage ?? null,
    bundleIds,
  };
}

const CHANGE_VERBS: Record<ImageBundleOperationType, string> = {
  CREATE_IMAGE: "Create image",
  DELETE_IMAGE: "Delete image",
  COPY_IMAGE: "Copy image",
  SHARE_IMAGE: "Share image",
  CREATE_BUNDLE: "Create bundle",
  UPDATE_BUNDLE: "Update bundle",
  DELETE_BUNDLE: "Delete bundle",
};

function describeChange(type: ImageBundleOperationType, p: Record<string, unknown>, region: string): string {
  switch (type) {
    case "CREATE_IMAGE":
    case "CREATE_BUNDLE":
      return `${CHANGE_VERBS[type]} ${String(p.name)}`;
    case "COPY_IMAGE":
      return `Copy image ${String(p.sourceImageId)} to ${region} as ${String(p.name)}`;
    case "SHARE_IMAGE":
      return `${p.allow ? "Share" : "Stop sharing"} image ${String(p.imageId)} ${p.allow ? "with" : "with account"} ${String(p.accountId)}`;
    case "UPDATE_BUNDLE":
      return `Update bundle ${String(p.bundleId)} to image ${String(p.imageId)}`;
    case "DELETE_BUNDLE":
      return `Delete bundle ${String(p.bundleId)}`;
    default:
      return `${CHANGE_VERBS[type]} ${String(p.imageId)}`;
  }
}

/** Recent image or bundle changes: open ones, and those AWS refused (with AWS's code and message). */
export async function listChanges(kind: "image" | "bundle", take = 20): Promise<ChangeView[]> {
  const types = IMAGE_BUNDLE_TYPES.filter((t) => (kind === "bundle") === t.endsWith("_BUNDLE"));
  const ops = await db.operation.findMany({ where: { type: { in: types } }, orderBy: { createdAt: "desc" }, take });
  return ops.map((o) => ({
    id: o.id,
    type: o.type as ImageBundleOperationType,
    status: o.status,
    region: o.region,
    summary: describeChange(o.type as ImageBundleOperationType, (o.payload ?? {}) as Record<string, unknown>, o.region),
    error: o.status === "FAILED" ? `${o.lastErrorCode ?? "Failed"}: ${o.lastError ?? ""}` : null,
    at: (o.completedAt ?? o.createdAt).toISOString(),
  }));
}

/** True while a change is queued or being sent: the page keeps refreshing. */
export const isOpen = (c: ChangeView) => c.status === "QUEUED" || c.status === "RUNNING";

export async function listImages(): Promise<{ ok: true; images: ImageView[] } | { ok: false; message: string }> {
  const apis = imagesAws();
  const [images, bundles] = await Promise.all([apis.workspaceImages.describeImages(), apis.workspaces.describeBundles({})]);
  if (!images.ok) return { ok: false, message: `${images.code}: ${images.message}` };
  const byImage = new Map<string, string[]>();
  for (const b of bundles.ok ? bundles.bundles : []) if (b.imageId) byImage.set(b.imageId, [...(byImage.get(b.imageId) ?? []), b.bundleId]);
  return { ok: true, images: images.images.map((i) => imageView(i, byImage.get(i.imageId) ?? [])) };
}

export interface ImageDetail {
  image: ImageView;
  sharedWith: string[];
  copies: { region: string; imageId: string; name: string; state: string; errorMessage: string | null }[];
}

export async function loadImage(imageId: string): Promise<{ ok: true; detail: ImageDetail | null } | { ok: false; message: string }> {
  const list = await listImages();
  if (!list.ok) return list;
  const image = list.images.find((i) => i.imageId === imageId);
  if (!image) return { ok: true, detail: null };
  const permissions = await imagesAws().workspaceImages.describeImagePermissions(imageId);
  if (!permissions.ok) return { ok: false, message: `${permissions.code}: ${permissions.message}` };
  // Copies: the portal's own COPY_IMAGE operations that AWS accepted, described in their region.
  const copyOps = await db.operation.findMany({ where: { type: "COPY_IMAGE", status: "SUCCEEDED" }, orderBy: { createdAt: "asc" } });
  const made = copyOps
    .filter((o) => (o.payload as { sourceImageId?: string }).sourceImageId === imageId)
    .map((o) => ({ region: o.region, imageId: String((o.result as { resourceId?: string } | null)?.resourceId ?? ""), name: String((o.payload as { name?: string }).name ?? "") }))
    .filter((c) => c.imageId);
  const copies: ImageDetail["copies"] = [];
  for (const region of new Set(made.map((c) => c.region))) {
    const inRegion = made.filter((c) => c.region === region);
    const described = await imagesAws(region).workspaceImages.describeImages({ imageIds: inRegion.map((c) => c.imageId) });
    for (const c of inRegion) {
      const found = described.ok ? described.images.find((i) => i.imageId === c.imageId) : undefined;
      copies.push({ ...c, state: found?.state ?? (described.ok ? "DELETED" : "UNKNOWN"), errorMessage: found?.errorMessage ?? null });
    }
  }
  return { ok: true, detail: { image, sharedWith: permissions.accountIds, copies } };
}

export interface ImageableDesktop {
  id: string;
  label: string;
  state: string;
  encrypted: boolean;
}

/** Desktops AWS knows (they have a WorkSpace id), with what decides whether AWS can image them. */
export async function listImageableDesktops(): Promise<ImageableDesktop[]> {
  const rows = await db.desktop.findMany({
    where: { workspaceId: { not: null }, state: { notIn: ["TERMINATED", "TERMINATING"] } },
    orderBy: [{ userName: "asc" }],
    take: 500,
    select: { id: true, userName: true, workspaceId: true, state: true, rootVolumeEncrypted: true, userVolumeEncrypted: true },
  });
  return rows.map((d) => ({
    id: d.id,
    label: `${d.userName} (${d.workspaceId})`,
    state: d.state,
    encrypted: d.rootVolumeEncrypted || d.userVolumeEncrypted,
  }));
}

export const homeRegion = () => getConfig().awsRegion;
