// The "Create a directory" form: every rule AWS applies to CreateDirectory, CreateMicrosoftAD and
// ConnectDirectory, checked before anything is queued, each with a message at its field.
// The patterns are the Directory Service model's own (service model ds/2015-04-16), so the
// portal refuses exactly what AWS would refuse.

import { z } from "zod";

export const DIRECTORY_TYPES = ["SimpleAD", "MicrosoftAD", "ADConnector"] as const;
export type NewDirectoryType = (typeof DIRECTORY_TYPES)[number];

/** The model's DirectoryName pattern: labels of letters and digits joined by dots or hyphens. */
export const FQDN = /^([a-zA-Z0-9]+[.-])+([a-zA-Z0-9])+$/;
/** The model's DirectoryShortName pattern. */
export const NETBIOS = /^[^\\/:*?"<>|.]+[^\\/:*?"<>|]*$/;
/** The model's Password pattern: 8-64 characters from three of the four classes (lower, upper,
 *  digit, other non-space). */
export const ADMIN_PASSWORD =
  /(?=^.{8,64}$)((?=.*\d)(?=.*[A-Z])(?=.*[a-z])|(?=.*\d)(?=.*[^A-Za-z0-9\s])(?=.*[a-z])|(?=.*[^A-Za-z0-9\s])(?=.*[A-Z])(?=.*[a-z])|(?=.*\d)(?=.*[A-Z])(?=.*[^A-Za-z0-9\s]))^.*/;
const IPV4 = /^(?:(?:25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)\.){3}(?:25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)$/;
const CUSTOMER_USER = /^[a-zA-Z0-9._-]+$/;
const SUBNET = /^subnet-([0-9a-f]{8}|[0-9a-f]{17})$/;
const VPC = /^vpc-([0-9a-f]{8}|[0-9a-f]{17})$/;

/** The account whose password is set at creation: Active Directory refuses a password containing its name. */
export const ADMIN_ACCOUNT: Record<Exclude<NewDirectoryType, "ADConnector">, string> = { SimpleAD: "Administrator", MicrosoftAD: "Admin" };

/** Splits the DNS addresses field: one per line, or separated by commas or spaces. */
export const splitAddresses = (text: string) => text.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);

export const createDirectorySchema = z
  .object({
    directoryType: z.enum(DIRECTORY_TYPES, { message: "Choose a directory type." }),
    size: z.enum(["Small", "Large"]).optional().catch(undefined),
    edition: z.enum(["Standard", "Enterprise"]).optional().catch(undefined),
    name: z.string().trim().min(1, "Enter the directory's DNS name, such as corp.example.com."),
    shortName: z.string().trim().optional().transform((v) => v || undefined),
    password: z.string().min(1, "Enter a password."),
    vpcId: z.string().regex(VPC, "Choose a VPC."),
    subnetA: z.string().regex(SUBNET, "Choose the first subnet."),
    subnetB: z.string().regex(SUBNET, "Choose the second subnet."),
    dnsIps: z.string().optional().default(""),
    customerUserName: z.string().trim().optional().default(""),
    /** AD Connector: the admin confirms the ports the VPC's security groups do not show open. */
    portsAcknowledged: z.string().optional(),
  })
  .superRefine((v, ctx) => {
    const at = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    if (!FQDN.test(v.name)) at("name", "Enter a fully qualified domain name, such as corp.example.com (letters and digits, with at least one dot).");
    if (v.shortName !== undefined) {
      if (v.shortName.length > 15) at("shortName", `The NetBIOS name can have at most 15 characters (this one has ${v.shortName.length}).`);
      else if (!NETBIOS.test(v.shortName)) at("shortName", 'The NetBIOS name must not start with a dot or contain \\ / : * ? " < > |.');
    }
    if (v.subnetA === v.subnetB) at("subnetB", "Choose two different subnets.");
    if (v.directoryType === "MicrosoftAD") {
      if (!v.edition) at("edition", "Choose Standard or Enterprise.");
    } else if (!v.size) at("size", "Choose Small or Large.");
    if (v.directoryType === "ADConnector") {
      if (v.password.length > 128) at("password", "The service account password can have at most 128 characters.");
      const addresses = splitAddresses(v.dnsIps);
      const bad = addresses.filter((a) => !IPV4.test(a));
      if (addresses.length === 0) at("dnsIps", "Enter the IPv4 addresses of at least one on-premises DNS server.");
      else if (bad.length > 0) at("dnsIps", `Not an IPv4 address: ${bad.join(", ")}.`);
      if (!v.customerUserName) at("customerUserName", "Enter the service account's user name.");
      else if (v.customerUserName.length > 64 || !CUSTOMER_USER.test(v.customerUserName)) {
        at("customerUserName", "The user name can have at most 64 letters, digits, dots, hyphens and underscores.");
      }
    } else {
      const account = ADMIN_ACCOUNT[v.directoryType];
      if (!ADMIN_PASSWORD.test(v.password)) {
        at("password", "The password must have 8 to 64 characters, from at least three of: lowercase letters, uppercase letters, digits, other characters.");
      } else if (v.password.toLowerCase().includes(account.toLowerCase())) {
        at("password", `The password must not contain the account name "${account}".`);
      }
    }
  });

export type CreateDirectoryInput = z.output<typeof createDirectorySchema>;

export const directoryCreationIdSchema = z.object({ operationId: z.string().min(1).max(64) });
