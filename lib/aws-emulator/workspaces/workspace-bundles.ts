/**
 * DescribeWorkspaceBundles (public AMAZON bundles, the account's own, or by id; 25 per page) and
 * CreateWorkspaceBundle (an AVAILABLE custom image + compute type + volumes).
 */
import type {
  CreateWorkspaceBundleRequest,
  CreateWorkspaceBundleResult,
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
import { imageState } from "./workspace-images";

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
    bundles = [...PUBLIC_BUNDLES];
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
  const image = ctx.store.images.get(input.ImageId!);
  if (!image) throw awsErrors.resourceNotFound(`The image ${input.ImageId} could not be found.`, input.ImageId);
  if (imageState(image, now) !== "AVAILABLE") {
    throw awsErrors.resourceUnavailable(`The image ${image.ImageId} is not yet AVAILABLE.`, image.ImageId);
  }
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
    tags: (input.Tags ?? []).map((t) => ({ Key: t.Key!, ...(t.Value !== undefined ? { Value: t.Value } : {}) })),
  };
  ctx.store.put("bundles", bundle.BundleId, bundle);
  return { WorkspaceBundle: bundleView(bundle) };
}
