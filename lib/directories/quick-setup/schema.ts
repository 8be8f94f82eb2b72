// The quick set-up form: every rule AWS applies to the network, the Simple AD and the user list,
// checked before anything is queued, each with its message at its field. Rules that need the
// account (the VPC limit, the zones, the bundle) are checked by the action with reads only.

import { z } from "zod";
import { ADMIN_ACCOUNT, ADMIN_PASSWORD, FQDN, NETBIOS } from "@/lib/directories/create/schema";
import { USER_NAME_FORBIDDEN, USER_NAME_MAX } from "@/lib/bulk/csv";
import { contains, MAX_PREFIX, MIN_PREFIX, overlaps, parseCidr } from "./cidr";

export interface QuickSetupUser {
  userName: string;
  givenName: string;
  surname: string;
  email: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const MAX_USERS = 50;
/** The accounts a new Simple AD already has: the set-up must not take one of them over. */
const BUILT_IN_ACCOUNTS = ["administrator", "guest", "krbtgt"];

/** One user per line: "user name, given name, surname, email". */
export function parseUserLines(text: string): { users: QuickSetupUser[]; errors: string[] } {
  const users: QuickSetupUser[] = [];
  const errors: string[] = [];
  const seen = new Set<string>();
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .forEach((line, i) => {
      if (!line) return;
      const [userName = "", givenName = "", surname = "", email = "", ...rest] = line.split(",").map((p) => p.trim());
      const at = `Line ${i + 1}`;
      if (rest.length > 0 || !email) errors.push(`${at}: write user name, given name, surname, email, separated by commas.`);
      else if (userName.length > USER_NAME_MAX || USER_NAME_FORBIDDEN.test(userName)) errors.push(`${at}: "${userName}" is not a valid user name.`);
      else if (BUILT_IN_ACCOUNTS.includes(userName.toLowerCase())) errors.push(`${at}: ${userName} is an account the directory already has; choose another user name.`);
      else if (!EMAIL.test(email)) errors.push(`${at}: "${email}" is not an email address.`);
      else if (seen.has(userName.toLowerCase())) errors.push(`${at}: ${userName} is listed twice.`);
      else {
        seen.add(userName.toLowerCase());
        users.push({ userName, givenName, surname, email });
      }
    });
  if (users.length > MAX_USERS) errors.push(`List at most ${MAX_USERS} users (this list has ${users.length}).`);
  return { users, errors };
}

export const quickSetupSchema = z
  .object({
    networkMode: z.enum(["new", "default"], { message: "Choose a new VPC or the default VPC." }),
    vpcCidr: z.string().trim().optional().default(""),
    subnetACidr: z.string().trim().optional().default(""),
    subnetAZone: z.string().trim().optional().default(""),
    subnetBCidr: z.string().trim().optional().default(""),
    subnetBZone: z.string().trim().optional().default(""),
    name: z.string().trim().min(1, "Enter the directory's DNS name, such as corp.example.com."),
    shortName: z.string().trim().optional().transform((v) => v || undefined),
    size: z.enum(["Small", "Large"], { message: "Choose Small or Large." }),
    password: z.string().min(1, "Enter a password."),
    users: z.string().optional().default(""),
    bundleId: z.string().trim().optional().default(""),
    runningMode: z.enum(["AUTO_STOP", "ALWAYS_ON"]).optional().default("AUTO_STOP"),
  })
  .superRefine((v, ctx) => {
    const at = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    if (v.networkMode === "new") {
      const size = (field: string, text: string, what: string) => {
        const block = parseCidr(text);
        if (!text) at(field, `Enter the ${what}'s address range, such as ${field === "vpcCidr" ? "10.0.0.0/16" : "10.0.1.0/24"}.`);
        else if (!block) at(field, `${text} is not an IPv4 CIDR block (its address must be the first of the block, such as 10.0.0.0/16).`);
        else if (block.prefix < MIN_PREFIX || block.prefix > MAX_PREFIX) at(field, `AWS takes blocks from /${MIN_PREFIX} to /${MAX_PREFIX}; ${text} is a /${block.prefix}.`);
        else return block;
        return null;
      };
      const vpc = size("vpcCidr", v.vpcCidr, "VPC");
      const a = size("subnetACidr", v.subnetACidr, "first subnet");
      const b = size("subnetBCidr", v.subnetBCidr, "second subnet");
      if (vpc && a && !contains(vpc, a)) at("subnetACidr", `${a.text} is not inside the VPC's ${vpc.text}.`);
      if (vpc && b && !contains(vpc, b)) at("subnetBCidr", `${b.text} is not inside the VPC's ${vpc.text}.`);
      else if (a && b && overlaps(a, b)) at("subnetBCidr", `${b.text} overlaps the first subnet's ${a.text}. Choose ranges that do not overlap.`);
      if (!v.subnetAZone) at("subnetAZone", "Choose the first subnet's Availability Zone.");
      if (!v.subnetBZone) at("subnetBZone", "Choose the second subnet's Availability Zone.");
      else if (v.subnetAZone === v.subnetBZone) at("subnetBZone", `Both subnets are in ${v.subnetBZone}. The directory needs two subnets in different Availability Zones.`);
    }
    if (!FQDN.test(v.name)) at("name", "Enter a fully qualified domain name, such as corp.example.com (letters and digits, with at least one dot).");
    if (v.shortName !== undefined) {
      if (v.shortName.length > 15) at("shortName", `The NetBIOS name can have at most 15 characters (this one has ${v.shortName.length}).`);
      else if (!NETBIOS.test(v.shortName)) at("shortName", 'The NetBIOS name must not start with a dot or contain \\ / : * ? " < > |.');
    }
    if (!ADMIN_PASSWORD.test(v.password)) {
      at("password", "The password must have 8 to 64 characters, from at least three of: lowercase letters, uppercase letters, digits, other characters.");
    } else if (v.password.toLowerCase().includes(ADMIN_ACCOUNT.SimpleAD.toLowerCase())) {
      at("password", `The password must not contain the account name "${ADMIN_ACCOUNT.SimpleAD}".`);
    }
    const users = parseUserLines(v.users);
    if (users.errors.length > 0) at("users", users.errors.join(" "));
    if (v.bundleId && users.users.length === 0) at("bundleId", "List the users who get a first desktop, or choose no desktops.");
  });

export type QuickSetupInput = z.output<typeof quickSetupSchema>;

export const quickSetupIdSchema = z.object({ setupId: z.string().min(1).max(64) });
/** Retrying a failed step; the password again when the directory was not created yet (the portal keeps none). */
export const quickSetupRetrySchema = quickSetupIdSchema.extend({ password: z.string().optional().default("") });
