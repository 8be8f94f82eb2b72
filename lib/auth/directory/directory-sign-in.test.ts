// Directory sign-in against a real Active Directory: the Samba AD DC of scripts/samba-test-dc.sh
// (.ci/run starts it and exports SAMBA_TEST_*), through the whole pipeline (verifyCredentials) on a
// real database. The users and groups are the ones that script creates.
import bcrypt from "bcryptjs";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { DirectorySignInConfig } from "@/lib/config";
import type { PrismaClient } from "@/lib/db/generated/client";
import { clearAuditTrailForTests, createTestDb } from "@/test-support/test-db";

const LDAP_URL = process.env.SAMBA_TEST_LDAP_URL;
const CA_FILE = process.env.SAMBA_TEST_CA_FILE;
const PASSWORD = process.env.SAMBA_TEST_PASSWORD ?? "";
if (!LDAP_URL || !CA_FILE) {
  console.warn(
    "Skipping the directory sign-in tests: no Samba test DC (SAMBA_TEST_LDAP_URL is unset). Start one with\n" +
      "  eval \"$(bash scripts/samba-test-dc.sh start | grep '^export ')\"   (.ci/run does)",
  );
}

let testDb: PrismaClient;
let close: () => Promise<void>;
let caller: { id: string; email: string; name: string; role: "EMPLOYEE" | "APPROVER" | "ADMIN" } | null = null;

vi.mock("@/lib/db/client", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  get db() {
    return testDb;
  },
}));
vi.mock("@/lib/auth/session", () => ({ getActionUser: async () => caller, getCurrentUser: async () => caller }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const { verifyCredentials } = await import("@/lib/auth/verify-credentials");
const { bindAndReadAccount } = await import("./ldap-bind");
const { submitRequest } = await import("@/lib/requests/actions");

const DIRECTORY = "d-9067000001";
const BUNDLE = "wsb-dirtest01";
const HOME = "198.51.100.10";
const config: DirectorySignInConfig = {
  endpoints: { [DIRECTORY]: LDAP_URL ?? "ldaps://127.0.0.1:636" },
  caFile: CA_FILE,
  defaultDirectory: undefined,
  timeoutMs: 5_000,
  demo: { enabled: false, directoryId: DIRECTORY },
};

function signIn(login: string, password: string, options: { ipAddress?: string; directorySignIn?: DirectorySignInConfig; now?: Date } = {}) {
  return verifyCredentials(
    testDb,
    { email: login, password, ipAddress: options.ipAddress ?? HOME },
    { directorySignIn: options.directorySignIn ?? config, now: options.now },
  );
}

const WRONG = { ok: false, code: "INVALID_CREDENTIALS", message: "Wrong email address, user name or password." };

describe.skipIf(!LDAP_URL || !CA_FILE)("directory sign-in against the Samba AD DC", () => {
  beforeAll(async () => {
    ({ db: testDb, close } = await createTestDb());
  });
  afterAll(async () => {
    await close?.();
  });
  beforeEach(async () => {
    caller = null;
    await clearAuditTrailForTests(testDb);
    await testDb.signInThrottle.deleteMany();
    await testDb.desktopRequest.deleteMany();
    await testDb.user.deleteMany();
    await testDb.roleMapping.deleteMany();
    await testDb.directory.upsert({
      where: { id: DIRECTORY },
      create: { id: DIRECTORY, name: "corp.example.com", shortName: "CORP", type: "SIMPLE_AD", region: "us-east-1", stage: "Active", registered: true, dnsIpAddresses: ["10.0.1.10"] },
      update: {},
    });
    await testDb.bundle.upsert({
      where: { id: BUNDLE },
      create: { id: BUNDLE, name: "Standard with Windows", owner: "AMAZON", computeType: "STANDARD", platform: "WINDOWS", rootVolumeGiB: 80, userVolumeGiB: 50, region: "us-east-1" },
      update: {},
    });
    for (const [groupName, role] of [["Portal Admins", "ADMIN"], ["Portal Approvers", "APPROVER"]] as const) {
      await testDb.roleMapping.create({ data: { source: "DIRECTORY", groupName, groupKey: groupName.toLowerCase(), role } });
    }
  });

  it("right password: the portal user is created, linked to the directory user, and can request a desktop", async () => {
    const verdict = await signIn("alice.archer@corp.example.com", PASSWORD);
    expect(verdict).toMatchObject({ ok: true, user: { email: "alice.archer@corp.example.com", name: "Alice Archer", role: "EMPLOYEE", method: "DIRECTORY" } });
    const user = await testDb.user.findUniqueOrThrow({ where: { email: "alice.archer@corp.example.com" } });
    expect(user).toMatchObject({ source: "DIRECTORY", directoryId: DIRECTORY, directoryUserName: "alice.archer", groups: ["Sales"], passwordHash: null });
    expect(user.externalId).toMatch(/^directory:d-9067000001\|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);

    // No manual linking: the request form's action takes the directory and user name from the account.
    caller = { id: user.id, email: user.email, name: user.name, role: user.role };
    const form = new FormData();
    for (const [k, v] of Object.entries({ bundleId: BUNDLE, runningMode: "AUTO_STOP", autoStopTimeoutHours: "1", justification: "Working on the quarterly report" })) form.set(k, v);
    const submitted = await submitRequest(form);
    expect(submitted).toMatchObject({ ok: true });
    expect(await testDb.desktopRequest.findFirst({ where: { requesterId: user.id } })).toMatchObject({ directoryId: DIRECTORY, userName: "alice.archer" });
  });

  it("accepts DOMAIN\\user and a plain name (the only directory is the default) as the same person", async () => {
    const first = await signIn("alice.archer@corp.example.com", PASSWORD);
    const downLevel = await signIn("CORP\\alice.archer", PASSWORD);
    const plain = await signIn("alice.archer", PASSWORD);
    expect(first.ok && downLevel.ok && plain.ok).toBe(true);
    if (first.ok && downLevel.ok && plain.ok) expect(new Set([first.user.id, downLevel.user.id, plain.user.id]).size).toBe(1);
    expect(await testDb.user.count()).toBe(1);
  });

  it("wrong password and unknown user get the same answer; nothing is created", async () => {
    expect(await signIn("alice.archer@corp.example.com", "not-her-password")).toEqual(WRONG);
    expect(await signIn("nobody.here@corp.example.com", PASSWORD)).toEqual(WRONG);
    expect(await testDb.user.count()).toBe(0);
    const messages = (await testDb.auditEvent.findMany({ where: { action: "auth.sign_in" }, orderBy: { at: "asc" } })).map((e) => e.message);
    expect(messages).toEqual(["Directory corp.example.com refused the bind: wrong password", "Directory corp.example.com refused the bind: wrong password"]);
  });

  it("a disabled account is named only after the right password", async () => {
    expect(await signIn("dave.disabled@corp.example.com", PASSWORD)).toEqual({
      ok: false,
      code: "SIGN_IN_REFUSED",
      message: "Your directory account is disabled. Ask your IT help desk to enable it.",
    });
    expect(await signIn("dave.disabled@corp.example.com", "wrong")).toEqual(WRONG);
    expect(await testDb.user.count()).toBe(0);
  });

  it("an expired password says so", async () => {
    expect(await signIn("CORP\\erin.expired", PASSWORD)).toMatchObject({ ok: false, code: "SIGN_IN_REFUSED", message: expect.stringContaining("password has expired") });
  });

  it("a password that must be changed says so", async () => {
    expect(await signIn("mike.mustchange", PASSWORD)).toMatchObject({ ok: false, code: "SIGN_IN_REFUSED", message: expect.stringContaining("must change your directory password") });
  });

  it("a locked account gets the wrong-password answer (AD reports the lock whatever the password), and the audit names the lock", async () => {
    expect(await signIn("lars.locked@corp.example.com", PASSWORD)).toEqual(WRONG);
    const [event] = await testDb.auditEvent.findMany({ where: { action: "auth.sign_in" } });
    expect(event.message).toBe("Directory corp.example.com refused the bind: account locked");
  });

  it("a user in two mapped groups gets the higher role", async () => {
    expect(await signIn("carol.chief@corp.example.com", PASSWORD)).toMatchObject({ ok: true, user: { role: "ADMIN" } });
    expect(await testDb.user.findUniqueOrThrow({ where: { email: "carol.chief@corp.example.com" } })).toMatchObject({ groups: ["Portal Admins", "Portal Approvers"] });
  });

  it("a nested group counts: Helpdesk is a member of Portal Approvers", async () => {
    expect(await signIn("nina.nested@corp.example.com", PASSWORD)).toMatchObject({ ok: true, user: { role: "APPROVER" } });
    expect(await testDb.user.findUniqueOrThrow({ where: { email: "nina.nested@corp.example.com" } })).toMatchObject({ groups: ["Helpdesk", "Portal Approvers"] });
  });

  it("an unmapped user is an EMPLOYEE", async () => {
    expect(await signIn("uma.unmapped@corp.example.com", PASSWORD)).toMatchObject({ ok: true, user: { role: "EMPLOYEE" } });
  });

  it("directory stopped: a clear message, and the local break-glass admin still signs in", async () => {
    await testDb.user.create({ data: { email: "breakglass@example.com", name: "Break Glass", role: "ADMIN", passwordHash: await bcrypt.hash("local-admin-password", 4) } });
    // Nothing listens on this port: what a client sees of a stopped domain controller.
    const stopped = { ...config, endpoints: { [DIRECTORY]: "ldaps://127.0.0.1:1" } };
    expect(await signIn("alice.archer@corp.example.com", PASSWORD, { directorySignIn: stopped })).toEqual({
      ok: false,
      code: "DIRECTORY_UNREACHABLE",
      message: "The directory corp.example.com could not be reached. Try again in a few minutes; if it keeps happening, tell your IT help desk.",
    });
    expect(await signIn("breakglass@example.com", "local-admin-password", { directorySignIn: stopped })).toMatchObject({ ok: true, user: { role: "ADMIN", method: "PASSWORD" } });
    // Not reaching the directory is no failed guess.
    expect(await testDb.signInThrottle.findMany({ where: { failures: { gt: 0 } } })).toEqual([]);
  });

  it("verifies the directory's certificate: without the CA it is not trusted", async () => {
    expect(await signIn("alice.archer@corp.example.com", PASSWORD, { directorySignIn: { ...config, caFile: undefined } })).toMatchObject({
      ok: false,
      code: "DIRECTORY_UNREACHABLE",
      message: expect.stringContaining("its certificate is not trusted"),
    });
  });

  it.each(["*", "al*", "alice.archer)(objectClass=*", "*)(sAMAccountName=alice.archer", "alice.archer\\", "alice\0.archer"])(
    "filter characters in %j never reach Alice's account",
    async (name) => {
      expect(await signIn(name, PASSWORD)).toMatchObject({ ok: false });
      expect(await testDb.user.count()).toBe(0);
    },
  );

  it("parentheses in a real account name are matched literally", async () => {
    expect(await signIn("o(brien)@corp.example.com", PASSWORD)).toMatchObject({ ok: true });
    expect(await testDb.user.findFirstOrThrow()).toMatchObject({ directoryUserName: "o(brien)", name: "Owen OBrien" });
    // The bind and the search both go through escaping (the search is what could go wide).
    const read = await bindAndReadAccount({
      endpoint: { url: config.endpoints[DIRECTORY], caPem: (await import("node:fs")).readFileSync(CA_FILE!, "utf8"), timeoutMs: 5_000 },
      bindName: "alice.archer@corp.example.com",
      password: PASSWORD,
      baseDn: "DC=corp,DC=example,DC=com",
      lookup: { sAMAccountName: "*" },
    });
    expect(read).toMatchObject({ ok: false, kind: "ACCOUNT_NOT_FOUND", detail: expect.stringContaining("0 entries") });
  });

  it("the throttle covers directory accounts: the pair waits, another address does not", async () => {
    const t0 = new Date();
    for (let i = 0; i < 4; i++) expect(await signIn("CORP\\uma.unmapped", "wrong", { ipAddress: "203.0.113.66", now: t0 })).toEqual(WRONG);
    // Whatever form of the name: the same account.
    expect(await signIn("uma.unmapped@corp.example.com", PASSWORD, { ipAddress: "203.0.113.66", now: t0 })).toMatchObject({ code: "LOCKED" });
    expect(await signIn("uma.unmapped@corp.example.com", PASSWORD, { ipAddress: HOME, now: t0 })).toMatchObject({ ok: true });
  });
});
