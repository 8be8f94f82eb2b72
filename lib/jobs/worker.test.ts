// Integration: the worker against the real emulator (through the real SDK) and a real test database.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { REQUEST_ID_TAG, OWNER_TAG } from "@/lib/aws/workspaces";
import { claimOperations } from "@/lib/operations/claim";
import { reconcileOnce } from "./reconcile";
import { BUNDLE_ID, DIRECTORY_ID, REGION, silentLogger, startHarness, type Harness } from "@/test-support/worker-harness";
import { DESKTOP_ID_TAG, runWorkerOnce, startWorker } from "./worker";

let h: Harness;

beforeEach(async () => {
  h = await startHarness();
});

afterEach(async () => {
  await h?.close();
});

const users = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => `user${String(from + i).padStart(4, "0")}`);

async function approveMany(names: string[]) {
  const out = [];
  for (const userName of names) out.push(await h.approve({ userName }));
  return out;
}

/** Runs reconcile until every followed desktop has settled (or gives up). */
async function reconcileUntilSettled(advanceSeconds = 30) {
  await h.advanceClock(advanceSeconds);
  for (let i = 0; i < 5; i++) {
    await reconcileOnce({ db: h.db, aws: h.aws, logger: silentLogger });
    const changing = await h.db.desktop.count({
      where: { workspaceId: { not: null }, terminatedAt: null, state: { in: ["PENDING", "REBOOTING", "TERMINATING", "STOPPING", "STARTING", "REBUILDING"] } },
    });
    if (changing === 0) return;
    await h.advanceClock(advanceSeconds);
  }
}

describe("creating desktops", () => {
  it("sends up to 25 desktops per CreateWorkspaces call and records each one", async () => {
    const approved = await approveMany(users(1, 30));
    const summary = await runWorkerOnce(h.workerOptions());
    expect(summary).toMatchObject({ claimed: 30, succeeded: 30, failed: 0, retried: 0 });

    const calls = await h.db.awsCall.findMany({ where: { operation: "CreateWorkspaces" }, orderBy: { at: "asc" } });
    expect(calls.map((c) => c.itemCount).sort((a, b) => b - a)).toEqual([25, 5]);
    for (const call of calls) {
      expect(call.httpStatus).toBe(200);
      expect(call.awsRequestId).toMatch(/[0-9a-f-]{36}/);
      expect(call.operationIds).toHaveLength(call.itemCount);
      expect(call.errorCode).toBeNull();
    }

    const desktops = await h.db.desktop.findMany({ include: { request: { include: { events: true } } } });
    expect(new Set(desktops.map((d) => d.workspaceId)).size).toBe(30);
    for (const d of desktops) {
      expect(d.workspaceId).toMatch(/^ws-/);
      expect(d.state).toBe("PENDING");
      expect(d.request?.status).toBe("PROVISIONING");
      expect(d.request?.events.map((e) => e.status)).toEqual(expect.arrayContaining(["APPROVED", "PROVISIONING"]));
    }
    const ops = await h.db.operation.findMany();
    expect(ops.every((o) => o.status === "SUCCEEDED" && o.attempts === 1 && o.lockedBy === null)).toBe(true);

    // AWS holds exactly those desktops, tagged with the portal request and owner.
    const inAws = await h.awsDesktops();
    expect(inAws).toHaveLength(30);
    const byId = new Map(inAws.map((w) => [w.workspaceId, w]));
    for (const a of approved) {
      const d = desktops.find((x) => x.id === a.desktopId)!;
      const w = byId.get(d.workspaceId!)!;
      expect(w.tags[REQUEST_ID_TAG]).toBe(a.requestId);
      expect(w.tags[DESKTOP_ID_TAG]).toBe(a.desktopId);
      expect(w.tags[OWNER_TAG]).toBe("alice@corp.example.com");
    }
  });

  it("passes running mode, auto-stop timeout and volume encryption to AWS", async () => {
    const auto = await h.approve({ userName: "alice", runningMode: "AUTO_STOP", autoStopTimeoutHours: 3, volumeEncryptionKey: "alias/workspaces" });
    const always = await h.approve({ userName: "bob", runningMode: "ALWAYS_ON" });
    await runWorkerOnce(h.workerOptions());
    const api = h.aws.forRegion(REGION).workspaces;
    const rows = await h.db.desktop.findMany({ where: { id: { in: [auto.desktopId, always.desktopId] } } });
    const described = await api.describeWorkspacesByIds(rows.map((r) => r.workspaceId!));
    if (!described.ok) throw new Error(described.code);
    const byUser = new Map(described.workspaces.map((w) => [w.userName, w]));
    expect(byUser.get("alice")).toMatchObject({
      runningMode: "AUTO_STOP",
      autoStopTimeoutMinutes: 180,
      rootVolumeEncrypted: true,
      userVolumeEncrypted: true,
      volumeEncryptionKey: "alias/workspaces",
    });
    expect(byUser.get("bob")).toMatchObject({ runningMode: "ALWAYS_ON", rootVolumeEncrypted: false, userVolumeEncrypted: false });
    expect(byUser.get("bob")?.autoStopTimeoutMinutes).toBeUndefined();
  });

  it("a per-item failure lands on the request with AWS's code and message; the rest of the batch goes on", async () => {
    const good = await h.approve({ userName: "alice" });
    const bad = await h.approve({ userName: "nosuchuser" });
    const summary = await runWorkerOnce(h.workerOptions());
    expect(summary).toMatchObject({ claimed: 2, succeeded: 1, failed: 1 });
    expect(await h.db.awsCall.count({ where: { operation: "CreateWorkspaces" } })).toBe(1);

    const request = await h.db.desktopRequest.findUniqueOrThrow({ where: { id: bad.requestId }, include: { events: true } });
    expect(request.status).toBe("FAILED");
    expect(request.failureCode).toBe("ResourceNotFound.User");
    expect(request.failureMessage).toContain("nosuchuser");
    expect(request.events.find((e) => e.status === "FAILED")?.message).toContain("ResourceNotFound.User");
    const op = await h.db.operation.findUniqueOrThrow({ where: { id: bad.operationId } });
    expect(op).toMatchObject({ status: "FAILED", lastErrorCode: "ResourceNotFound.User", attempts: 1 });
    expect(op.awsRequestId).toBeTruthy();
    const desktop = await h.db.desktop.findUniqueOrThrow({ where: { id: bad.desktopId } });
    expect(desktop).toMatchObject({ state: "ERROR", workspaceId: null });

    expect((await h.db.desktopRequest.findUniqueOrThrow({ where: { id: good.requestId } })).status).toBe("PROVISIONING");
  });

  it("a desktop goes PENDING -> AVAILABLE and its request becomes READY", async () => {
    const a = await h.approve({ userName: "alice" });
    await runWorkerOnce(h.workerOptions());
    // Not yet: the emulator's clock has not moved far enough.
    await reconcileOnce({ db: h.db, aws: h.aws });
    expect((await h.db.desktop.findUniqueOrThrow({ where: { id: a.desktopId } })).state).toBe("PENDING");

    await h.advanceClock(1300); // > 20 min of AWS time at any speed
    const summary = await reconcileOnce({ db: h.db, aws: h.aws });
    expect(summary).toMatchObject({ checked: 1, changed: 1, awsCalls: 1 });
    const desktop = await h.db.desktop.findUniqueOrThrow({ where: { id: a.desktopId }, include: { request: { include: { events: { orderBy: { at: "asc" } } } } } });
    expect(desktop.state).toBe("AVAILABLE");
    expect(desktop.ipAddress).toMatch(/^10\.0\./);
    expect(desktop.computerName).toBeTruthy();
    expect(desktop.lastSeenAt).not.toBeNull();
    expect(desktop.request?.status).toBe("READY");
    expect(desktop.request?.events.map((e) => e.status)).toEqual(["APPROVED", "PROVISIONING", "READY"]);

    // Settled desktops are no longer polled.
    expect((await reconcileOnce({ db: h.db, aws: h.aws })).awsCalls).toBe(0);
  });

  it("a desktop that ends in ERROR fails its request with AWS's error", async () => {
    await h.configureEmulator({ pendingErrorRate: 1 });
    const a = await h.approve({ userName: "alice" });
    await runWorkerOnce(h.workerOptions());
    await h.advanceClock(1300);
    await reconcileOnce({ db: h.db, aws: h.aws });
    const request = await h.db.desktopRequest.findUniqueOrThrow({ where: { id: a.requestId } });
    expect(request).toMatchObject({ status: "FAILED", failureCode: "ResourceCreationFailed" });
    expect((await h.db.desktop.findUniqueOrThrow({ where: { id: a.desktopId } })).state).toBe("ERROR");
  });

  it("reconciles 25 desktops per DescribeWorkspaces call", async () => {
    await approveMany(users(1, 30));
    await runWorkerOnce(h.workerOptions());
    await h.advanceClock(1300);
    const summary = await reconcileOnce({ db: h.db, aws: h.aws });
    expect(summary).toMatchObject({ checked: 30, changed: 30, awsCalls: 2 });
    const describes = await h.db.awsCall.findMany({ where: { operation: "DescribeWorkspaces" } });
    expect(describes.map((c) => c.itemCount).sort((a, b) => b - a)).toEqual([25, 5]);
    expect(await h.db.desktopRequest.count({ where: { status: "READY" } })).toBe(30);
  });
});

describe("desktop actions", () => {
  async function availableDesktop(userName = "alice") {
    const a = await h.approve({ userName });
    await runWorkerOnce(h.workerOptions());
    await reconcileUntilSettled(1300);
    const desktop = await h.db.desktop.findUniqueOrThrow({ where: { id: a.desktopId } });
    expect(desktop.state).toBe("AVAILABLE");
    // Its owner's "desktop ready" e-mail goes out with the next pass (to the local mailbox here).
    expect(await runWorkerOnce(h.workerOptions())).toMatchObject({ claimed: 1, succeeded: 1 });
    expect(await h.db.mailboxMessage.count({ where: { subject: "Your desktop is ready", notification: { userId: desktop.ownerId } } })).toBe(1);
    return desktop;
  }

  it("reboot: AWS accepts, the desktop is followed back to AVAILABLE, the audit trail has AWS's request id", async () => {
    const desktop = await availableDesktop();
    const opId = await h.enqueueAction(desktop.id, "REBOOT");
    const summary = await runWorkerOnce(h.workerOptions());
    expect(summary).toMatchObject({ claimed: 1, succeeded: 1 });
    const op = await h.db.operation.findUniqueOrThrow({ where: { id: opId } });
    expect(op.status).toBe("SUCCEEDED");
    expect((await h.db.desktop.findUniqueOrThrow({ where: { id: desktop.id } })).state).toBe("REBOOTING");

    const audit = await h.db.auditEvent.findFirstOrThrow({ where: { action: "desktop.reboot" } });
    expect(audit).toMatchObject({ outcome: "SUCCESS", targetType: "desktop", targetId: desktop.id, actorEmail: "admin@corp.example.com" });
    expect(audit.awsRequestId).toBe(op.awsRequestId);
    expect(audit.awsRequestId).toBeTruthy();

    await reconcileUntilSettled(200);
    expect((await h.db.desktop.findUniqueOrThrow({ where: { id: desktop.id } })).state).toBe("AVAILABLE");
  });

  it("terminate: TERMINATING, then TERMINATED once AWS no longer returns it; a later reboot fails with AWS's code", async () => {
    const desktop = await availableDesktop();
    await h.enqueueAction(desktop.id, "TERMINATE");
    await runWorkerOnce(h.workerOptions());
    expect((await h.db.desktop.findUniqueOrThrow({ where: { id: desktop.id } })).state).toBe("TERMINATING");

    // A reboot while terminating: AWS refuses the item.
    const rebootId = await h.enqueueAction(desktop.id, "REBOOT");
    await runWorkerOnce(h.workerOptions());
    const reboot = await h.db.operation.findUniqueOrThrow({ where: { id: rebootId } });
    expect(reboot.status).toBe("FAILED");
    expect(reboot.lastErrorCode).toMatch(/InvalidResourceState/);
    const refused = await h.db.auditEvent.findFirstOrThrow({ where: { action: "desktop.reboot" } });
    expect(refused.outcome).toBe("FAILURE");
    expect(refused.message).toContain(reboot.lastErrorCode!);

    await reconcileUntilSettled(1300);
    const gone = await h.db.desktop.findUniqueOrThrow({ where: { id: desktop.id } });
    expect(gone.state).toBe("TERMINATED");
    expect(gone.terminatedAt).not.toBeNull();
    expect(await h.db.auditEvent.count({ where: { action: "desktop.terminate", outcome: "SUCCESS" } })).toBe(1);
  });

  it("running mode: ModifyWorkspaceProperties changes it in AWS; billing records the result", async () => {
    const desktop = await availableDesktop();
    const change = await h.db.billingModeChange.create({
      data: { desktopId: desktop.id, fromMode: "AUTO_STOP", toMode: "ALWAYS_ON", status: "APPLIED", effectiveAt: new Date() },
    });
    const opId = await h.db.$transaction(async (tx) => {
      const { enqueueOperation } = await import("@/lib/operations/enqueue");
      const op = await enqueueOperation(tx, {
        type: "MODIFY_RUNNING_MODE",
        desktopId: desktop.id,
        requestId: desktop.requestId,
        region: REGION,
        directoryId: DIRECTORY_ID,
        payload: { runningMode: "ALWAYS_ON", autoStopTimeoutMinutes: null, billingChangeId: change.id },
        createdById: h.approverId,
      });
      return op.id;
    });
    expect(await runWorkerOnce(h.workerOptions())).toMatchObject({ claimed: 1, succeeded: 1 });
    expect(await h.db.operation.findUniqueOrThrow({ where: { id: opId } })).toMatchObject({ status: "SUCCEEDED" });
    expect(await h.db.desktop.findUniqueOrThrow({ where: { id: desktop.id } })).toMatchObject({ runningMode: "ALWAYS_ON", autoStopTimeoutMinutes: null });
    const described = await h.aws.forRegion(REGION).workspaces.describeWorkspacesByIds([desktop.workspaceId!]);
    expect(described.ok && described.workspaces[0].runningMode).toBe("ALWAYS_ON");
    expect(await h.db.awsCall.count({ where: { operation: "ModifyWorkspaceProperties", httpStatus: 200 } })).toBe(1);
    expect((await h.db.auditEvent.findFirstOrThrow({ where: { action: "desktop.modify_running_mode" } })).outcome).toBe("SUCCESS");
    expect((await h.db.billingModeChange.findUniqueOrThrow({ where: { id: change.id } })).status).toBe("APPLIED");
  });

  it("batches actions: 30 reboots in two calls (25 + 5), a rebuild one per call", async () => {
    await approveMany(users(1, 30));
    await runWorkerOnce(h.workerOptions());
    await reconcileUntilSettled(1300);
    const desktops = await h.db.desktop.findMany();
    for (const d of desktops) await h.enqueueAction(d.id, "REBOOT");
    await h.enqueueAction(desktops[0].id, "REBUILD");
    await h.enqueueAction(desktops[1].id, "REBUILD");
    await runWorkerOnce(h.workerOptions());
    const reboots = await h.db.awsCall.findMany({ where: { operation: "RebootWorkspaces" } });
    expect(reboots.map((c) => c.itemCount).sort((a, b) => b - a)).toEqual([25, 5]);
    const rebuilds = await h.db.awsCall.findMany({ where: { operation: "RebuildWorkspaces" } });
    expect(rebuilds.map((c) => c.itemCount)).toEqual([1, 1]);
    expect(await h.db.operation.count({ where: { status: { in: ["QUEUED", "RUNNING"] } } })).toBe(0);
  });
});

describe("failures on the way to AWS", () => {
  it("server errors and throttling: retries see every desktop through, created once, nothing stuck", async () => {
    await h.configureEmulator({
      faults: { seed: 3, operations: { CreateWorkspaces: { errorRate: 0.4 }, DescribeWorkspaces: { errorRate: 0.2 } } },
      throttle: { operations: { CreateWorkspaces: { ratePerSecond: 4, burst: 1 }, DescribeWorkspaces: { ratePerSecond: 20, burst: 5 }, DescribeTags: { ratePerSecond: 20, burst: 5 } } },
    });
    const names = users(1, 40);
    await approveMany(names);
    // 40 % injected errors plus throttling: with a budget of 16 sends a batch runs out of attempts
    // with a chance of 0.4^16 (below one in a million), so every request must end provisioned.
    // Running out of attempts is tested below ("retries run out").
    await h.drain({ maxAttempts: 16 });

    const calls = await h.db.awsCall.groupBy({ by: ["operation", "errorCode"], _count: true });
    const codes = new Set(calls.map((c) => c.errorCode));
    expect([...codes].some((c) => c === "InternalFailure" || c === "ServiceUnavailable")).toBe(true);

    const requests = await h.db.desktopRequest.findMany({ include: { desktop: true } });
    expect(requests).toHaveLength(40);
    for (const r of requests) {
      expect({ status: r.status, failure: r.failureCode }).toEqual({ status: "PROVISIONING", failure: null });
      expect(r.desktop?.workspaceId).toMatch(/^ws-/);
    }
    expect(await h.db.operation.count({ where: { status: { in: ["QUEUED", "RUNNING"] } } })).toBe(0);

    await h.configureEmulator({ faults: {}, throttle: {} });
    const inAws = await h.awsDesktops();
    // One desktop per request, and none AWS holds that the portal does not know.
    expect(inAws).toHaveLength(requests.length);
    expect(new Set(inAws.map((w) => w.tags[REQUEST_ID_TAG]))).toEqual(new Set(requests.map((r) => r.id)));
    for (const r of requests) {
      expect(inAws.find((w) => w.workspaceId === r.desktop?.workspaceId)?.tags[REQUEST_ID_TAG]).toBe(r.id);
    }
  });

  it("throttling is retried (SDK, then worker backoff) and shows in the call log", async () => {
    await h.configureEmulator({ throttle: { operations: { CreateWorkspaces: { ratePerSecond: 0.5, burst: 1 } } } });
    await approveMany(["alice", "bob", "carol"]);
    // Someone else just used the only token: the worker's first send is throttled for sure.
    const other = await h.aws.forRegion(REGION).workspaces.createWorkspaces([
      { directoryId: DIRECTORY_ID, userName: "dave", bundleId: BUNDLE_ID, runningMode: "ALWAYS_ON", tags: {} },
    ]);
    expect(other.ok).toBe(true);
    await h.drain({ backoff: { baseMs: 200, capMs: 1_000 } });

    expect(await h.db.desktopRequest.count({ where: { status: "PROVISIONING" } })).toBe(3);
    const throttled = await h.db.awsCall.findMany({ where: { operation: "CreateWorkspaces", errorCode: "ThrottlingException" } });
    expect(throttled.length).toBeGreaterThan(0);
    // The batch stays together through its retries (one shared backoff), so every call carries all 3.
    const creates = await h.db.awsCall.findMany({ where: { operation: "CreateWorkspaces", itemCount: { gt: 1 } } });
    expect(creates.length).toBeGreaterThan(1);
    expect(creates.every((c) => c.itemCount === 3)).toBe(true);
    expect(throttled[0]).toMatchObject({ httpStatus: 400, itemCount: 3 });
    const ops = await h.db.operation.findMany();
    expect(ops.every((o) => o.status === "SUCCEEDED" && o.attempts > 1)).toBe(true);
    await h.configureEmulator({ throttle: {} });
    expect(await h.awsDesktops()).toHaveLength(4);
  });

  it("retries run out: the request fails with the last reason", async () => {
    await h.configureEmulator({ throttle: { operations: { CreateWorkspaces: { ratePerSecond: 0.001, burst: 1 } } } });
    await h.approve({ userName: "bob" }); // uses the only token
    await h.drain({ maxAttempts: 1 });
    const bob = await h.db.desktopRequest.findFirstOrThrow({ where: { userName: "bob" } });
    expect(bob.status).toBe("PROVISIONING");

    const a = await h.approve({ userName: "alice" });
    await h.drain({ maxAttempts: 3 });
    const request = await h.db.desktopRequest.findUniqueOrThrow({ where: { id: a.requestId } });
    expect(request.status).toBe("FAILED");
    expect(request.failureCode).toBe("ThrottlingException");
    expect(request.failureMessage).toContain("Gave up after 3 attempts");
    const op = await h.db.operation.findUniqueOrThrow({ where: { id: a.operationId } });
    expect(op).toMatchObject({ status: "FAILED", attempts: 3, lastErrorCode: "ThrottlingException" });
  });

  for (const mode of ["destroy", "500"] as const) {
    it(`a lost answer (${mode}) is resolved by finding the desktop by its tag, not by creating it again`, async () => {
      await h.configureEmulator({ faults: { operations: { CreateWorkspaces: { lostAnswerRate: 1, lostAnswerMode: mode } } } });
      const a = await h.approve({ userName: "alice" });
      const first = await runWorkerOnce(h.workerOptions());
      expect(first).toMatchObject({ claimed: 1, retried: 1, succeeded: 0 });
      const op = await h.db.operation.findUniqueOrThrow({ where: { id: a.operationId } });
      expect(op).toMatchObject({ status: "QUEUED", outcomeUnknown: true });

      // AWS did create it; the next pass must find it rather than create a second one.
      await h.configureEmulator({ faults: {} });
      await h.drain();
      const done = await h.db.operation.findUniqueOrThrow({ where: { id: a.operationId } });
      expect(done.status).toBe("SUCCEEDED");
      expect(done.result).toMatchObject({ adopted: true });
      const inAws = await h.awsDesktops();
      expect(inAws).toHaveLength(1);
      expect(inAws[0].tags[REQUEST_ID_TAG]).toBe(a.requestId);
      const desktop = await h.db.desktop.findUniqueOrThrow({ where: { id: a.desktopId }, include: { request: true } });
      expect(desktop.workspaceId).toBe(inAws[0].workspaceId);
      expect(desktop.request?.status).toBe("PROVISIONING");
      expect(await h.db.awsCall.count({ where: { operation: "CreateWorkspaces" } })).toBe(1);
    });
  }

  it("a lost answer that AWS never lets us check: looked for maxChecks times, then failed with where to look", async () => {
    await h.configureEmulator({ faults: { operations: { CreateWorkspaces: { lostAnswerRate: 1 }, DescribeWorkspaces: { errorRate: 1 } } } });
    const a = await h.approve({ userName: "alice" });
    await h.drain({ maxAttempts: 1, maxChecks: 4, readAttempts: 2 });
    const op = await h.db.operation.findUniqueOrThrow({ where: { id: a.operationId } });
    // One send, then four failed looks of two tries each.
    expect(op).toMatchObject({ status: "FAILED", attempts: 1, failedChecks: 3 });
    const request = await h.db.desktopRequest.findUniqueOrThrow({ where: { id: a.requestId } });
    expect(request.status).toBe("FAILED");
    expect(request.failureMessage).toContain("Could not confirm in AWS whether the call took effect");
    expect(request.failureMessage).toContain(a.requestId);
    // Never sent twice, whatever the looks said.
    expect(await h.db.awsCall.count({ where: { operation: "CreateWorkspaces" } })).toBe(1);
    expect(await h.db.awsCall.count({ where: { operation: "DescribeWorkspaces", errorCode: { not: null } } })).toBe(8);
  });

  it("a look whose reads fail now and then still finds the desktop at the first look", async () => {
    // Half of all reads fail (a fixed seed: the same dice every run). A look is a few reads; without
    // retrying each read, one failure would fail the whole look and cost the operation a check.
    await h.configureEmulator({
      faults: { seed: 3, operations: { CreateWorkspaces: { lostAnswerRate: 1 }, DescribeWorkspaces: { errorRate: 0.5 }, DescribeTags: { errorRate: 0.5 } } },
    });
    const a = await h.approve({ userName: "alice" });
    await runWorkerOnce(h.workerOptions());
    await h.configureEmulator({ faults: { seed: 3, operations: { DescribeWorkspaces: { errorRate: 0.5 }, DescribeTags: { errorRate: 0.5 } } } });
    await h.drain({ readAttempts: 6 });

    const op = await h.db.operation.findUniqueOrThrow({ where: { id: a.operationId } });
    expect(op).toMatchObject({ status: "SUCCEEDED", attempts: 1, failedChecks: 0 });
    expect(op.result).toMatchObject({ adopted: true });
    const failedReads = await h.db.awsCall.count({ where: { operation: { in: ["DescribeWorkspaces", "DescribeTags"] }, errorCode: { not: null } } });
    expect(failedReads).toBeGreaterThan(0);
    expect(await h.db.awsCall.count({ where: { operation: "CreateWorkspaces" } })).toBe(1);
    await h.configureEmulator({ faults: {} });
    expect(await h.awsDesktops()).toHaveLength(1);
  });

  it("a lost answer while new desktops are not yet visible: re-sent, refused as existing, then adopted", async () => {
    await h.configureEmulator({
      describeLagSeconds: 60,
      faults: { operations: { CreateWorkspaces: { lostAnswerRate: 1 } } },
    });
    const a = await h.approve({ userName: "alice" });
    await runWorkerOnce(h.workerOptions());
    await h.configureEmulator({ faults: {} });
    // The check finds nothing (lag), the re-sent create is refused (the user has one): not a failure.
    await runWorkerOnce(h.workerOptions());
    const mid = await h.db.operation.findUniqueOrThrow({ where: { id: a.operationId } });
    expect(mid).toMatchObject({ status: "QUEUED", outcomeUnknown: true });
    expect((await h.db.desktopRequest.findUniqueOrThrow({ where: { id: a.requestId } })).status).toBe("APPROVED");

    await h.advanceClock(120);
    await h.drain();
    const done = await h.db.operation.findUniqueOrThrow({ where: { id: a.operationId } });
    expect(done.status).toBe("SUCCEEDED");
    expect(done.result).toMatchObject({ adopted: true });
    expect(await h.awsDesktops()).toHaveLength(1);
  });

  it("lost answers and errors in bulk: no duplicates, nothing stuck", async () => {
    await h.configureEmulator({
      faults: { seed: 2, operations: { CreateWorkspaces: { lostAnswerRate: 0.4, errorRate: 0.3 } } },
    });
    await approveMany(users(1, 60));
    await h.drain();
    await h.configureEmulator({ faults: {} });
    const requests = await h.db.desktopRequest.findMany({ include: { desktop: true } });
    expect(requests.every((r) => r.status === "PROVISIONING" || (r.status === "FAILED" && r.failureCode))).toBe(true);
    const inAws = await h.awsDesktops();
    const tags = inAws.map((w) => w.tags[REQUEST_ID_TAG]);
    expect(new Set(tags).size).toBe(tags.length);
    const provisioned = requests;
    expect(inAws).toHaveLength(provisioned.length);
    for (const r of provisioned) expect(inAws.some((w) => w.workspaceId === r.desktop?.workspaceId)).toBe(true);
    // Seed 2 loses answers (adopted afterwards) and fails calls without effect (checked, re-sent).
    expect(await h.db.operation.count({ where: { result: { path: ["adopted"], equals: true } } })).toBeGreaterThan(0);
    expect(await h.db.operation.count({ where: { result: { path: ["adopted"], equals: false } } })).toBeGreaterThan(0);
    const creates = await h.db.awsCall.findMany({ where: { operation: "CreateWorkspaces" } });
    expect(creates.filter((c) => c.errorCode !== null).length).toBeGreaterThan(0);
    expect(creates.reduce((n, c) => n + c.itemCount, 0)).toBeGreaterThan(60);
  });
});

describe("worker restarts and several workers", () => {
  it("a worker that died after sending: its lease expires, the next worker adopts the desktop", async () => {
    const a = await h.approve({ userName: "alice" });
    const now = new Date();
    const [claimed] = await claimOperations(h.db, { workerId: "dead-worker", limit: 10, leaseMs: 1_000, now });
    expect(claimed).toMatchObject({ id: a.operationId, attempts: 1, takenOver: false });
    // The dead worker reached AWS before dying (same request as the worker builds).
    const sent = await h.aws.forRegion(REGION).workspaces.createWorkspaces([
      {
        directoryId: DIRECTORY_ID,
        userName: "alice",
        bundleId: BUNDLE_ID,
        runningMode: "AUTO_STOP",
        autoStopTimeoutMinutes: 60,
        tags: { [REQUEST_ID_TAG]: a.requestId, [DESKTOP_ID_TAG]: a.desktopId },
      },
    ]);
    expect(sent.ok).toBe(true);

    // Within the lease nobody else takes it.
    expect((await runWorkerOnce(h.workerOptions({ workerId: "w2" }))).claimed).toBe(0);

    const later = () => new Date(now.getTime() + 2_000);
    const summary = await runWorkerOnce(h.workerOptions({ workerId: "w2", clock: later }));
    expect(summary).toMatchObject({ claimed: 1, succeeded: 1, adopted: 1 });
    const op = await h.db.operation.findUniqueOrThrow({ where: { id: a.operationId } });
    // Sent once (by the dead worker); the taker only looked.
    expect(op).toMatchObject({ status: "SUCCEEDED", attempts: 1, outcomeUnknown: true });
    expect(await h.awsDesktops()).toHaveLength(1);
    // The dead worker's late write is refused: the claim is no longer its own.
    const { recordOperationRetry } = await import("@/lib/operations/outcomes");
    expect(
      await recordOperationRetry(h.db, { operationId: a.operationId, workerId: "dead-worker", nextAttemptAt: new Date(), code: "X", message: "x" }),
    ).toBe(false);
  });

  it("a worker that died before sending: the next worker checks AWS, finds nothing, creates it once", async () => {
    const a = await h.approve({ userName: "alice" });
    const now = new Date();
    await claimOperations(h.db, { workerId: "dead-worker", limit: 10, leaseMs: 1_000, now });
    const summary = await runWorkerOnce(h.workerOptions({ workerId: "w2", clock: () => new Date(now.getTime() + 2_000) }));
    expect(summary).toMatchObject({ claimed: 1, succeeded: 1, adopted: 0 });
    expect(await h.db.awsCall.count({ where: { operation: "DescribeWorkspaces" } })).toBe(1);
    const inAws = await h.awsDesktops();
    expect(inAws).toHaveLength(1);
    expect(inAws[0].tags[REQUEST_ID_TAG]).toBe(a.requestId);
  });

  it("two workers polling together claim each operation once", async () => {
    await approveMany(users(1, 20));
    const [s1, s2] = await Promise.all([
      runWorkerOnce(h.workerOptions({ workerId: "w1", claimLimit: 10 })),
      runWorkerOnce(h.workerOptions({ workerId: "w2", claimLimit: 10 })),
    ]);
    expect(s1.claimed + s2.claimed).toBe(20);
    expect(await h.db.operation.count({ where: { status: "SUCCEEDED", attempts: 1 } })).toBe(20);
    expect(await h.awsDesktops()).toHaveLength(20);
  });

  it("startWorker runs operations and reconciliation until stop()", async () => {
    const approved = await approveMany(["alice", "bob", "carol"]);
    const worker = startWorker({ ...h.workerOptions(), pollMs: 20, reconcileMs: 50 });
    try {
      const deadline = Date.now() + 20_000;
      while (Date.now() < deadline) {
        if ((await h.db.desktopRequest.count({ where: { status: "PROVISIONING" } })) === 3) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      await h.advanceClock(1300);
      while (Date.now() < deadline) {
        if ((await h.db.desktopRequest.count({ where: { status: "READY" } })) === 3) break;
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      await worker.stop();
    }
    const requests = await h.db.desktopRequest.findMany({ where: { id: { in: approved.map((a) => a.requestId) } } });
    expect(requests.map((r) => r.status)).toEqual(["READY", "READY", "READY"]);
  });
});
