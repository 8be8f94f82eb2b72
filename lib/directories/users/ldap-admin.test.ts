// The LDAP admin client against a real Active Directory: the Samba AD DC of scripts/samba-test-dc.sh
// (.ci/run starts it and exports SAMBA_TEST_*), as its Administrator. Users are named dirusers-<run>-*.
import fs from "node:fs";
import { Client } from "ldapts";
import { afterAll, describe, expect, it } from "vitest";
import { openLdapClient } from "@/lib/auth/directory/ldap-connection";
import {
  createDirectoryUser,
  getDirectoryUser,
  listDirectoryUsers,
  resetDirectoryUserPassword,
  setDirectoryUserEnabled,
  usersFilter,
  type DirectoryConnection,
} from "./ldap-admin";

const LDAP_URL = process.env.SAMBA_TEST_LDAP_URL;
const CA_FILE = process.env.SAMBA_TEST_CA_FILE;
const DOMAIN = process.env.SAMBA_TEST_DOMAIN ?? "corp.example.com";
const PASSWORD = process.env.SAMBA_TEST_ADMIN_PASSWORD ?? "";
const SKIP = !LDAP_URL || !CA_FILE || !PASSWORD;
if (SKIP) {
  console.warn(
    "Skipping the directory users LDAP tests: no Samba test DC (SAMBA_TEST_LDAP_URL or SAMBA_TEST_ADMIN_PASSWORD is unset). Start one with\n" +
      "  eval \"$(bash scripts/samba-test-dc.sh start | grep '^export ')\"   (.ci/run does)",
  );
}

const run = `${Date.now().toString(36).slice(-5)}${Math.floor(Math.random() * 36 ** 2).toString(36)}`;
const name = (suffix: string) => `dirusers-${run}-${suffix}`.slice(0, 20); // sAMAccountName: 20 characters at most
const created: string[] = [];

function conn(overrides: Partial<DirectoryConnection> = {}): DirectoryConnection {
  return {
    endpoint: { url: LDAP_URL ?? "", caPem: CA_FILE ? fs.readFileSync(CA_FILE, "utf8") : undefined, timeoutMs: 5_000 },
    domain: DOMAIN,
    admin: { bindName: `Administrator@${DOMAIN}`, password: PASSWORD },
    ...overrides,
  };
}

/** Does the user's own bind succeed with this password (the proof a reset worked)? AD's answer in full. */
async function userBind(userName: string, password: string): Promise<"ok" | string> {
  const client: Client = openLdapClient(conn().endpoint);
  try {
    await client.bind(`${userName}@${DOMAIN}`, password);
    return "ok";
  } catch (error) {
    return (error as Error).message;
  } finally {
    await client.unbind().catch(() => {});
  }
}

describe("usersFilter", () => {
  it("escapes what is typed, so a search cannot widen itself", () => {
    expect(usersFilter("x)(objectClass=*")).toContain("sAMAccountName=*x\\29\\28objectClass=\\2a*");
    expect(usersFilter("  ")).toBe("(&(objectCategory=person)(objectClass=user))");
  });
});

describe.skipIf(SKIP)("directory users over LDAP against the Samba AD DC", () => {
  afterAll(async () => {
    // Leave the shared DC as it was.
    const client = openLdapClient(conn().endpoint);
    await client.bind(`Administrator@${DOMAIN}`, PASSWORD);
    for (const userName of created) await client.del(`CN=${userName},CN=Users,${process.env.SAMBA_TEST_BASE_DN}`).catch(() => {});
    await client.unbind();
  });

  it("creates a user who can sign in with the initial password, and finds them by name, display name and mail", async () => {
    const userName = name("ann");
    const made = await createDirectoryUser(conn(), { userName, givenName: "Ann", surname: `Example${run}`, email: `${userName}@example.com`, password: "Initial-Pass-1234" });
    created.push(userName);
    expect(made).toMatchObject({ ok: true, user: { userName, displayName: `Ann Example${run}`, email: `${userName}@example.com`, userPrincipalName: `${userName}@${DOMAIN}`, enabled: true, locked: false } });
    expect(await userBind(userName, "Initial-Pass-1234")).toBe("ok");

    for (const search of [userName, `Example${run}`, `${userName}@example`]) {
      const found = await listDirectoryUsers(conn(), { search });
      expect(found.ok && found.users.map((u) => u.userName)).toEqual([userName]);
    }
    const nothing = await listDirectoryUsers(conn(), { search: `${userName}*)(objectClass=*` });
    expect(nothing).toEqual({ ok: true, users: [], more: false });
  });

  it("lists users page by page: the first ones by name, and says there are more", async () => {
    const all = await listDirectoryUsers(conn());
    expect(all.ok).toBe(true);
    if (!all.ok) return;
    expect(all.users.map((u) => u.userName)).toContain("Administrator");
    const one = await listDirectoryUsers(conn(), { limit: 1 });
    expect(one).toMatchObject({ ok: true, more: true, users: [all.users[0]] });
  });

  it("makes a user change the initial password at the next sign-in when asked", async () => {
    const userName = name("bob");
    const made = await createDirectoryUser(conn(), { userName, givenName: "Bob", surname: "Example", password: "Initial-Pass-1234", mustChangePassword: true });
    created.push(userName);
    expect(made.ok).toBe(true);
    expect(await userBind(userName, "Initial-Pass-1234")).toMatch(/data 773/);
  });

  it("refuses a password the policy refuses, with a plain message, and creates nothing", async () => {
    const userName = name("weak");
    const made = await createDirectoryUser(conn(), { userName, givenName: "Weak", surname: "Password", password: "abc" });
    expect(made).toMatchObject({ ok: false, code: "PASSWORD_POLICY", message: expect.stringMatching(/password policy/) });
    expect(await getDirectoryUser(conn(), userName)).toMatchObject({ ok: false, code: "NOT_FOUND" });
  });

  it("refuses a user name already in use", async () => {
    const made = await createDirectoryUser(conn(), { userName: "Administrator", givenName: "A", surname: "B", password: "Initial-Pass-1234" });
    expect(made).toEqual({ ok: false, code: "ALREADY_EXISTS", message: "The user Administrator already exists in the directory." });
  });

  it("resets a password (the new one signs in) and disables and enables a user", async () => {
    const userName = name("cat");
    expect((await createDirectoryUser(conn(), { userName, givenName: "Cat", surname: "Example", password: "Initial-Pass-1234" })).ok).toBe(true);
    created.push(userName);

    expect(await resetDirectoryUserPassword(conn(), { userName, password: "Second-Pass-5678" })).toEqual({ ok: true });
    expect(await userBind(userName, "Second-Pass-5678")).toBe("ok");
    // (The old password is not tested: AD, like Samba, keeps accepting it for a while after a reset.)
    expect(await resetDirectoryUserPassword(conn(), { userName, password: "short" })).toMatchObject({ ok: false, code: "PASSWORD_POLICY" });

    expect(await setDirectoryUserEnabled(conn(), { userName, enabled: false })).toEqual({ ok: true });
    expect(await getDirectoryUser(conn(), userName)).toMatchObject({ ok: true, user: { enabled: false } });
    expect(await userBind(userName, "Second-Pass-5678")).toMatch(/data 533/);
    expect(await setDirectoryUserEnabled(conn(), { userName, enabled: true })).toEqual({ ok: true });
    expect(await userBind(userName, "Second-Pass-5678")).toBe("ok");

    expect(await setDirectoryUserEnabled(conn(), { userName: name("nobody"), enabled: false })).toMatchObject({ ok: false, code: "NOT_FOUND" });
  });

  it("says when the service account is refused or the certificate is not trusted", async () => {
    expect(await listDirectoryUsers(conn({ admin: { bindName: `Administrator@${DOMAIN}`, password: "wrong-password" } }))).toMatchObject({ ok: false, code: "ADMIN_SIGN_IN_REFUSED" });
    expect(await listDirectoryUsers(conn({ endpoint: { url: LDAP_URL ?? "", caPem: undefined, timeoutMs: 5_000 } }))).toMatchObject({ ok: false, code: "UNTRUSTED_CERTIFICATE" });
  });
});
