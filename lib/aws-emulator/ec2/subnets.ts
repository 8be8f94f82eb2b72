/**
 * Subnets: CreateSubnet (inside its VPC's block, /16 to /28, not overlapping another subnet of the
 * VPC, in an existing Availability Zone), DescribeSubnets, DeleteSubnet (refused while a directory,
 * a WorkSpaces registration or a desktop uses it), ModifySubnetAttribute (public IPs on launch).
 */
import type {
  CreateSubnetRequest,
  CreateSubnetResult,
  DeleteSubnetRequest,
  DescribeSubnetsRequest,
  DescribeSubnetsResult,
  ModifySubnetAttributeRequest,
  Subnet,
} from "@aws-sdk/client-ec2";
import { allLiveDirectories, liveRegistration } from "../directory-service/directory-lifecycle";
import type { EmulatorContext } from "../emulator-context";
import { newEc2Id } from "../ids";
import { cidrContains, cidrsOverlap, readCidr } from "../network";
import type { SubnetRecord } from "../records";
import { liveWorkspace } from "../workspaces/workspace-lifecycle";
import { zoneByNameOrId, zonesOf } from "./availability-zones";
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
import { liveRouteTables } from "./route-tables";

/** AWS's default quota of subnets per VPC. */
export const SUBNETS_PER_VPC = 200;

/** Addresses taken in a subnet: directory controllers and desktops (AWS reserves 5 more). */
function usedAddresses(ctx: EmulatorContext, subnet: SubnetRecord): number {
  let used = 0;
  for (const dir of allLiveDirectories(ctx)) if (dir.SubnetIds.includes(subnet.SubnetId)) used += 1;
  for (const ws of ctx.store.workspaces.values()) if (ws.SubnetId === subnet.SubnetId && ws.state !== "TERMINATED") used += 1;
  return used;
}

export function subnetView(ctx: EmulatorContext, subnet: SubnetRecord): Subnet {
  const block = readCidr(subnet.CidrBlock)!;
  const zone = zoneByNameOrId(ctx, subnet.AvailabilityZone);
  return {
    SubnetId: subnet.SubnetId,
    SubnetArn: `arn:aws:ec2:${ctx.region}:${ctx.accountId}:subnet/${subnet.SubnetId}`,
    VpcId: subnet.VpcId,
    State: "available",
    CidrBlock: subnet.CidrBlock,
    AvailabilityZone: subnet.AvailabilityZone,
    AvailabilityZoneId: zone?.id,
    AvailableIpAddressCount: Math.max(0, block.size - 5 - usedAddresses(ctx, subnet)),
    DefaultForAz: subnet.DefaultForAz === true,
    MapPublicIpOnLaunch: subnet.MapPublicIpOnLaunch === true,
    MapCustomerOwnedIpOnLaunch: false,
    AssignIpv6AddressOnCreation: false,
    Ipv6CidrBlockAssociationSet: [],
    Ipv6Native: false,
    EnableDns64: false,
    OwnerId: ctx.accountId,
    PrivateDnsNameOptionsOnLaunch: { HostnameType: "ip-name", EnableResourceNameDnsARecord: false, EnableResourceNameDnsAAAARecord: false },
    Tags: tagList(subnet.tags),
  };
}

export function createSubnet(input: CreateSubnetRequest, ctx: EmulatorContext): CreateSubnetResult {
  const vpc = requireResource(ctx.store.vpcs, "vpc", input.VpcId, "vpcId");
  if (input.CidrBlock === undefined) throw missingParameter("cidrBlock");
  const block = readCidr(input.CidrBlock);
  if (!block) throw invalidValue("cidrBlock", input.CidrBlock, "This is not a valid CIDR block.");
  const vpcBlock = readCidr(vpc.CidrBlock)!;
  if (block.bits < 16 || block.bits > 28 || !cidrContains(vpcBlock, block)) {
    throw ec2Error("InvalidSubnet.Range", `The CIDR '${input.CidrBlock}' is invalid.`);
  }
  const siblings = [...ctx.store.subnets.values()].filter((s) => s.VpcId === vpc.VpcId);
  if (siblings.some((s) => cidrsOverlap(readCidr(s.CidrBlock)!, block))) {
    throw ec2Error("InvalidSubnet.Conflict", `The CIDR '${input.CidrBlock}' conflicts with another subnet`);
  }
  const wanted = input.AvailabilityZone ?? input.AvailabilityZoneId;
  let zone = wanted === undefined ? zonesOf(ctx.region)[siblings.length % zonesOf(ctx.region).length] : zoneByNameOrId(ctx, wanted);
  if (input.AvailabilityZone && input.AvailabilityZoneId && zone?.id !== input.AvailabilityZoneId) zone = undefined;
  if (!zone) {
    throw invalidValue(
      input.AvailabilityZone ? "availabilityZone" : "availabilityZoneId",
      wanted,
      `Subnets can currently only be created in the following availability zones: ${zonesOf(ctx.region)
        .map((z) => z.name)
        .join(", ")}.`,
    );
  }
  if (siblings.length >= SUBNETS_PER_VPC) throw ec2Error("SubnetLimitExceeded", "The maximum number of subnets has been reached.");
  const tags = tagsFromSpecifications(input.TagSpecifications, "subnet");
  const subnet: SubnetRecord = {
    SubnetId: newEc2Id("subnet"),
    VpcId: vpc.VpcId,
    AvailabilityZone: zone.name,
    CidrBlock: input.CidrBlock,
    DefaultForAz: false,
    MapPublicIpOnLaunch: false,
    tags,
    seq: ctx.store.nextSeq(),
  };
  ctx.store.put("subnets", subnet.SubnetId, subnet);
  return { Subnet: { ...subnetView(ctx, subnet), State: "pending" } };
}

export function describeSubnets(input: DescribeSubnetsRequest, ctx: EmulatorContext): DescribeSubnetsResult {
  const explicit = requireAll(ctx.store.subnets, "subnet", input.SubnetIds, "subnetId");
  const subnets = applyFilters(explicit ?? bySeq(ctx.store.subnets.values()), input.Filters, {
    "subnet-id": (s) => s.SubnetId,
    "vpc-id": (s) => s.VpcId,
    "availability-zone": (s) => s.AvailabilityZone,
    "availability-zone-id": (s) => zoneByNameOrId(ctx, s.AvailabilityZone)?.id,
    "cidr-block": (s) => s.CidrBlock,
    cidr: (s) => s.CidrBlock,
    cidrBlock: (s) => s.CidrBlock,
    "default-for-az": (s) => s.DefaultForAz === true,
    defaultForAz: (s) => s.DefaultForAz === true,
    "map-public-ip-on-launch": (s) => s.MapPublicIpOnLaunch === true,
    state: () => "available",
    "owner-id": () => ctx.accountId,
    tag: (s) => tagFilterValues(s.tags),
  });
  const page = pageOf(subnets, input, { scope: "DescribeSubnets", max: 1000, idsParameter: "subnetIds", idsGiven: explicit !== undefined });
  return { Subnets: page.items.map((s) => subnetView(ctx, s)), ...(page.NextToken ? { NextToken: page.NextToken } : {}) };
}

/** Why a subnet cannot be deleted now (a directory, a WorkSpaces registration or a desktop in it). */
function subnetInUse(ctx: EmulatorContext, subnetId: string): boolean {
  const now = ctx.now();
  for (const dir of allLiveDirectories(ctx)) {
    if (dir.SubnetIds.includes(subnetId)) return true;
    const registration = liveRegistration(dir, now);
    if (registration?.reg.SubnetIds.includes(subnetId)) return true;
  }
  for (const ws of [...ctx.store.workspaces.values()]) {
    if (ws.SubnetId !== subnetId) continue;
    const live = liveWorkspace(ctx, ws.WorkspaceId);
    if (live && live.state !== "TERMINATED") return true;
  }
  return false;
}

export function deleteSubnet(input: DeleteSubnetRequest, ctx: EmulatorContext): object {
  const subnet = requireResource(ctx.store.subnets, "subnet", input.SubnetId, "subnetId");
  if (subnetInUse(ctx, subnet.SubnetId)) {
    throw ec2Error("DependencyViolation", `The subnet '${subnet.SubnetId}' has dependencies and cannot be deleted.`);
  }
  // Deleting a subnet drops its route table association with it.
  for (const table of liveRouteTables(ctx)) {
    const before = table.associations.length;
    table.associations = table.associations.filter((a) => a.SubnetId !== subnet.SubnetId);
    if (table.associations.length !== before) ctx.store.touch("routeTables", table.RouteTableId);
  }
  ctx.store.delete("subnets", subnet.SubnetId);
  return {};
}

export function modifySubnetAttribute(input: ModifySubnetAttributeRequest, ctx: EmulatorContext): object {
  const subnet = requireResource(ctx.store.subnets, "subnet", input.SubnetId, "subnetId");
  if (input.MapPublicIpOnLaunch?.Value === undefined) {
    throw ec2Error("UnsupportedOperation", "The emulator changes MapPublicIpOnLaunch only.");
  }
  subnet.MapPublicIpOnLaunch = input.MapPublicIpOnLaunch.Value;
  ctx.store.touch("subnets", subnet.SubnetId);
  return {};
}
