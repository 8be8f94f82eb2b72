/**
 * Custom images: CreateWorkspaceImage captures an AVAILABLE desktop (which is SUSPENDED until the
 * image is ready, PENDING → AVAILABLE after the scaled capture time); DescribeWorkspaceImages lists
 * the account's images.
 */
import type {
  CreateWorkspaceImageRequest,
  CreateWorkspaceImageResult,
  DescribeWorkspaceImagesRequest,
  DescribeWorkspaceImagesResult,
  WorkspaceImage,
} from "@aws-sdk/client-workspaces";
import { awsErrors } from "../aws-error";
import type { EmulatorContext } from "../emulator-context";
import { newImageId } from "../ids";
import { decodePagingToken, encodePagingToken } from "../paging-token";
import type { ImageRecord } from "../records";
import { findBundle } from "./bundle-lookup";
import { requireWorkspace } from "./single-workspace-actions";
import { enterState } from "./workspace-lifecycle";

/** AWS's default quota of images per region. */
const IMAGE_LIMIT = 40;

export function imageState(image: ImageRecord, now: number): "PENDING" | "AVAILABLE" {
  return now < image.availableAt ? "PENDING" : "AVAILABLE";
}

function imageView(image: ImageRecord, now: number): WorkspaceImage {
  return {
    ImageId: image.ImageId,
    Name: image.Name,
    Description: image.Description,
    OperatingSystem: { Type: image.osType },
    State: imageState(image, now),
    RequiredTenancy: image.RequiredTenancy as WorkspaceImage["RequiredTenancy"],
    Created: new Date(image.Created),
    OwnerAccountId: image.OwnerAccountId,
    Updates: { UpdateAvailable: false, Description: "This WorkSpace image does not have updates available" },
  };
}

export function createWorkspaceImage(input: CreateWorkspaceImageRequest, ctx: EmulatorContext): CreateWorkspaceImageResult {
  const now = ctx.now();
  if ([...ctx.store.images.values()].some((i) => i.Name === input.Name)) {
    throw awsErrors.resourceAlreadyExists(
      "A WorkSpace image with the same name exists in the destination Region. Provide a unique destination image name, and try again.",
    );
  }
  const ws = requireWorkspace(ctx, input.WorkspaceId!);
  if (ws.state !== "AVAILABLE") {
    throw awsErrors.invalidResourceState(`The WorkSpace ${ws.WorkspaceId} must be AVAILABLE to create an image; it is ${ws.state}.`);
  }
  if (ctx.store.images.size >= IMAGE_LIMIT) {
    throw awsErrors.resourceLimitExceeded(`Your account has reached its limit of ${IMAGE_LIMIT} images.`);
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
    tags: (input.Tags ?? []).map((t) => ({ Key: t.Key!, ...(t.Value !== undefined ? { Value: t.Value } : {}) })),
  };
  ctx.store.put("images", image.ImageId, image);
  // The desktop is unavailable while it is being captured, then returns to AVAILABLE.
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
    State: view.State,
    RequiredTenancy: view.RequiredTenancy,
    Created: view.Created,
    OwnerAccountId: view.OwnerAccountId,
  };
}

export function describeWorkspaceImages(input: DescribeWorkspaceImagesRequest, ctx: EmulatorContext): DescribeWorkspaceImagesResult {
  const now = ctx.now();
  let images = [...ctx.store.images.values()].sort((a, b) => a.Created - b.Created || a.ImageId.localeCompare(b.ImageId));
  if (input.ImageIds) {
    const wanted = new Set(input.ImageIds);
    images = images.filter((i) => wanted.has(i.ImageId));
  }
  // Images shared by other accounts are not emulated: SHARED lists nothing.
  if (input.ImageType === "SHARED") images = [];
  const pageSize = input.MaxResults ?? 25;
  const scope = `DescribeWorkspaceImages|${input.ImageType ?? ""}|${(input.ImageIds ?? []).join(",")}`;
  let start = 0;
  if (input.NextToken !== undefined) {
    const position = decodePagingToken(input.NextToken, scope);
    if (typeof position !== "number") throw awsErrors.invalidParameterValues("The value of NextToken is not valid.");
    start = position;
  }
  const page = images.slice(start, start + pageSize);
  const end = start + page.length;
  return {
    Images: page.map((i) => imageView(i, now)),
    ...(end < images.length ? { NextToken: encodePagingToken(scope, end) } : {}),
  };
}
