/**
 * Route tables: each VPC's main table (its subnets use it unless associated elsewhere), custom
 * tables with a local route for the VPC's block, routes to an internet gateway of the same VPC
 * (a blackhole once the gateway is detached), subnet associations, and deletion rules (never the
 * main table, never a table still associated).
 */
import type {
  AssociateRouteTableRequest,
  AssociateRouteTableResult,
  CreateRouteRequest,
  CreateRouteResult,
  CreateRouteTableRequest,
  CreateRouteTableResult,
  DeleteRouteRequest,
  DeleteRouteTableRequest,
  DescribeRouteTablesRequest,
  DescribeRouteTablesResult,
  DisassociateRouteTableRequest,
  RouteTable,
} from "@aws-sdk/client-ec2";
import type { EmulatorContext } from "../emulator-context";
import { newEc2Id } from "../ids";
import { cidrContains, readCidr } from "../network";
import type { RouteTableRecord, VpcRecord } from "../records";
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

export const liveRouteTables = (ctx: EmulatorContext): RouteTableRecord[] => bySeq(ctx.store.routeTables.values());

export function addRouteTable(ctx: EmulatorContext, vpc: VpcRecord, options: { main?: boolean; id?: string; tags?: RouteTableRecord["tags"] } = {}): RouteTableRecord {
  const table: RouteTableRecord = {
    RouteTableId: options.id ?? newEc2Id("rtb"),
    VpcId: vpc.VpcId,
    main: options.main === true,
    ...(options.main ? { mainAssociationId: newEc2Id("rtbassoc") } : {}),
    routes: [{ DestinationCidrBlock: vpc.CidrBlock, GatewayId: "local" }],
    associations: [],
    tags: options.tags ?? [],
    seq: ctx.store.nextSeq(),
  };
  ctx.store.put("routeTables", table.RouteTableId, table);
  return table;
}

function routeTableView(ctx: EmulatorContext, table: RouteTableRecord): RouteTable {
  const attached = (gatewayId: string) => ctx.store.internetGateways.get(gatewayId)?.attachedVpcId === table.VpcId;
  return {
    RouteTableId: table.RouteTableId,
    VpcId: table.VpcId,
    OwnerId: ctx.accountId,
    Routes: table.routes.map((r) => ({
      DestinationCidrBlock: r.DestinationCidrBlock,
      GatewayId: r.GatewayId,
      Origin: r.GatewayId === "local" ? "CreateRouteTable" : "CreateRoute",
      State: r.GatewayId === "local" || attached(r.GatewayId) ? "active" : "blackhole",
    })),
    Associations: [
      ...(table.main
        ? [{ Main: true, RouteTableAssociationId: table.mainAssociationId, RouteTableId: table.RouteTableId, AssociationState: { State: "associated" as const } }]
        : []),
      ...table.associations.map((a) => ({
        Main: false,
        RouteTableAssociationId: a.RouteTableAssociationId,
        RouteTableId: table.RouteTableId,
        SubnetId: a.SubnetId,
        AssociationState: { State: "associated" as const },
      })),
    ],
    PropagatingVgws: [],
    Tags: tagList(table.tags),
  };
}

export function createRouteTable(input: CreateRouteTableRequest, ctx: EmulatorContext): CreateRouteTableResult {
  const vpc = requireResource(ctx.store.vpcs, "vpc", input.VpcId, "vpcId");
  const tags = tagsFromSpecifications(input.TagSpecifications, "route-table");
  const table = addRouteTable(ctx, vpc, { tags });
  return { RouteTable: routeTableView(ctx, table) };
}

export function createRoute(input: CreateRouteRequest, ctx: EmulatorContext): CreateRouteResult {
  const table = requireResource(ctx.store.routeTables, "rtb", input.RouteTableId, "routeTableId");
  if (input.DestinationCidrBlock === undefined) {
    if (input.DestinationIpv6CidrBlock || input.DestinationPrefixListId) throw ec2Error("UnsupportedOperation", "The emulator supports IPv4 destinations only.");
    throw missingParameter("destinationCidrBlock");
  }
  const destination = readCidr(input.DestinationCidrBlock);
  if (!destination) throw invalidValue("destinationCidrBlock", input.DestinationCidrBlock, "This is not a valid CIDR block.");
  if (!input.GatewayId) throw ec2Error("UnsupportedOperation", "The emulator supports routes to an internet gateway (GatewayId) only.");
  const gateway = requireResource(ctx.store.internetGateways, "igw", input.GatewayId, "gatewayId");
  if (gateway.attachedVpcId !== table.VpcId) {
    throw ec2Error("InvalidParameterValue", `route table ${table.RouteTableId} and network gateway ${gateway.InternetGatewayId} belong to different networks`);
  }
  const vpc = ctx.store.vpcs.get(table.VpcId)!;
  if (cidrContains(readCidr(vpc.CidrBlock)!, destination)) {
    throw ec2Error(
      "InvalidParameterValue",
      `The destination CIDR block ${input.DestinationCidrBlock} is equal to or more specific than one of this VPC's CIDR blocks. This route can target only an interface or an instance.`,
    );
  }
  const normalized = `${[destination.base >>> 24, (destination.base >>> 16) & 255, (destination.base >>> 8) & 255, destination.base & 255].join(".")}/${destination.bits}`;
  if (table.routes.some((r) => r.DestinationCidrBlock === normalized)) {
    throw ec2Error("RouteAlreadyExists", `The route identified by ${normalized} already exists.`);
  }
  table.routes.push({ DestinationCidrBlock: normalized, GatewayId: gateway.InternetGatewayId });
  ctx.store.touch("routeTables", table.RouteTableId);
  return { Return: true };
}

export function deleteRoute(input: DeleteRouteRequest, ctx: EmulatorContext): object {
  const table = requireResource(ctx.store.routeTables, "rtb", input.RouteTableId, "routeTableId");
  if (input.DestinationCidrBlock === undefined) throw missingParameter("destinationCidrBlock");
  const route = table.routes.find((r) => r.DestinationCidrBlock === input.DestinationCidrBlock);
  if (!route) {
    throw ec2Error("InvalidRoute.NotFound", `no route with destination-cidr-block ${input.DestinationCidrBlock} in route table ${table.RouteTableId}`);
  }
  if (route.GatewayId === "local") {
    throw ec2Error("InvalidParameterValue", `cannot remove local route ${route.DestinationCidrBlock} in route table ${table.RouteTableId}`);
  }
  table.routes = table.routes.filter((r) => r !== route);
  ctx.store.touch("routeTables", table.RouteTableId);
  return {};
}

export function associateRouteTable(input: AssociateRouteTableRequest, ctx: EmulatorContext): AssociateRouteTableResult {
  const table = requireResource(ctx.store.routeTables, "rtb", input.RouteTableId, "routeTableId");
  if (input.GatewayId) throw ec2Error("UnsupportedOperation", "The emulator associates route tables with subnets only.");
  const subnet = requireResource(ctx.store.subnets, "subnet", input.SubnetId, "subnetId");
  if (subnet.VpcId !== table.VpcId) {
    throw ec2Error("InvalidParameterValue", `Route table ${table.RouteTableId} and subnet ${subnet.SubnetId} belong to different networks`);
  }
  if (liveRouteTables(ctx).some((t) => t.associations.some((a) => a.SubnetId === subnet.SubnetId))) {
    throw ec2Error("Resource.AlreadyAssociated", `the specified association for route table ${table.RouteTableId} conflicts with an existing association`);
  }
  const association = { RouteTableAssociationId: newEc2Id("rtbassoc"), SubnetId: subnet.SubnetId };
  table.associations.push(association);
  ctx.store.touch("routeTables", table.RouteTableId);
  return { AssociationId: association.RouteTableAssociationId, AssociationState: { State: "associated" } };
}

export function disassociateRouteTable(input: DisassociateRouteTableRequest, ctx: EmulatorContext): object {
  const id = input.AssociationId;
  if (!id) throw missingParameter("associationId");
  for (const table of liveRouteTables(ctx)) {
    if (table.mainAssociationId === id) {
      throw ec2Error("InvalidParameterValue", `cannot disassociate the main route table association ${id}`);
    }
    const index = table.associations.findIndex((a) => a.RouteTableAssociationId === id);
    if (index !== -1) {
      table.associations.splice(index, 1);
      ctx.store.touch("routeTables", table.RouteTableId);
      return {};
    }
  }
  throw ec2Error("InvalidAssociationID.NotFound", `The association ID '${id}' does not exist`);
}

export function deleteRouteTable(input: DeleteRouteTableRequest, ctx: EmulatorContext): object {
  const table = requireResource(ctx.store.routeTables, "rtb", input.RouteTableId, "routeTableId");
  if (table.main || table.associations.length > 0) {
    throw ec2Error("DependencyViolation", `The routeTable '${table.RouteTableId}' has dependencies and cannot be deleted.`);
  }
  ctx.store.delete("routeTables", table.RouteTableId);
  return {};
}

export function describeRouteTables(input: DescribeRouteTablesRequest, ctx: EmulatorContext): DescribeRouteTablesResult {
  const explicit = requireAll(ctx.store.routeTables, "rtb", input.RouteTableIds, "routeTableId");
  const tables = applyFilters(explicit ?? liveRouteTables(ctx), input.Filters, {
    "route-table-id": (t) => t.RouteTableId,
    "vpc-id": (t) => t.VpcId,
    "association.main": (t) => (t.main ? [true] : t.associations.length > 0 ? [false] : []),
    "association.subnet-id": (t) => t.associations.map((a) => a.SubnetId),
    "association.route-table-association-id": (t) => [t.mainAssociationId, ...t.associations.map((a) => a.RouteTableAssociationId)],
    "association.route-table-id": (t) => t.RouteTableId,
    "route.gateway-id": (t) => t.routes.map((r) => r.GatewayId),
    "route.destination-cidr-block": (t) => t.routes.map((r) => r.DestinationCidrBlock),
    "owner-id": () => ctx.accountId,
    tag: (t) => tagFilterValues(t.tags),
  });
  const page = pageOf(tables, input, { scope: "DescribeRouteTables", max: 100, idsParameter: "routeTableIds", idsGiven: explicit !== undefined });
  return { RouteTables: page.items.map((t) => routeTableView(ctx, t)), ...(page.NextToken ? { NextToken: page.NextToken } : {}) };
}
