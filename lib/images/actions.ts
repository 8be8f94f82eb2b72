"use server";
import { revalidatePath } from "next/cache";
import { db } from "@/lib/db/client";
import { getConfig } from "@/lib/config";
import { defineAction } from "@/lib/auth/define-action";
import { fail, notFound } from "@/lib/action-result";
import { plural } from "@/lib/plural";
import { imagesAws } from "./aws";
import { queueImageBundleChange } from "./mutations";
import { copyImageSchema, createImageSchema, imageChangeSchema, imagePermissionSchema } from "./schema";

/** AWS's default quota of images per region. */
const IMAGE_QUOTA = 40;
const FIX_FIELDS = "Please correct the highlighted fields.";

const revalidate = (imageId?: string) => {
  revalidatePath("/admin/images");
  if (imageId) revalidatePath(`/admin/images/${imageId}`);
};

/** The region's images now, or a CONFLICT saying AWS could not be read. */
async function currentImages(region = getConfig().awsRegion) {
  const listed = await imagesAws(region).workspaceImages.describeImages();
  return listed.ok ? listed : fail("CONFLICT", `AWS did not answer with the images: ${listed.code}: ${listed.message}`);
}

/** Names of images being created or copied into `region` (not yet in AWS's list). */
async function queuedImageNames(region: string): Promise<string[]> {
  const open = await db.operation.findMany({ where: { type: { in: ["CREATE_IMAGE", "COPY_IMAGE"] }, status: { in: ["QUEUED", "RUNNING"] }, region }, select: { payload: true } });
  return open.map((o) => String((o.payload as { name?: unknown }).name ?? ""));
}

/**
 * Admin: capture a desktop into a custom image. AWS's rules are checked here first (the desktop
 * must be AVAILABLE and unencrypted; the name unused; the quota not reached); the worker sends
 * CreateWorkspaceImage, and the desktop is unavailable until the image is ready.
 */
export const createImage = defineAction(createImageSchema, { allow: "image.manage" }, async (input, { user }) => {
  const desktop = await db.desktop.findUnique({ where: { id: input.desktopId } });
  if (!desktop || !desktop.workspaceId || desktop.state === "TERMINATED") return fail("INVALID_INPUT", FIX_FIELDS, { desktopId: "Choose a desktop that exists in AWS." });
  if (desktop.rootVolumeEncrypted || desktop.userVolumeEncrypted) {
    return fail("INVALID_INPUT", FIX_FIELDS, { desktopId: "This desktop is encrypted. AWS cannot make an image from an encrypted desktop." });
  }
  if (desktop.state !== "AVAILABLE") {
    return fail("INVALID_INPUT", FIX_FIELDS, { desktopId: `AWS makes an image only from an AVAILABLE desktop; this one is ${desktop.state}.` });
  }
  const region = getConfig().awsRegion;
  const images = await currentImages(region);
  if (!images.ok) return images;
  if (images.images.some((i) => i.name === input.name) || (await queuedImageNames(region)).includes(input.name)) {
    return fail("INVALID_INPUT", FIX_FIELDS, { name: `An image named ${input.name} already exists or is being made. Choose another name.` });
  }
  if (images.images.length >= IMAGE_QUOTA) {
    return fail("CONFLICT", `This region already has ${plural(images.images.length, "image")}, AWS's limit is ${IMAGE_QUOTA}. Delete an image first.`);
  }
  const queued = await db.$transaction((tx) =>
    queueImageBundleChange(tx, user, {
      type: "CREATE_IMAGE",
      region,
      desktopId: desktop.id,
      payload: { name: input.name, description: input.description, workspaceId: desktop.workspaceId! },
    }),
  );
  if (!queued.ok) return queued;
  revalidate();
  return { ok: true as const, operationId: queued.operationId };
});

/** Admin: delete an image. Refused while a bundle uses it or it is shared (AWS's rules, checked first). */
export const deleteImage = defineAction(imageChangeSchema, { allow: "image.manage" }, async ({ imageId }, { user }) => {
  const apis = imagesAws();
  const [images, bundles] = await Promise.all([apis.workspaceImages.describeImages({ imageIds: [imageId] }), apis.workspaces.describeBundles({})]);
  if (!images.ok) return fail("CONFLICT", `AWS did not answer with the image: ${images.code}: ${images.message}`);
  if (images.images.length === 0) return notFound("The image");
  if (!bundles.ok) return fail("CONFLICT", `AWS did not answer with the bundles: ${bundles.code}: ${bundles.message}`);
  const users = bundles.bundles.filter((b) => b.imageId === imageId);
  if (users.length > 0) {
    const names = users.map((b) => b.name).join(", ");
    return fail("CONFLICT", `${users.length === 1 ? `The bundle ${names} uses` : `The bundles ${names} use`} this image. AWS deletes an image only when no bundle uses it: delete the bundle or give it another image first.`);
  }
  const shared = await apis.workspaceImages.describeImagePermissions(imageId);
  if (shared.ok && shared.accountIds.length > 0) {
    return fail("CONFLICT", `This image is shared with ${plural(shared.accountIds.length, "account")}. Stop sharing it first.`);
  }
  const queued = await db.$transaction((tx) => queueImageBundleChange(tx, user, { type: "DELETE_IMAGE", region: getConfig().awsRegion, payload: { imageId } }));
  if (!queued.ok) return queued;
  revalidate(imageId);
  return { ok: true as const };
});

/** Admin: copy an AVAILABLE image to another region (CopyWorkspaceImage, sent to the destination). */
export const copyImage = defineAction(copyImageSchema, { allow: "image.manage" }, async (input, { user }) => {
  const home = getConfig().awsRegion;
  if (input.destinationRegion === home) return fail("INVALID_INPUT", FIX_FIELDS, { destinationRegion: `The image is already in ${home}. Choose another region.` });
  const source = await imagesAws().workspaceImages.describeImages({ imageIds: [input.imageId] });
  if (!source.ok) return fail("CONFLICT", `AWS did not answer with the image: ${source.code}: ${source.message}`);
  const image = source.images[0];
  if (!image) return notFound("The image");
  if (image.state !== "AVAILABLE") return fail("CONFLICT", `Only an AVAILABLE image can be copied; this one is ${image.state}.`);
  const there = await currentImages(input.destinationRegion);
  if (!there.ok) return there;
  if (there.images.some((i) => i.name === input.name) || (await queuedImageNames(input.destinationRegion)).includes(input.name)) {
    return fail("INVALID_INPUT", FIX_FIELDS, { name: `${input.destinationRegion} already has an image named ${input.name}. Choose another name.` });
  }
  const queued = await db.$transaction((tx) =>
    queueImageBundleChange(tx, user, {
      type: "COPY_IMAGE",
      region: input.destinationRegion,
      payload: { sourceImageId: input.imageId, sourceRegion: home, name: input.name, ...(image.description ? { description: image.description } : {}) },
    }),
  );
  if (!queued.ok) return queued;
  revalidate(input.imageId);
  return { ok: true as const };
});

async function changeSharing(imageId: string, accountId: string, allow: boolean, user: { id: string; email: string }) {
  const queued = await db.$transaction((tx) => queueImageBundleChange(tx, user, { type: "SHARE_IMAGE", region: getConfig().awsRegion, payload: { imageId, accountId, allow } }));
  if (!queued.ok) return queued;
  revalidate(imageId);
  return { ok: true as const };
}

/** Admin: let another AWS account use (and copy) the image. */
export const shareImage = defineAction(imagePermissionSchema, { allow: "image.manage" }, async ({ imageId, accountId }, { user }) => changeSharing(imageId, accountId, true, user));

/** Admin: stop sharing the image with an account. */
export const unshareImage = defineAction(imagePermissionSchema, { allow: "image.manage" }, async ({ imageId, accountId }, { user }) => changeSharing(imageId, accountId, false, user));
