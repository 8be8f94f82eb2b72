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
const { provisionExternalUser } = await import("./provision");

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

  it("searches name, e-mail and directory user name, and filters by role, source, two-step verification, status and last sign-in", async () => {
    await testDb.user.update({ where: { id: frank.id }, data: { disabled: true, lastSignInAt: new Date() } });
    const names = async (params: Record<string, string>) => (await list(params)).rows.map((u) => u.name);
    expect(await names({ q: "erin" })).toEqual([erin.name]);
    expect(await names({ q: "FRANK@" })).toEqual([frank.name]);
    expect(await names({ role: "ADMIN" })).toEqual([dave.name]);
    expect(await names({ source: "DIRECTORY" })).toEqual([erin.name]);
    expect(await names({ status: "disabled" })).toEqual([frank.name]);
    expect(await names({ signedIn: "7d" })).toEqual([frank.name]);
    expect(await names({ signedIn: "never" })).toEqual([dave.name, erin.name]);
    // Two-step verification counts once confirmed; an enrolment never finished does not.
    await testDb.userMfa.deleteMany();
    await testDb.userMfa.create({ data: { userId: dave.id, secretEncrypted: "sealed", enabledAt: new Date() } });
    await testDb.userMfa.create({ data: { userId: erin.id, secretEncrypted: "sealed" } });
    expect(await names({ mfa: "on" })).toEqual([dave.name]);
    expect(await names({ mfa: "off" })).toEqual([erin.name, frank.name]);
    await testDb.userMfa.deleteMany();
    // An unknown value is no filter, not an error.
    expect((await list({ role: "ROOT" })).total).toBe(3);
  });
});

describe("roles from groups", () => {
  it("adds, edits and deletes mappings, each audited", async () => {
    const added = await actions.saveRoleMapping({ source: "DIRECTORY", groupName: "Portal Admins", role: "ADMIN" });
    if (!added.ok) throw new Error(added.message);
    expect(await testDb.roleMapping.findUniqueOrThrow({ where: { id: added.mappingId } })).toMatchObject({ groupKey: "portal admins", role: "ADMIN" });
    expect(await actions.saveRoleMapping({ mappingId: added.mappingId, source: "DIRECTORY", groupName: "Portal Admins", role: "APPROVER" })).toMatchObject({ ok: true });
    expect(await actions.deleteRoleMapping({ mappingId: added.mappingId })).toEqual({ ok: true });
    expect(await testDb.roleMapping.count()).toBe(0);
    const events = await testDb.auditEvent.findMany({ where: { targetId: added.mappingId }, orderBy: { at: "asc" } });
    expect(events.map((e) => [e.action, e.actorEmail])).toEqual([
      ["role_mapping.create", dave.email],
      ["role_mapping.update", dave.email],
      ["role_mapping.delete", dave.email],
    ]);
    expect(events[1].message).toContain('"Portal Admins" → Admin is now directory group "Portal Admins" → Approver');
  });

  it("refuses a duplicate group of the same source, whatever its case, with a clear message", async () => {
    await actions.saveRoleMapping({ source: "DIRECTORY", groupName: "Portal Admins", role: "ADMIN" });
    const duplicate = await actions.saveRoleMapping({ source: "DIRECTORY", groupName: "  portal ADMINS ", role: "EMPLOYEE" });
    expect(duplicate).toMatchObject({ ok: false, code: "CONFLICT", fieldErrors: { groupName: '"Portal Admins" is already mapped to Admin (case does not matter). Edit that mapping instead.' } });
    // Renaming another mapping onto it is the same duplicate.
    const other = await actions.saveRoleMapping({ source: "DIRECTORY", groupName: "Staff", role: "EMPLOYEE" });
    if (!other.ok) throw new Error(other.message);
    expect(await actions.saveRoleMapping({ mappingId: other.mappingId, source: "DIRECTORY", groupName: "PORTAL admins", role: "EMPLOYEE" })).toMatchObject({ ok: false, code: "CONFLICT" });
    // The same name from the other source is a different group.
    expect(await actions.saveRoleMapping({ source: "SSO", groupName: "Portal Admins", role: "APPROVER" })).toMatchObject({ ok: true });
    expect(await testDb.roleMapping.findMany({ orderBy: { groupKey: "asc" }, select: { source: true, groupName: true, role: true } })).toEqual([
      { source: "DIRECTORY", groupName: "Portal Admins", role: "ADMIN" },
      { source: "SSO", groupName: "Portal Admins", role: "APPROVER" },
      { source: "DIRECTORY", groupName: "Staff", role: "EMPLOYEE" },
    ]);
  });
});

describe("a role override", () => {
  const erinSignsIn = () =>
    testDb.$transaction((tx) =>
      provisionExternalUser(tx, {
        source: "DIRECTORY",
        externalId: "directory:d-1|erin",
        email: erin.email,
        name: erin.name,
        directoryId: "d-1234567890",
        directoryUserName: "erin",
        groups: ["Domain Users", "WorkSpaces Approvers"],
      }),
    );

  it("applies at once and at the next sign-in, is audited, and clearing it gives the groups' role back", async () => {
    await actions.saveRoleMapping({ source: "DIRECTORY", groupName: "WorkSpaces Approvers", role: "APPROVER" });
    expect(await erinSignsIn()).toMatchObject({ ok: true, user: { role: "APPROVER" } });

    expect(await actions.setRoleOverride({ userId: erin.id, role: "EMPLOYEE" })).toMatchObject({ ok: true, role: "EMPLOYEE" });
    expect(await row(erin.id)).toMatchObject({ role: "EMPLOYEE", roleOverride: "EMPLOYEE" });
    expect(await erinSignsIn()).toMatchObject({ ok: true, user: { role: "EMPLOYEE" } });

    expect(await actions.setRoleOverride({ userId: erin.id, role: "" })).toMatchObject({ ok: true, role: "APPROVER" });
    expect(await row(erin.id)).toMatchObject({ role: "APPROVER", roleOverride: null });

    const events = await audit("user.role_override", erin.id);
    expect(events.map((e) => [e.actorEmail, e.message])).toEqual([
      [dave.email, "Role override set to Employee (the groups give Approver); role is now Employee"],
      [dave.email, "Role override cleared; role is now Approver, from the groups"],
    ]);
  });

  it("is refused on one's own account and on a local account", async () => {
    await testDb.user.update({ where: { id: dave.id }, data: { source: "DIRECTORY", externalId: "directory:d-1|dave" } });
    expect(await actions.setRoleOverride({ userId: dave.id, role: "EMPLOYEE" })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    await testDb.user.update({ where: { id: dave.id }, data: { source: "LOCAL", externalId: null } });
    expect(await actions.setRoleOverride({ userId: frank.id, role: "ADMIN" })).toMatchObject({ ok: false, code: "CONFLICT" });
    expect((await row(frank.id)).role).toBe("EMPLOYEE");
  });
});

describe("a local account changes its own password", () => {
  const change = (currentPassword: string, password: string, confirm = password) => actions.changeOwnPassword({ currentPassword, password, confirm });

  it("needs the current password, refuses a weak or mistyped new one, and audits both outcomes", async () => {
    caller = frank;
    expect(await change("not my password", "a fresh long passphrase")).toMatchObject({
      ok: false,
      fieldErrors: { currentPassword: "That is not your current password." },
    });
    expect(await change("frank's old passphrase", "short")).toMatchObject({ ok: false, fieldErrors: { password: expect.stringContaining("12 characters") } });
    expect(await change("frank's old passphrase", "a fresh long passphrase", "a fresh long passphrasE")).toMatchObject({ ok: false, fieldErrors: { confirm: expect.any(String) } });
    expect(await change("frank's old passphrase", "frank's old passphrase")).toMatchObject({ ok: false, fieldErrors: { password: expect.stringContaining("different") } });
    expect((await row(frank.id)).passwordHash).toBe(frankHash);

    expect(await change("frank's old passphrase", "a fresh long passphrase")).toEqual({ ok: true });
    expect(await verifyPassword("a fresh long passphrase", (await row(frank.id)).passwordHash!)).toBe(true);
    const events = await audit("account.password_change", frank.id);
    expect(events.map((e) => [e.outcome, e.actorEmail])).toEqual([
      ["FAILURE", frank.email],
      ["SUCCESS", frank.email],
    ]);
    expect(JSON.stringify(events)).not.toContain("passphrase");
  });

  it("tells a directory account to change its password in the directory", async () => {
    caller = erin;
    expect(await change("whatever it is", "a fresh long passphrase")).toMatchObject({ ok: false, code: "CONFLICT", message: expect.stringContaining("directory") });
  });
});

describe("last sign-in", () => {
  it("is recorded when a local account signs in, so the users page can show and filter it", async () => {
    const { verifyCredentials } = await import("@/lib/auth/verify-credentials");
    const at = new Date("2026-12-01T09:00:00Z");
    expect(await verifyCredentials(testDb, { email: frank.email, password: "frank's old passphrase", ipAddress: "203.0.113.9" }, { now: at })).toMatchObject({ ok: true });
    expect((await row(frank.id)).lastSignInAt).toEqual(at);
  });
});

describe("an admin ends sessions and resets two-step verification", () => {
  const openSession = (userId: string) =>
    testDb.session.create({ data: { userId, method: "PASSWORD", amr: ["pwd"], expiresAt: new Date(Date.now() + 3_600_000) } });
  const open = (userId: string) => testDb.session.count({ where: { userId, endedAt: null } });

  it("a role change, disabling the account or ending its sessions signs the person out everywhere", async () => {
    await openSession(frank.id);
    await openSession(frank.id);
    expect(await actions.changeUserRole({ userId: frank.id, role: "APPROVER" })).toMatchObject({ ok: true });
    expect(await testDb.session.findMany({ where: { userId: frank.id }, select: { endedReason: true } })).toEqual([{ endedReason: "ROLE_CHANGED" }, { endedReason: "ROLE_CHANGED" }]);

    await openSession(frank.id);
    expect(await actions.setUserDisabled({ userId: frank.id, disabled: true })).toMatchObject({ ok: true });
    expect(await open(frank.id)).toBe(0);
    await actions.setUserDisabled({ userId: frank.id, disabled: false });

    await openSession(frank.id);
    await openSession(frank.id);
    expect(await actions.endUserSessions({ userId: frank.id })).toEqual({ ok: true, ended: 2 });
    expect(await open(frank.id)).toBe(0);
    expect((await audit("user.sessions.end", frank.id)).map((e) => [e.actorEmail, e.message])).toContainEqual([dave.email, "Ended 2 sessions"]);
  });

  it("resets another account's authenticator app, ends its sessions and audits it; never one's own", async () => {
    await testDb.userMfa.upsert({ where: { userId: frank.id }, create: { userId: frank.id, secretEncrypted: "sealed", enabledAt: new Date() }, update: { enabledAt: new Date() } });
    await openSession(frank.id);
    expect(await actions.resetUserMfa({ userId: frank.id })).toMatchObject({ ok: true, hadMfa: true, sessionsEnded: 1 });
    expect(await testDb.userMfa.findUnique({ where: { userId: frank.id } })).toBeNull();
    expect(await open(frank.id)).toBe(0);

    await openSession(dave.id);
    expect(await actions.resetUserMfa({ userId: dave.id })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(await actions.endUserSessions({ userId: dave.id })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(await open(dave.id)).toBe(1);
  });
});
