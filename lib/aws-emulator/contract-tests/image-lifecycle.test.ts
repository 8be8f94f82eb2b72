/**
 * Custom images and bundles through the real SDK: a capture's timing and failure, encrypted desktops
 * refused, delete refused while a bundle uses the image or it is shared, copies to another region,
 * sharing, bundle update (existing desktops get the new image only when rebuilt) and delete (refused
 * while desktops use the bundle).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CopyWorkspaceImageCommand,
  CreateWorkspaceBundleCommand,
  CreateWorkspaceImageCommand,
  DeleteWorkspaceBundleCommand,
  DeleteWorkspaceImageCommand,
  DescribeWorkspaceBundlesCommand,
  DescribeWorkspaceImagePermissionsCommand,
  DescribeWorkspaceImagesCommand,
  DescribeWorkspacesCommand,
  InvalidParameterValuesException,
  InvalidResourceStateException,
  OperationNotSupportedException,
  RebootWorkspacesCommand,
  RebuildWorkspacesCommand,
  ResourceAlreadyExistsException,
  ResourceAssociatedException,
  ResourceNotFoundException,
  ResourceUnavailableException,
  TerminateWorkspacesCommand,
  UpdateWorkspaceBundleCommand,
  UpdateWorkspaceImagePermissionCommand,
  WorkSpacesClient,
} from "@aws-sdk/client-workspaces";
import { STANDARD_BUNDLE, clientConfig, createDesktops, rejection, request, startTestEmulator, type TestEmulator } from "@/test-support/emulator-fixture";

let t: TestEmulator;
let west: WorkSpacesClient;
beforeAll(async () => {
  t = await startTestEmulator();
  west = new WorkSpacesClient({ ...clientConfig(t.emulator.url), region: "us-west-2" });
});
afterAll(async () => {
  west.destroy();
  await t.close();
});

const IMAGE_SECONDS = 4.6; // 2,700 s of capture at the test scale (1/600), and a little more
const PENDING_SECONDS = 2.1;

async function availableDesktop(user: string, extra: Parameters<typeof request>[1] = {}): Promise<string> {
  const [id] = await createDesktops(t.ws, [request(user, extra)]);
  t.emulator.advanceClock(PENDING_SECONDS);
  return id;
}

async function image(id: string) {
  return (await t.ws.send(new DescribeWorkspaceImagesCommand({ ImageIds: [id] }))).Images![0];
}

async function desktopState(id: string) {
  return (await t.ws.send(new DescribeWorkspacesCommand({ WorkspaceIds: [id] }))).Workspaces![0]?.State;
}

async function readyImage(user: string, name: string, extra: Parameters<typeof request>[1] = {}): Promise<string> {
  const ws = await availableDesktop(user, extra);
  const { ImageId } = await t.ws.send(new CreateWorkspaceImageCommand({ Name: name, Description: name, WorkspaceId: ws }));
  t.emulator.advanceClock(IMAGE_SECONDS);
  return ImageId!;
}

describe("CreateWorkspaceImage", () => {
  it("keeps the desktop SUSPENDED and the image PENDING for the capture time, then both AVAILABLE", async () => {
    const ws = await availableDesktop("user0150");
    const { ImageId } = await t.ws.send(new CreateWorkspaceImageCommand({ Name: "timing", Description: "Timing", WorkspaceId: ws }));
    t.emulator.advanceClock(IMAGE_SECONDS - 1);
    expect((await image(ImageId!)).State).toBe("PENDING");
    expect(await desktopState(ws)).toBe("SUSPENDED");
    t.emulator.advanceClock(1);
    expect(await image(ImageId!)).toMatchObject({ State: "AVAILABLE", Name: "timing", OperatingSystem: { Type: "WINDOWS" } });
    expect(await desktopState(ws)).toBe("AVAILABLE");
  });

  it("refuses an encrypted desktop with OperationNotSupportedException", async () => {
    const ws = await availableDesktop("user0151", {
      UserVolumeEncryptionEnabled: true,
      RootVolumeEncryptionEnabled: true,
      VolumeEncryptionKey: "alias/aws/workspaces",
    });
    const error = await rejection(
      t.ws.send(new CreateWorkspaceImageCommand({ Name: "encrypted", Description: "Encrypted", WorkspaceId: ws })),
      OperationNotSupportedException,
    );
    expect(error.message).toMatch(/encrypted/);
    expect(await desktopState(ws)).toBe("AVAILABLE");
  });

  it("ends in ERROR with AWS's code and reason under a configured fault, and the desktop comes back", async () => {
    const ws = await availableDesktop("user0152");
    t.emulator.updateConfig({ imageErrorRate: 1 });
    try {
      const { ImageId } = await t.ws.send(new CreateWorkspaceImageCommand({ Name: "broken", Description: "Broken", WorkspaceId: ws }));
      expect((await image(ImageId!)).State).toBe("PENDING");
      t.emulator.advanceClock(IMAGE_SECONDS);
      const failed = await image(ImageId!);
      expect(failed).toMatchObject({ State: "ERROR", ErrorCode: "InternalServiceError" });
      expect(failed.ErrorMessage).toMatch(/Sysprep/);
      expect(await desktopState(ws)).toBe("AVAILABLE");
      // A failed image cannot make a bundle, but can be deleted.
      await rejection(
        t.ws.send(new CreateWorkspaceBundleCommand({ BundleName: "from-broken", BundleDescription: "x", ImageId, ComputeType: { Name: "STANDARD" }, UserStorage: { Capacity: "50" }, RootStorage: { Capacity: "80" } })),
        ResourceUnavailableException,
      );
      await t.ws.send(new DeleteWorkspaceImageCommand({ ImageId }));
      expect((await t.ws.send(new DescribeWorkspaceImagesCommand({ ImageIds: [ImageId!] }))).Images).toEqual([]);
    } finally {
      t.emulator.updateConfig({ imageErrorRate: 0 });
    }
  });
});

describe("DeleteWorkspaceImage, UpdateWorkspaceBundle and DeleteWorkspaceBundle", () => {
  it("refuses to delete an image a bundle uses, updates the bundle to another image, and refuses to delete a bundle desktops use", async () => {
    const first = await readyImage("user0153", "bundle-first");
    const second = await readyImage("user0154", "bundle-second");
    const { WorkspaceBundle: bundle } = await t.ws.send(
      new CreateWorkspaceBundleCommand({ BundleName: "team-standard", BundleDescription: "Team", ImageId: first, ComputeType: { Name: "STANDARD" }, UserStorage: { Capacity: "50" }, RootStorage: { Capacity: "80" } }),
    );
    const bundleId = bundle!.BundleId!;

    const inUse = await rejection(t.ws.send(new DeleteWorkspaceImageCommand({ ImageId: first })), ResourceAssociatedException);
    expect(inUse.message).toContain(bundleId);

    await t.ws.send(new UpdateWorkspaceBundleCommand({ BundleId: bundleId, ImageId: second }));
    const updated = (await t.ws.send(new DescribeWorkspaceBundlesCommand({ BundleIds: [bundleId] }))).Bundles![0];
    expect(updated.ImageId).toBe(second);
    await t.ws.send(new DeleteWorkspaceImageCommand({ ImageId: first }));
    expect((await t.ws.send(new DescribeWorkspaceImagesCommand({ ImageIds: [first] }))).Images).toEqual([]);

    await rejection(t.ws.send(new UpdateWorkspaceBundleCommand({ BundleId: STANDARD_BUNDLE, ImageId: second })), OperationNotSupportedException);
    await rejection(t.ws.send(new UpdateWorkspaceBundleCommand({ BundleId: "wsb-000000000", ImageId: second })), ResourceNotFoundException);

    const [user] = await createDesktops(t.ws, [request("user0155", { BundleId: bundleId })]);
    const used = await rejection(t.ws.send(new DeleteWorkspaceBundleCommand({ BundleId: bundleId })), ResourceAssociatedException);
    expect(used.message).toMatch(/used by 1 WorkSpace\b/);
    await t.ws.send(new TerminateWorkspacesCommand({ TerminateWorkspaceRequests: [{ WorkspaceId: user }] }));
    t.emulator.advanceClock(2); // terminating (300 s) and TERMINATED's short visibility (600 s), test scale
    await t.ws.send(new DeleteWorkspaceBundleCommand({ BundleId: bundleId }));
    expect((await t.ws.send(new DescribeWorkspaceBundlesCommand({ Owner: "123456789012" }))).Bundles!.map((b) => b.BundleId)).not.toContain(bundleId);
    await rejection(t.ws.send(new DeleteWorkspaceBundleCommand({ BundleId: STANDARD_BUNDLE })), OperationNotSupportedException);
  });
});

describe("which image a desktop runs after UpdateWorkspaceBundle", () => {
  /** "Standard with Windows 10 (Server 2019 based)": its desktops report WINDOWS_SERVER_2019. */
  const SERVER_2019_BUNDLE = "wsb-r86kp89ig";
  const osOf = async (id: string) =>
    (await t.ws.send(new DescribeWorkspacesCommand({ WorkspaceIds: [id] }))).Workspaces![0].WorkspaceProperties!.OperatingSystemName;

  it("keeps existing desktops on the old image until they are rebuilt, and builds new desktops from the new one", async () => {
    // DescribeWorkspaces shows no image id; the operating system the image brings is what shows.
    const oldImage = await readyImage("user0158", "os-2019", { BundleId: SERVER_2019_BUNDLE });
    const newImage = await readyImage("user0159", "os-2022");
    const { WorkspaceBundle: bundle } = await t.ws.send(
      new CreateWorkspaceBundleCommand({ BundleName: "os-upgrade", BundleDescription: "Upgrade", ImageId: oldImage, ComputeType: { Name: "STANDARD" }, UserStorage: { Capacity: "50" }, RootStorage: { Capacity: "80" } }),
    );
    const bundleId = bundle!.BundleId!;
    const existing = await availableDesktop("user0160", { BundleId: bundleId });
    expect(await osOf(existing)).toBe("WINDOWS_SERVER_2019");

    await t.ws.send(new UpdateWorkspaceBundleCommand({ BundleId: bundleId, ImageId: newImage }));
    expect(await osOf(existing)).toBe("WINDOWS_SERVER_2019");
    // A reboot keeps the root volume, and with it the old image.
    expect((await t.ws.send(new RebootWorkspacesCommand({ RebootWorkspaceRequests: [{ WorkspaceId: existing }] }))).FailedRequests).toEqual([]);
    t.emulator.advanceClock(0.5); // rebooting: 120 s at the test scale
    expect(await desktopState(existing)).toBe("AVAILABLE");
    expect(await osOf(existing)).toBe("WINDOWS_SERVER_2019");

    const fresh = await availableDesktop("user0161", { BundleId: bundleId });
    expect(await osOf(fresh)).toBe("WINDOWS_SERVER_2022");

    expect((await t.ws.send(new RebuildWorkspacesCommand({ RebuildWorkspaceRequests: [{ WorkspaceId: existing }] }))).FailedRequests).toEqual([]);
    t.emulator.advanceClock(1.6); // rebuilding: 900 s at the test scale
    expect(await desktopState(existing)).toBe("AVAILABLE");
    expect(await osOf(existing)).toBe("WINDOWS_SERVER_2022");
    expect((await t.ws.send(new DescribeWorkspacesCommand({ WorkspaceIds: [existing] }))).Workspaces![0].BundleId).toBe(bundleId);
  });
});

describe("CopyWorkspaceImage", () => {
  it("copies an AVAILABLE image into the caller's region, PENDING then AVAILABLE, and refuses a name taken there", async () => {
    const source = await readyImage("user0156", "copy-source");
    expect((await west.send(new DescribeWorkspaceImagesCommand({}))).Images!.map((i) => i.ImageId)).not.toContain(source);
    const { ImageId } = await west.send(new CopyWorkspaceImageCommand({ Name: "copy-source", SourceImageId: source, SourceRegion: "us-east-1" }));
    expect(ImageId).toMatch(/^wsi-[0-9a-z]{9}$/);
    const inWest = async () => (await west.send(new DescribeWorkspaceImagesCommand({ ImageIds: [ImageId!] }))).Images![0];
    expect((await inWest()).State).toBe("PENDING");
    // The copy lives in us-west-2 only.
    expect((await t.ws.send(new DescribeWorkspaceImagesCommand({ ImageIds: [ImageId!] }))).Images).toEqual([]);
    t.emulator.advanceClock(2.1);
    expect(await inWest()).toMatchObject({ State: "AVAILABLE", Name: "copy-source", Description: "copy-source" });

    await rejection(west.send(new CopyWorkspaceImageCommand({ Name: "copy-source", SourceImageId: source, SourceRegion: "us-east-1" })), ResourceAlreadyExistsException);
    await rejection(west.send(new CopyWorkspaceImageCommand({ Name: "other", SourceImageId: source, SourceRegion: "eu-west-1" })), ResourceNotFoundException);
  });
});

describe("UpdateWorkspaceImagePermission and DescribeWorkspaceImagePermissions", () => {
  it("shares with and unshares from other accounts; a shared image cannot be deleted", async () => {
    const id = await readyImage("user0157", "shared");
    await t.ws.send(new UpdateWorkspaceImagePermissionCommand({ ImageId: id, AllowCopyImage: true, SharedAccountId: "210987654321" }));
    await t.ws.send(new UpdateWorkspaceImagePermissionCommand({ ImageId: id, AllowCopyImage: true, SharedAccountId: "111122223333" }));
    const listed = await t.ws.send(new DescribeWorkspaceImagePermissionsCommand({ ImageId: id }));
    expect(listed).toMatchObject({ ImageId: id, ImagePermissions: [{ SharedAccountId: "111122223333" }, { SharedAccountId: "210987654321" }] });

    await rejection(t.ws.send(new DeleteWorkspaceImageCommand({ ImageId: id })), InvalidResourceStateException);
    await rejection(
      t.ws.send(new UpdateWorkspaceImagePermissionCommand({ ImageId: id, AllowCopyImage: true, SharedAccountId: "123456789012" })),
      InvalidParameterValuesException,
    );

    await t.ws.send(new UpdateWorkspaceImagePermissionCommand({ ImageId: id, AllowCopyImage: false, SharedAccountId: "210987654321" }));
    await t.ws.send(new UpdateWorkspaceImagePermissionCommand({ ImageId: id, AllowCopyImage: false, SharedAccountId: "111122223333" }));
    expect((await t.ws.send(new DescribeWorkspaceImagePermissionsCommand({ ImageId: id }))).ImagePermissions).toEqual([]);
    await t.ws.send(new DeleteWorkspaceImageCommand({ ImageId: id }));
    await rejection(t.ws.send(new DescribeWorkspaceImagePermissionsCommand({ ImageId: id })), ResourceNotFoundException);
  });
});
