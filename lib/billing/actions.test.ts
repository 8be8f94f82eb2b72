// Every billing action and the CSV route called directly (not through the UI) by every kind of
// caller: refused calls return the right code and change nothing in the database.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { PrismaClient } from "@/lib/db/generated/client";
import { createTestDb } from "@/test-support/test-db";

let testDb: PrismaClient;
let caller: { id: string; email: string; name: string; role: "EMPLOYEE" | "APPROVER" | "ADMIN" } | null = null;

vi.mock("@/lib/db/client", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  get db() {
    return testDb;
  },
}));
vi.mock("@/lib/auth/session", () => ({ getActionUser: async () => caller, getCurrentUser: async () => caller }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const actions = {
  ...(await import("./mode-changes/actions")),
  ...(await import("./mode-requests/actions")),
  ...(await import("./prices/actions")),
  ...(await import("./costs/actions")),
};
const { GET: exportCsv } = await import("@/app/(portal)/admin/billing/export/route");
const { ensureDefaultPrices } = await import("./seed");

const people = {
  alice: { id: "u-alice", email: "alice@example.com", name: "Alice", role: "EMPLOYEE" as const },
  bob: { id: "u-bob", email: "bob@example.com", name: "Bob", role: "EMPLOYEE" as const },
  carol: { id: "u-carol", email: "carol@example.com", name: "Carol", role: "APPROVER" as const },
  dave: { id: "u-dave", email: "dave@example.com", name: "Dave", role: "ADMIN" as const },
};
type Who = keyof typeof people | "anonymous";
const DIRECTORY = "d-1234567890";
const BUNDLE = "wsb-abcdefgh1";
let close: () => Promise<void>;

beforeAll(async () => {
  ({ db: testDb, close } = await createTestDb());
  await testDb.directory.create({ data: { id: DIRECTORY, name: "corp.example.com", type: "SIMPLE_AD", region: "us-east-1", stage: "Active", registered: true } });
  await testDb.bundle.create({ data: { id: BUNDLE, name: "Standard with Windows", owner: "AMAZON", computeType: "STANDARD", platform: "WINDOWS", rootVolumeGiB: 80, userVolumeGiB: 50, region: "us-east-1" } });
  for (const p of Object.values(people)) await testDb.user.create({ data: { ...p, directoryId: DIRECTORY, directoryUserName: p.email.split("@")[0] } });
  await ensureDefaultPrices(testDb);
});
afterAll(() => close?.());

// Alice's AlwaysOn desktop with a scheduled change and an open request of hers on a second one.
beforeEach(async () => {
  await testDb.billingModeRequest.deleteMany();
  await testDb.operation.deleteMany();
  await testDb.billingModeChange.deleteMany();
  await testDb.desktop.deleteMany();
  const createdAt = new Date(Date.now() - 40 * 86_400_000);
  for (const [id, mode] of [["dk-alice", "ALWAYS_ON"], ["dk-alice-2", "ALWAYS_ON"]] as const) {
    await testDb.desktop.create({
      data: {
        id,
        workspaceId: `ws-${id.replace(/[^a-z0-9]/g, "").slice(0, 9)}`,
        ownerId: people.alice.id,
        directoryId: DIRECTORY,
        userName: "alice",
        bundleId: BUNDLE,
        runningMode: mode,
        state: "AVAILABLE",
        createdAt,
        billingChanges: { create: { toMode: mode, status: "APPLIED", effectiveAt: createdAt } },
      },
    });
  }
  await testDb.billingModeChange.create({ data: { id: "ch-pending", desktopId: "dk-alice-2", fromMode: "ALWAYS_ON", toMode: "AUTO_STOP", autoStopTimeoutMinutes: 60, status: "PENDING", effectiveAt: new Date(Date.now() + 86_400_000) } });
  await testDb.billingModeRequest.create({ data: { id: "br-alice", desktopId: "dk-alice", requesterId: people.alice.id, toMode: "AUTO_STOP", autoStopTimeoutMinutes: 60, reason: "I only use it on Mondays." } });
});

async function snapshot() {
  const [changes, requests, prices, operations, audit, policy] = await Promise.all([
    testDb.billingModeChange.findMany({ orderBy: { id: "asc" }, select: { id: true, status: true } }),
    testDb.billingModeRequest.findMany({ orderBy: { id: "asc" }, select: { id: true, status: true } }),
    testDb.billingPrice.findMany({ orderBy: { id: "asc" }, select: { id: true, autoStopHourly: true } }),
    testDb.operation.count(),
    // Refused calls are recorded (DENIED); nothing else may be written by them.
    testDb.auditEvent.count({ where: { outcome: { not: "DENIED" } } }),
    testDb.billingPolicy.count(),
  ]);
  return JSON.stringify({ changes, requests, prices: prices.map((p) => [p.id, p.autoStopHourly.toString()]), operations, audit, policy });
}

const as = (who: Who) => {
  caller = who === "anonymous" ? null : people[who];
};

type Expect = "ok" | "UNAUTHENTICATED" | "FORBIDDEN" | "NOT_FOUND" | "INVALID_INPUT";

const denied = () => testDb.auditEvent.findMany({ where: { outcome: "DENIED" }, orderBy: [{ at: "asc" }, { actorEmail: "asc" }] });

async function expectOutcome(who: Who, call: () => Promise<{ ok: boolean; code?: string }>, expected: Expect) {
  as(who);
  const before = await snapshot();
  const deniedBefore = (await denied()).length;
  const result = (await call()) as { ok: boolean; code?: string; message?: string };
  const newlyDenied = (await denied()).slice(deniedBefore);
  if (expected === "ok") {
    expect(result, `${who}: ${result.message ?? ""}`).toMatchObject({ ok: true });
  } else {
    expect(result, who).toMatchObject({ ok: false, code: expected });
    expect(await snapshot(), `${who} changed nothing`).toBe(before);
  }
  // Forbidden and not-found calls are in the audit trail, by whom; nothing else is recorded as refused.
  if (expected === "FORBIDDEN" || expected === "NOT_FOUND") {
    expect(newlyDenied.map((e) => [e.actorEmail, e.details]), who).toEqual([[people[who as keyof typeof people].email, { code: expected, via: "action" }]]);
  } else {
    expect(newlyDenied, who).toEqual([]);
  }
}

const price = { region: "us-east-1", computeType: "CUSTOM_TEST", platform: "LINUX", currency: "USD", alwaysOnMonthly: "67", autoStopMonthly: "19", autoStopHourly: "0.6", includedStorageGiB: "275", storagePerGiBMonthly: "0.1", source: "test", priceId: "" };

const table: [string, () => Promise<{ ok: boolean; code?: string }>, Record<Who, Expect>][] = [
  [
    "change a desktop's billing mode",
    () => actions.changeBillingMode({ desktopId: "dk-alice", toMode: "AUTO_STOP", autoStopTimeoutHours: "2" }),
    { anonymous: "UNAUTHENTICATED", alice: "FORBIDDEN", bob: "NOT_FOUND", carol: "FORBIDDEN", dave: "ok" },
  ],
  [
    "cancel a scheduled change",
    () => actions.cancelBillingChange({ changeId: "ch-pending" }),
    { anonymous: "UNAUTHENTICATED", alice: "FORBIDDEN", bob: "NOT_FOUND", carol: "FORBIDDEN", dave: "ok" },
  ],
  [
    "ask for a billing-mode change",
    () => actions.requestBillingMode({ desktopId: "dk-alice-2", toMode: "ALWAYS_ON", reason: "Working full days from now on." }),
    // dk-alice-2 has a change scheduled, so even Alice's request is refused (but after the policy).
    { anonymous: "UNAUTHENTICATED", alice: "ok", bob: "NOT_FOUND", carol: "FORBIDDEN", dave: "FORBIDDEN" },
  ],
  [
    "withdraw a request",
    () => actions.withdrawBillingRequest({ requestId: "br-alice" }),
    { anonymous: "UNAUTHENTICATED", alice: "ok", bob: "NOT_FOUND", carol: "FORBIDDEN", dave: "FORBIDDEN" },
  ],
  [
    "decide a request",
    () => actions.decideBillingRequest({ requestId: "br-alice", decision: "APPROVE" }),
    { anonymous: "UNAUTHENTICATED", alice: "FORBIDDEN", bob: "NOT_FOUND", carol: "ok", dave: "ok" },
  ],
  [
    "save a price",
    () => actions.savePrice(price),
    { anonymous: "UNAUTHENTICATED", alice: "FORBIDDEN", bob: "FORBIDDEN", carol: "FORBIDDEN", dave: "ok" },
  ],
  [
    "save the cost policy",
    () => actions.saveBillingPolicy({ autoApply: true, exemptTagKey: "BillingExempt", costCentreTagKey: "CostCenter", departmentTagKey: "Department", minObservedHours: "72", assumedAutoStopHours: "1" }),
    { anonymous: "UNAUTHENTICATED", alice: "FORBIDDEN", bob: "FORBIDDEN", carol: "FORBIDDEN", dave: "ok" },
  ],
  [
    "run the cost policy",
    () => actions.runCostPolicy({ dryRun: false }),
    { anonymous: "UNAUTHENTICATED", alice: "FORBIDDEN", bob: "FORBIDDEN", carol: "FORBIDDEN", dave: "ok" },
  ],
];

describe("billing actions, by caller", () => {
  for (const [name, call, expected] of table) {
    for (const who of Object.keys(expected) as Who[]) {
      it(`${name}: ${who} → ${expected[who]}`, async () => {
        if (name === "ask for a billing-mode change" && who === "alice") {
          // Policy lets her; the month rules refuse a second change while one is scheduled.
          as("alice");
          const before = await snapshot();
          expect(await call()).toMatchObject({ ok: false, code: "CONFLICT" });
          expect(await snapshot()).toBe(before);
          return;
        }
        await expectOutcome(who, call, expected[who]);
      });
    }
  }

  it("applying a recommendation is for admins only", async () => {
    for (const who of ["anonymous", "alice", "carol"] as const) {
      await expectOutcome(who, () => actions.applyRecommendation({ desktopId: "dk-alice" }), who === "anonymous" ? "UNAUTHENTICATED" : "FORBIDDEN");
    }
  });

  it("refuses malformed input before touching anything", async () => {
    await expectOutcome("dave", () => actions.changeBillingMode({ desktopId: "dk-alice", toMode: "AUTO_STOP", autoStopTimeoutHours: "1.5" }), "INVALID_INPUT");
    await expectOutcome("dave", () => actions.changeBillingMode({ desktopId: "dk-alice", toMode: "SOMETIMES" }), "INVALID_INPUT");
    await expectOutcome("dave", () => actions.savePrice({ ...price, autoStopHourly: "-1" }), "INVALID_INPUT");
    await expectOutcome("carol", () => actions.decideBillingRequest({ requestId: "br-alice", decision: "REJECT", reason: "" }), "INVALID_INPUT");
  });
});

describe("the AutoStop timeout: hours in the forms, minutes in the database", () => {
  it("stores an admin's change, an employee's request and its approval, and the cost policy's assumed timeout in minutes", async () => {
    as("dave");
    expect(await actions.changeBillingMode({ desktopId: "dk-alice", toMode: "AUTO_STOP", autoStopTimeoutHours: "3" })).toMatchObject({ ok: true, kind: "SCHEDULED" });
    const change = await testDb.billingModeChange.findFirstOrThrow({ where: { desktopId: "dk-alice", status: "PENDING" } });
    expect(change.autoStopTimeoutMinutes).toBe(180);
    expect(await actions.cancelBillingChange({ changeId: change.id })).toEqual({ ok: true });

    as("alice");
    expect(await actions.withdrawBillingRequest({ requestId: "br-alice" })).toEqual({ ok: true });
    const asked = await actions.requestBillingMode({ desktopId: "dk-alice", toMode: "AUTO_STOP", autoStopTimeoutHours: "2", reason: "I only use it two days a week." });
    if (!asked.ok) throw new Error(asked.message);
    expect((await testDb.billingModeRequest.findUniqueOrThrow({ where: { id: asked.requestId } })).autoStopTimeoutMinutes).toBe(120);
    as("carol");
    expect(await actions.decideBillingRequest({ requestId: asked.requestId, decision: "APPROVE" })).toMatchObject({ ok: true, status: "APPROVED" });
    expect((await testDb.billingModeChange.findFirstOrThrow({ where: { desktopId: "dk-alice", status: "PENDING" } })).autoStopTimeoutMinutes).toBe(120);

    as("dave");
    const settings = { autoApply: false, exemptTagKey: "BillingExempt", costCentreTagKey: "CostCenter", departmentTagKey: "Department", minObservedHours: "72", assumedAutoStopHours: "2" };
    expect(await actions.saveBillingPolicy(settings)).toEqual({ ok: true });
    expect((await testDb.billingPolicy.findUniqueOrThrow({ where: { id: "default" } })).assumedAutoStopMinutes).toBe(120);
  });
});

describe("CSV export route", () => {
  const get = () => exportCsv(new Request("http://localhost/admin/billing/export"));

  it("answers 401 to anonymous callers and 403 to everyone but admins, recording each refusal", async () => {
    as("anonymous");
    const deniedBefore = (await denied()).length;
    expect((await get()).status).toBe(401);
    for (const who of ["alice", "carol"] as const) {
      as(who);
      const response = await get();
      expect(response.status).toBe(403);
      // The refusal says nothing about what was refused.
      expect(await response.text()).toBe("Not allowed.");
    }
    const recorded = (await denied()).slice(deniedBefore);
    expect(recorded.map((e) => [e.actorEmail, e.action, e.details])).toEqual([
      ["alice@example.com", "billing.manage", { code: "FORBIDDEN", via: "route" }],
      ["carol@example.com", "billing.manage", { code: "FORBIDDEN", via: "route" }],
    ]);
  });

  it("gives admins one row per desktop, and refuses a malformed month", async () => {
    as("dave");
    const response = await get();
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/csv");
    const lines = (await response.text()).trim().split("\r\n");
    expect(lines[0].startsWith("month,desktop_id,")).toBe(true);
    expect(lines.filter((l) => l.includes(",dk-alice,") || l.includes(",dk-alice-2,"))).toHaveLength(2);
    expect((await exportCsv(new Request("http://localhost/admin/billing/export?month=2026-13"))).status).toBe(400);
  });
});
