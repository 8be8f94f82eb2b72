// The network the portal creates for a quick set-up (VPC, two subnets, internet gateway, default
// route) and removes at clean-up, and DeleteDirectory. Everything the portal creates carries
// PORTAL_CREATED_TAG and QUICK_SETUP_TAG, so a resumed job finds what an earlier try made (EC2 has
// client tokens for few of these calls) and a clean-up never touches a network it did not create.

import { DeleteDirectoryCommand } from "@aws-sdk/client-directory-service";
import {
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  CreateRouteCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DeleteInternetGatewayCommand,
  DeleteRouteCommand,
  DeleteSubnetCommand,
  DeleteVpcCommand,
  DescribeAvailabilityZonesCommand,
  DescribeInternetGatewaysCommand,
  DescribeRouteTablesCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  DetachInternetGatewayCommand,
  type Filter,
  type ResourceType,
  type Tag,
} from "@aws-sdk/client-ec2";
import type { CallLog } from "./call-log";
import type { AwsClients } from "./clients";
import type { AwsFailure } from "./errors";
import { invokeAws } from "./invoke";

/** On every resource the portal creates. */
export const PORTAL_CREATED_TAG = "portal:created-by";
export const PORTAL_CREATED_VALUE = "workspaces-portal";
/** The quick set-up (its operation id) that created the resource. */
export const QUICK_SETUP_TAG = "portal:quick-setup-id";
/** Which of the set-up's two subnets ("a" or "b"). */
export const SUBNET_ROLE_TAG = "portal:subnet";

export const DEFAULT_ROUTE = "0.0.0.0/0";

type Result<T> = ({ ok: true; requestId?: string } & T) | AwsFailure;
/** A delete that found nothing to delete (already gone) is what it aimed for. */
type DeleteResult = { ok: true; requestId?: string; alreadyGone: boolean } | AwsFailure;

export interface PortalVpc {
  vpcId: string;
  cidrBlock: string;
  tags: Record<string, string>;
}
export interface PortalSubnet {
  subnetId: string;
  vpcId: string;
  cidrBlock: string;
  availabilityZone: string;
  tags: Record<string, string>;
}
export interface PortalGateway {
  internetGatewayId: string;
  attachedVpcIds: string[];
  tags: Record<string, string>;
}
export interface RouteTableInfo {
  routeTableId: string;
  main: boolean;
  routes: { destination: string; gatewayId?: string }[];
}

const tagMap = (tags: Tag[] | undefined) => Object.fromEntries((tags ?? []).map((t) => [t.Key ?? "", t.Value ?? ""]));
export const isPortalCreated = (tags: Record<string, string>) => tags[PORTAL_CREATED_TAG] === PORTAL_CREATED_VALUE;

export type PortalNetworkApi = ReturnType<typeof createPortalNetworkApi>;

export function createPortalNetworkApi({ clients, callLog }: { clients: AwsClients; callLog: CallLog }) {
  const region = clients.region;
  const read = <T extends { $metadata: object }>(operation: string, send: () => Promise<T>) =>
    invokeAws({ callLog, service: "ec2", region, operation, mutating: false }, send as never) as Promise<{ ok: true; output: T; requestId?: string } | AwsFailure>;
  const change = <T extends { $metadata: object }>(operation: string, operationId: string, send: () => Promise<T>) =>
    invokeAws({ callLog, service: "ec2", region, operation, mutating: true, operationIds: [operationId], itemCount: 1 }, send as never) as Promise<
      { ok: true; output: T; requestId?: string } | AwsFailure
    >;
  const tagSpec = (type: ResourceType, setupId: string, extra: Tag[] = []) => [
    {
      ResourceType: type,
      Tags: [{ Key: PORTAL_CREATED_TAG, Value: PORTAL_CREATED_VALUE }, { Key: QUICK_SETUP_TAG, Value: setupId }, { Key: "Name", Value: `portal-quick-setup-${setupId}` }, ...extra],
    },
  ];
  const bySetup = (setupId: string): Filter[] => [{ Name: `tag:${QUICK_SETUP_TAG}`, Values: [setupId] }];
  /** A 4xx saying the resource does not exist: a delete already done. */
  const gone = (r: AwsFailure) => r.kind === "client" && /NotFound/.test(r.code);

  return {
    region,

    /** Available zones with their ids (WorkSpaces' supported zones are listed by id). */
    async zones(): Promise<Result<{ zones: { name: string; id: string }[] }>> {
      const r = await read("DescribeAvailabilityZones", () => clients.ec2.send(new DescribeAvailabilityZonesCommand({})));
      if (!r.ok) return r;
      return { ok: true, zones: (r.output.AvailabilityZones ?? []).filter((z) => z.State === "available").map((z) => ({ name: z.ZoneName ?? "", id: z.ZoneId ?? "" })) };
    },

    async findVpcs(filter: { setupId?: string; vpcIds?: string[] }): Promise<Result<{ vpcs: PortalVpc[] }>> {
      const r = await read("DescribeVpcs", () =>
        clients.ec2.send(new DescribeVpcsCommand({ VpcIds: filter.vpcIds, Filters: filter.setupId ? bySetup(filter.setupId) : undefined })),
      );
      if (!r.ok) return gone(r) ? { ok: true, vpcs: [] } : r;
      return { ok: true, vpcs: (r.output.Vpcs ?? []).map((v) => ({ vpcId: v.VpcId ?? "", cidrBlock: v.CidrBlock ?? "", tags: tagMap(v.Tags) })) };
    },

    async findSubnets(filter: { setupId?: string; vpcId?: string }): Promise<Result<{ subnets: PortalSubnet[] }>> {
      const filters = [...(filter.setupId ? bySetup(filter.setupId) : []), ...(filter.vpcId ? [{ Name: "vpc-id", Values: [filter.vpcId] }] : [])];
      const r = await read("DescribeSubnets", () => clients.ec2.send(new DescribeSubnetsCommand({ Filters: filters })));
      if (!r.ok) return r;
      return {
        ok: true,
        subnets: (r.output.Subnets ?? []).map((s) => ({
          subnetId: s.SubnetId ?? "",
          vpcId: s.VpcId ?? "",
          cidrBlock: s.CidrBlock ?? "",
          availabilityZone: s.AvailabilityZone ?? "",
          tags: tagMap(s.Tags),
        })),
      };
    },

    async findInternetGateways(filter: { setupId?: string; vpcId?: string }): Promise<Result<{ gateways: PortalGateway[] }>> {
      const filters = [...(filter.setupId ? bySetup(filter.setupId) : []), ...(filter.vpcId ? [{ Name: "attachment.vpc-id", Values: [filter.vpcId] }] : [])];
      const r = await read("DescribeInternetGateways", () => clients.ec2.send(new DescribeInternetGatewaysCommand({ Filters: filters })));
      if (!r.ok) return r;
      return {
        ok: true,
        gateways: (r.output.InternetGateways ?? []).map((g) => ({
          internetGatewayId: g.InternetGatewayId ?? "",
          attachedVpcIds: (g.Attachments ?? []).map((a) => a.VpcId ?? "").filter(Boolean),
          tags: tagMap(g.Tags),
        })),
      };
    },

    async routeTables(vpcId: string): Promise<Result<{ tables: RouteTableInfo[] }>> {
      const r = await read("DescribeRouteTables", () => clients.ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: "vpc-id", Values: [vpcId] }] })));
      if (!r.ok) return r;
      return {
        ok: true,
        tables: (r.output.RouteTables ?? []).map((t) => ({
          routeTableId: t.RouteTableId ?? "",
          main: (t.Associations ?? []).some((a) => a.Main),
          routes: (t.Routes ?? []).map((x) => ({ destination: x.DestinationCidrBlock ?? "", gatewayId: x.GatewayId })),
        })),
      };
    },

    async createVpc(setupId: string, cidrBlock: string): Promise<Result<{ vpcId: string }>> {
      const r = await change("CreateVpc", setupId, () => clients.ec2Mutations.send(new CreateVpcCommand({ CidrBlock: cidrBlock, TagSpecifications: tagSpec("vpc", setupId) })));
      return r.ok ? { ok: true, vpcId: r.output.Vpc?.VpcId ?? "", requestId: r.requestId } : r;
    },

    async createSubnet(setupId: string, input: { vpcId: string; cidrBlock: string; availabilityZone: string; role: "a" | "b" }): Promise<Result<{ subnetId: string }>> {
      const r = await change("CreateSubnet", setupId, () =>
        clients.ec2Mutations.send(
          new CreateSubnetCommand({
            VpcId: input.vpcId,
            CidrBlock: input.cidrBlock,
            AvailabilityZone: input.availabilityZone,
            TagSpecifications: tagSpec("subnet", setupId, [{ Key: SUBNET_ROLE_TAG, Value: input.role }]),
          }),
        ),
      );
      return r.ok ? { ok: true, subnetId: r.output.Subnet?.SubnetId ?? "", requestId: r.requestId } : r;
    },

    async createInternetGateway(setupId: string): Promise<Result<{ internetGatewayId: string }>> {
      const r = await change("CreateInternetGateway", setupId, () =>
        clients.ec2Mutations.send(new CreateInternetGatewayCommand({ TagSpecifications: tagSpec("internet-gateway", setupId) })),
      );
      return r.ok ? { ok: true, internetGatewayId: r.output.InternetGateway?.InternetGatewayId ?? "", requestId: r.requestId } : r;
    },

    async attachInternetGateway(setupId: string, internetGatewayId: string, vpcId: string): Promise<Result<object>> {
      const r = await change("AttachInternetGateway", setupId, () =>
        clients.ec2Mutations.send(new AttachInternetGatewayCommand({ InternetGatewayId: internetGatewayId, VpcId: vpcId })),
      );
      return r.ok ? { ok: true, requestId: r.requestId } : r;
    },

    async createDefaultRoute(setupId: string, routeTableId: string, internetGatewayId: string): Promise<Result<object>> {
      const r = await change("CreateRoute", setupId, () =>
        clients.ec2Mutations.send(new CreateRouteCommand({ RouteTableId: routeTableId, DestinationCidrBlock: DEFAULT_ROUTE, GatewayId: internetGatewayId })),
      );
      // RouteAlreadyExists: a lost answer's route, the one this call wanted.
      if (!r.ok && r.code === "RouteAlreadyExists") return { ok: true };
      return r.ok ? { ok: true, requestId: r.requestId } : r;
    },

    async deleteDefaultRoute(jobId: string, routeTableId: string): Promise<DeleteResult> {
      const r = await change("DeleteRoute", jobId, () => clients.ec2Mutations.send(new DeleteRouteCommand({ RouteTableId: routeTableId, DestinationCidrBlock: DEFAULT_ROUTE })));
      if (!r.ok) return gone(r) ? { ok: true, alreadyGone: true } : r;
      return { ok: true, requestId: r.requestId, alreadyGone: false };
    },

    async detachInternetGateway(jobId: string, internetGatewayId: string, vpcId: string): Promise<DeleteResult> {
      const r = await change("DetachInternetGateway", jobId, () =>
        clients.ec2Mutations.send(new DetachInternetGatewayCommand({ InternetGatewayId: internetGatewayId, VpcId: vpcId })),
      );
      if (!r.ok) return gone(r) || r.code === "Gateway.NotAttached" ? { ok: true, alreadyGone: true } : r;
      return { ok: true, requestId: r.requestId, alreadyGone: false };
    },

    async deleteInternetGateway(jobId: string, internetGatewayId: string): Promise<DeleteResult> {
      const r = await change("DeleteInternetGateway", jobId, () => clients.ec2Mutations.send(new DeleteInternetGatewayCommand({ InternetGatewayId: internetGatewayId })));
      if (!r.ok) return gone(r) ? { ok: true, alreadyGone: true } : r;
      return { ok: true, requestId: r.requestId, alreadyGone: false };
    },

    async deleteSubnet(jobId: string, subnetId: string): Promise<DeleteResult> {
      const r = await change("DeleteSubnet", jobId, () => clients.ec2Mutations.send(new DeleteSubnetCommand({ SubnetId: subnetId })));
      if (!r.ok) return gone(r) ? { ok: true, alreadyGone: true } : r;
      return { ok: true, requestId: r.requestId, alreadyGone: false };
    },

    async deleteVpc(jobId: string, vpcId: string): Promise<DeleteResult> {
      const r = await change("DeleteVpc", jobId, () => clients.ec2Mutations.send(new DeleteVpcCommand({ VpcId: vpcId })));
      if (!r.ok) return gone(r) ? { ok: true, alreadyGone: true } : r;
      return { ok: true, requestId: r.requestId, alreadyGone: false };
    },

    async deleteDirectory(jobId: string, directoryId: string): Promise<DeleteResult> {
      const r = await invokeAws({ callLog, service: "ds", region, operation: "DeleteDirectory", mutating: true, operationIds: [jobId], itemCount: 1 }, () =>
        clients.directoryServiceMutations.send(new DeleteDirectoryCommand({ DirectoryId: directoryId })),
      );
      if (!r.ok) return r.code === "EntityDoesNotExistException" ? { ok: true, alreadyGone: true } : r;
      return { ok: true, requestId: r.requestId, alreadyGone: false };
    },
  };
}
