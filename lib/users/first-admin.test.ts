// The first-admin setup link against a real database: stored hashed, works once, expires, a new
// link replaces the old, and it creates an admin only while none exists. Nothing is half-written.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { PrismaClient } from "@/lib/db/generated/client";
import { createTestDb } from "@/test-support/test-db";
import { verifyPassword } from "@/lib/auth/password";

let testDb: PrismaClient;
vi.mock("@/lib/db/client", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  get db() {
    return testDb;
  },
}));
vi.mock("@/lib/auth/session", () => ({ getActionUser: async () => null, getCurrentUser: async () => null }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));
vi.mock("next/headers", () => ({ headers: async () => new Headers() }));

const { createFirstAdmin } = await import("./actions");
const { issueSetupLink, setupLinkState, SETUP_LINK_TTL_MS } = await import("./first-admin");

let close: () => Promise<void>;
beforeAll(async () => {
  ({ db: testDb, close } = await createTestDb());
});
afterAll(() => close?.());
beforeEach(async () => {
  // Audit rows are append-only and point at users: demote rather than delete earlier admins.
  await testDb.user.updateMany({ data: { role: "EMPLOYEE" } });
  await testDb.setupToken.deleteMany();
});

const PORTAL = "https://portal.example.com";
const tokenOf = (url: string) => new URL(url).searchParams.get("token")!;
let n = 0;
const admin = (token: string, extra: Record<string, string> = {}) => {
  n += 1;
  return { token, name: "Ada Admin", email: `ada${n}@example.com`, password: "first admin passphrase", confirm: "first admin passphrase", ...extra };
};

describe("the setup link", () => {
  it("is a link to /setup whose token is stored only as its SHA-256", async () => {
    const link = await issueSetupLink(testDb, PORTAL);
    expect(link.url).toMatch(/^https:\/\/portal\.example\.com\/setup\?token=[\w-]{43}$/);
    const token = tokenOf(link.url);
    const rows = await testDb.setupToken.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0].tokenHash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(JSON.stringify(await testDb.auditEvent.findMany({ where: { action: "setup.link_issued" } }))).not.toContain(token);
  });

  it("creates the first admin once; the second use is refused and changes nothing", async () => {
    const token = tokenOf((await issueSetupLink(testDb, PORTAL)).url);
    const first = admin(token);
    expect(await createFirstAdmin(first)).toEqual({ ok: true });
    const created = await testDb.user.findUniqueOrThrow({ where: { email: first.email } });
    expect(created).toMatchObject({ role: "ADMIN", source: "LOCAL", disabled: false });
    expect(await verifyPassword("first admin passphrase", created.passwordHash!)).toBe(true);
    expect(await testDb.auditEvent.findMany({ where: { action: "setup.first_admin", targetId: created.id } })).toHaveLength(1);

    const users = await testDb.user.count();
    expect(await createFirstAdmin(admin(token))).toMatchObject({ ok: false, code: "CONFLICT", message: expect.stringContaining("already been used") });
    expect(await testDb.user.count()).toBe(users);
    expect(await setupLinkState(testDb, token)).toBe("used");
  });

  it("expires after an hour", async () => {
    const issuedAt = new Date(Date.now() - SETUP_LINK_TTL_MS - 1000);
    const token = tokenOf((await issueSetupLink(testDb, PORTAL, { now: issuedAt })).url);
    expect(await setupLinkState(testDb, token, new Date(issuedAt.getTime() + SETUP_LINK_TTL_MS - 1000))).toBe("valid");
    const users = await testDb.user.count();
    expect(await createFirstAdmin(admin(token))).toMatchObject({ ok: false, code: "CONFLICT", message: expect.stringContaining("expired") });
    expect(await testDb.user.count()).toBe(users);
  });

  it("stops working when a new link is issued (a new start)", async () => {
    const old = tokenOf((await issueSetupLink(testDb, PORTAL)).url);
    const fresh = tokenOf((await issueSetupLink(testDb, PORTAL)).url);
    expect(await setupLinkState(testDb, old)).toBe("unknown");
    expect(await createFirstAdmin(admin(old))).toMatchObject({ ok: false, code: "CONFLICT" });
    expect(await createFirstAdmin(admin(fresh))).toEqual({ ok: true });
  });

  it("creates no admin once one exists", async () => {
    const token = tokenOf((await issueSetupLink(testDb, PORTAL)).url);
    await testDb.user.create({ data: { email: `other${Date.now()}@example.com`, name: "Other admin", role: "ADMIN" } });
    expect(await setupLinkState(testDb, token)).toBe("admin-exists");
    expect(await createFirstAdmin(admin(token))).toMatchObject({ ok: false, code: "CONFLICT", message: expect.stringContaining("already has an admin") });
  });

  it("leaves the link usable after a refused form: a weak password or an e-mail another account has", async () => {
    const token = tokenOf((await issueSetupLink(testDb, PORTAL)).url);
    expect(await createFirstAdmin(admin(token, { password: "short", confirm: "short" }))).toMatchObject({ ok: false, code: "INVALID_INPUT", fieldErrors: { password: expect.any(String) } });
    await testDb.user.upsert({ where: { email: "taken@example.com" }, create: { email: "taken@example.com", name: "Taken" }, update: {} });
    expect(await createFirstAdmin(admin(token, { email: "Taken@example.com" }))).toMatchObject({ ok: false, fieldErrors: { email: expect.stringContaining("already exists") } });
    expect((await testDb.user.findUniqueOrThrow({ where: { email: "taken@example.com" } })).role).toBe("EMPLOYEE");
    expect(await setupLinkState(testDb, token)).toBe("valid");
    expect(await createFirstAdmin(admin(token))).toEqual({ ok: true });
  });
});
