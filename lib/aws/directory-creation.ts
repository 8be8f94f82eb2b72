// Creating a directory, and the EC2 reads its form and checks need: the VPCs, their subnets and
// Availability Zones, and the security groups an AD Connector's traffic must pass.

import {
  ConnectDirectoryCommand,
  CreateDirectoryCommand,
  CreateMicrosoftADCommand,
  DescribeDirectoriesCommand,
} from "@aws-sdk/client-directory-service";
import {
  DescribeAvailabilityZonesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
} from "@aws-sdk/client-ec2";
import type { CallLog } from "./call-log";
import type { AwsClients } from "./clients";
import type { AwsFailure } from "./errors";
import { invokeAws } from "./invoke";

/** Tag on every directory the portal creates: the operation that asked for it. */
export const DIRECTORY_OPERATION_TAG = "portal:operation-id";

export type NewDirectorySpec =
  | { type: "SimpleAD"; name: string; shortName?: string; password: string; size: "Small" | "Large"; vpcId: string; subnetIds: string[] }
  | { type: "MicrosoftAD"; name: string; shortName?: string; password: string; edition: "Standard" | "Enterprise"; vpcId: string; subnetIds: string[] }
  | {
      type: "ADConnector";
      name: string;
      shortName?: string;
      password: string;
      size: "Small" | "Large";
      vpcId: string;
      subnetIds: string[];
      dnsIps: string[];
      customerUserName: string;
    };

export interface CreatedDirectoryInfo {
  directoryId: string;
  name: string;
  type: string;
  stage: string;
  stageReason?: string;
  vpcId?: string;
  /** The domain controllers' addresses (where LDAP answers once the directory is Active). */
  dnsIpAddresses: string[];
}

export interface VpcInfo {
  vpcId: string;
  cidrBlock: string;
  isDefault: boolean;
  name?: string;
}
export interface SubnetInfo {
  subnetId: string;
  vpcId: string;
  cidrBlock: string;
  availabilityZone: string;
  name?: string;
}
export interface IngressRule {
  protocol: string;
  fromPort?: number;
  toPort?: number;
  cidrs: string[];
  fromGroups: string[];
}
export interface SecurityGroupInfo {
  groupId: string;
  groupName: string;
  inbound: IngressRule[];
  outbound: IngressRule[];
}

type Result<T> = ({ ok: true } & T) | AwsFailure;

const nameTag = (tags: { Key?: string; Value?: string }[] | undefined) => tags?.find((t) => t.Key === "Name")?.Value || undefined;

export type DirectoryCreationApi = ReturnType<typeof createDirectoryCreationApi>;

export function createDirectoryCreationApi({ clients, callLog }: { clients: AwsClients; callLog: CallLog }) {
  const region = clients.region;
  const ec2Read = <T extends { $metadata: object }>(operation: string, send: () => Promise<T>) =>
    invokeAws({ callLog, service: "ec2", region, operation, mutating: false }, send as never) as Promise<
      { ok: true; output: T } | AwsFailure
    >;

  return {
    region,

    /** CreateDirectory / CreateMicrosoftAD / ConnectDirectory. The password goes to AWS only. */
    async createDirectory(spec: NewDirectorySpec, operationId: string, extraTags: { Key: string; Value: string }[] = []): Promise<Result<{ directoryId: string; requestId?: string }>> {
      const tags = [{ Key: DIRECTORY_OPERATION_TAG, Value: operationId }, ...extraTags];
      const vpc = { VpcId: spec.vpcId, SubnetIds: spec.subnetIds };
      const context = { callLog, service: "ds" as const, region, mutating: true, operationIds: [operationId], itemCount: 1 };
      const client = clients.directoryServiceMutations;
      const result =
        spec.type === "SimpleAD"
          ? await invokeAws({ ...context, operation: "CreateDirectory" }, () =>
              client.send(new CreateDirectoryCommand({ Name: spec.name, ShortName: spec.shortName, Password: spec.password, Size: spec.size, VpcSettings: vpc, Tags: tags })),
            )
          : spec.type === "MicrosoftAD"
            ? await invokeAws({ ...context, operation: "CreateMicrosoftAD" }, () =>
                client.send(new CreateMicrosoftADCommand({ Name: spec.name, ShortName: spec.shortName, Password: spec.password, Edition: spec.edition, VpcSettings: vpc, Tags: tags })),
              )
            : await invokeAws({ ...context, operation: "ConnectDirectory" }, () =>
                client.send(
                  new ConnectDirectoryCommand({
                    Name: spec.name,
                    ShortName: spec.shortName,
                    Password: spec.password,
                    Size: spec.size,
                    ConnectSettings: { ...vpc, CustomerDnsIps: spec.dnsIps, CustomerUserName: spec.customerUserName },
                    Tags: tags,
                  }),
                ),
              );
      if (!result.ok) return result;
      return { ok: true, directoryId: result.output.DirectoryId ?? "", requestId: result.requestId };
    },

    /** Directories by id, or every directory in the region (all pages), with stage and reason. */
    async describeDirectories(directoryIds?: string[]): Promise<Result<{ directories: CreatedDirectoryInfo[] }>> {
      const directories: CreatedDirectoryInfo[] = [];
      let nextToken: string | undefined;
      do {
        const result = await invokeAws({ callLog, service: "ds", region, operation: "DescribeDirectories", mutating: false }, () =>
          clients.directoryService.send(new DescribeDirectoriesCommand({ DirectoryIds: directoryIds, NextToken: nextToken })),
        );
        if (!result.ok) return result;
        for (const d of result.output.DirectoryDescriptions ?? []) {
          if (!d.DirectoryId) continue;
          directories.push({
            directoryId: d.DirectoryId,
            name: d.Name ?? "",
            type: d.Type ?? "",
            stage: d.Stage ?? "Unknown",
            stageReason: d.StageReason,
            vpcId: d.VpcSettings?.VpcId ?? d.ConnectSettings?.VpcId,
            dnsIpAddresses: d.DnsIpAddrs ?? [],
          });
        }
        nextToken = result.output.NextToken || undefined;
      } while (nextToken);
      return { ok: true, directories };
    },

    async describeVpcs(): Promise<Result<{ vpcs: VpcInfo[] }>> {
      const r = await ec2Read("DescribeVpcs", () => clients.ec2.send(new DescribeVpcsCommand({})));
      if (!r.ok) return r;
      return {
        ok: true,
        vpcs: (r.output.Vpcs ?? []).map((v) => ({ vpcId: v.VpcId ?? "", cidrBlock: v.CidrBlock ?? "", isDefault: v.IsDefault ?? false, name: nameTag(v.Tags) })),
      };
    },

    async describeSubnets(filter: { vpcId?: string; subnetIds?: string[] } = {}): Promise<Result<{ subnets: SubnetInfo[] }>> {
      const r = await ec2Read("DescribeSubnets", () =>
        clients.ec2.send(
          new DescribeSubnetsCommand({
            SubnetIds: filter.subnetIds,
            Filters: filter.vpcId ? [{ Name: "vpc-id", Values: [filter.vpcId] }] : undefined,
          }),
        ),
      );
      if (!r.ok) return r;
      return {
        ok: true,
        subnets: (r.output.Subnets ?? []).map((s) => ({
          subnetId: s.SubnetId ?? "",
          vpcId: s.VpcId ?? "",
          cidrBlock: s.CidrBlock ?? "",
          availabilityZone: s.AvailabilityZone ?? "",
          name: nameTag(s.Tags),
        })),
      };
    },

    async describeAvailabilityZones(): Promise<Result<{ zones: string[] }>> {
      const r = await ec2Read("DescribeAvailabilityZones", () => clients.ec2.send(new DescribeAvailabilityZonesCommand({})));
      if (!r.ok) return r;
      return { ok: true, zones: (r.output.AvailabilityZones ?? []).filter((z) => z.State === "available").map((z) => z.ZoneName ?? "") };
    },

    async describeSecurityGroups(vpcId: string): Promise<Result<{ groups: SecurityGroupInfo[] }>> {
      const r = await ec2Read("DescribeSecurityGroups", () =>
        clients.ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: "vpc-id", Values: [vpcId] }] })),
      );
      if (!r.ok) return r;
      const rules = (perms: NonNullable<NonNullable<typeof r.output.SecurityGroups>[number]["IpPermissions"]>): IngressRule[] =>
        perms.map((p) => ({
          protocol: p.IpProtocol ?? "-1",
          fromPort: p.FromPort,
          toPort: p.ToPort,
          cidrs: (p.IpRanges ?? []).map((x) => x.CidrIp ?? "").filter(Boolean),
          fromGroups: (p.UserIdGroupPairs ?? []).map((x) => x.GroupId ?? "").filter(Boolean),
        }));
      return {
        ok: true,
        groups: (r.output.SecurityGroups ?? []).map((g) => ({
          groupId: g.GroupId ?? "",
          groupName: g.GroupName ?? "",
          inbound: rules(g.IpPermissions ?? []),
          outbound: rules(g.IpPermissionsEgress ?? []),
        })),
      };
    },
  };
}
