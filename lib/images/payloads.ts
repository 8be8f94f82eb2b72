// The payloads of the image and bundle operations (lib/operations/payloads.ts registers them).
// The target of each is in its payload; COPY_IMAGE's operation region is the destination.

import { z } from "zod";
import { accountIdSchema, awsDescriptionSchema, awsNameSchema, bundleIdSchema, imageIdSchema } from "./aws-rules";
import { computeTypeSchema } from "@/lib/bundles/volume-rules";

export const IMAGE_BUNDLE_PAYLOADS = {
  /** The desktop is the operation's desktopId; its WorkSpace id is copied here when queued. */
  CREATE_IMAGE: z.object({ name: awsNameSchema("image"), description: awsDescriptionSchema("image", 256), workspaceId: z.string().min(1) }),
  DELETE_IMAGE: z.object({ imageId: imageIdSchema }),
  COPY_IMAGE: z.object({ sourceImageId: imageIdSchema, sourceRegion: z.string().min(1), name: awsNameSchema("image"), description: awsDescriptionSchema("image", 256).optional() }),
  SHARE_IMAGE: z.object({ imageId: imageIdSchema, accountId: accountIdSchema, allow: z.boolean() }),
  CREATE_BUNDLE: z.object({
    name: awsNameSchema("bundle"),
    description: awsDescriptionSchema("bundle", 255),
    imageId: imageIdSchema,
    computeType: computeTypeSchema,
    rootVolumeGiB: z.number().int(),
    userVolumeGiB: z.number().int(),
  }),
  UPDATE_BUNDLE: z.object({ bundleId: bundleIdSchema, imageId: imageIdSchema }),
  DELETE_BUNDLE: z.object({ bundleId: bundleIdSchema }),
} as const;

export type ImageBundleOperationType = keyof typeof IMAGE_BUNDLE_PAYLOADS;

/** What a change acts on, from its payload: the audit target and the "one change at a time" key. */
export function changeTarget(type: ImageBundleOperationType, payload: Record<string, unknown>): { targetType: "image" | "bundle" | "desktop"; targetId: string } {
  if (type === "CREATE_IMAGE") return { targetType: "image", targetId: String(payload.name ?? "") };
  if (type === "CREATE_BUNDLE") return { targetType: "bundle", targetId: String(payload.name ?? "") };
  if (type === "COPY_IMAGE") return { targetType: "image", targetId: String(payload.sourceImageId ?? "") };
  if (type === "UPDATE_BUNDLE" || type === "DELETE_BUNDLE") return { targetType: "bundle", targetId: String(payload.bundleId ?? "") };
  return { targetType: "image", targetId: String(payload.imageId ?? "") };
}
