/** The /emulator/ control endpoints: health, state, config, clock, reset, seed, network, sessions. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreateDirectoryCommand, DescribeDirectoriesCommand } from "@aws-sdk/client-directory-service";
import { DescribeWorkspacesCommand, RebootWorkspacesCommand } from "@aws-sdk/client-workspaces";
import { DEMO } from "../demo-seed";
import { DIRECTORY_ID, createDesktops, removeTempDirs, request, startTestEmulator, type TestEmulator } from "@/test-support/emulator-fixture";

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator({ persistent: true });
});
afterAll(async () => {
  await t.close();
  removeTempDirs();
});

describe("control endpoints", () => {
  it("report health and the whole state", async () => {
    const health = await t.control("GET", "/emulator/health");
    expect(health).toMatchObject({ status: 200, body: { ok: true, directories: 1 } });
    await createDesktops(t.ws, [request("alice")]);
    const state = await t.control("GET", "/emulator/state");
    expect(state.body.workspaces).toHaveLength(1);
    expect(state.body.directories[0].DirectoryId).toBe(DIRECTORY_ID);
    expect(state.body.users.length).toBe(214);
    expect(state.body.config.timeScale).toBeCloseTo(1 / 600);
  });

  it("change settings at run time and reject bad ones", async () => {
    const res = await t.control("POST", "/emulator/config", { timeScale: "demo", workspaceLimit: 50 });
    expect(res.body).toMatchObject({ timeScale: 0.05, workspaceLimit: 50 });
    expect((await t.control("POST", "/emulator/config", { timeScale: "warp" })).status).toBe(400);
    expect((await t.control("POST", "/emulator/config", { pendingErrorRate: 2 })).status).toBe(400);
    expect((await t.control("POST", "/emulator/config", { faults: { lostAnswerMode: "maybe" } })).status).toBe(400);
    await t.control("POST", "/emulator/config", { timeScale: "test", workspaceLimit: 10000 });
  });

  it("advance the clock", async () => {
    const before = (await t.control("GET", "/emulator/clock")).body.nowMs as number;
    const res = await t.control("POST", "/emulator/clock/advance", { seconds: 3600 });
    expect(res.body.nowMs - before).toBeGreaterThanOrEqual(3_600_000);
    expect((await t.control("POST", "/emulator/clock/advance", { seconds: -1 })).status).toBe(400);
  });

  it("add VPCs and subnets that Directory Service then accepts", async () => {
    const vpc = await t.control("POST", "/emulator/network/vpcs", { VpcId: "vpc-0abc0000000000001", CidrBlock: "10.1.0.0/16" });
    expect(vpc.status).toBe(201);
    const a = await t.control("POST", "/emulator/network/subnets", { VpcId: "vpc-0abc0000000000001", AvailabilityZone: "us-east-1c", CidrBlock: "10.1.0.0/24" });
    const b = await t.control("POST", "/emulator/network/subnets", { VpcId: "vpc-0abc0000000000001", AvailabilityZone: "us-east-1d", CidrBlock: "10.1.1.0/24" });
    expect(a.body.SubnetId).toMatch(/^subnet-[0-9a-f]{17}$/);
    expect((await t.control("POST", "/emulator/network/subnets", { VpcId: "vpc-0000000000000000f", AvailabilityZone: "us-east-1a", CidrBlock: "10.9.0.0/24" })).status).toBe(404);
    expect((await t.control("POST", "/emulator/network/subnets", { VpcId: "vpc-0abc0000000000001", AvailabilityZone: "us-east-1a", CidrBlock: "banana" })).status).toBe(400);
    const dir = await t.ds.send(
      new CreateDirectoryCommand({ Name: "net.example.com", Password: "Str0ng!Passw0rd", Size: "Small", VpcSettings: { VpcId: "vpc-0abc0000000000001", SubnetIds: [a.body.SubnetId, b.body.SubnetId] } }),
    );
    expect(dir.DirectoryId).toBeDefined();
    const network = await t.control("GET", "/emulator/network");
    // 6 default subnets of the default VPC, 3 of the demo VPC, and these 2.
    expect(network.body.subnets).toHaveLength(11);
    // A VPC added here gets its main route table and default security group like CreateVpc.
    expect(network.body.routeTables.filter((r: { VpcId: string }) => r.VpcId === "vpc-0abc0000000000001")).toHaveLength(1);
  });

  it("show a desktop's simulated user", async () => {
    const [id] = (await t.ws.send(new DescribeWorkspacesCommand({}))).Workspaces!.map((w) => w.WorkspaceId!);
    const res = await t.control("GET", `/emulator/workspaces/${id}/sessions?days=7`);
    expect(res.status).toBe(200);
    expect(["light", "normal", "heavy"]).toContain(res.body.profile);
    expect(Array.isArray(res.body.sessions)).toBe(true);
    expect((await t.control("GET", "/emulator/workspaces/ws-000000000/sessions")).status).toBe(404);
  });

  it("force states AWS sets by itself (UNHEALTHY, MAINTENANCE), optionally for a while", async () => {
    const [id] = await createDesktops(t.ws, [request("bob")]);
    t.emulator.advanceClock(2.1);
    const res = await t.control("POST", `/emulator/workspaces/${id}/state`, { State: "UNHEALTHY", DurationSeconds: 60 });
    expect(res.body).toMatchObject({ WorkspaceId: id, State: "UNHEALTHY" });
    expect((await t.ws.send(new DescribeWorkspacesCommand({ WorkspaceIds: [id] }))).Workspaces![0].State).toBe("UNHEALTHY");
    // UNHEALTHY desktops may be rebooted.
    const reboot = await t.ws.send(new RebootWorkspacesCommand({ RebootWorkspaceRequests: [{ WorkspaceId: id }] }));
    expect(reboot.FailedRequests).toEqual([]);
    await t.control("POST", `/emulator/workspaces/${id}/state`, { State: "MAINTENANCE", DurationSeconds: 60 });
    t.emulator.advanceClock(61);
    expect((await t.ws.send(new DescribeWorkspacesCommand({ WorkspaceIds: [id] }))).Workspaces![0].State).toBe("AVAILABLE");
    expect((await t.control("POST", `/emulator/workspaces/${id}/state`, { State: "PENDING" })).status).toBe(400);
    expect((await t.control("POST", `/emulator/workspaces/ws-000000000/state`, { State: "ERROR" })).status).toBe(404);
  });

  it("reset everything, optionally re-seeding, and answer unknown paths with JSON 404", async () => {
    const reset = await t.control("POST", "/emulator/reset", {});
    expect(reset.body).toEqual({ reset: true, seeded: false });
    expect((await t.ds.send(new DescribeDirectoriesCommand({}))).DirectoryDescriptions).toEqual([]);
    await t.control("POST", "/emulator/reset", { seed: true });
    await t.control("POST", "/emulator/seed", {});
    const dirs = (await t.ds.send(new DescribeDirectoriesCommand({}))).DirectoryDescriptions!;
    expect(dirs.map((d) => d.DirectoryId)).toEqual([DIRECTORY_ID]);
    expect(dirs[0].VpcSettings?.VpcId).toBe(DEMO.vpcId);
    expect((await t.control("GET", `/emulator/directories/${DIRECTORY_ID}/users`)).body.Users).toHaveLength(214);
    expect((await t.ws.send(new DescribeWorkspacesCommand({}))).Workspaces).toEqual([]);
    const unknown = await t.control("GET", "/emulator/nothing-here");
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toContain("/emulator/nothing-here");
    const badBody = await fetch(`${t.emulator.url}/emulator/config`, { method: "POST", body: "[1,2" });
    expect(badBody.status).toBe(400);
    expect(badBody.headers.get("content-type")).toBe("application/json");
  });
});
