// One directory sign-in over LDAPS with ldapts: bind as the person (their password is the proof),
// then read their account and groups with that same connection. No service account is needed,
// and nothing is written to the directory.
import { InvalidCredentialsError } from "ldapts";
import { bindRefusal, type DirectoryRefusal } from "./bind-errors";
import { escapeFilterValue } from "./ldap-escape";
import { connectionFailure, openLdapClient, type LdapEndpoint } from "./ldap-connection";

export type { LdapEndpoint } from "./ldap-connection";

export type DirectoryAccount = {
  dn: string;
  sAMAccountName: string;
  displayName: string;
  mail: string | null;
  userPrincipalName: string | null;
  /** objectGUID in its usual text form (stable across renames). */
  objectGuid: string;
  userAccountControl: number;
  /** Every group the account is in, nested ones included (their cn). */
  groups: string[];
  /** The mail (else userPrincipalName) of the entry the account's `manager` attribute names. */
  managerEmail: string | null;
};

export type DirectoryBindResult =
  | { ok: true; account: DirectoryAccount }
  | { ok: false; kind: "REFUSED"; refusal: DirectoryRefusal; subStatus: string | null }
  | { ok: false; kind: "UNREACHABLE" | "UNTRUSTED_CERTIFICATE" | "ACCOUNT_NOT_FOUND"; detail: string };

/** userAccountControl bits (MS-ADTS 2.2.16). */
const ACCOUNTDISABLE = 0x2;
const LOCKOUT = 0x10;
const PASSWORD_EXPIRED = 0x800000;

/** The filter that finds the signed-in account; every typed value is escaped (RFC 4515). */
export function accountFilter(lookup: { sAMAccountName: string; userPrincipalName?: string }): string {
  const byName = `(sAMAccountName=${escapeFilterValue(lookup.sAMAccountName)})`;
  const match = lookup.userPrincipalName
    ? `(|(userPrincipalName=${escapeFilterValue(lookup.userPrincipalName)})${byName})`
    : byName;
  return `(&(objectCategory=person)(objectClass=user)${match})`;
}

/** Groups of `dn`, nested ones included: AD's LDAP_MATCHING_RULE_IN_CHAIN (Samba has it too). */
export function groupsFilter(dn: string): string {
  return `(&(objectClass=group)(member:1.2.840.113556.1.4.1941:=${escapeFilterValue(dn)}))`;
}

/** objectGUID bytes as AD shows them: the first three fields are little-endian. */
export function formatObjectGuid(bytes: Buffer): string {
  if (bytes.length !== 16) throw new Error(`objectGUID has ${bytes.length} bytes, expected 16`);
  const hex = (from: number, to: number, reverse = false) => {
    const part = [...bytes.subarray(from, to)];
    return (reverse ? part.reverse() : part).map((b) => b.toString(16).padStart(2, "0")).join("");
  };
  return `${hex(0, 4, true)}-${hex(4, 6, true)}-${hex(6, 8, true)}-${hex(8, 10)}-${hex(10, 16)}`;
}

export async function bindAndReadAccount(input: {
  endpoint: LdapEndpoint;
  /** What the bind names: "user@domain" or "DOMAIN\\user". */
  bindName: string;
  password: string;
  baseDn: string;
  lookup: { sAMAccountName: string; userPrincipalName?: string };
}): Promise<DirectoryBindResult> {
  // An empty password makes an LDAP simple bind anonymous, which "succeeds": never send one.
  if (input.password.length === 0) return { ok: false, kind: "REFUSED", refusal: "INVALID_CREDENTIALS", subStatus: null };
  const { endpoint } = input;
  const client = openLdapClient(endpoint);
  try {
    try {
      await client.bind(input.bindName, input.password);
    } catch (error) {
      if (error instanceof InvalidCredentialsError) {
        const { refusal, subStatus } = bindRefusal(error.message);
        return { ok: false, kind: "REFUSED", refusal, subStatus };
      }
      throw error;
    }
    const { searchEntries } = await client.search(input.baseDn, {
      scope: "sub",
      filter: accountFilter(input.lookup),
      attributes: ["sAMAccountName", "displayName", "cn", "mail", "userPrincipalName", "objectGUID", "userAccountControl", "manager"],
      explicitBufferAttributes: ["objectGUID"],
      sizeLimit: 2,
    });
    // The bind proved the password; an account the search cannot single out is still not signed in.
    if (searchEntries.length !== 1) {
      return { ok: false, kind: "ACCOUNT_NOT_FOUND", detail: `${searchEntries.length} entries matched ${accountFilter(input.lookup)}` };
    }
    const entry = searchEntries[0];
    const text = (name: string) => {
      const value = entry[name];
      const first = Array.isArray(value) ? value[0] : value;
      return first === undefined ? null : String(first);
    };
    const guid = entry.objectGUID;
    const guidBytes = Array.isArray(guid) ? guid[0] : guid;
    if (!Buffer.isBuffer(guidBytes)) return { ok: false, kind: "ACCOUNT_NOT_FOUND", detail: "the account has no objectGUID" };
    const userAccountControl = Number(text("userAccountControl") ?? 0);
    // AD refuses such binds itself; checked again so that a directory that does not is no hole.
    if (userAccountControl & ACCOUNTDISABLE) return { ok: false, kind: "REFUSED", refusal: "DISABLED", subStatus: null };
    if (userAccountControl & LOCKOUT) return { ok: false, kind: "REFUSED", refusal: "INVALID_CREDENTIALS", subStatus: null };
    if (userAccountControl & PASSWORD_EXPIRED) return { ok: false, kind: "REFUSED", refusal: "PASSWORD_EXPIRED", subStatus: null };

    const groups = await client.search(input.baseDn, {
      scope: "sub",
      filter: groupsFilter(entry.dn),
      attributes: ["cn"],
      paged: { pageSize: 500 },
    });
    const sAMAccountName = text("sAMAccountName") ?? input.lookup.sAMAccountName;
    return {
      ok: true,
      account: {
        dn: entry.dn,
        sAMAccountName,
        displayName: text("displayName") ?? text("cn") ?? sAMAccountName,
        mail: text("mail"),
        userPrincipalName: text("userPrincipalName"),
        objectGuid: formatObjectGuid(guidBytes),
        userAccountControl,
        groups: groups.searchEntries.map((g) => String(Array.isArray(g.cn) ? g.cn[0] : g.cn)).filter(Boolean).sort(),
        managerEmail: await readManagerEmail(client, text("manager")),
      },
    };
  } catch (error) {
    return { ok: false, ...connectionFailure(error) };
  } finally {
    await client.unbind().catch(() => {});
  }
}

/**
 * The `manager` attribute is a DN: read that entry's address over the same connection. A manager
 * that cannot be read (removed, out of the person's view) is no manager; sign-in goes on.
 */
async function readManagerEmail(client: ReturnType<typeof openLdapClient>, managerDn: string | null): Promise<string | null> {
  if (!managerDn) return null;
  try {
    const { searchEntries } = await client.search(managerDn, { scope: "base", attributes: ["mail", "userPrincipalName"], sizeLimit: 1 });
    const entry = searchEntries[0];
    const first = (value: unknown) => (Array.isArray(value) ? value[0] : value);
    const address = first(entry?.mail) ?? first(entry?.userPrincipalName);
    return typeof address === "string" && address.includes("@") ? address.toLowerCase() : null;
  } catch {
    return null;
  }
}
