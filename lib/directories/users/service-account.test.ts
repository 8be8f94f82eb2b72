import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { DirectorySignInConfig } from "@/lib/config";
import { resetsThroughDirectoryService, serviceConnectionFor, usersContainerOf, type UserDirectory } from "./service-account";

const signIn: DirectorySignInConfig = {
  endpoints: { "d-1234567890": "ldaps://dc1.corp.example.com:636" },
  caFile: undefined,
  defaultDirectory: undefined,
  timeoutMs: 5_000,
  demo: { enabled: false, directoryId: "d-9067000001" },
};
const simple: UserDirectory = { id: "d-1234567890", name: "corp.example.com", shortName: "CORP", type: "SIMPLE_AD", dnsIpAddresses: ["10.0.1.10"] };

describe("the service account a directory's users are managed with", () => {
  it("takes the password from the environment or a file at each use", () => {
    const account = { bindName: "svc@corp.example.com", password: { env: "PORTAL_LDAP_SERVICE_PASSWORD_D_1234567890" } };
    const viaEnv = serviceConnectionFor(simple, { directorySignIn: signIn, directoryServiceAccounts: { [simple.id]: account } }, { PORTAL_LDAP_SERVICE_PASSWORD_D_1234567890: "Env-Pass-1" });
    expect(viaEnv).toMatchObject({
      ok: true,
      conn: { endpoint: { url: "ldaps://dc1.corp.example.com:636" }, domain: "corp.example.com", usersDn: "CN=Users,DC=corp,DC=example,DC=com", admin: { bindName: "svc@corp.example.com", password: "Env-Pass-1" } },
    });

    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "svc-")), "pw");
    fs.writeFileSync(file, "File-Pass-1\n");
    const config = { directorySignIn: signIn, directoryServiceAccounts: { [simple.id]: { bindName: "CORP\\svc", password: { file } } } };
    expect(serviceConnectionFor(simple, config, {})).toMatchObject({ ok: true, conn: { admin: { password: "File-Pass-1" } } });
    fs.writeFileSync(file, "Rotated-Pass-2\n");
    expect(serviceConnectionFor(simple, config, {})).toMatchObject({ ok: true, conn: { admin: { password: "Rotated-Pass-2" } } });
    fs.rmSync(file);
    expect(serviceConnectionFor(simple, config, {})).toEqual({ ok: false, code: "NOT_CONFIGURED", message: "The password of the service account CORP\\svc could not be read. Check its setting and restart the portal." });
  });

  it("says how to set one up for a directory without", () => {
    expect(serviceConnectionFor(simple, { directorySignIn: signIn, directoryServiceAccounts: {} })).toEqual({
      ok: false,
      code: "NOT_CONFIGURED",
      message: "No service account is set up for this directory. Set PORTAL_LDAP_SERVICE_ACCOUNTS (d-1234567890=<account>) and its password, then restart the portal.",
    });
  });

  it("puts new users where AWS's layout has them, and resets through Directory Service where AWS offers it", () => {
    expect(usersContainerOf(simple)).toBe("CN=Users,DC=corp,DC=example,DC=com");
    expect(usersContainerOf({ ...simple, type: "MICROSOFT_AD" })).toBe("OU=Users,OU=CORP,DC=corp,DC=example,DC=com");
    expect([resetsThroughDirectoryService(simple), resetsThroughDirectoryService({ type: "MICROSOFT_AD" }), resetsThroughDirectoryService({ type: "AD_CONNECTOR" })]).toEqual([true, true, false]);
  });
});
