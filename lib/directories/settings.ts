// The per-directory WorkSpaces settings the portal writes and reads back, in AWS's own names:
// the device types of ModifyWorkspaceAccessProperties and the permissions of
// ModifySelfservicePermissions, each with the words an admin reads.

export const DEVICE_TYPES = [
  ["DeviceTypeWindows", "Windows client"],
  ["DeviceTypeOsx", "macOS client"],
  ["DeviceTypeLinux", "Linux client"],
  ["DeviceTypeWeb", "Web browser"],
  ["DeviceTypeIos", "iPad and iPhone"],
  ["DeviceTypeAndroid", "Android"],
  ["DeviceTypeChromeOs", "ChromeOS"],
  ["DeviceTypeZeroClient", "Zero client (PCoIP)"],
  ["DeviceTypeWorkSpacesThinClient", "WorkSpaces Thin Client"],
] as const;
export type DeviceType = (typeof DEVICE_TYPES)[number][0];
export const DEVICE_TYPE_NAMES = DEVICE_TYPES.map(([name]) => name) as [DeviceType, ...DeviceType[]];
/** ALLOW / DENY per device type, as WorkSpaces reports it. */
export type DeviceAccess = Partial<Record<DeviceType, "ALLOW" | "DENY">>;

export const SELF_SERVICE_PERMISSIONS = [
  ["RestartWorkspace", "Restart their desktop"],
  ["IncreaseVolumeSize", "Increase volume size"],
  ["ChangeComputeType", "Change compute type"],
  ["SwitchRunningMode", "Switch running mode"],
  ["RebuildWorkspace", "Rebuild their desktop"],
] as const;
export type SelfServicePermission = (typeof SELF_SERVICE_PERMISSIONS)[number][0];
export const SELF_SERVICE_NAMES = SELF_SERVICE_PERMISSIONS.map(([name]) => name) as [SelfServicePermission, ...SelfServicePermission[]];
/** ENABLED / DISABLED per permission, as WorkSpaces reports it. */
export type SelfServicePermissions = Partial<Record<SelfServicePermission, "ENABLED" | "DISABLED">>;

/** ModifyWorkspaceCreationProperties' members the portal sets (InstanceIamRoleArn it leaves alone). */
export type CreationProperties = {
  defaultOu: string | null;
  customSecurityGroupId: string | null;
  enableInternetAccess: boolean;
  enableMaintenanceMode: boolean;
  userEnabledAsLocalAdministrator: boolean;
};

/** What DescribeWorkspaceDirectories says of a registered directory's settings. */
export type DirectorySettings = {
  access: DeviceAccess;
  selfService: SelfServicePermissions;
  creation: CreationProperties;
  ipGroupIds: string[];
};
