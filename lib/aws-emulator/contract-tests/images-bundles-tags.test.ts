/**
 * The public bundle catalogue and retired bundles, custom images (desktop SUSPENDED while captured)
 * and bundles, and tags on desktops, directories, images and bundles.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CreateTagsCommand,
  CreateWorkspaceBundleCommand,
  CreateWorkspaceImageCommand,
  CreateWorkspacesCommand,
  DeleteTagsCommand,
  DescribeTagsCommand,
  DescribeWorkspaceBundlesCommand,
  DescribeWorkspaceImagesCommand,
  DescribeWorkspacesCommand,
  InvalidParameterValuesException,
  InvalidResourceStateException,
  MigrateWorkspaceCommand,
  RebootWorkspacesCommand,
  RebuildWorkspacesCommand,
  ResourceAlreadyExistsException,
  ResourceLimitExceededException,
  ResourceNotFoundException,
  ResourceUnavailableException,
  TerminateWorkspacesCommand,
  type WorkspaceBundle,
} from "@aws-sdk/client-workspaces";
import { DIRECTORY_ID, STANDARD_BUNDLE, createDesktops, rejection, request, startTestEmulator, type TestEmulator } from "@/test-support/emulator-fixture";

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(() => t.close());

describe("DescribeWorkspaceBundles", () => {
  it("lists the AMAZON catalogue in pages of 25", async () => {
    const first = await t.ws.send(new DescribeWorkspaceBundlesCommand({ Owner: "AMAZON" }));
    expect(first.Bundles).toHaveLength(25);
    const second = await t.ws.send(new DescribeWorkspaceBundlesCommand({ Owner: "AMAZON", NextToken: first.NextToken }));
    expect(second.NextToken).toBeUndefined();
    const all: WorkspaceBundle[] = [...first.Bundles!, ...second.Bundles!];
    expect(all.length).toBeGreaterThan(25);
    expect(new Set(all.map((b) => b.BundleId)).size).toBe(all.length);
    const computes = new Set(all.map((b) => b.ComputeType!.Name));
    expect([...computes].sort()).toEqual(["GRAPHICSPRO_G4DN", "GRAPHICS_G4DN", "PERFORMANCE", "POWER", "POWERPRO", "STANDARD", "VALUE"]);
    expect(all.map((b) => b.Name)).toEqual(
      expect.arrayContaining(["Standard with Windows 10 (Server 2022 based)", "Standard with Amazon Linux 2", "Performance with Ubuntu 22.04"]),
    );
    const standard = all.find((b) => b.BundleId === STANDARD_BUNDLE)!;
    expect(standard).toMatchObject({ Owner: "AMAZON", State: "AVAILABLE", RootStorage: { Capacity: "80" }, UserStorage: { Capacity: "50" }, ComputeType: { Name: "STANDARD" } });
    expect(all.find((b) => b.ComputeType!.Name === "POWER")!.RootStorage!.Capacity).toBe("175");
  });

  it("no longer lists a public bundle AWS retired, while a desktop on it keeps its BundleId", async () => {
    const [desktop] = await createDesktops(t.ws, [request("user0150", { BundleId: STANDARD_BUNDLE })]);
    const listed = async () => {
      const ids: string[] = [];
      let NextToken: string | undefined;
      do {
        const page = await t.ws.send(new DescribeWorkspaceBundlesCommand({ Owner: "AMAZON", NextToken }));
        ids.push(...page.Bundles!.map((b) => b.BundleId!));
        NextToken = page.NextToken;
      } while (NextToken);
      return ids;
    };
    expect(await listed()).toContain(STANDARD_BUNDLE);
    t.emulator.updateConfig({ retiredBundleIds: [STANDARD_BUNDLE] });
    try {
      expect(await listed()).not.toContain(STANDARD_BUNDLE);
      const described = await t.ws.send(new DescribeWorkspacesCommand({ WorkspaceIds: [desktop] }));
      expect(described.Workspaces![0].BundleId).toBe(STANDARD_BUNDLE);
    } finally {
      t.emulator.updateConfig({ retiredBundleIds: [] });
    }
    expect(() => t.emulator.updateConfig({ retiredBundleIds: ["not-a-bundle"] as never })).toThrow(/list of bundle ids/);
  });

  it("refuses new desktops on a retired public bundle as on an unknown one, while desktops on it reboot and rebuild", async () => {
    const [kept] = await createDesktops(t.ws, [request("user0162", { BundleId: STANDARD_BUNDLE })]);
    t.emulator.advanceClock(2.1); // PENDING: 1,200 s at the test scale
    const failureFor = async (BundleId: string) => {
      const out = await t.ws.send(new CreateWorkspacesCommand({ Workspaces: [request("user0163", { BundleId })] }));
      expect(out.PendingRequests).toEqual([]);
      return out.FailedRequests![0];
    };
    const unknown = await failureFor("wsb-000000000");
    expect(unknown).toMatchObject({ ErrorCode: "ResourceNotFound.Bundle", ErrorMessage: "The specified bundle wsb-000000000 could not be found." });

    const retiredPerformance = "wsb-7y5x2otlg"; // Performance with Windows 10 (Server 2022 based)
    t.emulator.updateConfig({ retiredBundleIds: [STANDARD_BUNDLE, retiredPerformance] });
    try {
      expect(await failureFor(STANDARD_BUNDLE)).toMatchObject({
        ErrorCode: unknown.ErrorCode,
        ErrorMessage: `The specified bundle ${STANDARD_BUNDLE} could not be found.`,
        WorkspaceRequest: { UserName: "user0163", BundleId: STANDARD_BUNDLE },
      });
      // Nor can a desktop be migrated onto a retired bundle.
      const migrate = await rejection(t.ws.send(new MigrateWorkspaceCommand({ SourceWorkspaceId: kept, BundleId: retiredPerformance })), ResourceNotFoundException);
      expect(migrate.message).toContain(retiredPerformance);

      const stateOf = async () => (await t.ws.send(new DescribeWorkspacesCommand({ WorkspaceIds: [kept] }))).Workspaces![0];
      expect((await t.ws.send(new RebootWorkspacesCommand({ RebootWorkspaceRequests: [{ WorkspaceId: kept }] }))).FailedRequests).toEqual([]);
      t.emulator.advanceClock(0.5); // rebooting: 120 s
      expect(await stateOf()).toMatchObject({ State: "AVAILABLE", BundleId: STANDARD_BUNDLE });
      expect((await t.ws.send(new RebuildWorkspacesCommand({ RebuildWorkspaceRequests: [{ WorkspaceId: kept }] }))).FailedRequests).toEqual([]);
      t.emulator.advanceClock(1.6); // rebuilding: 900 s
      expect(await stateOf()).toMatchObject({ State: "AVAILABLE", BundleId: STANDARD_BUNDLE, WorkspaceProperties: { OperatingSystemName: "WINDOWS_SERVER_2022" } });
    } finally {
      t.emulator.updateConfig({ retiredBundleIds: [] });
    }
    // Brought back, it launches again.
    await createDesktops(t.ws, [request("user0163", { BundleId: STANDARD_BUNDLE })]);
  });

  it("finds bundles by id, lists own bundles by default, and refuses combined filters", async () => {
    const byId = await t.ws.send(new DescribeWorkspaceBundlesCommand({ BundleIds: [STANDARD_BUNDLE, "wsb-000000000"] }));
    expect(byId.Bundles!.map((b) => b.BundleId)).toEqual([STANDARD_BUNDLE]);
    expect((await t.ws.send(new DescribeWorkspaceBundlesCommand({}))).Bundles).toEqual([]);
    await rejection(t.ws.send(new DescribeWorkspaceBundlesCommand({ BundleIds: [STANDARD_BUNDLE], Owner: "AMAZON" })), InvalidParameterValuesException);
  });
});

describe("custom images and bundles", () => {
  it("captures an AVAILABLE desktop into an image and makes a bundle from it", async () => {
    const [wsId] = await createDesktops(t.ws, [request("alice")]);
    await rejection(
      t.ws.send(new CreateWorkspaceImageCommand({ Name: "golden", Description: "Golden image", WorkspaceId: wsId })),
      InvalidResourceStateException,
    );
    await rejection(
      t.ws.send(new CreateWorkspaceImageCommand({ Name: "golden", Description: "Golden image", WorkspaceId: "ws-000000000" })),
      ResourceNotFoundException,
    );
    t.emulator.advanceClock(2.1);
    const image = await t.ws.send(new CreateWorkspaceImageCommand({ Name: "golden", Description: "Golden image", WorkspaceId: wsId }));
    expect(image).toMatchObject({ Name: "golden", State: "PENDING", OperatingSystem: { Type: "WINDOWS" }, RequiredTenancy: "DEFAULT", OwnerAccountId: "123456789012" });
    expect(image.ImageId).toMatch(/^wsi-[0-9a-z]{9}$/);
    expect((await t.ws.send(new DescribeWorkspacesCommand({ WorkspaceIds: [wsId] }))).Workspaces![0].State).toBe("SUSPENDED");
    // A desktop being captured cannot be terminated.
    const terminate = await t.ws.send(new TerminateWorkspacesCommand({ TerminateWorkspaceRequests: [{ WorkspaceId: wsId }] }));
    expect(terminate.FailedRequests![0].ErrorCode).toBe("InvalidResourceState.Workspace");
    await rejection(
      t.ws.send(new CreateWorkspaceImageCommand({ Name: "golden", Description: "Again", WorkspaceId: wsId })),
      ResourceAlreadyExistsException,
    );

    const bundleInput = { BundleName: "golden-standard", BundleDescription: "Golden on Standard", ImageId: image.ImageId, ComputeType: { Name: "STANDARD" as const }, UserStorage: { Capacity: "50" }, RootStorage: { Capacity: "80" } };
    await rejection(t.ws.send(new CreateWorkspaceBundleCommand(bundleInput)), ResourceUnavailableException);
    t.emulator.advanceClock(4.6);
    const images = await t.ws.send(new DescribeWorkspaceImagesCommand({ ImageIds: [image.ImageId!] }));
    expect(images.Images![0]).toMatchObject({ State: "AVAILABLE", Name: "golden" });
    expect((await t.ws.send(new DescribeWorkspacesCommand({ WorkspaceIds: [wsId] }))).Workspaces![0].State).toBe("AVAILABLE");
    expect((await t.ws.send(new DescribeWorkspaceImagesCommand({ ImageType: "SHARED" }))).Images).toEqual([]);

    const { WorkspaceBundle: bundle } = await t.ws.send(new CreateWorkspaceBundleCommand(bundleInput));
    expect(bundle).toMatchObject({ Name: "golden-standard", Owner: "123456789012", ImageId: image.ImageId, State: "AVAILABLE", ComputeType: { Name: "STANDARD" } });
    expect(bundle!.BundleId).toMatch(/^wsb-[0-9a-z]{9}$/);
    await rejection(t.ws.send(new CreateWorkspaceBundleCommand(bundleInput)), ResourceAlreadyExistsException);
    await rejection(
      t.ws.send(new CreateWorkspaceBundleCommand({ ...bundleInput, BundleName: "odd", UserStorage: { Capacity: "60" } })),
      InvalidParameterValuesException,
    );
    await rejection(t.ws.send(new CreateWorkspaceBundleCommand({ ...bundleInput, BundleName: "other", ImageId: "wsi-000000000" })), ResourceNotFoundException);
    expect((await t.ws.send(new DescribeWorkspaceBundlesCommand({}))).Bundles!.map((b) => b.BundleId)).toEqual([bundle!.BundleId]);

    const [fromCustom] = await createDesktops(t.ws, [request("bob", { BundleId: bundle!.BundleId })]);
    const ws = (await t.ws.send(new DescribeWorkspacesCommand({ WorkspaceIds: [fromCustom] }))).Workspaces![0];
    expect(ws).toMatchObject({ BundleId: bundle!.BundleId, WorkspaceProperties: { ComputeTypeName: "STANDARD", OperatingSystemName: "WINDOWS_SERVER_2022" } });
  });
});

describe("tags", () => {
  it("creates, overwrites, describes and deletes tags on a desktop", async () => {
    const [id] = await createDesktops(t.ws, [request("carol", { Tags: [{ Key: "cost-center", Value: "42" }] })]);
    await t.ws.send(new CreateTagsCommand({ ResourceId: id, Tags: [{ Key: "owner", Value: "carol" }, { Key: "cost-center", Value: "43" }] }));
    const tags = (await t.ws.send(new DescribeTagsCommand({ ResourceId: id }))).TagList!;
    expect(tags).toEqual(expect.arrayContaining([{ Key: "cost-center", Value: "43" }, { Key: "owner", Value: "carol" }]));
    expect(tags).toHaveLength(2);
    await t.ws.send(new DeleteTagsCommand({ ResourceId: id, TagKeys: ["owner"] }));
    expect((await t.ws.send(new DescribeTagsCommand({ ResourceId: id }))).TagList).toEqual([{ Key: "cost-center", Value: "43" }]);
  });

  it("tags registered directories", async () => {
    await t.ws.send(new CreateTagsCommand({ ResourceId: DIRECTORY_ID, Tags: [{ Key: "env", Value: "demo" }] }));
    expect((await t.ws.send(new DescribeTagsCommand({ ResourceId: DIRECTORY_ID }))).TagList).toEqual([{ Key: "env", Value: "demo" }]);
  });

  it("refuses more than 50 tags, reserved keys and unknown resources", async () => {
    const [id] = await createDesktops(t.ws, [request("dave")]);
    const many = Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: "v" }));
    await rejection(t.ws.send(new CreateTagsCommand({ ResourceId: id, Tags: many })), ResourceLimitExceededException);
    await rejection(t.ws.send(new CreateTagsCommand({ ResourceId: id, Tags: [{ Key: "aws:reserved", Value: "x" }] })), InvalidParameterValuesException);
    await rejection(t.ws.send(new DescribeTagsCommand({ ResourceId: "ws-000000000" })), ResourceNotFoundException);
    await rejection(t.ws.send(new DeleteTagsCommand({ ResourceId: "ws-000000000", TagKeys: ["a"] })), ResourceNotFoundException);
    await rejection(t.ws.send(new CreateTagsCommand({ ResourceId: "d-0000000000", Tags: [{ Key: "a", Value: "b" }] })), ResourceNotFoundException);
  });
});
