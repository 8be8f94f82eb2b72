/**
 * The emulator's own records. They hold what AWS would know about each resource plus the timestamps
 * the lazy state machine needs; the API shapes are produced from them by the view functions.
 * All times are epoch milliseconds of the emulator clock.
 */
import type { BundleRecord } from "./workspaces/bundle-catalogue";

export type { BundleRecord };

export interface Tag {
  Key: string;
  Value?: string;
}

export interface WorkspacePropertiesRecord {
  RunningMode: string;
  RunningModeAutoStopTimeoutInMinutes?: number;
  RootVolumeSizeGib: number;
  UserVolumeSizeGib: number;
  ComputeTypeName: string;
  Protocols: string[];
  OperatingSystemName: string;
}

export type ModificationResource = "COMPUTE_TYPE" | "ROOT_VOLUME" | "USER_VOLUME" | "PROTOCOL";

export interface WorkspaceRecord {
  WorkspaceId: string;
  DirectoryId: string;
  UserName: string;
  BundleId: string;
  SubnetId: string;
  IpAddress: string;
  ComputerName: string;
  VolumeEncryptionKey?: string;
  UserVolumeEncryptionEnabled: boolean;
  RootVolumeEncryptionEnabled: boolean;
  properties: WorkspacePropertiesRecord;
  tags: Tag[];
  /** Creation order; the basis of DescribeWorkspaces paging. */
  seq: number;
  createdAt: number;
  state: string;
  stateSince: number;
  /** The scheduled transition, if a process is under way. */
  next?: { state: string; at: number };
  /** TERMINATED desktops disappear from every answer at this time. */
  goneAt?: number;
  /** Decided at creation so that the PENDING outcome is reproducible across restarts. */
  failOnCreate?: boolean;
  ErrorCode?: string;
  ErrorMessage?: string;
  /** A compute/volume/protocol change in progress and what it will apply when it ends. */
  modification?: { resource: ModificationResource; apply: Partial<WorkspacePropertiesRecord> };
  lastComputeIncreaseAt?: number;
  lastComputeDecreaseAt?: number;
  lastVolumeChangeAt?: number;
  /** Image being captured from this desktop (it is SUSPENDED meanwhile). */
  imageInProgress?: string;
  /** Simulated user: connected now, last connection time, and since when nobody is connected. */
  connected: boolean;
  lastConnectedAt?: number;
  idleSince?: number;
  /** The lazy state machine has applied every event up to this time. */
  settledAt: number;
}

export type DirectoryType = "SimpleAD" | "ADConnector" | "MicrosoftAD";

export interface WorkspaceRegistration {
  RegistrationCode: string;
  SubnetIds: string[];
  registeredAt: number;
  /** REGISTERING until this time, then REGISTERED. */
  readyAt: number;
  /** Set by DeregisterWorkspaceDirectory: DEREGISTERING until this time, then gone. */
  deregisterAt?: number;
  Tenancy: string;
  WorkspaceSecurityGroupId: string;
  SelfservicePermissions: Record<string, string>;
  WorkspaceAccessProperties: Record<string, string>;
  WorkspaceCreationProperties: Record<string, unknown>;
  /** IP access control groups associated with the directory (at most 25). */
  ipGroupIds?: string[];
  tags: Tag[];
}

/** A KMS key (the subset WorkSpaces volume encryption needs). */
export interface KmsKeyRecord {
  KeyId: string;
  Arn: string;
  Description: string;
  KeyState: "Enabled" | "Disabled" | "PendingDeletion";
  KeySpec: string;
  KeyUsage: string;
  KeyManager: "AWS" | "CUSTOMER";
  CreationDate: number;
  /** Alias names, "alias/…". */
  aliases: string[];
  seq: number;
}

export interface IpGroupRecord {
  GroupId: string;
  GroupName: string;
  GroupDesc?: string;
  rules: { ipRule: string; ruleDesc?: string }[];
  tags: Tag[];
  seq: number;
}

export interface DirectoryRecord {
  DirectoryId: string;
  Name: string;
  ShortName: string;
  Description?: string;
  Type: DirectoryType;
  Size?: string;
  Edition?: string;
  VpcId: string;
  SubnetIds: string[];
  AvailabilityZones: string[];
  SecurityGroupId: string;
  DnsIpAddrs: string[];
  CustomerUserName?: string;
  CustomerDnsIps?: string[];
  ConnectIps?: string[];
  launchTime: number;
  /** Creation order: breaks ties between directories launched in the same millisecond. */
  seq?: number;
  /** Requested → Creating at creatingAt → Active at activeAt. */
  creatingAt: number;
  activeAt: number;
  /** Creation fails at this time instead (an AD Connector that cannot reach its DNS addresses). */
  failAt?: number;
  StageReason?: string;
  /** RADIUS for desktop MFA (AD Connector and Managed AD). The shared secret is kept as a hash. */
  radius?: RadiusRecord;
  /** DeleteDirectory: Deleting from deletingAt until goneAt. */
  deletingAt?: number;
  goneAt?: number;
  tags: Tag[];
  registration?: WorkspaceRegistration;
}

export interface RadiusRecord {
  RadiusServers: string[];
  RadiusPort: number;
  RadiusTimeout: number;
  RadiusRetries: number;
  AuthenticationProtocol: string;
  DisplayLabel?: string;
  UseSameUsername?: boolean;
  sharedSecretHash: string;
  /** RadiusStatus is Creating until this time, then Completed (or Failed when a server is unreachable). */
  readyAt: number;
  failed: boolean;
}

export interface DirectoryUserRecord {
  DirectoryId: string;
  UserName: string;
  GivenName?: string;
  Surname?: string;
  EmailAddress?: string;
  createdAt: number;
  passwordLastSetAt?: number;
  /** Salted scrypt hash (see directory-service/user-passwords.ts); absent for users without one. */
  passwordHash?: string;
  /** Disabled accounts cannot sign in. */
  disabled?: boolean;
}

export interface ImageRecord {
  ImageId: string;
  Name: string;
  Description: string;
  osType: "WINDOWS" | "LINUX";
  operatingSystemName: string;
  protocols: string[];
  RequiredTenancy: string;
  Created: number;
  OwnerAccountId: string;
  sourceWorkspaceId: string;
  /** PENDING until this time, then AVAILABLE. */
  availableAt: number;
  tags: Tag[];
}

/**
 * EC2 network records. The fields beyond the ids and CIDR blocks are optional because VPCs and
 * subnets written by older versions (and the control endpoints) have only those.
 */
export interface VpcRecord {
  VpcId: string;
  CidrBlock: string;
  IsDefault?: boolean;
  EnableDnsSupport?: boolean;
  EnableDnsHostnames?: boolean;
  CidrBlockAssociationId?: string;
  tags?: Tag[];
  /** Creation order, the basis of EC2 paging. */
  seq?: number;
}

export interface SubnetRecord {
  SubnetId: string;
  VpcId: string;
  AvailabilityZone: string;
  CidrBlock: string;
  DefaultForAz?: boolean;
  MapPublicIpOnLaunch?: boolean;
  tags?: Tag[];
  seq?: number;
}

export interface InternetGatewayRecord {
  InternetGatewayId: string;
  /** The VPC it is attached to (a gateway attaches to one VPC at most). */
  attachedVpcId?: string;
  tags: Tag[];
  seq: number;
}

export interface RouteRecord {
  DestinationCidrBlock: string;
  /** "local" for the VPC's own range, or an internet gateway id. */
  GatewayId: string;
}

export interface RouteTableRecord {
  RouteTableId: string;
  VpcId: string;
  /** The VPC's main route table: subnets without an explicit association use it. */
  main: boolean;
  mainAssociationId?: string;
  routes: RouteRecord[];
  associations: { RouteTableAssociationId: string; SubnetId: string }[];
  tags: Tag[];
  seq: number;
}

/** One security group rule: one protocol/port range and one peer (a CIDR or a group). */
export interface SecurityGroupRuleRecord {
  SecurityGroupRuleId: string;
  IpProtocol: string;
  FromPort?: number;
  ToPort?: number;
  CidrIpv4?: string;
  ReferencedGroupId?: string;
  Description?: string;
}

export interface SecurityGroupRecord {
  GroupId: string;
  GroupName: string;
  Description: string;
  VpcId: string;
  ingress: SecurityGroupRuleRecord[];
  egress: SecurityGroupRuleRecord[];
  tags: Tag[];
  seq: number;
  /** Groups AWS creates for a directory (its controllers) or its WorkSpaces registration. */
  directoryId?: string;
  directoryRole?: "controllers" | "workspaces";
}

export interface EmulatorMeta {
  nextSeq: number;
  clockOffsetMs: number;
  /** Next host number to hand out per subnet (addresses are not reused, like a DHCP lease log). */
  ipCursor: Record<string, number>;
  /** The region's default VPC was created once; deleting it does not bring it back. */
  defaultVpcCreated?: boolean;
}
