// Integration tests on a real, migrated test database: scheduling, cancelling and applying
// billing-mode changes, and the worker's result.
import { describe, expect, it } from "vitest";
import { billingPeople as people, useBillingTestDb } from "@/test-support/billing-fixture";
import { applyDueBillingChanges } from "../scheduler";
import { cancelBillingChange, changeBillingMode, recordRunningModeResult } from "./mutations";

const fx = useBillingTestDb();
const dave = people.dave;

describe("scheduling and cancelling an AlwaysOn → AutoStop change", () => {
  it("schedules it PENDING for 00:00 UTC on the 1st, changes nothing at AWS yet, and audits it", async () => {
    const d = await fx.desktop({ runningMode: "ALWAYS_ON" });
    const now = new Date("2027-01-31T23:59:00Z");
    const outcome = await fx.db.$transaction((tx) => changeBillingMode(tx, dave, { desktopId: d.id, toMode: "AUTO_STOP", autoStopTimeoutMinutes: 120 }, now));
    expect(outcome).toMatchObject({ ok: true, kind: "SCHEDULED", operationId: null });
    const change = await fx.db.billingModeChange.findFirstOrThrow({ where: { desktopId: d.id, status: "PENDING" } });
    expect(change).toMatchObject({ fromMode: "ALWAYS_ON", toMode: "AUTO_STOP", autoStopTimeoutMinutes: 120, requestedById: dave.id });
    expect(change.effectiveAt.toISOString()).toBe("2027-02-01T00:00:00.000Z");
    expect(await fx.db.operation.count({ where: { desktopId: d.id } })).toBe(0);
    expect((await fx.db.desktop.findUniqueOrThrow({ where: { id: d.id } })).runningMode).toBe("ALWAYS_ON");
    expect((await fx.auditOf(d.id)).map((a) => a.action)).toEqual(["desktop.billing.schedule"]);

    // One change at a time: a second one is refused, with nothing written.
    const second = await fx.db.$transaction((tx) => changeBillingMode(tx, dave, { desktopId: d.id, toMode: "AUTO_STOP", autoStopTimeoutMinutes: 60 }, now));
    expect(second).toMatchObject({ ok: false, code: "CONFLICT" });
    expect(await fx.db.billingModeChange.count({ where: { desktopId: d.id } })).toBe(2);

    expect(await fx.db.$transaction((tx) => cancelBillingChange(tx, dave, change.id))).toEqual({ ok: true });
    expect((await fx.db.billingModeChange.findUniqueOrThrow({ where: { id: change.id } })).status).toBe("CANCELLED");
    expect(await fx.db.$transaction((tx) => cancelBillingChange(tx, dave, change.id))).toMatchObject({ ok: false, code: "CONFLICT" });
    expect((await fx.auditOf(d.id)).map((a) => a.action)).toEqual(["desktop.billing.schedule", "desktop.billing.cancel"]);
  });

  it("is applied by the scheduled job at the 1st, once, with a MODIFY_RUNNING_MODE operation", async () => {
    const d = await fx.desktop({ runningMode: "ALWAYS_ON" });
    await fx.db.$transaction((tx) => changeBillingMode(tx, dave, { desktopId: d.id, toMode: "AUTO_STOP", autoStopTimeoutMinutes: 180 }, new Date("2027-01-10T10:00:00Z")));

    expect(await applyDueBillingChanges(fx.db, new Date("2027-01-31T23:59:59.999Z"))).toEqual({ applied: 0, cancelled: 0 });
    const atMidnight = await applyDueBillingChanges(fx.db, new Date("2027-02-01T00:00:30Z"));
    expect(atMidnight.applied).toBeGreaterThanOrEqual(1);
    const change = await fx.db.billingModeChange.findFirstOrThrow({ where: { desktopId: d.id, toMode: "AUTO_STOP" } });
    expect(change.status).toBe("APPLIED");
    // Billing counts from the 1st, not from when the job happened to run.
    expect(change.effectiveAt.toISOString()).toBe("2027-02-01T00:00:00.000Z");
    const op = await fx.db.operation.findFirstOrThrow({ where: { desktopId: d.id } });
    expect(op).toMatchObject({ id: change.operationId, type: "MODIFY_RUNNING_MODE", status: "QUEUED", region: "us-east-1" });
    expect(op.payload).toEqual({ runningMode: "AUTO_STOP", autoStopTimeoutMinutes: 180, billingChangeId: change.id });
    expect((await fx.auditOf(d.id)).map((a) => a.action)).toContain("desktop.billing.apply");

    await applyDueBillingChanges(fx.db, new Date("2027-02-01T00:01:30Z"));
    expect(await fx.db.operation.count({ where: { desktopId: d.id } })).toBe(1);
  });

  it("cancels a due change whose desktop was terminated meanwhile", async () => {
    const d = await fx.desktop({ runningMode: "ALWAYS_ON" });
    await fx.db.$transaction((tx) => changeBillingMode(tx, dave, { desktopId: d.id, toMode: "AUTO_STOP", autoStopTimeoutMinutes: 60 }, new Date("2027-03-10T10:00:00Z")));
    await fx.db.desktop.update({ where: { id: d.id }, data: { state: "TERMINATED", terminatedAt: new Date("2027-03-20T00:00:00Z") } });
    await applyDueBillingChanges(fx.db, new Date("2027-04-01T00:00:00Z"));
    expect((await fx.db.billingModeChange.findFirstOrThrow({ where: { desktopId: d.id, toMode: "AUTO_STOP" } })).status).toBe("CANCELLED");
    expect(await fx.db.operation.count({ where: { desktopId: d.id } })).toBe(0);
  });
});

describe("AutoStop → AlwaysOn at once", () => {
  it("applies it now with an operation for the worker, and the worker's answer sets the desktop's mode", async () => {
    const d = await fx.desktop({ runningMode: "AUTO_STOP" });
    const now = new Date("2027-01-15T12:00:00Z");
    const outcome = await fx.db.$transaction((tx) => changeBillingMode(tx, dave, { desktopId: d.id, toMode: "ALWAYS_ON", autoStopTimeoutMinutes: null }, now));
    expect(outcome).toMatchObject({ ok: true, kind: "IMMEDIATE", effectiveAt: now });
    const change = await fx.db.billingModeChange.findFirstOrThrow({ where: { desktopId: d.id, toMode: "ALWAYS_ON" } });
    expect(change).toMatchObject({ status: "APPLIED", fromMode: "AUTO_STOP", autoStopTimeoutMinutes: null });
    const op = await fx.db.operation.findUniqueOrThrow({ where: { id: change.operationId! } });
    expect(op.payload).toEqual({ runningMode: "ALWAYS_ON", autoStopTimeoutMinutes: null, billingChangeId: change.id });

    // The worker claims it and records AWS's acceptance.
    await fx.db.operation.update({ where: { id: op.id }, data: { status: "RUNNING", lockedBy: "worker-1" } });
    expect(await recordRunningModeResult(fx.db, { operationId: op.id, workerId: "worker-2", desktopId: d.id, runningMode: "ALWAYS_ON", autoStopTimeoutMinutes: null, billingChangeId: change.id })).toBe(false);
    expect(await recordRunningModeResult(fx.db, { operationId: op.id, workerId: "worker-1", desktopId: d.id, runningMode: "ALWAYS_ON", autoStopTimeoutMinutes: null, billingChangeId: change.id })).toBe(true);
    expect(await fx.db.desktop.findUniqueOrThrow({ where: { id: d.id } })).toMatchObject({ runningMode: "ALWAYS_ON", autoStopTimeoutMinutes: null });
    expect((await fx.db.operation.findUniqueOrThrow({ where: { id: op.id } })).status).toBe("SUCCEEDED");
  });

  it("marks the change FAILED when AWS refuses, so costs keep the mode AWS bills", async () => {
    const d = await fx.desktop({ runningMode: "AUTO_STOP" });
    const outcome = await fx.db.$transaction((tx) => changeBillingMode(tx, dave, { desktopId: d.id, toMode: "ALWAYS_ON", autoStopTimeoutMinutes: null }, new Date("2027-01-15T12:00:00Z")));
    if (!outcome.ok) throw new Error(outcome.message);
    await fx.db.operation.update({ where: { id: outcome.operationId! }, data: { status: "RUNNING", lockedBy: "w" } });
    await recordRunningModeResult(fx.db, {
      operationId: outcome.operationId!,
      workerId: "w",
      desktopId: d.id,
      runningMode: "ALWAYS_ON",
      autoStopTimeoutMinutes: null,
      billingChangeId: outcome.changeId,
      failure: { code: "InvalidResourceStateException", message: "The WorkSpace is in state REBOOTING." },
    });
    expect((await fx.db.billingModeChange.findUniqueOrThrow({ where: { id: outcome.changeId } })).status).toBe("FAILED");
    expect((await fx.db.desktop.findUniqueOrThrow({ where: { id: d.id } })).runningMode).toBe("AUTO_STOP");
    const audit = await fx.auditOf(d.id);
    expect(audit.at(-1)).toMatchObject({ action: "desktop.modify_running_mode", outcome: "FAILURE" });
    // With the failed change out of the way, a new change plans from AutoStop again.
    const retry = await fx.db.$transaction((tx) => changeBillingMode(tx, dave, { desktopId: d.id, toMode: "ALWAYS_ON", autoStopTimeoutMinutes: null }, new Date("2027-01-15T13:00:00Z")));
    expect(retry).toMatchObject({ ok: true, kind: "IMMEDIATE" });
  });

  it("refuses an immediate change while another action on the desktop is in progress", async () => {
    const d = await fx.desktop({ runningMode: "AUTO_STOP" });
    await fx.db.operation.create({ data: { type: "REBOOT", desktopId: d.id, region: "us-east-1" } });
    const outcome = await fx.db.$transaction((tx) => changeBillingMode(tx, dave, { desktopId: d.id, toMode: "ALWAYS_ON", autoStopTimeoutMinutes: null }));
    expect(outcome).toEqual({ ok: false, code: "CONFLICT", message: "Another action on this desktop is still in progress." });
  });

  it("refuses an immediate change while AWS cannot modify the desktop", async () => {
    const d = await fx.desktop({ runningMode: "AUTO_STOP", state: "REBOOTING" });
    const outcome = await fx.db.$transaction((tx) => changeBillingMode(tx, dave, { desktopId: d.id, toMode: "ALWAYS_ON", autoStopTimeoutMinutes: null }));
    expect(outcome).toMatchObject({ ok: false, code: "CONFLICT" });
    expect(await fx.db.billingModeChange.count({ where: { desktopId: d.id } })).toBe(1);
  });
});
