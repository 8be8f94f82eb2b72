"use server";
import { revalidatePath } from "next/cache";
import { db } from "@/lib/db/client";
import { getConfig } from "@/lib/config";
import { defineAction } from "@/lib/auth/define-action";
import { fail, notFound } from "@/lib/action-result";
import { plural } from "@/lib/plural";
import { imagesAws } from "@/lib/images/aws";
import { queueImageBundleChange } from "@/lib/images/mutations";
import { countDesktopsUsingBundle } from "./queries";
import { createBundleSchema, deleteBundleSchema, updateBundleSchema } from "./schema";

/** AWS's default quota of custom bundles per region. */
const BUNDLE_QUOTA = 50;
const FIX_FIELDS = "Please correct the highlighted fields.";

/** The image, if it is this region's and AVAILABLE; otherwise the field error to show. */
async function availableImage(imageId: string) {
  const described = await imagesAws().workspaceImages.describeImages({ imageIds: [imageId] });
  if (!described.ok) return fail("CONFLICT", `AWS did not answer with the image: ${described.code}: ${described.message}`);
  const image = described.images[0];
  if (!image) return fail("INVALID_INPUT", FIX_FIELDS, { imageId: "This image does not exist in this region." });
  if (image.state !== "AVAILABLE") return fail("INVALID_INPUT", FIX_FIELDS, { imageId: `A bundle needs an AVAILABLE image; this one is ${image.state}.` });
  return { ok: true as const, image };
}

async function ownBundles() {
  const own = await imagesAws().workspaces.describeBundles({});
  return own.ok ? own : fail("CONFLICT", `AWS did not answer with the bundles: ${own.code}: ${own.message}`);
}

/** Admin: a custom bundle (an AVAILABLE image + compute type + volumes in AWS's combinations). */
export const createBundle = defineAction(createBundleSchema, { allow: "bundle.manage" }, async (input, { user }) => {
  const image = await availableImage(input.imageId);
  if (!image.ok) return image;
  const own = await ownBundles();
  if (!own.ok) return own;
  const queuedNames = (
    await db.operation.findMany({ where: { type: "CREATE_BUNDLE", status: { in: ["QUEUED", "RUNNING"] } }, select: { payload: true } })
  ).map((o) => String((o.payload as { name?: unknown }).name ?? ""));
  if (own.bundles.some((b) => b.name === input.name) || queuedNames.includes(input.name)) {
    return fail("INVALID_INPUT", FIX_FIELDS, { name: `A bundle named ${input.name} already exists or is being made. Choose another name.` });
  }
  if (own.bundles.length >= BUNDLE_QUOTA) {
    return fail("CONFLICT", `This region already has ${plural(own.bundles.length, "custom bundle")}, AWS's limit is ${BUNDLE_QUOTA}. Delete a bundle first.`);
  }
  const queued = await db.$transaction((tx) => queueImageBundleChange(tx, user, { type: "CREATE_BUNDLE", region: getConfig().awsRegion, payload: input }));
  if (!queued.ok) return queued;
  revalidatePath("/admin/bundles");
  return { ok: true as const };
});

/** Admin: give a bundle another image. Existing desktops keep theirs until they are rebuilt. */
export const updateBundle = defineAction(updateBundleSchema, { allow: "bundle.manage" }, async ({ bundleId, imageId }, { user }) => {
  const own = await ownBundles();
  if (!own.ok) return own;
  const bundle = own.bundles.find((b) => b.bundleId === bundleId);
  if (!bundle) return notFound("The bundle");
  if (bundle.imageId === imageId) return fail("INVALID_INPUT", FIX_FIELDS, { imageId: "The bundle already uses this image. Choose another one." });
  const image = await availableImage(imageId);
  if (!image.ok) return image;
  const queued = await db.$transaction((tx) => queueImageBundleChange(tx, user, { type: "UPDATE_BUNDLE", region: getConfig().awsRegion, payload: { bundleId, imageId } }));
  if (!queued.ok) return queued;
  revalidatePath("/admin/bundles");
  return { ok: true as const };
});

/** Admin: delete a custom bundle. Refused while desktops use it (AWS's rule, checked here first). */
export const deleteBundle = defineAction(deleteBundleSchema, { allow: "bundle.manage" }, async ({ bundleId }, { user }) => {
  const inUse = await countDesktopsUsingBundle(bundleId);
  if (inUse > 0) {
    return fail("CONFLICT", `${plural(inUse, "desktop")} still ${inUse === 1 ? "uses" : "use"} this bundle. AWS deletes a bundle only when no desktop uses it: terminate them or move them to another bundle first.`);
  }
  const own = await ownBundles();
  if (!own.ok) return own;
  if (!own.bundles.some((b) => b.bundleId === bundleId)) return notFound("The bundle");
  const queued = await db.$transaction((tx) => queueImageBundleChange(tx, user, { type: "DELETE_BUNDLE", region: getConfig().awsRegion, payload: { bundleId } }));
  if (!queued.ok) return queued;
  revalidatePath("/admin/bundles");
  return { ok: true as const };
});
