/**
 * The WorkSpaces side of directories: RegisterWorkspaceDirectory (REGISTERING → REGISTERED with a
 * registration code), DeregisterWorkspaceDirectory (refused while desktops remain), the listing, and
 * the per-directory self-service permissions, device access and creation properties (default OU,
 * custom security group of the directory's VPC, internet access, maintenance mode).
 */
import type {
  DeregisterWorkspaceDirectoryRequest,
  DeregisterWorkspaceDirectoryResult,
  DescribeWorkspaceDirectoriesRequest,
  DescribeWorkspaceDirectoriesResult,
  ModifySelfservicePermissionsRequest,
  ModifySelfservicePermissionsResult,
  ModifyWorkspaceAccessPropertiesRequest,
  ModifyWorkspaceAccessPropertiesResult,
  ModifyWorkspaceCreationPropertiesRequest,
  ModifyWorkspaceCreationPropertiesResult,
  RegisterWorkspaceDirectoryRequest,
  RegisterWorkspaceDirectoryResult,
  WorkspaceDirectory,
} from "@aws-sdk/client-workspaces";
import { awsErrors } from "../aws-error";
import {
  allLiveDirectories,
  directoryStage,
  liveDirectory,
  liveRegistration,
  type RegistrationState,
} from "../directory-service/directory-lifecycle";
import { workspacesSupportsZone } from "../ec2/availability-zones";
import { ensureWorkspacesGroup, liveSecurityGroups } from "../ec2/security-groups";
import type { EmulatorContext } from "../emulator-context";
import { newRegistrationCode, newSecurityGroupId } from "../ids";
import { decodePagingToken, encodePagingToken } from "../paging-token";
import type { DirectoryRecord, WorkspaceRegistration } from "../records";
import { checkedNewTags } from "./tag-rules";
import { liveWorkspace } from "./workspace-lifecycle";

const DIRECTORY_TYPES: Record<string, string> = { SimpleAD: "SIMPLE_AD", ADConnector: "AD_CONNECTOR", MicrosoftAD: "MicrosoftAD" };

export function defaultAccessProperties(type: string): Record<string, string> {
  const connector = type === "ADConnector";
  return {
    DeviceTypeWindows: "ALLOW",
    DeviceTypeOsx: "ALLOW",
    DeviceTypeWeb: "DENY",
    DeviceTypeIos: "ALLOW",
    DeviceTypeAndroid: "ALLOW",
    DeviceTypeChromeOs: "ALLOW",
    DeviceTypeZeroClient: connector ? "DENY" : "ALLOW",
    DeviceTypeLinux: "DENY",
    DeviceTypeWorkSpacesThinClient: "DENY",
  };
}

export function defaultSelfservicePermissions(enabled: boolean): Record<string, string> {
  const mode = enabled ? "ENABLED" : "DISABLED";
  return {
    RestartWorkspace: "ENABLED",
    IncreaseVolumeSize: mode,
    ChangeComputeType: mode,
    SwitchRunningMode: mode,
    RebuildWorkspace: mode,
  };
}

export function checkSubnetPair(ctx: EmulatorContext, vpcId: string, subnetIds: string[]): string | undefined {
  if (subnetIds.length !== 2) return "Exactly two subnets are required.";
  const subnets = subnetIds.map((id) => ctx.store.subnets.get(id));
  if (subnets.some((s) => !s)) return `Invalid subnet ID(s): ${subnetIds.filter((id) => !ctx.store.subnets.has(id)).join(", ")}.`;
  if (subnets.some((s) => s!.VpcId !== vpcId)) return `The subnets must belong to the directory's VPC ${vpcId}.`;
  if (subnets[0]!.AvailabilityZone === subnets[1]!.AvailabilityZone) return "The two subnets must be in different Availability Zones.";
  const unsupported = subnets.filter((s) => !workspacesSupportsZone(ctx, s!.AvailabilityZone));
  if (unsupported.length > 0) {
    return `Amazon WorkSpaces is not available in the Availability Zone of ${unsupported
      .map((s) => `${s!.SubnetId} (${s!.AvailabilityZone})`)
      .join(", ")}. Use subnets in us-east-1a, us-east-1b or us-east-1c (zone ids use1-az2, use1-az4, use1-az6).`;
  }
  return undefined;
}

export function newRegistration(
  ctx: EmulatorContext,
  dir: DirectoryRecord,
  subnetIds: string[],
  options: {
    enableSelfService?: boolean;
    tenancy?: string;
    tags?: { Key?: string; Value?: string }[];
    now: number;
    readyAt: number;
    securityGroupId?: string;
    registrationCode?: string;
  },
): WorkspaceRegistration {
  const securityGroupId = options.securityGroupId ?? newSecurityGroupId();
  ensureWorkspacesGroup(ctx, dir, securityGroupId);
  return {
    RegistrationCode: options.registrationCode ?? newRegistrationCode(),
    SubnetIds: subnetIds,
    registeredAt: options.now,
    readyAt: options.readyAt,
    Tenancy: options.tenancy ?? "SHARED",
    WorkspaceSecurityGroupId: securityGroupId,
    SelfservicePermissions: defaultSelfservicePermissions(options.enableSelfService === true),
    WorkspaceAccessProperties: defaultAccessProperties(dir.Type),
    WorkspaceCreationProperties: {
      EnableInternetAccess: false,
      UserEnabledAsLocalAdministrator: true,
      EnableMaintenanceMode: true,
    },
    tags: (options.tags ?? []).map((t) => ({ Key: t.Key!, ...(t.Value !== undefined ? { Value: t.Value } : {}) })),
  };
}

export function registerWorkspaceDirectory(input: RegisterWorkspaceDirectoryRequest, ctx: EmulatorContext): RegisterWorkspaceDirectoryResult {
  if (!input.DirectoryId) throw awsErrors.validation("The following arguments are required - DirectoryId.");
  if (input.WorkspaceType === "POOLS" || (input.UserIdentityType && input.UserIdentityType !== "AWS_DIRECTORY_SERVICE")) {
    throw awsErrors.operationNotSupported("This emulator supports personal WorkSpaces on AWS Directory Service directories only.");
  }
  const now = ctx.now();
  const dir = liveDirectory(ctx, input.DirectoryId);
  if (!dir) throw awsErrors.resourceNotFound("The specified directory could not be found in the specified region.", input.DirectoryId);
  if (directoryStage(dir, now) !== "Active") {
    throw awsErrors.invalidResourceState(
      "The specified directory is not in a valid state. Confirm that the directory has a status of Active, and try again.",
    );
  }
  const existing = liveRegistration(dir, now);
  if (existing?.state === "DEREGISTERING") throw awsErrors.invalidResourceState("The specified directory is being deregistered.");
  if (existing) throw awsErrors.resourceAlreadyExists("The specified directory is already registered with Amazon WorkSpaces.");
  const subnetIds = input.SubnetIds ?? dir.SubnetIds;
  const problem = checkSubnetPair(ctx, dir.VpcId, subnetIds);
  if (problem) throw awsErrors.invalidParameterValues(problem);
  const tags = checkedNewTags(input.Tags);
  dir.registration = newRegistration(ctx, dir, [...subnetIds], {
    enableSelfService: input.EnableSelfService,
    tenancy: input.Tenancy,
    tags,
    now,
    readyAt: now + ctx.duration("directoryRegistering"),
  });
  ctx.store.touch("directories", dir.DirectoryId);
  return { DirectoryId: dir.DirectoryId, State: "REGISTERING" };
}

/** Desktops of a directory that still exist (anything not yet TERMINATED). */
export function workspacesInDirectory(ctx: EmulatorContext, directoryId: string): string[] {
  const out: string[] = [];
  for (const ws of [...ctx.store.workspaces.values()]) {
    if (ws.DirectoryId !== directoryId) continue;
    const live = liveWorkspace(ctx, ws.WorkspaceId);
    if (live && live.state !== "TERMINATED") out.push(live.WorkspaceId);
  }
  return out;
}

export function deregisterWorkspaceDirectory(input: DeregisterWorkspaceDirectoryRequest, ctx: EmulatorContext): DeregisterWorkspaceDirectoryResult {
  const now = ctx.now();
  const dir = liveDirectory(ctx, input.DirectoryId!);
  const registration = dir && liveRegistration(dir, now);
  if (!dir || !registration) {
    throw awsErrors.resourceNotFound(`The directory ${input.DirectoryId} is not registered with Amazon WorkSpaces.`, input.DirectoryId);
  }
  if (registration.state === "DEREGISTERING") return {};
  const remaining = workspacesInDirectory(ctx, dir.DirectoryId);
  if (remaining.length > 0) {
    throw awsErrors.invalidResourceState(
      `The directory ${dir.DirectoryId} still has ${remaining.length} ${remaining.length === 1 ? "WorkSpace" : "WorkSpaces"} (e.g. ${remaining[0]}). Terminate them before deregistering the directory.`,
    );
  }
  registration.reg.deregisterAt = now + ctx.duration("directoryDeregistering");
  ctx.store.touch("directories", dir.DirectoryId);
  return {};
}

function directoryView(dir: DirectoryRecord, reg: WorkspaceRegistration, state: RegistrationState, ctx: EmulatorContext): WorkspaceDirectory {
  return {
    DirectoryId: dir.DirectoryId,
    Alias: dir.DirectoryId,
    DirectoryName: dir.Name,
    RegistrationCode: reg.RegistrationCode,
    SubnetIds: [...reg.SubnetIds],
    DnsIpAddresses: [...(dir.Type === "ADConnector" ? (dir.CustomerDnsIps ?? []) : dir.DnsIpAddrs)],
    CustomerUserName: dir.Type === "ADConnector" ? dir.CustomerUserName : dir.Type === "MicrosoftAD" ? "Admin" : "Administrator",
    IamRoleId: `arn:aws:iam::${ctx.accountId}:role/workspaces_DefaultRole`,
    DirectoryType: DIRECTORY_TYPES[dir.Type] as WorkspaceDirectory["DirectoryType"],
    WorkspaceSecurityGroupId: reg.WorkspaceSecurityGroupId,
    State: state,
    WorkspaceCreationProperties: { ...reg.WorkspaceCreationProperties },
    ipGroupIds: [...(reg.ipGroupIds ?? [])],
    WorkspaceAccessProperties: { ...reg.WorkspaceAccessProperties },
    Tenancy: reg.Tenancy as WorkspaceDirectory["Tenancy"],
    SelfservicePermissions: { ...reg.SelfservicePermissions },
    SamlProperties: { Status: "DISABLED", RelayStateParameterName: "RelayState" },
    CertificateBasedAuthProperties: { Status: "DISABLED" },
    WorkspaceType: "PERSONAL",
    UserIdentityType: "AWS_DIRECTORY_SERVICE",
  };
}

export function describeWorkspaceDirectories(
  input: DescribeWorkspaceDirectoriesRequest,
  ctx: EmulatorContext,
): DescribeWorkspaceDirectoriesResult {
  const now = ctx.now();
  const wanted = input.DirectoryIds ? new Set(input.DirectoryIds) : undefined;
  const names = input.WorkspaceDirectoryNames ? new Set(input.WorkspaceDirectoryNames) : undefined;
  const rows: WorkspaceDirectory[] = [];
  for (const dir of allLiveDirectories(ctx)) {
    if (wanted && !wanted.has(dir.DirectoryId)) continue;
    if (names && !names.has(dir.Name)) continue;
    const registration = liveRegistration(dir, now);
    if (registration) rows.push(directoryView(dir, registration.reg, registration.state, ctx));
  }
  const pageSize = input.Limit ?? 25;
  const scope = `DescribeWorkspaceDirectories|${(input.DirectoryIds ?? []).join(",")}|${(input.WorkspaceDirectoryNames ?? []).join(",")}`;
  let start = 0;
  if (input.NextToken !== undefined) {
    const position = decodePagingToken(input.NextToken, scope);
    if (typeof position !== "number") throw awsErrors.invalidParameterValues("The value of NextToken is not valid.");
    start = position;
  }
  const page = rows.slice(start, start + pageSize);
  const end = start + page.length;
  return { Directories: page, ...(end < rows.length ? { NextToken: encodePagingToken(scope, end) } : {}) };
}

function requireRegistered(ctx: EmulatorContext, directoryId: string): { dir: DirectoryRecord; reg: WorkspaceRegistration } {
  const dir = liveDirectory(ctx, directoryId);
  const registration = dir && liveRegistration(dir, ctx.now());
  if (!dir || !registration || registration.state === "DEREGISTERING") {
    throw awsErrors.resourceNotFound(`The directory ${directoryId} is not registered with Amazon WorkSpaces.`, directoryId);
  }
  return { dir, reg: registration.reg };
}

export function modifySelfservicePermissions(
  input: ModifySelfservicePermissionsRequest,
  ctx: EmulatorContext,
): ModifySelfservicePermissionsResult {
  const { dir, reg } = requireRegistered(ctx, input.ResourceId!);
  Object.assign(reg.SelfservicePermissions, input.SelfservicePermissions);
  ctx.store.touch("directories", dir.DirectoryId);
  return {};
}

export function modifyWorkspaceAccessProperties(
  input: ModifyWorkspaceAccessPropertiesRequest,
  ctx: EmulatorContext,
): ModifyWorkspaceAccessPropertiesResult {
  const { dir, reg } = requireRegistered(ctx, input.ResourceId!);
  const { AccessEndpointConfig: _endpoints, ...devices } = input.WorkspaceAccessProperties ?? {};
  Object.assign(reg.WorkspaceAccessProperties, devices);
  ctx.store.touch("directories", dir.DirectoryId);
  return {};
}

const CREATION_PROPERTIES = [
  "EnableInternetAccess",
  "DefaultOu",
  "CustomSecurityGroupId",
  "UserEnabledAsLocalAdministrator",
  "EnableMaintenanceMode",
  "InstanceIamRoleArn",
] as const;

/** An LDAP distinguished name of an OU in the directory's domain, e.g. OU=Desktops,DC=corp,DC=example,DC=com. */
function checkDefaultOu(ou: string, domain: string): string | undefined {
  const parts = ou.split(",").map((p) => p.trim());
  if (parts.length === 0 || !parts.every((p) => /^(OU|CN|DC)=[^=]+$/i.test(p)) || !/^OU=/i.test(parts[0])) {
    return `The default OU "${ou}" is not a distinguished name of an OU, such as OU=Desktops,DC=${domain.split(".").join(",DC=")}.`;
  }
  const dcs = parts.filter((p) => /^DC=/i.test(p)).map((p) => p.slice(3).toLowerCase());
  if (dcs.join(".") !== domain.toLowerCase()) return `The default OU "${ou}" is not in the directory's domain ${domain}.`;
  return undefined;
}

export function modifyWorkspaceCreationProperties(
  input: ModifyWorkspaceCreationPropertiesRequest,
  ctx: EmulatorContext,
): ModifyWorkspaceCreationPropertiesResult {
  const { dir, reg } = requireRegistered(ctx, input.ResourceId!);
  const given = input.WorkspaceCreationProperties ?? {};
  const properties = Object.fromEntries(CREATION_PROPERTIES.filter((key) => key in given).map((key) => [key, given[key]])) as typeof given;
  if (properties.DefaultOu !== undefined && properties.DefaultOu !== "") {
    const problem = checkDefaultOu(properties.DefaultOu, dir.Name);
    if (problem) throw awsErrors.invalidParameterValues(problem);
  }
  if (properties.CustomSecurityGroupId !== undefined) {
    const group = liveSecurityGroups(ctx).find((g) => g.GroupId === properties.CustomSecurityGroupId);
    if (!group) throw awsErrors.invalidParameterValues(`The security group ${properties.CustomSecurityGroupId} does not exist.`);
    if (group.VpcId !== dir.VpcId) {
      throw awsErrors.invalidParameterValues(`The security group ${group.GroupId} is not in the directory's VPC ${dir.VpcId}.`);
    }
  }
  for (const [key, value] of Object.entries(properties)) {
    // An empty default OU clears it, as the console does.
    if (key === "DefaultOu" && value === "") delete reg.WorkspaceCreationProperties.DefaultOu;
    else if (value !== undefined) reg.WorkspaceCreationProperties[key] = value;
  }
  ctx.store.touch("directories", dir.DirectoryId);
  return {};
}
