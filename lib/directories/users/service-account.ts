// Where the directory users pages get the admin credentials for a directory: its service account
// from the settings (PORTAL_LDAP_SERVICE_ACCOUNTS), its password from the environment or a file,
// read at each use and never stored by the portal nor logged (in the embedded default, the demo
// directory's Administrator in the emulator, lib/config). The endpoint and CA are directory
// sign-in's (PORTAL_LDAP_ENDPOINTS, PORTAL_LDAP_CA_FILE).
import fs from "node:fs";
import type { DirectoryServiceAccount, PortalConfig } from "@/lib/config";
import { DEMO_DIRECTORY_ADMIN } from "@/lib/aws-emulator/demo-admin";
import { endpointFor } from "@/lib/auth/directory/directory-sign-in";
import { baseDnOf, escapeDnValue } from "@/lib/auth/directory/ldap-escape";
import type { DirectoryConnection } from "./ldap-admin";

export type UserDirectory = { id: string; name: string; shortName: string | null; type: "SIMPLE_AD" | "AD_CONNECTOR" | "MICROSOFT_AD"; dnsIpAddresses: string[] };

export type ConnectionProblem = { ok: false; code: "NOT_CONFIGURED"; message: string };

export function readServiceAccountPassword(account: DirectoryServiceAccount, env: Record<string, string | undefined> = process.env): string | null {
  if ("emulatorDemo" in account.password) return DEMO_DIRECTORY_ADMIN.password;
  if ("env" in account.password) return env[account.password.env]?.trim() || null;
  try {
    return fs.readFileSync(account.password.file, "utf8").trim() || null;
  } catch {
    return null;
  }
}

/** Where new users go: CN=Users in Simple AD (and an on-premises AD behind AD Connector), AWS's OU in Managed AD. */
export function usersContainerOf(directory: UserDirectory): string {
  const base = baseDnOf(directory.name);
  if (directory.type === "MICROSOFT_AD") return `OU=Users,OU=${escapeDnValue(directory.shortName ?? directory.name.split(".")[0].toUpperCase())},${base}`;
  return `CN=Users,${base}`;
}

/** What an admin reads when a directory's users cannot be managed from the portal yet. */
export function notConfiguredMessage(directory: Pick<UserDirectory, "id">): string {
  return `No service account is set up for this directory. Set PORTAL_LDAP_SERVICE_ACCOUNTS (${directory.id}=<account>) and its password, then restart the portal.`;
}

/** The connection and the service account for a directory, or why there is none. */
export function serviceConnectionFor(
  directory: UserDirectory,
  config: Pick<PortalConfig, "directorySignIn" | "directoryServiceAccounts">,
  env: Record<string, string | undefined> = process.env,
): { ok: true; conn: DirectoryConnection } | ConnectionProblem {
  const account = config.directoryServiceAccounts[directory.id];
  if (!account) return { ok: false, code: "NOT_CONFIGURED", message: notConfiguredMessage(directory) };
  const password = readServiceAccountPassword(account, env);
  if (!password) return { ok: false, code: "NOT_CONFIGURED", message: `The password of the service account ${account.bindName} could not be read. Check its setting and restart the portal.` };
  const endpoint = endpointFor(directory, config.directorySignIn);
  if (!endpoint) return { ok: false, code: "NOT_CONFIGURED", message: "The directory has no known address. Set its URL in PORTAL_LDAP_ENDPOINTS." };
  return { ok: true, conn: { endpoint, domain: directory.name, usersDn: usersContainerOf(directory), admin: { bindName: account.bindName, password } } };
}

/** Directory Service's ResetUserPassword is offered for Simple AD and Managed AD; AD Connector's users are reset over LDAP. */
export function resetsThroughDirectoryService(directory: Pick<UserDirectory, "type">): boolean {
  return directory.type === "SIMPLE_AD" || directory.type === "MICROSOFT_AD";
}
