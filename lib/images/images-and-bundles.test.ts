// Custom images and bundles from the portal, end to end: the server actions (admin Dave) against the
// real database, the real worker sending through the real SDK to the emulator, and the pages'
// queries reading AWS back. Bad input is refused at its field before anything is queued or sent.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { PrismaClient } from "@/lib/db/generated/client";
import { reconcileOnce } from "@/lib/jobs/reconcile";
import { REGION, startHarness, type Harness } from "@/test-support/worker-harness";

let h: Harness;
let testDb: PrismaClient;
vi.mock("@/lib/db/client", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  get db() {
    return testDb;
  },
}));
vi.mock("./aws", () => ({ imagesAws: (region: string = REGION) => h.aws.forRegion(region) }));
let caller: { id: string; email: string; name: string; role: "EMPLOYEE" | "APPROVER" | "ADMIN" } | null = null;
vi.mock("@/lib/auth/session", () => ({ getActionUser: async () => caller, getCurrentUser: async () => caller }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const { copyImage, createImage, deleteImage, shareImage, unshareImage } = await import("./actions");
const { createBundle, deleteBundle, updateBundle } = await import("@/lib/bundles/actions");
const { listChanges, listImages, loadImage } = await import("./queries");
const { listCustomBundles } = await import("@/lib/bundles/queries");

const IMAGE_SECONDS = 4.6; // 2,700 s of capture at the emulator's test scale (1/600)

beforeAll(async () => {
  h = await startHarness();
  testDb = h.db;
  const dave = await h.db.user.findUniqueOrThrow({ where: { id: h.approverId } });
  caller = { id: dave.id, email: dave.email, name: dave.name ?? "Dave", role: "ADMIN" };
});
afterAll(async () => {
  await h?.close();
});

/** A desktop made through the portal and followed until the portal sees it AVAILABLE. */
async function availableDesktop(userName: string, volumeEncryptionKey: string | null = null): Promise<string> {
  const { desktopId } = await h.approve({ userName, volumeEncryptionKey });
  await h.drain();
  await h.advanceClock(volumeEncryptionKey ? 5 : 2.1);
  await reconcileOnce({ db: h.db, aws: h.aws });
  const desktop = await h.db.desktop.findUniqueOrThrow({ where: { id: desktopId } });
  expect(desktop.state).toBe("AVAILABLE");
  return desktopId;
}

async function image(name: string) {
  const list = await listImages();
  if (!list.ok) throw new Error(list.message);
  return list.images.find((i) => i.name === name);
}

/** An AVAILABLE image made through the portal from a new desktop of `userName`. */
async function readyImage(userName: string, name: string): Promise<string> {
  const desktopId = await availableDesktop(userName);
  expect(await createImage({ desktopId, name, description: `${name} image` })).toMatchObject({ ok: true });
  await h.drain();
  await h.advanceClock(IMAGE_SECONDS);
  const made = await image(name);
  expect(made?.state).toBe("AVAILABLE");
  return made!.imageId;
}

const awsCalls = () => h.db.awsCall.count();
const operations = () => h.db.operation.count();

describe("image -> bundle", () => {
  it("makes an image from an AVAILABLE desktop, AVAILABLE on the emulator clock, then a bundle from it that DescribeWorkspaceBundles lists as the account's own", async () => {
    const desktopId = await availableDesktop("alice");
    const queued = await createImage({ desktopId, name: "golden-2026", description: "Golden image for engineering" });
    expect(queued).toMatchObject({ ok: true });
    await h.drain();
    const op = await h.db.operation.findFirstOrThrow({ where: { type: "CREATE_IMAGE" }, orderBy: { createdAt: "desc" } });
    expect(op).toMatchObject({ status: "SUCCEEDED", desktopId });
    const pending = await image("golden-2026");
    expect(pending).toMatchObject({ state: "PENDING", osType: "WINDOWS", imageId: (op.result as { resourceId: string }).resourceId });
    expect((await h.awsDesktops()).find((d) => d.userName === "alice")?.state).toBe("SUSPENDED");
    // The portal shows it too (the pages say an image is being made), and follows it back.
    expect((await h.db.desktop.findUniqueOrThrow({ where: { id: desktopId } })).state).toBe("SUSPENDED");

    // A bundle needs an AVAILABLE image: refused at the field while it is PENDING.
    const early = await createBundle({ name: "golden-standard", description: "Golden on Standard", imageId: pending!.imageId, computeType: "STANDARD", rootVolumeGiB: "80", userVolumeGiB: "50" });
    expect(early).toMatchObject({ ok: false, code: "INVALID_INPUT", fieldErrors: { imageId: expect.stringMatching(/PENDING/) } });

    await h.advanceClock(IMAGE_SECONDS);
    expect((await image("golden-2026"))?.state).toBe("AVAILABLE");
    expect((await h.awsDesktops()).find((d) => d.userName === "alice")?.state).toBe("AVAILABLE");
    await reconcileOnce({ db: h.db, aws: h.aws });
    expect((await h.db.desktop.findUniqueOrThrow({ where: { id: desktopId } })).state).toBe("AVAILABLE");

    expect(await createBundle({ name: "golden-standard", description: "Golden on Standard", imageId: pending!.imageId, computeType: "STANDARD", rootVolumeGiB: "80", userVolumeGiB: "50" })).toMatchObject({ ok: true });
    await h.drain();
    const own = await h.aws.forRegion(REGION).workspaces.describeBundles({ owner: "123456789012" });
    if (!own.ok) throw new Error(own.message);
    expect(own.bundles).toEqual([
      expect.objectContaining({ name: "golden-standard", imageId: pending!.imageId, computeType: "STANDARD", rootVolumeGiB: 80, userVolumeGiB: 50, owner: "123456789012" }),
    ]);
    const listed = await listCustomBundles();
    expect(listed.ok && listed.bundles.map((b) => [b.name, b.imageName, b.desktopCount])).toEqual([["golden-standard", "golden-2026", 0]]);

    const audit = await h.db.auditEvent.findMany({ where: { action: { startsWith: "image.create" } }, orderBy: { at: "asc" }, select: { action: true, outcome: true } });
    expect(audit.map((a) => `${a.action} ${a.outcome}`)).toEqual(["image.create.request SUCCESS", "image.create SUCCESS"]);
  });
});

describe("bad input is refused at the field before any call", () => {
  it("image and bundle names outside AWS's rules, and volume sizes AWS doesn't allow", async () => {
    const [callsBefore, opsBefore] = [await awsCalls(), await operations()];
    expect(await createImage({ desktopId: "dk-any", name: "has spaces", description: "fine" })).toMatchObject({
      ok: false,
      code: "INVALID_INPUT",
      fieldErrors: { name: expect.stringMatching(/no spaces/) },
    });
    expect(await createImage({ desktopId: "dk-any", name: "x".repeat(65), description: "semicolons; not allowed" })).toMatchObject({
      fieldErrors: { name: "Use at most 64 characters.", description: expect.stringMatching(/only letters, digits, spaces/) },
    });
    const bundle = { name: "ok-name", description: "Fine", imageId: "wsi-abcdefgh1", computeType: "STANDARD", rootVolumeGiB: "80", userVolumeGiB: "50" };
    expect(await createBundle({ ...bundle, name: "bad name!" })).toMatchObject({ fieldErrors: { name: expect.stringMatching(/no spaces/) } });
    expect(await createBundle({ ...bundle, userVolumeGiB: "60" })).toMatchObject({ fieldErrors: { userVolumeGiB: "With an 80 GB root volume, AWS allows a user volume of 10, 50 or 100 GB." } });
    expect(await createBundle({ ...bundle, rootVolumeGiB: "90", userVolumeGiB: "100" })).toMatchObject({ fieldErrors: { rootVolumeGiB: "AWS allows a root volume of 80 GB, or 100 to 2,000 GB." } });
    expect(await createBundle({ ...bundle, rootVolumeGiB: "175", userVolumeGiB: "50" })).toMatchObject({ fieldErrors: { userVolumeGiB: expect.stringMatching(/100 to 2,000 GB/) } });
    expect(await createBundle({ ...bundle, computeType: "HUGE" })).toMatchObject({ fieldErrors: { computeType: "Choose a compute type." } });
    expect(await shareImage({ imageId: "wsi-abcdefgh1", accountId: "12345" })).toMatchObject({ fieldErrors: { accountId: "An AWS account id is exactly 12 digits." } });
    expect(await copyImage({ imageId: "wsi-abcdefgh1", destinationRegion: "mars-1", name: "copy" })).toMatchObject({ fieldErrors: { destinationRegion: expect.any(String) } });
    expect([await awsCalls(), await operations()]).toEqual([callsBefore, opsBefore]);
  });

  it("refuses an encrypted desktop and one that is not AVAILABLE, with AWS's rule at the desktop field", async () => {
    const encrypted = await availableDesktop("bob", "alias/aws/workspaces");
    expect(await createImage({ desktopId: encrypted, name: "from-encrypted", description: "x" })).toMatchObject({
      fieldErrors: { desktopId: "This desktop is encrypted. AWS cannot make an image from an encrypted desktop." },
    });
    const { desktopId: pending } = await h.approve({ userName: "carol" });
    await h.drain();
    expect(await createImage({ desktopId: pending, name: "from-pending", description: "x" })).toMatchObject({
      fieldErrors: { desktopId: "AWS makes an image only from an AVAILABLE desktop; this one is PENDING." },
    });
  });
});

describe("image failures, copies, sharing, and bundle changes", () => {
  it("shows AWS's reason for an image that ends in ERROR", async () => {
    const desktopId = await availableDesktop("dave");
    await h.configureEmulator({ imageErrorRate: 1 });
    try {
      expect(await createImage({ desktopId, name: "doomed", description: "Will fail" })).toMatchObject({ ok: true });
      await h.drain();
      await h.advanceClock(IMAGE_SECONDS);
      expect(await image("doomed")).toMatchObject({ state: "ERROR", errorCode: "InternalServiceError", errorMessage: expect.stringMatching(/Sysprep failed/) });
    } finally {
      await h.configureEmulator({ imageErrorRate: 0 });
    }
  });

  it("copies an image to another region and shares it with an account, each read back from AWS", async () => {
    const imageId = await readyImage("erin", "to-copy");
    expect(await copyImage({ imageId, destinationRegion: REGION, name: "to-copy" })).toMatchObject({ fieldErrors: { destinationRegion: expect.stringMatching(/already in/) } });
    expect(await copyImage({ imageId, destinationRegion: "us-west-2", name: "to-copy" })).toMatchObject({ ok: true });
    await h.drain();
    let detail = await loadImage(imageId);
    expect(detail.ok && detail.detail?.copies).toEqual([expect.objectContaining({ region: "us-west-2", name: "to-copy", state: "PENDING" })]);
    await h.advanceClock(2.1);
    detail = await loadImage(imageId);
    expect(detail.ok && detail.detail?.copies[0].state).toBe("AVAILABLE");

    expect(await shareImage({ imageId, accountId: "210987654321" })).toMatchObject({ ok: true });
    await h.drain();
    detail = await loadImage(imageId);
    expect(detail.ok && detail.detail?.sharedWith).toEqual(["210987654321"]);
    // A shared image is not deleted: stop sharing first.
    expect(await deleteImage({ imageId })).toMatchObject({ ok: false, code: "CONFLICT", message: expect.stringMatching(/shared with 1 account/) });
    expect(await unshareImage({ imageId, accountId: "210987654321" })).toMatchObject({ ok: true });
    await h.drain();
    detail = await loadImage(imageId);
    expect(detail.ok && detail.detail?.sharedWith).toEqual([]);
    expect(await deleteImage({ imageId })).toMatchObject({ ok: true });
    await h.drain();
    expect(await image("to-copy")).toBeUndefined();
  });

  it("updates a bundle's image, refuses to delete an image a bundle uses or a bundle desktops use, and shows AWS's refusal", async () => {
    const first = await readyImage("user0001", "bundle-image-a");
    const second = await readyImage("user0002", "bundle-image-b");
    expect(await createBundle({ name: "team", description: "Team", imageId: first, computeType: "PERFORMANCE", rootVolumeGiB: "175", userVolumeGiB: "100" })).toMatchObject({ ok: true });
    await h.drain();
    const listed = await listCustomBundles();
    const team = listed.ok ? listed.bundles.find((b) => b.name === "team")! : undefined;
    expect(team).toMatchObject({ computeType: "PERFORMANCE", rootVolumeGiB: 175, userVolumeGiB: 100 });

    expect(await deleteImage({ imageId: first })).toMatchObject({ ok: false, code: "CONFLICT", message: expect.stringMatching(/The bundle team uses this image/) });
    expect(await updateBundle({ bundleId: team!.bundleId, imageId: first })).toMatchObject({ fieldErrors: { imageId: expect.stringMatching(/already uses/) } });
    expect(await updateBundle({ bundleId: team!.bundleId, imageId: second })).toMatchObject({ ok: true });
    await h.drain();
    const after = await listCustomBundles();
    expect(after.ok && after.bundles.find((b) => b.name === "team")?.imageId).toBe(second);

    // AWS's own refusal, when the portal's check was passed (the bundle took the image meanwhile): failed with AWS's words.
    expect(await deleteImage({ imageId: first })).toMatchObject({ ok: true });
    await h.drain();
    expect(await image("bundle-image-a")).toBeUndefined();
    await h.db.$transaction(async (tx) => {
      const { queueImageBundleChange } = await import("./mutations");
      await queueImageBundleChange(tx, caller!, { type: "DELETE_IMAGE", region: REGION, payload: { imageId: second } });
    });
    await h.drain();
    const refused = await listChanges("image");
    expect(refused[0]).toMatchObject({ type: "DELETE_IMAGE", status: "FAILED", error: expect.stringMatching(/^ResourceAssociatedException: The image wsi-\w+ is used by the bundle wsb-/) });

    // The worker read the updated bundle back into the catalogue; a desktop of the portal on it: the bundle cannot be deleted.
    expect(await h.db.bundle.findUniqueOrThrow({ where: { id: team!.bundleId } })).toMatchObject({ name: "team", imageId: second, available: true });
    const desktop = await h.db.desktop.findFirstOrThrow({ where: { userName: "user0001" } });
    await h.db.desktop.update({ where: { id: desktop.id }, data: { bundleId: team!.bundleId } });
    const opsBefore = await operations();
    expect(await deleteBundle({ bundleId: team!.bundleId })).toMatchObject({ ok: false, code: "CONFLICT", message: expect.stringMatching(/^1 desktop still uses this bundle/) });
    expect(await operations()).toBe(opsBefore);
    await h.db.desktop.update({ where: { id: desktop.id }, data: { state: "TERMINATED" } });
    expect(await deleteBundle({ bundleId: team!.bundleId })).toMatchObject({ ok: true });
    await h.drain();
    const gone = await listCustomBundles();
    expect(gone.ok && gone.bundles.map((b) => b.name)).not.toContain("team");
    // Kept for the desktop's history, but no longer offerable.
    expect(await h.db.bundle.findUniqueOrThrow({ where: { id: team!.bundleId } })).toMatchObject({ available: false });
  });
});
