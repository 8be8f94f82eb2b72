// MIGRATE (MigrateWorkspace) through the worker against the emulator: the desktop row follows the
// new WorkSpace id and bundle, the user volume is kept and the root volume is the new bundle's,
// the source going away is not imported as a stranger, AWS's refusal fails the operation, and a
// lost answer is found in AWS instead of migrating twice.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { enqueueOperation } from "@/lib/operations/enqueue";
import { reconcileOnce, sweepFleet } from "./reconcile";
import { REGION, silentLogger, startHarness, type Harness } from "@/test-support/worker-harness";
import { runWorkerOnce } from "./worker";

const POWER = "wsb-a5frhw29a"; // Power with Windows 10 (Server 2022 based): 175 GB root, 100 GB user
const LINUX = "wsb-f8dj8akz1";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
  for (const [id, platform] of [[POWER, "WINDOWS"], [LINUX, "LINUX"]] as const) {
    await h.db.bundle.create({ data: { id, name: id, owner: "AMAZON", computeType: "POWER", platform, rootVolumeGiB: 175, userVolumeGiB: 100, region: REGION } });
  }
});
afterEach(async () => {
  await h?.close();
});

async function availableDesktop(userName: string) {
  const { desktopId } = await h.approve({ userName });
  await runWorkerOnce(h.workerOptions());
  await h.advanceClock(1300);
  await reconcileOnce({ db: h.db, aws: h.aws, logger: silentLogger });
  // The owner's "desktop ready" e-mail goes out, so that later passes hold only the migration.
  await runWorkerOnce(h.workerOptions());
  const row = await h.db.desktop.findUniqueOrThrow({ where: { id: desktopId } });
  expect(row.state).toBe("AVAILABLE");
  return row;
}

const queueMigrate = (desktop: { id: string; directoryId: string }, bundleId: string) =>
  h.db.$transaction((tx) =>
    enqueueOperation(tx, { type: "MIGRATE", desktopId: desktop.id, region: REGION, directoryId: desktop.directoryId, payload: { bundleId }, createdById: h.approverId }),
  );

const awsDesktop = async (workspaceId: string) =>
  ((await h.control("/emulator/state")) as { workspaces: { WorkspaceId: string; state: string; BundleId: string; properties: { RootVolumeSizeGib: number; UserVolumeSizeGib: number } }[] }).workspaces.find(
    (w) => w.WorkspaceId === workspaceId,
  );

describe("migrate", () => {
  it("the desktop row follows the new WorkSpace id and bundle (PENDING, then AVAILABLE); user volume kept, root volume the new bundle's; the source is not imported", async () => {
    const before = await availableDesktop("alice");
    const op = await queueMigrate(before, POWER);
    const summary = await runWorkerOnce(h.workerOptions());
    expect(summary).toMatchObject({ succeeded: 1, failed: 0 });

    const after = await h.db.desktop.findUniqueOrThrow({ where: { id: before.id } });
    expect(after.workspaceId).toMatch(/^ws-/);
    expect(after.workspaceId).not.toBe(before.workspaceId);
    expect(after).toMatchObject({ bundleId: POWER, state: "PENDING" });
    expect(await h.db.operation.findUniqueOrThrow({ where: { id: op.id } })).toMatchObject({ status: "SUCCEEDED", attempts: 1 });
    expect((await h.db.operation.findUniqueOrThrow({ where: { id: op.id } })).result).toMatchObject({ sourceWorkspaceId: before.workspaceId, targetWorkspaceId: after.workspaceId });
    const created = (await awsDesktop(after.workspaceId!))!;
    expect(created.properties).toMatchObject({ UserVolumeSizeGib: 10, RootVolumeSizeGib: 175 }); // the Value bundle's 10 GB user volume, kept
    expect(await h.db.auditEvent.count({ where: { action: "desktop.migrate", outcome: "SUCCESS" } })).toBe(1);

    // The source is still listed (TERMINATING) with the row's tag: not a stranger to import.
    await sweepFleet({ db: h.db, aws: h.aws, logger: silentLogger });
    expect(await h.db.desktop.count({ where: { origin: "IMPORTED" } })).toBe(0);

    await h.advanceClock(10); // up to an hour at test speed: 6 s
    await reconcileOnce({ db: h.db, aws: h.aws, logger: silentLogger });
    expect(await h.db.desktop.findUniqueOrThrow({ where: { id: before.id } })).toMatchObject({ state: "AVAILABLE", workspaceId: after.workspaceId });
  });

  it("AWS's refusal (a Linux bundle) fails the operation with its code, not retried; the row keeps its WorkSpace", async () => {
    const before = await availableDesktop("bob");
    const op = await queueMigrate(before, LINUX);
    expect(await runWorkerOnce(h.workerOptions())).toMatchObject({ failed: 1, retried: 0 });
    expect(await h.db.operation.findUniqueOrThrow({ where: { id: op.id } })).toMatchObject({ status: "FAILED", lastErrorCode: "OperationNotSupportedException" });
    expect(await h.db.desktop.findUniqueOrThrow({ where: { id: before.id } })).toMatchObject({ workspaceId: before.workspaceId, bundleId: before.bundleId, state: "AVAILABLE" });
  });

  it("a lost answer is found in AWS (the user's desktop on the new bundle), not sent twice", async () => {
    const before = await availableDesktop("carol");
    await h.configureEmulator({ faults: { operations: { MigrateWorkspace: { lostAnswerRate: 1 } } } });
    const op = await queueMigrate(before, POWER);
    await runWorkerOnce(h.workerOptions());
    expect(await h.db.operation.findUniqueOrThrow({ where: { id: op.id } })).toMatchObject({ status: "QUEUED", outcomeUnknown: true });
    await h.configureEmulator({ faults: { operations: {} } });
    await runWorkerOnce(h.workerOptions());
    const after = await h.db.desktop.findUniqueOrThrow({ where: { id: before.id } });
    expect(await h.db.operation.findUniqueOrThrow({ where: { id: op.id } })).toMatchObject({ status: "SUCCEEDED" });
    expect(after).toMatchObject({ bundleId: POWER, state: "PENDING" });
    expect(after.workspaceId).not.toBe(before.workspaceId);
    expect(await h.db.awsCall.count({ where: { operation: "MigrateWorkspace" } })).toBe(1);
  });
});
