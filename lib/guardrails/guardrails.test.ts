// Guardrails end to end: the admin's action (DescribeKey through the real SDK against the emulator),
// approval and the worker before CreateWorkspaces, against the real database and the emulator.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { CreateKeyCommand, DisableKeyCommand, KMSClient } from "@aws-sdk/client-kms";
import { clientConfig } from "@/test-support/emulator-fixture";
import { DIRECTORY_ID, startHarness, type Harness } from "@/test-support/worker-harness";
import { runWorkerOnce } from "@/lib/jobs/worker";
import { createDesktopRequest, decideRequests } from "@/lib/requests/mutations";

let h: Harness;
let kms: KMSClient;
let caller: { id: string; email: string; name: string; role: "ADMIN" } | null = null;

vi.mock("@/lib/db/client", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  get db() {
    return h.db;
  },
}));
vi.mock("@/lib/auth/session", () => ({
  getActionUser: async () => caller,
  getCurrentUser: async () => caller,
  getSessionState: async () =>
    caller && { id: "s-admin", method: "PASSWORD", amr: ["pwd"], stage: "complete", mfaEnabled: true, user: caller, createdAt: new Date(), lastSeenAt: new Date(), expiresAt: new Date(Date.now() + 3_600_000) },
}));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));
vi.mock("./aws", () => ({ guardrailsKms: () => h.aws.forRegion("us-east-1").kms }));

const { saveGuardrails } = await import("./actions");

beforeAll(async () => {
  h = await startHarness();
  kms = new KMSClient(clientConfig(h.emulator.url));
  caller = { id: h.approverId, email: "admin@corp.example.com", name: "Admin", role: "ADMIN" };
});
afterAll(async () => {
  kms?.destroy();
  await h?.close();
});
beforeEach(async () => {
  await h.db.directoryGuardrail.deleteMany();
});

const admin = () => ({ id: h.approverId, email: "admin@corp.example.com" });
/** A request by Alice's account for a directory user, approved the way the approval queue does it. */
async function requestAndApprove(userName: string, tags: Record<string, string> = {}) {
  const request = await h.db.$transaction((tx) =>
    createDesktopRequest(tx, { id: h.requesterId, email: "alice@corp.example.com" }, { directoryId: DIRECTORY_ID, userName, bundleId: "wsb-uj9exd002", runningMode: "AUTO_STOP", autoStopTimeoutMinutes: 60, justification: "guardrails test", tags }),
  );
  const outcome = await h.db.$transaction((tx) => decideRequests(tx, admin(), { requestIds: [request.id], decision: "APPROVE", reason: "" }, { region: "us-east-1", volumeEncryptionKey: null }));
  return { requestId: request.id, outcome };
}

describe("encryption with KMS", () => {
  it("refuses to store a KMS key that doesn't exist or is disabled, with the reason at the field", async () => {
    const missing = await saveGuardrails({ directoryId: DIRECTORY_ID, encryptionRequired: "on", volumeEncryptionKey: "alias/nobody-made-this" });
    expect(missing).toMatchObject({ ok: false, code: "INVALID_INPUT", fieldErrors: { volumeEncryptionKey: "KMS has no key alias/nobody-made-this in this account and region." } });
    const key = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    await kms.send(new DisableKeyCommand({ KeyId: key.KeyId }));
    const disabled = await saveGuardrails({ directoryId: DIRECTORY_ID, encryptionRequired: "on", volumeEncryptionKey: key.KeyId });
    expect(disabled).toMatchObject({ ok: false, fieldErrors: { volumeEncryptionKey: expect.stringContaining("is disabled") } });
    const none = await saveGuardrails({ directoryId: DIRECTORY_ID, encryptionRequired: "on" });
    expect(none).toMatchObject({ ok: false, fieldErrors: { volumeEncryptionKey: expect.stringContaining("Choose the KMS key") } });
    expect(await h.db.directoryGuardrail.count()).toBe(0);
  });

  it("refuses an asymmetric KMS key, even one for encryption, with the reason at the field, and stores nothing", async () => {
    for (const [KeySpec, KeyUsage] of [["RSA_2048", "ENCRYPT_DECRYPT"], ["RSA_2048", "SIGN_VERIFY"]] as const) {
      const key = (await kms.send(new CreateKeyCommand({ KeySpec, KeyUsage }))).KeyMetadata!;
      const refused = await saveGuardrails({ directoryId: DIRECTORY_ID, encryptionRequired: "on", volumeEncryptionKey: key.KeyId });
      expect(refused).toMatchObject({
        ok: false,
        code: "INVALID_INPUT",
        fieldErrors: { volumeEncryptionKey: `The KMS key ${key.Arn} is not a symmetric encryption key (${KeySpec}, ${KeyUsage}); WorkSpaces needs one.` },
      });
    }
    expect(await h.db.directoryGuardrail.count()).toBe(0);
  });

  it("encryption required, so a create without a key is refused and a create with one is encrypted", async () => {
    // Queued before the directory required encryption, without a key: the worker refuses it.
    const early = await h.approve({ userName: "carol" });
    const key = (await kms.send(new CreateKeyCommand({ Description: "desktops" }))).KeyMetadata!;
    const saved = await saveGuardrails({ directoryId: DIRECTORY_ID, encryptionRequired: "on", volumeEncryptionKey: "alias/workspaces" });
    expect(saved).toMatchObject({ ok: true, volumeEncryptionKey: expect.stringMatching(/^arn:aws:kms:us-east-1:123456789012:key\//) });
    await saveGuardrails({ directoryId: DIRECTORY_ID, encryptionRequired: "on", volumeEncryptionKey: key.Arn! });

    const approved = await requestAndApprove("bob");
    expect(approved.outcome.decided).toEqual([approved.requestId]);
    await h.drain();

    const refused = await h.db.desktopRequest.findUniqueOrThrow({ where: { id: early.requestId } });
    expect(refused).toMatchObject({ status: "FAILED", failureCode: "EncryptionRequired", failureMessage: expect.stringContaining("requires volume encryption") });
    const inAws = await h.awsDesktops();
    expect(inAws.map((w) => w.userName)).not.toContain("carol");

    const desktop = await h.db.desktop.findUniqueOrThrow({ where: { requestId: approved.requestId } });
    expect(desktop).toMatchObject({ rootVolumeEncrypted: true, userVolumeEncrypted: true, volumeEncryptionKey: key.Arn });
    const described = await h.aws.forRegion("us-east-1").workspaces.describeWorkspacesByIds([desktop.workspaceId!]);
    if (!described.ok) throw new Error(described.code);
    expect(described.workspaces[0]).toMatchObject({ rootVolumeEncrypted: true, userVolumeEncrypted: true, volumeEncryptionKey: key.Arn });

    // The key disabled after it was chosen: the worker's DescribeKey refuses the next create.
    await kms.send(new DisableKeyCommand({ KeyId: key.KeyId }));
    const later = await requestAndApprove("dave");
    await h.drain();
    expect(await h.db.desktopRequest.findUniqueOrThrow({ where: { id: later.requestId } })).toMatchObject({
      status: "FAILED",
      failureCode: "KmsKeyUnusable",
      failureMessage: expect.stringContaining("is disabled"),
    });
  });
});

describe("required tags and limits", () => {
  it("required tags reach AWS: the chosen value, or the default", async () => {
    expect(await saveGuardrails({ directoryId: DIRECTORY_ID, requiredTags: "CostCentre = 1000, 2000\nProject = Apollo, Gemini" })).toMatchObject({ ok: true });
    const chosen = await requestAndApprove("erin", { CostCentre: "2000" });
    expect(chosen.outcome.decided).toEqual([chosen.requestId]);
    await h.drain();
    const erin = (await h.awsDesktops()).find((w) => w.userName === "erin")!;
    expect(erin.tags).toMatchObject({ CostCentre: "2000", Project: "Apollo" });
  });

  it("refuses tag keys or values that aren't allowed, and approval refuses a value no longer allowed", async () => {
    const badKey = await saveGuardrails({ directoryId: DIRECTORY_ID, requiredTags: "Cost;Centre = 1" });
    expect(badKey).toMatchObject({ ok: false, fieldErrors: { requiredTags: "Line 1: A tag key may contain only letters, numbers, spaces and _ . : / = + - @." } });
    const reserved = await saveGuardrails({ directoryId: DIRECTORY_ID, requiredTags: "aws:cost = 1" });
    expect(reserved).toMatchObject({ ok: false, fieldErrors: { requiredTags: expect.stringContaining("reserved") } });
    await saveGuardrails({ directoryId: DIRECTORY_ID, requiredTags: "CostCentre = 1000, 2000" });
    const stale = await requestAndApprove("user0041", { CostCentre: "3000" });
    expect(stale.outcome).toMatchObject({ decided: [], skipped: [{ id: stale.requestId, code: "CONFLICT", message: "Not approved: CostCentre must be one of: 1000, 2000." }] });
  });

  it("approval refuses a desktop larger than the requester's role may have", async () => {
    await saveGuardrails({ directoryId: DIRECTORY_ID, maxComputeEMPLOYEE: "VALUE" });
    const fine = await requestAndApprove("user0042");
    expect(fine.outcome.decided).toEqual([fine.requestId]);
    await h.db.bundle.update({ where: { id: "wsb-uj9exd002" }, data: { computeType: "POWER" } });
    try {
      const big = await requestAndApprove("user0043");
      expect(big.outcome.skipped).toEqual([{ id: big.requestId, code: "CONFLICT", message: "Not approved: In this directory the employee role may have desktops up to Value." }]);
    } finally {
      await h.db.bundle.update({ where: { id: "wsb-uj9exd002" }, data: { computeType: "VALUE" } });
    }
  });

  it("the worker refuses a create past the owner's role's compute type or their quota (limits set after approval), and sends none", async () => {
    const big = await requestAndApprove("user0044");
    await saveGuardrails({ directoryId: DIRECTORY_ID, maxComputeEMPLOYEE: "STANDARD" });
    await h.db.bundle.update({ where: { id: "wsb-uj9exd002" }, data: { computeType: "POWER" } });
    try {
      await h.drain();
    } finally {
      await h.db.bundle.update({ where: { id: "wsb-uj9exd002" }, data: { computeType: "VALUE" } });
    }
    expect(await h.db.desktopRequest.findUniqueOrThrow({ where: { id: big.requestId } })).toMatchObject({
      status: "FAILED",
      failureCode: "ComputeTypeNotAllowed",
      failureMessage: "Not created: In this directory the employee role may have desktops up to Standard.",
    });

    // The requester already has a desktop in AWS; a quota of one is set after the next approval.
    await saveGuardrails({ directoryId: DIRECTORY_ID });
    const first = await requestAndApprove("user0045");
    await h.drain();
    expect(await h.db.desktopRequest.findUniqueOrThrow({ where: { id: first.requestId } })).toMatchObject({ status: expect.not.stringMatching("FAILED") });
    const second = await requestAndApprove("user0046");
    await saveGuardrails({ directoryId: DIRECTORY_ID, desktopsPerUser: "1" });
    const createsBefore = await h.db.awsCall.count({ where: { operation: "CreateWorkspaces" } });
    await h.drain();
    expect(await h.db.desktopRequest.findUniqueOrThrow({ where: { id: second.requestId } })).toMatchObject({ status: "FAILED", failureCode: "DesktopQuotaExceeded" });
    expect(await h.db.awsCall.count({ where: { operation: "CreateWorkspaces" } })).toBe(createsBefore);
    expect((await h.awsDesktops()).map((w) => w.userName)).not.toContain("user0046");
  });
});
