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
  /** MigrateWorkspace: the desktop that replaces this one, and the one this one replaced. */
  migratedTo?: string;
  migratedFrom?: string;
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
  /**
   * The password before the last change, which AD still accepts for network sign-ins (an LDAP
   * simple bind is one) until previousPasswordUntil: OldPasswordAllowedPeriod, 60 minutes.
   */
  previousPasswordHash?: string;
  previousPasswordUntil?: number;
  /** LDAP: the entry's CN when it is not the account name (AD names users by display name). */
  cn?: string;
  /** LDAP `manager`: the account name of this user's manager in the same directory. */
  manager?: string;
  /** LDAP: the container it was added to, when not the directory's users container. */
  parentDn?: string;
  /** pwdLastSet = 0: the next sign-in must change the password (AD answers 773). */
  mustChangePassword?: boolean;
  /** userAccountControl DONT_EXPIRE_PASSWORD: the maximum password age does not apply. */
  passwordNeverExpires?: boolean;
  /** Failed binds in the lockout observation window, and when the last one was. */
  badPasswordCount?: number;
  lastBadPasswordAt?: number;
  /** lockoutTime: locked out since then (AD answers 775) until the lockout duration ends. */
  lockedAt?: number;
}

/** An AD group answered over LDAP: members are account names and names of nested groups. */
export interface DirectoryGroupRecord {
  DirectoryId: string;
  Name: string;
  Description?: string;
  memberUsers: string[];
  memberGroups: string[];
  createdAt: number;
  /** LDAP: the container it was added to, when not the usual one. */
  parentDn?: string;
  /** Built-in groups (Domain Admins…) cannot be deleted. */
  builtIn?: boolean;
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
  /** The desktop it was captured from (absent for a copy). */
  sourceWorkspaceId?: string;
  /** A copy's source: image id and region. */
  copiedFrom?: { ImageId: string; Region: string };
  /** PENDING until this time, then AVAILABLE (or ERROR when `failure` is set). */
  availableAt: number;
  /** Decided at creation (the configured `imageErrorRate`), so the outcome survives restarts. */
  failure?: { ErrorCode: string; ErrorMessage: string };
  /** The region the image lives in; absent = the emulator's own region (images written before copies existed). */
  Region?: string;
  /** Account ids the image is shared with (UpdateWorkspaceImagePermission). */
  sharedWith?: string[];
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
