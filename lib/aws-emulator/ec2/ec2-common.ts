/**
 * What the EC2 handlers share: EC2's error codes, tags (TagSpecifications on create calls and the
 * 50-tag limit), Describe filters (`vpc-id`, `tag:Key`, `tag-key`, wildcards `*` and `?`), and
 * MaxResults/NextToken paging in creation order.
 */
import type { Filter, ResourceType, Tag as Ec2Tag, TagSpecification } from "@aws-sdk/client-ec2";
import { AwsError } from "../aws-error";
import { decodePagingToken, encodePagingToken } from "../paging-token";
import type { Tag } from "../records";

export const ec2Error = (code: string, message: string, status = 400) => new AwsError(code, message, status);

export const missingParameter = (name: string) => ec2Error("MissingParameter", `The request must contain the parameter ${name}`);

export const invalidValue = (parameter: string, value: unknown, why = "") =>
  ec2Error("InvalidParameterValue", `Value (${String(value)}) for parameter ${parameter} is invalid.${why ? ` ${why}` : ""}`);

const ID_KINDS = {
  vpc: { prefix: "vpc", code: "InvalidVpcID", noun: "vpc" },
  subnet: { prefix: "subnet", code: "InvalidSubnetID", noun: "subnet" },
  igw: { prefix: "igw", code: "InvalidInternetGatewayID", noun: "internetGateway" },
  rtb: { prefix: "rtb", code: "InvalidRouteTableID", noun: "routeTable" },
  sg: { prefix: "sg", code: "InvalidGroup", noun: "security group" },
} as const;
export type IdKind = keyof typeof ID_KINDS;

/** Looks a resource up the way EC2 reports a bad id: `.Malformed` for a wrong shape, `.NotFound` otherwise. */
export function requireResource<T>(map: ReadonlyMap<string, T>, kind: IdKind, id: string | undefined, parameter: string): T {
  const { prefix, code, noun } = ID_KINDS[kind];
  if (id === undefined || id === "") throw missingParameter(parameter);
  if (!new RegExp(`^${prefix}-([0-9a-f]{8}|[0-9a-f]{17})$`).test(id)) {
    throw ec2Error(kind === "sg" ? "InvalidGroupId.Malformed" : `${code}.Malformed`, `Invalid id: "${id}"`);
  }
  const found = map.get(id);
  if (!found) throw ec2Error(`${code}.NotFound`, `The ${noun} ID '${id}' does not exist`);
  return found;
}

/** Explicit ids in a Describe call: every one must exist (EC2 fails the whole call otherwise). */
export function requireAll<T>(map: ReadonlyMap<string, T>, kind: IdKind, ids: string[] | undefined, parameter: string): T[] | undefined {
  if (!ids || ids.length === 0) return undefined;
  return [...new Set(ids)].map((id) => requireResource(map, kind, id, parameter));
}

// ---- tags ------------------------------------------------------------------------------------

export const MAX_TAGS = 50;

export function checkTags(tags: Ec2Tag[]): Tag[] {
  for (const tag of tags) {
    if (!tag.Key) throw missingParameter("Tag.Key");
    if (tag.Key.length > 127) throw invalidValue("Tag.Key", tag.Key, "Tag keys have at most 127 characters.");
    if ((tag.Value ?? "").length > 255) throw invalidValue("Tag.Value", tag.Value, "Tag values have at most 255 characters.");
    if (tag.Key.toLowerCase().startsWith("aws:")) {
      throw ec2Error("InvalidParameterValue", "Tag keys starting with 'aws:' are reserved for internal use");
    }
  }
  return tags.map((t) => ({ Key: t.Key!, Value: t.Value ?? "" }));
}

/** Adds or overwrites tags, keeping EC2's limit of 50 per resource. */
export function mergeTags(existing: Tag[], added: Tag[], resourceId: string): Tag[] {
  const byKey = new Map(existing.map((t) => [t.Key, t]));
  for (const tag of added) byKey.set(tag.Key, tag);
  if (byKey.size > MAX_TAGS) {
    throw ec2Error("TagLimitExceeded", `The maximum number of Tags for a resource has been reached (resource ${resourceId}).`);
  }
  return [...byKey.values()];
}

/** The tags of a create call's TagSpecifications for its own resource type. */
export function tagsFromSpecifications(specs: TagSpecification[] | undefined, type: ResourceType, resourceId = "the new resource"): Tag[] {
  let tags: Tag[] = [];
  for (const spec of specs ?? []) {
    if (!spec.ResourceType) throw missingParameter("TagSpecification.ResourceType");
    if (spec.ResourceType !== type) {
      throw ec2Error("InvalidParameterValue", `'${spec.ResourceType}' is not a valid taggable resource type for this operation.`);
    }
    tags = mergeTags(tags, checkTags(spec.Tags ?? []), resourceId);
  }
  return tags;
}

export const tagList = (tags: Tag[] | undefined): Ec2Tag[] | undefined =>
  tags && tags.length > 0 ? tags.map((t) => ({ Key: t.Key, Value: t.Value ?? "" })) : undefined;

// ---- filters ---------------------------------------------------------------------------------

/** Filter name → the values of a resource it matches against. */
export type FilterFields<T> = Record<string, (item: T) => (string | number | boolean | undefined)[] | string | number | boolean | undefined>;

function wildcard(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${escaped}$`, "s");
}

/** EC2 filter semantics: values of one filter are ORed, filters are ANDed, `*` and `?` are wildcards. */
export function applyFilters<T extends { tags?: Tag[] }>(items: T[], filters: Filter[] | undefined, fields: FilterFields<T>): T[] {
  if (!filters || filters.length === 0) return items;
  const tests = filters.map((filter) => {
    const name = filter.Name;
    if (!name) throw missingParameter("Filter.Name");
    let values: (item: T) => string[];
    if (name.startsWith("tag:")) {
      const key = name.slice(4);
      values = (item) => (item.tags ?? []).filter((t) => t.Key === key).map((t) => t.Value ?? "");
    } else if (name === "tag-key") {
      values = (item) => (item.tags ?? []).map((t) => t.Key);
    } else if (name === "tag-value") {
      values = (item) => (item.tags ?? []).map((t) => t.Value ?? "");
    } else if (fields[name]) {
      const field = fields[name];
      values = (item) => {
        const v = field(item);
        return (Array.isArray(v) ? v : [v]).filter((x) => x !== undefined).map(String);
      };
    } else {
      throw ec2Error("InvalidParameterValue", `The filter '${name}' is invalid`);
    }
    const patterns = (filter.Values ?? []).map(wildcard);
    return (item: T) => {
      const have = values(item);
      return patterns.some((p) => have.some((v) => p.test(v)));
    };
  });
  return items.filter((item) => tests.every((test) => test(item)));
}

export const tagFilterValues = (tags: Tag[] | undefined) => (tags ?? []).map((t) => `${t.Key}=${t.Value ?? ""}`);

// ---- paging ----------------------------------------------------------------------------------

export interface PageRequest {
  MaxResults?: number;
  NextToken?: string;
  Filters?: Filter[];
}

/**
 * One page in creation order. EC2 refuses MaxResults outside its range, and MaxResults together
 * with explicit ids; without MaxResults everything is answered at once.
 */
export function pageOf<T>(
  items: T[],
  input: PageRequest,
  options: { scope: string; min?: number; max: number; idsParameter?: string; idsGiven?: boolean },
): { items: T[]; NextToken?: string } {
  const min = options.min ?? 5;
  if (input.MaxResults !== undefined) {
    if (options.idsGiven) {
      throw ec2Error("InvalidParameterCombination", `The parameter ${options.idsParameter} cannot be used with the parameter maxResults`);
    }
    if (input.MaxResults < min || input.MaxResults > options.max) {
      throw invalidValue("maxResults", ` ${input.MaxResults} `, `Parameter must be between ${min} and ${options.max}.`);
    }
  }
  const scope = `${options.scope}|${JSON.stringify(input.Filters ?? [])}`;
  let start = 0;
  if (input.NextToken !== undefined) {
    const position = decodePagingToken(input.NextToken, scope);
    if (typeof position !== "number") throw ec2Error("InvalidPaginationToken", "The specified pagination token is not valid or is expired.");
    start = position;
  }
  const size = input.MaxResults ?? Number.MAX_SAFE_INTEGER;
  const page = items.slice(start, start + size);
  const end = start + page.length;
  return { items: page, ...(end < items.length ? { NextToken: encodePagingToken(scope, end) } : {}) };
}

export const bySeq = <T extends { seq?: number }>(items: Iterable<T>): T[] => [...items].sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
