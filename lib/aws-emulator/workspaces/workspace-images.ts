/**
 * Custom images: CreateWorkspaceImage captures an AVAILABLE, unencrypted desktop (which is
 * SUSPENDED until the image is ready, PENDING → AVAILABLE after the scaled capture time, or ERROR
 * with a reason when the configured `imageErrorRate` says so); DescribeWorkspaceImages lists the
 * caller's region's images; DeleteWorkspaceImage (refused while a bundle uses it or it is shared);
 * CopyWorkspaceImage into the caller's region; UpdateWorkspaceImagePermission and
 * DescribeWorkspaceImagePermissions share it with other accounts.
 * Images are the one resource kept per region: the region is the caller's (its signature).
 */
import type {
  CopyWorkspaceImageRequest,
  CopyWorkspaceImageResult,
  CreateWorkspaceImageRequest,
  CreateWorkspaceImageResult,
  DeleteWorkspaceImageRequest,
  DescribeWorkspaceImagePermissionsRequest,
  DescribeWorkspaceImagePermissionsResult,
  DescribeWorkspaceImagesRequest,
  DescribeWorkspaceImagesResult,
  UpdateWorkspaceImagePermissionRequest,
  WorkspaceImage,
} from "@aws-sdk/client-workspaces";
import { awsErrors } from "../aws-error";
import type { EmulatorContext } from "../emulator-context";
import { newImageId } from "../ids";
import { pageOf } from "../paging-token";
import type { ImageRecord } from "../records";
import { findBundle } from "./bundle-lookup";
import { requireWorkspace } from "./single-workspace-actions";
import { checkedNewTags } from "./tag-rules";
import { enterState } from "./workspace-lifecycle";

/** AWS's default quota of images per region. */
const IMAGE_LIMIT = 40;

/** What a failed capture or copy reports (AWS's image checker wording, shortened). */
const CAPTURE_FAILURE = {
  ErrorCode: "InternalServiceError",
  ErrorMessage: "The image could not be created: Sysprep failed on the WorkSpace. Run the Image Checker on the WorkSpace, fix what it reports and try again.",
};
const COPY_FAILURE = {
  ErrorCode: "InternalServiceError",
  ErrorMessage: "The image could not be copied to this Region. Delete the failed copy and try again.",
};

export function imageState(image: ImageRecord, now: number): "PENDING" | "AVAILABLE" | "ERROR" {
  if (now < image.availableAt) return "PENDING";
  return image.failure ? "ERROR" : "AVAILABLE";
}

function imageRegion(image: ImageRecord, ctx: EmulatorContext): string {
  return image.Region ?? ctx.homeRegion;
}

function imagesIn(ctx: EmulatorContext, region: string): ImageRecord[] {
  return [...ctx.store.images.values()].filter((i) => imageRegion(i, ctx) === region);
}

function imageView(image: ImageRecord, now: number): WorkspaceImage {
  const state = imageState(image, now);
  return {
    ImageId: image.ImageId,
    Name: image.Name,
    Description: image.Description,
    OperatingSystem: { Type: image.osType },
    State: state,
    RequiredTenancy: image.RequiredTenancy as WorkspaceImage["RequiredTenancy"],
    ...(state === "ERROR" && image.failure ? image.failure : {}),
    Created: new Date(image.Created),
    OwnerAccountId: image.OwnerAccountId,
    Updates: { UpdateAvailable: false, Description: "This WorkSpace image does not have updates available" },
  };
}

/** Name unique and quota left in the region the image will live in. */
function checkRoomFor(name: string, region: string, ctx: EmulatorContext): void {
  const images = imagesIn(ctx, region);
  if (images.some((i) => i.Name === name)) {
    throw awsErrors.resourceAlreadyExists(
      "A WorkSpace image with the same name exists in the destination Region. Provide a unique destination image name, and try again.",
    );
  }
  if (images.length >= IMAGE_LIMIT) {
    throw awsErrors.resourceLimitExceeded(`Your account has reached its limit of ${IMAGE_LIMIT} images.`);
  }
}

/** An image of this account in the caller's region, or ResourceNotFoundException. */
export function requireImage(ctx: EmulatorContext, imageId: string): ImageRecord {
  const image = ctx.store.images.get(imageId);
  if (!image || imageRegion(image, ctx) !== ctx.region) {
    throw awsErrors.resourceNotFound(`The image ${imageId} could not be found.`, imageId);
  }
  return image;
}

export function createWorkspaceImage(input: CreateWorkspaceImageRequest, ctx: EmulatorContext): CreateWorkspaceImageResult {
  const now = ctx.now();
  const tags = checkedNewTags(input.Tags);
  checkRoomFor(input.Name!, ctx.region, ctx);
  const ws = requireWorkspace(ctx, input.WorkspaceId!);
  if (ws.state !== "AVAILABLE") {
    throw awsErrors.invalidResourceState(`The WorkSpace ${ws.WorkspaceId} must be AVAILABLE to create an image; it is ${ws.state}.`);
  }
  if (ws.RootVolumeEncryptionEnabled || ws.UserVolumeEncryptionEnabled) {
    throw awsErrors.operationNotSupported(`The WorkSpace ${ws.WorkspaceId} is encrypted. Images cannot be created from encrypted WorkSpaces.`);
  }
  const bundle = findBundle(ctx, ws.BundleId);
  const image: ImageRecord = {
    ImageId: newImageId(),
    Name: input.Name!,
    Description: input.Description!,
    osType: bundle?.osType ?? "WINDOWS",
    operatingSystemName: ws.properties.OperatingSystemName,
    protocols: [...ws.properties.Protocols],
    RequiredTenancy: "DEFAULT",
    Created: now,
    OwnerAccountId: ctx.accountId,
    sourceWorkspaceId: ws.WorkspaceId,
    availableAt: now + ctx.duration("imageCreating"),
    ...(Math.random() < ctx.config.imageErrorRate ? { failure: CAPTURE_FAILURE } : {}),
    Region: ctx.region,
    tags,
  };
  ctx.store.put("images", image.ImageId, image);
  // The desktop is unavailable while it is being captured, then returns to AVAILABLE (also when the capture fails).
  enterState(ws, "SUSPENDED", now, ctx);
  ws.imageInProgress = image.ImageId;
  ws.next = { state: "AVAILABLE", at: image.availableAt };
  ctx.store.touch("workspaces", ws.WorkspaceId);
  const view = imageView(image, now);
  return {
    ImageId: view.ImageId,
    Name: view.Name,
    Description: view.Description,
    OperatingSystem: view.OperatingSystem,
    State: view.State as CreateWorkspaceImageResult["State"],
    RequiredTenancy: view.RequiredTenancy,
    Created: view.Created,
    OwnerAccountId: view.OwnerAccountId,
  };
}

export function describeWorkspaceImages(input: DescribeWorkspaceImagesRequest, ctx: EmulatorContext): DescribeWorkspaceImagesResult {
  const now = ctx.now();
  let images = imagesIn(ctx, ctx.region).sort((a, b) => a.Created - b.Created || a.ImageId.localeCompare(b.ImageId));
  if (input.ImageIds) {
    const wanted = new Set(input.ImageIds);
    images = images.filter((i) => wanted.has(i.ImageId));
  }
  // Images shared by other accounts are not emulated (one account): SHARED lists nothing.
  if (input.ImageType === "SHARED") images = [];
  const pageSize = input.MaxResults ?? 25;
  const scope = `DescribeWorkspaceImages|${ctx.region}|${input.ImageType ?? ""}|${(input.ImageIds ?? []).join(",")}`;
  const { page, nextToken } = pageOf(images, input.NextToken, scope, pageSize);
  return { Images: page.map((i) => imageView(i, now)), ...(nextToken ? { NextToken: nextToken } : {}) };
}

export function deleteWorkspaceImage(input: DeleteWorkspaceImageRequest, ctx: EmulatorContext): object {
  const image = ctx.store.images.get(input.ImageId!);
  // AWS answers an unknown image id with success: deleting is idempotent.
  if (!image || imageRegion(image, ctx) !== ctx.region) return {};
  const users = [...ctx.store.bundles.values()].filter((b) => b.ImageId === image.ImageId);
  if (users.length > 0) {
    throw awsErrors.resourceAssociated(
      `The image ${image.ImageId} is used by the bundle ${users.map((b) => b.BundleId).join(", ")}. Delete the bundle or update it to another image first.`,
    );
  }
  if ((image.sharedWith ?? []).length > 0) {
    throw awsErrors.invalidResourceState(`The image ${image.ImageId} is shared with other accounts. Unshare it before deleting it.`);
  }
  if (imageState(image, ctx.now()) === "PENDING") {
    throw awsErrors.invalidResourceState(`The image ${image.ImageId} is PENDING; it can be deleted once it is AVAILABLE or ERROR.`);
  }
  ctx.store.delete("images", image.ImageId);
  return {};
}

export function copyWorkspaceImage(input: CopyWorkspaceImageRequest, ctx: EmulatorContext): CopyWorkspaceImageResult {
  const now = ctx.now();
  const source = ctx.store.images.get(input.SourceImageId!);
  if (!source || imageRegion(source, ctx) !== input.SourceRegion) {
    throw awsErrors.resourceNotFound(`The image ${input.SourceImageId} could not be found in ${input.SourceRegion}.`, input.SourceImageId);
  }
  if (imageState(source, now) !== "AVAILABLE") {
    throw awsErrors.resourceUnavailable(`The image ${source.ImageId} must be AVAILABLE to be copied.`, source.ImageId);
  }
  checkRoomFor(input.Name!, ctx.region, ctx);
  const tags = checkedNewTags(input.Tags);
  const copy: ImageRecord = {
    ImageId: newImageId(),
    Name: input.Name!,
    Description: input.Description ?? source.Description,
    osType: source.osType,
    operatingSystemName: source.operatingSystemName,
    protocols: [...source.protocols],
    RequiredTenancy: source.RequiredTenancy,
    Created: now,
    OwnerAccountId: ctx.accountId,
    copiedFrom: { ImageId: source.ImageId, Region: input.SourceRegion! },
    availableAt: now + ctx.duration("imageCopying"),
    ...(Math.random() < ctx.config.imageErrorRate ? { failure: COPY_FAILURE } : {}),
    Region: ctx.region,
    tags,
  };
  ctx.store.put("images", copy.ImageId, copy);
  return { ImageId: copy.ImageId };
}

export function updateWorkspaceImagePermission(input: UpdateWorkspaceImagePermissionRequest, ctx: EmulatorContext): object {
  const image = requireImage(ctx, input.ImageId!);
  const account = input.SharedAccountId!;
  if (account === ctx.accountId) {
    throw awsErrors.invalidParameterValues("You cannot share an image with your own account.");
  }
  if (imageState(image, ctx.now()) !== "AVAILABLE") {
    throw awsErrors.resourceUnavailable(`The image ${image.ImageId} must be AVAILABLE to be shared.`, image.ImageId);
  }
  const shared = new Set(image.sharedWith ?? []);
  if (input.AllowCopyImage) shared.add(account);
  else shared.delete(account);
  image.sharedWith = [...shared].sort();
  ctx.store.touch("images", image.ImageId);
  return {};
}

export function describeWorkspaceImagePermissions(
  input: DescribeWorkspaceImagePermissionsRequest,
  ctx: EmulatorContext,
): DescribeWorkspaceImagePermissionsResult {
  const image = requireImage(ctx, input.ImageId!);
  const scope = `DescribeWorkspaceImagePermissions|${image.ImageId}`;
  const { page, nextToken } = pageOf(image.sharedWith ?? [], input.NextToken, scope, input.MaxResults ?? 25);
  return {
    ImageId: image.ImageId,
    ImagePermissions: page.map((SharedAccountId) => ({ SharedAccountId })),
    ...(nextToken ? { NextToken: nextToken } : {}),
  };
}
