// The manager an approval policy's first level asks: read at directory sign-in from the account's
// `manager` attribute (a DN) and resolved to that entry's address over the same connection.
// Against the Samba AD DC of scripts/samba-test-dc.sh, with users of our own (h15p-<run>-*).
import fs from "node:fs";
import { Attribute, Change } from "ldapts";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { DirectorySignInConfig } from "@/lib/config";
import type { PrismaClient } from "@/lib/db/generated/client";
import { openLdapClient } from "./ldap-connection";
import { createTestDb } from "@/test-support/test-db";

const LDAP_URL = process.env.SAMBA_TEST_LDAP_URL;
const CA_FILE = process.env.SAMBA_TEST_CA_FILE;
const DOMAIN = process.env.SAMBA_TEST_DOMAIN ?? "corp.example.com";
const ADMIN_PASSWORD = process.env.SAMBA_TEST_ADMIN_PASSWORD ?? "";
const SKIP = !LDAP_URL || !CA_FILE || !ADMIN_PASSWORD;
if (SKIP) console.warn("Skipping the directory manager tests: no Samba test DC (SAMBA_TEST_LDAP_URL or SAMBA_TEST_ADMIN_PASSWORD is unset).");

let testDb: PrismaClient;
let close: () => Promise<void>;
vi.mock("@/lib/db/client", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  get db() {
    return testDb;
  },
}));

const { verifyCredentials } = await import("@/lib/auth/verify-credentials");
const { createDirectoryUser } = await import("@/lib/directories/users/ldap-admin");

const run = `${Date.now().toString(36).slice(-4)}${Math.floor(Math.random() * 36 ** 2).toString(36)}`;
const name = (suffix: string) => `h15p-${run}-${suffix}`.slice(0, 20);
const PASSWORD = "H15p-Manager-Pass1!";
const DIRECTORY = "d-9067000015";
const endpoint = { url: LDAP_URL ?? "", caPem: CA_FILE && fs.existsSync(CA_FILE) ? fs.readFileSync(CA_FILE, "utf8") : undefined, timeoutMs: 5_000 };
const conn = { endpoint, domain: DOMAIN, admin: { bindName: `Administrator@${DOMAIN}`, password: ADMIN_PASSWORD } };
const config: DirectorySignInConfig = { endpoints: { [DIRECTORY]: LDAP_URL ?? "" }, caFile: CA_FILE, defaultDirectory: undefined, timeoutMs: 5_000, demo: { enabled: false, directoryId: DIRECTORY } };
const created: string[] = [];

async function asAdmin<T>(work: (client: ReturnType<typeof openLdapClient>) => Promise<T>): Promise<T> {
  const client = openLdapClient(endpoint);
  try {
    await client.bind(conn.admin.bindName, conn.admin.password);
    return await work(client);
  } finally {
    await client.unbind().catch(() => {});
  }
}

async function makeUser(userName: string, email: string | null) {
  const result = await createDirectoryUser(conn, { userName, givenName: "H15p", surname: userName, email, password: PASSWORD });
  if (!result.ok) throw new Error(result.message);
  created.push(result.user.dn);
  return result.user.dn;
}

describe.skipIf(SKIP)("the manager at directory sign-in (Samba AD DC)", () => {
  const manager = name("boss");
  const report = name("rep");
  const orphan = name("solo");
  beforeAll(async () => {
    ({ db: testDb, close } = await createTestDb());
    await testDb.directory.create({
      data: { id: DIRECTORY, name: DOMAIN, shortName: "CORP", type: "SIMPLE_AD", region: "us-east-1", stage: "Active", registered: true, dnsIpAddresses: ["10.0.1.10"] },
    });
    const managerDn = await makeUser(manager, `${manager}@mail.example.com`);
    const reportDn = await makeUser(report, `${report}@mail.example.com`);
    await makeUser(orphan, null);
    await asAdmin((client) => client.modify(reportDn, [new Change({ operation: "add", modification: new Attribute({ type: "manager", values: [managerDn] }) })]));
  });
  afterAll(async () => {
    await asAdmin(async (client) => {
      for (const dn of created.reverse()) await client.del(dn).catch(() => {});
    });
    await close?.();
  });

  const signIn = (login: string) => verifyCredentials(testDb, { email: login, password: PASSWORD, ipAddress: "198.51.100.15" }, { directorySignIn: config });

  it("the report's manager DN becomes the manager's e-mail on the portal user", async () => {
    const verdict = await signIn(`${report}@${DOMAIN}`);
    expect(verdict).toMatchObject({ ok: true });
    const user = await testDb.user.findUniqueOrThrow({ where: { email: `${report}@mail.example.com` } });
    expect(user.managerEmail).toBe(`${manager}@mail.example.com`);
  });

  it("someone without a manager has none, and a manager removed in the directory is removed at the next sign-in", async () => {
    expect(await signIn(`${orphan}@${DOMAIN}`)).toMatchObject({ ok: true });
    expect((await testDb.user.findFirstOrThrow({ where: { directoryUserName: orphan } })).managerEmail).toBeNull();

    const reportDn = created[1];
    await asAdmin((client) => client.modify(reportDn, [new Change({ operation: "delete", modification: new Attribute({ type: "manager", values: [] }) })]));
    expect(await signIn(`${report}@${DOMAIN}`)).toMatchObject({ ok: true });
    expect((await testDb.user.findFirstOrThrow({ where: { directoryUserName: report } })).managerEmail).toBeNull();
  });
});
