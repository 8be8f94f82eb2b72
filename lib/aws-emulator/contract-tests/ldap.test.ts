/**
 * The emulated directories answer LDAP as AD does. One table of cases runs against the emulator
 * and, when SAMBA_TEST_LDAP_URL is set (scripts/samba-test-dc.sh), against a real Samba AD domain
 * controller with the same accounts, so the emulator cannot drift from AD. Sign-in goes through
 * the portal's own code (lib/auth/directory/ldap-bind.ts); admin writes through ldapts as an
 * administrator's tool would send them.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Attribute, Change, Client, InvalidCredentialsError, type Entry } from "ldapts";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CreateMicrosoftADCommand, DirectoryServiceClient, ResetUserPasswordCommand } from "@aws-sdk/client-directory-service";
import { attemptDirectorySignIn, type DirectoryTarget } from "@/lib/auth/directory/directory-sign-in";
import { bindAndReadAccount, groupsFilter } from "@/lib/auth/directory/ldap-bind";
import { parseConfig } from "@/lib/config";
import { DEMO } from "@/lib/aws-emulator/demo-seed";
import { DIRECTORY_ID, removeTempDirs, startTestEmulator, tempDir, type TestEmulator } from "@/test-support/emulator-fixture";

const ADMIN_PASSWORD = "Adm1n-Test-Pass!";

interface Target {
  name: string;
  url: string;
  caPem: string;
  domain: string;
  netbios: string;
  baseDn: string;
  password: string;
  admin: { bindName: string; password: string };
}

const running: TestEmulator[] = [];
afterAll(async () => {
  for (const t of running.splice(0)) await t.close();
  removeTempDirs();
});

async function emulatorTarget(dataDir?: string): Promise<{ target: Target; t: TestEmulator }> {
  const t = await startTestEmulator({ ldapPort: 0, ...(dataDir ? { dataDir } : { persistent: true }) });
  running.push(t);
  // The directory's admin gets a password the way an AWS admin would give it one: ResetUserPassword.
  await t.ds.send(new ResetUserPasswordCommand({ DirectoryId: DIRECTORY_ID, UserName: "Administrator", NewPassword: ADMIN_PASSWORD }));
  return {
    t,
    target: {
      name: "emulator",
      url: t.emulator.ldap!.url,
      caPem: t.emulator.ldap!.caPem,
      domain: DEMO.directoryName,
      netbios: "CORP",
      baseDn: "DC=corp,DC=example,DC=com",
      password: DEMO.signIn.password,
      admin: { bindName: `Administrator@${DEMO.directoryName}`, password: ADMIN_PASSWORD },
    },
  };
}

function sambaTarget(): Target | undefined {
  const env = process.env;
  if (!env.SAMBA_TEST_LDAP_URL || !env.SAMBA_TEST_CA_FILE || !fs.existsSync(env.SAMBA_TEST_CA_FILE)) return undefined;
  return {
    name: "Samba AD DC",
    url: env.SAMBA_TEST_LDAP_URL,
    caPem: fs.readFileSync(env.SAMBA_TEST_CA_FILE, "utf8"),
    domain: env.SAMBA_TEST_DOMAIN ?? "corp.example.com",
    netbios: env.SAMBA_TEST_NETBIOS ?? "CORP",
    baseDn: env.SAMBA_TEST_BASE_DN ?? "DC=corp,DC=example,DC=com",
    password: env.SAMBA_TEST_PASSWORD ?? "",
    admin: { bindName: `Administrator@${env.SAMBA_TEST_DOMAIN ?? "corp.example.com"}`, password: env.SAMBA_TEST_ADMIN_PASSWORD ?? ADMIN_PASSWORD },
  };
}

const clients: Client[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.unbind().catch(() => {});
});

function client(target: Target, trustCa = true): Client {
  const c = new Client({ url: target.url, timeout: 5000, connectTimeout: 5000, tlsOptions: { rejectUnauthorized: true, ...(trustCa ? { ca: [target.caPem] } : {}) } });
  clients.push(c);
  return c;
}

async function asAdmin(target: Target): Promise<Client> {
  const c = client(target);
  await c.bind(target.admin.bindName, target.admin.password);
  return c;
}

/** The AD sub-status of a refused bind ("52e", "533"…), or "ok". */
async function bindAnswer(target: Target, name: string, password: string): Promise<string> {
  const c = client(target);
  try {
    await c.bind(name, password);
    return "ok";
  } catch (error) {
    if (error instanceof InvalidCredentialsError) return /\bdata ([0-9a-f]+)/.exec(error.message)?.[1] ?? error.message;
    throw error;
  }
}

function signIn(target: Target, bindName: string, password: string, userName: string, trustCa = true) {
  return bindAndReadAccount({
    endpoint: { url: target.url, caPem: trustCa ? target.caPem : undefined, timeoutMs: 5000 },
    bindName,
    password,
    baseDn: target.baseDn,
    lookup: { sAMAccountName: userName },
  });
}

const quoted = (password: string) => Buffer.from(`"${password}"`, "utf16le");
const first = (entry: Entry, name: string) => {
  const v = entry[name];
  return String(Array.isArray(v) ? v[0] : v);
};
const uniqueName = () => `eldap-${randomBytes(3).toString("hex")}`;

async function addUser(admin: Client, target: Target, name: string, password: string): Promise<string> {
  const dn = `CN=${name},CN=Users,${target.baseDn}`;
  await admin.add(dn, {
    objectClass: ["top", "person", "organizationalPerson", "user"],
    sAMAccountName: name,
    userPrincipalName: `${name}@${target.domain}`,
    givenName: "Contract",
    sn: "Test",
    unicodePwd: quoted(password),
    userAccountControl: "512",
  } as unknown as Record<string, string | string[]>);
  return dn;
}

const targets: { name: string; make: () => Promise<Target> }[] = [
  { name: "emulator", make: async () => (await emulatorTarget()).target },
  ...(sambaTarget() ? [{ name: "Samba AD DC", make: async () => sambaTarget()! }] : []),
];

describe.each(targets)("directory LDAP as AD answers it: $name", ({ make }) => {
  let target: Target;
  const created: string[] = [];
  beforeAll(async () => {
    target = await make();
  });
  afterAll(async () => {
    if (created.length === 0) return;
    const admin = await asAdmin(target);
    for (const dn of created) await admin.del(dn).catch(() => {});
    await admin.unbind();
  });

  it("binds in the three name forms AD takes: user@domain, DOMAIN\\user and the DN", async () => {
    expect(await bindAnswer(target, `alice.archer@${target.domain}`, target.password)).toBe("ok");
    expect(await bindAnswer(target, `${target.netbios}\\alice.archer`, target.password)).toBe("ok");
    expect(await bindAnswer(target, `CN=alice.archer,CN=Users,${target.baseDn}`, target.password)).toBe("ok");
  });

  it("refuses with AD's sub-status: wrong password 52e, unknown account 52e (Samba, which Simple AD is), disabled 533, must change 773, expired 532, locked 775", async () => {
    expect(await bindAnswer(target, `alice.archer@${target.domain}`, "Not-The-Pass1!")).toBe("52e");
    expect(await bindAnswer(target, `nobody.here@${target.domain}`, target.password)).toBe("52e");
    expect(await bindAnswer(target, `dave.disabled@${target.domain}`, target.password)).toBe("533");
    expect(await bindAnswer(target, `mike.mustchange@${target.domain}`, target.password)).toBe("773");
    expect(await bindAnswer(target, `erin.expired@${target.domain}`, target.password)).toBe("532");
    expect(await bindAnswer(target, `lars.locked@${target.domain}`, target.password)).toBe("775");
  });

  it("signs in through the portal's LDAP code: the account, its objectGUID and its groups, nested ones included", async () => {
    const result = await signIn(target, `${target.netbios}\\nina.nested`, target.password, "nina.nested");
    expect(result).toMatchObject({ ok: true, account: { sAMAccountName: "nina.nested", displayName: "Nina Nested", mail: "nina.nested@corp.example.com" } });
    if (!result.ok) return;
    expect(result.account.groups).toEqual(expect.arrayContaining(["Helpdesk", "Portal Approvers"]));
    expect(result.account.groups).not.toContain("Portal Admins");
    expect(result.account.objectGuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const again = await signIn(target, `nina.nested@${target.domain}`, target.password, "nina.nested");
    expect(again.ok && again.account.objectGuid).toBe(result.account.objectGuid);

    const refused = await signIn(target, `dave.disabled@${target.domain}`, target.password, "dave.disabled");
    expect(refused).toMatchObject({ ok: false, kind: "REFUSED", refusal: "DISABLED", subStatus: "533" });
  });

  it("is trusted only through its CA: a client without it refuses the certificate", async () => {
    const result = await signIn(target, `alice.archer@${target.domain}`, target.password, "alice.archer", false);
    expect(result).toMatchObject({ ok: false, kind: "UNTRUSTED_CERTIFICATE" });
  });

  it("pages a search, and a paged search finds what one plain search finds", async () => {
    const admin = await asAdmin(target);
    const filter = "(&(objectCategory=person)(objectClass=user))";
    const plain = await admin.search(target.baseDn, { scope: "sub", filter, attributes: ["sAMAccountName"] });
    const paged = await admin.search(target.baseDn, { scope: "sub", filter, attributes: ["sAMAccountName"], paged: { pageSize: 3 } });
    const names = (r: { searchEntries: Entry[] }) => r.searchEntries.map((e) => first(e, "sAMAccountName")).sort();
    expect(plain.searchEntries.length).toBeGreaterThan(6);
    expect(names(paged)).toEqual(names(plain));
    expect(names(plain)).toEqual(expect.arrayContaining(["alice.archer", "nina.nested", "carol.chief"]));
    // Attribute selection: only what was asked for (and the DN).
    expect(Object.keys(plain.searchEntries[0]).sort()).toEqual(["dn", "sAMAccountName"]);
    // Nested groups from the group side too.
    const nina = (await admin.search(target.baseDn, { scope: "sub", filter: "(sAMAccountName=nina.nested)", attributes: ["cn"] })).searchEntries[0];
    const groups = await admin.search(target.baseDn, { scope: "sub", filter: groupsFilter(nina.dn), attributes: ["cn"] });
    expect(groups.searchEntries.map((g) => first(g, "cn")).sort()).toEqual(["Helpdesk", "Portal Approvers"]);
  });

  it("adds a user with a password (unicodePwd, quoted UTF-16LE) who can then sign in; resets, disables and deletes over LDAP", async () => {
    const admin = await asAdmin(target);
    const name = uniqueName();
    const dn = await addUser(admin, target, name, "First-Pass-123!");
    created.push(dn);
    expect(await bindAnswer(target, `${name}@${target.domain}`, "First-Pass-123!")).toBe("ok");

    // A weak password is a constraint violation (AD's 0000052D), and nothing changes.
    const weak = await admin.modify(dn, [new Change({ operation: "replace", modification: new Attribute({ type: "unicodePwd", values: [quoted("abc")] }) })]).catch((e: Error) => e);
    expect(weak).toBeInstanceOf(Error);
    expect((weak as Error).message).toMatch(/0000052D/);
    expect(await bindAnswer(target, `${name}@${target.domain}`, "First-Pass-123!")).toBe("ok");

    // An administrator's reset: replace unicodePwd. The old password still signs in for an hour
    // (AD's OldPasswordAllowedPeriod for network logons); a made-up one does not.
    await admin.modify(dn, [new Change({ operation: "replace", modification: new Attribute({ type: "unicodePwd", values: [quoted("Second-Pass-456!")] }) })]);
    expect(await bindAnswer(target, `${name}@${target.domain}`, "First-Pass-123!")).toBe("ok");
    expect(await bindAnswer(target, `${name}@${target.domain}`, "Other-Pass-000!")).toBe("52e");
    expect(await bindAnswer(target, `${target.netbios}\\${name}`, "Second-Pass-456!")).toBe("ok");

    // The user's own change (delete the old value, add the new) waits for the minimum password age.
    const self = client(target);
    await self.bind(`${name}@${target.domain}`, "Second-Pass-456!");
    const ownChange = [
      new Change({ operation: "delete", modification: new Attribute({ type: "unicodePwd", values: [quoted("Second-Pass-456!")] }) }),
      new Change({ operation: "add", modification: new Attribute({ type: "unicodePwd", values: [quoted("Third-Pass-789!")] }) }),
    ];
    await expect(self.modify(dn, ownChange)).rejects.toThrow(/0000052D.*too young/);
    // …but not anyone else's.
    const other = await self
      .modify(`CN=alice.archer,CN=Users,${target.baseDn}`, [new Change({ operation: "replace", modification: new Attribute({ type: "unicodePwd", values: [quoted("Stolen-Pass-1!")] }) })])
      .catch((e: Error) => e);
    expect((other as Error).message).toMatch(/INSUFF_ACCESS_RIGHTS|00002098|0000052D|insufficient/i);
    expect(await bindAnswer(target, `alice.archer@${target.domain}`, target.password)).toBe("ok");

    // Disable and enable with userAccountControl.
    await admin.modify(dn, [new Change({ operation: "replace", modification: new Attribute({ type: "unicodePwd", values: [quoted("Third-Pass-789!")] }) })]);
    await admin.modify(dn, [new Change({ operation: "replace", modification: new Attribute({ type: "userAccountControl", values: ["514"] }) })]);
    expect(await bindAnswer(target, `${name}@${target.domain}`, "Third-Pass-789!")).toBe("533");
    const listed = await admin.search(target.baseDn, { scope: "sub", filter: `(&(sAMAccountName=${name})(userAccountControl:1.2.840.113556.1.4.803:=2))`, attributes: ["userAccountControl"] });
    expect(listed.searchEntries).toHaveLength(1);
    await admin.modify(dn, [new Change({ operation: "replace", modification: new Attribute({ type: "userAccountControl", values: ["512"] }) })]);
    expect(await bindAnswer(target, `${name}@${target.domain}`, "Third-Pass-789!")).toBe("ok");

    await admin.del(dn);
    expect(await bindAnswer(target, `${name}@${target.domain}`, "Third-Pass-789!")).toBe("52e");
  });

  it("links a user to their manager (a DN, with the manager's directReports), and sign-in reads the manager's address", async () => {
    // The demo directory's own link: alice.archer reports to carol.chief.
    const alice = await signIn(target, `alice.archer@${target.domain}`, target.password, "alice.archer");
    expect(alice.ok && alice.account.managerEmail).toBe("carol.chief@corp.example.com");

    const admin = await asAdmin(target);
    const name = uniqueName();
    const dn = await addUser(admin, target, name, "First-Pass-123!");
    created.push(dn);
    const aliceDn = `CN=alice.archer,CN=Users,${target.baseDn}`;
    await admin.modify(dn, [new Change({ operation: "replace", modification: new Attribute({ type: "manager", values: [aliceDn] }) })]);
    const [entry] = (await admin.search(dn, { scope: "base", attributes: ["manager"] })).searchEntries;
    expect(first(entry, "manager").toLowerCase()).toBe(aliceDn.toLowerCase());
    const [managerEntry] = (await admin.search(aliceDn, { scope: "base", attributes: ["directReports"] })).searchEntries;
    const reports = [managerEntry.directReports].flat().map((v) => String(v).toLowerCase());
    expect(reports).toContain(dn.toLowerCase());
    const report = await signIn(target, `${name}@${target.domain}`, "First-Pass-123!", name);
    expect(report.ok && report.account.managerEmail).toBe("alice.archer@corp.example.com");
    // A presence filter finds who has one (and a base search with no filter, "(objectClass=*)", finds the entry).
    const withManager = await admin.search(target.baseDn, { scope: "sub", filter: "(&(objectClass=user)(manager=*))", attributes: ["sAMAccountName"] });
    const names = withManager.searchEntries.map((e) => first(e, "sAMAccountName"));
    expect(names).toEqual(expect.arrayContaining(["alice.archer", name]));
    expect(names).not.toContain("carol.chief");
    expect((await admin.search(dn, { scope: "base" })).searchEntries).toHaveLength(1);

    // A manager that is not there is refused, and the link stays as it was.
    const missing = await admin
      .modify(dn, [new Change({ operation: "replace", modification: new Attribute({ type: "manager", values: [`CN=nobody-${name},CN=Users,${target.baseDn}`] }) })])
      .catch((e: Error) => e);
    expect(missing).toBeInstanceOf(Error);
    const kept = await signIn(target, `${name}@${target.domain}`, "First-Pass-123!", name);
    expect(kept.ok && kept.account.managerEmail).toBe("alice.archer@corp.example.com");

    // Removed: no manager, and sign-in goes on.
    await admin.modify(dn, [new Change({ operation: "delete", modification: new Attribute({ type: "manager", values: [] }) })]);
    const none = await signIn(target, `${name}@${target.domain}`, "First-Pass-123!", name);
    expect(none).toMatchObject({ ok: true, account: { managerEmail: null } });
  });

  it("refuses a second account with the same DN", async () => {
    const admin = await asAdmin(target);
    const name = uniqueName();
    const dn = await addUser(admin, target, name, "First-Pass-123!");
    created.push(dn);
    await expect(addUser(admin, target, name, "First-Pass-123!")).rejects.toThrow(/ENTRY_EXISTS|00000524|already exists/i);
  });
});

describe("the emulator's LDAP and its other parts agree", () => {
  it("a password reset over LDAP and then with ResetUserPassword (SDK) is checked by the next bind each time", async () => {
    const { target, t } = await emulatorTarget();
    const admin = await asAdmin(target);
    const dn = await addUser(admin, target, "reset.me", "First-Pass-123!");
    await admin.modify(dn, [new Change({ operation: "replace", modification: new Attribute({ type: "unicodePwd", values: [quoted("Ldap-Reset-456!")] }) })]);
    expect(await bindAnswer(target, "reset.me@corp.example.com", "Ldap-Reset-456!")).toBe("ok");
    await t.ds.send(new ResetUserPasswordCommand({ DirectoryId: DIRECTORY_ID, UserName: "reset.me", NewPassword: "Sdk-Reset-789!" }));
    // The one before: accepted for an hour (OldPasswordAllowedPeriod), then no more.
    expect(await bindAnswer(target, "reset.me@corp.example.com", "Ldap-Reset-456!")).toBe("ok");
    expect(await bindAnswer(target, "reset.me@corp.example.com", "First-Pass-123!")).toBe("52e");
    t.emulator.advanceClock(61 * 60);
    expect(await bindAnswer(target, "reset.me@corp.example.com", "Ldap-Reset-456!")).toBe("52e");
    // A day later the user may change it themselves.
    t.emulator.advanceClock(24 * 3600);
    const self = client(target);
    await self.bind("reset.me@corp.example.com", "Sdk-Reset-789!");
    await self.modify(dn, [
      new Change({ operation: "delete", modification: new Attribute({ type: "unicodePwd", values: [quoted("Sdk-Reset-789!")] }) }),
      new Change({ operation: "add", modification: new Attribute({ type: "unicodePwd", values: [quoted("Own-Choice-246!")] }) }),
    ]);
    expect(await bindAnswer(target, "reset.me@corp.example.com", "Own-Choice-246!")).toBe("ok");
    expect(await bindAnswer(target, "reset.me@corp.example.com", "Sdk-Reset-789!")).toBe("ok");
    // The user the SDK and the control endpoint see is the one LDAP added.
    const seen = await t.control("GET", `/emulator/directories/${DIRECTORY_ID}/users/reset.me`);
    expect(seen.body).toMatchObject({ UserName: "reset.me", GivenName: "Contract", Surname: "Test" });
  });

  it("locks an account after ten wrong passwords, and an administrator unlocks it with lockoutTime 0", async () => {
    const { target } = await emulatorTarget();
    for (let i = 0; i < 10; i++) expect(await bindAnswer(target, "uma.unmapped@corp.example.com", `Wrong-Pass-${i}!`)).toBe("52e");
    expect(await bindAnswer(target, "uma.unmapped@corp.example.com", target.password)).toBe("775");
    const admin = await asAdmin(target);
    await admin.modify("CN=uma.unmapped,CN=Users,DC=corp,DC=example,DC=com", [new Change({ operation: "replace", modification: new Attribute({ type: "lockoutTime", values: ["0"] }) })]);
    expect(await bindAnswer(target, "uma.unmapped@corp.example.com", target.password)).toBe("ok");
  });

  it("answers for a new Managed AD once it is Active, with AWS's OU layout; not while it is being created", async () => {
    const { target, t } = await emulatorTarget();
    const { DirectoryId } = await t.ds.send(
      new CreateMicrosoftADCommand({
        Name: "corp.example.net",
        ShortName: "EXNET",
        Password: ADMIN_PASSWORD,
        Edition: "Standard",
        VpcSettings: { VpcId: DEMO.vpcId, SubnetIds: [DEMO.subnets[0].SubnetId, DEMO.subnets[1].SubnetId] },
      }),
    );
    expect(DirectoryId).toBeTruthy();
    // Still being created: the DC does not answer yet.
    const early = await client(target).bind("Admin@corp.example.net", ADMIN_PASSWORD).catch((e: Error) => e);
    expect((early as Error).message).toMatch(/not Active/);
    t.emulator.advanceClock(3 * 3600);
    const admin = client(target);
    await admin.bind("EXNET\\Admin", ADMIN_PASSWORD);
    const name = "mad.user";
    await admin.add(`CN=${name},OU=Users,OU=EXNET,DC=corp,DC=example,DC=net`, {
      objectClass: ["top", "person", "organizationalPerson", "user"],
      sAMAccountName: name,
      unicodePwd: quoted("Managed-Pass-1!"),
      userAccountControl: "512",
    } as unknown as Record<string, string | string[]>);
    const result = await signIn({ ...target, baseDn: "DC=corp,DC=example,DC=net" }, `${name}@corp.example.net`, "Managed-Pass-1!", name);
    expect(result).toMatchObject({ ok: true, account: { dn: `CN=${name},OU=Users,OU=EXNET,DC=corp,DC=example,DC=net` } });
    // The other directory's accounts are not this one's.
    expect(await bindAnswer(target, "alice.archer@corp.example.net", DEMO.signIn.password)).toBe("525");
  });

  it("keeps users, passwords and its CA across a restart", async () => {
    const dataDir = tempDir();
    const first = await emulatorTarget(dataDir);
    const admin = await asAdmin(first.target);
    await addUser(admin, first.target, "kept.user", "Kept-Pass-123!");
    await admin.unbind();
    running.splice(running.indexOf(first.t), 1);
    await first.t.close();

    const second = await emulatorTarget(dataDir);
    expect(second.target.caPem).toBe(first.target.caPem);
    const result = await signIn(second.target, "kept.user@corp.example.com", "Kept-Pass-123!", "kept.user");
    expect(result).toMatchObject({ ok: true, account: { sAMAccountName: "kept.user" } });
  });
});

describe("the embedded default's settings", () => {
  it("point the portal's directory sign-in at the emulator started as scripts/start-services starts it, with its CA verified", async () => {
    const dataDir = tempDir();
    const config = parseConfig({ PORTAL_DATA_DIR: dataDir, PORTAL_EMULATOR_PORT: "4599" }, { loadAuthSecret: () => "x".repeat(40) });
    // A free port instead of the default 4600 (tests run side by side); the rest as configured.
    const t = await startTestEmulator({ dataDir: config.emulator.stateDir, ldapPort: 0 });
    running.push(t);
    const settings = { ...config.directorySignIn, endpoints: { ...config.directorySignIn.endpoints, "*": t.emulator.ldap!.url } };
    expect(config.directorySignIn.endpoints["*"]).toBe(`ldaps://127.0.0.1:${config.emulator.ldapPort}`);
    expect(config.directorySignIn.caFile).toBe(t.emulator.ldap!.caFile);
    const demo = { id: DIRECTORY_ID, name: "corp.example.com", shortName: "CORP", dnsIpAddresses: ["10.0.0.10", "10.0.64.10"] };
    const target = (userName: string): DirectoryTarget => ({
      directory: demo,
      bindName: `CORP\\${userName}`,
      userName,
      lookup: { sAMAccountName: userName },
    });
    const carol = await attemptDirectorySignIn(target("carol.chief"), DEMO.signIn.password, settings);
    expect(carol).toMatchObject({ ok: true, account: { sAMAccountName: "carol.chief", groups: ["Portal Admins", "Portal Approvers"] } });
    const nina = await attemptDirectorySignIn(target("nina.nested"), DEMO.signIn.password, settings);
    expect(nina).toMatchObject({ ok: true, account: { groups: ["Helpdesk", "Portal Approvers"] } });
    expect(await attemptDirectorySignIn(target("erin.expired"), DEMO.signIn.password, settings)).toMatchObject({ ok: false, refusal: "PASSWORD_EXPIRED" });
    expect(await attemptDirectorySignIn(target("lars.locked"), DEMO.signIn.password, settings)).toMatchObject({ ok: false, subStatus: "775" });
  });
});

describe("kill -9", () => {
  let child: ChildProcess | undefined;
  afterEach(() => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  });

  async function startChild(dataDir: string): Promise<{ url: string; ldapUrl: string }> {
    const cli = path.resolve(import.meta.dirname, "..", "cli.ts");
    child = spawn(process.execPath, ["--import", "tsx", cli, "--port", "0", "--ldap-port", "0", "--data", dataDir, "--speed", "test", "--seed", "--no-sessions"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    return new Promise((resolve, reject) => {
      child!.stdout!.on("data", (chunk) => {
        out += chunk;
        const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
        const ldapUrl = /LDAPS for the directories on (ldaps:\/\/\S+)/.exec(out)?.[1];
        if (url && ldapUrl) resolve({ url, ldapUrl });
      });
      child!.on("exit", (code) => reject(new Error(`emulator exited with ${code}: ${out}`)));
    });
  }

  it("an account added over LDAP survives SIGKILL right after the answer, and the CA stays the same", async () => {
    const dataDir = tempDir();
    const first = await startChild(dataDir);
    const caPem = fs.readFileSync(path.join(dataDir, "ldap", "ca.pem"), "utf8");
    const ds = new DirectoryServiceClient({ endpoint: first.url, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" }, maxAttempts: 1 });
    await ds.send(new ResetUserPasswordCommand({ DirectoryId: DIRECTORY_ID, UserName: "Administrator", NewPassword: ADMIN_PASSWORD }));
    ds.destroy();
    const target: Target = {
      name: "child",
      url: first.ldapUrl,
      caPem,
      domain: "corp.example.com",
      netbios: "CORP",
      baseDn: "DC=corp,DC=example,DC=com",
      password: DEMO.signIn.password,
      admin: { bindName: "Administrator@corp.example.com", password: ADMIN_PASSWORD },
    };
    const admin = await asAdmin(target);
    await addUser(admin, target, "survivor", "Survive-Pass-1!");
    child!.kill("SIGKILL");
    await new Promise((r) => child!.once("exit", r));

    const again = await startChild(dataDir);
    expect(fs.readFileSync(path.join(dataDir, "ldap", "ca.pem"), "utf8")).toBe(caPem);
    expect(await bindAnswer({ ...target, url: again.ldapUrl }, "survivor@corp.example.com", "Survive-Pass-1!")).toBe("ok");
  });
});
