/**
 * CreateWorkspaces: the success shape, every per-item failure code, the whole-call quota error and
 * tags given at creation.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CreateWorkspacesCommand,
  DescribeTagsCommand,
  DescribeWorkspacesCommand,
  ResourceLimitExceededException,
  TerminateWorkspacesCommand,
  ValidationException,
  type WorkspaceRequest,
} from "@aws-sdk/client-workspaces";
import { CreateDirectoryCommand } from "@aws-sdk/client-directory-service";
import { DEMO } from "../demo-seed";
import { DIRECTORY_ID, STANDARD_BUNDLE, createDesktops, rejection, request, startTestEmulator, type TestEmulator } from "@/test-support/emulator-fixture";

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(() => t.close());

async function failureOf(req: WorkspaceRequest) {
  const out = await t.ws.send(new CreateWorkspacesCommand({ Workspaces: [req] }));
  expect(out.PendingRequests).toEqual([]);
  expect(out.FailedRequests).toHaveLength(1);
  expect(out.FailedRequests![0].WorkspaceRequest).toMatchObject({ UserName: req.UserName, DirectoryId: req.DirectoryId });
  return out.FailedRequests![0];
}

describe("CreateWorkspaces", () => {
  it("creates PENDING desktops with AWS-shaped ids and properties", async () => {
    const out = await t.ws.send(
      new CreateWorkspacesCommand({
        Workspaces: [
          request("alice", { WorkspaceProperties: { RunningMode: "AUTO_STOP", RunningModeAutoStopTimeoutInMinutes: 120 } }),
          request("bob", { Tags: [{ Key: "portal-request", Value: "req-42" }] }),
        ],
      }),
    );
    expect(out.FailedRequests).toEqual([]);
    expect(out.PendingRequests).toHaveLength(2);
    const [alice, bob] = out.PendingRequests!;
    expect(alice.WorkspaceId).toMatch(/^ws-[0-9a-z]{9}$/);
    expect(alice).toMatchObject({
      DirectoryId: DIRECTORY_ID,
      UserName: "alice",
      State: "PENDING",
      BundleId: STANDARD_BUNDLE,
      WorkspaceProperties: {
        RunningMode: "AUTO_STOP",
        RunningModeAutoStopTimeoutInMinutes: 120,
        ComputeTypeName: "STANDARD",
        RootVolumeSizeGib: 80,
        UserVolumeSizeGib: 50,
      },
    });
    // ALWAYS_ON is the default and carries no timeout.
    expect(bob.WorkspaceProperties).toMatchObject({ RunningMode: "ALWAYS_ON" });
    expect(bob.WorkspaceProperties!.RunningModeAutoStopTimeoutInMinutes).toBeUndefined();
    const tags = await t.ws.send(new DescribeTagsCommand({ ResourceId: bob.WorkspaceId }));
    expect(tags.TagList).toEqual([{ Key: "portal-request", Value: "req-42" }]);

    const described = await t.ws.send(new DescribeWorkspacesCommand({ WorkspaceIds: [alice.WorkspaceId!] }));
    expect(described.Workspaces?.[0]).toMatchObject({ State: "PENDING", UserName: "alice" });
    expect(described.Workspaces?.[0].IpAddress).toBeUndefined();
  });

  it("splits a batch into pending and failed items in one HTTP 200", async () => {
    const out = await t.ws.send(
      new CreateWorkspacesCommand({ Workspaces: [request("carol"), request("ghost"), request("dave", { BundleId: "wsb-000000000" })] }),
    );
    expect(out.$metadata.httpStatusCode).toBe(200);
    expect(out.PendingRequests!.map((w) => w.UserName)).toEqual(["carol"]);
    expect(out.FailedRequests!.map((f) => [f.WorkspaceRequest!.UserName, f.ErrorCode])).toEqual([
      ["ghost", "ResourceNotFound.User"],
      ["dave", "ResourceNotFound.Bundle"],
    ]);
  });

  it("fails an unknown directory item with ResourceNotFound.Directory", async () => {
    const failure = await failureOf(request("alice", { DirectoryId: "d-0123456789" }));
    expect(failure.ErrorCode).toBe("ResourceNotFound.Directory");
    expect(failure.ErrorMessage).toBe("The specified directory could not be found in the specified region.");
  });

  it("fails a directory that exists but is not registered with WorkSpaces", async () => {
    const created = await t.ds.send(
      new CreateDirectoryCommand({
        Name: "unregistered.example.com",
        Password: "Str0ng!Passw0rd",
        Size: "Small",
        VpcSettings: { VpcId: DEMO.vpcId, SubnetIds: [DEMO.subnets[0].SubnetId, DEMO.subnets[1].SubnetId] },
      }),
    );
    const failure = await failureOf(request("Administrator", { DirectoryId: created.DirectoryId }));
    expect(failure.ErrorCode).toBe("ResourceNotFound.Directory");
  });

  it("fails a user who already has a desktop in the directory, also within one batch", async () => {
    await createDesktops(t.ws, [request("erin")]);
    expect((await failureOf(request("erin"))).ErrorCode).toBe("ResourceExists.Workspace");
    expect((await failureOf(request("ERIN"))).ErrorCode).toBe("ResourceExists.Workspace");
    const out = await t.ws.send(new CreateWorkspacesCommand({ Workspaces: [request("user0001"), request("user0001")] }));
    expect(out.PendingRequests).toHaveLength(1);
    expect(out.FailedRequests![0].ErrorCode).toBe("ResourceExists.Workspace");
  });

  it("lets a user have a new desktop once the old one is TERMINATED", async () => {
    const [id] = await createDesktops(t.ws, [request("user0002")]);
    await t.ws.send(new TerminateWorkspacesCommand({ TerminateWorkspaceRequests: [{ WorkspaceId: id }] }));
    expect((await failureOf(request("user0002"))).ErrorCode).toBe("ResourceExists.Workspace"); // still TERMINATING
    t.emulator.advanceClock(1);
    const again = await createDesktops(t.ws, [request("user0002")]);
    expect(again[0]).not.toBe(id);
  });

  it("enforces running mode rules per item", async () => {
    const manual = await failureOf(request("user0003", { WorkspaceProperties: { RunningMode: "MANUAL" } }));
    expect(manual.ErrorCode).toBe("OperationNotSupported");
    const alwaysOn = await failureOf(
      request("user0003", { WorkspaceProperties: { RunningMode: "ALWAYS_ON", RunningModeAutoStopTimeoutInMinutes: 60 } }),
    );
    expect(alwaysOn.ErrorCode).toBe("AutoStopTimeoutIsNotApplicableForAnAlwaysOnWorkspace");
    const oddTimeout = await failureOf(
      request("user0003", { WorkspaceProperties: { RunningMode: "AUTO_STOP", RunningModeAutoStopTimeoutInMinutes: 90 } }),
    );
    expect(oddTimeout.ErrorCode).toBe("InvalidParameterValues");
  });

  it("rejects an unknown running mode value for the whole call", async () => {
    const error = await rejection(
      t.ws.send(new CreateWorkspacesCommand({ Workspaces: [request("user0003", { WorkspaceProperties: { RunningMode: "SOMETIMES" as "AUTO_STOP" } })] })),
      ValidationException,
    );
    expect(error.message).toContain("workspaces.1.member.workspaceProperties.runningMode");
    expect(error.message).toContain("Member must satisfy enum value set: [AUTO_STOP, ALWAYS_ON, MANUAL]");
  });

  it("requires a key when volume encryption is enabled, and a key that looks like KMS", async () => {
    const noKey = await failureOf(request("user0004", { UserVolumeEncryptionEnabled: true }));
    expect(noKey.ErrorCode).toBe("InvalidParameterValues");
    expect(noKey.ErrorMessage).toContain("VolumeEncryptionKey");
    const badKey = await failureOf(request("user0004", { RootVolumeEncryptionEnabled: true, VolumeEncryptionKey: "my-key" }));
    expect(badKey.ErrorCode).toBe("InvalidParameterValues");
    const [id] = await createDesktops(t.ws, [
      request("user0004", {
        UserVolumeEncryptionEnabled: true,
        RootVolumeEncryptionEnabled: true,
        // The demo seed's customer managed key (kms-and-tag-rules.test.ts: keys that are missing or disabled).
        VolumeEncryptionKey: "alias/workspaces",
      }),
    ]);
    const ws = (await t.ws.send(new DescribeWorkspacesCommand({ WorkspaceIds: [id] }))).Workspaces![0];
    expect(ws).toMatchObject({ UserVolumeEncryptionEnabled: true, RootVolumeEncryptionEnabled: true });
    expect(ws.VolumeEncryptionKey).toBe("alias/workspaces");
  });

  it("checks compute and volume overrides against the bundle", async () => {
    const graphics = await failureOf(request("user0005", { WorkspaceProperties: { ComputeTypeName: "GRAPHICS_G4DN" } }));
    expect(graphics.ErrorCode).toBe("InvalidParameterValues");
    const smaller = await failureOf(request("user0005", { WorkspaceProperties: { UserVolumeSizeGib: 10 } }));
    expect(smaller.ErrorCode).toBe("InvalidParameterValues");
    const [id] = await createDesktops(t.ws, [request("user0005", { WorkspaceProperties: { ComputeTypeName: "POWER", RootVolumeSizeGib: 175, UserVolumeSizeGib: 100 } })]);
    const ws = (await t.ws.send(new DescribeWorkspacesCommand({ WorkspaceIds: [id] }))).Workspaces![0];
    expect(ws.WorkspaceProperties).toMatchObject({ ComputeTypeName: "POWER", RootVolumeSizeGib: 175, UserVolumeSizeGib: 100 });
  });

  it("refuses reserved tag keys per item", async () => {
    const failure = await failureOf(request("user0006", { Tags: [{ Key: "aws:owner", Value: "x" }] }));
    expect(failure.ErrorCode).toBe("InvalidParameterValues");
  });
});

describe("the account's WorkSpaces quota", () => {
  it("fails items over the quota per item, and the whole call once it is used up", async () => {
    const limited = await startTestEmulator({ workspaceLimit: 3 });
    try {
      const out = await limited.ws.send(
        new CreateWorkspacesCommand({ Workspaces: ["alice", "bob", "carol", "dave", "erin"].map((u) => request(u)) }),
      );
      expect(out.PendingRequests).toHaveLength(3);
      expect(out.FailedRequests!.map((f) => f.ErrorCode)).toEqual(["ResourceLimitExceeded", "ResourceLimitExceeded"]);
      const error = await rejection(
        limited.ws.send(new CreateWorkspacesCommand({ Workspaces: [request("dave")] })),
        ResourceLimitExceededException,
      );
      expect(error.message).toContain("limit (3)");
      // Terminated desktops stop counting once TERMINATED.
      await limited.ws.send(new TerminateWorkspacesCommand({ TerminateWorkspaceRequests: [{ WorkspaceId: out.PendingRequests![0].WorkspaceId }] }));
      limited.emulator.advanceClock(1);
      const after = await limited.ws.send(new CreateWorkspacesCommand({ Workspaces: [request("dave")] }));
      expect(after.PendingRequests).toHaveLength(1);
    } finally {
      await limited.close();
    }
  });
});
