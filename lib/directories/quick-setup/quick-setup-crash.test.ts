// kill -9 of the worker process in the middle of a quick set-up and in the middle of a clean-up,
// then a restart: the set-up completes with exactly one VPC, one directory and its user, the
// clean-up leaves nothing, and nothing is created or deleted twice (counted in the portal's AWS call
// log; the user over the emulator's LDAP).
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "@/lib/aws-emulator/server";
import { createDb, type DbHandle } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";
import { requireIntegrationProject } from "@/test-support/project-guard";
import { BUNDLE_ID, REGION, seedPortal } from "@/test-support/worker-harness";
import { sealSecret } from "@/lib/directories/create/secret-box";
import { queueQuickSetup } from "./mutations";
import { queueCleanUp } from "@/lib/directories/clean-up/mutations";
import { QUICK_SETUP_TAG } from "@/lib/aws/portal-network";
import { bindAndReadAccount } from "@/lib/auth/directory/ldap-bind";

const AUTH_SECRET = "k".repeat(40);
const PASSWORD = "Crash-Test-7 pass";
const CORA_PASSWORD = "Initial-Pass-8 ok";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let emulator: RunningEmulator;
let dir: string;
const cleanups: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  requireIntegrationProject("the quick set-up crash test");
  emulator = await startEmulator({ port: 0, timeScale: "test", seed: true, sessions: false, ldapPort: 0 });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-quick-setup-"));
  fs.writeFileSync(path.join(dir, "ldap-ca.pem"), emulator.ldap!.caPem);
});
afterAll(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
  await emulator?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function workerEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORTAL_EMULATOR: "off",
    AWS_ENDPOINT_URL: emulator.url,
    AWS_REGION: REGION,
    WORKER_POLL_MS: "50",
    WORKER_RECONCILE_MS: "200",
    WORKER_LEASE_MS: "2000",
    WORKER_UNKNOWN_OUTCOME_DELAY_MS: "500",
    AUTH_SECRET,
    PORTAL_DATA_DIR: dir,
    // The users step speaks LDAP to the emulator's directories.
    PORTAL_LDAP_ENDPOINTS: `*=${emulator.ldap!.url}`,
    PORTAL_LDAP_CA_FILE: path.join(dir, "ldap-ca.pem"),
  };
  for (const k of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_PROFILE", "DATABASE_URL"]) delete env[k];
  return env;
}

function spawnWorker(args: string[] = []) {
  const child = spawn(process.execPath, ["--import", "tsx", "lib/jobs/cli.ts", ...args], { env: workerEnv(), stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (c) => (output += c));
  child.stderr!.on("data", (c) => (output += c));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGKILL");
      await exited;
    }
  });
  return { child, exited, output: () => output };
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(20);
  }
  throw new Error(`timed out waiting for ${what}`);
}

const control = async (p: string, body?: unknown) => {
  const r = await fetch(`${emulator.url}${p}`, body ? { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) } : {});
  return r.json();
};
type Tagged = { tags?: { Key: string; Value: string }[] };
const network = async () => (await control("/emulator/network")) as { vpcs: ({ VpcId: string } & Tagged)[]; subnets: { VpcId: string }[]; internetGateways: Tagged[] };
const state = async () =>
  (await control("/emulator/state")) as { directories?: { DirectoryId: string; Name: string; deletingAt?: number }[]; workspaces?: { WorkspaceId: string; DirectoryId: string; state: string }[] };
const bySetup = (id: string) => (r: Tagged) => r.tags?.some((t) => t.Key === QUICK_SETUP_TAG && t.Value === id);

/** Runs a worker until each moment comes, kills it with SIGKILL (a new one for the next moment), then a last one until idle. */
async function killMidwayThenRestart(moments: [() => Promise<boolean>, string][]) {
  for (const [moment, what] of moments) {
    const first = spawnWorker();
    try {
      await waitFor(moment, what);
    } catch (e) {
      first.child.kill("SIGKILL");
      await first.exited;
      const h = createDb({ pgliteDir: path.join(dir, "pglite") });
      const ops = await h.db.operation.findMany({ where: { type: { in: ["CLEAN_UP", "QUICK_SETUP"] } }, select: { type: true, status: true, result: true, lastError: true } });
      await h.close();
      throw new Error(`${(e as Error).message}; worker output: ${first.output()}; open operations: ${JSON.stringify(ops)}`);
    }
    first.child.kill("SIGKILL");
    expect(await first.exited).toBe(null);
  }
  const last = spawnWorker(["--until-idle"]);
  const code = await Promise.race([last.exited, sleep(120_000).then(() => "timeout")]);
  expect(code, last.output()).toBe(0);
}

describe("worker killed mid-way", { timeout: 300_000 }, () => {
  it("kill -9 mid quick set-up and mid clean-up, then a restart: one VPC, one directory, nothing left after, nothing done twice", async () => {
    let handle: DbHandle = createDb({ pgliteDir: path.join(dir, "pglite") });
    await migrateDatabase(handle.db, { migrationsDir: path.resolve("prisma/migrations") });
    const people = await seedPortal(handle.db);
    const admin = { id: people.approverId, email: "admin@corp.example.com" };
    const op = await queueQuickSetup(handle.db, {
      actor: admin,
      region: REGION,
      payload: {
        network: { kind: "new", vpcCidr: "10.50.0.0/16", subnets: [{ cidr: "10.50.1.0/24", availabilityZone: "us-east-1a" }, { cidr: "10.50.2.0/24", availabilityZone: "us-east-1b" }] },
        directory: { name: "crash.example.com", shortName: "CRASH", size: "Small" },
        users: [{ userName: "cora", givenName: "Cora", surname: "Lind", email: "cora@example.com", secret: sealSecret(CORA_PASSWORD, AUTH_SECRET) }],
        desktops: { bundleId: BUNDLE_ID, runningMode: "AUTO_STOP" },
        secret: sealSecret(PASSWORD, AUTH_SECRET),
      },
    });
    await handle.close(); // the worker process owns the PGlite folder

    const directory = async () => (await state()).directories?.find((d) => d.Name === "crash.example.com");
    const usersOf = async (directoryId: string) => ((await control(`/emulator/directories/${directoryId}/users`)) as { Users: { UserName: string }[] }).Users;
    // Killed right after the VPC appears in AWS (before or after the job recorded it), then again
    // right after the user appears in the directory (before the job recorded it, most likely).
    await killMidwayThenRestart([
      [async () => (await network()).vpcs.some(bySetup(op.id)), "the VPC"],
      [
        async () => {
          const d = await directory();
          return d !== undefined && (await usersOf(d.DirectoryId)).some((u) => u.UserName === "cora");
        },
        "the user",
      ],
    ]);
    const restartedOnce = await state();
    expect(restartedOnce.directories?.filter((d) => d.Name === "crash.example.com")).toHaveLength(1);

    handle = createDb({ pgliteDir: path.join(dir, "pglite") });
    const done = await handle.db.operation.findUniqueOrThrow({ where: { id: op.id } });
    expect(done.status, JSON.stringify(done.result)).toBe("SUCCEEDED");
    const net = await network();
    const vpcs = net.vpcs.filter(bySetup(op.id));
    expect(vpcs).toHaveLength(1);
    expect(net.subnets.filter((s) => s.VpcId === vpcs[0].VpcId)).toHaveLength(2);
    expect(net.internetGateways.filter(bySetup(op.id))).toHaveLength(1);
    const dirs = (await state()).directories!.filter((d) => d.Name === "crash.example.com");
    expect(dirs).toHaveLength(1);
    const calls = await handle.db.awsCall.findMany();
    // Never sent twice (the killed worker's own call may be missing from the log: it died before writing it).
    const sent = (operation: string) => calls.filter((c) => c.operation === operation).length;
    expect(sent("CreateVpc")).toBeLessThanOrEqual(1);
    expect(sent("CreateInternetGateway")).toBe(1);
    expect(sent("CreateDirectory")).toBe(1);
    // The user once, with the initial password the admin was shown (right, and to be changed at the first sign-in).
    expect((await usersOf(dirs[0].DirectoryId)).filter((u) => u.UserName.toLowerCase() === "cora")).toHaveLength(1);
    const coraSignIn = await bindAndReadAccount({
      endpoint: { url: emulator.ldap!.url, caPem: emulator.ldap!.caPem, timeoutMs: 5000 },
      bindName: "cora@crash.example.com",
      password: CORA_PASSWORD,
      baseDn: "DC=crash,DC=example,DC=com",
      lookup: { sAMAccountName: "cora" },
    });
    expect(coraSignIn).toMatchObject({ ok: false, refusal: "MUST_CHANGE_PASSWORD" });
    expect(JSON.stringify(done.payload)).not.toContain('"secret"');

    // Clean-up, killed while the desktops terminate.
    const cleanUp = await queueCleanUp(handle.db, {
      actor: admin,
      region: REGION,
      payload: { directoryId: dirs[0].DirectoryId, directoryName: "crash.example.com", vpcId: vpcs[0].VpcId, setupId: op.id },
    });
    expect(cleanUp.ok).toBe(true);
    await handle.close();
    const desktopsBefore = (await state()).workspaces!.filter((w) => w.DirectoryId === dirs[0].DirectoryId);
    expect(desktopsBefore.map((w) => w.state)).not.toContain("TERMINATING");
    expect(desktopsBefore).toHaveLength(1);
    await killMidwayThenRestart([
      [
        async () => {
          const s = await state();
          // Killed once the desktop is on its way out (terminating, or already gone).
          return !s.workspaces!.some((w) => w.WorkspaceId === desktopsBefore[0].WorkspaceId && w.state !== "TERMINATING" && w.state !== "TERMINATED");
        },
        "desktops terminating",
      ],
    ]);

    handle = createDb({ pgliteDir: path.join(dir, "pglite") });
    cleanups.push(() => handle.close());
    const closed = await handle.db.operation.findFirstOrThrow({ where: { type: "CLEAN_UP" } });
    expect(closed.status, JSON.stringify(closed.result)).toBe("SUCCEEDED");
    const after = await network();
    expect(after.vpcs.filter(bySetup(op.id))).toHaveLength(0);
    expect(after.subnets.filter((s) => s.VpcId === vpcs[0].VpcId)).toHaveLength(0);
    expect(after.internetGateways.filter(bySetup(op.id))).toHaveLength(0);
    expect((await state()).directories!.filter((d) => d.DirectoryId === dirs[0].DirectoryId && d.deletingAt === undefined)).toHaveLength(0);
    const all = await handle.db.awsCall.findMany();
    // Nothing deleted twice: every delete answered once, none refused as already gone.
    for (const operation of ["DeleteVpc", "DeleteSubnet", "DeleteInternetGateway", "DetachInternetGateway", "DeleteDirectory", "DeleteRoute"]) {
      const mine = all.filter((c) => c.operation === operation);
      expect(mine.filter((c) => c.errorCode), operation).toEqual([]);
    }
    expect(all.filter((c) => c.operation === "DeleteVpc")).toHaveLength(1);
    expect(all.filter((c) => c.operation === "DeleteSubnet")).toHaveLength(2);
    expect(all.filter((c) => c.operation === "DeleteDirectory")).toHaveLength(1);
    const terminated = all.filter((c) => c.operation === "TerminateWorkspaces" && !c.errorCode).reduce((n, c) => n + c.itemCount, 0);
    // Once at most in the log (the killed worker's own call may be missing from it), and gone from AWS.
    expect(terminated).toBeLessThanOrEqual(1);
    expect((await state()).workspaces!.filter((w) => w.DirectoryId === dirs[0].DirectoryId && w.state !== "TERMINATED")).toEqual([]);
  });
});
