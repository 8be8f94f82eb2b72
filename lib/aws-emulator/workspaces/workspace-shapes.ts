/**
 * Request shapes of the WorkSpaces operations, with the constraints of the API model
 * (workspaces 2015-04-08): id patterns, list lengths, enums, required members.
 */
import { anything, bool, int, list, str, struct } from "../shape-validation";

export const WORKSPACE_ID = str({ pattern: "^ws-[0-9a-z]{8,63}$" });
export const DIRECTORY_ID = str({ min: 10, max: 65, pattern: "^(d-[0-9a-f]{8,63}$)|(wsd-[0-9a-z]{8,63}$)" });
export const BUNDLE_ID = str({ pattern: "^wsb-[0-9a-z]{8,63}$" });
export const IMAGE_ID = str({ pattern: "wsi-[0-9a-z]{9,63}$" });
export const SUBNET_ID = str({ min: 15, max: 24, pattern: "^(subnet-([0-9a-f]{8}|[0-9a-f]{17}))$" });
export const USER_NAME = str({ min: 1, max: 63 });
export const PAGINATION_TOKEN = str({ min: 1, max: 2048 });
export const LIMIT = int({ min: 1, max: 25 });
const NON_EMPTY = str({ min: 1 });

export const COMPUTE_NAMES = [
  "VALUE", "STANDARD", "PERFORMANCE", "POWER", "GRAPHICS", "POWERPRO", "GENERALPURPOSE_4XLARGE",
  "GENERALPURPOSE_8XLARGE", "GRAPHICSPRO", "GRAPHICS_G4DN", "GRAPHICSPRO_G4DN", "GRAPHICS_G6_XLARGE",
  "GRAPHICS_G6_2XLARGE", "GRAPHICS_G6_4XLARGE", "GRAPHICS_G6_8XLARGE", "GRAPHICS_G6_16XLARGE",
  "GRAPHICS_GR6_4XLARGE", "GRAPHICS_GR6_8XLARGE", "GRAPHICS_G6F_LARGE", "GRAPHICS_G6F_XLARGE",
  "GRAPHICS_G6F_2XLARGE", "GRAPHICS_G6F_4XLARGE", "GRAPHICS_GR6F_4XLARGE",
] as const;

const OPERATING_SYSTEM_NAMES = [
  "AMAZON_LINUX_2", "UBUNTU_18_04", "UBUNTU_20_04", "UBUNTU_22_04", "UNKNOWN", "WINDOWS_10", "WINDOWS_11",
  "WINDOWS_7", "WINDOWS_SERVER_2016", "WINDOWS_SERVER_2019", "WINDOWS_SERVER_2022", "RHEL_8", "ROCKY_8",
  "WINDOWS_SERVER_2025",
] as const;

const IP_GROUP_ID = str({ pattern: "wsipg-[0-9a-z]{8,63}$" });
const IP_RULES = list(struct({ ipRule: str(), ruleDesc: str() }));

export const TAG = struct({ Key: str({ min: 1, max: 127 }), Value: str({ max: 255 }) }, ["Key"]);
export const TAG_LIST = list(TAG);

export const WORKSPACE_PROPERTIES = struct({
  RunningMode: str({ enum: ["AUTO_STOP", "ALWAYS_ON", "MANUAL"] }),
  RunningModeAutoStopTimeoutInMinutes: int(),
  RootVolumeSizeGib: int(),
  UserVolumeSizeGib: int(),
  ComputeTypeName: str({ enum: COMPUTE_NAMES }),
  Protocols: list(str({ enum: ["PCOIP", "WSP"] })),
  OperatingSystemName: str({ enum: OPERATING_SYSTEM_NAMES }),
  GlobalAccelerator: anything(),
});

const WORKSPACE_REQUEST = struct(
  {
    DirectoryId: DIRECTORY_ID,
    UserName: USER_NAME,
    BundleId: BUNDLE_ID,
    VolumeEncryptionKey: str(),
    UserVolumeEncryptionEnabled: bool(),
    RootVolumeEncryptionEnabled: bool(),
    WorkspaceProperties: WORKSPACE_PROPERTIES,
    Tags: TAG_LIST,
    WorkspaceName: str({ pattern: "^[a-zA-Z0-9_()][a-zA-Z0-9_.()-]{1,63}$" }),
    Ipv6Address: anything(),
  },
  ["DirectoryId", "UserName", "BundleId"],
);

const idRequests = (max: number) => list(struct({ WorkspaceId: WORKSPACE_ID }, ["WorkspaceId"]), { min: 1, max });

export const WORKSPACE_SHAPES = {
  CreateWorkspaces: struct({ Workspaces: list(WORKSPACE_REQUEST, { min: 1, max: 25 }) }, ["Workspaces"]),
  DescribeWorkspaces: struct({
    WorkspaceIds: list(WORKSPACE_ID, { min: 1, max: 25 }),
    DirectoryId: DIRECTORY_ID,
    UserName: USER_NAME,
    BundleId: BUNDLE_ID,
    Limit: LIMIT,
    NextToken: PAGINATION_TOKEN,
    WorkspaceName: str({ pattern: "^[a-zA-Z0-9_()][a-zA-Z0-9_.()-]{1,63}$" }),
  }),
  TerminateWorkspaces: struct({ TerminateWorkspaceRequests: idRequests(25) }, ["TerminateWorkspaceRequests"]),
  RebootWorkspaces: struct({ RebootWorkspaceRequests: idRequests(25) }, ["RebootWorkspaceRequests"]),
  RebuildWorkspaces: struct({ RebuildWorkspaceRequests: idRequests(1) }, ["RebuildWorkspaceRequests"]),
  StartWorkspaces: struct({ StartWorkspaceRequests: idRequests(25) }, ["StartWorkspaceRequests"]),
  StopWorkspaces: struct({ StopWorkspaceRequests: idRequests(25) }, ["StopWorkspaceRequests"]),
  RestoreWorkspace: struct({ WorkspaceId: WORKSPACE_ID }, ["WorkspaceId"]),
  MigrateWorkspace: struct({ SourceWorkspaceId: WORKSPACE_ID, BundleId: BUNDLE_ID }, ["SourceWorkspaceId", "BundleId"]),
  DescribeWorkspaceSnapshots: struct({ WorkspaceId: WORKSPACE_ID }, ["WorkspaceId"]),
  ModifyWorkspaceProperties: struct(
    {
      WorkspaceId: WORKSPACE_ID,
      WorkspaceProperties: WORKSPACE_PROPERTIES,
      DataReplication: str({ enum: ["NO_REPLICATION", "PRIMARY_AS_SOURCE"] }),
    },
    ["WorkspaceId"],
  ),
  ModifyWorkspaceState: struct(
    { WorkspaceId: WORKSPACE_ID, WorkspaceState: str({ enum: ["AVAILABLE", "ADMIN_MAINTENANCE"] }) },
    ["WorkspaceId", "WorkspaceState"],
  ),
  DescribeWorkspacesConnectionStatus: struct({
    WorkspaceIds: list(WORKSPACE_ID, { min: 1, max: 25 }),
    NextToken: PAGINATION_TOKEN,
  }),
  DescribeWorkspaceBundles: struct({
    BundleIds: list(BUNDLE_ID, { min: 1, max: 25 }),
    Owner: str(),
    NextToken: PAGINATION_TOKEN,
  }),
  CreateWorkspaceBundle: struct(
    {
      BundleName: str({ min: 1, max: 64, pattern: "^[a-zA-Z0-9_./()\\\\-]+$" }),
      BundleDescription: str({ min: 1, max: 255, pattern: "^[a-zA-Z0-9_./() -]+$" }),
      ImageId: IMAGE_ID,
      ComputeType: struct({ Name: str({ enum: COMPUTE_NAMES }) }),
      UserStorage: struct({ Capacity: NON_EMPTY }, ["Capacity"]),
      RootStorage: struct({ Capacity: NON_EMPTY }, ["Capacity"]),
      Tags: TAG_LIST,
    },
    ["BundleName", "BundleDescription", "ImageId", "ComputeType", "UserStorage"],
  ),
  DescribeWorkspaceImages: struct({
    ImageIds: list(IMAGE_ID, { min: 1, max: 25 }),
    ImageType: str({ enum: ["OWNED", "SHARED"] }),
    NextToken: PAGINATION_TOKEN,
    MaxResults: LIMIT,
  }),
  CreateWorkspaceImage: struct(
    {
      Name: str({ min: 1, max: 64, pattern: "^[a-zA-Z0-9_./()\\\\-]+$" }),
      Description: str({ min: 1, max: 256, pattern: "^[a-zA-Z0-9_./() -]+$" }),
      WorkspaceId: WORKSPACE_ID,
      Tags: TAG_LIST,
    },
    ["Name", "Description", "WorkspaceId"],
  ),
  DeleteWorkspaceImage: struct({ ImageId: IMAGE_ID }, ["ImageId"]),
  CopyWorkspaceImage: struct(
    {
      Name: str({ min: 1, max: 64, pattern: "^[a-zA-Z0-9_./()\\\\-]+$" }),
      Description: str({ min: 1, max: 256, pattern: "^[a-zA-Z0-9_./() -]+$" }),
      SourceImageId: IMAGE_ID,
      SourceRegion: str({ min: 1, max: 31, pattern: "^[-0-9a-z]{1,31}$" }),
      Tags: TAG_LIST,
    },
    ["Name", "SourceImageId", "SourceRegion"],
  ),
  UpdateWorkspaceImagePermission: struct(
    { ImageId: IMAGE_ID, AllowCopyImage: bool(), SharedAccountId: str({ pattern: "^\\d{12}$" }) },
    ["ImageId", "AllowCopyImage", "SharedAccountId"],
  ),
  DescribeWorkspaceImagePermissions: struct(
    { ImageId: IMAGE_ID, NextToken: PAGINATION_TOKEN, MaxResults: LIMIT },
    ["ImageId"],
  ),
  UpdateWorkspaceBundle: struct({ BundleId: BUNDLE_ID, ImageId: IMAGE_ID }),
  DeleteWorkspaceBundle: struct({ BundleId: BUNDLE_ID }),
  RegisterWorkspaceDirectory: struct({
    DirectoryId: DIRECTORY_ID,
    SubnetIds: list(SUBNET_ID),
    EnableSelfService: bool(),
    Tenancy: str({ enum: ["DEDICATED", "SHARED"] }),
    Tags: TAG_LIST,
    WorkspaceDirectoryName: str({ pattern: "^[a-zA-Z0-9][a-zA-Z0-9_.\\s-]{1,64}$" }),
    WorkspaceDirectoryDescription: str(),
    UserIdentityType: str({ enum: ["CUSTOMER_MANAGED", "AWS_DIRECTORY_SERVICE", "AWS_IAM_IDENTITY_CENTER"] }),
    IdcInstanceArn: str(),
    MicrosoftEntraConfig: anything(),
    WorkspaceType: str({ enum: ["PERSONAL", "POOLS"] }),
    ActiveDirectoryConfig: anything(),
  }),
  DeregisterWorkspaceDirectory: struct({ DirectoryId: DIRECTORY_ID }, ["DirectoryId"]),
  DescribeWorkspaceDirectories: struct({
    DirectoryIds: list(DIRECTORY_ID, { min: 1, max: 25 }),
    WorkspaceDirectoryNames: list(str(), { min: 1, max: 25 }),
    Limit: LIMIT,
    NextToken: PAGINATION_TOKEN,
    Filters: anything(),
  }),
  ModifySelfservicePermissions: struct(
    {
      ResourceId: DIRECTORY_ID,
      SelfservicePermissions: struct(
        Object.fromEntries(
          ["RestartWorkspace", "IncreaseVolumeSize", "ChangeComputeType", "SwitchRunningMode", "RebuildWorkspace"].map(
            (k) => [k, str({ enum: ["ENABLED", "DISABLED"] })],
          ),
        ),
      ),
    },
    ["ResourceId", "SelfservicePermissions"],
  ),
  CreateIpGroup: struct({ GroupName: str(), GroupDesc: str(), UserRules: IP_RULES, Tags: TAG_LIST }, ["GroupName"]),
  DescribeIpGroups: struct({ GroupIds: list(IP_GROUP_ID), NextToken: PAGINATION_TOKEN, MaxResults: LIMIT }),
  AuthorizeIpRules: struct({ GroupId: IP_GROUP_ID, UserRules: IP_RULES }, ["GroupId", "UserRules"]),
  RevokeIpRules: struct({ GroupId: IP_GROUP_ID, UserRules: list(str()) }, ["GroupId", "UserRules"]),
  UpdateRulesOfIpGroup: struct({ GroupId: IP_GROUP_ID, UserRules: IP_RULES }, ["GroupId", "UserRules"]),
  AssociateIpGroups: struct({ DirectoryId: DIRECTORY_ID, GroupIds: list(IP_GROUP_ID) }, ["DirectoryId", "GroupIds"]),
  DisassociateIpGroups: struct({ DirectoryId: DIRECTORY_ID, GroupIds: list(IP_GROUP_ID) }, ["DirectoryId", "GroupIds"]),
  DeleteIpGroup: struct({ GroupId: IP_GROUP_ID }, ["GroupId"]),
  ModifyWorkspaceCreationProperties: struct(
    {
      ResourceId: DIRECTORY_ID,
      WorkspaceCreationProperties: struct({
        EnableInternetAccess: bool(),
        DefaultOu: str(),
        CustomSecurityGroupId: str({ min: 11, max: 20, pattern: "^(sg-([0-9a-f]{8}|[0-9a-f]{17}))$" }),
        UserEnabledAsLocalAdministrator: bool(),
        EnableMaintenanceMode: bool(),
        InstanceIamRoleArn: str(),
      }),
    },
    ["ResourceId", "WorkspaceCreationProperties"],
  ),
  ModifyWorkspaceAccessProperties: struct(
    {
      ResourceId: DIRECTORY_ID,
      WorkspaceAccessProperties: struct({
        ...Object.fromEntries(
          [
            "DeviceTypeWindows", "DeviceTypeOsx", "DeviceTypeWeb", "DeviceTypeIos", "DeviceTypeAndroid",
            "DeviceTypeChromeOs", "DeviceTypeZeroClient", "DeviceTypeLinux", "DeviceTypeWorkSpacesThinClient",
          ].map((k) => [k, str({ enum: ["ALLOW", "DENY"] })]),
        ),
        AccessEndpointConfig: anything(),
      }),
    },
    ["ResourceId", "WorkspaceAccessProperties"],
  ),
  CreateTags: struct({ ResourceId: NON_EMPTY, Tags: TAG_LIST }, ["ResourceId", "Tags"]),
  DeleteTags: struct({ ResourceId: NON_EMPTY, TagKeys: list(str({ min: 1, max: 127 })) }, ["ResourceId", "TagKeys"]),
  DescribeTags: struct({ ResourceId: NON_EMPTY }, ["ResourceId"]),
} as const;
