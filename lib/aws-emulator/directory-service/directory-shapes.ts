/** Request shapes of the Directory Service operations, with the API model's (ds 2015-04-16) constraints. */
import { bool, int, list, str, struct } from "../shape-validation";

export const DS_DIRECTORY_ID = str({ pattern: "^d-[0-9a-f]{10}$" });
const VPC_ID = str({ pattern: "^(vpc-[0-9a-f]{8}|vpc-[0-9a-f]{17})$" });
const SUBNET_IDS = list(str({ pattern: "^(subnet-[0-9a-f]{8}|subnet-[0-9a-f]{17})$" }));
const NAME = str({ pattern: "^([a-zA-Z0-9]+[\\.-])+([a-zA-Z0-9])+$" });
const SHORT_NAME = str({ pattern: '^[^\\\\/:*?"<>|.]+[^\\\\/:*?"<>|]*$' });
/** Simple AD / Managed AD admin password: 8-64 characters from three of four character classes. */
export const PASSWORD_PATTERN =
  "(?=^.{8,64}$)((?=.*\\d)(?=.*[A-Z])(?=.*[a-z])|(?=.*\\d)(?=.*[^A-Za-z0-9\\s])(?=.*[a-z])|(?=.*[^A-Za-z0-9\\s])(?=.*[A-Z])(?=.*[a-z])|(?=.*\\d)(?=.*[A-Z])(?=.*[^A-Za-z0-9\\s]))^.*";
const DESCRIPTION = str({ min: 0, max: 128, pattern: "^([a-zA-Z0-9_])[\\\\a-zA-Z0-9_@#%*+=:?./!\\s-]*$" });
const TAGS = list(struct({ Key: str({ min: 1, max: 128 }), Value: str({ min: 0, max: 256 }) }, ["Key", "Value"]));
const NETWORK_TYPE = str({ enum: ["Dual-stack", "IPv4", "IPv6"] });
const VPC_SETTINGS = struct({ VpcId: VPC_ID, SubnetIds: SUBNET_IDS }, ["VpcId", "SubnetIds"]);
const IP = str({ pattern: "^(?:(?:25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)\\.){3}(?:25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)$" });

/**
 * RadiusSettings as the model constrains it (members optional there; EnableRadius checks presence).
 * The model's secret pattern is Java's ^(\p{LD}|\p{Punct}| )+$: letters, digits, ASCII punctuation, space.
 */
const RADIUS_SETTINGS = struct({
  RadiusServers: list(str({ min: 1, max: 256 }), { max: 256 }),
  RadiusServersIpv6: list(str()),
  RadiusPort: int({ min: 1025, max: 65535 }),
  RadiusTimeout: int({ min: 1, max: 50 }),
  RadiusRetries: int({ min: 0, max: 10 }),
  SharedSecret: str({ min: 8, max: 512, pattern: "^[A-Za-z0-9!-/:-@\\[-`{-~ ]+$", sensitive: true }),
  AuthenticationProtocol: str({ enum: ["PAP", "CHAP", "MS-CHAPv1", "MS-CHAPv2"] }),
  DisplayLabel: str({ min: 1, max: 64 }),
  UseSameUsername: bool(),
});

export const DIRECTORY_SHAPES = {
  CreateDirectory: struct(
    {
      Name: NAME,
      ShortName: SHORT_NAME,
      Password: str({ pattern: PASSWORD_PATTERN, sensitive: true }),
      Description: DESCRIPTION,
      Size: str({ enum: ["Small", "Large"] }),
      VpcSettings: VPC_SETTINGS,
      Tags: TAGS,
      NetworkType: NETWORK_TYPE,
    },
    ["Name", "Password", "Size"],
  ),
  ConnectDirectory: struct(
    {
      Name: NAME,
      ShortName: SHORT_NAME,
      Password: str({ min: 1, max: 128, sensitive: true }),
      Description: DESCRIPTION,
      Size: str({ enum: ["Small", "Large"] }),
      ConnectSettings: struct(
        {
          VpcId: VPC_ID,
          SubnetIds: SUBNET_IDS,
          CustomerDnsIps: list(IP),
          CustomerDnsIpsV6: list(str()),
          CustomerUserName: str({ min: 1, max: 64, pattern: "^[a-zA-Z0-9._-]+$" }),
        },
        ["VpcId", "SubnetIds", "CustomerUserName"],
      ),
      Tags: TAGS,
      NetworkType: NETWORK_TYPE,
    },
    ["Name", "Password", "Size", "ConnectSettings"],
  ),
  CreateMicrosoftAD: struct(
    {
      Name: NAME,
      ShortName: SHORT_NAME,
      Password: str({ pattern: PASSWORD_PATTERN, sensitive: true }),
      Description: DESCRIPTION,
      VpcSettings: VPC_SETTINGS,
      Edition: str({ enum: ["Enterprise", "Standard", "Hybrid"] }),
      Tags: TAGS,
      NetworkType: NETWORK_TYPE,
    },
    ["Name", "Password", "VpcSettings"],
  ),
  DescribeDirectories: struct({ DirectoryIds: list(DS_DIRECTORY_ID), NextToken: str(), Limit: int({ min: 0 }) }),
  DeleteDirectory: struct({ DirectoryId: DS_DIRECTORY_ID }, ["DirectoryId"]),
  ResetUserPassword: struct(
    {
      DirectoryId: DS_DIRECTORY_ID,
      UserName: str({ min: 1, max: 64 }),
      NewPassword: str({ min: 1, max: 127, sensitive: true }),
    },
    ["DirectoryId", "UserName", "NewPassword"],
  ),
  EnableRadius: struct({ DirectoryId: DS_DIRECTORY_ID, RadiusSettings: RADIUS_SETTINGS }, ["DirectoryId", "RadiusSettings"]),
  UpdateRadius: struct({ DirectoryId: DS_DIRECTORY_ID, RadiusSettings: RADIUS_SETTINGS }, ["DirectoryId", "RadiusSettings"]),
  DisableRadius: struct({ DirectoryId: DS_DIRECTORY_ID }, ["DirectoryId"]),
} as const;
