// One desktop per user and directory (AWS): the request form refuses a duplicate with a link, the
// approval queue shows what the requester already has and refuses to approve a duplicate, single or
// in bulk. The actions are called as the UI calls them, on a real database.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { PrismaClient } from "@/lib/db/generated/client";
import type { DesktopState } from "@/lib/desktops/desktop-state";
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

const { submitRequest, decideRequests } = await import("./actions");
const { listApprovalQueue } = await import("./queries");

const people = {
  alice: { id: "u-alice", email: "alice@example.com", name: "Alice", role: "EMPLOYEE" as const },
  bob: { id: "u-bob", email: "bob@example.com", name: "Bob", role: "EMPLOYEE" as const },
  carol: { id: "u-carol", email: "carol@example.com", name: "Carol", role: "APPROVER" as const },
};
const DIRECTORY = "d-1234567890";
const BUNDLE = "wsb-abcdefgh1";
const form = { bundleId: BUNDLE, runningMode: "AUTO_STOP", autoStopTimeoutHours: "1", justification: "I need a desktop for the quarterly close." };
let close: () => Promise<void>;

beforeAll(async () => {
  ({ db: testDb, close } = await createTestDb());
  await testDb.directory.create({ data: { id: DIRECTORY, name: "corp.example.com", type: "SIMPLE_AD", region: "us-east-1", stage: "Active", registered: true } });
  await testDb.bundle.create({
    data: { id: BUNDLE, name: "Standard with Windows", owner: "AMAZON", computeType: "STANDARD", platform: "WINDOWS", rootVolumeGiB: 80, userVolumeGiB: 50, region: "us-east-1" },
  });
  for (const p of Object.values(people)) await testDb.user.create({ data: { ...p, directoryId: DIRECTORY, directoryUserName: p.email.split("@")[0] } });
});
afterAll(() => close?.());

beforeEach(async () => {
  await testDb.operation.deleteMany();
  await testDb.billingModeChange.deleteMany();
  await testDb.desktop.deleteMany();
  await testDb.desktopRequest.deleteMany();
});

/** A request as the form files it, bypassing the duplicate rule (as data from before the rule would be). */
async function openRequest(who: keyof typeof people, id: string) {
  await testDb.desktopRequest.create({
    data: { id, requesterId: people[who].id, directoryId: DIRECTORY, userName: who, bundleId: BUNDLE, runningMode: "AUTO_STOP", autoStopTimeoutMinutes: 60, justification: form.justification },
  });
}

async function desktopOf(who: keyof typeof people, data: { id: string; state: DesktopState; workspaceId: string | null; terminatedAt?: Date }) {
  await testDb.desktop.create({ data: { ...data, ownerId: people[who].id, directoryId: DIRECTORY, userName: who.toUpperCase(), bundleId: BUNDLE, runningMode: "AUTO_STOP" } });
}

describe("the request form", () => {
  it("refuses a second desktop in the same directory, with a link to the existing one", async () => {
    await desktopOf("alice", { id: "dk-alice", state: "AVAILABLE", workspaceId: "ws-alice0001" });
    caller = people.alice;
    const result = await submitRequest(form);
    expect(result).toMatchObject({
      ok: false,
      code: "CONFLICT",
      message: "You already have a desktop in corp.example.com, and AWS allows one per user and directory.",
      existing: { href: "/desktops/dk-alice", label: "Open your desktop" },
    });
    expect(await testDb.desktopRequest.count()).toBe(0);
  });

  it("refuses a second open request, with a link to it", async () => {
    await openRequest("alice", "req-first");
    caller = people.alice;
    const result = await submitRequest(form);
    expect(result).toMatchObject({ ok: false, code: "CONFLICT", existing: { href: "/requests/req-first", label: "View your request" } });
    expect(await testDb.desktopRequest.count()).toBe(1);
  });

  it("accepts a request when the earlier desktop is terminated or its create failed before AWS made it", async () => {
    await desktopOf("alice", { id: "dk-gone", state: "TERMINATED", workspaceId: "ws-gone00001", terminatedAt: new Date() });
    await desktopOf("alice", { id: "dk-failed", state: "ERROR", workspaceId: null });
    caller = people.alice;
    const result = await submitRequest(form);
    expect(result.ok).toBe(true);
  });
});

describe("the approval queue", () => {
  it("shows the requester's desktops and other open requests, and which request is a duplicate", async () => {
    await desktopOf("bob", { id: "dk-bob", state: "AVAILABLE", workspaceId: "ws-bob00001" });
    await openRequest("bob", "req-bob-1");
    await openRequest("bob", "req-bob-2");
    await openRequest("alice", "req-alice");
    const queue = await listApprovalQueue({ q: "", status: "SUBMITTED", sort: "oldest" });
    const bob = queue.find((r) => r.id === "req-bob-1")!;
    expect(bob.requesterContext).toEqual({
      desktops: [{ id: "dk-bob", label: "Standard with Windows (available)" }],
      openRequests: [{ id: "req-bob-2", label: "Standard with Windows" }],
      duplicate: "bob already has a desktop in corp.example.com (ws-bob00001, available).",
    });
    expect(queue.find((r) => r.id === "req-alice")!.requesterContext).toEqual({ desktops: [], openRequests: [], duplicate: null });
  });

  it("refuses to approve a request of someone who already has a desktop in the directory", async () => {
    await desktopOf("bob", { id: "dk-bob", state: "AVAILABLE", workspaceId: "ws-bob00001" });
    await openRequest("bob", "req-bob");
    caller = people.carol;
    const result = await decideRequests({ requestIds: ["req-bob"], decision: "APPROVE" });
    expect(result).toMatchObject({
      ok: true,
      decided: [],
      skipped: [{ id: "req-bob", code: "CONFLICT", message: "Not approved: bob already has a desktop in corp.example.com (ws-bob00001, available)." }],
    });
    expect(await testDb.desktopRequest.findUnique({ where: { id: "req-bob" }, select: { status: true } })).toEqual({ status: "SUBMITTED" });
    expect(await testDb.operation.count()).toBe(0);
  });

  it("approves at most one of two requests from one person in one directory, and says why for the other", async () => {
    await openRequest("bob", "req-bob-1");
    await openRequest("bob", "req-bob-2");
    await openRequest("alice", "req-alice");
    caller = people.carol;
    const result = await decideRequests({ requestIds: ["req-bob-1", "req-bob-2", "req-alice"], decision: "APPROVE" });
    expect(result).toMatchObject({
      ok: true,
      decided: ["req-bob-1", "req-alice"],
      skipped: [{ id: "req-bob-2", code: "CONFLICT", message: "Not approved: bob already has a desktop in corp.example.com (being created)." }],
    });
    expect(await testDb.operation.count({ where: { type: "CREATE" } })).toBe(2);
    expect(await testDb.desktop.count({ where: { userName: "bob" } })).toBe(1);
  });

  it("still rejects a duplicate (only approval is refused)", async () => {
    await desktopOf("bob", { id: "dk-bob", state: "AVAILABLE", workspaceId: "ws-bob00001" });
    await openRequest("bob", "req-bob");
    caller = people.carol;
    const result = await decideRequests({ requestIds: ["req-bob"], decision: "REJECT", reason: "You have one already." });
    expect(result).toMatchObject({ ok: true, decided: ["req-bob"], skipped: [] });
  });
});
