/**
 * IP access control groups: which client addresses may reach a directory's desktops. Create,
 * describe, add/remove/replace rules, associate with and disassociate from registered directories,
 * delete (refused while associated). AWS's default quotas: 100 groups per account, 10 rules per
 * group, 25 groups per directory. A rule is an IPv4 address or CIDR block.
 */
import type {
  AssociateIpGroupsRequest,
  AssociateIpGroupsResult,
  AuthorizeIpRulesRequest,
  AuthorizeIpRulesResult,
  CreateIpGroupRequest,
  CreateIpGroupResult,
  DeleteIpGroupRequest,
  DeleteIpGroupResult,
  DescribeIpGroupsRequest,
  DescribeIpGroupsResult,
  DisassociateIpGroupsRequest,
  DisassociateIpGroupsResult,
  IpRuleItem,
  RevokeIpRulesRequest,
  RevokeIpRulesResult,
  UpdateRulesOfIpGroupRequest,
  UpdateRulesOfIpGroupResult,
} from "@aws-sdk/client-workspaces";
import { AwsError, awsErrors } from "../aws-error";
import { allLiveDirectories, liveDirectory, liveRegistration } from "../directory-service/directory-lifecycle";
import type { EmulatorContext } from "../emulator-context";
import { newIpGroupId } from "../ids";
import { readCidr } from "../network";
import { decodePagingToken, encodePagingToken } from "../paging-token";
import type { IpGroupRecord, WorkspaceRegistration } from "../records";
import { checkedNewTags } from "./tag-rules";

export const IP_GROUP_LIMITS = { groupsPerAccount: 100, rulesPerGroup: 10, groupsPerDirectory: 25 } as const;

function requireGroup(ctx: EmulatorContext, groupId: string): IpGroupRecord {
  const group = ctx.store.ipGroups.get(groupId);
  if (!group) throw awsErrors.resourceNotFound(`The IP access control group ${groupId} could not be found.`, groupId);
  return group;
}

/** Rules as AWS takes them: an IPv4 address or CIDR block each, no duplicates. */
function checkRules(rules: IpRuleItem[]): { ipRule: string; ruleDesc?: string }[] {
  const out = rules.map((rule) => {
    const text = (rule.ipRule ?? "").trim();
    if (!readCidr(text.includes("/") ? text : `${text}/32`)) {
      throw awsErrors.invalidParameterValues(`The IP rule "${rule.ipRule ?? ""}" is not a valid IPv4 address or CIDR block (for example 203.0.113.0/24).`);
    }
    return { ipRule: text, ...(rule.ruleDesc ? { ruleDesc: rule.ruleDesc } : {}) };
  });
  const seen = new Set<string>();
  for (const rule of out) {
    if (seen.has(rule.ipRule)) throw awsErrors.invalidParameterValues(`The IP rule ${rule.ipRule} is listed twice.`);
    seen.add(rule.ipRule);
  }
  return out;
}

function checkRuleCount(count: number): void {
  if (count > IP_GROUP_LIMITS.rulesPerGroup) {
    throw awsErrors.resourceLimitExceeded(`An IP access control group can have at most ${IP_GROUP_LIMITS.rulesPerGroup} rules.`);
  }
}

/** Registrations (live, not being deregistered) that use the group. */
function associatedDirectories(ctx: EmulatorContext, groupId: string): string[] {
  const now = ctx.now();
  return allLiveDirectories(ctx)
    .filter((dir) => liveRegistration(dir, now)?.reg.ipGroupIds?.includes(groupId))
    .map((dir) => dir.DirectoryId);
}

export function createIpGroup(input: CreateIpGroupRequest, ctx: EmulatorContext): CreateIpGroupResult {
  const name = input.GroupName!;
  if (name.trim() === "") throw awsErrors.invalidParameterValues("The group name must not be empty.");
  if ([...ctx.store.ipGroups.values()].some((g) => g.GroupName === name)) {
    throw awsErrors.resourceAlreadyExists(`An IP access control group named ${name} already exists.`);
  }
  const rules = checkRules(input.UserRules ?? []);
  checkRuleCount(rules.length);
  if (ctx.store.ipGroups.size >= IP_GROUP_LIMITS.groupsPerAccount) {
    throw awsErrors.resourceLimitExceeded(`The account has reached its limit of ${IP_GROUP_LIMITS.groupsPerAccount} IP access control groups.`);
  }
  const tags = checkedNewTags(input.Tags);
  const group: IpGroupRecord = {
    GroupId: newIpGroupId(),
    GroupName: name,
    ...(input.GroupDesc ? { GroupDesc: input.GroupDesc } : {}),
    rules,
    tags,
    seq: ctx.store.nextSeq(),
  };
  ctx.store.put("ipGroups", group.GroupId, group);
  return { GroupId: group.GroupId };
}

export function describeIpGroups(input: DescribeIpGroupsRequest, ctx: EmulatorContext): DescribeIpGroupsResult {
  const all = [...ctx.store.ipGroups.values()].sort((a, b) => a.seq - b.seq);
  // Unknown ids are simply not listed, as AWS does for this call.
  const groups = input.GroupIds && input.GroupIds.length > 0 ? all.filter((g) => input.GroupIds!.includes(g.GroupId)) : all;
  const scope = `DescribeIpGroups|${(input.GroupIds ?? []).join(",")}`;
  let start = 0;
  if (input.NextToken !== undefined) {
    const position = decodePagingToken(input.NextToken, scope);
    if (typeof position !== "number") throw awsErrors.invalidParameterValues("The value of NextToken is not valid.");
    start = position;
  }
  const page = groups.slice(start, start + (input.MaxResults ?? 25));
  const end = start + page.length;
  return {
    Result: page.map((g) => ({
      groupId: g.GroupId,
      groupName: g.GroupName,
      ...(g.GroupDesc ? { groupDesc: g.GroupDesc } : {}),
      userRules: g.rules.map((r) => ({ ...r })),
    })),
    ...(end < groups.length ? { NextToken: encodePagingToken(scope, end) } : {}),
  };
}

export function authorizeIpRules(input: AuthorizeIpRulesRequest, ctx: EmulatorContext): AuthorizeIpRulesResult {
  const group = requireGroup(ctx, input.GroupId!);
  const added = checkRules(input.UserRules!);
  const duplicate = added.find((r) => group.rules.some((existing) => existing.ipRule === r.ipRule));
  if (duplicate) throw awsErrors.invalidParameterValues(`The IP rule ${duplicate.ipRule} is already in the group.`);
  checkRuleCount(group.rules.length + added.length);
  group.rules.push(...added);
  ctx.store.touch("ipGroups", group.GroupId);
  return {};
}

export function revokeIpRules(input: RevokeIpRulesRequest, ctx: EmulatorContext): RevokeIpRulesResult {
  const group = requireGroup(ctx, input.GroupId!);
  const missing = input.UserRules!.find((rule) => !group.rules.some((r) => r.ipRule === rule));
  if (missing !== undefined) throw awsErrors.invalidParameterValues(`The IP rule ${missing} is not in the group.`);
  group.rules = group.rules.filter((r) => !input.UserRules!.includes(r.ipRule));
  ctx.store.touch("ipGroups", group.GroupId);
  return {};
}

export function updateRulesOfIpGroup(input: UpdateRulesOfIpGroupRequest, ctx: EmulatorContext): UpdateRulesOfIpGroupResult {
  const group = requireGroup(ctx, input.GroupId!);
  const rules = checkRules(input.UserRules!);
  checkRuleCount(rules.length);
  group.rules = rules;
  ctx.store.touch("ipGroups", group.GroupId);
  return {};
}

function registrationFor(ctx: EmulatorContext, directoryId: string): WorkspaceRegistration {
  const dir = liveDirectory(ctx, directoryId);
  const registration = dir && liveRegistration(dir, ctx.now());
  if (!dir || !registration) {
    throw awsErrors.resourceNotFound(`The directory ${directoryId} is not registered with Amazon WorkSpaces.`, directoryId);
  }
  if (registration.state !== "REGISTERED") {
    throw awsErrors.invalidResourceState(`The directory ${directoryId} is ${registration.state}; IP access control groups need a REGISTERED directory.`);
  }
  return registration.reg;
}

export function associateIpGroups(input: AssociateIpGroupsRequest, ctx: EmulatorContext): AssociateIpGroupsResult {
  const reg = registrationFor(ctx, input.DirectoryId!);
  for (const id of input.GroupIds!) requireGroup(ctx, id);
  const next = [...new Set([...(reg.ipGroupIds ?? []), ...input.GroupIds!])];
  if (next.length > IP_GROUP_LIMITS.groupsPerDirectory) {
    throw awsErrors.resourceLimitExceeded(`A directory can have at most ${IP_GROUP_LIMITS.groupsPerDirectory} IP access control groups.`);
  }
  reg.ipGroupIds = next;
  ctx.store.touch("directories", input.DirectoryId!);
  return {};
}

export function disassociateIpGroups(input: DisassociateIpGroupsRequest, ctx: EmulatorContext): DisassociateIpGroupsResult {
  const reg = registrationFor(ctx, input.DirectoryId!);
  for (const id of input.GroupIds!) requireGroup(ctx, id);
  reg.ipGroupIds = (reg.ipGroupIds ?? []).filter((id) => !input.GroupIds!.includes(id));
  ctx.store.touch("directories", input.DirectoryId!);
  return {};
}

export function deleteIpGroup(input: DeleteIpGroupRequest, ctx: EmulatorContext): DeleteIpGroupResult {
  const group = requireGroup(ctx, input.GroupId!);
  const directories = associatedDirectories(ctx, group.GroupId);
  if (directories.length > 0) {
    throw new AwsError(
      "ResourceAssociatedException",
      `The IP access control group ${group.GroupId} is associated with ${directories.join(", ")}. Disassociate it first.`,
    );
  }
  ctx.store.delete("ipGroups", group.GroupId);
  return {};
}
