// Quick set-up and clean-up end to end: the server actions (admin Dave) against the real database,
// the real worker sending through the real SDK to the emulator, under faults too. The users step
// speaks LDAP to the emulator's directories, as it would to a Simple AD's domain controllers.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { resetConfigForTests } from "@/lib/config";
import { bindAndReadAccount } from "@/lib/auth/directory/ldap-bind";
import { listDirectoryUsers } from "@/lib/directories/users/ldap-admin";
import type { PrismaClient } from "@/lib/db/generated/client";
import { BUNDLE_ID, REGION, startHarness, type Harness } from "@/test-support/worker-harness";
import { runWorkerOnce } from "@/lib/jobs/worker";
import { reconcileOnce } from "@/lib/jobs/reconcile";
import { metrics } from "@/lib/observability/metrics";

let h: Harness;
let testDb: PrismaClient;
vi.mock("@/lib/db/client", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  get db() {
    return testDb;
  },
}));
vi.mock("./aws", () => ({ quickSetupAws: () => h.aws.forRegion(REGION) }));
vi.mock("@/lib/directories/quick-setup/aws", () => ({ quickSetupAws: () => h.aws.forRegion(REGION) }));
let caller: { id: string; email: string; name: string; role: "EMPLOYEE" | "APPROVER" | "ADMIN" } | null = null;
vi.mock("@/lib/auth/session", () => ({ getActionUser: async () => caller, getCurrentUser: async () => caller }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const { previewQuickSetup, startQuickSetup, retryQuickSetupStep } = await import("./actions");
const { loadQuickSetup } = await import("./queries");
const { previewCleanUp, startCleanUp } = await import("@/lib/directories/clean-up/actions");

const PASSWORD = "Quick-Setup-9 pass";

const form = (extra: Record<string, string> = {}) => ({
  networkMode: "new",
  vpcCidr: "10.20.0.0/16",
  subnetACidr: "10.20.1.0/24",
  subnetAZone: "us-east-1a",
  subnetBCidr: "10.20.2.0/24",
  subnetBZone: "us-east-1b",
  name: "quick.example.com",
  shortName: "QUICK",
  size: "Small",
  password: PASSWORD,
  users: "ana, Ana, Silva, ana@example.com\nbo, Bo, Berg, bo@example.com",
  bundleId: BUNDLE_ID,
  runningMode: "AUTO_STOP",
  ...extra,
});

type Network = {
  vpcs: { VpcId: string; tags?: { Key: string; Value: string }[] }[];
  subnets: { SubnetId: string; VpcId: string }[];
  internetGateways: { InternetGatewayId: string; attachedVpcId?: string }[];
};
const network = async () => (await h.control("/emulator/network")) as Network;
const state = async () => (await h.control("/emulator/state")) as { directories?: { DirectoryId: string; Name: string; deletingAt?: number; tags?: { Key: string; Value: string }[] }[]; workspaces?: { WorkspaceId: string; DirectoryId: string; State: string }[] };
const setupTag = (id: string) => (v: { tags?: { Key: string; Value: string }[] }) => v.tags?.some((t) => t.Key === "portal:quick-setup-id" && t.Value === id);

const THROTTLING = ["ThrottlingException", "RequestLimitExceeded", "Throttling"];

/** Calls that reached AWS and did something, per operation (server errors injected before any effect are not counted). */
async function effectiveCalls(operation: string) {
  const calls = await h.db.awsCall.findMany({ where: { operation } });
  return calls.filter((c) => !["InternalFailure", "ServiceUnavailable", ...THROTTLING].includes(c.errorCode ?? ""));
}

/** Attempts AWS answered with throttling, the SDK's retries included (the portal's own metric). */
async function throttledAttempts() {
  return (await metrics().awsThrottled.get()).values.reduce((sum, v) => sum + v.value, 0);
}

/** Calls made for one job that were still throttled after the SDK's retry (the AwsCall log). */
async function throttledCalls(operationId: string) {
  const calls = await h.db.awsCall.findMany({ where: { operationIds: { has: operationId }, errorCode: { in: THROTTLING } } });
  return calls.map((c) => `${c.operation} ${c.errorCode}`);
}

/** Calls of one operation made for one job that AWS carried out and answered. */
const answered = (operationId: string, operation: string) => h.db.awsCall.count({ where: { operationIds: { has: operationId }, operation, errorCode: null } });

const SETTINGS = ["PORTAL_LDAP_ENDPOINTS", "PORTAL_LDAP_CA_FILE"];
const saved = Object.fromEntries(SETTINGS.map((k) => [k, process.env[k]]));
let caDir: string;

beforeAll(async () => {
  h = await startHarness({ emulator: { ldapPort: 0 } });
  testDb = h.db;
  caDir = fs.mkdtempSync(path.join(os.tmpdir(), "quick-setup-ldap-"));
  fs.writeFileSync(path.join(caDir, "ca.pem"), h.emulator.ldap!.caPem);
  process.env.PORTAL_LDAP_ENDPOINTS = `*=${h.emulator.ldap!.url}`;
  process.env.PORTAL_LDAP_CA_FILE = path.join(caDir, "ca.pem");
  resetConfigForTests();
  const dave = await h.db.user.update({ where: { id: h.approverId }, data: { role: "ADMIN" } });
  caller = { id: dave.id, email: dave.email, name: dave.name ?? "Dave", role: "ADMIN" };
});
afterAll(async () => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetConfigForTests();
  fs.rmSync(caDir, { recursive: true, force: true });
  await h?.close();
});
beforeEach(async () => {
  await h.configureEmulator({ faults: { operations: {} }, throttle: {} });
});

async function runSetup(name: string, cidr: string, faultsWhileRunning?: Record<string, unknown>) {
  const third = cidr.split(".")[1];
  const result = await startQuickSetup(form({ name, vpcCidr: `10.${third}.0.0/16`, subnetACidr: `10.${third}.1.0/24`, subnetBCidr: `10.${third}.2.0/24` }));
  expect(result).toMatchObject({ ok: true });
  if (faultsWhileRunning) await h.configureEmulator(faultsWhileRunning);
  const { setupId, passwords } = result as { setupId: string; passwords: { userName: string; password: string }[] };
  await drainAll();
  return { setupId, passwords };
}

/** Runs the worker until nothing is open. */
async function drainAll() {
  for (let tick = 0; tick < 3000; tick++) {
    await runWorkerOnce(h.workerOptions());
    await reconcileOnce({ db: h.db, aws: h.aws });
    if ((await h.db.operation.count({ where: { status: { in: ["QUEUED", "RUNNING"] } } })) === 0) return;
    await new Promise((r) => setTimeout(r, 30));
  }
  throw new Error("operations still open");
}

/** A directory user's sign-in over LDAP, as the portal's directory sign-in binds. */
const signIn = (domain: string, userName: string, password: string) =>
  bindAndReadAccount({
    endpoint: { url: h.emulator.ldap!.url, caPem: h.emulator.ldap!.caPem, timeoutMs: 5000 },
    bindName: `${userName}@${domain}`,
    password,
    baseDn: domain.split(".").map((p) => `DC=${p}`).join(","),
    lookup: { sAMAccountName: userName },
  });
const adminConn = (domain: string, password: string) => ({
  endpoint: { url: h.emulator.ldap!.url, caPem: h.emulator.ldap!.caPem, timeoutMs: 5000 },
  domain,
  admin: { bindName: `Administrator@${domain}`, password },
});

async function runCleanUp(directoryId: string, name: string, faultsWhileRunning?: Record<string, unknown>) {
  const preview = await previewCleanUp({ directoryId });
  expect(preview).toMatchObject({ ok: true });
  const started = await startCleanUp({ directoryId, confirmName: name });
  expect(started).toMatchObject({ ok: true });
  if (faultsWhileRunning) await h.configureEmulator(faultsWhileRunning);
  for (let tick = 0; tick < 3000 && (await h.db.operation.count({ where: { status: { in: ["QUEUED", "RUNNING"] } } })) > 0; tick++) {
    await runWorkerOnce(h.workerOptions());
    await reconcileOnce({ db: h.db, aws: h.aws });
    await new Promise((r) => setTimeout(r, 30));
  }
  return (started as { operationId: string }).operationId;
}

describe("quick set-up", { timeout: 180_000 }, () => {
  it("bad input gets a message at its field before any AWS call: overlapping subnets, a subnet outside the VPC, one zone twice", async () => {
    const before = await h.db.awsCall.count();
    const overlapping = await previewQuickSetup(form({ subnetBCidr: "10.20.1.128/25" }));
    expect(overlapping).toMatchObject({ ok: false, code: "INVALID_INPUT", fieldErrors: { subnetBCidr: expect.stringContaining("overlaps the first subnet's 10.20.1.0/24") } });
    const outside = await startQuickSetup(form({ subnetACidr: "10.99.1.0/24" }));
    expect(outside).toMatchObject({ ok: false, fieldErrors: { subnetACidr: "10.99.1.0/24 is not inside the VPC's 10.20.0.0/16." } });
    const sameZone = await startQuickSetup(form({ subnetBZone: "us-east-1a" }));
    expect(sameZone).toMatchObject({ ok: false, fieldErrors: { subnetBZone: expect.stringContaining("two subnets in different Availability Zones") } });
    const notCidr = await startQuickSetup(form({ vpcCidr: "10.20.0.1/16" }));
    expect(notCidr).toMatchObject({ ok: false, fieldErrors: { vpcCidr: expect.stringContaining("not an IPv4 CIDR block") } });
    expect(await h.db.awsCall.count()).toBe(before);
    expect(await h.db.operation.count({ where: { type: "QUICK_SETUP" } })).toBe(0);
  });

  it("a zone WorkSpaces does not support is refused at its field (a read of EC2, nothing created)", async () => {
    const result = await previewQuickSetup(form({ subnetAZone: "us-east-1d" }));
    expect(result).toMatchObject({ ok: false, fieldErrors: { subnetAZone: expect.stringContaining("WorkSpaces does not support us-east-1d") } });
    expect(await h.db.operation.count({ where: { type: "QUICK_SETUP" } })).toBe(0);
  });

  it("end to end on the emulator: plan, then VPC, subnets, gateway, route, Simple AD Active, registered, the users with their initial passwords, a first desktop per user; no password kept; then clean-up leaves nothing", async () => {
    const preview = await previewQuickSetup(form());
    expect(preview).toMatchObject({ ok: true });
    const planText = (preview as { plan: { text: string }[] }).plan.map((l) => l.text).join("\n");
    expect(planText).toContain("A VPC with the range 10.20.0.0/16");
    expect(planText).toContain("2 first desktops");
    expect(planText).toContain("2 users to create in the directory: ana, bo, each with a strong initial password shown to you once");

    const { setupId, passwords } = await runSetup("quick.example.com", "10.20.0.0/16");
    expect(passwords.map((p) => p.userName)).toEqual(["ana", "bo"]);
    expect(passwords[0].password).not.toBe(passwords[1].password);
    const view = await loadQuickSetup(setupId);
    expect(view?.status).toBe("SUCCEEDED");
    expect(Object.fromEntries(view!.steps.map((s) => [s.key, s.state]))).toEqual({
      vpc: "done",
      subnets: "done",
      "internet-gateway": "done",
      routes: "done",
      directory: "done",
      "directory-active": "done",
      registration: "done",
      users: "done",
      desktops: "done",
    });
    const net = await network();
    const vpcs = net.vpcs.filter(setupTag(setupId));
    expect(vpcs).toHaveLength(1);
    expect(net.subnets.filter((s) => s.VpcId === vpcs[0].VpcId)).toHaveLength(2);
    expect(net.internetGateways.filter((g) => g.attachedVpcId === vpcs[0].VpcId)).toHaveLength(1);
    const dirs = (await state()).directories!.filter((d) => d.Name === "quick.example.com");
    expect(dirs).toHaveLength(1);
    expect(dirs[0].tags).toEqual(expect.arrayContaining([{ Key: "portal:created-by", Value: "workspaces-portal" }, { Key: "portal:quick-setup-id", Value: setupId }]));
    expect(vpcs[0].tags).toEqual(expect.arrayContaining([{ Key: "portal:created-by", Value: "workspaces-portal" }]));
    expect(view!.directoryId).toBe(dirs[0].DirectoryId);
    expect(await h.db.directory.findUnique({ where: { id: dirs[0].DirectoryId } })).toMatchObject({ registered: true });
    // Queued as ordinary creates: each in AWS once, tagged, on its way to AVAILABLE.
    expect(view!.desktops.map((d) => d.userName)).toEqual(["ana", "bo"]);
    for (const d of view!.desktops) {
      expect(["PENDING", "AVAILABLE"]).toContain(d.state);
      expect(d.workspaceId).toMatch(/^ws-/);
    }
    const stored = JSON.stringify([await h.db.operation.findMany(), await h.db.auditEvent.findMany()]);
    expect(stored).not.toContain(PASSWORD);
    for (const p of passwords) expect(stored).not.toContain(p.password);
    expect(stored).not.toContain('"secret"');
    const auth = (await h.control(`/emulator/directories/${dirs[0].DirectoryId}/authenticate`, { UserName: "Administrator", Password: PASSWORD })) as { authenticated: boolean };
    expect(auth.authenticated).toBe(true);
    // The users are in the directory, once each, with the names given; their initial password is
    // right and must be changed at the first sign-in (AD's 773 comes only after a right password).
    const listed = await listDirectoryUsers(adminConn("quick.example.com", PASSWORD));
    expect(listed.ok && listed.users.filter((u) => ["ana", "bo"].includes(u.userName)).map((u) => [u.userName, u.displayName, u.email])).toEqual([
      ["ana", "Ana Silva", "ana@example.com"],
      ["bo", "Bo Berg", "bo@example.com"],
    ]);
    expect(await signIn("quick.example.com", "ana", passwords[0].password)).toMatchObject({ ok: false, refusal: "MUST_CHANGE_PASSWORD" });
    expect(await signIn("quick.example.com", "bo", passwords[1].password)).toMatchObject({ ok: false, refusal: "MUST_CHANGE_PASSWORD" });
    expect(await signIn("quick.example.com", "ana", passwords[1].password)).toMatchObject({ ok: false, refusal: "INVALID_CREDENTIALS" });

    // Clean-up: the wrong name is refused, nothing queued.
    expect(await startCleanUp({ directoryId: dirs[0].DirectoryId, confirmName: "quick.example" })).toMatchObject({ ok: false, fieldErrors: { confirmName: expect.any(String) } });
    const preview2 = await previewCleanUp({ directoryId: dirs[0].DirectoryId });
    expect(preview2).toMatchObject({ ok: true, preview: { desktops: 2, registered: true, vpcId: vpcs[0].VpcId } });
    await runCleanUp(dirs[0].DirectoryId, "quick.example.com");
    const after = await network();
    expect(after.vpcs.filter(setupTag(setupId))).toHaveLength(0);
    expect(after.subnets.filter((s) => s.VpcId === vpcs[0].VpcId)).toHaveLength(0);
    expect(after.internetGateways.filter((g) => net.internetGateways.some((x) => x.InternetGatewayId === g.InternetGatewayId && x.attachedVpcId === vpcs[0].VpcId))).toHaveLength(0);
    const left = (await state()).directories!.filter((d) => d.DirectoryId === dirs[0].DirectoryId && d.deletingAt === undefined);
    expect(left).toHaveLength(0);
    // The default VPC, not the portal's, is untouched.
    expect(after.vpcs.some((v) => v.VpcId === "vpc-0def0000000000001")).toBe(true);
    for (const op of ["DeleteVpc", "DeleteSubnet", "DeleteInternetGateway", "DeleteDirectory"]) {
      expect((await effectiveCalls(op)).filter((c) => c.errorCode)).toEqual([]);
    }
    expect(await effectiveCalls("DeleteSubnet")).toHaveLength(2);
    expect(await effectiveCalls("TerminateWorkspaces")).toHaveLength(1);
  });

  it("quick set-up on the default VPC: nothing in EC2 is created, the Simple AD goes in two default subnets of different zones, registered, with its users; the clean-up keeps the default VPC and its subnets and deletes nothing in EC2", async () => {
    const ec2 = h.aws.forRegion(REGION).directoryCreation;
    const vpcsBefore = await ec2.describeVpcs();
    const subnetsBefore = await ec2.describeSubnets({ vpcId: "vpc-0def0000000000001" });
    expect(vpcsBefore).toMatchObject({ ok: true });
    expect(subnetsBefore).toMatchObject({ ok: true });
    const defaultSubnets = (subnetsBefore as { subnets: { subnetId: string; availabilityZone: string }[] }).subnets;
    expect((vpcsBefore as { vpcs: { vpcId: string; isDefault: boolean }[] }).vpcs.filter((v) => v.isDefault).map((v) => v.vpcId)).toEqual(["vpc-0def0000000000001"]);
    const seen = new Set((await h.db.awsCall.findMany({ select: { id: true } })).map((c) => c.id));
    const newCalls = async () => (await h.db.awsCall.findMany()).filter((c) => !seen.has(c.id));

    // The CIDR and zone fields are not asked for with the default VPC.
    const input = form({ networkMode: "default", name: "dvpc.example.com", shortName: "DVPC", vpcCidr: "", subnetACidr: "", subnetAZone: "", subnetBCidr: "", subnetBZone: "" });
    const preview = await previewQuickSetup(input);
    expect(preview).toMatchObject({ ok: true });
    const plan = (preview as { plan: { step: string; text: string }[] }).plan;
    expect(plan.map((l) => l.step).filter((s) => ["subnets", "internet-gateway", "routes"].includes(s))).toEqual([]);
    const planText = plan.map((l) => l.text).join("\n");
    expect(planText).toContain("The default VPC vpc-0def0000000000001");
    expect(planText).toContain("nothing is created in it");
    expect(planText).not.toContain("A VPC with the range");
    expect(planText).not.toContain("internet gateway");

    const started = await startQuickSetup(input);
    expect(started).toMatchObject({ ok: true });
    const { setupId, passwords } = started as { setupId: string; passwords: { userName: string; password: string }[] };
    await drainAll();
    const view = await loadQuickSetup(setupId);
    expect(view?.status, JSON.stringify(view?.steps)).toBe("SUCCEEDED");
    expect(Object.fromEntries(view!.steps.map((s) => [s.key, s.state]))).toEqual({
      vpc: "skipped",
      subnets: "skipped",
      "internet-gateway": "skipped",
      routes: "skipped",
      directory: "done",
      "directory-active": "done",
      registration: "done",
      users: "done",
      desktops: "done",
    });
    const setupCalls = (await newCalls()).map((c) => c.operation);
    for (const op of ["CreateVpc", "CreateSubnet", "CreateInternetGateway", "AttachInternetGateway", "CreateRoute"]) expect(setupCalls).not.toContain(op);
    expect(setupCalls).toContain("CreateDirectory");

    // The directory is in the default VPC, in two of its subnets, in two different zones.
    const dirs = ((await state()).directories ?? []) as { DirectoryId: string; Name: string; VpcId?: string; SubnetIds?: string[] }[];
    const dir = dirs.filter((d) => d.Name === "dvpc.example.com");
    expect(dir).toHaveLength(1);
    expect(dir[0].VpcId).toBe("vpc-0def0000000000001");
    expect(dir[0].SubnetIds).toHaveLength(2);
    const zonesUsed = dir[0].SubnetIds!.map((id) => defaultSubnets.find((s) => s.subnetId === id)?.availabilityZone);
    expect(zonesUsed.every((z) => z !== undefined)).toBe(true);
    expect(new Set(zonesUsed).size).toBe(2);
    expect(await h.db.directory.findUnique({ where: { id: dir[0].DirectoryId } })).toMatchObject({ registered: true });
    const listed = await listDirectoryUsers(adminConn("dvpc.example.com", PASSWORD));
    expect(listed.ok && listed.users.filter((u) => ["ana", "bo"].includes(u.userName)).map((u) => u.userName)).toEqual(["ana", "bo"]);
    expect(await signIn("dvpc.example.com", "ana", passwords[0].password)).toMatchObject({ ok: false, refusal: "MUST_CHANGE_PASSWORD" });
    expect(view!.desktops.filter((d) => d.workspaceId)).toHaveLength(2);

    // Clean-up: the preview keeps the network, and the job removes only what the set-up made.
    const cleanUpPreview = await previewCleanUp({ directoryId: dir[0].DirectoryId });
    expect(cleanUpPreview).toMatchObject({ ok: true, preview: { desktops: 2, registered: true, vpcId: "vpc-0def0000000000001", portalNetwork: false, subnetIds: [], internetGatewayIds: [] } });
    for (const c of await newCalls()) seen.add(c.id);
    const cleanUpId = await runCleanUp(dir[0].DirectoryId, "dvpc.example.com");
    expect(await h.db.operation.findUniqueOrThrow({ where: { id: cleanUpId } })).toMatchObject({ status: "SUCCEEDED" });
    const cleanUpCalls = (await newCalls()).map((c) => c.operation);
    expect(cleanUpCalls).toEqual(expect.arrayContaining(["TerminateWorkspaces", "DeregisterWorkspaceDirectory", "DeleteDirectory"]));
    expect(cleanUpCalls.filter((op) => /^(Delete|Detach|Disassociate)(Vpc|Subnet|InternetGateway|Route|SecurityGroup)/.test(op))).toEqual([]);
    const desktopsLeft = ((await state()).workspaces ?? []) as unknown as { DirectoryId: string; state: string }[];
    expect(desktopsLeft.filter((w) => w.DirectoryId === dir[0].DirectoryId).map((w) => w.state)).toEqual(["TERMINATED", "TERMINATED"]);
    expect((await state()).directories!.filter((d) => d.DirectoryId === dir[0].DirectoryId && d.deletingAt === undefined)).toHaveLength(0);
    const registrations = await h.aws.forRegion(REGION).workspaces.describeWorkspaceDirectories();
    expect(registrations.ok && registrations.directories.filter((d) => d.directoryId === dir[0].DirectoryId && d.state !== "DEREGISTERED")).toEqual([]);
    // The default VPC and its subnets, read through EC2 as before: all still there.
    expect(await ec2.describeVpcs()).toEqual(vpcsBefore);
    expect(await ec2.describeSubnets({ vpcId: "vpc-0def0000000000001" })).toEqual(subnetsBefore);
  });

  it("throttling and server errors during both: exactly one VPC and one directory, then nothing left and nothing deleted twice", async () => {
    const callsBefore = await h.db.awsCall.findMany({ select: { id: true } });
    const seen = new Set(callsBefore.map((c) => c.id));
    // Every operation limited, and the ones each job sends twice in a row (two subnets) to one call
    // per 100 ms: the second is refused, and again when the SDK retries it 10 to 20 ms later, so the
    // job itself meets the throttling error and sends it again. Those two are spared the injected
    // faults, so that the pair is always sent back to back (a lost answer would split it).
    const tight = { ratePerSecond: 10, burst: 1 };
    const throttle = { default: { ratePerSecond: 20, burst: 3 }, operations: { CreateSubnet: tight, DeleteSubnet: tight } };
    const spared = { errorRate: 0, lostAnswerRate: 0 };
    const faults = { faults: { errorRate: 0.25, lostAnswerRate: 0.15, seed: 7, operations: { CreateSubnet: spared, DeleteSubnet: spared } }, throttle };
    let throttledBefore = await throttledAttempts();
    const { setupId } = await runSetup("faults.example.com", "10.30.0.0/16", faults);
    // The admin's preview and confirmation are web requests (their reads fail under faults): made between them.
    await h.configureEmulator({ faults: { errorRate: 0, lostAnswerRate: 0 }, throttle: {} });
    // Throttling really happened while setting up: attempts the SDK retried, and calls still
    // refused after its retry, which the job took back to the queue and sent again.
    expect(await throttledAttempts()).toBeGreaterThan(throttledBefore);
    expect(await throttledCalls(setupId)).toContain("CreateSubnet RequestLimitExceeded");
    expect(await answered(setupId, "CreateSubnet")).toBe(2);
    const view = await loadQuickSetup(setupId);
    expect(view?.status, JSON.stringify(view?.steps)).toBe("SUCCEEDED");
    const net = await network();
    expect(net.vpcs.filter(setupTag(setupId))).toHaveLength(1);
    const dirs = (await state()).directories!.filter((d) => d.Name === "faults.example.com");
    expect(dirs).toHaveLength(1);
    expect(view!.desktops.filter((d) => d.workspaceId)).toHaveLength(2);
    expect((await state()).workspaces!.filter((w) => w.DirectoryId === dirs[0].DirectoryId)).toHaveLength(2);

    throttledBefore = await throttledAttempts();
    const cleanUpId = await runCleanUp(dirs[0].DirectoryId, "faults.example.com", faults);
    await h.configureEmulator({ faults: { errorRate: 0, lostAnswerRate: 0 }, throttle: {} });
    expect(await h.db.operation.findUniqueOrThrow({ where: { id: cleanUpId } })).toMatchObject({ status: "SUCCEEDED" });
    expect(await throttledAttempts()).toBeGreaterThan(throttledBefore);
    expect(await throttledCalls(cleanUpId)).toContain("DeleteSubnet RequestLimitExceeded");
    expect(await answered(cleanUpId, "DeleteSubnet")).toBe(2);
    const after = await network();
    expect(after.vpcs.filter(setupTag(setupId))).toHaveLength(0);
    expect((await state()).directories!.filter((d) => d.DirectoryId === dirs[0].DirectoryId && d.deletingAt === undefined)).toHaveLength(0);
    const faultCalls = (await h.db.awsCall.findMany()).filter((c) => !seen.has(c.id));
    expect(faultCalls.some((c) => ["InternalFailure", "ServiceUnavailable"].includes(c.errorCode ?? ""))).toBe(true);
    // Nothing deleted twice: no delete was ever answered "does not exist".
    const refusedAsGone = faultCalls.filter((c) => c.operation.startsWith("Delete") && /NotFound|DoesNotExist/.test(c.errorCode ?? ""));
    expect(refusedAsGone).toEqual([]);
  });

  it("a failed step shows AWS's message and the admin retries it", async () => {
    // Five VPCs is the emulator's (and AWS's default) limit: fill it so CreateVpc is refused.
    await h.configureEmulator({ faults: { operations: { CreateVpc: { errorRate: 1 } } } });
    const result = await startQuickSetup(form({ name: "retry.example.com", vpcCidr: "10.40.0.0/16", subnetACidr: "10.40.1.0/24", subnetBCidr: "10.40.2.0/24", bundleId: "", users: "" }));
    const setupId = (result as { setupId: string }).setupId;
    await h.drain({ maxAttempts: 2 }, 3000);
    const failed = await loadQuickSetup(setupId);
    expect(failed?.status).toBe("FAILED");
    expect(failed?.steps[0]).toMatchObject({ key: "vpc", state: "failed", error: { message: expect.stringContaining("Gave up after 2 attempts") } });
    expect(failed?.needsPassword).toBe(true);
    await h.configureEmulator({ faults: { operations: {} } });
    expect(await retryQuickSetupStep({ setupId, password: "" })).toMatchObject({ ok: false, fieldErrors: { password: expect.any(String) } });
    expect(await retryQuickSetupStep({ setupId, password: PASSWORD })).toMatchObject({ ok: true });
    await drainAll();
    const done = await loadQuickSetup(setupId);
    expect(done?.status).toBe("SUCCEEDED");
    expect((await network()).vpcs.filter(setupTag(setupId))).toHaveLength(1);
    await runCleanUp(done!.directoryId!, "retry.example.com");
  });

  it("the users step fails when the directory cannot be reached; the retry asks for the admin password, shows new passwords, and a user an earlier try made is not made twice", async () => {
    process.env.PORTAL_LDAP_ENDPOINTS = "*=ldaps://127.0.0.1:9"; // nothing answers there
    resetConfigForTests();
    const result = await startQuickSetup(form({ name: "again.example.com", vpcCidr: "10.60.0.0/16", subnetACidr: "10.60.1.0/24", subnetBCidr: "10.60.2.0/24", bundleId: "" }));
    const { setupId, passwords: first } = result as { setupId: string; passwords: { userName: string; password: string }[] };
    await h.drain({ maxAttempts: 2 }, 3000);
    const failed = await loadQuickSetup(setupId);
    expect(failed?.status).toBe("FAILED");
    expect(failed?.steps.find((s) => s.key === "users")).toMatchObject({ state: "failed", error: { message: expect.stringContaining("could not be reached") } });
    expect(failed?.needsPassword).toBe(true);
    expect(JSON.stringify(await h.db.operation.findUnique({ where: { id: setupId } }))).not.toContain('"secret"');

    process.env.PORTAL_LDAP_ENDPOINTS = `*=${h.emulator.ldap!.url}`;
    resetConfigForTests();
    // As if the failed try had made ana before the directory stopped answering.
    const { createDirectoryUser } = await import("@/lib/directories/users/ldap-admin");
    expect(await createDirectoryUser(adminConn("again.example.com", PASSWORD), { userName: "ana", givenName: "Ana", surname: "Silva", password: first[0].password })).toMatchObject({ ok: true });
    expect(await retryQuickSetupStep({ setupId, password: "" })).toMatchObject({ ok: false, fieldErrors: { password: expect.stringContaining("The users are still to be created") } });
    const retried = await retryQuickSetupStep({ setupId, password: PASSWORD });
    expect(retried).toMatchObject({ ok: true, passwords: [{ userName: "ana" }, { userName: "bo" }] });
    const again = (retried as { passwords: { password: string }[] }).passwords;
    expect(again[0].password).not.toBe(first[0].password);
    await drainAll();
    const done = await loadQuickSetup(setupId);
    expect(done?.status).toBe("SUCCEEDED");
    expect(done?.steps.find((s) => s.key === "users")).toMatchObject({ state: "done", detail: "2 users in the directory (1 already made by an earlier try)" });
    const listed = await listDirectoryUsers(adminConn("again.example.com", PASSWORD), { search: "a" });
    expect(listed.ok && listed.users.filter((u) => u.userName === "ana")).toHaveLength(1);
    // The password the admin was shown last is the one that works (AD still takes the one before for an hour).
    expect(await signIn("again.example.com", "ana", again[0].password)).toMatchObject({ ok: false, refusal: "MUST_CHANGE_PASSWORD" });
    await runCleanUp(done!.directoryId!, "again.example.com");
  });
});
