/**
 * What the emulated domain controllers do for each LDAP operation: bind (AD's sub-status codes),
 * search, add, modify and delete of users and groups. Writes go through the same store and
 * password functions as ResetUserPassword; the server commits them (journal + fsync) before it answers.
 * Errors carry AD's result codes and diagnostic messages, which clients parse.
 */
import type { Filter } from "ldapts";
import type { EmulatorContext } from "../emulator-context";
import { userKey } from "../emulator-store";
import type { DirectoryGroupRecord, DirectoryRecord, DirectoryUserRecord } from "../records";
import { adminAccount } from "../directory-service/directories";
import { allLiveDirectories, directoryStage } from "../directory-service/directory-lifecycle";
import { passwordAccepted, passwordProblem, setUserPassword, verifyPassword } from "../directory-service/user-passwords";
import {
  ACCOUNT_POLICY,
  DELEGATED_ADMINS,
  UAC,
  baseDnOf,
  containers,
  directoryEntries,
  ensureBuiltInGroups,
  isLocked,
  isUnder,
  normalizeDn,
  parentOf,
  parseDn,
  passwordExpired,
  usersContainer,
  type LdapEntry,
} from "./directory-entries";
import { matches } from "./ldap-filter";

export const RESULT = {
  success: 0,
  operationsError: 1,
  protocolError: 2,
  sizeLimitExceeded: 4,
  authMethodNotSupported: 7,
  noSuchAttribute: 16,
  undefinedAttributeType: 17,
  constraintViolation: 19,
  attributeOrValueExists: 20,
  noSuchObject: 32,
  invalidDNSyntax: 34,
  invalidCredentials: 49,
  insufficientAccessRights: 50,
  unavailable: 52,
  unwillingToPerform: 53,
  notAllowedOnNonLeaf: 66,
  objectClassViolation: 65,
  entryAlreadyExists: 68,
} as const;

export class LdapError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly matchedDn = "",
  ) {
    super(message);
  }
}

/** AD's words for a refused bind; the `data` code is what clients read (525, 52e, 533, 773…). */
export const bindRefused = (data: string) =>
  new LdapError(RESULT.invalidCredentials, `80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data ${data}, v4563`);
const notBound = () =>
  new LdapError(RESULT.operationsError, "000004DC: LdapErr: DSID-0C090A5C, comment: In order to perform this operation a successful bind must be completed on the connection., data 0, v4563");
const noSuchObject = (best: string) =>
  new LdapError(RESULT.noSuchObject, `0000208D: NameErr: DSID-0310028B, problem 2001 (NO_OBJECT), data 0, best match of:\n\t'${best}'\n`, best);
const noAccess = () => new LdapError(RESULT.insufficientAccessRights, "00002098: SecErr: DSID-03150F94, problem 4003 (INSUFF_ACCESS_RIGHTS), data 0\n");
const passwordRefused = (why: string) =>
  new LdapError(RESULT.constraintViolation, `0000052D: Constraint violation - check_password_restrictions: ${why}`);

/** The connection's state: which directory and account its last successful bind was. */
export interface LdapSession {
  directoryId?: string;
  userName?: string;
}

/** AD Connector directories are proxies to on-premises DCs: the emulator has nothing to answer. */
export class NoAnswer extends Error {}

function directoryFor(ctx: EmulatorContext, test: (d: DirectoryRecord) => boolean): DirectoryRecord | undefined {
  return allLiveDirectories(ctx).find(test);
}

/** A directory that can answer now, or the error a stopped or absent DC would give. */
function answering(ctx: EmulatorContext, dir: DirectoryRecord | undefined): DirectoryRecord | undefined {
  if (!dir) return undefined;
  if (dir.Type === "ADConnector") throw new NoAnswer();
  if (directoryStage(dir, ctx.now()) !== "Active") {
    throw new LdapError(RESULT.unavailable, `00000000: LdapErr: DSID-0C0907E9, comment: The directory ${dir.DirectoryId} is not Active, data 0, v4563`);
  }
  ensureBuiltInGroups(ctx, dir);
  return dir;
}

/** The directory whose naming context holds `dn`. */
function directoryOfDn(ctx: EmulatorContext, dn: string): DirectoryRecord | undefined {
  const normalized = normalizeDn(dn);
  return directoryFor(ctx, (d) => isUnder(normalized, normalizeDn(baseDnOf(d))));
}

type Entries = { list: LdapEntry[]; byDn: Map<string, LdapEntry> };
// A paged search asks again for every page: the entries are rebuilt only after a change in the
// store, or a second later (lockout and password age depend on the time).
const entryCache = new WeakMap<EmulatorContext, Map<string, { revision: number; second: number; entries: Entries }>>();

function entriesOf(ctx: EmulatorContext, dir: DirectoryRecord): Entries {
  const byDirectory = entryCache.get(ctx) ?? new Map<string, { revision: number; second: number; entries: Entries }>();
  entryCache.set(ctx, byDirectory);
  const second = Math.floor(ctx.now() / 1000);
  const cached = byDirectory.get(dir.DirectoryId);
  if (cached && cached.revision === ctx.store.revision && cached.second === second) return cached.entries;
  const list = directoryEntries(ctx, dir);
  const entries = { list, byDn: new Map(list.map((e) => [normalizeDn(e.dn), e])) };
  byDirectory.set(dir.DirectoryId, { revision: ctx.store.revision, second, entries });
  return entries;
}

// ---- bind ----------------------------------------------------------------------------------------

export function bind(ctx: EmulatorContext, session: LdapSession, name: string, password: string): void {
  delete session.directoryId;
  delete session.userName;
  // An empty password is an anonymous bind (RFC 4513), which AD accepts and then refuses everything.
  if (password === "") return;
  const { dir, user } = findAccount(ctx, name);
  // Windows (Managed AD) says "no such user"; Samba, which Simple AD is, says "wrong password".
  if (!dir || !user) throw bindRefused(dir?.Type === "SimpleAD" ? "52e" : "525");
  const now = ctx.now();
  // AD says "locked" whatever the password, and counts no more failures while locked.
  if (isLocked(user, now)) throw bindRefused("775");
  if (!passwordAccepted(user, password, now)) {
    const inWindow = user.lastBadPasswordAt !== undefined && now - user.lastBadPasswordAt < ACCOUNT_POLICY.lockoutWindowMs;
    user.badPasswordCount = (inWindow ? (user.badPasswordCount ?? 0) : 0) + 1;
    user.lastBadPasswordAt = now;
    if (user.badPasswordCount >= ACCOUNT_POLICY.lockoutThreshold) user.lockedAt = now;
    ctx.store.putUser(user);
    throw bindRefused("52e");
  }
  if (user.badPasswordCount || user.lockedAt !== undefined) {
    delete user.badPasswordCount;
    delete user.lastBadPasswordAt;
    delete user.lockedAt;
    ctx.store.putUser(user);
  }
  // After a right password, AD says why the account still may not sign in.
  if (user.disabled) throw bindRefused("533");
  if (user.mustChangePassword) throw bindRefused("773");
  if (passwordExpired(user, now)) throw bindRefused("532");
  session.directoryId = dir.DirectoryId;
  session.userName = user.UserName;
}

/** The three forms AD takes: user@domain (UPN), DOMAIN\user (down-level) and the entry's DN. */
function findAccount(ctx: EmulatorContext, name: string): { dir?: DirectoryRecord; user?: DirectoryUserRecord } {
  const backslash = name.indexOf("\\");
  if (backslash > 0 && !name.includes("=")) {
    const netbios = name.slice(0, backslash).toLowerCase();
    const dir = answering(ctx, directoryFor(ctx, (d) => d.ShortName.toLowerCase() === netbios));
    return { dir, user: dir && ctx.store.getUser(dir.DirectoryId, name.slice(backslash + 1)) };
  }
  const at = name.lastIndexOf("@");
  if (at > 0 && !name.includes("=")) {
    const domain = name.slice(at + 1).toLowerCase();
    const dir = answering(ctx, directoryFor(ctx, (d) => d.Name.toLowerCase() === domain));
    return { dir, user: dir && ctx.store.getUser(dir.DirectoryId, name.slice(0, at)) };
  }
  if (parseDn(name) === null || !name.includes("=")) return {};
  const dir = answering(ctx, directoryOfDn(ctx, name));
  if (!dir) return {};
  const found = entriesOf(ctx, dir).byDn.get(normalizeDn(name));
  return { dir, user: found?.user };
}

// ---- search --------------------------------------------------------------------------------------

export interface SearchInput {
  baseDn: string;
  scope: string;
  filter: Filter;
  sizeLimit: number;
}

/** AD's MaxPageSize: a search without paging returns at most this many entries. */
export const MAX_PAGE_SIZE = 1000;

export function search(ctx: EmulatorContext, session: LdapSession, input: SearchInput): LdapEntry[] {
  const dir = boundDirectory(ctx, session);
  const { list, byDn } = entriesOf(ctx, dir);
  const base = normalizeDn(input.baseDn);
  if (!byDn.has(base)) {
    if (!isUnder(base, normalizeDn(baseDnOf(dir)))) throw noSuchObject("");
    let best = parentOf(base);
    while (best && !byDn.has(best)) best = parentOf(best);
    throw noSuchObject(byDn.get(best)?.dn ?? "");
  }
  return list.filter((e) => {
    const dn = normalizeDn(e.dn);
    const inScope =
      input.scope === "base" ? dn === base : input.scope === "one" ? parentOf(dn) === base : input.scope === "children" ? dn !== base && isUnder(dn, base) : isUnder(dn, base);
    return inScope && matches(input.filter, e, { byDn });
  });
}

function boundDirectory(ctx: EmulatorContext, session: LdapSession): DirectoryRecord {
  if (!session.directoryId || !session.userName) throw notBound();
  const dir = answering(ctx, directoryFor(ctx, (d) => d.DirectoryId === session.directoryId));
  // The directory was deleted under an open connection: as if its DC went away.
  if (!dir || !ctx.store.getUser(dir.DirectoryId, session.userName)) throw notBound();
  return dir;
}

/** Administrators: the directory's admin account and (nested) members of Domain Admins or AWS Delegated Administrators. */
function requireAdmin(ctx: EmulatorContext, dir: DirectoryRecord, session: LdapSession): void {
  const name = session.userName!.toLowerCase();
  if (adminAccount(dir)?.toLowerCase() === name) return;
  const groups = new Map(ctx.store.groupsOf(dir.DirectoryId).map((g) => [g.Name.toLowerCase(), g]));
  const reaches = (group: DirectoryGroupRecord | undefined, seen = new Set<string>()): boolean => {
    if (!group || seen.has(group.Name.toLowerCase())) return false;
    seen.add(group.Name.toLowerCase());
    if (group.memberUsers.some((u) => u.toLowerCase() === name)) return true;
    return group.memberGroups.some((g) => reaches(groups.get(g.toLowerCase()), seen));
  };
  // A member of a group nested in an admin group is an admin: look from the admin groups down.
  if (reaches(groups.get("domain admins")) || reaches(groups.get(DELEGATED_ADMINS.toLowerCase()))) return;
  throw noAccess();
}

// ---- writes --------------------------------------------------------------------------------------

export interface AttributeInput {
  type: string;
  /** Raw values as sent (unicodePwd is binary). */
  buffers: Buffer[];
}

const strings = (a: AttributeInput) => a.buffers.map((b) => b.toString("utf8"));

/** AD takes a password only as the quoted password in UTF-16LE. */
function decodeUnicodePwd(value: Buffer): string {
  const text = value.toString("utf16le");
  if (value.length % 2 !== 0 || text.length < 2 || !text.startsWith('"') || !text.endsWith('"')) {
    throw new LdapError(RESULT.unwillingToPerform, "0000001F: SvcErr: DSID-031A12D2, problem 5003 (WILL_NOT_PERFORM), data 0\n");
  }
  return text.slice(1, -1);
}

function checkedPassword(value: Buffer, accountName: string): string {
  const password = decodeUnicodePwd(value);
  const problem = passwordProblem(password, accountName);
  if (problem) throw passwordRefused(problem);
  return password;
}

/** Resolve a member DN to a user or group of the directory. */
/** The account a `manager` value (a DN) names: a user of this directory, as AD requires of the link. */
function managerOf(byDn: Map<string, LdapEntry>, dn: string): string {
  const found = byDn.get(normalizeDn(dn));
  if (found?.user) return found.user.UserName;
  if (found) throw new LdapError(RESULT.constraintViolation, "0000202F: AtrErr: DSID-03153943, #1:\n\t0: 0000202F: DSID-03153943, problem 1005 (CONSTRAINT_ATT_TYPE), data 0, Att 9a (manager)\n");
  throw noSuchObject("");
}

function memberOf(byDn: Map<string, LdapEntry>, dn: string): { user?: string; group?: string } {
  const found = byDn.get(normalizeDn(dn));
  if (found?.user) return { user: found.user.UserName };
  if (found?.group) return { group: found.group.Name };
  throw noSuchObject("");
}

export function add(ctx: EmulatorContext, session: LdapSession, dn: string, attributes: AttributeInput[]): void {
  const dir = boundDirectory(ctx, session);
  requireAdmin(ctx, dir, session);
  const rdn = parseDn(dn);
  if (!rdn || rdn.length < 2 || rdn[0].type !== "cn") throw new LdapError(RESULT.invalidDNSyntax, `00002081: NameErr: DSID-03050F42, problem 2003 (BAD_ATT_SYNTAX), data 0, best match of:\n\t'${dn}'\n`);
  const { byDn } = entriesOf(ctx, dir);
  const parent = parentOf(normalizeDn(dn));
  const container = containers(dir).find((c) => normalizeDn(c.dn) === parent);
  if (!container) throw noSuchObject(baseDnOf(dir));
  if (byDn.has(normalizeDn(dn))) throw new LdapError(RESULT.entryAlreadyExists, "00000524: UpdErr: DSID-031A11E2, problem 6005 (ENTRY_EXISTS), data 0\n");
  const attr = (name: string) => attributes.find((a) => a.type.toLowerCase() === name.toLowerCase());
  const first = (name: string) => {
    const a = attr(name);
    return a ? strings(a)[0] : undefined;
  };
  const classes = (attr("objectClass") ? strings(attr("objectClass")!) : []).map((c) => c.toLowerCase());
  const cn = rdn[0].value;
  const parentDn = normalizeDn(container.dn) === normalizeDn(usersContainer(dir)) ? undefined : container.dn;
  if (classes.includes("group")) {
    const name = first("sAMAccountName") ?? cn;
    if (ctx.store.groups.has(userKey(dir.DirectoryId, name)) || ctx.store.getUser(dir.DirectoryId, name)) {
      throw new LdapError(RESULT.entryAlreadyExists, "00000524: UpdErr: DSID-031A11E2, problem 6005 (ENTRY_EXISTS), data 0\n");
    }
    const members = (attr("member") ? strings(attr("member")!) : []).map((m) => memberOf(byDn, m));
    ctx.store.put("groups", userKey(dir.DirectoryId, name), {
      DirectoryId: dir.DirectoryId,
      Name: name,
      ...(first("description") ? { Description: first("description") } : {}),
      memberUsers: members.flatMap((m) => (m.user ? [m.user] : [])),
      memberGroups: members.flatMap((m) => (m.group ? [m.group] : [])),
      createdAt: ctx.now(),
      ...(parentDn ? { parentDn } : {}),
    });
    return;
  }
  if (!classes.includes("user")) {
    throw new LdapError(RESULT.objectClassViolation, "0000207B: UpdErr: DSID-030511CF, problem 6002 (OBJ_CLASS_VIOLATION), data 0\n");
  }
  // AD makes up a sAMAccountName when none is given; a readable one is kinder here.
  const userName = first("sAMAccountName") ?? cn;
  if (ctx.store.getUser(dir.DirectoryId, userName) || ctx.store.groups.has(userKey(dir.DirectoryId, userName))) {
    throw new LdapError(RESULT.entryAlreadyExists, "00000524: UpdErr: DSID-031A11E2, problem 6005 (ENTRY_EXISTS), data 0\n");
  }
  const now = ctx.now();
  const user: DirectoryUserRecord = {
    DirectoryId: dir.DirectoryId,
    UserName: userName,
    createdAt: now,
    ...(cn !== userName ? { cn } : {}),
    ...(parentDn ? { parentDn } : {}),
    ...(first("givenName") ? { GivenName: first("givenName") } : {}),
    ...(first("sn") ? { Surname: first("sn") } : {}),
    ...(first("mail") ? { EmailAddress: first("mail") } : {}),
    ...(first("manager") ? { manager: managerOf(byDn, first("manager")!) } : {}),
  };
  const pwd = attr("unicodePwd");
  if (pwd?.buffers[0]) setUserPassword(user, checkedPassword(pwd.buffers[0], userName), now);
  // Without userAccountControl AD creates the account disabled; with it, as the bits say.
  const uac = first("userAccountControl");
  const uacBits = uac !== undefined && /^\d+$/.test(uac) ? Number(uac) : UAC.NORMAL_ACCOUNT | UAC.ACCOUNTDISABLE;
  if (uacBits & UAC.ACCOUNTDISABLE) user.disabled = true;
  if (uacBits & UAC.DONT_EXPIRE_PASSWORD) user.passwordNeverExpires = true;
  if (!(uacBits & UAC.ACCOUNTDISABLE) && !user.passwordHash) {
    // AD will not enable an account without a password (PASSWD_NOTREQD aside).
    throw new LdapError(RESULT.unwillingToPerform, "0000052D: SvcErr: DSID-031A12D2, problem 5003 (WILL_NOT_PERFORM), data 0\n");
  }
  if (first("pwdLastSet") === "0") user.mustChangePassword = true;
  ctx.store.putUser(user);
}

export interface ChangeInput {
  operation: "add" | "delete" | "replace";
  attribute: AttributeInput;
}

const USER_TEXT_ATTRIBUTES: Record<string, "GivenName" | "Surname" | "EmailAddress"> = { givenname: "GivenName", sn: "Surname", mail: "EmailAddress" };

export function modify(ctx: EmulatorContext, session: LdapSession, dn: string, changes: ChangeInput[]): void {
  const dir = boundDirectory(ctx, session);
  const { byDn } = entriesOf(ctx, dir);
  const target = byDn.get(normalizeDn(dn));
  if (!target) throw noSuchObject(baseDnOf(dir));
  const self = target.user !== undefined && target.user.UserName.toLowerCase() === session.userName!.toLowerCase();
  // A user may change their own password (delete the old value, add the new); all else is an admin's.
  const ownPasswordChange =
    self && changes.length === 2 && changes.every((c) => c.attribute.type.toLowerCase() === "unicodepwd") && changes[0].operation === "delete" && changes[1].operation === "add";
  if (!ownPasswordChange) requireAdmin(ctx, dir, session);
  const now = ctx.now();

  if (target.user) {
    // Work on a copy: nothing is stored unless every change is accepted.
    const user: DirectoryUserRecord = { ...target.user };
    for (const change of changes) {
      const name = change.attribute.type.toLowerCase();
      const values = strings(change.attribute);
      if (name === "unicodepwd") {
        if (change.operation === "delete") {
          const old = decodeUnicodePwd(change.attribute.buffers[0] ?? Buffer.alloc(0));
          if (!verifyPassword(old, user.passwordHash)) {
            throw new LdapError(RESULT.constraintViolation, "00000056: AtrErr: DSID-03190F00, #1:\n\t0: 00000056: DSID-03190F00, problem 1005 (CONSTRAINT_ATT_TYPE), data 0, Att 9005a (unicodePwd)\n");
          }
          if (ownPasswordChange && !user.mustChangePassword && user.passwordLastSetAt !== undefined && now < user.passwordLastSetAt + ACCOUNT_POLICY.minPasswordAgeMs) {
            throw passwordRefused("password is too young to change!");
          }
        } else {
          setUserPassword(user, checkedPassword(change.attribute.buffers[0] ?? Buffer.alloc(0), user.UserName), now);
        }
      } else if (name === "useraccountcontrol" && change.operation === "replace" && /^\d+$/.test(values[0] ?? "")) {
        const bits = Number(values[0]);
        if (!(bits & UAC.ACCOUNTDISABLE) && !user.passwordHash) {
          throw new LdapError(RESULT.unwillingToPerform, "0000052D: SvcErr: DSID-031A12D2, problem 5003 (WILL_NOT_PERFORM), data 0\n");
        }
        user.disabled = (bits & UAC.ACCOUNTDISABLE) !== 0 || undefined;
        user.passwordNeverExpires = (bits & UAC.DONT_EXPIRE_PASSWORD) !== 0 || undefined;
      } else if (name === "pwdlastset" && change.operation === "replace" && (values[0] === "0" || values[0] === "-1")) {
        // 0: must change at next sign-in; -1: the password counts as set now.
        if (values[0] === "0") user.mustChangePassword = true;
        else {
          delete user.mustChangePassword;
          user.passwordLastSetAt = now;
        }
      } else if (name === "lockouttime" && change.operation === "replace" && values[0] === "0") {
        delete user.lockedAt;
        delete user.badPasswordCount;
        delete user.lastBadPasswordAt;
      } else if (name === "manager") {
        if (change.operation === "delete" || values.length === 0) delete user.manager;
        else user.manager = managerOf(byDn, values[0]);
      } else if (name in USER_TEXT_ATTRIBUTES || name === "displayname") {
        if (name === "displayname") continue; // derived from givenName and sn here
        const field = USER_TEXT_ATTRIBUTES[name];
        if (change.operation === "delete" || values.length === 0) delete user[field];
        else user[field] = values[0];
      } else {
        throw new LdapError(RESULT.unwillingToPerform, `0000209A: SvcErr: DSID-031A1254, problem 5003 (WILL_NOT_PERFORM), data 0 (the emulator does not change ${change.attribute.type})\n`);
      }
    }
    for (const key of Object.keys(user) as (keyof DirectoryUserRecord)[]) if (user[key] === undefined) delete user[key];
    ctx.store.putUser(user);
    return;
  }

  if (target.group) {
    const group: DirectoryGroupRecord = { ...target.group, memberUsers: [...target.group.memberUsers], memberGroups: [...target.group.memberGroups] };
    for (const change of changes) {
      const name = change.attribute.type.toLowerCase();
      if (name === "description") {
        group.Description = change.operation === "delete" ? undefined : strings(change.attribute)[0];
        continue;
      }
      if (name !== "member") throw new LdapError(RESULT.unwillingToPerform, `0000209A: SvcErr: DSID-031A1254, problem 5003 (WILL_NOT_PERFORM), data 0 (the emulator does not change ${change.attribute.type})\n`);
      if (change.operation === "replace") {
        group.memberUsers = [];
        group.memberGroups = [];
      }
      for (const dnValue of strings(change.attribute)) {
        const member = memberOf(byDn, dnValue);
        const list = member.user ? group.memberUsers : group.memberGroups;
        const memberName = (member.user ?? member.group)!;
        const at = list.findIndex((m) => m.toLowerCase() === memberName.toLowerCase());
        if (change.operation === "delete") {
          if (at < 0) throw new LdapError(RESULT.unwillingToPerform, "00000561: SvcErr: DSID-031A1254, problem 5003 (WILL_NOT_PERFORM), data 0\n");
          list.splice(at, 1);
        } else {
          if (at >= 0) throw new LdapError(RESULT.entryAlreadyExists, "00000562: UpdErr: DSID-031A1175, problem 6005 (ENTRY_EXISTS), data 0\n");
          list.push(memberName);
        }
      }
    }
    if (group.Description === undefined) delete group.Description;
    ctx.store.put("groups", userKey(dir.DirectoryId, group.Name), group);
    return;
  }
  throw new LdapError(RESULT.unwillingToPerform, "00002035: SvcErr: DSID-031A1254, problem 5003 (WILL_NOT_PERFORM), data 0\n");
}

export function remove(ctx: EmulatorContext, session: LdapSession, dn: string): void {
  const dir = boundDirectory(ctx, session);
  requireAdmin(ctx, dir, session);
  const target = entriesOf(ctx, dir).byDn.get(normalizeDn(dn));
  if (!target) throw noSuchObject(baseDnOf(dir));
  if (target.kind === "container") throw new LdapError(RESULT.notAllowedOnNonLeaf, "00002015: SvcErr: DSID-031A1254, problem 5003 (WILL_NOT_PERFORM), data 0\n");
  if (target.group?.builtIn || (target.user && adminAccount(dir)?.toLowerCase() === target.user.UserName.toLowerCase())) {
    throw new LdapError(RESULT.unwillingToPerform, "00002141: SvcErr: DSID-031A1254, problem 5003 (WILL_NOT_PERFORM), data 0\n");
  }
  const name = (target.user?.UserName ?? target.group!.Name).toLowerCase();
  // Like AD, a deleted account or group leaves every group it was in.
  for (const group of ctx.store.groupsOf(dir.DirectoryId)) {
    const list = target.user ? group.memberUsers : group.memberGroups;
    const kept = list.filter((m) => m.toLowerCase() !== name);
    if (kept.length !== list.length) {
      ctx.store.put("groups", userKey(dir.DirectoryId, group.Name), { ...group, ...(target.user ? { memberUsers: kept } : { memberGroups: kept }) });
    }
  }
  const key = userKey(dir.DirectoryId, name);
  if (target.user) {
    ctx.store.users.delete(key);
    ctx.store.touch("users", key);
  } else ctx.store.delete("groups", key);
}
