// Directory sign-in: which directory a typed name belongs to, where its domain controllers answer,
// and the identity a successful bind gives (for provisionExternalUser).
import fs from "node:fs";
import type { Prisma } from "@/lib/db/generated/client";
import type { DirectorySignInConfig } from "@/lib/config";
import type { ExternalIdentity } from "@/lib/users/provision";
import { baseDnOf } from "./ldap-escape";
import { bindAndReadAccount, type DirectoryAccount, type DirectoryBindResult, type LdapEndpoint } from "./ldap-bind";
import type { LoginName } from "./login-name";

export type SignInDirectory = { id: string; name: string; shortName: string | null; dnsIpAddresses: string[] };

export type DirectoryTarget = {
  directory: SignInDirectory;
  /** The name the bind uses: "user@domain" or "DOMAIN\\user". */
  bindName: string;
  /** The account name as typed (before "@", after "\\"): the throttle's account. */
  userName: string;
  lookup: { sAMAccountName: string; userPrincipalName?: string };
};

type Db = Pick<Prisma.TransactionClient, "directory">;

const DIRECTORY_SELECT = { id: true, name: true, shortName: true, dnsIpAddresses: true } as const;

/** The directory a typed name names, or null when it names none the portal knows. */
export async function findDirectoryTarget(db: Db, login: LoginName, config: DirectorySignInConfig): Promise<DirectoryTarget | null> {
  const directories: SignInDirectory[] = await db.directory.findMany({ select: DIRECTORY_SELECT, orderBy: { id: "asc" } });
  const fallback = defaultDirectory(directories, config);
  if (login.form === "upn") {
    const upn = `${login.userName}@${login.domain}`;
    // A UPN suffix other than a directory's DNS name goes to PORTAL_DEFAULT_DIRECTORY when one is
    // set; never implicitly, or every mistyped e-mail address would be sent to a domain controller.
    const directory = directories.find((d) => d.name.toLowerCase() === login.domain) ?? (config.defaultDirectory ? fallback : undefined);
    if (!directory) return null;
    return { directory, bindName: upn, userName: login.userName, lookup: { sAMAccountName: login.userName, userPrincipalName: upn } };
  }
  if (login.form === "down-level") {
    const netbios = login.netbiosDomain.toLowerCase();
    const directory = directories.find((d) => (d.shortName ?? d.name.split(".")[0]).toLowerCase() === netbios);
    if (!directory) return null;
    return { directory, bindName: `${login.netbiosDomain}\\${login.userName}`, userName: login.userName, lookup: { sAMAccountName: login.userName } };
  }
  if (!fallback) return null;
  return {
    directory: fallback,
    bindName: `${login.userName}@${fallback.name}`,
    userName: login.userName,
    lookup: { sAMAccountName: login.userName, userPrincipalName: `${login.userName}@${fallback.name}` },
  };
}

/** PORTAL_DEFAULT_DIRECTORY (an id or a DNS name), else the only directory there is. */
function defaultDirectory(directories: SignInDirectory[], config: DirectorySignInConfig): SignInDirectory | undefined {
  const wanted = config.defaultDirectory?.toLowerCase();
  if (wanted) return directories.find((d) => d.id === wanted || d.name.toLowerCase() === wanted);
  return directories.length === 1 ? directories[0] : undefined;
}

/** PORTAL_LDAP_ENDPOINTS' URL for the directory (or for "*"), else LDAPS on its first DNS address. */
export function endpointFor(directory: SignInDirectory, config: DirectorySignInConfig): LdapEndpoint | null {
  const url = config.endpoints[directory.id] ?? config.endpoints["*"] ?? (directory.dnsIpAddresses[0] ? `ldaps://${directory.dnsIpAddresses[0]}:636` : null);
  if (!url) return null;
  // One PEM string may hold several CAs: the configured one, and the emulator's when it answers too.
  const caPem = [readCa(config.caFile), readCa(config.emulatorCaFile)].filter(Boolean).join("\n") || undefined;
  return { url, caPem, timeoutMs: config.timeoutMs };
}

// Read at each sign-in (a few hundred bytes): a renewed CA is picked up without a restart, and
// the demo's CA appears once its domain controller has started.
function readCa(file: string | undefined): string | undefined {
  if (!file) return undefined;
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

export type DirectoryAttempt = DirectoryBindResult | { ok: false; kind: "NO_ENDPOINT"; detail: string };

export async function attemptDirectorySignIn(
  target: DirectoryTarget,
  password: string,
  config: DirectorySignInConfig,
  bind: typeof bindAndReadAccount = bindAndReadAccount,
): Promise<DirectoryAttempt> {
  const endpoint = endpointFor(target.directory, config);
  if (!endpoint) return { ok: false, kind: "NO_ENDPOINT", detail: "no DNS address is known and PORTAL_LDAP_ENDPOINTS names none" };
  return bind({ endpoint, bindName: target.bindName, password, baseDn: baseDnOf(target.directory.name), lookup: target.lookup });
}

/** The person as the portal records them: linked to the directory and its account name. */
export function directoryIdentity(directory: SignInDirectory, account: DirectoryAccount): ExternalIdentity {
  return {
    source: "DIRECTORY",
    externalId: `directory:${directory.id}|${account.objectGuid}`,
    email: account.mail ?? account.userPrincipalName ?? `${account.sAMAccountName}@${directory.name}`,
    name: account.displayName,
    directoryId: directory.id,
    directoryUserName: account.sAMAccountName,
    groups: account.groups,
    managerEmail: account.managerEmail,
  };
}

/** What a person reads when the directory cannot be asked. */
export function unreachableMessage(directoryName: string, kind: "UNREACHABLE" | "UNTRUSTED_CERTIFICATE" | "NO_ENDPOINT"): string {
  if (kind === "UNTRUSTED_CERTIFICATE") {
    return `The directory ${directoryName} could not be reached securely: its certificate is not trusted. Ask an administrator to check the directory's CA certificate setting.`;
  }
  return `The directory ${directoryName} could not be reached. Try again in a few minutes; if it keeps happening, tell your IT help desk.`;
}
