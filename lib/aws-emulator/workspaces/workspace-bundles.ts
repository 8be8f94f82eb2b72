/**
 * DescribeWorkspaceBundles (public AMAZON bundles, the account's own, or by id; 25 per page),
 * CreateWorkspaceBundle (an AVAILABLE custom image + compute type + volumes), UpdateWorkspaceBundle
 * (another image: existing desktops get it only when rebuilt) and DeleteWorkspaceBundle (refused
 * while desktops use it).
 */
import type {
  CreateWorkspaceBundleRequest,
  CreateWorkspaceBundleResult,
  DeleteWorkspaceBundleRequest,
  UpdateWorkspaceBundleRequest,
  DescribeWorkspaceBundlesRequest,
  DescribeWorkspaceBundlesResult,
  WorkspaceBundle,
} from "@aws-sdk/client-workspaces";
import { awsErrors } from "../aws-error";
import type { EmulatorContext } from "../emulator-context";
import { newBundleId } from "../ids";
import { decodePagingToken, encodePagingToken } from "../paging-token";
import { PUBLIC_BUNDLES, type BundleRecord } from "./bundle-catalogue";
import { findBundle } from "./bundle-lookup";
import { computeFamily, isValidVolumeCombination } from "./compute-rules";
import { checkedNewTags } from "./tag-rules";
import { imageState, requireImage } from "./workspace-images";
import { liveWorkspace } from "./workspace-lifecycle";

const PAGE_SIZE = 25;
/** AWS's default quota of custom bundles per region. */
const BUNDLE_LIMIT = 50;

export function bundleView(b: BundleRecord): WorkspaceBundle {
  return {
    BundleId: b.BundleId,
    Name: b.Name,
    Owner: b.Owner,
    Description: b.Description,
    ImageId: b.ImageId,
    RootStorage: { ...b.RootStorage },
    UserStorage: { ...b.UserStorage },
    ComputeType: { Name: b.ComputeType.Name as NonNullable<WorkspaceBundle["ComputeType"]>["Name"] },
    LastUpdatedTime: new Date(b.LastUpdatedTime),
    CreationTime: new Date(b.CreationTime),
    State: b.State,
    BundleType: b.BundleType,
  };
}

export function describeWorkspaceBundles(input: DescribeWorkspaceBundlesRequest, ctx: EmulatorContext): DescribeWorkspaceBundlesResult {
  if (input.BundleIds && input.Owner !== undefined) {
    throw awsErrors.invalidParameterValues("BundleIds cannot be combined with any other filter.");
  }
  let bundles: BundleRecord[];
  if (input.BundleIds) {
    bundles = input.BundleIds.map((id) => findBundle(ctx, id)).filter((b): b is BundleRecord => b !== undefined);
  } else if (input.Owner === "AMAZON") {
    const retired = new Set(ctx.config.retiredBundleIds);
    bundles = PUBLIC_BUNDLES.filter((b) => !retired.has(b.BundleId));
  } else if (input.Owner === undefined || input.Owner === ctx.accountId) {
    bundles = [...ctx.store.bundles.values()].sort((a, b) => a.CreationTime - b.CreationTime);
  } else {
    bundles = [];
  }
  const scope = `DescribeWorkspaceBundles|${input.Owner ?? ""}|${(input.BundleIds ?? []).join(",")}`;
  let start = 0;
  if (input.NextToken !== undefined) {
    const position = decodePagingToken(input.NextToken, scope);
    if (typeof position !== "number") throw awsErrors.invalidParameterValues("The value of NextToken is not valid.");
    start = position;
  }
  const page = bundles.slice(start, start + PAGE_SIZE);
  const end = start + page.length;
  return {
    Bundles: page.map(bundleView),
    ...(end < bundles.length ? { NextToken: encodePagingToken(scope, end) } : {}),
  };
}

export function createWorkspaceBundle(input: CreateWorkspaceBundleRequest, ctx: EmulatorContext): CreateWorkspaceBundleResult {
  const now = ctx.now();
  const own = [...ctx.store.bundles.values()];
  if (own.some((b) => b.Name === input.BundleName)) {
    throw awsErrors.resourceAlreadyExists(`A bundle named ${input.BundleName} already exists.`);
  }
  const image = availableImage(ctx, input.ImageId!);
  const tags = checkedNewTags(input.Tags);
  const compute = input.ComputeType?.Name;
  if (!compute || computeFamily(compute) === undefined) {
    throw awsErrors.invalidParameterValues(`The compute type ${compute ?? "(none)"} cannot be used for a bundle.`);
  }
  const root = Number(input.RootStorage?.Capacity ?? 80);
  const user = Number(input.UserStorage!.Capacity);
  if (!Number.isInteger(root) || !Number.isInteger(user) || !isValidVolumeCombination(root, user)) {
    throw awsErrors.invalidParameterValues(`Root ${input.RootStorage?.Capacity ?? 80} GB with user ${input.UserStorage!.Capacity} GB is not a supported volume size combination.`);
  }
  if (own.length >= BUNDLE_LIMIT) throw awsErrors.resourceLimitExceeded(`Your account has reached its limit of ${BUNDLE_LIMIT} bundles.`);
  const bundle: BundleRecord = {
    BundleId: newBundleId(),
    Name: input.BundleName!,
    Owner: ctx.accountId,
    Description: input.BundleDescription!,
    ImageId: image.ImageId,
    RootStorage: { Capacity: String(root) },
    UserStorage: { Capacity: String(user) },
    ComputeType: { Name: compute },
    CreationTime: now,
    LastUpdatedTime: now,
    State: "AVAILABLE",
    BundleType: "REGULAR",
    operatingSystemName: image.operatingSystemName,
    osType: image.osType,
    protocols: image.protocols,
    tags,
  };
  ctx.store.put("bundles", bundle.BundleId, bundle);
  return { WorkspaceBundle: bundleView(bundle) };
}

/** An image the bundle can be made from: this region's, AVAILABLE. */
function availableImage(ctx: EmulatorContext, imageId: string) {
  const image = requireImage(ctx, imageId);
  const state = imageState(image, ctx.now());
  if (state !== "AVAILABLE") {
    throw awsErrors.resourceUnavailable(`The image ${image.ImageId} is ${state}; only an AVAILABLE image can be used for a bundle.`, image.ImageId);
  }
  return image;
}

/** One of this account's own bundles; public bundles cannot be changed. */
function requireOwnBundle(ctx: EmulatorContext, bundleId: string | undefined, action: string): BundleRecord {
  if (!bundleId) throw awsErrors.invalidParameterValues("BundleId is required.");
  const bundle = ctx.store.bundles.get(bundleId);
  if (bundle) return bundle;
  if (PUBLIC_BUNDLES.some((b) => b.BundleId === bundleId)) {
    throw awsErrors.operationNotSupported(`The bundle ${bundleId} is owned by Amazon and cannot be ${action}.`);
  }
  throw awsErrors.resourceNotFound(`The bundle ${bundleId} could not be found.`, bundleId);
}

export function updateWorkspaceBundle(input: UpdateWorkspaceBundleRequest, ctx: EmulatorContext): object {
  const bundle = requireOwnBundle(ctx, input.BundleId, "updated");
  if (!input.ImageId) throw awsErrors.invalidParameterValues("ImageId is required.");
  const image = availableImage(ctx, input.ImageId);
  if (image.osType !== bundle.osType) {
    throw awsErrors.invalidParameterValues(`The image ${image.ImageId} runs ${image.osType} and the bundle ${bundle.BundleId} ${bundle.osType}; the operating system cannot change.`);
  }
  // Desktops keep the image they were made from until they are rebuilt; new ones get this one.
  Object.assign(bundle, {
    ImageId: image.ImageId,
    LastUpdatedTime: ctx.now(),
    operatingSystemName: image.operatingSystemName,
    protocols: [...image.protocols],
  });
  ctx.store.touch("bundles", bundle.BundleId);
  return {};
}

export function deleteWorkspaceBundle(input: DeleteWorkspaceBundleRequest, ctx: EmulatorContext): object {
  const bundle = requireOwnBundle(ctx, input.BundleId, "deleted");
  const users = [...ctx.store.workspaces.keys()].filter((id) => liveWorkspace(ctx, id)?.BundleId === bundle.BundleId);
  if (users.length > 0) {
    throw awsErrors.resourceAssociated(
      `The bundle ${bundle.BundleId} is used by ${users.length} WorkSpace${users.length === 1 ? "" : "s"}. Terminate them or migrate them to another bundle first.`,
    );
  }
  ctx.store.delete("bundles", bundle.BundleId);
  return {};
}
