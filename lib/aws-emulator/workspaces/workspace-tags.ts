/**
 * CreateTags, DeleteTags and DescribeTags on desktops (ws-), registered directories (d-), images
 * (wsi-), custom bundles (wsb-) and IP access control groups (wsipg-). At most 50 tags per resource; keys starting with "aws:" are
 * reserved. Portals tag desktops with their own request id to make creation idempotent.
 */
import type {
  CreateTagsRequest,
  CreateTagsResult,
  DeleteTagsRequest,
  DeleteTagsResult,
  DescribeTagsRequest,
  DescribeTagsResult,
} from "@aws-sdk/client-workspaces";
import { awsErrors } from "../aws-error";
import { liveDirectory, liveRegistration } from "../directory-service/directory-lifecycle";
import type { CollectionName } from "../emulator-store";
import type { EmulatorContext } from "../emulator-context";
import type { Tag } from "../records";
import { liveWorkspace } from "./workspace-lifecycle";
import { MAX_TAGS, tagRuleViolation } from "./tag-rules";

interface TagTarget {
  tags: Tag[];
  collection: CollectionName;
  key: string;
}

function findTarget(ctx: EmulatorContext, resourceId: string): TagTarget {
  const notFound = () => awsErrors.resourceNotFound(`The resource ${resourceId} could not be found.`, resourceId);
  if (resourceId.startsWith("ws-")) {
    const ws = liveWorkspace(ctx, resourceId);
    if (!ws || ws.state === "TERMINATED") throw notFound();
    return { tags: ws.tags, collection: "workspaces", key: ws.WorkspaceId };
  }
  if (resourceId.startsWith("d-")) {
    const dir = liveDirectory(ctx, resourceId);
    const registration = dir && liveRegistration(dir, ctx.now());
    if (!dir || !registration) throw notFound();
    return { tags: registration.reg.tags, collection: "directories", key: dir.DirectoryId };
  }
  if (resourceId.startsWith("wsi-")) {
    const image = ctx.store.images.get(resourceId);
    if (!image) throw notFound();
    return { tags: image.tags, collection: "images", key: image.ImageId };
  }
  if (resourceId.startsWith("wsb-")) {
    const bundle = ctx.store.bundles.get(resourceId);
    if (!bundle) throw notFound();
    return { tags: bundle.tags, collection: "bundles", key: bundle.BundleId };
  }
  if (resourceId.startsWith("wsipg-")) {
    const group = ctx.store.ipGroups.get(resourceId);
    if (!group) throw notFound();
    return { tags: group.tags, collection: "ipGroups", key: group.GroupId };
  }
  throw awsErrors.invalidParameterValues(`The resource ID ${resourceId} is not valid.`);
}

export function createTags(input: CreateTagsRequest, ctx: EmulatorContext): CreateTagsResult {
  const target = findTarget(ctx, input.ResourceId!);
  const incoming = input.Tags ?? [];
  const problem = tagRuleViolation(incoming);
  if (problem) throw awsErrors.invalidParameterValues(problem);
  const merged = new Map(target.tags.map((t) => [t.Key, t]));
  for (const t of incoming) merged.set(t.Key!, { Key: t.Key!, ...(t.Value !== undefined ? { Value: t.Value } : {}) });
  if (merged.size > MAX_TAGS) {
    throw awsErrors.resourceLimitExceeded(`A resource can have at most ${MAX_TAGS} tags; this request would give it ${merged.size}.`);
  }
  target.tags.splice(0, target.tags.length, ...merged.values());
  ctx.store.touch(target.collection, target.key);
  return {};
}

export function deleteTags(input: DeleteTagsRequest, ctx: EmulatorContext): DeleteTagsResult {
  const target = findTarget(ctx, input.ResourceId!);
  const remove = new Set(input.TagKeys ?? []);
  const kept = target.tags.filter((t) => !remove.has(t.Key));
  target.tags.splice(0, target.tags.length, ...kept);
  ctx.store.touch(target.collection, target.key);
  return {};
}

export function describeTags(input: DescribeTagsRequest, ctx: EmulatorContext): DescribeTagsResult {
  const target = findTarget(ctx, input.ResourceId!);
  return { TagList: target.tags.map((t) => ({ ...t })) };
}
