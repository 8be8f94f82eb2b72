/**
 * A directory's users and groups as the LDAP entries AWS's directories show: DNs laid out as Simple
 * AD (CN=Users,DC=…) or Managed AD (OU=Users,OU=<NetBIOS>,DC=…) lay them out, AD's attribute names,
 * userAccountControl, pwdLastSet and memberOf derived from the stored records, and AD's account
 * policy (password age, lockout).
 */
import { createHash } from "node:crypto";
import type { EmulatorContext } from "../emulator-context";
import type { DirectoryGroupRecord, DirectoryRecord, DirectoryUserRecord } from "../records";
import { userKey } from "../emulator-store";
import { adminAccount } from "../directory-service/directories";

/** The account policy the emulated directories use (AD's defaults; lockout as AWS recommends). */
export const ACCOUNT_POLICY = {
  maxPasswordAgeMs: 42 * 86_400_000,
  /** A user may change their own password once a day (an administrator's reset is not bound by it). */
  minPasswordAgeMs: 86_400_000,
  lockoutThreshold: 10,
  lockoutDurationMs: 30 * 60_000,
  lockoutWindowMs: 30 * 60_000,
};

// userAccountControl bits (MS-ADTS 2.2.16).
export const UAC = { ACCOUNTDISABLE: 0x2, LOCKOUT: 0x10, NORMAL_ACCOUNT: 0x200, DONT_EXPIRE_PASSWORD: 0x10000, PASSWORD_EXPIRED: 0x800000 };

export const BUILT_IN_GROUPS = ["Domain Admins", "Domain Users"] as const;
export const DELEGATED_ADMINS = "AWS Delegated Administrators";

// ---- DNs ---------------------------------------------------------------------------------------

/** One RDN per element, each "type=value" with the type lower-cased and the value unescaped. */
export function parseDn(dn: string): { type: string; value: string }[] | null {
  const parts: { type: string; value: string }[] = [];
  let current = "";
  let escaped = false;
  const push = () => {
    const eq = current.indexOf("=");
    if (eq <= 0) return false;
    parts.push({ type: current.slice(0, eq).trim().toLowerCase(), value: current.slice(eq + 1).trim() });
    current = "";
    return true;
  };
  for (let i = 0; i < dn.length; i++) {
    const ch = dn[i];
    if (escaped) {
      const hex = dn.slice(i, i + 2);
      if (/^[0-9a-f]{2}$/i.test(hex)) {
        current += String.fromCharCode(parseInt(hex, 16));
        i++;
      } else current += ch;
      escaped = false;
    } else if (ch === "\\") escaped = true;
    else if (ch === "," || ch === ";") {
      if (!push()) return null;
    } else current += ch;
  }
  if (dn.trim() === "") return [];
  return push() ? parts : null;
}

/** A DN in one comparable form (types and values lower-case, no spaces around separators). */
export function normalizeDn(dn: string): string {
  const parts = parseDn(dn);
  return parts === null ? dn.trim().toLowerCase() : parts.map((p) => `${p.type}=${escapeRdnValue(p.value.toLowerCase())}`).join(",");
}

export function escapeRdnValue(value: string): string {
  return value.replace(/[\\,+"<>;=#]/g, (c) => `\\${c}`).replace(/^ | $/g, (c) => `\\${c}`);
}

export function baseDnOf(dir: Pick<DirectoryRecord, "Name">): string {
  return dir.Name.split(".").map((label) => `DC=${label}`).join(",");
}

/** Where AWS puts a directory's users (and where new ones go by default). */
export function usersContainer(dir: DirectoryRecord): string {
  const base = baseDnOf(dir);
  return dir.Type === "MicrosoftAD" ? `OU=Users,OU=${dir.ShortName},${base}` : `CN=Users,${base}`;
}

/** The containers an entry can be added under: those AWS creates. */
export function containers(dir: DirectoryRecord): { dn: string; objectClass: string[] }[] {
  const base = baseDnOf(dir);
  const container = (dn: string) => ({ dn, objectClass: ["top", "container"] });
  const ou = (dn: string) => ({ dn, objectClass: ["top", "organizationalUnit"] });
  const list = [{ dn: base, objectClass: ["top", "domain", "domainDNS"] }, container(`CN=Users,${base}`), container(`CN=Computers,${base}`)];
  if (dir.Type === "MicrosoftAD") {
    list.push(ou(`OU=${dir.ShortName},${base}`), ou(`OU=Users,OU=${dir.ShortName},${base}`), ou(`OU=Computers,OU=${dir.ShortName},${base}`), ou(`OU=AWS Delegated Groups,${base}`));
  }
  return list;
}

/** Built-in groups live in CN=Users, AWS's delegated ones in their OU; added ones where they were added. */
function groupParent(dir: DirectoryRecord, group: DirectoryGroupRecord): string {
  if (group.parentDn) return group.parentDn;
  if (group.Name === DELEGATED_ADMINS) return `OU=AWS Delegated Groups,${baseDnOf(dir)}`;
  if (group.builtIn) return `CN=Users,${baseDnOf(dir)}`;
  return usersContainer(dir);
}

export function userDn(dir: DirectoryRecord, user: DirectoryUserRecord): string {
  return `CN=${escapeRdnValue(user.cn ?? user.UserName)},${user.parentDn ?? usersContainer(dir)}`;
}

export function groupDn(dir: DirectoryRecord, group: DirectoryGroupRecord): string {
  return `CN=${escapeRdnValue(group.Name)},${groupParent(dir, group)}`;
}

// ---- built-in groups ---------------------------------------------------------------------------

/** Domain Admins (with the admin account), Domain Users and, on Managed AD, AWS Delegated Administrators. */
export function ensureBuiltInGroups(ctx: EmulatorContext, dir: DirectoryRecord): void {
  const admin = adminAccount(dir);
  const names: string[] = [...BUILT_IN_GROUPS, ...(dir.Type === "MicrosoftAD" ? [DELEGATED_ADMINS] : [])];
  for (const name of names) {
    if (ctx.store.groups.has(userKey(dir.DirectoryId, name))) continue;
    const members = admin && name !== "Domain Users" && ctx.store.getUser(dir.DirectoryId, admin) ? [admin] : [];
    // Domain Users is everyone's primary group, which AD does not list in `member`.
    ctx.store.put("groups", userKey(dir.DirectoryId, name), { DirectoryId: dir.DirectoryId, Name: name, memberUsers: members, memberGroups: [], createdAt: dir.launchTime, builtIn: true });
  }
}

// ---- account state -----------------------------------------------------------------------------

export function isLocked(user: DirectoryUserRecord, now: number): boolean {
  return user.lockedAt !== undefined && now < user.lockedAt + ACCOUNT_POLICY.lockoutDurationMs;
}

export function passwordExpired(user: DirectoryUserRecord, now: number): boolean {
  if (user.passwordNeverExpires || user.mustChangePassword || user.passwordLastSetAt === undefined) return false;
  return now > user.passwordLastSetAt + ACCOUNT_POLICY.maxPasswordAgeMs;
}

export function userAccountControl(user: DirectoryUserRecord, now: number): number {
  return (
    UAC.NORMAL_ACCOUNT |
    (user.disabled ? UAC.ACCOUNTDISABLE : 0) |
    (user.passwordNeverExpires ? UAC.DONT_EXPIRE_PASSWORD : 0) |
    // Computed bits (msDS-User-Account-Control-Computed in AD), shown so that a reader sees them.
    (isLocked(user, now) ? UAC.LOCKOUT : 0) |
    (passwordExpired(user, now) ? UAC.PASSWORD_EXPIRED : 0)
  );
}

// ---- entries -----------------------------------------------------------------------------------

export type AttributeValue = string | Buffer;

export interface LdapEntry {
  dn: string;
  kind: "user" | "group" | "container";
  /** Attribute name as AD spells it → values. */
  attributes: Map<string, { name: string; values: AttributeValue[] }>;
  user?: DirectoryUserRecord;
  group?: DirectoryGroupRecord;
}

/** Windows FILETIME (100 ns since 1601) as AD writes it. */
export function fileTime(ms: number): string {
  return ((BigInt(ms) + 11_644_473_600_000n) * 10_000n).toString();
}

function generalizedTime(ms: number): string {
  return `${new Date(ms).toISOString().replace(/[-:T]/g, "").slice(0, 14)}.0Z`;
}

/** A stable objectGUID: the same entry keeps it across restarts; a re-created one gets a new one. */
function objectGuid(dirId: string, kind: string, name: string, createdAt: number): Buffer {
  return createHash("sha256").update(`${dirId}|${kind}|${name.toLowerCase()}|${createdAt}`).digest().subarray(0, 16);
}

function entry(dn: string, kind: LdapEntry["kind"], attrs: Record<string, AttributeValue | AttributeValue[] | undefined>): LdapEntry {
  const attributes = new Map<string, { name: string; values: AttributeValue[] }>();
  for (const [name, raw] of Object.entries(attrs)) {
    if (raw === undefined) continue;
    const values = Array.isArray(raw) ? raw : [raw];
    if (values.length > 0) attributes.set(name.toLowerCase(), { name, values });
  }
  attributes.set("distinguishedname", { name: "distinguishedName", values: [dn] });
  return { dn, kind, attributes };
}

/** Every entry of a directory, with memberOf and member resolved to DNs. */
export function directoryEntries(ctx: EmulatorContext, dir: DirectoryRecord): LdapEntry[] {
  const now = ctx.now();
  const base = baseDnOf(dir);
  const schema = (cls: string) => `CN=${cls},CN=Schema,CN=Configuration,${base}`;
  const users = ctx.store.usersOf(dir.DirectoryId);
  const groups = ctx.store.groupsOf(dir.DirectoryId);
  const userDns = new Map(users.map((u) => [u.UserName.toLowerCase(), userDn(dir, u)]));
  const groupDns = new Map(groups.map((g) => [g.Name.toLowerCase(), groupDn(dir, g)]));
  // AD's back link of `manager`: each manager's entry lists its reports.
  const directReports = new Map<string, string[]>();
  for (const u of users) {
    const manager = u.manager?.toLowerCase();
    if (manager && userDns.has(manager)) directReports.set(manager, [...(directReports.get(manager) ?? []), userDns.get(u.UserName.toLowerCase())!]);
  }
  const memberOf = new Map<string, string[]>();
  for (const g of groups) {
    const dn = groupDns.get(g.Name.toLowerCase())!;
    for (const u of g.memberUsers) memberOf.set(`u:${u.toLowerCase()}`, [...(memberOf.get(`u:${u.toLowerCase()}`) ?? []), dn]);
    for (const n of g.memberGroups) memberOf.set(`g:${n.toLowerCase()}`, [...(memberOf.get(`g:${n.toLowerCase()}`) ?? []), dn]);
  }

  const out: LdapEntry[] = containers(dir).map((c) => {
    const rdn = parseDn(c.dn)![0];
    return entry(c.dn, "container", { objectClass: c.objectClass, [rdn.type === "ou" ? "ou" : rdn.type === "dc" ? "dc" : "cn"]: rdn.value, name: rdn.value });
  });
  for (const user of users) {
    const dn = userDns.get(user.UserName.toLowerCase())!;
    const cn = user.cn ?? user.UserName;
    const displayName = [user.GivenName, user.Surname].filter(Boolean).join(" ") || undefined;
    const e = entry(dn, "user", {
      objectClass: ["top", "person", "organizationalPerson", "user"],
      objectCategory: schema("Person"),
      cn,
      name: cn,
      sAMAccountName: user.UserName,
      userPrincipalName: `${user.UserName}@${dir.Name}`,
      givenName: user.GivenName,
      sn: user.Surname,
      displayName,
      mail: user.EmailAddress,
      objectGUID: objectGuid(dir.DirectoryId, "user", user.UserName, user.createdAt),
      userAccountControl: String(userAccountControl(user, now)),
      pwdLastSet: user.mustChangePassword || user.passwordLastSetAt === undefined ? "0" : fileTime(user.passwordLastSetAt),
      badPwdCount: String(user.badPasswordCount ?? 0),
      lockoutTime: user.lockedAt !== undefined && isLocked(user, now) ? fileTime(user.lockedAt) : "0",
      accountExpires: "9223372036854775807",
      primaryGroupID: "513",
      sAMAccountType: "805306368",
      whenCreated: generalizedTime(user.createdAt),
      memberOf: memberOf.get(`u:${user.UserName.toLowerCase()}`),
      // A manager who has since been deleted is no manager (AD drops the link with the entry).
      manager: user.manager ? userDns.get(user.manager.toLowerCase()) : undefined,
      directReports: directReports.get(user.UserName.toLowerCase()),
    });
    e.user = user;
    out.push(e);
  }
  for (const group of groups) {
    const dn = groupDns.get(group.Name.toLowerCase())!;
    const members = [
      ...group.memberUsers.map((u) => userDns.get(u.toLowerCase())),
      ...group.memberGroups.map((g) => groupDns.get(g.toLowerCase())),
    ].filter((m): m is string => m !== undefined);
    const e = entry(dn, "group", {
      objectClass: ["top", "group"],
      objectCategory: schema("Group"),
      cn: group.Name,
      name: group.Name,
      sAMAccountName: group.Name,
      description: group.Description,
      // Global security group.
      groupType: "-2147483646",
      sAMAccountType: "268435456",
      objectGUID: objectGuid(dir.DirectoryId, "group", group.Name, group.createdAt),
      whenCreated: generalizedTime(group.createdAt),
      member: members,
      memberOf: memberOf.get(`g:${group.Name.toLowerCase()}`),
    });
    e.group = group;
    out.push(e);
  }
  return out;
}

/** True when `dn` is `base` or below it (both normalized). */
export function isUnder(dn: string, base: string): boolean {
  return base === "" || dn === base || dn.endsWith(`,${base}`);
}

export function parentOf(normalized: string): string {
  for (let i = 0; i < normalized.length; i++) {
    if (normalized[i] === "\\") i++;
    else if (normalized[i] === ",") return normalized.slice(i + 1);
  }
  return "";
}
