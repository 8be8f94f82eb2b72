/**
 * Security groups: each VPC's "default" group (members talk to each other, all traffic out), groups
 * of one's own (all traffic out until changed), ingress/egress rules of one protocol/port range and
 * one peer each (a CIDR or a group), EC2's limits (60 rules each way) and duplicates refused. Directory
 * Service and WorkSpaces create groups of their own for a directory (`d-…_controllers`,
 * `d-…_workspacesMembers`); those live as long as the directory or its registration and cannot be
 * deleted by hand.
 */
import type {
  AuthorizeSecurityGroupEgressRequest,
  AuthorizeSecurityGroupEgressResult,
  AuthorizeSecurityGroupIngressRequest,
  AuthorizeSecurityGroupIngressResult,
  CreateSecurityGroupRequest,
  CreateSecurityGroupResult,
  DeleteSecurityGroupRequest,
  DeleteSecurityGroupResult,
  DescribeSecurityGroupsRequest,
  DescribeSecurityGroupsResult,
  IpPermission,
  RevokeSecurityGroupEgressRequest,
  RevokeSecurityGroupEgressResult,
  RevokeSecurityGroupIngressRequest,
  RevokeSecurityGroupIngressResult,
  SecurityGroup,
  SecurityGroupRule,
} from "@aws-sdk/client-ec2";
import { liveDirectory, liveRegistration } from "../directory-service/directory-lifecycle";
import type { EmulatorContext } from "../emulator-context";
import { newEc2Id } from "../ids";
import { readCidr } from "../network";
import type { DirectoryRecord, SecurityGroupRecord, SecurityGroupRuleRecord, Tag } from "../records";
import {
  applyFilters,
  bySeq,
  ec2Error,
  invalidValue,
  missingParameter,
  pageOf,
  requireAll,
  requireResource,
  tagFilterValues,
  tagList,
  tagsFromSpecifications,
} from "./ec2-common";

/** AWS's default quota of inbound (and, separately, outbound) rules per security group. */
export const RULES_PER_GROUP = 60;

const ALL_OUT = (): SecurityGroupRuleRecord => ({ SecurityGroupRuleId: newEc2Id("sgr"), IpProtocol: "-1", CidrIpv4: "0.0.0.0/0" });

export function addSecurityGroup(
  ctx: EmulatorContext,
  spec: { vpcId: string; name: string; description: string; id?: string; tags?: Tag[]; directoryId?: string; directoryRole?: "controllers" | "workspaces" },
): SecurityGroupRecord {
  const group: SecurityGroupRecord = {
    GroupId: spec.id ?? newEc2Id("sg"),
    GroupName: spec.name,
    Description: spec.description,
    VpcId: spec.vpcId,
    ingress: [],
    egress: [ALL_OUT()],
    tags: spec.tags ?? [],
    seq: ctx.store.nextSeq(),
    ...(spec.directoryId ? { directoryId: spec.directoryId, directoryRole: spec.directoryRole } : {}),
  };
  ctx.store.put("securityGroups", group.GroupId, group);
  return group;
}

/** Ports a directory's domain controllers (or AD Connector) accept, as AWS's controllers group opens them. */
const CONTROLLER_PORTS: [protocol: string, from: number, to: number][] = [
  ["tcp", 53, 53],
  ["udp", 53, 53],
  ["tcp", 88, 88],
  ["udp", 88, 88],
  ["udp", 123, 123],
  ["tcp", 135, 135],
  ["udp", 138, 138],
  ["tcp", 389, 389],
  ["udp", 389, 389],
  ["tcp", 445, 445],
  ["udp", 445, 445],
  ["tcp", 464, 464],
  ["udp", 464, 464],
  ["tcp", 636, 636],
  ["tcp", 3268, 3269],
  ["tcp", 1024, 65535],
  ["icmp", -1, -1],
];

/** The group Directory Service creates for a directory's controllers (created when missing). */
export function ensureControllersGroup(ctx: EmulatorContext, dir: DirectoryRecord): void {
  if (ctx.store.securityGroups.has(dir.SecurityGroupId)) return;
  const group = addSecurityGroup(ctx, {
    vpcId: dir.VpcId,
    name: `${dir.DirectoryId}_controllers`,
    description: `AWS created security group for ${dir.DirectoryId} directory controllers`,
    id: dir.SecurityGroupId,
    directoryId: dir.DirectoryId,
    directoryRole: "controllers",
  });
  group.ingress = CONTROLLER_PORTS.map(([IpProtocol, FromPort, ToPort]) => ({
    SecurityGroupRuleId: newEc2Id("sgr"),
    IpProtocol,
    FromPort,
    ToPort,
    CidrIpv4: "0.0.0.0/0",
  }));
}

/** The group WorkSpaces creates for a registered directory's desktops (created when missing). */
export function ensureWorkspacesGroup(ctx: EmulatorContext, dir: DirectoryRecord, groupId: string): void {
  if (ctx.store.securityGroups.has(groupId)) return;
  addSecurityGroup(ctx, {
    vpcId: dir.VpcId,
    name: `${dir.DirectoryId}_workspacesMembers`,
    description: "Amazon WorkSpaces Security Group",
    id: groupId,
    directoryId: dir.DirectoryId,
    directoryRole: "workspaces",
  });
}

/** Whether a group AWS created for a directory still exists (its directory or registration does). */
function groupAlive(ctx: EmulatorContext, group: SecurityGroupRecord): boolean {
  if (!group.directoryId) return true;
  const dir = liveDirectory(ctx, group.directoryId);
  if (!dir) return false;
  if (group.directoryRole === "controllers") return dir.SecurityGroupId === group.GroupId;
  return liveRegistration(dir, ctx.now())?.reg.WorkspaceSecurityGroupId === group.GroupId;
}

/** The groups that exist now; groups of deleted directories are dropped on the way. */
export function liveSecurityGroups(ctx: EmulatorContext): SecurityGroupRecord[] {
  const out: SecurityGroupRecord[] = [];
  for (const group of bySeq(ctx.store.securityGroups.values())) {
    if (groupAlive(ctx, group)) out.push(group);
    else ctx.store.delete("securityGroups", group.GroupId);
  }
  return out;
}

function requireGroup(ctx: EmulatorContext, groupId: string | undefined, groupName?: string): SecurityGroupRecord {
  if (!groupId && groupName) {
    // A name alone names a group of the default VPC, as on EC2.
    const match = liveSecurityGroups(ctx).find((g) => g.GroupName === groupName && ctx.store.vpcs.get(g.VpcId)?.IsDefault);
    if (!match) throw ec2Error("InvalidGroup.NotFound", `The security group '${groupName}' does not exist in default VPC`);
    return match;
  }
  liveSecurityGroups(ctx);
  return requireResource(ctx.store.securityGroups, "sg", groupId, "groupId");
}

// ---- rules -----------------------------------------------------------------------------------

const PROTOCOL_NAMES: Record<string, string> = { "6": "tcp", "17": "udp", "1": "icmp", all: "-1" };

function ruleLabel(rule: SecurityGroupRuleRecord): string {
  const peer = rule.CidrIpv4 ?? rule.ReferencedGroupId;
  const protocol = rule.IpProtocol === "-1" ? "ALL" : rule.IpProtocol.toUpperCase();
  const ports = rule.FromPort === undefined ? "" : `, from port: ${rule.FromPort}, to port: ${rule.ToPort}`;
  return `peer: ${peer}, ${protocol}${ports}, ALLOW`;
}

const sameRule = (a: SecurityGroupRuleRecord, b: SecurityGroupRuleRecord) =>
  a.IpProtocol === b.IpProtocol &&
  a.FromPort === b.FromPort &&
  a.ToPort === b.ToPort &&
  a.CidrIpv4 === b.CidrIpv4 &&
  a.ReferencedGroupId === b.ReferencedGroupId;

/** IpPermissions → one rule per peer, validated like EC2 (protocol, port range, CIDR, peer group). */
function rulesFrom(ctx: EmulatorContext, permissions: IpPermission[]): SecurityGroupRuleRecord[] {
  const rules: SecurityGroupRuleRecord[] = [];
  for (const permission of permissions) {
    if (!permission.IpProtocol) throw missingParameter("ipPermissions.ipProtocol");
    const protocol = PROTOCOL_NAMES[permission.IpProtocol.toLowerCase()] ?? permission.IpProtocol.toLowerCase();
    if (!["tcp", "udp", "icmp", "-1"].includes(protocol)) throw invalidValue("ipProtocol", permission.IpProtocol, "The emulator knows tcp, udp, icmp and -1.");
    let from: number | undefined;
    let to: number | undefined;
    if (protocol === "tcp" || protocol === "udp") {
      from = permission.FromPort;
      to = permission.ToPort;
      if (from === undefined || to === undefined) throw ec2Error("InvalidParameterValue", `Invalid value 'Must specify both from and to ports with TCP/UDP.' for portRange`);
      if (from < 0 || to > 65535 || from > to) throw ec2Error("InvalidParameterValue", `Invalid port range (${from}, ${to}): from port must not exceed to port, and both are 0-65535.`);
    } else if (protocol === "icmp") {
      from = permission.FromPort ?? -1;
      to = permission.ToPort ?? -1;
    }
    const peers: { CidrIpv4?: string; ReferencedGroupId?: string; Description?: string }[] = [
      ...(permission.IpRanges ?? []).map((r) => {
        if (!r.CidrIp) throw missingParameter("ipRanges.cidrIp");
        const block = readCidr(r.CidrIp);
        if (!block) throw ec2Error("InvalidParameterValue", `CIDR block ${r.CidrIp} is malformed`);
        return { CidrIpv4: r.CidrIp, Description: r.Description };
      }),
      ...(permission.UserIdGroupPairs ?? []).map((pair) => {
        const peer = requireGroup(ctx, pair.GroupId, pair.GroupName);
        return { ReferencedGroupId: peer.GroupId, Description: pair.Description };
      }),
    ];
    if ((permission.Ipv6Ranges ?? []).length > 0 || (permission.PrefixListIds ?? []).length > 0) {
      throw ec2Error("UnsupportedOperation", "The emulator supports IPv4 CIDR and security group peers only.");
    }
    for (const peer of peers) {
      rules.push({
        SecurityGroupRuleId: newEc2Id("sgr"),
        IpProtocol: protocol,
        ...(from !== undefined ? { FromPort: from, ToPort: to } : {}),
        ...(peer.CidrIpv4 ? { CidrIpv4: peer.CidrIpv4 } : { ReferencedGroupId: peer.ReferencedGroupId }),
        ...(peer.Description ? { Description: peer.Description } : {}),
      });
    }
  }
  return rules;
}

/** Legacy top-level members of AuthorizeSecurityGroupIngress (CidrIp, IpProtocol, FromPort, ToPort). */
function permissionsOf(input: AuthorizeSecurityGroupIngressRequest | RevokeSecurityGroupIngressRequest): IpPermission[] {
  if (input.IpPermissions && input.IpPermissions.length > 0) return input.IpPermissions;
  if (input.IpProtocol || input.CidrIp) {
    return [{ IpProtocol: input.IpProtocol ?? "-1", FromPort: input.FromPort, ToPort: input.ToPort, IpRanges: input.CidrIp ? [{ CidrIp: input.CidrIp }] : [] }];
  }
  throw missingParameter("ipPermissions");
}

function ruleView(group: SecurityGroupRecord, rule: SecurityGroupRuleRecord, egress: boolean, ctx: EmulatorContext): SecurityGroupRule {
  return {
    SecurityGroupRuleId: rule.SecurityGroupRuleId,
    GroupId: group.GroupId,
    GroupOwnerId: ctx.accountId,
    IsEgress: egress,
    IpProtocol: rule.IpProtocol,
    FromPort: rule.FromPort ?? -1,
    ToPort: rule.ToPort ?? -1,
    ...(rule.CidrIpv4 ? { CidrIpv4: rule.CidrIpv4 } : { ReferencedGroupInfo: { GroupId: rule.ReferencedGroupId, UserId: ctx.accountId } }),
    ...(rule.Description ? { Description: rule.Description } : {}),
  };
}

function authorize(ctx: EmulatorContext, groupId: string | undefined, groupName: string | undefined, permissions: IpPermission[], egress: boolean) {
  const group = requireGroup(ctx, groupId, groupName);
  const added = rulesFrom(ctx, permissions);
  const existing = egress ? group.egress : group.ingress;
  for (const rule of added) {
    if (existing.some((r) => sameRule(r, rule)) || added.filter((r) => sameRule(r, rule)).length > 1) {
      throw ec2Error("InvalidPermission.Duplicate", `the specified rule "${ruleLabel(rule)}" already exists`);
    }
  }
  if (existing.length + added.length > RULES_PER_GROUP) {
    throw ec2Error("RulesPerSecurityGroupLimitExceeded", "The maximum number of rules per security group has been reached.");
  }
  existing.push(...added);
  ctx.store.touch("securityGroups", group.GroupId);
  return { Return: true, SecurityGroupRules: added.map((r) => ruleView(group, r, egress, ctx)) };
}

function revoke(ctx: EmulatorContext, group: SecurityGroupRecord, permissions: IpPermission[] | undefined, ruleIds: string[] | undefined, egress: boolean) {
  const existing = egress ? group.egress : group.ingress;
  let removed: SecurityGroupRuleRecord[];
  if (ruleIds && ruleIds.length > 0) {
    removed = ruleIds.map((id) => {
      const rule = existing.find((r) => r.SecurityGroupRuleId === id);
      if (!rule) throw ec2Error("InvalidSecurityGroupRuleId.NotFound", `The security group rule ID '${id}' does not exist`);
      return rule;
    });
  } else {
    removed = rulesFrom(ctx, permissions ?? []).map((wanted) => {
      const rule = existing.find((r) => sameRule(r, wanted));
      if (!rule) throw ec2Error("InvalidPermission.NotFound", "The specified rule does not exist in this security group.");
      return rule;
    });
  }
  const next = existing.filter((r) => !removed.includes(r));
  if (egress) group.egress = next;
  else group.ingress = next;
  ctx.store.touch("securityGroups", group.GroupId);
  return { Return: true, RevokedSecurityGroupRules: removed.map((r) => ({ ...ruleView(group, r, egress, ctx), IsEgress: egress })) };
}

export function authorizeSecurityGroupIngress(input: AuthorizeSecurityGroupIngressRequest, ctx: EmulatorContext): AuthorizeSecurityGroupIngressResult {
  return authorize(ctx, input.GroupId, input.GroupName, permissionsOf(input), false);
}

export function authorizeSecurityGroupEgress(input: AuthorizeSecurityGroupEgressRequest, ctx: EmulatorContext): AuthorizeSecurityGroupEgressResult {
  if (!input.GroupId) throw missingParameter("groupId");
  return authorize(ctx, input.GroupId, undefined, input.IpPermissions ?? [], true);
}

export function revokeSecurityGroupIngress(input: RevokeSecurityGroupIngressRequest, ctx: EmulatorContext): RevokeSecurityGroupIngressResult {
  const group = requireGroup(ctx, input.GroupId, input.GroupName);
  return revoke(ctx, group, input.SecurityGroupRuleIds?.length ? undefined : permissionsOf(input), input.SecurityGroupRuleIds, false);
}

export function revokeSecurityGroupEgress(input: RevokeSecurityGroupEgressRequest, ctx: EmulatorContext): RevokeSecurityGroupEgressResult {
  const group = requireGroup(ctx, input.GroupId);
  return revoke(ctx, group, input.IpPermissions, input.SecurityGroupRuleIds, true);
}

export function createSecurityGroup(input: CreateSecurityGroupRequest, ctx: EmulatorContext): CreateSecurityGroupResult {
  if (!input.GroupName) throw missingParameter("groupName");
  if (!input.Description) throw missingParameter("groupDescription");
  if (input.GroupName.length > 255 || input.GroupName.startsWith("sg-")) {
    throw invalidValue("groupName", input.GroupName, "Group names have at most 255 characters and may not start with sg-.");
  }
  if (input.Description.length > 255) throw invalidValue("groupDescription", input.Description, "Descriptions have at most 255 characters.");
  const vpcId = input.VpcId ?? [...ctx.store.vpcs.values()].find((v) => v.IsDefault)?.VpcId;
  if (!vpcId) throw ec2Error("VPCIdNotSpecified", "No default VPC for this user");
  const vpc = requireResource(ctx.store.vpcs, "vpc", vpcId, "vpcId");
  if (input.GroupName === "default") throw ec2Error("InvalidGroup.Reserved", "The security group 'default' is reserved");
  if (liveSecurityGroups(ctx).some((g) => g.VpcId === vpc.VpcId && g.GroupName === input.GroupName)) {
    throw ec2Error("InvalidGroup.Duplicate", `The security group '${input.GroupName}' already exists for VPC '${vpc.VpcId}'`);
  }
  const tags = tagsFromSpecifications(input.TagSpecifications, "security-group");
  const group = addSecurityGroup(ctx, { vpcId: vpc.VpcId, name: input.GroupName, description: input.Description, tags });
  return {
    GroupId: group.GroupId,
    SecurityGroupArn: `arn:aws:ec2:${ctx.region}:${ctx.accountId}:security-group/${group.GroupId}`,
    Tags: tagList(group.tags),
  };
}

export function deleteSecurityGroup(input: DeleteSecurityGroupRequest, ctx: EmulatorContext): DeleteSecurityGroupResult {
  const group = requireGroup(ctx, input.GroupId, input.GroupName);
  if (group.GroupName === "default") {
    throw ec2Error("CannotDelete", `the specified group: "${group.GroupId}" name: "default" cannot be deleted by a user`);
  }
  const referenced = liveSecurityGroups(ctx).some(
    (g) => g !== group && [...g.ingress, ...g.egress].some((r) => r.ReferencedGroupId === group.GroupId),
  );
  if (group.directoryId || referenced) throw ec2Error("DependencyViolation", `resource ${group.GroupId} has a dependent object`);
  ctx.store.delete("securityGroups", group.GroupId);
  return { Return: true, GroupId: group.GroupId };
}

function permissionsView(rules: SecurityGroupRuleRecord[], ctx: EmulatorContext): IpPermission[] {
  const grouped = new Map<string, IpPermission>();
  for (const rule of rules) {
    const key = `${rule.IpProtocol}|${rule.FromPort}|${rule.ToPort}`;
    let permission = grouped.get(key);
    if (!permission) {
      permission = {
        IpProtocol: rule.IpProtocol,
        ...(rule.FromPort !== undefined ? { FromPort: rule.FromPort, ToPort: rule.ToPort } : {}),
        IpRanges: [],
        Ipv6Ranges: [],
        PrefixListIds: [],
        UserIdGroupPairs: [],
      };
      grouped.set(key, permission);
    }
    if (rule.CidrIpv4) permission.IpRanges!.push({ CidrIp: rule.CidrIpv4, ...(rule.Description ? { Description: rule.Description } : {}) });
    else permission.UserIdGroupPairs!.push({ GroupId: rule.ReferencedGroupId, UserId: ctx.accountId, ...(rule.Description ? { Description: rule.Description } : {}) });
  }
  return [...grouped.values()];
}

function groupView(ctx: EmulatorContext, group: SecurityGroupRecord): SecurityGroup {
  return {
    GroupId: group.GroupId,
    GroupName: group.GroupName,
    Description: group.Description,
    VpcId: group.VpcId,
    OwnerId: ctx.accountId,
    SecurityGroupArn: `arn:aws:ec2:${ctx.region}:${ctx.accountId}:security-group/${group.GroupId}`,
    IpPermissions: permissionsView(group.ingress, ctx),
    IpPermissionsEgress: permissionsView(group.egress, ctx),
    Tags: tagList(group.tags),
  };
}

export function describeSecurityGroups(input: DescribeSecurityGroupsRequest, ctx: EmulatorContext): DescribeSecurityGroupsResult {
  const live = liveSecurityGroups(ctx);
  let groups = requireAll(ctx.store.securityGroups, "sg", input.GroupIds, "groupId") ?? live;
  if (input.GroupNames && input.GroupNames.length > 0) {
    const names = input.GroupNames;
    for (const name of names) requireGroup(ctx, undefined, name);
    groups = groups.filter((g) => names.includes(g.GroupName) && ctx.store.vpcs.get(g.VpcId)?.IsDefault);
  }
  const cidrs = (rules: SecurityGroupRuleRecord[]) => rules.map((r) => r.CidrIpv4);
  groups = applyFilters(groups, input.Filters, {
    "group-id": (g) => g.GroupId,
    "group-name": (g) => g.GroupName,
    description: (g) => g.Description,
    "vpc-id": (g) => g.VpcId,
    "owner-id": () => ctx.accountId,
    "ip-permission.cidr": (g) => cidrs(g.ingress),
    "ip-permission.from-port": (g) => g.ingress.map((r) => r.FromPort),
    "ip-permission.to-port": (g) => g.ingress.map((r) => r.ToPort),
    "ip-permission.protocol": (g) => g.ingress.map((r) => r.IpProtocol),
    "ip-permission.group-id": (g) => g.ingress.map((r) => r.ReferencedGroupId),
    "egress.ip-permission.cidr": (g) => cidrs(g.egress),
    "egress.ip-permission.protocol": (g) => g.egress.map((r) => r.IpProtocol),
    tag: (g) => tagFilterValues(g.tags),
  });
  const explicit = (input.GroupIds?.length ?? 0) > 0 || (input.GroupNames?.length ?? 0) > 0;
  const page = pageOf(groups, input, { scope: "DescribeSecurityGroups", max: 1000, idsParameter: "groupIds", idsGiven: explicit });
  return { SecurityGroups: page.items.map((g) => groupView(ctx, g)), ...(page.NextToken ? { NextToken: page.NextToken } : {}) };
}
