/**
 * Directory Service: CreateDirectory (Simple AD), ConnectDirectory (AD Connector),
 * CreateMicrosoftAD, DescribeDirectories and DeleteDirectory. Simple AD and Managed AD need a VPC
 * with two subnets in different Availability Zones; a directory still registered with WorkSpaces
 * cannot be deleted.
 */
import type {
  ConnectDirectoryRequest,
  ConnectDirectoryResult,
  CreateDirectoryRequest,
  CreateDirectoryResult,
  CreateMicrosoftADRequest,
  CreateMicrosoftADResult,
  DeleteDirectoryRequest,
  DeleteDirectoryResult,
  DescribeDirectoriesRequest,
  DescribeDirectoriesResult,
  DirectoryDescription,
} from "@aws-sdk/client-directory-service";
import { AwsError } from "../aws-error";
import type { EmulatorContext } from "../emulator-context";
import { newDirectoryId, newSecurityGroupId } from "../ids";
import { ensureControllersGroup } from "../ec2/security-groups";
import { controllerAddresses } from "../network";
import { decodePagingToken, encodePagingToken } from "../paging-token";
import type { DirectoryRecord, DirectoryType } from "../records";
import type { DurationName } from "../time-scale";
import { allLiveDirectories, directoryStage, liveDirectory, liveRegistration, stageLastUpdated } from "./directory-lifecycle";

/** AWS's default quotas per region. */
const LIMITS: Record<DirectoryType, number> = { SimpleAD: 10, ADConnector: 10, MicrosoftAD: 20 };
const CREATION: Record<DirectoryType, DurationName> = {
  SimpleAD: "simpleAdCreating",
  ADConnector: "adConnectorCreating",
  MicrosoftAD: "microsoftAdCreating",
};

export const dsError = (type: string, message: string) => new AwsError(type, message);

/** Validates the VPC and subnets the way Directory Service reports problems; returns the AZs. */
function checkVpcSettings(ctx: EmulatorContext, vpcId: string, subnetIds: string[]): string[] {
  const twoSubnets = "Invalid subnet ID(s). They must correspond to two subnets in different Availability Zones.";
  if (subnetIds.length !== 2) throw dsError("InvalidParameterException", twoSubnets);
  const subnets = subnetIds.map((id) => ctx.store.subnets.get(id));
  if (subnets.some((s) => !s)) throw dsError("InvalidParameterException", twoSubnets);
  if (!ctx.store.vpcs.has(vpcId)) throw dsError("ClientException", "Invalid VPC ID.");
  if (subnets.some((s) => s!.VpcId !== vpcId)) {
    throw dsError("ClientException", `Invalid subnet ID(s). The subnets must belong to the VPC ${vpcId}.`);
  }
  if (subnets[0]!.AvailabilityZone === subnets[1]!.AvailabilityZone) {
    throw dsError("ClientException", "Invalid subnet ID(s). The two subnets must be in different Availability Zones.");
  }
  return subnets.map((s) => s!.AvailabilityZone);
}

function checkLimit(ctx: EmulatorContext, type: DirectoryType): void {
  const count = allLiveDirectories(ctx).filter((d) => d.Type === type).length;
  if (count >= LIMITS[type]) {
    throw dsError("DirectoryLimitExceededException", `Directory limit exceeded. A maximum of ${LIMITS[type]} directories of this type may be created.`);
  }
}

interface NewDirectory {
  name: string;
  shortName?: string;
  description?: string;
  type: DirectoryType;
  size?: string;
  edition?: string;
  vpcId: string;
  subnetIds: string[];
  tags?: { Key?: string; Value?: string }[];
  customerUserName?: string;
  customerDnsIps?: string[];
}

/** Creates the record and its built-in accounts; also used by the demo seed. */
export function addDirectory(
  ctx: EmulatorContext,
  spec: NewDirectory,
  options: { id?: string; now?: number; ready?: boolean; securityGroupId?: string } = {},
): DirectoryRecord {
  const now = options.now ?? ctx.now();
  const total = options.ready ? 0 : ctx.duration(CREATION[spec.type]);
  const zones = spec.subnetIds.map((id) => ctx.store.subnets.get(id)?.AvailabilityZone ?? "");
  const addresses = controllerAddresses(ctx, spec.subnetIds);
  const dir: DirectoryRecord = {
    DirectoryId: options.id ?? newDirectoryId(),
    Name: spec.name,
    ShortName: spec.shortName ?? spec.name.split(".")[0].toUpperCase(),
    ...(spec.description ? { Description: spec.description } : {}),
    Type: spec.type,
    ...(spec.size ? { Size: spec.size } : {}),
    ...(spec.edition ? { Edition: spec.edition } : {}),
    VpcId: spec.vpcId,
    SubnetIds: [...spec.subnetIds],
    AvailabilityZones: zones,
    SecurityGroupId: options.securityGroupId ?? newSecurityGroupId(),
    DnsIpAddrs: spec.type === "ADConnector" ? [...(spec.customerDnsIps ?? [])] : addresses,
    ...(spec.type === "ADConnector"
      ? { CustomerUserName: spec.customerUserName, CustomerDnsIps: [...(spec.customerDnsIps ?? [])], ConnectIps: addresses }
      : {}),
    launchTime: now,
    // "Requested" is a short prelude to "Creating".
    creatingAt: now + Math.round(total * 0.05),
    activeAt: now + total,
    tags: (spec.tags ?? []).map((t) => ({ Key: t.Key!, Value: t.Value ?? "" })),
  };
  ctx.store.put("directories", dir.DirectoryId, dir);
  ensureControllersGroup(ctx, dir);
  const builtIn = spec.type === "SimpleAD" ? "Administrator" : spec.type === "MicrosoftAD" ? "Admin" : spec.customerUserName;
  if (builtIn) ctx.store.putUser({ DirectoryId: dir.DirectoryId, UserName: builtIn, createdAt: now });
  return dir;
}

export function createDirectory(input: CreateDirectoryRequest, ctx: EmulatorContext): CreateDirectoryResult {
  if (!input.VpcSettings) throw dsError("InvalidParameterException", "VpcSettings must be specified.");
  checkVpcSettings(ctx, input.VpcSettings.VpcId!, input.VpcSettings.SubnetIds!);
  checkLimit(ctx, "SimpleAD");
  const dir = addDirectory(ctx, {
    name: input.Name!,
    shortName: input.ShortName,
    description: input.Description,
    type: "SimpleAD",
    size: input.Size,
    vpcId: input.VpcSettings.VpcId!,
    subnetIds: input.VpcSettings.SubnetIds!,
    tags: input.Tags,
  });
  return { DirectoryId: dir.DirectoryId };
}

export function createMicrosoftAD(input: CreateMicrosoftADRequest, ctx: EmulatorContext): CreateMicrosoftADResult {
  checkVpcSettings(ctx, input.VpcSettings!.VpcId!, input.VpcSettings!.SubnetIds!);
  if (input.Edition === "Hybrid") {
    throw dsError("UnsupportedOperationException", "Hybrid Edition directories are not supported by this emulator.");
  }
  checkLimit(ctx, "MicrosoftAD");
  const dir = addDirectory(ctx, {
    name: input.Name!,
    shortName: input.ShortName,
    description: input.Description,
    type: "MicrosoftAD",
    edition: input.Edition ?? "Enterprise",
    vpcId: input.VpcSettings!.VpcId!,
    subnetIds: input.VpcSettings!.SubnetIds!,
    tags: input.Tags,
  });
  return { DirectoryId: dir.DirectoryId };
}

export function connectDirectory(input: ConnectDirectoryRequest, ctx: EmulatorContext): ConnectDirectoryResult {
  const settings = input.ConnectSettings!;
  checkVpcSettings(ctx, settings.VpcId!, settings.SubnetIds!);
  if (!settings.CustomerDnsIps || settings.CustomerDnsIps.length === 0) {
    throw dsError("InvalidParameterException", "CustomerDnsIps must contain at least one DNS server address of the on-premises directory.");
  }
  checkLimit(ctx, "ADConnector");
  const dir = addDirectory(ctx, {
    name: input.Name!,
    shortName: input.ShortName,
    description: input.Description,
    type: "ADConnector",
    size: input.Size,
    vpcId: settings.VpcId!,
    subnetIds: settings.SubnetIds!,
    tags: input.Tags,
    customerUserName: settings.CustomerUserName,
    customerDnsIps: settings.CustomerDnsIps,
  });
  return { DirectoryId: dir.DirectoryId };
}

export function directoryDescription(dir: DirectoryRecord, now: number): DirectoryDescription {
  const vpc = { VpcId: dir.VpcId, SubnetIds: [...dir.SubnetIds], SecurityGroupId: dir.SecurityGroupId, AvailabilityZones: [...dir.AvailabilityZones] };
  return {
    DirectoryId: dir.DirectoryId,
    Name: dir.Name,
    ShortName: dir.ShortName,
    ...(dir.Size ? { Size: dir.Size as DirectoryDescription["Size"] } : {}),
    ...(dir.Edition ? { Edition: dir.Edition as DirectoryDescription["Edition"] } : {}),
    Alias: dir.DirectoryId,
    AccessUrl: `${dir.DirectoryId}.awsapps.com`,
    ...(dir.Description ? { Description: dir.Description } : {}),
    DnsIpAddrs: [...dir.DnsIpAddrs],
    Stage: directoryStage(dir, now),
    LaunchTime: new Date(dir.launchTime),
    StageLastUpdatedDateTime: new Date(stageLastUpdated(dir, now)),
    Type: dir.Type,
    ...(dir.Type === "ADConnector"
      ? { ConnectSettings: { ...vpc, CustomerUserName: dir.CustomerUserName, ConnectIps: [...(dir.ConnectIps ?? [])] } }
      : { VpcSettings: vpc }),
    SsoEnabled: false,
    ...(dir.Type === "MicrosoftAD" ? { DesiredNumberOfDomainControllers: 2 } : {}),
  };
}

export function describeDirectories(input: DescribeDirectoriesRequest, ctx: EmulatorContext): DescribeDirectoriesResult {
  const now = ctx.now();
  let dirs: DirectoryRecord[];
  if (input.DirectoryIds && input.DirectoryIds.length > 0) {
    dirs = input.DirectoryIds.map((id) => {
      const dir = liveDirectory(ctx, id);
      if (!dir) throw dsError("EntityDoesNotExistException", `Directory ${id} does not exist.`);
      return dir;
    });
  } else {
    dirs = allLiveDirectories(ctx);
  }
  const pageSize = input.Limit && input.Limit > 0 ? input.Limit : 100;
  const scope = `DescribeDirectories|${(input.DirectoryIds ?? []).join(",")}`;
  let start = 0;
  if (input.NextToken !== undefined) {
    const position = decodePagingToken(input.NextToken, scope);
    if (typeof position !== "number") throw dsError("InvalidNextTokenException", "The NextToken value is not valid.");
    start = position;
  }
  const page = dirs.slice(start, start + pageSize);
  const end = start + page.length;
  return {
    DirectoryDescriptions: page.map((d) => directoryDescription(d, now)),
    ...(end < dirs.length ? { NextToken: encodePagingToken(scope, end) } : {}),
  };
}

export function deleteDirectory(input: DeleteDirectoryRequest, ctx: EmulatorContext): DeleteDirectoryResult {
  const now = ctx.now();
  const dir = liveDirectory(ctx, input.DirectoryId!);
  if (!dir) throw dsError("EntityDoesNotExistException", `Directory ${input.DirectoryId} does not exist.`);
  if (dir.deletingAt !== undefined) return { DirectoryId: dir.DirectoryId };
  if (liveRegistration(dir, now)) {
    throw dsError(
      "ClientException",
      `Cannot delete the directory ${dir.DirectoryId} because it is still registered with Amazon WorkSpaces. Deregister it first.`,
    );
  }
  dir.deletingAt = now;
  dir.goneAt = now + ctx.duration("directoryDeleting");
  ctx.store.touch("directories", dir.DirectoryId);
  return { DirectoryId: dir.DirectoryId };
}
