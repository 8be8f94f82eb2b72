/**
 * CreateTags / DeleteTags / DescribeTags on the emulated network resources (VPCs, subnets,
 * internet gateways, route tables, security groups). All named resources must exist, or nothing
 * is tagged.
 */
import type { CreateTagsRequest, DeleteTagsRequest, DescribeTagsRequest, DescribeTagsResult, ResourceType, TagDescription } from "@aws-sdk/client-ec2";
import type { EmulatorContext } from "../emulator-context";
import type { Tag } from "../records";
import { applyFilters, checkTags, ec2Error, mergeTags, missingParameter, pageOf, requireResource, type IdKind } from "./ec2-common";
import { liveSecurityGroups } from "./security-groups";

type Collection = "vpcs" | "subnets" | "internetGateways" | "routeTables" | "securityGroups";
const KINDS: { prefix: string; kind: IdKind; collection: Collection; type: ResourceType }[] = [
  { prefix: "vpc-", kind: "vpc", collection: "vpcs", type: "vpc" },
  { prefix: "subnet-", kind: "subnet", collection: "subnets", type: "subnet" },
  { prefix: "igw-", kind: "igw", collection: "internetGateways", type: "internet-gateway" },
  { prefix: "rtb-", kind: "rtb", collection: "routeTables", type: "route-table" },
  { prefix: "sg-", kind: "sg", collection: "securityGroups", type: "security-group" },
];

interface Tagged {
  tags?: Tag[];
}

function resolve(ctx: EmulatorContext, id: string): { record: Tagged; collection: Collection } {
  const kind = KINDS.find((k) => id.startsWith(k.prefix));
  if (!kind) throw ec2Error("InvalidID", `The ID '${id}' is not valid`);
  if (kind.collection === "securityGroups") liveSecurityGroups(ctx);
  const record = requireResource(ctx.store[kind.collection] as ReadonlyMap<string, Tagged>, kind.kind, id, "resourceId");
  return { record, collection: kind.collection };
}

export function createTags(input: CreateTagsRequest, ctx: EmulatorContext): object {
  if (!input.Resources || input.Resources.length === 0) throw missingParameter("resourceIdSet");
  if (!input.Tags || input.Tags.length === 0) throw missingParameter("tagSet");
  const tags = checkTags(input.Tags);
  const targets = input.Resources.map((id) => ({ id, ...resolve(ctx, id) }));
  // Check every limit first: either every resource is tagged or none.
  const merged = targets.map((t) => mergeTags(t.record.tags ?? [], tags, t.id));
  targets.forEach((t, i) => {
    t.record.tags = merged[i];
    ctx.store.touch(t.collection, t.id);
  });
  return {};
}

export function deleteTags(input: DeleteTagsRequest, ctx: EmulatorContext): object {
  if (!input.Resources || input.Resources.length === 0) throw missingParameter("resourceIdSet");
  for (const id of input.Resources) {
    const { record, collection } = resolve(ctx, id);
    const doomed = input.Tags;
    record.tags = (record.tags ?? []).filter((tag) => {
      // No tags given deletes all (except aws: ones); a tag without Value deletes the key whatever its value.
      if (!doomed || doomed.length === 0) return tag.Key.startsWith("aws:");
      return !doomed.some((d) => d.Key === tag.Key && (d.Value === undefined || d.Value === (tag.Value ?? "")));
    });
    ctx.store.touch(collection, id);
  }
  return {};
}

export function describeTags(input: DescribeTagsRequest, ctx: EmulatorContext): DescribeTagsResult {
  liveSecurityGroups(ctx);
  const rows: (TagDescription & { tags?: Tag[] })[] = [];
  for (const kind of KINDS) {
    const map = ctx.store[kind.collection] as ReadonlyMap<string, Tagged & { seq?: number }>;
    const sorted = [...map.entries()].sort((a, b) => (a[1].seq ?? 0) - (b[1].seq ?? 0));
    for (const [id, record] of sorted) {
      for (const tag of record.tags ?? []) rows.push({ ResourceId: id, ResourceType: kind.type, Key: tag.Key, Value: tag.Value ?? "" });
    }
  }
  const matching = applyFilters(rows, input.Filters, {
    "resource-id": (r) => r.ResourceId,
    "resource-type": (r) => r.ResourceType,
    key: (r) => r.Key,
    value: (r) => r.Value,
  });
  const page = pageOf(matching, input, { scope: "DescribeTags", min: 5, max: 1000 });
  return { Tags: page.items, ...(page.NextToken ? { NextToken: page.NextToken } : {}) };
}
