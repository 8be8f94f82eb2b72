// The users page's actions called directly (not through the UI) against a real database: the rules
// an admin meets (never their own role or account), what each change does to the account, and its
// line in the audit trail. The policy matrix itself is lib/authorization-table.test.ts.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { PrismaClient } from "@/lib/db/generated/client";
import { createTestDb } from "@/test-support/test-db";
import { hashPassword, verifyPassword } from "@/lib/auth/password";

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
vi.mock("next/headers", () => ({ headers: async () => new Headers() }));

const actions = await import("./actions");
const { listUsers } = await import("./queries");
const { userFilterSchema } = await import("./user-filters");

const dave = { id: "u-dave", email: "dave@example.com", name: "Dave Admin", role: "ADMIN" as const };
const frank = { id: "u-frank", email: "frank@example.com", name: "Frank Local", role: "EMPLOYEE" as const };
const erin = { id: "u-erin", email: "erin@corp.example.com", name: "Erin Directory", role: "EMPLOYEE" as const };
let close: () => Promise<void>;
let frankHash: string;

beforeAll(async () => {
  ({ db: testDb, close } = await createTestDb());
  frankHash = await hashPassword("frank's old passphrase");
});
afterAll(() => close?.());

// Audit rows are append-only and point at users, so users are reset rather than deleted.
beforeEach(async () => {
  await testDb.roleMapping.deleteMany();
  const reset = { disabled: false, lastSignInAt: null, roleOverride: null };
  const accounts = [
    { ...dave, passwordHash: frankHash, ...reset },
    { ...frank, passwordHash: frankHash, ...reset },
    { ...erin, source: "DIRECTORY" as const, externalId: "directory:d-1|erin", directoryId: "d-1234567890", directoryUserName: "erin", groups: ["Domain Users", "WorkSpaces Approvers"], ...reset },
  ];
  for (const data of accounts) await testDb.user.upsert({ where: { id: data.id }, create: data, update: data });
  caller = dave;
});

const audit = (action: string, targetId: string) => testDb.auditEvent.findMany({ where: { action, targetId }, orderBy: { at: "asc" } });
const row = (id: string) => testDb.user.findUniqueOrThrow({ where: { id } });

describe("changing a role", () => {
  it("changes a local account's role and audits who did it, from what to what", async () => {
    expect(await actions.changeUserRole({ userId: frank.id, role: "APPROVER" })).toEqual({ ok: true });
    expect((await row(frank.id)).role).toBe("APPROVER");
    const [event] = await audit("user.role_change", frank.id);
    expect(event).toMatchObject({ actorEmail: dave.email, outcome: "SUCCESS", message: "Role changed from Employee to Approver" });
  });

  it("refuses an admin's own role on the server, changes nothing and records the refusal", async () => {
    const result = await actions.changeUserRole({ userId: dave.id, role: "EMPLOYEE" });
    expect(result).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect((await row(dave.id)).role).toBe("ADMIN");
    expect(await audit("user.role.change", dave.id)).toMatchObject([{ outcome: "DENIED", actorEmail: dave.email }]);
    expect(await audit("user.role_change", dave.id)).toEqual([]);
  });

  it("refuses a role change on a directory account: its groups decide, or an override", async () => {
    const result = await actions.changeUserRole({ userId: erin.id, role: "ADMIN" });
    expect(result).toMatchObject({ ok: false, code: "CONFLICT", message: expect.stringContaining("override") });
    expect((await row(erin.id)).role).toBe("EMPLOYEE");
  });

  it("refuses a non-admin", async () => {
    caller = { ...frank };
    expect(await actions.changeUserRole({ userId: erin.id, role: "ADMIN" })).toMatchObject({ ok: false, code: "NOT_FOUND" });
  });
});

describe("disabling an account", () => {
  it("disables and enables another account, each audited", async () => {
    expect(await actions.setUserDisabled({ userId: frank.id, disabled: "true" })).toEqual({ ok: true });
    expect((await row(frank.id)).disabled).toBe(true);
    expect(await actions.setUserDisabled({ userId: frank.id, disabled: "false" })).toEqual({ ok: true });
    expect((await row(frank.id)).disabled).toBe(false);
    expect((await audit("user.disable", frank.id)).map((e) => e.actorEmail)).toEqual([dave.email]);
    expect((await audit("user.enable", frank.id)).map((e) => e.actorEmail)).toEqual([dave.email]);
  });

  it("refuses to disable oneself", async () => {
    expect(await actions.setUserDisabled({ userId: dave.id, disabled: true })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect((await row(dave.id)).disabled).toBe(false);
  });
});

describe("an admin resets a local account's password", () => {
  it("sets a typed password that meets the rules; the audit never holds it", async () => {
    const weak = await actions.resetUserPassword({ userId: frank.id, mode: "type", password: "short", confirm: "short" });
    expect(weak).toMatchObject({ ok: false, code: "INVALID_INPUT", fieldErrors: { password: expect.stringContaining("12 characters") } });
    const mismatch = await actions.resetUserPassword({ userId: frank.id, mode: "type", password: "a brand new passphrase", confirm: "a brand new passphrasf" });
    expect(mismatch).toMatchObject({ ok: false, fieldErrors: { confirm: expect.stringContaining("differ") } });
    expect((await row(frank.id)).passwordHash).toBe(frankHash);

    expect(await actions.resetUserPassword({ userId: frank.id, mode: "type", password: "a brand new passphrase", confirm: "a brand new passphrase" })).toEqual({
      ok: true,
      generatedPassword: null,
    });
    expect(await verifyPassword("a brand new passphrase", (await row(frank.id)).passwordHash!)).toBe(true);
    const events = await audit("user.password_reset", frank.id);
    expect(events).toHaveLength(1);
    expect(JSON.stringify(events)).not.toContain("brand new");
  });

  it("generates a password, returns it once and stores only its hash", async () => {
    const result = await actions.resetUserPassword({ userId: frank.id, mode: "generate" });
    if (!result.ok || !result.generatedPassword) throw new Error(`expected a generated password: ${JSON.stringify(result)}`);
    const stored = (await row(frank.id)).passwordHash!;
    expect(stored).not.toContain(result.generatedPassword);
    expect(await verifyPassword(result.generatedPassword, stored)).toBe(true);
    expect(JSON.stringify(await audit("user.password_reset", frank.id))).not.toContain(result.generatedPassword);
  });

  it("refuses a directory account (no portal password) and one's own account", async () => {
    expect(await actions.resetUserPassword({ userId: erin.id, mode: "generate" })).toMatchObject({ ok: false, code: "CONFLICT" });
    expect(await actions.resetUserPassword({ userId: dave.id, mode: "generate" })).toMatchObject({ ok: false, code: "FORBIDDEN" });
  });
});

describe("the users list", () => {
  const list = (params: Record<string, string>) => listUsers(userFilterSchema.parse(params));

  it("searches name, e-mail and directory user name, and filters by role, source, status and last sign-in", async () => {
    await testDb.user.update({ where: { id: frank.id }, data: { disabled: true, lastSignInAt: new Date() } });
    const names = async (params: Record<string, string>) => (await list(params)).rows.map((u) => u.name);
    expect(await names({ q: "erin" })).toEqual([erin.name]);
    expect(await names({ q: "FRANK@" })).toEqual([frank.name]);
    expect(await names({ role: "ADMIN" })).toEqual([dave.name]);
    expect(await names({ source: "DIRECTORY" })).toEqual([erin.name]);
    expect(await names({ status: "disabled" })).toEqual([frank.name]);
    expect(await names({ signedIn: "7d" })).toEqual([frank.name]);
    expect(await names({ signedIn: "never" })).toEqual([dave.name, erin.name]);
    // An unknown value is no filter, not an error.
    expect((await list({ role: "ROOT" })).total).toBe(3);
  });
});
