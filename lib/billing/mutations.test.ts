// Integration tests on a real, migrated test database: scheduling, cancelling and applying
// billing-mode changes, employees' requests, the worker's result, and the recommendations and
// cost policy on the demo data.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "@/lib/db/generated/client";
import { createTestDb } from "@/test-support/test-db";
import { runCostPolicy } from "./cost-policy";
import { billingMonthOf, previousMonth } from "./month";
import {
  cancelBillingChange,
  changeBillingMode,
  createBillingRequest,
  decideBillingRequest,
  recordRunningModeResult,
  savePrice,
  withdrawBillingRequest,
} from "./mutations";
import { computeFleetCosts } from "./queries";
import { applyDueBillingChanges } from "./scheduler";
import { DEMO_BILLING_DESKTOPS, ensureDefaultPrices, seedBillingDemo } from "./seed";
import { demoDesktopsCreatedInAws } from "@/test-support/billing-seed";
import type { DesktopState } from "@/lib/desktops/desktop-state";

let db: PrismaClient;
let close: () => Promise<void>;

const DIRECTORY = "d-9067000001";
const people = {
  alice: { id: "u-alice", email: "alice@example.com", name: "Alice", role: "EMPLOYEE" as const },
  carol: { id: "u-carol", email: "carol@example.com", name: "Carol", role: "APPROVER" as const },
  dave: { id: "u-dave", email: "dave@example.com", name: "Dave", role: "ADMIN" as const },
};
const dave = people.dave;
const BUNDLES = [
  { id: "wsb-v7ko4r7f1", name: "Standard with Windows 10 (Server 2022 based)", computeType: "STANDARD", platform: "WINDOWS" as const, rootVolumeGiB: 80, userVolumeGiB: 50 },
  { id: "wsb-7y5x2otlg", name: "Performance with Windows 10 (Server 2022 based)", computeType: "PERFORMANCE", platform: "WINDOWS" as const, rootVolumeGiB: 80, userVolumeGiB: 100 },
  { id: "wsb-a5frhw29a", name: "Power with Windows 10 (Server 2022 based)", computeType: "POWER", platform: "WINDOWS" as const, rootVolumeGiB: 175, userVolumeGiB: 100 },
  { id: "wsb-a0i7ctwju", name: "Value with Amazon Linux 2", computeType: "VALUE", platform: "LINUX" as const, rootVolumeGiB: 80, userVolumeGiB: 10 },
  { id: "wsb-f8dj8akz1", name: "Standard with Amazon Linux 2", computeType: "STANDARD", platform: "LINUX" as const, rootVolumeGiB: 80, userVolumeGiB: 50 },
];

beforeAll(async () => {
  ({ db, close } = await createTestDb());
  await db.directory.create({ data: { id: DIRECTORY, name: "corp.example.com", type: "SIMPLE_AD", region: "us-east-1", stage: "Active", registered: true, registrationCode: "SLiad+C0RP7X" } });
  for (const b of BUNDLES) await db.bundle.create({ data: { ...b, owner: "AMAZON", region: "us-east-1" } });
  for (const p of Object.values(people)) await db.user.create({ data: { ...p, directoryId: DIRECTORY, directoryUserName: p.email.split("@")[0] } });
  await ensureDefaultPrices(db);
});
afterAll(() => close?.());

let counter = 0;
async function desktop(extra: { runningMode: "AUTO_STOP" | "ALWAYS_ON"; state?: DesktopState; ownerId?: string; createdAt?: Date }) {
  counter++;
  const createdAt = extra.createdAt ?? new Date("2026-10-01T00:00:00Z");
  const timeout = extra.runningMode === "AUTO_STOP" ? 60 : null;
  return db.desktop.create({
    data: {
      workspaceId: `ws-test${String(counter).padStart(5, "0")}`,
      ownerId: extra.ownerId ?? people.alice.id,
      directoryId: DIRECTORY,
      userName: "alice",
      bundleId: BUNDLES[0].id,
      runningMode: extra.runningMode,
      autoStopTimeoutMinutes: timeout,
      state: extra.state ?? "AVAILABLE",
      createdAt,
      billingChanges: { create: { toMode: extra.runningMode, autoStopTimeoutMinutes: timeout, status: "APPLIED", effectiveAt: createdAt } },
    },
  });
}

const auditOf = (desktopId: string) => db.auditEvent.findMany({ where: { targetType: "desktop", targetId: desktopId }, orderBy: { at: "asc" } });

describe("scheduling and cancelling an AlwaysOn → AutoStop change", () => {
  it("schedules it PENDING for 00:00 UTC on the 1st, changes nothing at AWS yet, and audits it", async () => {
    const d = await desktop({ runningMode: "ALWAYS_ON" });
    const now = new Date("2027-01-31T23:59:00Z");
    const outcome = await db.$transaction((tx) => changeBillingMode(tx, dave, { desktopId: d.id, toMode: "AUTO_STOP", autoStopTimeoutHours: 2 }, now));
    expect(outcome).toMatchObject({ ok: true, kind: "SCHEDULED", operationId: null });
    const change = await db.billingModeChange.findFirstOrThrow({ where: { desktopId: d.id, status: "PENDING" } });
    expect(change).toMatchObject({ fromMode: "ALWAYS_ON", toMode: "AUTO_STOP", autoStopTimeoutMinutes: 120, requestedById: dave.id });
    expect(change.effectiveAt.toISOString()).toBe("2027-02-01T00:00:00.000Z");
    expect(await db.operation.count({ where: { desktopId: d.id } })).toBe(0);
    expect((await db.desktop.findUniqueOrThrow({ where: { id: d.id } })).runningMode).toBe("ALWAYS_ON");
    expect((await auditOf(d.id)).map((a) => a.action)).toEqual(["desktop.billing.schedule"]);

    // One change at a time: a second one is refused, with nothing written.
    const second = await db.$transaction((tx) => changeBillingMode(tx, dave, { desktopId: d.id, toMode: "AUTO_STOP", autoStopTimeoutHours: 1 }, now));
    expect(second).toMatchObject({ ok: false, code: "CONFLICT" });
    expect(await db.billingModeChange.count({ where: { desktopId: d.id } })).toBe(2);

    expect(await db.$transaction((tx) => cancelBillingChange(tx, dave, change.id))).toEqual({ ok: true });
    expect((await db.billingModeChange.findUniqueOrThrow({ where: { id: change.id } })).status).toBe("CANCELLED");
    expect(await db.$transaction((tx) => cancelBillingChange(tx, dave, change.id))).toMatchObject({ ok: false, code: "CONFLICT" });
    expect((await auditOf(d.id)).map((a) => a.action)).toEqual(["desktop.billing.schedule", "desktop.billing.cancel"]);
  });

  it("is applied by the scheduled job at the 1st, once, with a MODIFY_RUNNING_MODE operation", async () => {
    const d = await desktop({ runningMode: "ALWAYS_ON" });
    await db.$transaction((tx) => changeBillingMode(tx, dave, { desktopId: d.id, toMode: "AUTO_STOP", autoStopTimeoutHours: 3 }, new Date("2027-01-10T10:00:00Z")));

    expect(await applyDueBillingChanges(db, new Date("2027-01-31T23:59:59.999Z"))).toEqual({ applied: 0, cancelled: 0 });
    const atMidnight = await applyDueBillingChanges(db, new Date("2027-02-01T00:00:30Z"));
    expect(atMidnight.applied).toBeGreaterThanOrEqual(1);
    const change = await db.billingModeChange.findFirstOrThrow({ where: { desktopId: d.id, toMode: "AUTO_STOP" } });
    expect(change.status).toBe("APPLIED");
    // Billing counts from the 1st, not from when the job happened to run.
    expect(change.effectiveAt.toISOString()).toBe("2027-02-01T00:00:00.000Z");
    const op = await db.operation.findFirstOrThrow({ where: { desktopId: d.id } });
    expect(op).toMatchObject({ id: change.operationId, type: "MODIFY_RUNNING_MODE", status: "QUEUED", region: "us-east-1" });
    expect(op.payload).toEqual({ runningMode: "AUTO_STOP", autoStopTimeoutMinutes: 180, billingChangeId: change.id });
    expect((await auditOf(d.id)).map((a) => a.action)).toContain("desktop.billing.apply");

    await applyDueBillingChanges(db, new Date("2027-02-01T00:01:30Z"));
    expect(await db.operation.count({ where: { desktopId: d.id } })).toBe(1);
  });

  it("cancels a due change whose desktop was terminated meanwhile", async () => {
    const d = await desktop({ runningMode: "ALWAYS_ON" });
    await db.$transaction((tx) => changeBillingMode(tx, dave, { desktopId: d.id, toMode: "AUTO_STOP", autoStopTimeoutHours: 1 }, new Date("2027-03-10T10:00:00Z")));
    await db.desktop.update({ where: { id: d.id }, data: { state: "TERMINATED", terminatedAt: new Date("2027-03-20T00:00:00Z") } });
    await applyDueBillingChanges(db, new Date("2027-04-01T00:00:00Z"));
    expect((await db.billingModeChange.findFirstOrThrow({ where: { desktopId: d.id, toMode: "AUTO_STOP" } })).status).toBe("CANCELLED");
    expect(await db.operation.count({ where: { desktopId: d.id } })).toBe(0);
  });
});

describe("AutoStop → AlwaysOn at once", () => {
  it("applies it now with an operation for the worker, and the worker's answer sets the desktop's mode", async () => {
    const d = await desktop({ runningMode: "AUTO_STOP" });
    const now = new Date("2027-01-15T12:00:00Z");
    const outcome = await db.$transaction((tx) => changeBillingMode(tx, dave, { desktopId: d.id, toMode: "ALWAYS_ON", autoStopTimeoutHours: null }, now));
    expect(outcome).toMatchObject({ ok: true, kind: "IMMEDIATE", effectiveAt: now });
    const change = await db.billingModeChange.findFirstOrThrow({ where: { desktopId: d.id, toMode: "ALWAYS_ON" } });
    expect(change).toMatchObject({ status: "APPLIED", fromMode: "AUTO_STOP", autoStopTimeoutMinutes: null });
    const op = await db.operation.findUniqueOrThrow({ where: { id: change.operationId! } });
    expect(op.payload).toEqual({ runningMode: "ALWAYS_ON", autoStopTimeoutMinutes: null, billingChangeId: change.id });

    // The worker claims it and records AWS's acceptance.
    await db.operation.update({ where: { id: op.id }, data: { status: "RUNNING", lockedBy: "worker-1" } });
    expect(await recordRunningModeResult(db, { operationId: op.id, workerId: "worker-2", desktopId: d.id, runningMode: "ALWAYS_ON", autoStopTimeoutMinutes: null, billingChangeId: change.id })).toBe(false);
    expect(await recordRunningModeResult(db, { operationId: op.id, workerId: "worker-1", desktopId: d.id, runningMode: "ALWAYS_ON", autoStopTimeoutMinutes: null, billingChangeId: change.id })).toBe(true);
    expect(await db.desktop.findUniqueOrThrow({ where: { id: d.id } })).toMatchObject({ runningMode: "ALWAYS_ON", autoStopTimeoutMinutes: null });
    expect((await db.operation.findUniqueOrThrow({ where: { id: op.id } })).status).toBe("SUCCEEDED");
  });

  it("marks the change FAILED when AWS refuses, so costs keep the mode AWS bills", async () => {
    const d = await desktop({ runningMode: "AUTO_STOP" });
    const outcome = await db.$transaction((tx) => changeBillingMode(tx, dave, { desktopId: d.id, toMode: "ALWAYS_ON", autoStopTimeoutHours: null }, new Date("2027-01-15T12:00:00Z")));
    if (!outcome.ok) throw new Error(outcome.message);
    await db.operation.update({ where: { id: outcome.operationId! }, data: { status: "RUNNING", lockedBy: "w" } });
    await recordRunningModeResult(db, {
      operationId: outcome.operationId!,
      workerId: "w",
      desktopId: d.id,
      runningMode: "ALWAYS_ON",
      autoStopTimeoutMinutes: null,
      billingChangeId: outcome.changeId,
      failure: { code: "InvalidResourceStateException", message: "The WorkSpace is in state REBOOTING." },
    });
    expect((await db.billingModeChange.findUniqueOrThrow({ where: { id: outcome.changeId } })).status).toBe("FAILED");
    expect((await db.desktop.findUniqueOrThrow({ where: { id: d.id } })).runningMode).toBe("AUTO_STOP");
    const audit = await auditOf(d.id);
    expect(audit.at(-1)).toMatchObject({ action: "desktop.modify_running_mode", outcome: "FAILURE" });
    // With the failed change out of the way, a new change plans from AutoStop again.
    const retry = await db.$transaction((tx) => changeBillingMode(tx, dave, { desktopId: d.id, toMode: "ALWAYS_ON", autoStopTimeoutHours: null }, new Date("2027-01-15T13:00:00Z")));
    expect(retry).toMatchObject({ ok: true, kind: "IMMEDIATE" });
  });

  it("refuses an immediate change while another action on the desktop is in progress", async () => {
    const d = await desktop({ runningMode: "AUTO_STOP" });
    await db.operation.create({ data: { type: "REBOOT", desktopId: d.id, region: "us-east-1" } });
    const outcome = await db.$transaction((tx) => changeBillingMode(tx, dave, { desktopId: d.id, toMode: "ALWAYS_ON", autoStopTimeoutHours: null }));
    expect(outcome).toEqual({ ok: false, code: "CONFLICT", message: "Another action on this desktop is still in progress." });
  });

  it("refuses an immediate change while AWS cannot modify the desktop", async () => {
    const d = await desktop({ runningMode: "AUTO_STOP", state: "REBOOTING" });
    const outcome = await db.$transaction((tx) => changeBillingMode(tx, dave, { desktopId: d.id, toMode: "ALWAYS_ON", autoStopTimeoutHours: null }));
    expect(outcome).toMatchObject({ ok: false, code: "CONFLICT" });
    expect(await db.billingModeChange.count({ where: { desktopId: d.id } })).toBe(1);
  });
});

describe("an employee's billing-mode request", () => {
  it("is approved by someone else and then scheduled by the month rules", async () => {
    const d = await desktop({ runningMode: "ALWAYS_ON" });
    const now = new Date("2027-05-20T08:00:00Z");
    const created = await db.$transaction((tx) => createBillingRequest(tx, people.alice, { desktopId: d.id, toMode: "AUTO_STOP", autoStopTimeoutHours: 1, reason: "I only use it on Mondays." }, now));
    if (!created.ok) throw new Error(created.message);
    const duplicate = await db.$transaction((tx) => createBillingRequest(tx, people.alice, { desktopId: d.id, toMode: "AUTO_STOP", autoStopTimeoutHours: 2, reason: "Second try at the same." }, now));
    expect(duplicate).toMatchObject({ ok: false, code: "CONFLICT" });

    const own = await db.$transaction((tx) => decideBillingRequest(tx, people.alice, { requestId: created.requestId, decision: "APPROVE", reason: "" }, now));
    expect(own).toMatchObject({ ok: false, code: "CONFLICT" });

    const approved = await db.$transaction((tx) => decideBillingRequest(tx, people.carol, { requestId: created.requestId, decision: "APPROVE", reason: "Fine." }, now));
    expect(approved).toMatchObject({ ok: true, status: "APPROVED", change: { ok: true, kind: "SCHEDULED" } });
    const request = await db.billingModeRequest.findUniqueOrThrow({ where: { id: created.requestId } });
    const change = await db.billingModeChange.findUniqueOrThrow({ where: { id: request.billingChangeId! } });
    expect(change).toMatchObject({ status: "PENDING", toMode: "AUTO_STOP", requestedById: people.alice.id });
    expect(change.effectiveAt.toISOString()).toBe("2027-06-01T00:00:00.000Z");
    expect(change.note).toContain("approved by carol@example.com");
    expect(await withdrawBillingRequest(db as never, people.alice, created.requestId)).toMatchObject({ ok: false, code: "CONFLICT" });
    const twice = await db.$transaction((tx) => decideBillingRequest(tx, people.dave, { requestId: created.requestId, decision: "REJECT", reason: "No." }, now));
    expect(twice).toMatchObject({ ok: false, code: "CONFLICT" });
  });

  it("can be withdrawn before a decision, and a rejection writes no change", async () => {
    const d = await desktop({ runningMode: "AUTO_STOP" });
    const a = await db.$transaction((tx) => createBillingRequest(tx, people.alice, { desktopId: d.id, toMode: "ALWAYS_ON", autoStopTimeoutHours: null, reason: "Working full days now." }));
    if (!a.ok) throw new Error(a.message);
    expect(await db.$transaction((tx) => withdrawBillingRequest(tx, people.alice, a.requestId))).toEqual({ ok: true });
    const b = await db.$transaction((tx) => createBillingRequest(tx, people.alice, { desktopId: d.id, toMode: "ALWAYS_ON", autoStopTimeoutHours: null, reason: "Working full days now." }));
    if (!b.ok) throw new Error(b.message);
    const rejected = await db.$transaction((tx) => decideBillingRequest(tx, people.carol, { requestId: b.requestId, decision: "REJECT", reason: "Usage does not justify it." }));
    expect(rejected).toMatchObject({ ok: true, status: "REJECTED", change: null });
    expect(await db.billingModeChange.count({ where: { desktopId: d.id } })).toBe(1);
  });
});

describe("prices", () => {
  it("keeps one row per region, compute type and platform, and audits edits with before and after", async () => {
    const row = await db.billingPrice.findFirstOrThrow({ where: { region: "us-east-1", computeType: "STANDARD", platform: "WINDOWS" } });
    const values = { region: "us-east-1", computeType: "STANDARD", platform: "WINDOWS" as const, currency: "USD", alwaysOnMonthly: 35, autoStopMonthly: 9.75, autoStopHourly: 0.3, includedStorageGiB: 130, storagePerGiBMonthly: 0.1, source: "test" };
    expect(await db.$transaction((tx) => savePrice(tx, dave, values))).toMatchObject({ ok: false, code: "CONFLICT" });
    expect(await db.$transaction((tx) => savePrice(tx, dave, { ...values, priceId: row.id, autoStopHourly: 0.31 }))).toEqual({ ok: true, priceId: row.id });
    expect((await db.billingPrice.findUniqueOrThrow({ where: { id: row.id } })).autoStopHourly.toNumber()).toBe(0.31);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "billing.price.update", targetId: row.id } });
    expect(audit.details).toMatchObject({ before: { autoStopHourly: "0.3" }, after: { autoStopHourly: "0.31" } });
    await db.$transaction((tx) => savePrice(tx, dave, { ...values, priceId: row.id }));
  });
});

describe("recommendations and the cost policy on the demo data", () => {
  // Mid-February 2027: last month is January (31 days).
  const now = new Date("2027-02-16T12:00:00Z");

  it("shows last month's costs as the demo's usage implies them", async () => {
    const ids = DEMO_BILLING_DESKTOPS.map((d) => d.id);
    await seedBillingDemo(db, now);
    // The desktops go to AWS through the outbox like any approved request, tags included.
    const creates = await db.operation.findMany({ where: { type: "CREATE", desktopId: { in: ids } } });
    expect(creates).toHaveLength(6);
    expect(creates.find((o) => o.desktopId === "demo-billing-ivan")!.payload).toEqual({ tags: { CostCenter: "CC-3003", Department: "Design", BillingExempt: "true" } });
    expect((await computeFleetCosts(db, billingMonthOf(now), now, ids)).rows).toHaveLength(0); // not in AWS yet: no cost
    await demoDesktopsCreatedInAws(db);
    await seedBillingDemo(db, now); // again: nothing new but the sessions
    expect(await db.operation.count({ where: { type: "CREATE", desktopId: { in: ids } } })).toBe(6);
    const jan = previousMonth(billingMonthOf(now));
    const fleet = await computeFleetCosts(db, jan, now, DEMO_BILLING_DESKTOPS.map((d) => d.id));
    const cost = Object.fromEntries(fleet.rows.map((r) => [r.id, r]));
    const D = 31;
    expect(cost["demo-billing-erin"].projected).toBeCloseTo(35, 6); // AlwaysOn Standard Windows
    expect(cost["demo-billing-frank"].projected).toBeCloseTo(9.75 + 11 * D * 0.3, 6); // 08–18 + 1 h idle
    expect(cost["demo-billing-frank"].billedHoursToDate).toBe(11 * D);
    expect(cost["demo-billing-grace"].projected).toBeCloseTo(60, 6);
    expect(cost["demo-billing-heidi"].projected).toBeCloseTo(7.25 + 2 * D * 0.17, 6);
    expect(cost["demo-billing-ivan"].projected).toBeCloseTo(80, 6);
    expect(cost["demo-billing-judy"].projected).toBeCloseTo(9.75 + 10 * D * 0.19, 6); // 09–17 + 2 h idle
    for (const r of fleet.rows) expect(r.toDate).toBeCloseTo(r.projected, 6);
  });

  it("recommends by projected hours against the break-even, and the policy's dry run changes nothing", async () => {
    const fleet = await computeFleetCosts(db, billingMonthOf(now), now, DEMO_BILLING_DESKTOPS.map((d) => d.id));
    const rec = Object.fromEntries(fleet.rows.map((r) => [r.id, r.recommendation]));
    expect(rec["demo-billing-erin"]).toMatchObject({ action: "SWITCH_TO_AUTO_STOP", blocker: null });
    expect(rec["demo-billing-erin"].effectiveAt!.toISOString()).toBe("2027-03-01T00:00:00.000Z");
    expect(rec["demo-billing-frank"]).toMatchObject({ action: "SWITCH_TO_ALWAYS_ON", blocker: null });
    expect(rec["demo-billing-judy"]).toMatchObject({ action: "SWITCH_TO_ALWAYS_ON" });
    expect(rec["demo-billing-grace"].action).toBe("KEEP");
    expect(rec["demo-billing-heidi"].action).toBe("KEEP");
    expect(rec["demo-billing-ivan"].action).toBe("SWITCH_TO_AUTO_STOP");
    // Erin runs 2 clock hours a day: 32 h by 16 February 12:00 (372 of 672 h), and the last four
    // weeks' rate (56 of 672 h) for the remaining 300 h: 57 h, under Standard Windows' 84.2 h.
    expect(rec["demo-billing-erin"].hoursSoFar).toBe(32);
    expect(rec["demo-billing-erin"].projectedHours).toBeCloseTo(32 + (56 / 672) * 300, 6);
    expect(rec["demo-billing-erin"].monthlySaving).toBeCloseTo(35 - (9.75 + rec["demo-billing-erin"].projectedHours * 0.3), 6);

    const before = await db.billingModeChange.count();
    const dry = await runCostPolicy(db, { now, dryRun: true, actor: dave });
    const byId = Object.fromEntries(dry.items.map((i) => [i.desktopId, i]));
    expect(byId["demo-billing-erin"].outcome).toBe("WOULD_SCHEDULE");
    expect(byId["demo-billing-frank"].outcome).toBe("WOULD_APPLY");
    expect(byId["demo-billing-ivan"]).toMatchObject({ outcome: "SKIPPED", detail: expect.stringContaining("BillingExempt") });
    expect(byId["demo-billing-grace"]).toBeUndefined();
    expect(await db.billingModeChange.count()).toBe(before);
  });

  it("applies them by the month rules, leaves exempt desktops alone, and does not act twice", async () => {
    const run = await runCostPolicy(db, { now, dryRun: false, actor: null });
    const byId = Object.fromEntries(run.items.map((i) => [i.desktopId, i]));
    expect(byId["demo-billing-erin"]).toMatchObject({ outcome: "SCHEDULED", effectiveAt: "2027-03-01T00:00:00.000Z" });
    expect(byId["demo-billing-frank"].outcome).toBe("APPLIED");
    expect(byId["demo-billing-judy"].outcome).toBe("APPLIED");
    expect(byId["demo-billing-ivan"].outcome).toBe("SKIPPED");
    expect(await db.billingModeChange.count({ where: { desktopId: "demo-billing-ivan" } })).toBe(1);
    expect(await db.operation.count({ where: { desktopId: { in: ["demo-billing-frank", "demo-billing-judy"] }, type: "MODIFY_RUNNING_MODE" } })).toBe(2);
    expect(await db.auditEvent.count({ where: { targetId: "demo-billing-frank", action: "desktop.billing.change" } })).toBe(1);

    const again = await runCostPolicy(db, { now: new Date(now.getTime() + 3_600_000), dryRun: false, actor: null });
    expect(again.items.filter((i) => i.outcome === "APPLIED" || i.outcome === "SCHEDULED")).toEqual([]);
    expect(await db.billingModeChange.count({ where: { desktopId: "demo-billing-erin", status: "PENDING" } })).toBe(1);
    // Frank is AlwaysOn from now on by the billing history, before AWS has even confirmed it.
    const after = await computeFleetCosts(db, billingMonthOf(now), new Date(now.getTime() + 3_600_000), ["demo-billing-frank"]);
    expect(after.rows[0].mode).toBe("ALWAYS_ON");
    expect(after.rows[0].recommendation.action).toBe("KEEP");
  });
});
