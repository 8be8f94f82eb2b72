import { describe, expect, it } from "vitest";
import { matchCreateAnswer, toWorkspaceRequest, REQUEST_ID_TAG, type CreateWorkspaceItem } from "./workspaces";

const item = (userName: string, requestId: string, extra: Partial<CreateWorkspaceItem> = {}): CreateWorkspaceItem => ({
  directoryId: "d-1",
  userName,
  bundleId: "wsb-1",
  runningMode: "AUTO_STOP",
  autoStopTimeoutMinutes: 60,
  tags: { [REQUEST_ID_TAG]: requestId },
  ...extra,
});

describe("toWorkspaceRequest", () => {
  it("sets the auto-stop timeout only for AUTO_STOP", () => {
    expect(toWorkspaceRequest(item("a", "r1")).WorkspaceProperties).toEqual({
      RunningMode: "AUTO_STOP",
      RunningModeAutoStopTimeoutInMinutes: 60,
    });
    expect(toWorkspaceRequest(item("a", "r1", { runningMode: "ALWAYS_ON", autoStopTimeoutMinutes: 60 })).WorkspaceProperties).toEqual({
      RunningMode: "ALWAYS_ON",
    });
  });

  it("encrypts both volumes with the key when one is given, and tags the request", () => {
    const request = toWorkspaceRequest(item("a", "r1", { volumeEncryptionKey: "alias/ws" }));
    expect(request).toMatchObject({
      VolumeEncryptionKey: "alias/ws",
      RootVolumeEncryptionEnabled: true,
      UserVolumeEncryptionEnabled: true,
      Tags: [{ Key: REQUEST_ID_TAG, Value: "r1" }],
    });
    const plain = toWorkspaceRequest(item("a", "r1"));
    expect(plain.VolumeEncryptionKey).toBeUndefined();
    expect(plain.RootVolumeEncryptionEnabled).toBeUndefined();
  });
});

describe("matchCreateAnswer", () => {
  it("maps pending and failed answers back to input indices, in any order", () => {
    const items = [item("alice", "r1"), item("bob", "r2"), item("carol", "r3")];
    const out = matchCreateAnswer(
      items,
      [
        { WorkspaceId: "ws-c", DirectoryId: "d-1", UserName: "carol", BundleId: "wsb-1", State: "PENDING" },
        { WorkspaceId: "ws-a", DirectoryId: "d-1", UserName: "Alice", BundleId: "wsb-1", State: "PENDING" },
      ],
      [
        {
          WorkspaceRequest: toWorkspaceRequest(items[1]),
          ErrorCode: "ResourceNotFound.User",
          ErrorMessage: "The specified user could not be found.",
        },
      ],
    );
    expect(out.pending.map((p) => [p.index, p.workspaceId])).toEqual([
      [2, "ws-c"],
      [0, "ws-a"],
    ]);
    expect(out.failed).toEqual([{ index: 1, code: "ResourceNotFound.User", message: "The specified user could not be found." }]);
    expect(out.unaccounted).toEqual([]);
  });

  it("tells same-user items apart by the request tag, and reports items AWS did not mention", () => {
    const items = [item("alice", "r1"), item("alice", "r2"), item("bob", "r3")];
    const out = matchCreateAnswer(
      items,
      [{ WorkspaceId: "ws-1", DirectoryId: "d-1", UserName: "alice", BundleId: "wsb-1" }],
      [{ WorkspaceRequest: toWorkspaceRequest(items[1]), ErrorCode: "X", ErrorMessage: "x" }],
    );
    expect(out.failed.map((f) => f.index)).toEqual([1]);
    expect(out.pending.map((p) => p.index)).toEqual([0]);
    expect(out.unaccounted).toEqual([2]);
  });
});
