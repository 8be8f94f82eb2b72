// The LDAP admin client for a directory's users: list and search, create with an initial password,
// reset a password, disable and enable. Plain Active Directory LDAP over LDAPS (the only way AD
// accepts a password over LDAP: unicodePwd, a quoted UTF-16LE string, on an encrypted connection).
// Every call takes the connection and the admin credentials explicitly: the portal's pages use a
// directory's configured service account, quick set-up the admin password of a directory it just
// created. Passwords are never logged nor put in a message.
import { Attribute, Change, InvalidCredentialsError, ResultCodeError, type Client } from "ldapts";
import { connectionFailure, openLdapClient, type LdapEndpoint } from "@/lib/auth/directory/ldap-connection";
import { baseDnOf, escapeDnValue, escapeFilterValue } from "@/lib/auth/directory/ldap-escape";
import { directoryUserError, mapDirectoryRefusal, type DirectoryUserError } from "./ad-errors";

export type DirectoryConnection = {
  endpoint: LdapEndpoint;
  /** The directory's DNS name (corp.example.com): the base DN and the users' UPN suffix. */
  domain: string;
  /** Where new users go; default CN=Users,<base DN> (Simple AD). Managed AD: OU=Users,OU=<NetBIOS>,<base DN>. */
  usersDn?: string;
  /** The admin who makes the changes: "Administrator@corp.example.com" or "CORP\\Administrator". */
  admin: { bindName: string; password: string };
};

export type DirectoryUser = {
  dn: string;
  userName: string;
  displayName: string;
  givenName: string | null;
  surname: string | null;
  email: string | null;
  userPrincipalName: string | null;
  enabled: boolean;
  locked: boolean;
};

export type NewDirectoryUser = {
  userName: string;
  givenName: string;
  surname: string;
  email?: string | null;
  password: string;
  /** pwdLastSet=0: the user chooses their own password at the next sign-in. */
  mustChangePassword?: boolean;
};

export type DirectoryUserResult<T> = ({ ok: true } & T) | DirectoryUserError;

/** userAccountControl bits (MS-ADTS 2.2.16). */
const ACCOUNTDISABLE = 0x2;
const LOCKOUT = 0x10;
const NORMAL_ACCOUNT = 0x200;

const USER_ATTRIBUTES = ["sAMAccountName", "displayName", "givenName", "sn", "mail", "userPrincipalName", "userAccountControl", "lockoutTime", "msDS-User-Account-Control-Computed", "cn"];

/** AD wants the new password in double quotes, encoded UTF-16LE. */
export function encodeUnicodePwd(password: string): Buffer {
  return Buffer.from(`"${password}"`, "utf16le");
}

export function usersDnOf(conn: Pick<DirectoryConnection, "domain" | "usersDn">): string {
  return conn.usersDn ?? `CN=Users,${baseDnOf(conn.domain)}`;
}

/** People (not computers), optionally those whose name, display name or mail contains `search`; every typed value is escaped (RFC 4515). */
export function usersFilter(search?: string): string {
  const people = "(objectCategory=person)(objectClass=user)";
  const text = search?.trim();
  if (!text) return `(&${people})`;
  const v = `*${escapeFilterValue(text)}*`;
  return `(&${people}(|(sAMAccountName=${v})(displayName=${v})(givenName=${v})(sn=${v})(mail=${v})(userPrincipalName=${v})))`;
}

function userNameFilter(userName: string): string {
  return `(&(objectCategory=person)(objectClass=user)(sAMAccountName=${escapeFilterValue(userName)}))`;
}

/** Binds as the admin, runs `work`, always unbinds; LDAP refusals and connection failures become values. */
async function withAdmin<T>(conn: DirectoryConnection, subject: string, work: (client: Client) => Promise<DirectoryUserResult<T>>): Promise<DirectoryUserResult<T>> {
  // An empty password makes a simple bind anonymous, which "succeeds": never send one.
  if (!conn.admin.password) return directoryUserError("ADMIN_SIGN_IN_REFUSED", "No password is set for the directory's service account.");
  const client = openLdapClient(conn.endpoint);
  try {
    try {
      await client.bind(conn.admin.bindName, conn.admin.password);
    } catch (error) {
      if (error instanceof InvalidCredentialsError) {
        return directoryUserError("ADMIN_SIGN_IN_REFUSED", `The directory refused the service account ${conn.admin.bindName}: check its name and password.`);
      }
      throw error;
    }
    return await work(client);
  } catch (error) {
    if (error instanceof ResultCodeError) return mapDirectoryRefusal(error.code, error.message, subject);
    const failure = connectionFailure(error);
    return failure.kind === "UNTRUSTED_CERTIFICATE"
      ? directoryUserError("UNTRUSTED_CERTIFICATE", "The directory's certificate is not trusted: check the CA certificate setting (PORTAL_LDAP_CA_FILE).")
      : directoryUserError("UNREACHABLE", `The directory could not be reached (${failure.detail}).`);
  } finally {
    await client.unbind().catch(() => {});
  }
}

function toUser(entry: Record<string, unknown> & { dn: string }): DirectoryUser {
  const text = (name: string) => {
    const value = entry[name];
    const first = Array.isArray(value) ? value[0] : value;
    return first === undefined || first === "" ? null : String(first);
  };
  const uac = Number(text("userAccountControl") ?? 0);
  const computed = Number(text("msDS-User-Account-Control-Computed") ?? 0);
  const userName = text("sAMAccountName") ?? "";
  return {
    dn: entry.dn,
    userName,
    displayName: text("displayName") ?? text("cn") ?? userName,
    givenName: text("givenName"),
    surname: text("sn"),
    email: text("mail"),
    userPrincipalName: text("userPrincipalName"),
    enabled: (uac & ACCOUNTDISABLE) === 0,
    // AD keeps the lock in lockoutTime; the computed attribute says whether it has expired yet.
    locked: (computed & LOCKOUT) !== 0 || (!("msDS-User-Account-Control-Computed" in entry) && Number(text("lockoutTime") ?? 0) > 0),
  };
}

/**
 * A directory's users, sorted by user name, at most `limit` of them (`more` says there were more:
 * narrow the search). The paged-results control reads past the server's size limit (1000 in AD).
 */
export async function listDirectoryUsers(
  conn: DirectoryConnection,
  options: { search?: string; limit?: number } = {},
): Promise<DirectoryUserResult<{ users: DirectoryUser[]; more: boolean }>> {
  const limit = options.limit ?? 200;
  return withAdmin(conn, "The search", async (client) => {
    const { searchEntries } = await client.search(baseDnOf(conn.domain), {
      scope: "sub",
      filter: usersFilter(options.search),
      attributes: USER_ATTRIBUTES,
      paged: { pageSize: 500 },
    });
    const users = searchEntries.map(toUser).filter((u) => u.userName !== "");
    users.sort((a, b) => a.userName.localeCompare(b.userName, "en", { sensitivity: "base" }));
    return { ok: true, users: users.slice(0, limit), more: users.length > limit };
  });
}

async function findUser(client: Client, conn: DirectoryConnection, userName: string): Promise<DirectoryUser | null> {
  const { searchEntries } = await client.search(baseDnOf(conn.domain), { scope: "sub", filter: userNameFilter(userName), attributes: USER_ATTRIBUTES, sizeLimit: 2 });
  return searchEntries.length === 1 ? toUser(searchEntries[0]) : null;
}

export async function getDirectoryUser(conn: DirectoryConnection, userName: string): Promise<DirectoryUserResult<{ user: DirectoryUser }>> {
  return withAdmin(conn, `The user ${userName}`, async (client) => {
    const user = await findUser(client, conn, userName);
    return user ? { ok: true, user } : directoryUserError("NOT_FOUND", `The user ${userName} was not found in the directory.`);
  });
}

/**
 * Creates an enabled user with its initial password in one LDAP add, so a password the policy
 * refuses leaves nothing behind. The entry's CN is the user name: two people with the same full
 * name can both exist.
 */
export async function createDirectoryUser(conn: DirectoryConnection, input: NewDirectoryUser): Promise<DirectoryUserResult<{ user: DirectoryUser }>> {
  const subject = `The user ${input.userName}`;
  return withAdmin(conn, subject, async (client) => {
    // AD checks sAMAccountName's uniqueness across the domain, but with a message that differs
    // between versions; asking first gives the one plain answer.
    if (await findUser(client, conn, input.userName)) return directoryUserError("ALREADY_EXISTS", `${subject} already exists in the directory.`);
    const dn = `CN=${escapeDnValue(input.userName)},${usersDnOf(conn)}`;
    const displayName = `${input.givenName} ${input.surname}`.trim();
    await client.add(dn, [
      new Attribute({ type: "objectClass", values: ["top", "person", "organizationalPerson", "user"] }),
      new Attribute({ type: "sAMAccountName", values: [input.userName] }),
      new Attribute({ type: "userPrincipalName", values: [`${input.userName}@${conn.domain}`] }),
      new Attribute({ type: "givenName", values: [input.givenName] }),
      new Attribute({ type: "sn", values: [input.surname] }),
      new Attribute({ type: "displayName", values: [displayName] }),
      ...(input.email ? [new Attribute({ type: "mail", values: [input.email] })] : []),
      new Attribute({ type: "unicodePwd", values: [encodeUnicodePwd(input.password)] }),
      new Attribute({ type: "userAccountControl", values: [String(NORMAL_ACCOUNT)] }),
      ...(input.mustChangePassword ? [new Attribute({ type: "pwdLastSet", values: ["0"] })] : []),
    ]);
    const user = await findUser(client, conn, input.userName);
    return user ? { ok: true, user } : directoryUserError("NOT_FOUND", `${subject} was created but cannot be read back.`);
  });
}

/** An admin's reset (no old password needed); it also clears a lockout. */
export async function resetDirectoryUserPassword(
  conn: DirectoryConnection,
  input: { userName: string; password: string; mustChangePassword?: boolean },
): Promise<DirectoryUserResult<object>> {
  const subject = `The user ${input.userName}`;
  return withAdmin(conn, subject, async (client) => {
    const user = await findUser(client, conn, input.userName);
    if (!user) return directoryUserError("NOT_FOUND", `${subject} was not found in the directory.`);
    await client.modify(user.dn, [
      new Change({ operation: "replace", modification: new Attribute({ type: "unicodePwd", values: [encodeUnicodePwd(input.password)] }) }),
      new Change({ operation: "replace", modification: new Attribute({ type: "pwdLastSet", values: [input.mustChangePassword ? "0" : "-1"] }) }),
      new Change({ operation: "replace", modification: new Attribute({ type: "lockoutTime", values: ["0"] }) }),
    ]);
    return { ok: true };
  });
}

/** Disables or enables the account (userAccountControl's ACCOUNTDISABLE bit; the other bits kept). */
export async function setDirectoryUserEnabled(conn: DirectoryConnection, input: { userName: string; enabled: boolean }): Promise<DirectoryUserResult<object>> {
  const subject = `The user ${input.userName}`;
  return withAdmin(conn, subject, async (client) => {
    const { searchEntries } = await client.search(baseDnOf(conn.domain), { scope: "sub", filter: userNameFilter(input.userName), attributes: ["userAccountControl"], sizeLimit: 2 });
    if (searchEntries.length !== 1) return directoryUserError("NOT_FOUND", `${subject} was not found in the directory.`);
    const entry = searchEntries[0];
    const uac = Number(Array.isArray(entry.userAccountControl) ? entry.userAccountControl[0] : entry.userAccountControl ?? NORMAL_ACCOUNT);
    const next = input.enabled ? uac & ~ACCOUNTDISABLE : uac | ACCOUNTDISABLE;
    if (next !== uac) {
      await client.modify(entry.dn, new Change({ operation: "replace", modification: new Attribute({ type: "userAccountControl", values: [String(next)] }) }));
    }
    return { ok: true };
  });
}

/** Which of these user names the directory already has (case-insensitive), in searches of 100 names. */
export async function existingUserNames(conn: DirectoryConnection, userNames: string[]): Promise<DirectoryUserResult<{ existing: Set<string> }>> {
  return withAdmin(conn, "The search", async (client) => {
    const existing = new Set<string>();
    for (let i = 0; i < userNames.length; i += 100) {
      const names = userNames.slice(i, i + 100).map((n) => `(sAMAccountName=${escapeFilterValue(n)})`).join("");
      const { searchEntries } = await client.search(baseDnOf(conn.domain), {
        scope: "sub",
        filter: `(&(objectCategory=person)(objectClass=user)(|${names}))`,
        attributes: ["sAMAccountName"],
        paged: { pageSize: 500 },
      });
      for (const e of searchEntries) existing.add(String(Array.isArray(e.sAMAccountName) ? e.sAMAccountName[0] : e.sAMAccountName).toLowerCase());
    }
    return { ok: true, existing };
  });
}

/**
 * These users' accounts as the directory has them now (the leaver check): enabled or disabled, by
 * lower-cased user name; a name missing from the map is not in the directory (removed). Searches
 * of 100 names.
 */
export async function directoryAccountStates(conn: DirectoryConnection, userNames: string[]): Promise<DirectoryUserResult<{ accounts: Map<string, DirectoryUser> }>> {
  return withAdmin(conn, "The search", async (client) => {
    const accounts = new Map<string, DirectoryUser>();
    for (let i = 0; i < userNames.length; i += 100) {
      const names = userNames.slice(i, i + 100).map((n) => `(sAMAccountName=${escapeFilterValue(n)})`).join("");
      const { searchEntries } = await client.search(baseDnOf(conn.domain), {
        scope: "sub",
        filter: `(&(objectCategory=person)(objectClass=user)(|${names}))`,
        attributes: USER_ATTRIBUTES,
        paged: { pageSize: 500 },
      });
      for (const e of searchEntries) {
        const user = toUser(e);
        if (user.userName) accounts.set(user.userName.toLowerCase(), user);
      }
    }
    return { ok: true, accounts };
  });
}
