// Reconciliation against the emulator: polling that grows with the changing desktops, the fleet
// sweep (imports, changes and terminations outside the portal, desktops found by tag) and the
// timeout for PENDING desktops AWS never shows.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { reconcileOnce, sweepFleet } from "./reconcile";
import { addDirectoryUsers, BUNDLE_ID, bulkUserNames, DIRECTORY_ID, queueBulkProvisioning, REGION, silentLogger, startHarness, type Harness } from "@/test-support/worker-harness";
import { runWorkerOnce } from "./worker";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h?.close();
});

const api = () => h.aws.forRegion(REGION).workspaces;
const sweep = () => sweepFleet({ db: h.db, aws: h.aws, logger: silentLogger });

async function provision(users: string[]) {
  await addDirectoryUsers(h.emulator.url, users.filter((u) => u.startsWith("fleet")));
  await queueBulkProvisioning(h.db, { approverId: h.approverId }, users);
  await runWorkerOnce(h.workerOptions());
  await h.advanceClock(1300);
  for (let i = 0; i < 3; i++) await reconcileOnce({ db: h.db, aws: h.aws, logger: silentLogger });
  expect(await h.db.desktop.count({ where: { state: "AVAILABLE" } })).toBe(users.length);
}

describe("polling", () => {
  it("calls grow with the changing desktops, not with the fleet; the sweep pages the whole fleet", async () => {
    await provision(bulkUserNames(90, "fleet"));
    const rebooting = await h.db.desktop.findMany({ take: 30, orderBy: { id: "asc" } });
    for (const d of rebooting) await h.enqueueAction(d.id, "REBOOT");
    await runWorkerOnce(h.workerOptions());
    expect(await h.db.desktop.count({ where: { state: "REBOOTING" } })).toBe(30);

    await h.db.awsCall.deleteMany();
    const summary = await reconcileOnce({ db: h.db, aws: h.aws });
    expect(summary).toMatchObject({ checked: 30, awsCalls: 2 }); // 25 + 5, the 60 settled ones untouched
    const swept = await sweep();
    expect(swept).toMatchObject({ listed: 90, awsCalls: 4, imported: 0, changedOutside: 0, gone: 0 }); // 90 / 25 pages
  });
});

describe("fleet sweep", () => {
  it("imports a desktop created outside the portal, with no owner, once", async () => {
    const created = await api().createWorkspaces([
      { directoryId: DIRECTORY_ID, userName: "carol", bundleId: BUNDLE_ID, runningMode: "ALWAYS_ON", tags: { Team: "ops" } },
    ]);
    if (!created.ok) throw new Error(created.code);
    const workspaceId = created.pending[0].workspaceId;

    const first = await sweep();
    expect(first).toMatchObject({ imported: 1, foundByTag: 0 });
    const desktop = await h.db.desktop.findUniqueOrThrow({ where: { workspaceId }, include: { billingChanges: true } });
    expect(desktop).toMatchObject({ origin: "IMPORTED", ownerId: null, requestId: null, userName: "carol", runningMode: "ALWAYS_ON", directoryId: DIRECTORY_ID });
    expect(desktop.billingChanges).toHaveLength(1);
    const audit = await h.db.auditEvent.findFirstOrThrow({ where: { action: "desktop.imported", targetId: desktop.id } });
    expect(audit).toMatchObject({ actorId: null, outcome: "SUCCESS" });
    expect(audit.message).toContain(workspaceId);

    await h.db.awsCall.deleteMany();
    expect(await sweep()).toMatchObject({ imported: 0, awsCalls: 1 });
    expect(await h.db.awsCall.count({ where: { operation: "DescribeTags" } })).toBe(0);
    expect(await h.db.desktop.count({ where: { workspaceId } })).toBe(1);
  });

  it("records running-mode and state changes made outside the portal, with no portal actor", async () => {
    await provision(["alice", "bob"]);
    const [alice, bob] = await Promise.all(
      ["alice", "bob"].map((u) => h.db.desktop.findFirstOrThrow({ where: { userName: u }, include: { billingChanges: true } })),
    );
    expect(alice.runningMode).toBe("AUTO_STOP");
    const changed = await h.aws.forRegion(REGION).workspaceProperties.modifyRunningMode(alice.workspaceId!, { runningMode: "ALWAYS_ON", autoStopTimeoutMinutes: null });
    expect(changed.ok).toBe(true);
    await h.control(`/emulator/workspaces/${bob.workspaceId}/state`, { State: "UNHEALTHY" });

    expect(await sweep()).toMatchObject({ changedOutside: 2, imported: 0 });
    const a = await h.db.desktop.findUniqueOrThrow({ where: { id: alice.id }, include: { billingChanges: { orderBy: { createdAt: "asc" } } } });
    expect(a.runningMode).toBe("ALWAYS_ON");
    expect(a.autoStopTimeoutMinutes).toBeNull();
    expect(a.billingChanges.map((c) => c.toMode)).toEqual(["AUTO_STOP", "ALWAYS_ON"]);
    expect(a.billingChanges[1].note).toContain("outside");
    expect((await h.db.desktop.findUniqueOrThrow({ where: { id: bob.id } })).state).toBe("UNHEALTHY");

    const audits = await h.db.auditEvent.findMany({ where: { action: "desktop.changed_outside" }, orderBy: { targetId: "asc" } });
    expect(audits).toHaveLength(2);
    expect(audits.every((e) => e.actorId === null)).toBe(true);
    expect(audits.find((e) => e.targetId === alice.id)?.message).toContain("running mode AUTO_STOP (60 min) → ALWAYS_ON");
    expect(audits.find((e) => e.targetId === bob.id)?.message).toContain("state AVAILABLE → UNHEALTHY");
    // Seen once: a second sweep finds nothing new.
    expect(await sweep()).toMatchObject({ changedOutside: 0 });
  });

  it("a desktop terminated outside the portal becomes TERMINATED once AWS no longer returns it", async () => {
    await provision(["alice"]);
    const desktop = await h.db.desktop.findFirstOrThrow({ where: { userName: "alice" } });
    const terminated = await api().terminateWorkspaces([desktop.workspaceId!]);
    expect(terminated.ok).toBe(true);
    await h.advanceClock(3600);
    expect(await sweep()).toMatchObject({ gone: 1 });
    const row = await h.db.desktop.findUniqueOrThrow({ where: { id: desktop.id } });
    expect(row.state).toBe("TERMINATED");
    expect(row.terminatedAt).not.toBeNull();
    const audit = await h.db.auditEvent.findFirstOrThrow({ where: { action: "desktop.changed_outside", targetId: desktop.id } });
    expect(audit.message).toContain("terminated outside the portal");
  });

  it("finds by its tag a desktop whose create the portal gave up on, instead of importing a twin", async () => {
    const a = await h.approve({ userName: "alice" });
    await runWorkerOnce(h.workerOptions());
    const desktop = await h.db.desktop.findUniqueOrThrow({ where: { id: a.desktopId } });
    // As if the answer had been lost and the worker had given up: the row never learned its id.
    await h.db.desktop.update({ where: { id: a.desktopId }, data: { workspaceId: null, state: "ERROR" } });
    await h.db.operation.update({ where: { id: a.operationId }, data: { status: "FAILED", lastErrorCode: "GaveUp" } });

    expect(await sweep()).toMatchObject({ foundByTag: 1, imported: 0 });
    const row = await h.db.desktop.findUniqueOrThrow({ where: { id: a.desktopId } });
    expect(row.workspaceId).toBe(desktop.workspaceId);
    expect(await h.db.desktop.count()).toBe(1);
    expect(await h.db.auditEvent.count({ where: { action: "desktop.found_in_aws", targetId: a.desktopId } })).toBe(1);
  });

  it("leaves a desktop whose create is in flight to the worker", async () => {
    const a = await h.approve({ userName: "alice" });
    await h.configureEmulator({ faults: { operations: { CreateWorkspaces: { lostAnswerRate: 1 } } } });
    await runWorkerOnce(h.workerOptions());
    await h.configureEmulator({ faults: { operations: {} } });
    expect(await sweep()).toMatchObject({ foundByTag: 0, imported: 0 });
    expect(await runWorkerOnce(h.workerOptions())).toMatchObject({ adopted: 1 });
    expect((await h.db.desktop.findUniqueOrThrow({ where: { id: a.desktopId } })).workspaceId).toMatch(/^ws-/);
  });
});

describe("PENDING desktops AWS never shows", () => {
  it("fail after the timeout with a reason; recent ones keep waiting", async () => {
    const old = await h.approve({ userName: "alice" });
    const recent = await h.approve({ userName: "bob" });
    const hourAgo = new Date(Date.now() - 2 * 3600_000);
    await h.db.desktop.update({ where: { id: old.desktopId }, data: { workspaceId: "ws-zzzzzzzz1", state: "PENDING", stateChangedAt: hourAgo } });
    await h.db.desktop.update({ where: { id: recent.desktopId }, data: { workspaceId: "ws-zzzzzzzz2", state: "PENDING" } });
    await h.db.desktopRequest.updateMany({ data: { status: "PROVISIONING" } });

    const summary = await reconcileOnce({ db: h.db, aws: h.aws, pendingTimeoutMs: 3600_000 });
    expect(summary).toMatchObject({ checked: 2, timedOut: 1, gone: 0 });
    const request = await h.db.desktopRequest.findUniqueOrThrow({ where: { id: old.requestId } });
    expect(request).toMatchObject({ status: "FAILED", failureCode: "NotSeenInAws" });
    expect(request.failureMessage).toContain("ws-zzzzzzzz1");
    expect((await h.db.desktop.findUniqueOrThrow({ where: { id: old.desktopId } })).state).toBe("ERROR");
    expect((await h.db.desktopRequest.findUniqueOrThrow({ where: { id: recent.requestId } })).status).toBe("PROVISIONING");
    expect((await h.db.desktop.findUniqueOrThrow({ where: { id: recent.desktopId } })).state).toBe("PENDING");
  });
});
