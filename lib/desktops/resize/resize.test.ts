// Integration: day-2 changes through the worker against the emulator (real SDK, real database),
// with the emulator's clock moved to cross AWS's windows.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { reconcileOnce } from "@/lib/jobs/reconcile";
import { runWorkerOnce } from "@/lib/jobs/worker";
import { REGION, silentLogger, startHarness, type Harness } from "@/test-support/worker-harness";
import { changeDesktopSize, decideSizeRequest, requestDesktopSize } from "./mutations";
import { getResizeView } from "./queries";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h?.close();
});

const HOUR = 3_600_000;

async function availableDesktop() {
  const approved = await h.approve({ userName: "alice", runningMode: "ALWAYS_ON" });
  await runWorkerOnce(h.workerOptions());
  await h.advanceClock(1300);
  await reconcileOnce({ db: h.db, aws: h.aws, logger: silentLogger });
  const desktop = await h.db.desktop.findUniqueOrThrow({ where: { id: approved.desktopId } });
  expect(desktop.state).toBe("AVAILABLE");
  await h.drain(); // the owner's "desktop ready" notice
  return desktop;
}

const actor = async (id: string) => h.db.user.findUniqueOrThrow({ where: { id }, select: { id: true, email: true } });

describe("a compute type change", () => {
  it("inside AWS's first 6 hours gets AWS's refusal, stated plainly with when it becomes possible; after them it is made", async () => {
    const desktop = await availableDesktop();
    const [owner, admin] = [await actor(h.requesterId), await actor(h.approverId)];

    // The portal's own check, before any call, already names the time.
    const early = await h.db.$transaction((tx) => requestDesktopSize(tx, owner, { desktopId: desktop.id, target: { kind: "COMPUTE", computeType: "STANDARD" }, reason: "Builds take all morning." }));
    expect(early).toMatchObject({ ok: false, code: "CONFLICT", message: expect.stringMatching(/first 6 hours after it was created\. This change becomes possible on .* UTC\./) });
    expect(await h.db.operation.count({ where: { type: "MODIFY_COMPUTE_TYPE" } })).toBe(0);

    // Later by the portal's clock, but AWS counts from its own launch time (here its clock has
    // moved only minutes): the approved change reaches AWS, which refuses it.
    const later = new Date(desktop.createdAt.getTime() + 7 * HOUR);
    const asked = await h.db.$transaction((tx) => requestDesktopSize(tx, owner, { desktopId: desktop.id, target: { kind: "COMPUTE", computeType: "STANDARD" }, reason: "Builds take all morning." }, later));
    expect(asked).toMatchObject({ ok: true, status: "SUBMITTED" });
    const requestId = asked.ok && asked.status === "SUBMITTED" ? asked.requestId : "";
    expect(await h.db.$transaction((tx) => decideSizeRequest(tx, owner, { requestId, decision: "APPROVE", reason: "" }, later))).toMatchObject({ ok: false, code: "CONFLICT" });
    expect(await h.db.$transaction((tx) => decideSizeRequest(tx, admin, { requestId, decision: "APPROVE", reason: "" }, later))).toMatchObject({ ok: true, status: "APPROVED" });

    await runWorkerOnce(h.workerOptions());
    const op = await h.db.operation.findFirstOrThrow({ where: { type: "MODIFY_COMPUTE_TYPE" } });
    expect(op).toMatchObject({ status: "FAILED", lastErrorCode: "InvalidResourceStateException" });
    expect(op.lastError).toContain("within 6 hours of its creation");
    const refused = await getResizeView(desktop.id, new Date(), h.db);
    expect(refused?.lastFailure?.plain).toMatch(/^AWS does not change a desktop in the first 6 hours after it was created\. It becomes possible on \d+ \w{3} \d{4}, \d\d:\d\d UTC\.$/);
    expect(refused).toMatchObject({ computeType: "VALUE", inProgress: null });
    expect(await h.db.desktop.findUniqueOrThrow({ where: { id: desktop.id } })).toMatchObject({ state: "AVAILABLE", lastComputeIncreaseAt: null });
    expect(await h.db.auditEvent.findFirst({ where: { action: "desktop.resize", outcome: "FAILURE" } })).toMatchObject({ message: expect.stringContaining("InvalidResourceStateException") });

    // Six hours later in AWS too: an admin's change goes through, the desktop shows it while AWS
    // works, and the new compute type once AWS is done.
    await h.advanceClock(6 * 3600);
    expect(await h.db.$transaction((tx) => changeDesktopSize(tx, admin, { desktopId: desktop.id, target: { kind: "COMPUTE", computeType: "STANDARD" } }, later))).toMatchObject({ ok: true });
    await runWorkerOnce(h.workerOptions({ clock: () => later }));
    expect(await h.db.operation.findFirstOrThrow({ where: { type: "MODIFY_COMPUTE_TYPE" }, orderBy: { createdAt: "desc" } })).toMatchObject({ status: "SUCCEEDED" });
    expect(await h.db.desktop.findUniqueOrThrow({ where: { id: desktop.id } })).toMatchObject({ state: "UPDATING" });
    expect((await getResizeView(desktop.id, new Date(), h.db))?.inProgress).toBe("compute type Value → Standard");
    await h.advanceClock(30);
    await reconcileOnce({ db: h.db, aws: h.aws, logger: silentLogger });
    const done = await h.db.desktop.findUniqueOrThrow({ where: { id: desktop.id } });
    expect(done).toMatchObject({ state: "AVAILABLE", computeType: "STANDARD" });
    expect(done.lastComputeIncreaseAt).toEqual(later);
    const described = await h.aws.forRegion(REGION).workspaces.describeWorkspacesByIds([desktop.workspaceId!]);
    expect(described.ok && described.workspaces[0].computeType).toBe("STANDARD");
    // A second larger type within 6 hours is refused by the portal before any call.
    const again = await h.db.$transaction((tx) => changeDesktopSize(tx, admin, { desktopId: desktop.id, target: { kind: "COMPUTE", computeType: "PERFORMANCE" } }, new Date(later.getTime() + HOUR)));
    expect(again).toMatchObject({ ok: false, message: expect.stringContaining("once every 6 hours") });
  });

  it("above the directory's largest compute type for the owner's role is refused for the owner and an admin, at the field, before any call", async () => {
    const desktop = await availableDesktop();
    const [owner, admin] = [await actor(h.requesterId), await actor(h.approverId)];
    await h.db.directoryGuardrail.create({ data: { directoryId: desktop.directoryId, maxComputeByRole: { EMPLOYEE: "STANDARD" } } });
    const later = new Date(desktop.createdAt.getTime() + 7 * HOUR);
    const reason = "In this directory the employee role may have desktops up to Standard.";
    const target = { kind: "COMPUTE" as const, computeType: "PERFORMANCE" };
    expect(await h.db.$transaction((tx) => requestDesktopSize(tx, owner, { desktopId: desktop.id, target, reason: "Builds take all morning." }, later))).toMatchObject({
      ok: false,
      fieldErrors: { "target.computeType": reason },
    });
    expect(await h.db.$transaction((tx) => changeDesktopSize(tx, admin, { desktopId: desktop.id, target }, later))).toMatchObject({ ok: false, message: reason });
    expect(await h.db.desktopChangeRequest.count()).toBe(0);
    expect(await h.db.operation.count({ where: { type: "MODIFY_COMPUTE_TYPE" } })).toBe(0);
    // Up to the maximum is allowed.
    expect(await h.db.$transaction((tx) => changeDesktopSize(tx, admin, { desktopId: desktop.id, target: { kind: "COMPUTE", computeType: "STANDARD" } }, later))).toMatchObject({ ok: true });
  });
});

describe("a volume increase", () => {
  it("an admin grows the user volume: AWS is asked, the desktop shows it while AWS works, then the new size read back; a second within 6 hours is refused before any call", async () => {
    const desktop = await availableDesktop();
    const admin = await actor(h.approverId);
    await h.advanceClock(6 * 3600);
    const later = new Date(desktop.createdAt.getTime() + 7 * HOUR);
    // A size AWS does not allow with an 80 GB root volume is refused at the field.
    expect(await h.db.$transaction((tx) => changeDesktopSize(tx, admin, { desktopId: desktop.id, target: { kind: "USER_VOLUME", sizeGiB: 60 } }, later))).toMatchObject({
      ok: false,
      fieldErrors: { "target.sizeGiB": expect.any(String) },
    });
    expect(await h.db.$transaction((tx) => changeDesktopSize(tx, admin, { desktopId: desktop.id, target: { kind: "USER_VOLUME", sizeGiB: 50 } }, later))).toMatchObject({ ok: true });
    await runWorkerOnce(h.workerOptions({ clock: () => later }));
    expect(await h.db.operation.findFirstOrThrow({ where: { type: "MODIFY_VOLUME" } })).toMatchObject({ status: "SUCCEEDED" });
    expect((await getResizeView(desktop.id, new Date(), h.db))?.inProgress).toBe("user volume 10 GB → 50 GB");
    await h.advanceClock(30);
    await reconcileOnce({ db: h.db, aws: h.aws, logger: silentLogger });
    const done = await h.db.desktop.findUniqueOrThrow({ where: { id: desktop.id } });
    expect(done).toMatchObject({ state: "AVAILABLE", userVolumeGiB: 50, rootVolumeGiB: 80 });
    expect(done.lastVolumeChangeAt).toEqual(later);
    const described = await h.aws.forRegion(REGION).workspaces.describeWorkspacesByIds([desktop.workspaceId!]);
    expect(described.ok && described.workspaces[0].userVolumeGiB).toBe(50);
    const again = await h.db.$transaction((tx) => changeDesktopSize(tx, admin, { desktopId: desktop.id, target: { kind: "USER_VOLUME", sizeGiB: 100 } }, new Date(later.getTime() + HOUR)));
    expect(again).toMatchObject({ ok: false, message: expect.stringContaining("once every 6 hours") });
    expect(await h.db.operation.count({ where: { type: "MODIFY_VOLUME" } })).toBe(1);
  });
});
