// First sign-in creates the portal user linked to its directory account; later sign-ins refresh the
// groups and the role they map to; an admin's override wins; an e-mail owned by another account is
// never taken over. Real database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "@/lib/db/generated/client";
import { createTestDb } from "@/test-support/test-db";
import { provisionExternalUser, type ExternalIdentity } from "./provision";

let db: PrismaClient;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ db, close } = await createTestDb());
  await db.roleMapping.createMany({
    data: [
      { source: "DIRECTORY", groupName: "WorkSpaces Approvers", groupKey: "workspaces approvers", role: "APPROVER" },
      { source: "DIRECTORY", groupName: "Portal Admins", groupKey: "portal admins", role: "ADMIN" },
      { source: "SSO", groupName: "Portal Admins", groupKey: "portal admins", role: "APPROVER" },
    ],
  });
});
afterAll(() => close());

const erin: ExternalIdentity = {
  source: "DIRECTORY",
  externalId: "directory:d-1234567890|6f1c0d3e-0000-4000-8000-000000000001",
  email: "Erin@corp.example.com",
  name: "Erin Example",
  directoryId: "d-1234567890",
  directoryUserName: "erin",
  groups: ["Domain Users"],
};

describe("provisionExternalUser", () => {
  it("creates the user at first sign-in, linked to the directory account, as an employee", async () => {
    const result = await provisionExternalUser(db, erin);
    expect(result).toMatchObject({ ok: true, created: true, user: { email: "erin@corp.example.com", role: "EMPLOYEE" } });
    const row = await db.user.findUniqueOrThrow({ where: { email: "erin@corp.example.com" } });
    expect(row).toMatchObject({ source: "DIRECTORY", directoryId: "d-1234567890", directoryUserName: "erin", passwordHash: null });
    expect(await db.auditEvent.count({ where: { action: "user.create", targetId: row.id } })).toBe(1);
  });

  it("applies the group mapping at every sign-in and audits a role change", async () => {
    const result = await provisionExternalUser(db, { ...erin, groups: ["Domain Users", "workspaces approvers", "Portal Admins"] });
    expect(result).toMatchObject({ ok: true, created: false, user: { role: "ADMIN" } });
    const back = await provisionExternalUser(db, { ...erin, groups: ["Domain Users"] });
    expect(back).toMatchObject({ ok: true, user: { role: "EMPLOYEE" } });
    const changes = await db.auditEvent.findMany({ where: { action: "user.role_from_groups" }, });
    expect(changes.map((event) => event.message).sort()).toEqual([
      "Role changed from ADMIN to EMPLOYEE by group membership at sign-in",
      "Role changed from EMPLOYEE to ADMIN by group membership at sign-in",
    ]);
  });

  it("uses only the mappings of the identity's own source", async () => {
    const sso = await provisionExternalUser(db, { ...erin, source: "SSO", externalId: "sso:https://idp.example|erin", email: "erin.sso@example.com", directoryId: null, directoryUserName: null, groups: ["Portal Admins"] });
    expect(sso).toMatchObject({ ok: true, user: { role: "APPROVER" } });
  });

  it("lets an admin's override win over the groups", async () => {
    await db.user.update({ where: { externalId: erin.externalId }, data: { roleOverride: "APPROVER" } });
    expect(await provisionExternalUser(db, { ...erin, groups: ["Portal Admins"] })).toMatchObject({ ok: true, user: { role: "APPROVER" } });
  });

  it("refuses a disabled account", async () => {
    await db.user.update({ where: { externalId: erin.externalId }, data: { disabled: true } });
    expect(await provisionExternalUser(db, erin)).toMatchObject({ ok: false, code: "DISABLED" });
    await db.user.update({ where: { externalId: erin.externalId }, data: { disabled: false } });
  });

  it("never takes over another account that has the same e-mail address", async () => {
    const local = await db.user.create({ data: { email: "admin@corp.example.com", name: "Break glass", role: "ADMIN", passwordHash: "x" } });
    const result = await provisionExternalUser(db, { ...erin, externalId: "directory:d-1234567890|other", email: "ADMIN@corp.example.com", groups: [] });
    expect(result).toMatchObject({ ok: false, code: "EMAIL_TAKEN" });
    expect(await db.user.findUniqueOrThrow({ where: { id: local.id } })).toMatchObject({ source: "LOCAL", role: "ADMIN", externalId: null });
  });
});
