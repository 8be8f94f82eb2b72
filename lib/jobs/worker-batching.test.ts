// The worker at batch level: whole batches across claims, adoption after a lost batch answer with
// one directory listing, restore, and the tags a bulk job's CSV rows ask for.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DESKTOP_ID_TAG, REQUEST_ID_TAG } from "@/lib/aws/workspaces";
import { reconcileOnce } from "./reconcile";
import { addDirectoryUsers, bulkUserNames, queueBulkProvisioning, silentLogger, startHarness, type Harness } from "@/test-support/worker-harness";
import { runWorkerOnce } from "./worker";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h?.close();
});

const createCallSizes = async () =>
  (await h.db.awsCall.findMany({ where: { operation: "CreateWorkspaces" }, orderBy: { at: "asc" } })).map((c) => c.itemCount);

describe("batches", () => {
  it("a full claim hands its partial batch back: 40 creates with a claim of 30 go as 25 + 15, not 25 + 5 + 10", async () => {
    const users = bulkUserNames(40, "batch");
    await addDirectoryUsers(h.emulator.url, users);
    await queueBulkProvisioning(h.db, { approverId: h.approverId }, users);

    const first = await runWorkerOnce(h.workerOptions({ claimLimit: 30 }));
    expect(first).toMatchObject({ claimed: 30, returned: 5, succeeded: 25 });
    const returned = await h.db.operation.findMany({ where: { status: "QUEUED" }, select: { attempts: true, lockedBy: true } });
    expect(returned).toHaveLength(15);
    expect(returned.every((o) => o.attempts === 0 && o.lockedBy === null)).toBe(true); // uncounted

    const second = await runWorkerOnce(h.workerOptions({ claimLimit: 30 }));
    expect(second).toMatchObject({ claimed: 15, returned: 0, succeeded: 15 });
    expect(await createCallSizes()).toEqual([25, 15]);
  });

  it("a 2,000-item job's claims fill batches of 25 (250 per pass = 10 full calls)", async () => {
    const users = bulkUserNames(260, "fill");
    await addDirectoryUsers(h.emulator.url, users);
    await queueBulkProvisioning(h.db, { approverId: h.approverId }, users);
    const pass = await runWorkerOnce(h.workerOptions());
    expect(pass).toMatchObject({ claimed: 250, returned: 0, succeeded: 250 });
    const sizes = await createCallSizes();
    expect(sizes).toHaveLength(10);
    expect(sizes.every((n) => n === 25)).toBe(true);
  });

  it("CSV row tags go to AWS with the portal's own tags, which a row cannot override", async () => {
    await queueBulkProvisioning(h.db, { approverId: h.approverId }, ["alice", "bob"], { tags: { CostCenter: "4711", Department: "Finance" } });
    // A payload that tries to set a portal tag is ignored for that key.
    const op = await h.db.operation.findFirstOrThrow({ where: { type: "CREATE" }, orderBy: { id: "asc" } });
    await h.db.operation.update({ where: { id: op.id }, data: { payload: { tags: { CostCenter: "1", [REQUEST_ID_TAG]: "forged" } } } });
    await runWorkerOnce(h.workerOptions());
    const inAws = await h.awsDesktops();
    expect(inAws).toHaveLength(2);
    for (const w of inAws) {
      const desktop = await h.db.desktop.findFirstOrThrow({ where: { workspaceId: w.workspaceId } });
      expect(w.tags[DESKTOP_ID_TAG]).toBe(desktop.id);
      expect(w.tags[REQUEST_ID_TAG]).toBe(desktop.requestId);
      expect(w.tags.CostCenter).toBe(desktop.id === op.desktopId ? "1" : "4711");
    }
  });
});

describe("lost answers at batch scale", () => {
  it("a lost answer to a batch of 25 is resolved with one directory listing and DescribeTags for those users only", async () => {
    // Other desktops in the directory: held by portal rows, never tag-checked.
    const others = bulkUserNames(40, "other");
    const mine = bulkUserNames(25, "lost");
    await addDirectoryUsers(h.emulator.url, [...others, ...mine]);
    await queueBulkProvisioning(h.db, { approverId: h.approverId }, others);
    await runWorkerOnce(h.workerOptions());

    await queueBulkProvisioning(h.db, { approverId: h.approverId }, mine);
    await h.configureEmulator({ faults: { operations: { CreateWorkspaces: { lostAnswerRate: 1 } } } });
    const lost = await runWorkerOnce(h.workerOptions());
    expect(lost).toMatchObject({ claimed: 25, succeeded: 0, retried: 25 });
    expect(await h.db.operation.count({ where: { outcomeUnknown: true, status: "QUEUED" } })).toBe(25);
    await h.configureEmulator({ faults: { operations: {} } });
    // The retry's jittered backoff (up to 40 ms here) is not what this test is about: make it due.
    await h.db.operation.updateMany({ where: { status: "QUEUED" }, data: { nextAttemptAt: new Date(Date.now() - 1_000) } });

    await h.db.awsCall.deleteMany();
    const adopted = await runWorkerOnce(h.workerOptions());
    expect(adopted).toMatchObject({ claimed: 25, succeeded: 25, adopted: 25 });
    const calls = await h.db.awsCall.groupBy({ by: ["operation"], _count: true });
    const count = (op: string) => calls.find((c) => c.operation === op)?._count ?? 0;
    expect(count("CreateWorkspaces")).toBe(0);
    // 65 desktops in the directory: 3 pages, instead of 25 per-user listings.
    expect(count("DescribeWorkspaces")).toBe(3);
    expect(count("DescribeTags")).toBe(25);

    const inAws = await h.awsDesktops();
    expect(inAws).toHaveLength(65);
    expect(new Set(inAws.map((w) => w.userName)).size).toBe(65);
  });

  it("with fewer unsure users than directory pages, it looks per user", async () => {
    const others = bulkUserNames(60, "other");
    await addDirectoryUsers(h.emulator.url, others);
    await queueBulkProvisioning(h.db, { approverId: h.approverId }, others);
    await runWorkerOnce(h.workerOptions());

    const a = await h.approve({ userName: "alice" });
    await h.configureEmulator({ faults: { operations: { CreateWorkspaces: { lostAnswerRate: 1 } } } });
    await runWorkerOnce(h.workerOptions());
    await h.configureEmulator({ faults: { operations: {} } });
    // The retry's jittered backoff (up to 40 ms here) is not what this test is about: make it due.
    await h.db.operation.updateMany({ where: { status: "QUEUED" }, data: { nextAttemptAt: new Date(Date.now() - 1_000) } });
    await h.db.awsCall.deleteMany();
    expect(await runWorkerOnce(h.workerOptions())).toMatchObject({ claimed: 1, adopted: 1 });
    const calls = await h.db.awsCall.findMany({ select: { operation: true } });
    expect(calls.map((c) => c.operation).sort()).toEqual(["DescribeTags", "DescribeWorkspaces"]);
    expect((await h.db.desktop.findUniqueOrThrow({ where: { id: a.desktopId } })).workspaceId).toMatch(/^ws-/);
  });
});

describe("restore", () => {
  it("RestoreWorkspace, one per call: RESTORING, followed back to AVAILABLE; refused states fail with AWS's code, not retried", async () => {
    const a = await h.approve({ userName: "alice" });
    const b = await h.approve({ userName: "bob" });
    await runWorkerOnce(h.workerOptions());
    // bob is under maintenance in AWS (the portal has not seen it yet): AWS refuses to restore it.
    await h.advanceClock(1300);
    await reconcileOnce({ db: h.db, aws: h.aws, logger: silentLogger });
    const ready = await h.db.desktop.findUniqueOrThrow({ where: { id: a.desktopId } });
    expect(ready.state).toBe("AVAILABLE");
    await h.db.desktop.update({ where: { id: b.desktopId }, data: { state: "AVAILABLE" } });
    await h.control(`/emulator/workspaces/${(await h.db.desktop.findUniqueOrThrow({ where: { id: b.desktopId } })).workspaceId}/state`, {
      State: "MAINTENANCE",
      DurationSeconds: 3600,
    });
    // The owners' "desktop ready" e-mails go out first, so that the pass below holds only the restores.
    await runWorkerOnce(h.workerOptions());

    const ok = await h.enqueueAction(a.desktopId, "RESTORE");
    const refused = await h.enqueueAction(b.desktopId, "RESTORE");
    const summary = await runWorkerOnce(h.workerOptions());
    expect(summary).toMatchObject({ claimed: 2, succeeded: 1, failed: 1, retried: 0 });

    expect(await h.db.operation.findUniqueOrThrow({ where: { id: ok } })).toMatchObject({ status: "SUCCEEDED", attempts: 1 });
    expect((await h.db.desktop.findUniqueOrThrow({ where: { id: a.desktopId } })).state).toBe("RESTORING");
    const failed = await h.db.operation.findUniqueOrThrow({ where: { id: refused } });
    expect(failed).toMatchObject({ status: "FAILED", attempts: 1, lastErrorCode: "OperationNotSupportedException" });
    expect(failed.lastError).toBeTruthy();
    const calls = await h.db.awsCall.findMany({ where: { operation: "RestoreWorkspace" } });
    expect(calls.map((c) => c.itemCount)).toEqual([1, 1]);
    expect(await h.db.auditEvent.count({ where: { action: "desktop.restore" } })).toBe(2);

    await h.advanceClock(1300);
    await reconcileOnce({ db: h.db, aws: h.aws, logger: silentLogger });
    expect((await h.db.desktop.findUniqueOrThrow({ where: { id: a.desktopId } })).state).toBe("AVAILABLE");
  });
});
