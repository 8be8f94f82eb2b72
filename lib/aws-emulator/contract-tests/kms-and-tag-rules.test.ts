/**
 * The KMS subset (through the real @aws-sdk/client-kms) and what CreateWorkspaces makes of a
 * volume encryption key; AWS's tag rules and the 50-tag limit on CreateWorkspaces and CreateTags.
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
import { CreateTagsCommand, CreateWorkspacesCommand, DescribeTagsCommand, DescribeWorkspacesCommand, InvalidParameterValuesException, ResourceLimitExceededException } from "@aws-sdk/client-workspaces";
import { clientConfig, createDesktops, rejection, request, startTestEmulator, type TestEmulator } from "@/test-support/emulator-fixture";

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
