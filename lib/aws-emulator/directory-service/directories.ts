/**
 * Directory Service: CreateDirectory (Simple AD), ConnectDirectory (AD Connector),
 * CreateMicrosoftAD, DescribeDirectories and DeleteDirectory. Every type needs a VPC with two
 * subnets in different Availability Zones; a NetBIOS name has at most 15 characters; the admin
 * password must meet AD's complexity and must not contain the admin's account name; a directory
 * still registered with WorkSpaces cannot be deleted.
 *
 * An AD Connector must reach the on-premises DNS servers it is given. The emulator has no network
 * path anywhere, so it decides by address: DNS addresses in the documentation ranges of RFC 5737
 * (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24), which no real server uses, are unreachable and
 * the directory ends Failed with AWS's connectivity StageReason; any other address answers.
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
import { cidrContains, controllerAddresses, readCidr } from "../network";
import { decodePagingToken, encodePagingToken } from "../paging-token";
import type { DirectoryRecord, DirectoryType } from "../records";
import type { DurationName } from "../time-scale";
import { allLiveDirectories, directoryStage, liveDirectory, liveRegistration, stageLastUpdated } from "./directory-lifecycle";
import { radiusDescription } from "./radius";
import { hashPassword, passwordProblem } from "./user-passwords";

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

/** RFC 5737's documentation ranges: the emulator's "unreachable" addresses (see the file comment). */
const UNREACHABLE = ["192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24"].map((c) => readCidr(c)!);

export function isUnreachable(address: string): boolean {
  const host = readCidr(`${address}/32`);
  return host !== undefined && UNREACHABLE.some((range) => cidrContains(range, host));
}

/** The NetBIOS name: given (at most 15 characters, as NetBIOS allows) or the name's first label. */
function shortNameOf(name: string, shortName: string | undefined): string {
  if (shortName !== undefined) {
    if (shortName.length > 15) {
      throw dsError("InvalidParameterException", `Invalid directory short name: "${shortName}". A NetBIOS name has at most 15 characters.`);
    }
    return shortName;
  }
  return name.split(".")[0].toUpperCase().slice(0, 15);
}

function checkAdminPassword(password: string, account: string): void {
  const problem = passwordProblem(password, account);
  if (problem) throw dsError("InvalidParameterException", `Invalid password for ${account}. ${problem}`);
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
  /** The admin's (or AD Connector service account's) password; only its hash is kept. */
  password?: string;
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
    ShortName: spec.shortName ?? spec.name.split(".")[0].toUpperCase().slice(0, 15),
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
    seq: ctx.store.nextSeq(),
    // "Requested" is a short prelude to "Creating".
    creatingAt: now + Math.round(total * 0.05),
    activeAt: now + total,
    tags: (spec.tags ?? []).map((t) => ({ Key: t.Key!, Value: t.Value ?? "" })),
  };
  const unreachable = (spec.customerDnsIps ?? []).filter(isUnreachable);
  if (spec.type === "ADConnector" && unreachable.length > 0) {
    // AWS checks the path to the on-premises DNS servers while creating, then gives up.
    dir.failAt = dir.activeAt;
    dir.StageReason = `Connectivity issues detected: ${unreachable
      .map((ip) => `DNS unavailable (TCP port 53) for IP: ${ip} DNS unavailable (UDP port 53) for IP: ${ip}`)
      .join(" ")} Please ensure that the listed ports are available and retry the operation.`;
  }
  ctx.store.put("directories", dir.DirectoryId, dir);
  ensureControllersGroup(ctx, dir);
  const builtIn = adminAccount(dir) ?? spec.customerUserName;
  if (builtIn) {
    ctx.store.putUser({
      DirectoryId: dir.DirectoryId,
      UserName: builtIn,
      createdAt: now,
      ...(spec.password ? { passwordHash: hashPassword(spec.password), passwordLastSetAt: now } : {}),
    });
  }
  return dir;
}

/** The account Directory Service creates with the admin password (none for AD Connector). */
export function adminAccount(dir: Pick<DirectoryRecord, "Type">): string | undefined {
  return dir.Type === "SimpleAD" ? "Administrator" : dir.Type === "MicrosoftAD" ? "Admin" : undefined;
}

export function createDirectory(input: CreateDirectoryRequest, ctx: EmulatorContext): CreateDirectoryResult {
  if (!input.VpcSettings) throw dsError("InvalidParameterException", "VpcSettings must be specified.");
  checkVpcSettings(ctx, input.VpcSettings.VpcId!, input.VpcSettings.SubnetIds!);
  const shortName = shortNameOf(input.Name!, input.ShortName);
  checkAdminPassword(input.Password!, "Administrator");
  checkLimit(ctx, "SimpleAD");
  const dir = addDirectory(ctx, {
    name: input.Name!,
    shortName,
    password: input.Password,
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
  const shortName = shortNameOf(input.Name!, input.ShortName);
  checkAdminPassword(input.Password!, "Admin");
  checkLimit(ctx, "MicrosoftAD");
  const dir = addDirectory(ctx, {
    name: input.Name!,
    shortName,
    password: input.Password,
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
  const shortName = shortNameOf(input.Name!, input.ShortName);
  checkLimit(ctx, "ADConnector");
  const dir = addDirectory(ctx, {
    name: input.Name!,
    shortName,
    password: input.Password,
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
    ...(directoryStage(dir, now) === "Failed" && dir.StageReason ? { StageReason: dir.StageReason } : {}),
    LaunchTime: new Date(dir.launchTime),
    StageLastUpdatedDateTime: new Date(stageLastUpdated(dir, now)),
    Type: dir.Type,
    ...(dir.Type === "ADConnector"
      ? { ConnectSettings: { ...vpc, CustomerUserName: dir.CustomerUserName, ConnectIps: [...(dir.ConnectIps ?? [])] } }
      : { VpcSettings: vpc }),
    SsoEnabled: false,
    ...(dir.radius ? radiusDescription(dir.radius, now) : {}),
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
