// A custom bundle from image to desktop, each step through the action the page calls: an image of
// an AVAILABLE desktop, a bundle from it (the worker reads it back into the catalogue), the admin's
// offer, an employee's request, its approval and the desktop the worker creates on it. Then AWS
// retires a public bundle: the catalogue refresh takes it out of what employees can request, and
// the desktop already on it is kept. Real database, real worker, real SDK against the emulator.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { PrismaClient } from "@/lib/db/generated/client";
import { reconcileOnce } from "@/lib/jobs/reconcile";
import { BUNDLE_ID, DIRECTORY_ID, REGION, startHarness, type Harness } from "@/test-support/worker-harness";
import { refreshCatalog } from "./mutations";

let h: Harness;
let testDb: PrismaClient;
vi.mock("@/lib/db/client", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  get db() {
    return testDb;
  },
}));
vi.mock("@/lib/images/aws", () => ({ imagesAws: (region: string = REGION) => h.aws.forRegion(region) }));
type Caller = { id: string; email: string; name: string; role: "EMPLOYEE" | "APPROVER" | "ADMIN" };
let caller: Caller | null = null;
vi.mock("@/lib/auth/session", () => ({ getActionUser: async () => caller, getCurrentUser: async () => caller }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const { createImage } = await import("@/lib/images/actions");
const { listImages } = await import("@/lib/images/queries");
const { createBundle } = await import("@/lib/bundles/actions");
const { offerBundle } = await import("./actions");
const { listCatalogue, listRequestableBundles } = await import("./queries");
const { submitRequest, decideRequests } = await import("@/lib/requests/actions");
const { getDesktopView } = await import("@/lib/desktops/queries");

const IMAGE_SECONDS = 4.6; // 2,700 s of capture at the emulator's test scale (1/600)

let admin: Caller;
let frank: Caller; // an engineer: the offer reaches him
let gina: Caller; // in finance: it does not

async function person(email: string, directoryUserName: string, groups: string[]): Promise<Caller> {
  const u = await h.db.user.create({ data: { email, name: email.split("@")[0], role: "EMPLOYEE", groups, directoryId: DIRECTORY_ID, directoryUserName } });
  return { id: u.id, email: u.email, name: u.name ?? "", role: "EMPLOYEE" };
}

beforeAll(async () => {
  h = await startHarness();
  testDb = h.db;
  admin = { id: h.approverId, email: "admin@corp.example.com", name: "Admin", role: "ADMIN" };
  frank = await person("frank@corp.example.com", "bob", ["Engineering"]);
  gina = await person("gina@corp.example.com", "carol", ["Finance"]);
});
afterAll(async () => {
  await h?.close();
});

/** A desktop made through the portal (on the harness's public bundle) and followed until AVAILABLE. */
async function availableDesktop(userName: string): Promise<string> {
  const { desktopId } = await h.approve({ userName });
  await h.drain();
  await h.advanceClock(2.1);
  await reconcileOnce({ db: h.db, aws: h.aws });
  expect((await h.db.desktop.findUniqueOrThrow({ where: { id: desktopId } })).state).toBe("AVAILABLE");
  return desktopId;
}

describe("image -> bundle -> offered in the catalogue -> requested -> desktop created from it", () => {
  it("an engineer gets a desktop on the admin's custom bundle, with no step but the pages' actions and the worker", async () => {
    // The image, from an AVAILABLE desktop.
    caller = admin;
    const source = await availableDesktop("alice");
    expect(await createImage({ desktopId: source, name: "eng-golden", description: "Engineering tools" })).toMatchObject({ ok: true });
    await h.drain();
    await h.advanceClock(IMAGE_SECONDS);
    const images = await listImages();
    const image = images.ok ? images.images.find((i) => i.name === "eng-golden") : undefined;
    expect(image?.state).toBe("AVAILABLE");

    // The bundle: once the worker has made it, it is in the admin's catalogue, ready to offer.
    expect(await createBundle({ name: "eng-standard", description: "Engineering on Standard", imageId: image!.imageId, computeType: "STANDARD", rootVolumeGiB: "80", userVolumeGiB: "50" })).toMatchObject({ ok: true });
    await h.drain();
    const made = await h.db.operation.findFirstOrThrow({ where: { type: "CREATE_BUNDLE" } });
    expect(made.status).toBe("SUCCEEDED");
    const bundleId = (made.result as { resourceId: string }).resourceId;
    expect((await listCatalogue()).find((row) => row.bundleId === bundleId)).toMatchObject({
      awsName: "eng-standard",
      owner: "123456789012",
      computeType: "STANDARD",
      rootVolumeGiB: 80,
      userVolumeGiB: 50,
      available: true,
      offer: null,
    });

    // Offered to engineering under a name employees recognise.
    expect(await offerBundle({ bundleId, displayName: "Engineering desktop", description: "Our tools, preinstalled.", groups: "Engineering" })).toMatchObject({ ok: true });
    expect((await listRequestableBundles(frank.id)).map((b) => [b.id, b.name, b.about])).toEqual([[bundleId, "Engineering desktop", "Our tools, preinstalled."]]);
    caller = gina;
    expect((await listRequestableBundles(gina.id)).map((b) => b.id)).not.toContain(bundleId);
    expect(await submitRequest({ bundleId, runningMode: "AUTO_STOP", autoStopTimeoutHours: "1", justification: "I would like the engineering desktop." })).toMatchObject({
      ok: false,
      fieldErrors: { bundleId: "This desktop type is not offered. Choose one from the list." },
    });

    // Requested by the engineer, approved by the admin, created by the worker.
    caller = frank;
    const submitted = await submitRequest({ bundleId, runningMode: "AUTO_STOP", autoStopTimeoutHours: "1", justification: "Builds need the engineering tools." });
    expect(submitted).toMatchObject({ ok: true });
    const requestId = submitted.ok ? submitted.requestId : "";
    caller = admin;
    expect(await decideRequests({ requestIds: [requestId], decision: "APPROVE" })).toMatchObject({ ok: true, decided: [requestId], skipped: [] });
    await h.drain();
    await h.advanceClock(2.1);
    await reconcileOnce({ db: h.db, aws: h.aws });

    const desktop = await h.db.desktop.findUniqueOrThrow({ where: { requestId } });
    expect(desktop).toMatchObject({ bundleId, userName: "bob", ownerId: frank.id, state: "AVAILABLE" });
    const described = await h.aws.forRegion(REGION).workspaces.describeWorkspacesByIds([desktop.workspaceId!]);
    if (!described.ok) throw new Error(described.code);
    expect(described.workspaces[0]).toMatchObject({ bundleId, userName: "bob", state: "AVAILABLE" });
  });
});

describe("a bundle AWS retires", () => {
  it("disappears from what employees can request at the next catalogue refresh, while the desktop on it is kept and still shows it", async () => {
    // The harness's public bundle, offered to everyone, and a desktop on it.
    caller = admin;
    expect(await refreshCatalog(h.db, h.aws, REGION)).toMatchObject({ ok: true });
    expect(await offerBundle({ bundleId: BUNDLE_ID, displayName: "Everyday desktop" })).toMatchObject({ ok: true });
    expect((await listRequestableBundles(gina.id)).map((b) => b.id)).toContain(BUNDLE_ID);
    const kept = await availableDesktop("dave");

    await h.configureEmulator({ retiredBundleIds: [BUNDLE_ID] });
    try {
      expect(await refreshCatalog(h.db, h.aws, REGION)).toMatchObject({ ok: true });
    } finally {
      await h.configureEmulator({ retiredBundleIds: [] });
    }
    expect(await h.db.bundle.findUniqueOrThrow({ where: { id: BUNDLE_ID } })).toMatchObject({ available: false });
    expect((await listRequestableBundles(gina.id)).map((b) => b.id)).not.toContain(BUNDLE_ID);
    caller = gina;
    expect(await submitRequest({ bundleId: BUNDLE_ID, runningMode: "AUTO_STOP", autoStopTimeoutHours: "1", justification: "I would like the everyday desktop." })).toMatchObject({
      ok: false,
      fieldErrors: { bundleId: "This desktop type is not offered. Choose one from the list." },
    });
    // The admin still sees it while it is offered, marked as no longer listed, so the offer can be withdrawn.
    expect((await listCatalogue()).find((row) => row.bundleId === BUNDLE_ID)).toMatchObject({ available: false, desktops: expect.any(Number), offer: { displayName: "Everyday desktop" } });

    // The desktop already on it: kept, working, and still showing its bundle.
    await reconcileOnce({ db: h.db, aws: h.aws });
    const desktop = await h.db.desktop.findUniqueOrThrow({ where: { id: kept } });
    expect(desktop).toMatchObject({ state: "AVAILABLE", bundleId: BUNDLE_ID, terminatedAt: null });
    expect((await getDesktopView(kept))?.bundleName).toBe("Value with Windows 10 (Server 2022 based)");
  });
});
