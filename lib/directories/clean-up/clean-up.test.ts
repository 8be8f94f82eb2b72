// Clean-up of one directory that quick set-up did not make, end to end: the server actions (admin
// Dave) against the real database, the real worker sending through the real SDK to the emulator.
// The directories, their network and their desktops are made directly in the emulator, as an admin
// would have made them in the console; only the clean-up goes through the portal.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { CreateDirectoryCommand, DirectoryServiceClient } from "@aws-sdk/client-directory-service";
import { CreateSubnetCommand, CreateVpcCommand, DescribeSubnetsCommand, DescribeVpcsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { CreateWorkspacesCommand, RegisterWorkspaceDirectoryCommand, WorkSpacesClient } from "@aws-sdk/client-workspaces";
import type { PrismaClient } from "@/lib/db/generated/client";
import { clientConfig } from "@/test-support/emulator-fixture";
import { BUNDLE_ID, REGION, startHarness, type Harness } from "@/test-support/worker-harness";
import { WORKSPACES_BATCH_LIMIT } from "@/lib/aws/workspaces";
import { queueCleanUp } from "./mutations";

let h: Harness;
let testDb: PrismaClient;
vi.mock("@/lib/db/client", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  get db() {
    return testDb;
  },
}));
vi.mock("@/lib/directories/quick-setup/aws", () => ({ quickSetupAws: () => h.aws.forRegion(REGION) }));
let caller: { id: string; email: string; name: string; role: "EMPLOYEE" | "APPROVER" | "ADMIN" } | null = null;
vi.mock("@/lib/auth/session", () => ({ getActionUser: async () => caller, getCurrentUser: async () => caller }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const { previewCleanUp, startCleanUp } = await import("./actions");
const { loadCleanUp } = await import("./queries");

let ec2: EC2Client;
let ds: DirectoryServiceClient;
let ws: WorkSpacesClient;

beforeAll(async () => {
  h = await startHarness();
  testDb = h.db;
  const dave = await h.db.user.update({ where: { id: h.approverId }, data: { role: "ADMIN" } });
  caller = { id: dave.id, email: dave.email, name: dave.name ?? "Dave", role: "ADMIN" };
  ec2 = new EC2Client(clientConfig(h.emulator.url));
  ds = new DirectoryServiceClient(clientConfig(h.emulator.url));
  ws = new WorkSpacesClient(clientConfig(h.emulator.url));
});
afterAll(async () => {
  for (const c of [ec2, ds, ws]) c?.destroy();
  await h?.close();
});

type Network = { vpcId: string; subnetIds: [string, string] };

/** A VPC with two subnets made with EC2 directly: no portal tag on any of them. */
async function vpcWithoutPortalTag(second: number): Promise<Network> {
  const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: `10.${second}.0.0/16` }))).Vpc!.VpcId!;
  const [a, b] = await Promise.all(
    (["us-east-1a", "us-east-1b"] as const).map((AvailabilityZone, i) =>
      ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: `10.${second}.${i + 1}.0/24`, AvailabilityZone })),
    ),
  );
  return { vpcId, subnetIds: [a.Subnet!.SubnetId!, b.Subnet!.SubnetId!] };
}

/** A Simple AD in the network, Active and registered with WorkSpaces, with one desktop for each of `desktops` users. */
async function directoryWithDesktops(name: string, network: Network, desktops: number) {
  const directoryId = (
    await ds.send(new CreateDirectoryCommand({ Name: name, Password: "Console-Made-8 pass", Size: "Small", VpcSettings: { VpcId: network.vpcId, SubnetIds: network.subnetIds } }))
  ).DirectoryId!;
  await h.advanceClock(600);
  await ws.send(new RegisterWorkspaceDirectoryCommand({ DirectoryId: directoryId }));
  await h.advanceClock(60);
  const users = Array.from({ length: desktops }, (_, i) => `user${String(i + 1).padStart(2, "0")}`);
  if (users.length > 0) await h.control(`/emulator/directories/${directoryId}/users`, { Users: users.map((UserName) => ({ UserName })) });
  const workspaceIds: string[] = [];
  for (let i = 0; i < users.length; i += WORKSPACES_BATCH_LIMIT) {
    const made = await ws.send(
      new CreateWorkspacesCommand({ Workspaces: users.slice(i, i + WORKSPACES_BATCH_LIMIT).map((UserName) => ({ DirectoryId: directoryId, UserName, BundleId: BUNDLE_ID })) }),
    );
    expect(made.FailedRequests ?? []).toEqual([]);
    workspaceIds.push(...made.PendingRequests!.map((w) => w.WorkspaceId!));
  }
  await h.advanceClock(1200); // AVAILABLE
  return { directoryId, workspaceIds };
}

const emulatorState = async () =>
  (await h.control("/emulator/state")) as {
    directories: { DirectoryId: string; deletingAt?: number; registration?: unknown }[];
    workspaces: { WorkspaceId: string; DirectoryId: string; state: string }[];
  };

/** The portal's AWS calls for one job, in order. */
const callsOf = (operationId: string, operation?: string) =>
  h.db.awsCall.findMany({ where: { operationIds: { has: operationId }, ...(operation ? { operation } : {}) }, orderBy: { at: "asc" } });

/** The clean-up as the admin starts it (the name typed to confirm), run by the worker until it closes. */
async function cleanUp(directoryId: string, name: string) {
  const started = await startCleanUp({ directoryId, confirmName: name });
  expect(started).toMatchObject({ ok: true });
  const operationId = (started as { operationId: string }).operationId;
  await h.drain({}, 1000);
  return operationId;
}

describe("clean-up of a directory quick set-up did not make", { timeout: 120_000 }, () => {
  it("27 desktops are terminated in calls of at most 25, waited for until gone, then the directory is deregistered and deleted", async () => {
    const network = await vpcWithoutPortalTag(71);
    const { directoryId, workspaceIds } = await directoryWithDesktops("many.example.com", network, 27);
    expect(new Set(workspaceIds).size).toBe(27);

    const preview = await previewCleanUp({ directoryId });
    expect(preview).toMatchObject({ ok: true, preview: { name: "many.example.com", desktops: 27, registered: true } });
    const operationId = await cleanUp(directoryId, "many.example.com");

    const view = await loadCleanUp(operationId);
    expect(view?.status).toBe("SUCCEEDED");
    expect(Object.fromEntries(view!.steps.map((s) => [s.key, s.state]))).toEqual({
      terminate: "done",
      "desktops-gone": "done",
      deregister: "done",
      "delete-directory": "done",
      "directory-gone": "done",
      network: "skipped",
    });
    expect(view!.steps[0].detail).toBe("27 desktops terminated");

    // Each desktop asked to terminate once, in calls AWS takes (25 at most), all answered.
    const terminations = await callsOf(operationId, "TerminateWorkspaces");
    expect(terminations.map((c) => [c.itemCount, c.errorCode])).toEqual([
      [25, null],
      [2, null],
    ]);
    const op = await h.db.operation.findUniqueOrThrow({ where: { id: operationId } });
    const terminated = (op.result as { terminated: string[] }).terminated;
    expect([...terminated].sort()).toEqual([...workspaceIds].sort());

    // Deregistered only once every desktop was gone (AWS refuses it before), then deleted once.
    const calls = await callsOf(operationId);
    const lastTerminate = calls.findLastIndex((c) => c.operation === "TerminateWorkspaces");
    const deregisters = calls.filter((c) => c.operation === "DeregisterWorkspaceDirectory");
    // Sent again while it waits (harmless): accepted first, then "not registered any more", never refused.
    expect(deregisters[0]?.errorCode).toBeNull();
    expect(deregisters.filter((c) => c.errorCode && c.errorCode !== "ResourceNotFoundException")).toEqual([]);
    expect(calls.indexOf(deregisters[0])).toBeGreaterThan(lastTerminate);
    const deletes = calls.filter((c) => c.operation === "DeleteDirectory");
    expect(deletes.map((c) => c.errorCode)).toEqual([null]);
    expect(calls.indexOf(deletes[0])).toBeGreaterThan(calls.indexOf(deregisters[0]));

    const state = await emulatorState();
    const left = state.workspaces.filter((w) => w.DirectoryId === directoryId && w.state !== "TERMINATED");
    expect(left).toEqual([]);
    expect(state.directories.filter((d) => d.DirectoryId === directoryId && d.deletingAt === undefined)).toEqual([]);
  });

  it("a VPC the portal did not create is shown as kept and left with its subnets; desktops, registration and directory go", async () => {
    const network = await vpcWithoutPortalTag(72);
    const { directoryId, workspaceIds } = await directoryWithDesktops("kept.example.com", network, 1);

    const preview = await previewCleanUp({ directoryId });
    expect(preview).toMatchObject({
      ok: true,
      preview: { desktops: 1, registered: true, vpcId: network.vpcId, portalNetwork: false, subnetIds: [], internetGatewayIds: [] },
    });
    const operationId = await cleanUp(directoryId, "kept.example.com");
    const op = await h.db.operation.findUniqueOrThrow({ where: { id: operationId } });
    expect(op.status).toBe("SUCCEEDED");
    expect(op.payload).toMatchObject({ vpcId: null });
    expect((await loadCleanUp(operationId))!.steps.find((s) => s.key === "network")?.state).toBe("skipped");

    const state = await emulatorState();
    expect(state.workspaces.filter((w) => workspaceIds.includes(w.WorkspaceId) && w.state !== "TERMINATED")).toEqual([]);
    expect(state.directories.filter((d) => d.DirectoryId === directoryId && d.deletingAt === undefined)).toEqual([]);
    expect((await callsOf(operationId, "DeregisterWorkspaceDirectory")).length).toBeGreaterThan(0);

    // The network is still there, as EC2 lists it, and nothing was sent to delete any part of it.
    const vpcs = await ec2.send(new DescribeVpcsCommand({ VpcIds: [network.vpcId] }));
    expect(vpcs.Vpcs?.map((v) => v.VpcId)).toEqual([network.vpcId]);
    const subnets = await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: "vpc-id", Values: [network.vpcId] }] }));
    expect(subnets.Subnets?.map((s) => s.SubnetId).sort()).toEqual([...network.subnetIds].sort());
    const deletes = (await callsOf(operationId)).filter((c) => c.service === "ec2" && !c.operation.startsWith("Describe"));
    expect(deletes).toEqual([]);
  });

  it("asked to delete a VPC without the portal's tag, the network step refuses and leaves it", async () => {
    // The action never asks this (the preview keeps such a VPC); a job queued with it is refused by the worker too.
    const network = await vpcWithoutPortalTag(73);
    const { directoryId } = await directoryWithDesktops("untagged.example.com", network, 0);
    const queued = await queueCleanUp(h.db, {
      actor: caller!,
      region: REGION,
      payload: { directoryId, directoryName: "untagged.example.com", vpcId: network.vpcId, setupId: null },
    });
    expect(queued.ok).toBe(true);
    const operationId = (queued as { operationId: string }).operationId;
    await h.drain({}, 1000);

    const op = await h.db.operation.findUniqueOrThrow({ where: { id: operationId } });
    expect(op).toMatchObject({ status: "FAILED", lastErrorCode: "NotCreatedByPortal" });
    const networkStep = (await loadCleanUp(operationId))!.steps.find((s) => s.key === "network");
    expect(networkStep).toMatchObject({ state: "failed", error: { code: "NotCreatedByPortal", message: `${network.vpcId} was not created by the portal; it is left as it is.` } });
    expect((await ec2.send(new DescribeVpcsCommand({ VpcIds: [network.vpcId] }))).Vpcs).toHaveLength(1);
    expect((await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: "vpc-id", Values: [network.vpcId] }] }))).Subnets).toHaveLength(2);
    expect((await callsOf(operationId)).filter((c) => c.service === "ec2" && !c.operation.startsWith("Describe"))).toEqual([]);
  });
});
