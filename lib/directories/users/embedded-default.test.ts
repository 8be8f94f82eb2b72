// The directory users pages and the lifecycle's leaver check in the embedded default, as `npm start`
// runs them: the emulator with its demo seed and LDAPS, the embedded database with the demo
// accounts, and nothing configured but ports and the data folder. The demo directory's service
// account is the configuration's default (its Administrator in the emulator).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getConfig, resetConfigForTests, type PortalConfig } from "@/lib/config";
import { freePort } from "@/test-support/free-port";
import type { RunningServices } from "@/scripts/start-services";

const DEMO_DIRECTORY = "d-9067000001";
// The emulator's directory sign-in accounts that may sign in (lib/aws-emulator/demo-seed.ts).
const SIGN_IN = ["alice.archer", "carol.chief", "nina.nested", "uma.unmapped"];

const savedEnv = { ...process.env };
let dataDir: string;
let config: PortalConfig;
let services: RunningServices;

beforeAll(async () => {
  for (const name of Object.keys(process.env)) {
    if (name.startsWith("PORTAL_") || name.startsWith("AWS_") || name.startsWith("SAMBA_") || name === "DATABASE_URL" || name === "AUTH_SECRET") delete process.env[name];
  }
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-embedded-users-"));
  Object.assign(process.env, {
    PORTAL_DATA_DIR: dataDir,
    PORTAL_EMULATOR_PORT: String(await freePort()),
    PORTAL_EMULATOR_LDAP_PORT: String(await freePort()),
    PORTAL_EMULATOR_SPEED: "test",
  });
  resetConfigForTests();
  config = getConfig();
  const { startServices } = await import("@/scripts/start-services");
  services = await startServices(config);
});

afterAll(async () => {
  await services?.stop();
  process.env = savedEnv;
  resetConfigForTests();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

async function demoDirectory() {
  const { findUserDirectory } = await import("./queries");
  const directory = await findUserDirectory(DEMO_DIRECTORY);
  if (!directory) throw new Error("the demo seed registered no demo directory");
  return directory;
}

async function demoConnection() {
  const { serviceConnectionFor } = await import("./service-account");
  const found = serviceConnectionFor(await demoDirectory(), config);
  if (!found.ok) throw new Error(found.message);
  return found.conn;
}

describe("directory users in the embedded default", () => {
  it("lists and searches the demo directory's users through the emulator's LDAPS with the default service account", async () => {
    expect(config.seedDemo).toBe(true);
    const { readDirectoryUsers } = await import("./queries");
    const view = await readDirectoryUsers(await demoDirectory(), undefined);
    if (!view.ok) throw new Error(view.message);
    const names = view.users.map((u) => u.userName);
    expect(names).toEqual(expect.arrayContaining(["alice", "bob", "carol", "dave", "alice.archer", "dave.disabled", "user0001"]));
    // Over 200 accounts: the page says there are more.
    expect(view.more).toBe(true);
    expect(view.users.find((u) => u.userName === "dave.disabled")).toMatchObject({ enabled: false });
    expect(view.users.find((u) => u.userName === "alice")).toMatchObject({ enabled: true, email: "alice@corp.example.com" });

    const search = await readDirectoryUsers(await demoDirectory(), "alice");
    expect(search.ok && search.users.map((u) => u.userName)).toEqual(["alice", "alice.archer"]);
  });

  it("creates, disables and enables a user as the demo directory's Administrator", async () => {
    const { createDirectoryUser, getDirectoryUser, setDirectoryUserEnabled } = await import("./ldap-admin");
    const conn = await demoConnection();
    expect(await createDirectoryUser(conn, { userName: "olga.onboard", givenName: "Olga", surname: "Onboard", email: "olga@example.com", password: "Initial-Pass-1357" })).toMatchObject({
      ok: true,
      user: { userName: "olga.onboard", enabled: true },
    });
    expect(await setDirectoryUserEnabled(conn, { userName: "olga.onboard", enabled: false })).toEqual({ ok: true });
    expect(await getDirectoryUser(conn, "olga.onboard")).toMatchObject({ ok: true, user: { enabled: false } });
    expect(await setDirectoryUserEnabled(conn, { userName: "olga.onboard", enabled: true })).toEqual({ ok: true });
    expect(await getDirectoryUser(conn, "olga.onboard")).toMatchObject({ ok: true, user: { enabled: true } });
  });
});

describe("the lifecycle's directory check in the embedded default", () => {
  it("finds every demo person linked to the demo directory enabled there, and marks nobody as a leaver", async () => {
    const { db } = await import("@/lib/db/client");
    const { verifyCredentials } = await import("@/lib/auth/verify-credentials");
    const { DEMO } = await import("@/lib/aws-emulator/demo-seed");
    // The directory sign-in demo accounts become the portal's directory users by signing in.
    for (const userName of SIGN_IN) {
      const verdict = await verifyCredentials(db, { email: `${userName}@corp.example.com`, password: DEMO.signIn.password, ipAddress: "127.0.0.1" });
      expect(verdict, userName).toMatchObject({ ok: true });
    }
    // The seeded accounts (alice@example.com …, the cost demo's owners) are linked to directory
    // users too. Counted as directory users, as they would be had they signed in with the
    // directory, so that the check looks at them and their desktops as well.
    const linked = await db.user.findMany({ where: { directoryId: DEMO_DIRECTORY, directoryUserName: { not: null } }, select: { email: true, directoryUserName: true } });
    const names = linked.map((u) => u.directoryUserName!);
    expect(names).toEqual(expect.arrayContaining(["alice", "bob", "carol", "dave", "erin", "user0001", ...SIGN_IN]));
    expect(linked.map((u) => u.email)).not.toContain("nora@example.com");
    await db.user.updateMany({ where: { directoryId: DEMO_DIRECTORY, directoryUserName: { not: null } }, data: { source: "DIRECTORY" } });
    expect(await db.desktop.count({ where: { owner: { directoryUserName: { not: null } }, terminatedAt: null } })).toBeGreaterThan(0);

    const { directoryAccountStates } = await import("./ldap-admin");
    const states = await directoryAccountStates(await demoConnection(), names);
    if (!states.ok) throw new Error(states.message);
    for (const name of names) expect(states.accounts.get(name.toLowerCase()), name).toMatchObject({ enabled: true });

    const { configuredConnections, runLifecycleOnce } = await import("@/lib/lifecycle/scheduler");
    const pass = await runLifecycleOnce(db, { connectionFor: configuredConnections(config) });
    expect(pass.directoryCheck).toEqual({ checked: linked.length, found: 0, cleared: 0, problems: [] });
    expect(await db.leaver.count()).toBe(0);
  });
});
