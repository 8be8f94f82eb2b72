/**
 * MigrateWorkspace (a new WorkSpace id from another bundle: the user volume kept, the root volume
 * the new bundle's; the source goes away) and DescribeWorkspaceSnapshots (every 12 hours once the
 * desktop is AVAILABLE), through the real @aws-sdk/client-workspaces client.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DescribeWorkspaceSnapshotsCommand,
  DescribeWorkspacesCommand,
  InvalidResourceStateException,
  MigrateWorkspaceCommand,
  OperationInProgressException,
  OperationNotSupportedException,
  ResourceNotFoundException,
  StopWorkspacesCommand,
  type Workspace,
} from "@aws-sdk/client-workspaces";
import { createDesktops, rejection, request, startTestEmulator, users, type TestEmulator } from "@/test-support/emulator-fixture";

const POWER_WINDOWS = "wsb-a5frhw29a"; // Power with Windows 10 (Server 2022 based): 175 GB root, 100 GB user
const STANDARD_LINUX = "wsb-f8dj8akz1";

let t: TestEmulator;
let nextUser = 150;
beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(() => t.close());

async function describeOne(id: string): Promise<Workspace | undefined> {
  return (await t.ws.send(new DescribeWorkspacesCommand({ WorkspaceIds: [id] }))).Workspaces?.[0];
}
async function availableDesktop(extra = {}): Promise<string> {
  const [id] = await createDesktops(t.ws, [request(users(nextUser++, 1)[0], extra)]);
  t.emulator.advanceClock(2.1);
  expect((await describeOne(id))?.State).toBe("AVAILABLE");
  return id;
}

describe("MigrateWorkspace", () => {
  it("answers a new WorkSpace id: PENDING on the new bundle with the same user and user volume, the new bundle's root volume; the source goes away", async () => {
    const source = await availableDesktop({ Tags: [{ Key: "CostCenter", Value: "cc-1" }] });
    const before = (await describeOne(source))!;
    // Standard: 80 GB root, 50 GB user; Power's own user volume would be 100 GB.
    expect(before.WorkspaceProperties).toMatchObject({ RootVolumeSizeGib: 80, UserVolumeSizeGib: 50 });

    const answer = await t.ws.send(new MigrateWorkspaceCommand({ SourceWorkspaceId: source, BundleId: POWER_WINDOWS }));
    expect(answer.SourceWorkspaceId).toBe(source);
    expect(answer.TargetWorkspaceId).toMatch(/^ws-[0-9a-z]{8,63}$/);
    expect(answer.TargetWorkspaceId).not.toBe(source);

    const target = (await describeOne(answer.TargetWorkspaceId!))!;
    expect(target).toMatchObject({ State: "PENDING", BundleId: POWER_WINDOWS, UserName: before.UserName, DirectoryId: before.DirectoryId });
    expect(target.WorkspaceProperties).toMatchObject({ UserVolumeSizeGib: 50, RootVolumeSizeGib: 175, ComputeTypeName: "POWER" });
    expect((await describeOne(source))?.State).toBe("TERMINATING");

    // Up to an hour (6 s at test speed), then AVAILABLE; the source is no longer returned.
    t.emulator.advanceClock(6.1);
    expect((await describeOne(answer.TargetWorkspaceId!))?.State).toBe("AVAILABLE");
    expect(await describeOne(source)).toBeUndefined();
  });

  it("refuses what AWS refuses: an unknown bundle or WorkSpace, a state other than AVAILABLE or STOPPED, Linux, the same bundle, a migration already under way", async () => {
    const id = await availableDesktop({ WorkspaceProperties: { RunningMode: "AUTO_STOP" } });
    await rejection(t.ws.send(new MigrateWorkspaceCommand({ SourceWorkspaceId: id, BundleId: "wsb-doesnotexist" })), ResourceNotFoundException);
    await rejection(t.ws.send(new MigrateWorkspaceCommand({ SourceWorkspaceId: "ws-doesnotexist", BundleId: POWER_WINDOWS })), ResourceNotFoundException);
    await rejection(t.ws.send(new MigrateWorkspaceCommand({ SourceWorkspaceId: id, BundleId: STANDARD_LINUX })), OperationNotSupportedException);
    const same = (await describeOne(id))!.BundleId!;
    await rejection(t.ws.send(new MigrateWorkspaceCommand({ SourceWorkspaceId: id, BundleId: same })), OperationNotSupportedException);

    await t.ws.send(new StopWorkspacesCommand({ StopWorkspaceRequests: [{ WorkspaceId: id }] }));
    const stopping = await rejection(t.ws.send(new MigrateWorkspaceCommand({ SourceWorkspaceId: id, BundleId: POWER_WINDOWS })), InvalidResourceStateException);
    expect((stopping as Error).message).toMatch(/AVAILABLE, STOPPED/);
    t.emulator.advanceClock(1);
    expect((await describeOne(id))?.State).toBe("STOPPED");
    const migrated = await t.ws.send(new MigrateWorkspaceCommand({ SourceWorkspaceId: id, BundleId: POWER_WINDOWS }));
    expect(migrated.TargetWorkspaceId).toBeTruthy();
    await rejection(t.ws.send(new MigrateWorkspaceCommand({ SourceWorkspaceId: id, BundleId: POWER_WINDOWS })), OperationInProgressException);
  });
});

describe("DescribeWorkspaceSnapshots", () => {
  it("lists none while the desktop is PENDING, then a snapshot when it became AVAILABLE and one every 12 hours, newest first", async () => {
    const [id] = await createDesktops(t.ws, [request(users(nextUser++, 1)[0])]);
    const none = await t.ws.send(new DescribeWorkspaceSnapshotsCommand({ WorkspaceId: id }));
    expect(none.RestoreSnapshots).toEqual([]);
    t.emulator.advanceClock(2.1);
    const first = await t.ws.send(new DescribeWorkspaceSnapshotsCommand({ WorkspaceId: id }));
    expect(first.RestoreSnapshots).toHaveLength(1);
    const firstAt = first.RestoreSnapshots![0].SnapshotTime!.getTime();
    t.emulator.advanceClock(13 * 3600);
    const later = await t.ws.send(new DescribeWorkspaceSnapshotsCommand({ WorkspaceId: id }));
    expect(later.RestoreSnapshots!.map((s) => s.SnapshotTime!.getTime())).toEqual([firstAt + 12 * 3600_000, firstAt]);
    expect(later.RebuildSnapshots).toEqual(later.RestoreSnapshots);
    await rejection(t.ws.send(new DescribeWorkspaceSnapshotsCommand({ WorkspaceId: "ws-doesnotexist" })), ResourceNotFoundException);
  });
});
