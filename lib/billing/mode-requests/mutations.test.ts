// Integration tests on a real, migrated test database: employees' billing-mode requests, their
// withdrawal and an approver's decision.
import { describe, expect, it } from "vitest";
import { billingPeople as people, useBillingTestDb } from "@/test-support/billing-fixture";
import { createBillingRequest, decideBillingRequest, withdrawBillingRequest } from "./mutations";

const fx = useBillingTestDb();

describe("an employee's billing-mode request", () => {
  it("is approved by someone else and then scheduled by the month rules", async () => {
    const d = await fx.desktop({ runningMode: "ALWAYS_ON" });
    const now = new Date("2027-05-20T08:00:00Z");
    const created = await fx.db.$transaction((tx) => createBillingRequest(tx, people.alice, { desktopId: d.id, toMode: "AUTO_STOP", autoStopTimeoutMinutes: 60, reason: "I only use it on Mondays." }, now));
    if (!created.ok) throw new Error(created.message);
    const duplicate = await fx.db.$transaction((tx) => createBillingRequest(tx, people.alice, { desktopId: d.id, toMode: "AUTO_STOP", autoStopTimeoutMinutes: 120, reason: "Second try at the same." }, now));
    expect(duplicate).toMatchObject({ ok: false, code: "CONFLICT" });

    const own = await fx.db.$transaction((tx) => decideBillingRequest(tx, people.alice, { requestId: created.requestId, decision: "APPROVE", reason: "" }, now));
    expect(own).toMatchObject({ ok: false, code: "CONFLICT" });

    const approved = await fx.db.$transaction((tx) => decideBillingRequest(tx, people.carol, { requestId: created.requestId, decision: "APPROVE", reason: "Fine." }, now));
    expect(approved).toMatchObject({ ok: true, status: "APPROVED", change: { ok: true, kind: "SCHEDULED" } });
    const request = await fx.db.billingModeRequest.findUniqueOrThrow({ where: { id: created.requestId } });
    const change = await fx.db.billingModeChange.findUniqueOrThrow({ where: { id: request.billingChangeId! } });
    expect(change).toMatchObject({ status: "PENDING", toMode: "AUTO_STOP", requestedById: people.alice.id });
    expect(change.effectiveAt.toISOString()).toBe("2027-06-01T00:00:00.000Z");
    expect(change.note).toContain("approved by carol@example.com");
    expect(await withdrawBillingRequest(fx.db as never, people.alice, created.requestId)).toMatchObject({ ok: false, code: "CONFLICT" });
    const twice = await fx.db.$transaction((tx) => decideBillingRequest(tx, people.dave, { requestId: created.requestId, decision: "REJECT", reason: "No." }, now));
    expect(twice).toMatchObject({ ok: false, code: "CONFLICT" });
  });

  it("can be withdrawn before a decision, and a rejection writes no change", async () => {
    const d = await fx.desktop({ runningMode: "AUTO_STOP" });
    const a = await fx.db.$transaction((tx) => createBillingRequest(tx, people.alice, { desktopId: d.id, toMode: "ALWAYS_ON", autoStopTimeoutMinutes: null, reason: "Working full days now." }));
    if (!a.ok) throw new Error(a.message);
    expect(await fx.db.$transaction((tx) => withdrawBillingRequest(tx, people.alice, a.requestId))).toEqual({ ok: true });
    const b = await fx.db.$transaction((tx) => createBillingRequest(tx, people.alice, { desktopId: d.id, toMode: "ALWAYS_ON", autoStopTimeoutMinutes: null, reason: "Working full days now." }));
    if (!b.ok) throw new Error(b.message);
    const rejected = await fx.db.$transaction((tx) => decideBillingRequest(tx, people.carol, { requestId: b.requestId, decision: "REJECT", reason: "Usage does not justify it." }));
    expect(rejected).toMatchObject({ ok: true, status: "REJECTED", change: null });
    expect(await fx.db.billingModeChange.count({ where: { desktopId: d.id } })).toBe(1);
  });
});
