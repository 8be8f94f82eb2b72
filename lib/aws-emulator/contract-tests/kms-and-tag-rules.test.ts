/**
 * The KMS subset (through the real @aws-sdk/client-kms) and what CreateWorkspaces makes of a
 * volume encryption key; AWS's tag rules and the 50-tag limit on CreateWorkspaces and CreateTags,
 * on desktops, images, bundles, directories and IP groups, and on the calls that create them.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CreateAliasCommand,
  CreateKeyCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  EnableKeyCommand,
  KMSClient,
  ListAliasesCommand,
  ListKeysCommand,
  NotFoundException,
} from "@aws-sdk/client-kms";
import { CreateDirectoryCommand, DescribeDirectoriesCommand } from "@aws-sdk/client-directory-service";
import {
  CreateIpGroupCommand,
  CreateTagsCommand,
  CreateWorkspaceBundleCommand,
  CreateWorkspaceImageCommand,
  CreateWorkspacesCommand,
  DescribeIpGroupsCommand,
  DescribeTagsCommand,
  DescribeWorkspaceBundlesCommand,
  DescribeWorkspaceDirectoriesCommand,
  DescribeWorkspaceImagesCommand,
  DescribeWorkspacesCommand,
  InvalidParameterValuesException,
  RegisterWorkspaceDirectoryCommand,
  ResourceLimitExceededException,
  type Tag,
} from "@aws-sdk/client-workspaces";
import { DEMO } from "../demo-seed";
import { DIRECTORY_ID, clientConfig, createDesktops, rejection, request, startTestEmulator, type TestEmulator } from "@/test-support/emulator-fixture";

let t: TestEmulator;
let kms: KMSClient;
beforeAll(async () => {
  t = await startTestEmulator();
  kms = new KMSClient(clientConfig(t.emulator.url));
});
afterAll(async () => {
  kms.destroy();
  await t.close();
});

const failureOf = async (item: ReturnType<typeof request>) => {
  const out = await t.ws.send(new CreateWorkspacesCommand({ Workspaces: [item] }));
  expect(out.PendingRequests).toEqual([]);
  return out.FailedRequests![0];
};

describe("KMS", () => {
  it("creates a symmetric key, names it by alias and describes it by id, ARN, alias and alias ARN", async () => {
    const created = await kms.send(new CreateKeyCommand({ Description: "desktops" }));
    const key = created.KeyMetadata!;
    expect(key).toMatchObject({ KeySpec: "SYMMETRIC_DEFAULT", KeyUsage: "ENCRYPT_DECRYPT", KeyState: "Enabled", Enabled: true, KeyManager: "CUSTOMER" });
    expect(key.Arn).toBe(`arn:aws:kms:us-east-1:123456789012:key/${key.KeyId}`);
    await kms.send(new CreateAliasCommand({ AliasName: "alias/contract-desktops", TargetKeyId: key.KeyId }));
    for (const name of [key.KeyId!, key.Arn!, "alias/contract-desktops", "arn:aws:kms:us-east-1:123456789012:alias/contract-desktops"]) {
      expect((await kms.send(new DescribeKeyCommand({ KeyId: name }))).KeyMetadata!.KeyId).toBe(key.KeyId);
    }
    const keys = (await kms.send(new ListKeysCommand({}))).Keys!.map((k) => k.KeyId);
    expect(keys).toContain(key.KeyId);
    const aliases = (await kms.send(new ListAliasesCommand({ KeyId: key.KeyId }))).Aliases!;
    expect(aliases).toEqual([expect.objectContaining({ AliasName: "alias/contract-desktops", TargetKeyId: key.KeyId })]);
    // Every account holds the AWS managed key for WorkSpaces.
    expect((await kms.send(new DescribeKeyCommand({ KeyId: "alias/aws/workspaces" }))).KeyMetadata).toMatchObject({ KeyManager: "AWS", Enabled: true });
  });

  it("answers NotFoundException for a key or alias that does not exist", async () => {
    const missingKey = await rejection(kms.send(new DescribeKeyCommand({ KeyId: "1234abcd-12ab-34cd-56ef-1234567890ab" })), NotFoundException);
    expect(missingKey.message).toContain("does not exist");
    const missingAlias = await rejection(kms.send(new DescribeKeyCommand({ KeyId: "alias/nobody-made-this" })), NotFoundException);
    expect(missingAlias.message).toContain("is not found");
  });

  it("disables and enables a key; a desktop is created only with an enabled symmetric key that exists", async () => {
    const key = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    const encrypted = (userName: string, VolumeEncryptionKey: string) =>
      request(userName, { UserVolumeEncryptionEnabled: true, RootVolumeEncryptionEnabled: true, VolumeEncryptionKey });

    await kms.send(new DisableKeyCommand({ KeyId: key.KeyId }));
    expect((await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata).toMatchObject({ KeyState: "Disabled", Enabled: false });
    const disabled = await failureOf(encrypted("user0031", key.Arn!));
    expect(disabled).toMatchObject({ ErrorCode: "InvalidResourceState.KmsKey", ErrorMessage: expect.stringContaining("disabled") });

    const missing = await failureOf(encrypted("user0031", "arn:aws:kms:us-east-1:123456789012:key/00000000-0000-4000-8000-000000000000"));
    expect(missing).toMatchObject({ ErrorCode: "ResourceNotFound.KmsKey" });

    const asymmetric = (await kms.send(new CreateKeyCommand({ KeySpec: "RSA_2048", KeyUsage: "SIGN_VERIFY" }))).KeyMetadata!;
    expect((await failureOf(encrypted("user0031", asymmetric.Arn!))).ErrorMessage).toContain("not a symmetric");

    await kms.send(new EnableKeyCommand({ KeyId: key.KeyId }));
    const [id] = await createDesktops(t.ws, [encrypted("user0031", key.Arn!)]);
    const ws = (await t.ws.send(new DescribeWorkspacesCommand({ WorkspaceIds: [id] }))).Workspaces![0];
    expect(ws).toMatchObject({ UserVolumeEncryptionEnabled: true, RootVolumeEncryptionEnabled: true, VolumeEncryptionKey: key.Arn });
  });
});

describe("tag rules", () => {
  it("refuses keys and values with characters AWS does not allow, and too long keys, per item", async () => {
    expect((await failureOf(request("user0032", { Tags: [{ Key: "Cost#Centre", Value: "1" }] }))).ErrorMessage).toContain("not allowed");
    expect((await failureOf(request("user0032", { Tags: [{ Key: "CostCentre", Value: "a;b" }] }))).ErrorMessage).toContain("not allowed");
    expect((await failureOf(request("user0032", { Tags: [{ Key: "aws:cost", Value: "1" }] }))).ErrorMessage).toContain("reserved");
    // Letters of any script, spaces and AWS's punctuation are fine.
    const [id] = await createDesktops(t.ws, [request("user0032", { Tags: [{ Key: "Kostenstelle Zürich", Value: "4711 / Büro+Labor@HQ" }] })]);
    expect((await t.ws.send(new DescribeTagsCommand({ ResourceId: id }))).TagList).toEqual([{ Key: "Kostenstelle Zürich", Value: "4711 / Büro+Labor@HQ" }]);
  });

  it("allows 50 tags on a desktop and refuses the 51st, on create and on CreateTags", async () => {
    const tags = (n: number, prefix = "k") => Array.from({ length: n }, (_, i) => ({ Key: `${prefix}${i}`, Value: String(i) }));
    expect((await failureOf(request("user0033", { Tags: tags(51) }))).ErrorMessage).toContain("at most 50 tags");
    const [id] = await createDesktops(t.ws, [request("user0033", { Tags: tags(50) })]);
    const more = await rejection(t.ws.send(new CreateTagsCommand({ ResourceId: id, Tags: [{ Key: "one-more", Value: "x" }] })), ResourceLimitExceededException);
    expect(more.message).toContain("at most 50 tags");
    // Overwriting an existing key stays within the limit.
    await t.ws.send(new CreateTagsCommand({ ResourceId: id, Tags: [{ Key: "k0", Value: "changed" }] }));
    const bad = await rejection(t.ws.send(new CreateTagsCommand({ ResourceId: id, Tags: [{ Key: "k1", Value: "<script>" }] })), InvalidParameterValuesException);
    expect(bad.message).toContain("not allowed");
  });
});

describe("tag rules on images, bundles, directories and IP groups", () => {
  const tags = (n: number, prefix: string): Tag[] => Array.from({ length: n }, (_, i) => ({ Key: `${prefix}${i}`, Value: String(i) }));
  const BAD_KEY: Tag[] = [{ Key: "Cost#Centre", Value: "1" }];
  const RESERVED_KEY: Tag[] = [{ Key: "aws:cost", Value: "1" }];

  /** An AVAILABLE image captured from a new desktop (PENDING 1,200 s, capture 2,700 s at the test scale). */
  async function availableImage(user: string, name: string): Promise<{ imageId: string; desktopId: string }> {
    const [desktopId] = await createDesktops(t.ws, [request(user)]);
    t.emulator.advanceClock(2.1);
    const { ImageId } = await t.ws.send(new CreateWorkspaceImageCommand({ Name: name, Description: name, WorkspaceId: desktopId }));
    t.emulator.advanceClock(4.6);
    return { imageId: ImageId!, desktopId };
  }
  const bundleInput = (BundleName: string, ImageId: string) => ({
    BundleName,
    BundleDescription: BundleName,
    ImageId,
    ComputeType: { Name: "STANDARD" as const },
    UserStorage: { Capacity: "50" },
    RootStorage: { Capacity: "80" },
  });

  it("allows 50 tags through CreateTags and refuses the 51st and keys AWS does not allow, on each kind of resource", async () => {
    const { imageId } = await availableImage("user0034", "tag-limits");
    const { WorkspaceBundle: bundle } = await t.ws.send(new CreateWorkspaceBundleCommand(bundleInput("tag-limits", imageId)));
    const { GroupId } = await t.ws.send(new CreateIpGroupCommand({ GroupName: "tag-limits" }));
    const resources = { image: imageId, bundle: bundle!.BundleId!, directory: DIRECTORY_ID, "IP group": GroupId! };

    for (const [kind, ResourceId] of Object.entries(resources)) {
      const tagsOf = async () => (await t.ws.send(new DescribeTagsCommand({ ResourceId }))).TagList!;
      const already = (await tagsOf()).length;
      await t.ws.send(new CreateTagsCommand({ ResourceId, Tags: tags(50 - already, "k") }));
      expect((await tagsOf()).length, kind).toBe(50);

      const more = await rejection(t.ws.send(new CreateTagsCommand({ ResourceId, Tags: [{ Key: "one-more", Value: "x" }] })), ResourceLimitExceededException);
      expect(more.message, kind).toContain("at most 50 tags");
      const bad = await rejection(t.ws.send(new CreateTagsCommand({ ResourceId, Tags: BAD_KEY })), InvalidParameterValuesException);
      expect(bad.message, kind).toContain("not allowed");
      const reserved = await rejection(t.ws.send(new CreateTagsCommand({ ResourceId, Tags: RESERVED_KEY })), InvalidParameterValuesException);
      expect(reserved.message, kind).toContain("reserved");

      // Nothing of a refused call is kept; overwriting a key stays within the limit.
      const kept = await tagsOf();
      expect(kept.length, kind).toBe(50);
      expect(kept.map((tag) => tag.Key), kind).not.toEqual(expect.arrayContaining(["one-more"]));
      await t.ws.send(new CreateTagsCommand({ ResourceId, Tags: [{ Key: "k0", Value: "changed" }] }));
      expect((await tagsOf()).find((tag) => tag.Key === "k0")?.Value, kind).toBe("changed");
    }
  });

  it("refuses more than 50 tags and keys AWS does not allow when an image, bundle or IP group is created or a directory registered, and creates nothing", async () => {
    // Image: from an AVAILABLE desktop, which stays AVAILABLE when the call is refused.
    const { imageId, desktopId } = await availableImage("user0035", "tag-source");
    const capture = (Tags: Tag[]) => t.ws.send(new CreateWorkspaceImageCommand({ Name: "tagged-capture", Description: "x", WorkspaceId: desktopId, Tags }));
    expect((await rejection(capture(tags(51, "k")), ResourceLimitExceededException)).message).toContain("at most 50 tags");
    expect((await rejection(capture(BAD_KEY), InvalidParameterValuesException)).message).toContain("not allowed");
    expect((await t.ws.send(new DescribeWorkspacesCommand({ WorkspaceIds: [desktopId] }))).Workspaces![0].State).toBe("AVAILABLE");
    expect((await t.ws.send(new DescribeWorkspaceImagesCommand({}))).Images!.map((i) => i.Name)).not.toContain("tagged-capture");

    // Bundle.
    const bundle = (Tags: Tag[]) => t.ws.send(new CreateWorkspaceBundleCommand({ ...bundleInput("tagged-bundle", imageId), Tags }));
    await rejection(bundle(tags(51, "k")), ResourceLimitExceededException);
    await rejection(bundle(RESERVED_KEY), InvalidParameterValuesException);
    expect((await t.ws.send(new DescribeWorkspaceBundlesCommand({}))).Bundles!.map((b) => b.Name)).not.toContain("tagged-bundle");
    expect((await bundle(tags(50, "k"))).WorkspaceBundle!.Name).toBe("tagged-bundle");

    // IP group.
    const group = (Tags: Tag[]) => t.ws.send(new CreateIpGroupCommand({ GroupName: "tagged-group", Tags }));
    await rejection(group(tags(51, "k")), ResourceLimitExceededException);
    await rejection(group(BAD_KEY), InvalidParameterValuesException);
    expect((await t.ws.send(new DescribeIpGroupsCommand({}))).Result!.map((g) => g.groupName)).not.toContain("tagged-group");

    // Directory registration.
    const { DirectoryId } = await t.ds.send(
      new CreateDirectoryCommand({ Name: "tags.example.com", Password: "Str0ng!Passw0rd", Size: "Small", VpcSettings: { VpcId: DEMO.vpcId, SubnetIds: [DEMO.subnets[0].SubnetId, DEMO.subnets[1].SubnetId] } }),
    );
    t.emulator.advanceClock(1.1); // Requested → Active at the test scale
    expect((await t.ds.send(new DescribeDirectoriesCommand({ DirectoryIds: [DirectoryId!] }))).DirectoryDescriptions![0].Stage).toBe("Active");
    const register = (Tags: Tag[]) => t.ws.send(new RegisterWorkspaceDirectoryCommand({ DirectoryId, Tags }));
    await rejection(register(tags(51, "k")), ResourceLimitExceededException);
    await rejection(register(BAD_KEY), InvalidParameterValuesException);
    expect((await t.ws.send(new DescribeWorkspaceDirectoriesCommand({ DirectoryIds: [DirectoryId!] }))).Directories).toEqual([]);
    await register([{ Key: "env", Value: "test" }]);
    expect((await t.ws.send(new DescribeTagsCommand({ ResourceId: DirectoryId! }))).TagList).toEqual([{ Key: "env", Value: "test" }]);
  });
});
