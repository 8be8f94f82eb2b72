// Every server action called directly (not through the UI) by every kind of caller:
// refused calls return the right code and change nothing in the database.
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
vi.mock("@/lib/auth/session", () => ({ getActionUser: async () => caller }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const { submitRequest, cancelRequest, decideRequestsAction } = await import("@/lib/requests/actions");
const { runDesktopAction } = await import("@/lib/desktops/actions");

const people = {
  alice: { id: "u-alice", email: "alice@example.com", name: "Alice", role: "EMPLOYEE" as const },
  bob: { id: "u-bob", email: "bob@example.com", name: "Bob", role: "EMPLOYEE" as const },
  carol: { id: "u-carol", email: "carol@example.com", name: "Carol", role: "APPROVER" as const },
  dave: { id: "u-dave", email: "dave@example.com", name: "Dave", role: "ADMIN" as const },
};
type Who = keyof typeof people | "anonymous";
const BUNDLE = "wsb-abcdefgh1";
let close: () => Promise<void>;

async function fixture() {
  await testDb.operation.deleteMany();
  await testDb.billingModeChange.deleteMany();
  await testDb.desktop.deleteMany();
  await testDb.requestEvent.deleteMany();
  await testDb.desktopRequest.deleteMany();
  await testDb.directory.upsert({
    where: { id: "d-1234567890" },
    create: { id: "d-1234567890", name: "corp.example.com", type: "SIMPLE_AD", region: "us-east-1", stage: "Active", registered: true, registrationCode: "SLiad+ABC123" },
    update: {},
  });
  await testDb.bundle.upsert({
    where: { id: BUNDLE },
    create: { id: BUNDLE, name: "Standard with Windows 11", owner: "AMAZON", computeType: "STANDARD", platform: "WINDOWS", rootVolumeGiB: 80, userVolumeGiB: 50, region: "us-east-1" },
    update: {},
  });
  for (const p of Object.values(people)) {
    await testDb.user.upsert({
      where: { id: p.id },
      create: { ...p, directoryId: "d-1234567890", directoryUserName: p.email.split("@")[0] },
      update: {},
    });
  }
  await testDb.desktopRequest.create({
    data: { id: "r-bob", requesterId: people.bob.id, directoryId: "d-1234567890", userName: "bob", bundleId: BUNDLE, runningMode: "AUTO_STOP", autoStopTimeoutMinutes: 60, justification: "Bob needs a desktop." },
  });
  await testDb.desktop.create({
    data: { id: "dk-bob", workspaceId: "ws-bobbob123", ownerId: people.bob.id, directoryId: "d-1234567890", userName: "bob", bundleId: BUNDLE, runningMode: "AUTO_STOP", autoStopTimeoutMinutes: 60, state: "AVAILABLE" },
  });
}

async function snapshot() {
  const [requests, operations, desktops] = await Promise.all([
    testDb.desktopRequest.findMany({ orderBy: { id: "asc" }, select: { id: true, status: true } }),
    testDb.operation.count(),
    testDb.desktop.findMany({ orderBy: { id: "asc" }, select: { id: true, state: true } }),
  ]);
  return { requests, operations, desktops };
}

beforeAll(async () => {
  ({ db: testDb, close } = await createTestDb());
});
afterAll(async () => close?.());
beforeEach(fixture);

const validRequest = { bundleId: BUNDLE, runningMode: "AUTO_STOP", autoStopTimeoutHours: "2", justification: "I need a desktop for work." };

type Case = { name: string; call: () => Promise<{ ok: boolean; code?: string }>; allowed: Who[]; refusedCode?: string };
const cases: Case[] = [
  { name: "submit a request", call: () => submitRequest(validRequest), allowed: ["alice", "bob", "carol", "dave"] },
  { name: "cancel bob's request", call: () => cancelRequest({ requestId: "r-bob" }), allowed: ["bob"], refusedCode: "NOT_FOUND" },
  { name: "approve bob's request", call: () => decideRequestsAction({ requestIds: ["r-bob"], decision: "APPROVE" }), allowed: ["carol", "dave"], refusedCode: "FORBIDDEN" },
  { name: "reject bob's request", call: () => decideRequestsAction({ requestIds: ["r-bob"], decision: "REJECT", reason: "No." }), allowed: ["carol", "dave"], refusedCode: "FORBIDDEN" },
  { name: "reboot bob's desktop", call: () => runDesktopAction({ desktopId: "dk-bob", action: "reboot" }), allowed: ["bob", "dave"] },
  { name: "stop bob's desktop", call: () => runDesktopAction({ desktopId: "dk-bob", action: "stop" }), allowed: ["bob", "dave"] },
  { name: "rebuild bob's desktop", call: () => runDesktopAction({ desktopId: "dk-bob", action: "rebuild" }), allowed: ["bob", "dave"] },
  { name: "terminate bob's desktop", call: () => runDesktopAction({ desktopId: "dk-bob", action: "terminate", confirmUserName: "bob" }), allowed: ["dave"] },
];
const callers: Who[] = ["anonymous", "alice", "bob", "carol", "dave"];

describe("server actions × callers", () => {
  for (const c of cases) {
    for (const who of callers) {
      const allowed = c.allowed.includes(who);
      it(`${who} ${allowed ? "may" : "may not"} ${c.name}`, async () => {
        caller = who === "anonymous" ? null : people[who];
        const before = await snapshot();
        const result = await c.call();
        if (allowed) {
          expect(result).toMatchObject({ ok: true });
          expect(await snapshot()).not.toEqual(before);
        } else {
          expect(result.ok).toBe(false);
          // Someone else's request or desktop is "not found" (ids cannot be probed); admin-only
          // actions on a visible resource are "forbidden"; anonymous callers must sign in.
          if (who === "anonymous") expect(result.code).toBe("UNAUTHENTICATED");
          else expect(["FORBIDDEN", "NOT_FOUND"]).toContain(result.code);
          expect(await snapshot()).toEqual(before);
        }
      });
    }
  }
});

describe("bad input changes nothing and names the field", () => {
  beforeEach(() => {
    caller = people.alice;
  });
  it.each([
    ["empty justification", { ...validRequest, justification: "" }, "justification"],
    ["10,000-character justification", { ...validRequest, justification: "x".repeat(10_000) }, "justification"],
    ["unknown bundle id", { ...validRequest, bundleId: "wsb-zzzzzzzz9" }, "bundleId"],
    ["malformed bundle id", { ...validRequest, bundleId: "<script>" }, "bundleId"],
    ["fractional timeout", { ...validRequest, autoStopTimeoutHours: "1.5" }, "autoStopTimeoutHours"],
    ["running mode not offered", { ...validRequest, runningMode: "MANUAL" }, "runningMode"],
  ])("%s", async (_name, input, field) => {
    const before = await snapshot();
    const result = await submitRequest(input);
    expect(result).toMatchObject({ ok: false, code: "INVALID_INPUT" });
    if (!result.ok) expect(result.fieldErrors?.[field]).toBeTruthy();
    expect(await snapshot()).toEqual(before);
  });

  it("stores script in a justification as plain text", async () => {
    const justification = `<script>alert(1)</script> needed for work`;
    const result = await submitRequest({ ...validRequest, justification });
    expect(result.ok).toBe(true);
    if (result.ok) expect((await testDb.desktopRequest.findUniqueOrThrow({ where: { id: result.requestId } })).justification).toBe(justification);
  });

  it("an approval writes decision, desktop and create operation together; a second approval changes nothing", async () => {
    caller = people.carol;
    const first = await decideRequestsAction({ requestIds: ["r-bob"], decision: "APPROVE" });
    expect(first).toMatchObject({ ok: true, decided: ["r-bob"] });
    const desktop = await testDb.desktop.findUniqueOrThrow({ where: { requestId: "r-bob" } });
    expect(desktop).toMatchObject({ state: "REQUESTED", ownerId: people.bob.id, runningMode: "AUTO_STOP", autoStopTimeoutMinutes: 60 });
    expect(await testDb.operation.findMany({ where: { requestId: "r-bob" } })).toMatchObject([{ type: "CREATE", status: "QUEUED" }]);
    const before = await snapshot();
    const second = await decideRequestsAction({ requestIds: ["r-bob"], decision: "APPROVE" });
    expect(second).toMatchObject({ ok: true, decided: [], skipped: [{ id: "r-bob" }] });
    expect(await snapshot()).toEqual(before);
  });

  it("refuses a desktop action the state forbids, with AWS's reason", async () => {
    caller = people.bob;
    await testDb.desktop.update({ where: { id: "dk-bob" }, data: { state: "STOPPED" } });
    const result = await runDesktopAction({ desktopId: "dk-bob", action: "reboot" });
    expect(result).toMatchObject({ ok: false, code: "CONFLICT", message: expect.stringContaining("stopped") });
  });
});
