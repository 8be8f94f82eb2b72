// The session helpers re-read the session row and the user from the database on every request: a
// disabled or demoted user, or an ended session, loses access at once, whatever the cookie still says.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { PrismaClient } from "@/lib/db/generated/client";
import { clearAuditTrailForTests, createTestDb } from "@/test-support/test-db";
import { resetConfigForTests } from "@/lib/config";

let testDb: PrismaClient;
let identity: { userId: string; sessionId: string } | null = null;

// Only `db` is replaced: createTestDb needs the real createDb from the same module.
vi.mock("@/lib/db/client", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/db/client")>()),
  get db() {
    return testDb;
  },
}));
// The signed cookie's content; next-auth itself is exercised in the browser tests.
vi.mock("./session-cookie", () => ({ readSessionIdentity: async () => identity }));
vi.mock("next/navigation", () => ({
  redirect: (url: string) => {
    throw Object.assign(new Error("NEXT_REDIRECT"), { url });
  },
}));

const { getActionUser, getCurrentUser, requireActionUser, requireUser, signInPath } = await import("./session");
const { createSession, endSession } = await import("./sessions");

let close: () => Promise<void>;
beforeAll(async () => {
  const handle = await createTestDb();
  testDb = handle.db;
  close = handle.close;
});
afterAll(async () => {
  delete process.env.PORTAL_MFA_REQUIRED_ROLES;
  resetConfigForTests();
  await close?.();
});

let userId: string;
beforeEach(async () => {
  await clearAuditTrailForTests(testDb);
  await testDb.user.deleteMany();
  // An approver without MFA would be sent to set it up; this file is about the rest.
  process.env.PORTAL_MFA_REQUIRED_ROLES = "ADMIN";
  resetConfigForTests();
  const user = await testDb.user.create({ data: { email: "carol@example.com", name: "Carol", role: "APPROVER" } });
  userId = user.id;
  const session = await createSession(testDb, { user: { ...user, method: "PASSWORD" }, ipAddress: null, userAgent: null });
  identity = { userId, sessionId: session.id };
});

async function redirectOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return (error as { url?: string }).url;
  }
}

describe("getCurrentUser", () => {
  it("returns the user as the database has them", async () => {
    expect(await getCurrentUser()).toEqual({ id: userId, email: "carol@example.com", name: "Carol", role: "APPROVER" });
  });

  it("follows a role change at once", async () => {
    await testDb.user.update({ where: { id: userId }, data: { role: "EMPLOYEE" } });
    expect((await getCurrentUser())?.role).toBe("EMPLOYEE");
  });

  it("returns null for a disabled user, a deleted user, or no session", async () => {
    await testDb.user.update({ where: { id: userId }, data: { disabled: true } });
    expect(await getCurrentUser()).toBeNull();
    identity = { userId: "no-such-user", sessionId: identity!.sessionId };
    expect(await getCurrentUser()).toBeNull();
    identity = null;
    expect(await getCurrentUser()).toBeNull();
  });

  it("returns null once the session has ended, and for a session id of someone else", async () => {
    const other = await testDb.user.create({ data: { email: "dave@example.com", name: "Dave", role: "EMPLOYEE" } });
    identity = { userId: other.id, sessionId: identity!.sessionId };
    expect(await getCurrentUser()).toBeNull();
    identity = { userId, sessionId: identity.sessionId };
    await endSession(testDb, identity.sessionId, "SIGN_OUT");
    expect(await getCurrentUser()).toBeNull();
  });
});

describe("requireUser (pages)", () => {
  it("returns the user when signed in", async () => {
    expect((await requireUser()).id).toBe(userId);
  });

  it("redirects to the sign-in page, coming back to a path on this site only", async () => {
    identity = null;
    expect(await redirectOf(requireUser())).toBe("/sign-in");
    expect(await redirectOf(requireUser("/requests/r1?tab=history"))).toBe("/sign-in?callbackUrl=%2Frequests%2Fr1%3Ftab%3Dhistory");
    expect(await redirectOf(requireUser("https://evil.example/"))).toBe("/sign-in");
  });

  it("sends a session still waiting for its second factor to that step, and gives it no user", async () => {
    await testDb.userMfa.create({ data: { userId, secretEncrypted: "x", enabledAt: new Date() } });
    const session = await createSession(testDb, { user: { id: userId, email: "carol@example.com", name: "Carol", role: "APPROVER" }, ipAddress: null, userAgent: null });
    identity = { userId, sessionId: session.id };
    expect(await redirectOf(requireUser("/approvals"))).toBe("/sign-in/two-step?callbackUrl=%2Fapprovals");
    expect(await getCurrentUser()).toBeNull();
    expect(await getActionUser(), "server actions refuse it").toBeNull();
  });

  it("sends someone whose role requires MFA, and who has none, to set it up first", async () => {
    await testDb.user.update({ where: { id: userId }, data: { role: "ADMIN" } });
    expect(await redirectOf(requireUser())).toBe("/sign-in/two-step/set-up");
    expect(await redirectOf(requireUser("/admin/fleet"))).toBe("/sign-in/two-step/set-up?callbackUrl=%2Fadmin%2Ffleet");
    expect(await getActionUser()).toBeNull();
  });

  it("redirects a disabled user", async () => {
    await testDb.user.update({ where: { id: userId }, data: { disabled: true } });
    expect(await redirectOf(requireUser())).toBe("/sign-in");
  });
});

describe("action variants (never redirect)", () => {
  it("getActionUser returns the user or null", async () => {
    expect((await getActionUser())?.id).toBe(userId);
    identity = null;
    expect(await getActionUser()).toBeNull();
  });

  it("requireActionUser returns a result value", async () => {
    expect(await requireActionUser()).toEqual({ ok: true, user: { id: userId, email: "carol@example.com", name: "Carol", role: "APPROVER" } });
    identity = null;
    expect(await requireActionUser()).toEqual({ ok: false, code: "UNAUTHENTICATED", message: "Your session has ended. Sign in again." });
  });
});

describe("signInPath", () => {
  it("omits the home page and anything unsafe", () => {
    expect(signInPath()).toBe("/sign-in");
    expect(signInPath("/")).toBe("/sign-in");
    expect(signInPath("//evil.example")).toBe("/sign-in");
    expect(signInPath("/admin/audit")).toBe("/sign-in?callbackUrl=%2Fadmin%2Faudit");
  });
});
