/**
 * VPCs: CreateVpc (a /16 to /28 IPv4 block; VPC ranges may overlap, as on AWS), DescribeVpcs,
 * DeleteVpc (refused while subnets, an attached internet gateway, extra security groups or route
 * tables remain), Modify/DescribeVpcAttribute (DNS). Every VPC gets a main route table with its
 * local route and a "default" security group, which DeleteVpc removes with it. The region's default
 * VPC (172.31.0.0/16, one default /20 subnet per zone) exists from the start.
 */
import type {
  CreateVpcRequest,
  CreateVpcResult,
  DeleteVpcRequest,
  DescribeVpcAttributeRequest,
  DescribeVpcAttributeResult,
  DescribeVpcsRequest,
  DescribeVpcsResult,
  ModifyVpcAttributeRequest,
  Vpc,
} from "@aws-sdk/client-ec2";
import type { EmulatorContext } from "../emulator-context";
import { newEc2Id } from "../ids";
import { readCidr } from "../network";
import type { Tag, VpcRecord } from "../records";
import { zonesOf } from "./availability-zones";
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
import { addRouteTable, liveRouteTables } from "./route-tables";
import { addSecurityGroup, liveSecurityGroups } from "./security-groups";

/** AWS's default quota of VPCs per region (the default VPC counts). */
export const VPC_LIMIT = 5;
export const DHCP_OPTIONS_ID = "dopt-0def0000000000001";

export const DEFAULT_VPC = {
  vpcId: "vpc-0def0000000000001",
  cidr: "172.31.0.0/16",
  routeTableId: "rtb-0def0000000000001",
  securityGroupId: "sg-0def0000000000001",
  internetGatewayId: "igw-0def0000000000001",
};

/** Validates an IPv4 VPC block the way CreateVpc does. */
export function checkVpcCidr(cidr: string | undefined): void {
  if (cidr === undefined) throw missingParameter("cidrBlock");
  const block = readCidr(cidr);
  if (!block) throw invalidValue("cidrBlock", cidr, "This is not a valid CIDR block.");
  if (block.bits < 16 || block.bits > 28) throw ec2Error("InvalidVpc.Range", `The CIDR '${cidr}' is invalid.`);
}

/** Creates a VPC with its main route table and default security group (fixed ids for seeds). */
export function addVpc(
  ctx: EmulatorContext,
  spec: { cidr: string; tags?: Tag[]; isDefault?: boolean },
  ids: { vpcId?: string; routeTableId?: string; securityGroupId?: string } = {},
): VpcRecord {
  const vpc: VpcRecord = {
    VpcId: ids.vpcId ?? newEc2Id("vpc"),
    CidrBlock: spec.cidr,
    IsDefault: spec.isDefault === true,
    EnableDnsSupport: true,
    EnableDnsHostnames: spec.isDefault === true,
    CidrBlockAssociationId: newEc2Id("vpc-cidr-assoc"),
    tags: spec.tags ?? [],
    seq: ctx.store.nextSeq(),
  };
  ctx.store.put("vpcs", vpc.VpcId, vpc);
  ensureVpcDefaults(ctx, vpc, ids);
  return vpc;
}

/**
 * The main route table and default security group of a VPC, created when missing: also for VPCs
 * written by older versions or the control endpoint, which had neither.
 */
export function ensureVpcDefaults(ctx: EmulatorContext, vpc: VpcRecord, ids: { routeTableId?: string; securityGroupId?: string } = {}): void {
  const tables = [...ctx.store.routeTables.values()].filter((t) => t.VpcId === vpc.VpcId);
  if (!tables.some((t) => t.main)) addRouteTable(ctx, vpc, { main: true, id: ids.routeTableId });
  const groups = [...ctx.store.securityGroups.values()].filter((g) => g.VpcId === vpc.VpcId);
  if (!groups.some((g) => g.GroupName === "default")) {
    const group = addSecurityGroup(ctx, { vpcId: vpc.VpcId, name: "default", description: "default VPC security group", id: ids.securityGroupId });
    // The default group lets its members talk to each other and anything go out.
    group.ingress = [{ SecurityGroupRuleId: newEc2Id("sgr"), IpProtocol: "-1", ReferencedGroupId: group.GroupId }];
  }
}

/** The region's default VPC, created once per emulator state (reset brings it back). */
export function ensureDefaultNetwork(ctx: EmulatorContext): void {
  const { store } = ctx;
  if (store.meta.defaultVpcCreated) return;
  const vpc = addVpc(
    ctx,
    { cidr: DEFAULT_VPC.cidr, isDefault: true },
    { vpcId: DEFAULT_VPC.vpcId, routeTableId: DEFAULT_VPC.routeTableId, securityGroupId: DEFAULT_VPC.securityGroupId },
  );
  zonesOf(ctx.region).forEach((zone, i) => {
    const id = `subnet-0def00000000000${(0xa1 + i).toString(16)}`;
    store.put("subnets", id, {
      SubnetId: id,
      VpcId: vpc.VpcId,
      AvailabilityZone: zone.name,
      CidrBlock: `172.31.${i * 16}.0/20`,
      DefaultForAz: true,
      MapPublicIpOnLaunch: true,
      tags: [],
      seq: store.nextSeq(),
    });
  });
  store.put("internetGateways", DEFAULT_VPC.internetGatewayId, {
    InternetGatewayId: DEFAULT_VPC.internetGatewayId,
    attachedVpcId: vpc.VpcId,
    tags: [],
    seq: store.nextSeq(),
  });
  const main = liveRouteTables(ctx).find((t) => t.VpcId === vpc.VpcId && t.main)!;
  main.routes.push({ DestinationCidrBlock: "0.0.0.0/0", GatewayId: DEFAULT_VPC.internetGatewayId });
  store.touch("routeTables", main.RouteTableId);
  store.meta.defaultVpcCreated = true;
  store.touch("meta", "meta");
}

export function vpcView(ctx: EmulatorContext, vpc: VpcRecord): Vpc {
  return {
    VpcId: vpc.VpcId,
    OwnerId: ctx.accountId,
    State: "available",
    CidrBlock: vpc.CidrBlock,
    CidrBlockAssociationSet: [
      { AssociationId: vpc.CidrBlockAssociationId ?? `vpc-cidr-assoc-${vpc.VpcId.slice(4)}`, CidrBlock: vpc.CidrBlock, CidrBlockState: { State: "associated" } },
    ],
    DhcpOptionsId: DHCP_OPTIONS_ID,
    InstanceTenancy: "default",
    IsDefault: vpc.IsDefault === true,
    Tags: tagList(vpc.tags),
  };
}

export function createVpc(input: CreateVpcRequest, ctx: EmulatorContext): CreateVpcResult {
  if (input.Ipv4IpamPoolId || input.AmazonProvidedIpv6CidrBlock || input.Ipv6IpamPoolId || input.Ipv6Pool) {
    throw ec2Error("UnsupportedOperation", "The emulator supports IPv4 VPCs given by CidrBlock only.");
  }
  checkVpcCidr(input.CidrBlock);
  if (input.InstanceTenancy && input.InstanceTenancy !== "default") {
    throw ec2Error("UnsupportedOperation", "The emulator supports VPCs with default instance tenancy only.");
  }
  const tags = tagsFromSpecifications(input.TagSpecifications, "vpc");
  if (ctx.store.vpcs.size >= VPC_LIMIT) throw ec2Error("VpcLimitExceeded", "The maximum number of VPCs has been reached.");
  const block = readCidr(input.CidrBlock!)!;
  const vpc = addVpc(ctx, { cidr: `${intToIp(block.base)}/${block.bits}`, tags });
  return { Vpc: { ...vpcView(ctx, vpc), State: "pending" } };
}

function intToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
}

export function describeVpcs(input: DescribeVpcsRequest, ctx: EmulatorContext): DescribeVpcsResult {
  const explicit = requireAll(ctx.store.vpcs, "vpc", input.VpcIds, "vpcId");
  const vpcs = applyFilters(explicit ?? bySeq(ctx.store.vpcs.values()), input.Filters, {
    "vpc-id": (v) => v.VpcId,
    "cidr-block": (v) => v.CidrBlock,
    cidr: (v) => v.CidrBlock,
    "cidr-block-association.cidr-block": (v) => v.CidrBlock,
    "is-default": (v) => v.IsDefault === true,
    state: () => "available",
    "owner-id": () => ctx.accountId,
    "dhcp-options-id": () => DHCP_OPTIONS_ID,
    tag: (v) => tagFilterValues(v.tags),
  });
  const page = pageOf(vpcs, input, { scope: "DescribeVpcs", max: 1000, idsParameter: "vpcIds", idsGiven: explicit !== undefined });
  return { Vpcs: page.items.map((v) => vpcView(ctx, v)), ...(page.NextToken ? { NextToken: page.NextToken } : {}) };
}

export function deleteVpc(input: DeleteVpcRequest, ctx: EmulatorContext): object {
  const vpc = requireResource(ctx.store.vpcs, "vpc", input.VpcId, "vpcId");
  const dependencies =
    [...ctx.store.subnets.values()].some((s) => s.VpcId === vpc.VpcId) ||
    [...ctx.store.internetGateways.values()].some((g) => g.attachedVpcId === vpc.VpcId) ||
    liveSecurityGroups(ctx).some((g) => g.VpcId === vpc.VpcId && g.GroupName !== "default") ||
    liveRouteTables(ctx).some((t) => t.VpcId === vpc.VpcId && !t.main);
  if (dependencies) throw ec2Error("DependencyViolation", `The vpc '${vpc.VpcId}' has dependencies and cannot be deleted.`);
  for (const table of [...ctx.store.routeTables.values()]) if (table.VpcId === vpc.VpcId) ctx.store.delete("routeTables", table.RouteTableId);
  for (const group of [...ctx.store.securityGroups.values()]) if (group.VpcId === vpc.VpcId) ctx.store.delete("securityGroups", group.GroupId);
  ctx.store.delete("vpcs", vpc.VpcId);
  return {};
}

export function modifyVpcAttribute(input: ModifyVpcAttributeRequest, ctx: EmulatorContext): object {
  const vpc = requireResource(ctx.store.vpcs, "vpc", input.VpcId, "vpcId");
  const support = input.EnableDnsSupport?.Value;
  const hostnames = input.EnableDnsHostnames?.Value;
  const given = [support, hostnames, input.EnableNetworkAddressUsageMetrics?.Value].filter((v) => v !== undefined).length;
  // EC2 takes exactly one attribute per call.
  if (given !== 1) throw ec2Error("InvalidParameterCombination", "Fields for multiple attribute types specified: enableDnsSupport, enableDnsHostnames");
  if (hostnames === true && (support ?? vpc.EnableDnsSupport ?? true) === false) {
    throw ec2Error("InvalidParameterCombination", "DNS hostnames can only be enabled on a VPC that has DNS support enabled.");
  }
  if (support !== undefined) vpc.EnableDnsSupport = support;
  if (hostnames !== undefined) vpc.EnableDnsHostnames = hostnames;
  ctx.store.touch("vpcs", vpc.VpcId);
  return {};
}

export function describeVpcAttribute(input: DescribeVpcAttributeRequest, ctx: EmulatorContext): DescribeVpcAttributeResult {
  const vpc = requireResource(ctx.store.vpcs, "vpc", input.VpcId, "vpcId");
  if (input.Attribute === "enableDnsSupport") return { VpcId: vpc.VpcId, EnableDnsSupport: { Value: vpc.EnableDnsSupport ?? true } };
  if (input.Attribute === "enableDnsHostnames") return { VpcId: vpc.VpcId, EnableDnsHostnames: { Value: vpc.EnableDnsHostnames ?? false } };
  if (input.Attribute === "enableNetworkAddressUsageMetrics") return { VpcId: vpc.VpcId, EnableNetworkAddressUsageMetrics: { Value: false } };
  if (input.Attribute === undefined) throw missingParameter("attribute");
  throw invalidValue("attribute", input.Attribute);
}
