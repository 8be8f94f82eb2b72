/**
 * The desktop state machine and its timings (test speed: PENDING 2 s, STOPPING 0.1 s, ...) driven
 * by advancing the emulator clock; which states allow which operation; the single-desktop calls
 * that throw.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DescribeWorkspacesCommand,
  InvalidParameterValuesException,
  InvalidResourceStateException,
  ModifyWorkspacePropertiesCommand,
  ModifyWorkspaceStateCommand,
  OperationInProgressException,
  OperationNotSupportedException,
  RebootWorkspacesCommand,
  RebuildWorkspacesCommand,
  ResourceNotFoundException,
  RestoreWorkspaceCommand,
  StartWorkspacesCommand,
  StopWorkspacesCommand,
  TerminateWorkspacesCommand,
  UnsupportedWorkspaceConfigurationException,
  type Workspace,
} from "@aws-sdk/client-workspaces";
import { createDesktops, rejection, request, startTestEmulator, users, type TestEmulator } from "@/test-support/emulator-fixture";

let t: TestEmulator;
let nextUser = 1;
beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(() => t.close());

const autoStop = { WorkspaceProperties: { RunningMode: "AUTO_STOP" as const } };

async function describeOne(id: string): Promise<Workspace | undefined> {
  return (await t.ws.send(new DescribeWorkspacesCommand({ WorkspaceIds: [id] }))).Workspaces?.[0];
}
async function stateOf(id: string) {
  return (await describeOne(id))?.State;
}
/** A fresh desktop, already AVAILABLE. */
async function availableDesktop(extra = {}): Promise<string> {
  const [id] = await createDesktops(t.ws, [request(users(nextUser++, 1)[0], extra)]);
  t.emulator.advanceClock(2.1);
  expect(await stateOf(id)).toBe("AVAILABLE");
  return id;
}

describe("timed transitions", () => {
  it("stays PENDING until the scaled provisioning time, then becomes AVAILABLE", async () => {
    const [id] = await createDesktops(t.ws, [request(users(nextUser++, 1)[0])]);
    t.emulator.advanceClock(1.9);
    expect(await stateOf(id)).toBe("PENDING");
    t.emulator.advanceClock(0.2);
    const ws = await describeOne(id);
    expect(ws?.State).toBe("AVAILABLE");
    expect(ws?.IpAddress).toMatch(/^10\.0\.(0|64)\.\d+$/);
    expect(ws?.ComputerName).toMatch(/^WSAMZN-/);
  });

  it("ends in ERROR with an error code when provisioning fails", async () => {
    t.emulator.updateConfig({ pendingErrorRate: 1 });
    try {
      const [id] = await createDesktops(t.ws, [request(users(nextUser++, 1)[0])]);
      t.emulator.advanceClock(2.1);
      const ws = await describeOne(id);
      expect(ws).toMatchObject({ State: "ERROR", ErrorCode: "ResourceCreationFailed" });
      // ERROR desktops can be rebuilt or terminated, not rebooted.
      const reboot = await t.ws.send(new RebootWorkspacesCommand({ RebootWorkspaceRequests: [{ WorkspaceId: id }] }));
      expect(reboot.FailedRequests![0].ErrorCode).toBe("InvalidResourceState.Workspace");
      const rebuild = await t.ws.send(new RebuildWorkspacesCommand({ RebuildWorkspaceRequests: [{ WorkspaceId: id }] }));
      expect(rebuild.FailedRequests).toEqual([]);
    } finally {
      t.emulator.updateConfig({ pendingErrorRate: 0 });
    }
  });

  it("reboots: REBOOTING, then AVAILABLE; a second reboot while rebooting is refused", async () => {
    const id = await availableDesktop();
    const out = await t.ws.send(new RebootWorkspacesCommand({ RebootWorkspaceRequests: [{ WorkspaceId: id }] }));
    expect(out.FailedRequests).toEqual([]);
    expect(await stateOf(id)).toBe("REBOOTING");
    const again = await t.ws.send(new RebootWorkspacesCommand({ RebootWorkspaceRequests: [{ WorkspaceId: id }] }));
    expect(again.FailedRequests![0]).toMatchObject({ WorkspaceId: id, ErrorCode: "InvalidResourceState.Workspace" });
    t.emulator.advanceClock(0.25);
    expect(await stateOf(id)).toBe("AVAILABLE");
  });

  it("stops and starts AUTO_STOP desktops", async () => {
    const id = await availableDesktop(autoStop);
    expect((await t.ws.send(new StopWorkspacesCommand({ StopWorkspaceRequests: [{ WorkspaceId: id }] }))).FailedRequests).toEqual([]);
    expect(await stateOf(id)).toBe("STOPPING");
    t.emulator.advanceClock(0.2);
    expect(await stateOf(id)).toBe("STOPPED");
    const stopAgain = await t.ws.send(new StopWorkspacesCommand({ StopWorkspaceRequests: [{ WorkspaceId: id }] }));
    expect(stopAgain.FailedRequests![0].ErrorCode).toBe("InvalidResourceState.Workspace");
    expect((await t.ws.send(new StartWorkspacesCommand({ StartWorkspaceRequests: [{ WorkspaceId: id }] }))).FailedRequests).toEqual([]);
    expect(await stateOf(id)).toBe("STARTING");
    t.emulator.advanceClock(0.2);
    expect(await stateOf(id)).toBe("AVAILABLE");
  });

  it("refuses to stop or start ALWAYS_ON desktops, per item", async () => {
    const id = await availableDesktop();
    const stop = await t.ws.send(new StopWorkspacesCommand({ StopWorkspaceRequests: [{ WorkspaceId: id }, { WorkspaceId: "ws-000000000" }] }));
    expect(stop.FailedRequests).toEqual([
      expect.objectContaining({ WorkspaceId: id, ErrorCode: "InvalidResourceState.Workspace", ErrorMessage: expect.stringContaining("ALWAYS_ON") }),
      expect.objectContaining({ WorkspaceId: "ws-000000000", ErrorCode: "ResourceNotFound.Workspace" }),
    ]);
    const start = await t.ws.send(new StartWorkspacesCommand({ StartWorkspaceRequests: [{ WorkspaceId: id }] }));
    expect(start.FailedRequests![0].ErrorCode).toBe("InvalidResourceState.Workspace");
  });

  it("rebuilds with a new private address", async () => {
    const id = await availableDesktop();
    const before = (await describeOne(id))!.IpAddress;
    await t.ws.send(new RebuildWorkspacesCommand({ RebuildWorkspaceRequests: [{ WorkspaceId: id }] }));
    expect(await stateOf(id)).toBe("REBUILDING");
    t.emulator.advanceClock(1.6);
    const after = await describeOne(id);
    expect(after?.State).toBe("AVAILABLE");
    expect(after?.IpAddress).not.toBe(before);
  });

  it("terminates: TERMINATING, TERMINATED briefly, then no longer returned", async () => {
    const id = await availableDesktop();
    const out = await t.ws.send(new TerminateWorkspacesCommand({ TerminateWorkspaceRequests: [{ WorkspaceId: id }] }));
    expect(out.FailedRequests).toEqual([]);
    expect(await stateOf(id)).toBe("TERMINATING");
    // Terminating twice is not an error.
    expect((await t.ws.send(new TerminateWorkspacesCommand({ TerminateWorkspaceRequests: [{ WorkspaceId: id }] }))).FailedRequests).toEqual([]);
    t.emulator.advanceClock(0.6);
    expect(await stateOf(id)).toBe("TERMINATED");
    t.emulator.advanceClock(1.1);
    expect(await describeOne(id)).toBeUndefined();
    const gone = await t.ws.send(new TerminateWorkspacesCommand({ TerminateWorkspaceRequests: [{ WorkspaceId: id }] }));
    expect(gone.FailedRequests![0].ErrorCode).toBe("ResourceNotFound.Workspace");
  });

  it("terminates PENDING desktops", async () => {
    const [id] = await createDesktops(t.ws, [request(users(nextUser++, 1)[0])]);
    await t.ws.send(new TerminateWorkspacesCommand({ TerminateWorkspaceRequests: [{ WorkspaceId: id }] }));
    t.emulator.advanceClock(0.6);
    expect(await stateOf(id)).toBe("TERMINATED");
    // The provisioning that was under way never completes.
    t.emulator.advanceClock(2);
    expect(await stateOf(id)).toBeUndefined();
  });
});

describe("RestoreWorkspace", () => {
  it("restores AVAILABLE desktops and throws for the wrong state or an unknown id", async () => {
    const id = await availableDesktop();
    await t.ws.send(new RestoreWorkspaceCommand({ WorkspaceId: id }));
    expect(await stateOf(id)).toBe("RESTORING");
    await rejection(t.ws.send(new RestoreWorkspaceCommand({ WorkspaceId: id })), OperationNotSupportedException);
    t.emulator.advanceClock(1.6);
    expect(await stateOf(id)).toBe("AVAILABLE");
    const notFound = await rejection(t.ws.send(new RestoreWorkspaceCommand({ WorkspaceId: "ws-000000000" })), ResourceNotFoundException);
    expect(notFound.ResourceId).toBe("ws-000000000");
  });
});

describe("ModifyWorkspaceState", () => {
  it("puts a desktop in ADMIN_MAINTENANCE, which blocks reboot, stop and rebuild", async () => {
    const id = await availableDesktop(autoStop);
    await t.ws.send(new ModifyWorkspaceStateCommand({ WorkspaceId: id, WorkspaceState: "ADMIN_MAINTENANCE" }));
    expect(await stateOf(id)).toBe("ADMIN_MAINTENANCE");
    for (const out of [
      await t.ws.send(new RebootWorkspacesCommand({ RebootWorkspaceRequests: [{ WorkspaceId: id }] })),
      await t.ws.send(new StopWorkspacesCommand({ StopWorkspaceRequests: [{ WorkspaceId: id }] })),
      await t.ws.send(new RebuildWorkspacesCommand({ RebuildWorkspaceRequests: [{ WorkspaceId: id }] })),
    ]) {
      expect(out.FailedRequests![0].ErrorCode).toBe("InvalidResourceState.Workspace");
    }
    await rejection(t.ws.send(new RestoreWorkspaceCommand({ WorkspaceId: id })), OperationNotSupportedException);
    await t.ws.send(new ModifyWorkspaceStateCommand({ WorkspaceId: id, WorkspaceState: "AVAILABLE" }));
    expect(await stateOf(id)).toBe("AVAILABLE");
  });

  it("throws InvalidResourceStateException from the wrong state and ResourceNotFoundException for unknown ids", async () => {
    const [id] = await createDesktops(t.ws, [request(users(nextUser++, 1)[0])]);
    await rejection(t.ws.send(new ModifyWorkspaceStateCommand({ WorkspaceId: id, WorkspaceState: "ADMIN_MAINTENANCE" })), InvalidResourceStateException);
    await rejection(
      t.ws.send(new ModifyWorkspaceStateCommand({ WorkspaceId: "ws-000000000", WorkspaceState: "ADMIN_MAINTENANCE" })),
      ResourceNotFoundException,
    );
  });
});

describe("ModifyWorkspaceProperties", () => {
  const HOURS_6 = 6 * 3600;

  it("switches running mode at once and validates the timeout", async () => {
    const id = await availableDesktop();
    await t.ws.send(new ModifyWorkspacePropertiesCommand({ WorkspaceId: id, WorkspaceProperties: { RunningMode: "AUTO_STOP", RunningModeAutoStopTimeoutInMinutes: 180 } }));
    expect((await describeOne(id))!.WorkspaceProperties).toMatchObject({ RunningMode: "AUTO_STOP", RunningModeAutoStopTimeoutInMinutes: 180 });
    const bad = await rejection(
      t.ws.send(new ModifyWorkspacePropertiesCommand({ WorkspaceId: id, WorkspaceProperties: { RunningModeAutoStopTimeoutInMinutes: 45 } })),
      InvalidParameterValuesException,
    );
    expect(bad.message).toContain("multiple of 60");
    await rejection(
      t.ws.send(new ModifyWorkspacePropertiesCommand({ WorkspaceId: id, WorkspaceProperties: { RunningMode: "ALWAYS_ON", RunningModeAutoStopTimeoutInMinutes: 60 } })),
      InvalidParameterValuesException,
    );
    await rejection(
      t.ws.send(new ModifyWorkspacePropertiesCommand({ WorkspaceId: id, WorkspaceProperties: { RunningMode: "MANUAL" } })),
      UnsupportedWorkspaceConfigurationException,
    );
    await t.ws.send(new ModifyWorkspacePropertiesCommand({ WorkspaceId: id, WorkspaceProperties: { RunningMode: "ALWAYS_ON" } }));
    const ws = await describeOne(id);
    expect(ws!.WorkspaceProperties!.RunningMode).toBe("ALWAYS_ON");
    expect(ws!.WorkspaceProperties!.RunningModeAutoStopTimeoutInMinutes).toBeUndefined();
  });

  it("starts a stopped desktop switched to ALWAYS_ON", async () => {
    const id = await availableDesktop(autoStop);
    await t.ws.send(new StopWorkspacesCommand({ StopWorkspaceRequests: [{ WorkspaceId: id }] }));
    t.emulator.advanceClock(0.2);
    await t.ws.send(new ModifyWorkspacePropertiesCommand({ WorkspaceId: id, WorkspaceProperties: { RunningMode: "ALWAYS_ON" } }));
    expect(await stateOf(id)).toBe("STARTING");
  });

  it("changes compute only after 6 hours, as an UPDATING modification, then applies it", async () => {
    const id = await availableDesktop();
    const early = await rejection(
      t.ws.send(new ModifyWorkspacePropertiesCommand({ WorkspaceId: id, WorkspaceProperties: { ComputeTypeName: "PERFORMANCE" } })),
      InvalidResourceStateException,
    );
    expect(early.message).toContain("6 hours");
    t.emulator.advanceClock(HOURS_6);
    await t.ws.send(new ModifyWorkspacePropertiesCommand({ WorkspaceId: id, WorkspaceProperties: { ComputeTypeName: "PERFORMANCE" } }));
    const updating = await describeOne(id);
    expect(updating).toMatchObject({ State: "UPDATING", ModificationStates: [{ Resource: "COMPUTE_TYPE", State: "UPDATE_IN_PROGRESS" }] });
    expect(updating!.WorkspaceProperties!.ComputeTypeName).toBe("STANDARD");
    await rejection(
      t.ws.send(new ModifyWorkspacePropertiesCommand({ WorkspaceId: id, WorkspaceProperties: { UserVolumeSizeGib: 100 } })),
      OperationInProgressException,
    );
    t.emulator.advanceClock(2.1);
    const done = await describeOne(id);
    expect(done).toMatchObject({ State: "AVAILABLE", ModificationStates: [] });
    expect(done!.WorkspaceProperties!.ComputeTypeName).toBe("PERFORMANCE");
    // A second increase within 6 hours is refused; a decrease needs 30 days.
    await rejection(
      t.ws.send(new ModifyWorkspacePropertiesCommand({ WorkspaceId: id, WorkspaceProperties: { ComputeTypeName: "POWER" } })),
      InvalidResourceStateException,
    );
    t.emulator.advanceClock(HOURS_6);
    await t.ws.send(new ModifyWorkspacePropertiesCommand({ WorkspaceId: id, WorkspaceProperties: { ComputeTypeName: "STANDARD" } }));
    t.emulator.advanceClock(2.1);
    await rejection(
      t.ws.send(new ModifyWorkspacePropertiesCommand({ WorkspaceId: id, WorkspaceProperties: { ComputeTypeName: "VALUE" } })),
      InvalidResourceStateException,
    );
  });

  it("never changes compute and volumes together, and only grows volumes to valid sizes", async () => {
    const id = await availableDesktop();
    t.emulator.advanceClock(HOURS_6);
    await rejection(
      t.ws.send(new ModifyWorkspacePropertiesCommand({ WorkspaceId: id, WorkspaceProperties: { ComputeTypeName: "POWER", RootVolumeSizeGib: 175 } })),
      InvalidParameterValuesException,
    );
    await rejection(
      t.ws.send(new ModifyWorkspacePropertiesCommand({ WorkspaceId: id, WorkspaceProperties: { UserVolumeSizeGib: 10 } })),
      InvalidParameterValuesException,
    );
    await rejection(
      t.ws.send(new ModifyWorkspacePropertiesCommand({ WorkspaceId: id, WorkspaceProperties: { UserVolumeSizeGib: 60 } })),
      InvalidParameterValuesException,
    );
    await t.ws.send(new ModifyWorkspacePropertiesCommand({ WorkspaceId: id, WorkspaceProperties: { UserVolumeSizeGib: 100 } }));
    expect((await describeOne(id))!.ModificationStates).toEqual([{ Resource: "USER_VOLUME", State: "UPDATE_IN_PROGRESS" }]);
    t.emulator.advanceClock(2.1);
    expect((await describeOne(id))!.WorkspaceProperties!.UserVolumeSizeGib).toBe(100);
  });

  it("grows one volume at a time, into the modify groups, at most once per 6 hours, and says when", async () => {
    const id = await availableDesktop();
    expect((await describeOne(id))!.WorkspaceProperties).toMatchObject({ RootVolumeSizeGib: 80, UserVolumeSizeGib: 50 });
    const early = await rejection(
      t.ws.send(new ModifyWorkspacePropertiesCommand({ WorkspaceId: id, WorkspaceProperties: { UserVolumeSizeGib: 100 } })),
      InvalidResourceStateException,
    );
    expect(early.message).toMatch(/within 6 hours of its creation; try again after \d{4}-\d\d-\d\dT/);
    t.emulator.advanceClock(HOURS_6);
    const both = await rejection(
      t.ws.send(new ModifyWorkspacePropertiesCommand({ WorkspaceId: id, WorkspaceProperties: { RootVolumeSizeGib: 175, UserVolumeSizeGib: 100 } })),
      InvalidParameterValuesException,
    );
    expect(both.message).toContain("at the same time");
    await t.ws.send(new ModifyWorkspacePropertiesCommand({ WorkspaceId: id, WorkspaceProperties: { UserVolumeSizeGib: 100 } }));
    t.emulator.advanceClock(2.1);
    const soon = await rejection(
      t.ws.send(new ModifyWorkspacePropertiesCommand({ WorkspaceId: id, WorkspaceProperties: { RootVolumeSizeGib: 175 } })),
      InvalidResourceStateException,
    );
    expect(soon.message).toContain("less than 6 hours ago");
    t.emulator.advanceClock(HOURS_6);
    // 100 to 174 GB root volumes exist only at launch (graphics bundles); a grown root starts at 175.
    await rejection(
      t.ws.send(new ModifyWorkspacePropertiesCommand({ WorkspaceId: id, WorkspaceProperties: { RootVolumeSizeGib: 150 } })),
      InvalidParameterValuesException,
    );
    await t.ws.send(new ModifyWorkspacePropertiesCommand({ WorkspaceId: id, WorkspaceProperties: { RootVolumeSizeGib: 175 } }));
    expect(await describeOne(id)).toMatchObject({ State: "UPDATING", ModificationStates: [{ Resource: "ROOT_VOLUME", State: "UPDATE_IN_PROGRESS" }] });
    t.emulator.advanceClock(2.1);
    expect(await describeOne(id)).toMatchObject({ State: "AVAILABLE", WorkspaceProperties: { RootVolumeSizeGib: 175, UserVolumeSizeGib: 100 } });
  });

  it("refuses graphics/non-graphics switches and changes outside AVAILABLE/STOPPED", async () => {
    const id = await availableDesktop();
    t.emulator.advanceClock(HOURS_6);
    await rejection(
      t.ws.send(new ModifyWorkspacePropertiesCommand({ WorkspaceId: id, WorkspaceProperties: { ComputeTypeName: "GRAPHICS_G4DN" } })),
      UnsupportedWorkspaceConfigurationException,
    );
    await t.ws.send(new RebootWorkspacesCommand({ RebootWorkspaceRequests: [{ WorkspaceId: id }] }));
    await rejection(
      t.ws.send(new ModifyWorkspacePropertiesCommand({ WorkspaceId: id, WorkspaceProperties: { ComputeTypeName: "POWER" } })),
      InvalidResourceStateException,
    );
    await rejection(
      t.ws.send(new ModifyWorkspacePropertiesCommand({ WorkspaceId: "ws-000000000", WorkspaceProperties: { RunningMode: "AUTO_STOP" } })),
      ResourceNotFoundException,
    );
  });
});
