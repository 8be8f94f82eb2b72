// Integration: an owner asks to migrate their desktop to another bundle the catalogue offers them;
// an approver approves (the admin's MIGRATE operation is queued, and the worker, against the
// emulator, gives the desktop its new WorkSpace) or rejects with a reason (nothing changes). A
// bundle not offered to the owner is refused at the field. Both sides see the month's cost change.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { reconcileOnce } from "@/lib/jobs/reconcile";
import { runWorkerOnce } from "@/lib/jobs/worker";
import { REGION, silentLogger, startHarness, type Harness } from "@/test-support/worker-harness";
import { decideSizeRequest } from "../resize/mutations";
import { getResizeView } from "../resize/queries";
import { migrateNow, requestMigration } from "./mutations";
import { listMigrationTargets } from "./queries";

const POWER = "wsb-a5frhw29a"; // offered to everyone: 175 GB root
const NOT_OFFERED = "wsb-b6grhx30b";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
  for (const id of [POWER, NOT_OFFERED]) {
    await h.db.bundle.create({ data: { id, name: `AWS ${id}`, owner: "AMAZON", computeType: "POWER", platform: "WINDOWS", rootVolumeGiB: 175, userVolumeGiB: 100, region: REGION } });
  }
  await h.db.bundleOffer.create({ data: { bundleId: POWER, displayName: "Power for builds" } });
  const price = (computeType: string, alwaysOnMonthly: number, autoStopMonthly: number, autoStopHourly: number, includedStorageGiB: number) =>
    h.db.billingPrice.create({ data: { region: REGION, computeType, platform: "WINDOWS", alwaysOnMonthly, autoStopMonthly, autoStopHourly, includedStorageGiB, storagePerGiBMonthly: 0.1, source: "test" } });
  await price("VALUE", 25, 7.25, 0.22, 90);
  await price("POWER", 78, 19, 0.68, 275);
});
afterEach(async () => {
  await h?.close();
});

async function availableDesktop() {
  const { desktopId } = await h.approve({ userName: "alice" });
  await runWorkerOnce(h.workerOptions());
  await h.advanceClock(1300);
  await reconcileOnce({ db: h.db, aws: h.aws, logger: silentLogger });
  await runWorkerOnce(h.workerOptions()); // the owner's "desktop ready" e-mail
  const row = await h.db.desktop.findUniqueOrThrow({ where: { id: desktopId } });
  expect(row).toMatchObject({ state: "AVAILABLE", runningMode: "AUTO_STOP" });
  return row;
}

const actor = (id: string) => h.db.user.findUniqueOrThrow({ where: { id }, select: { id: true, email: true } });
const COST = "+$11.75 a month, and +$0.46 for every hour it runs"; // Value → Power, AutoStop, 185 GB within Power's 275

describe("an owner's request to migrate to another bundle", () => {
  it("offers only the catalogue's bundles with the month's cost change, refuses another at the field, and a reject leaves the desktop as it was", async () => {
    const desktop = await availableDesktop();
    const [owner, approver] = [await actor(h.requesterId), await actor(h.approverId)];

    expect(await listMigrationTargets(desktop.id, h.db)).toEqual([expect.objectContaining({ id: POWER, name: "Power for builds", cost: COST })]);

    const refused = await h.db.$transaction((tx) => requestMigration(tx, owner, { desktopId: desktop.id, bundleId: NOT_OFFERED, reason: "I need a faster desktop." }));
    expect(refused).toMatchObject({ ok: false, code: "INVALID_INPUT", fieldErrors: { bundleId: "Choose a bundle from the list." } });
    const terse = await h.db.$transaction((tx) => requestMigration(tx, owner, { desktopId: desktop.id, bundleId: POWER, reason: "faster" }));
    expect(terse).toMatchObject({ ok: false, fieldErrors: { reason: expect.stringContaining("at least 10 characters") } });
    expect(await h.db.desktopChangeRequest.count()).toBe(0);

    const asked = await h.db.$transaction((tx) => requestMigration(tx, owner, { desktopId: desktop.id, bundleId: POWER, reason: "Builds take all morning." }));
    expect(asked).toMatchObject({ ok: true });
    const requestId = asked.ok ? asked.requestId : "";
    // The approver (and the owner) see what is asked and what it costs a month.
    expect((await getResizeView(desktop.id, new Date(), h.db))?.openRequest).toMatchObject({
      what: "migration to the Power for builds bundle (user volume kept, root volume replaced)",
      cost: COST,
    });
    // A second request waits for the first.
    expect(await h.db.$transaction((tx) => requestMigration(tx, owner, { desktopId: desktop.id, bundleId: POWER, reason: "Builds take all morning." }))).toMatchObject({ ok: false, code: "CONFLICT" });

    expect(await h.db.$transaction((tx) => decideSizeRequest(tx, approver, { requestId, decision: "REJECT", reason: "Use the build farm instead." }))).toMatchObject({ ok: true, status: "REJECTED", operationId: null });
    expect(await h.db.desktopChangeRequest.findUniqueOrThrow({ where: { id: requestId } })).toMatchObject({ status: "REJECTED", decisionReason: "Use the build farm instead.", toBundleId: POWER });
    expect(await h.db.operation.count({ where: { type: "MIGRATE" } })).toBe(0);
    await runWorkerOnce(h.workerOptions());
    expect(await h.db.desktop.findUniqueOrThrow({ where: { id: desktop.id } })).toMatchObject({ workspaceId: desktop.workspaceId, bundleId: desktop.bundleId, state: "AVAILABLE" });
    expect(await h.db.auditEvent.count({ where: { action: "desktop.resize.request.reject", targetId: desktop.id } })).toBe(1);
  });

  it("approved by someone else, queues the admin's MIGRATE with the bundle; the worker gives the desktop its new WorkSpace", async () => {
    const desktop = await availableDesktop();
    const [owner, approver] = [await actor(h.requesterId), await actor(h.approverId)];
    const asked = await h.db.$transaction((tx) => requestMigration(tx, owner, { desktopId: desktop.id, bundleId: POWER, reason: "Builds take all morning." }));
    const requestId = asked.ok ? asked.requestId : "";

    expect(await h.db.$transaction((tx) => decideSizeRequest(tx, owner, { requestId, decision: "APPROVE", reason: "" }))).toMatchObject({ ok: false, code: "CONFLICT" });
    const approved = await h.db.$transaction((tx) => decideSizeRequest(tx, approver, { requestId, decision: "APPROVE", reason: "" }));
    expect(approved).toMatchObject({ ok: true, status: "APPROVED", operationId: expect.any(String) });
    const operationId = approved.ok ? approved.operationId : "";
    expect(await h.db.operation.findUniqueOrThrow({ where: { id: operationId! } })).toMatchObject({ type: "MIGRATE", desktopId: desktop.id, payload: { bundleId: POWER }, createdById: approver.id });
    expect(await h.db.desktopChangeRequest.findUniqueOrThrow({ where: { id: requestId } })).toMatchObject({ status: "APPROVED", operationId });

    expect(await runWorkerOnce(h.workerOptions())).toMatchObject({ succeeded: 1, failed: 0 });
    const after = await h.db.desktop.findUniqueOrThrow({ where: { id: desktop.id } });
    expect(after.workspaceId).toMatch(/^ws-/);
    expect(after.workspaceId).not.toBe(desktop.workspaceId);
    expect(after).toMatchObject({ bundleId: POWER, state: "PENDING" });
    expect(await h.db.auditEvent.count({ where: { action: "desktop.migrate", outcome: "SUCCESS", targetId: desktop.id } })).toBe(1);
  });

  it("a bundle above the directory's largest compute type for the owner's role is not offered, and refused on the owner's and the admin's path", async () => {
    const desktop = await availableDesktop();
    const owner = await h.db.user.findUniqueOrThrow({ where: { id: h.requesterId }, select: { id: true, email: true, role: true } });
    expect(owner.role).toBe("EMPLOYEE");
    await h.db.directoryGuardrail.create({ data: { directoryId: desktop.directoryId, maxComputeByRole: { EMPLOYEE: "STANDARD" } } });

    expect(await listMigrationTargets(desktop.id, h.db)).toEqual([]);
    const reason = "In this directory the employee role may have desktops up to Standard.";
    const asked = await h.db.$transaction((tx) => requestMigration(tx, owner, { desktopId: desktop.id, bundleId: POWER, reason: "Builds take all morning." }));
    expect(asked).toMatchObject({ ok: false, code: "CONFLICT", message: reason, fieldErrors: { bundleId: `${reason} Choose a smaller bundle.` } });
    const admin = await actor(h.approverId);
    expect(await h.db.$transaction((tx) => migrateNow(tx, admin, { desktopId: desktop.id, bundleId: POWER }))).toMatchObject({ ok: false, code: "CONFLICT", message: reason });
    expect(await h.db.desktopChangeRequest.count()).toBe(0);
    expect(await h.db.operation.count({ where: { type: "MIGRATE" } })).toBe(0);
  });
});
