// Changes to a directory's users as durable operations: queued by the real server actions, done by
// the real worker. A password reset of the Simple AD goes through Directory Service's
// ResetUserPassword (the emulator, through the real SDK); creating, disabling and enabling, and an
// AD Connector's password reset (AWS offers no ResetUserPassword there), go over LDAP to the Samba AD
// DC of scripts/samba-test-dc.sh with the directory's service account from the settings (skipped
// with a reason when that DC is not running).
import fs from "node:fs";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { resetConfigForTests } from "@/lib/config";
import { DIRECTORY_ID, REGION, startHarness, type Harness } from "@/test-support/worker-harness";

let h: Harness;
let caller: { id: string; email: string; name: string; role: "EMPLOYEE" | "APPROVER" | "ADMIN" } | null = null;

vi.mock("@/lib/db/client", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  get db() {
    return h.db;
  },
}));
vi.mock("@/lib/auth/session", () => ({
  getActionUser: async () => caller,
  getCurrentUser: async () => caller,
  getSessionState: async () =>
    caller && { id: `s-${caller.id}`, method: "PASSWORD", amr: ["pwd"], stage: "complete", mfaEnabled: false, user: caller, createdAt: new Date(), lastSeenAt: new Date(), expiresAt: new Date(Date.now() + 3_600_000) },
}));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const { createDirectoryUserAction, resetDirectoryUserPasswordAction, setDirectoryUserEnabledAction, previewDirectoryUsersCsv, confirmDirectoryUsersCsv } = await import("./actions");
const { directoryUserImport } = await import("./queries");
const { getDirectoryUser } = await import("./ldap-admin");
const { serviceConnectionFor } = await import("./service-account");
const { getConfig } = await import("@/lib/config");
const { openLdapClient } = await import("@/lib/auth/directory/ldap-connection");
const { bindAndReadAccount } = await import("@/lib/auth/directory/ldap-bind");
const { createDirectoryUser } = await import("./ldap-admin");

const LDAP_URL = process.env.SAMBA_TEST_LDAP_URL;
const CA_FILE = process.env.SAMBA_TEST_CA_FILE;
const ADMIN_PASSWORD = process.env.SAMBA_TEST_ADMIN_PASSWORD;
const NO_DC = !LDAP_URL || !CA_FILE || !ADMIN_PASSWORD;
if (NO_DC) {
  console.warn(
    "Skipping the directory users LDAP operations: no Samba test DC (SAMBA_TEST_LDAP_URL or SAMBA_TEST_ADMIN_PASSWORD is unset). Start one with\n" +
      "  eval \"$(bash scripts/samba-test-dc.sh start | grep '^export ')\"   (.ci/run does)",
  );
}

/** An AD Connector in front of the same domain: its domain controllers are the Samba DC's. */
const CONNECTOR_ID = "d-906700ad01";
const SETTINGS = [
  "AUTH_SECRET",
  "PORTAL_LDAP_ENDPOINTS",
  "PORTAL_LDAP_CA_FILE",
  "PORTAL_LDAP_SERVICE_ACCOUNTS",
  "PORTAL_LDAP_SERVICE_PASSWORD_D_9067000001",
  "PORTAL_LDAP_SERVICE_PASSWORD_D_906700AD01",
  "PORTAL_DEMO_DIRECTORY",
];
const saved = Object.fromEntries(SETTINGS.map((k) => [k, process.env[k]]));
const run = `${Date.now().toString(36).slice(-5)}${Math.floor(Math.random() * 1296).toString(36)}`;

beforeAll(async () => {
  process.env.AUTH_SECRET = "directory-users-test-secret-0123456789abcdef";
  process.env.PORTAL_DEMO_DIRECTORY = "off";
  if (!NO_DC) {
    process.env.PORTAL_LDAP_ENDPOINTS = `${DIRECTORY_ID}=${LDAP_URL}, ${CONNECTOR_ID}=${LDAP_URL}`;
    process.env.PORTAL_LDAP_CA_FILE = CA_FILE;
    process.env.PORTAL_LDAP_SERVICE_ACCOUNTS = `${DIRECTORY_ID}=Administrator@corp.example.com, ${CONNECTOR_ID}=Administrator@corp.example.com`;
    process.env.PORTAL_LDAP_SERVICE_PASSWORD_D_9067000001 = ADMIN_PASSWORD;
    process.env.PORTAL_LDAP_SERVICE_PASSWORD_D_906700AD01 = ADMIN_PASSWORD;
  }
  resetConfigForTests();
  h = await startHarness();
});
afterAll(async () => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetConfigForTests();
  await h?.close();
});
beforeEach(async () => {
  const admin = await h.db.user.create({ data: { email: `admin-${Math.random()}@example.com`, name: "Dave", role: "ADMIN" } });
  caller = { id: admin.id, email: admin.email, name: admin.name, role: "ADMIN" };
});

const lastOperation = () => h.db.operation.findFirstOrThrow({ where: { type: "DIRECTORY_USER" }, orderBy: { createdAt: "desc" } });

describe("directory user changes as operations", () => {
  it("resets a Simple AD user's password through ResetUserPassword in the worker; the password never stays", async () => {
    const password = "Fresh-Pass-2468";
    const queued = await resetDirectoryUserPasswordAction({ directoryId: DIRECTORY_ID, userName: "alice", password });
    expect(queued).toMatchObject({ ok: true });
    const before = await lastOperation();
    expect(JSON.stringify(before.payload)).not.toContain(password);
    expect(before.payload).toMatchObject({ action: "RESET_PASSWORD", userName: "alice", secret: { data: expect.any(String) } });
    // Nothing was sent during the request.
    expect(await h.db.awsCall.count({ where: { operation: "ResetUserPassword" } })).toBe(0);

    await h.drain();
    const after = await lastOperation();
    expect(after.status).toBe("SUCCEEDED");
    expect(after.payload).toEqual({ action: "RESET_PASSWORD", userName: "alice" });
    expect(await h.db.awsCall.count({ where: { operation: "ResetUserPassword" } })).toBe(1);
    const audit = await h.db.auditEvent.findMany({ where: { action: { startsWith: "directory.user.reset-password" } }, orderBy: { at: "asc" } });
    expect(audit.map((a) => `${a.action} ${a.outcome}`)).toEqual(["directory.user.reset-password.request SUCCESS", "directory.user.reset-password SUCCESS"]);
    expect(JSON.stringify(audit)).not.toContain(password);
  });

  it("fails a reset AWS refuses with AWS's words, and wipes the password then too", async () => {
    expect(await resetDirectoryUserPasswordAction({ directoryId: DIRECTORY_ID, userName: "nobody-here", password: "Fresh-Pass-2468" })).toMatchObject({ ok: true });
    await h.drain();
    const op = await lastOperation();
    expect(op).toMatchObject({ status: "FAILED", lastErrorCode: "UserDoesNotExistException", payload: { action: "RESET_PASSWORD", userName: "nobody-here" } });
    expect(op.payload).not.toHaveProperty("secret");
  });

  it("refuses a weak password at the field and queues nothing", async () => {
    const count = await h.db.operation.count();
    expect(await resetDirectoryUserPasswordAction({ directoryId: DIRECTORY_ID, userName: "alice", password: "alice-pass" })).toMatchObject({
      ok: false,
      code: "INVALID_INPUT",
      fieldErrors: { password: "The password must use at least three of: lowercase letters, uppercase letters, digits, other characters." },
    });
    expect(await h.db.operation.count()).toBe(count);
  });

  it.runIf(NO_DC)("says a directory without a service account cannot have users created, and queues nothing", async () => {
    expect(await createDirectoryUserAction({ directoryId: DIRECTORY_ID, userName: "x1", givenName: "X", surname: "Y", email: "", password: "Strong-Pass-123" })).toMatchObject({
      ok: false,
      code: "CONFLICT",
      message: expect.stringContaining("No service account is set up for this directory"),
    });
  });

  describe.skipIf(NO_DC)("over LDAP with the service account (Samba AD DC)", () => {
    const userName = `dirusers-${run}-op`;
    const user = async () => {
      const connection = serviceConnectionFor({ id: DIRECTORY_ID, name: "corp.example.com", shortName: "CORP", type: "SIMPLE_AD", dnsIpAddresses: [] }, getConfig());
      if (!connection.ok) throw new Error(connection.message);
      return getDirectoryUser(connection.conn, userName);
    };
    afterAll(async () => {
      const client = openLdapClient({ url: LDAP_URL!, caPem: fs.readFileSync(CA_FILE!, "utf8"), timeoutMs: 5_000 });
      await client.bind("Administrator@corp.example.com", ADMIN_PASSWORD!);
      for (const name of [userName, `dirusers-${run}a`, `dirusers-${run}b`, `dirusers-${run}-adc`]) await client.del(`CN=${name},CN=Users,DC=corp,DC=example,DC=com`).catch(() => {});
      await client.unbind();
    });

    it("creates a user, refuses a second change while one is queued, then disables and enables them", async () => {
      const password = "Initial-Pass-1357";
      expect(await createDirectoryUserAction({ directoryId: DIRECTORY_ID, userName, givenName: "Olga", surname: "Operation", email: `${userName}@example.com`, password })).toMatchObject({ ok: true });
      expect(await setDirectoryUserEnabledAction({ directoryId: DIRECTORY_ID, userName, enabled: false })).toMatchObject({ ok: false, code: "CONFLICT" });
      expect(await user()).toMatchObject({ ok: false, code: "NOT_FOUND" }); // not written during the request
      await h.drain();
      const created = await lastOperation();
      expect(created.status).toBe("SUCCEEDED");
      expect(created.payload).toEqual({ action: "CREATE", userName, givenName: "Olga", surname: "Operation", email: `${userName}@example.com`, mustChangePassword: false });
      expect(await user()).toMatchObject({ ok: true, user: { displayName: "Olga Operation", enabled: true } });

      expect(await setDirectoryUserEnabledAction({ directoryId: DIRECTORY_ID, userName, enabled: false })).toMatchObject({ ok: true });
      await h.drain();
      expect(await user()).toMatchObject({ ok: true, user: { enabled: false } });
      expect(await setDirectoryUserEnabledAction({ directoryId: DIRECTORY_ID, userName, enabled: true })).toMatchObject({ ok: true });
      await h.drain();
      expect(await user()).toMatchObject({ ok: true, user: { enabled: true } });
    });

    it("creates users from a CSV: a preview of good and bad rows without passwords, then a confirmed import the worker completes", async () => {
      const csv = [
        "user_name,first_name,last_name,email,password,must_change_password",
        `dirusers-${run}a,Ann,Import,,Csv-Pass-97531,no`,
        `dirusers-${run}b,Ben,Import,ben@example.com,Csv-Pass-97531,yes`,
        "Administrator,Admin,Again,,Csv-Pass-97531,",
        "bad name!,X,Y,,weak,",
      ].join("\n");
      const form = (extra: Record<string, string> = {}) => {
        const data = new FormData();
        data.set("file", new File([csv], "people.csv", { type: "text/csv" }));
        data.set("directoryId", DIRECTORY_ID);
        for (const [k, v] of Object.entries(extra)) data.set(k, v);
        return data;
      };
      const previewed = await previewDirectoryUsersCsv(form());
      if (!previewed.ok) throw new Error(previewed.message);
      expect(previewed.preview.ready).toBe(2);
      expect(previewed.preview.rows.map((r) => [r.line, r.problems.length === 0])).toEqual([[2, true], [3, true], [4, false], [5, false]]);
      expect(previewed.preview.rows[2].problems).toEqual(["Administrator already exists in the directory."]);
      expect(JSON.stringify(previewed)).not.toContain("Csv-Pass-97531");
      const before = await h.db.operation.count();
      expect(await confirmDirectoryUsersCsv(form({ sha256: "0".repeat(64), expectedRows: "2" }))).toMatchObject({ ok: false, code: "CONFLICT" });
      expect(await h.db.operation.count()).toBe(before);

      const confirmed = await confirmDirectoryUsersCsv(form({ sha256: previewed.preview.sha256, expectedRows: "2" }));
      if (!confirmed.ok) throw new Error(confirmed.message);
      expect(confirmed.queued).toBe(2);
      expect((await directoryUserImport(DIRECTORY_ID, confirmed.jobId))?.map((i) => i.status)).toEqual(["QUEUED", "QUEUED"]);
      await h.drain();
      const items = await directoryUserImport(DIRECTORY_ID, confirmed.jobId);
      expect(items?.map((i) => [i.line, i.userName, i.status]).sort()).toEqual([
        [2, `dirusers-${run}a`, "SUCCEEDED"],
        [3, `dirusers-${run}b`, "SUCCEEDED"],
      ]);
      const ops = await h.db.operation.findMany({ where: { payload: { path: ["bulkJobId"], equals: confirmed.jobId } } });
      expect(JSON.stringify(ops)).not.toContain('"secret"');
    });

    it("fails a create the directory refuses with a plain message, not retried", async () => {
      expect(await createDirectoryUserAction({ directoryId: DIRECTORY_ID, userName, givenName: "Olga", surname: "Again", email: "", password: "Initial-Pass-1357" })).toMatchObject({ ok: true });
      await h.drain();
      expect(await lastOperation()).toMatchObject({ status: "FAILED", attempts: 1, lastErrorCode: "ALREADY_EXISTS", lastError: `The user ${userName} already exists in the directory.` });
    });

    it("resets an AD Connector user's password over LDAP in the worker, not through ResetUserPassword; the new password signs in and is not kept", async () => {
      await h.db.directory.create({
        data: { id: CONNECTOR_ID, name: "corp.example.com", shortName: "CORP", type: "AD_CONNECTOR", dnsIpAddresses: ["10.0.0.10", "10.0.0.11"], region: REGION, stage: "Active", registered: true },
      });
      const connector = serviceConnectionFor({ id: CONNECTOR_ID, name: "corp.example.com", shortName: "CORP", type: "AD_CONNECTOR", dnsIpAddresses: [] }, getConfig());
      if (!connector.ok) throw new Error(connector.message);
      const adcUser = `dirusers-${run}-adc`;
      const initial = "Initial-Pass-8642";
      expect(await createDirectoryUser(connector.conn, { userName: adcUser, givenName: "Ada", surname: "Connector", password: initial })).toMatchObject({ ok: true });
      const signIn = (password: string) =>
        bindAndReadAccount({
          endpoint: { url: LDAP_URL!, caPem: fs.readFileSync(CA_FILE!, "utf8"), timeoutMs: 5_000 },
          bindName: `${adcUser}@corp.example.com`,
          password,
          baseDn: "DC=corp,DC=example,DC=com",
          lookup: { sAMAccountName: adcUser },
        });
      expect(await signIn(initial)).toMatchObject({ ok: true });
      const resetsBefore = await h.db.awsCall.count({ where: { operation: "ResetUserPassword" } });

      const password = "Reset-Over-Ldap-9753";
      expect(await resetDirectoryUserPasswordAction({ directoryId: CONNECTOR_ID, userName: adcUser, password })).toMatchObject({ ok: true });
      const queued = await lastOperation();
      expect(queued).toMatchObject({ directoryId: CONNECTOR_ID, payload: { action: "RESET_PASSWORD", userName: adcUser, secret: { data: expect.any(String) } } });
      expect(JSON.stringify(queued.payload)).not.toContain(password);
      expect(await signIn(password)).toMatchObject({ ok: false, refusal: "INVALID_CREDENTIALS" }); // not written during the request

      await h.drain();
      const done = await h.db.operation.findUniqueOrThrow({ where: { id: queued.id } });
      expect(done.status).toBe("SUCCEEDED");
      expect(done.payload).toEqual({ action: "RESET_PASSWORD", userName: adcUser });
      expect(await h.db.awsCall.count({ where: { operation: "ResetUserPassword" } })).toBe(resetsBefore);
      expect(await signIn(password)).toMatchObject({ ok: true, account: { sAMAccountName: adcUser } });
      const stored = JSON.stringify([await h.db.operation.findMany(), await h.db.auditEvent.findMany(), await h.db.awsCall.findMany()]);
      expect(stored).not.toContain(password);
    });
  });
});
