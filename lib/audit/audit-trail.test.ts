// The audit trail as admins read it, on a real, migrated database: who (also the e-mail tried at a
// failed sign-in), objects by name with links, a date range, and the CSV export that is itself
// recorded, through its route handler with the server-side check.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { PrismaClient } from "@/lib/db/generated/client";
import { clearAuditTrailForTests, createTestDb } from "@/test-support/test-db";
import { stampClientAddress } from "@/lib/auth/client-address";

let testDb: PrismaClient;
let caller: { id: string; email: string; name: string; role: "EMPLOYEE" | "APPROVER" | "ADMIN" } | null = null;

vi.mock("@/lib/db/client", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  get db() {
    return testDb;
  },
}));
vi.mock("@/lib/auth/session", () => ({ getCurrentUser: async () => caller }));

const { auditFilterSchema, listAuditEvents } = await import("./queries");
const { recordAudit } = await import("./mutations");
const { verifyCredentials } = await import("@/lib/auth/verify-credentials");
const { GET } = await import("@/app/(portal)/admin/audit/export/route");

const DIR = "d-1234567890";
const BUNDLE = "wsb-abcdefgh1";
const dave = { id: "u-dave", email: "dave@example.com", name: "Dave", role: "ADMIN" as const };
const carol = { id: "u-carol", email: "carol@example.com", name: "Carol", role: "APPROVER" as const };
const bob = { id: "u-bob", email: "bob@example.com", name: "Bob Employee", role: "EMPLOYEE" as const };
const filter = (raw: Record<string, string>) => auditFilterSchema.parse(raw);

let close: () => Promise<void>;
beforeAll(async () => {
  ({ db: testDb, close } = await createTestDb());
  await testDb.directory.create({
    data: { id: DIR, name: "corp.example.com", type: "SIMPLE_AD", region: "us-east-1", stage: "Active", registered: true, registrationCode: "SLiad+ABC123" },
  });
  await testDb.bundle.create({
    data: { id: BUNDLE, name: "Standard with Windows 11", owner: "AMAZON", computeType: "STANDARD", platform: "WINDOWS", rootVolumeGiB: 80, userVolumeGiB: 50, region: "us-east-1" },
  });
  for (const p of [dave, carol, bob]) await testDb.user.create({ data: { ...p, directoryId: DIR, directoryUserName: p.email.split("@")[0] } });
  await testDb.desktopRequest.create({
    data: { id: "r-bob", requesterId: bob.id, directoryId: DIR, userName: "bob", bundleId: BUNDLE, runningMode: "AUTO_STOP", autoStopTimeoutMinutes: 60, justification: "Bob needs a desktop." },
  });
  await testDb.desktop.create({
    data: { id: "dk-bob", workspaceId: "ws-bobbob123", ownerId: bob.id, directoryId: DIR, userName: "bob", bundleId: BUNDLE, runningMode: "AUTO_STOP", autoStopTimeoutMinutes: 60, state: "AVAILABLE" },
  });
  await testDb.bulkJob.create({ data: { id: "job-1", kind: "PROVISION", fileName: "people.csv", createdById: dave.id } });
});
afterAll(async () => {
  await close?.();
});
beforeEach(async () => {
  await clearAuditTrailForTests(testDb);
  await testDb.signInThrottle.deleteMany();
  caller = null;
});

describe("audit trail", () => {
  it("shows and finds a failed sign-in by the e-mail tried, also when no account has it", async () => {
    await verifyCredentials(testDb, { email: "Nobody@Example.com", password: "guess", ipAddress: "198.51.100.7" });
    await recordAudit(testDb, { actor: dave, action: "desktop.reboot", targetType: "desktop", targetId: "dk-bob", outcome: "SUCCESS" });

    const found = await listAuditEvents(filter({ q: "nobody@exa" }));
    expect(found.rows).toHaveLength(1);
    expect(found.rows[0]).toMatchObject({ action: "auth.sign_in", outcome: "FAILURE", actorEmail: null, triedEmail: "nobody@example.com", ipAddress: "198.51.100.7" });
    expect((await listAuditEvents(filter({ q: "NOBODY" }))).rows).toHaveLength(1);
  });

  it("names the objects and links to their pages", async () => {
    await recordAudit(testDb, { actor: dave, action: "desktop.reboot", targetType: "desktop", targetId: "dk-bob", outcome: "SUCCESS" });
    await recordAudit(testDb, { actor: carol, action: "request.approve", targetType: "request", targetId: "r-bob", outcome: "SUCCESS" });
    await recordAudit(testDb, { actor: dave, action: "bulk.provision", targetType: "bulk_job", targetId: "job-1", outcome: "SUCCESS" });
    await recordAudit(testDb, { actor: dave, action: "desktop.terminate", targetType: "desktop", targetId: "dk-gone", outcome: "SUCCESS" });

    const targets = Object.fromEntries((await listAuditEvents(filter({}))).rows.map((r) => [r.action, r.target]));
    expect(targets["desktop.reboot"]).toEqual({ type: "desktop", id: "dk-bob", label: "Desktop of bob (ws-bobbob123)", href: "/desktops/dk-bob" });
    expect(targets["request.approve"]).toEqual({ type: "request", id: "r-bob", label: "Request of Bob Employee", href: "/requests/r-bob" });
    expect(targets["bulk.provision"]).toEqual({ type: "bulk_job", id: "job-1", label: "Provisioning from people.csv", href: "/admin/bulk/job-1" });
    // An object the portal no longer has keeps its id, without a link.
    expect(targets["desktop.terminate"]).toEqual({ type: "desktop", id: "dk-gone", label: "desktop dk-gone", href: null });
  });

  it("filters by a date range, whole days in UTC, both ends included", async () => {
    for (const at of ["2026-11-30T23:59:59Z", "2026-12-01T00:00:00Z", "2026-12-02T23:59:59Z", "2026-12-03T00:00:00Z"]) {
      await testDb.auditEvent.create({ data: { at: new Date(at), action: "test.dated", outcome: "SUCCESS", message: at } });
    }
    const inRange = await listAuditEvents(filter({ from: "2026-12-01", to: "2026-12-02" }));
    expect(inRange.rows.map((r) => r.message)).toEqual(["2026-12-02T23:59:59Z", "2026-12-01T00:00:00Z"]);
    expect((await listAuditEvents(filter({ from: "2026-12-03" }))).total).toBe(1);
    expect((await listAuditEvents(filter({ to: "2026-11-30" }))).total).toBe(1);
    expect(auditFilterSchema.safeParse({ from: "2026-13-45" }).success).toBe(false);
    expect(auditFilterSchema.safeParse({ from: "yesterday" }).success).toBe(false);
  });

  it("exports the filtered events as formula-safe CSV, for audit readers only, and records the export", async () => {
    await recordAudit(testDb, { actor: dave, action: "desktop.reboot", targetType: "desktop", targetId: "dk-bob", outcome: "SUCCESS", message: "=HYPERLINK(\"http://evil\")" });
    await recordAudit(testDb, { actor: carol, action: "request.approve", targetType: "request", targetId: "r-bob", outcome: "SUCCESS" });
    const url = "http://portal.test/admin/audit/export?action=desktop.";

    caller = null;
    expect((await GET(new Request(url))).status).toBe(401);
    caller = carol;
    expect((await GET(new Request(url))).status).toBe(404);
    expect((await GET(new Request("http://portal.test/admin/audit/export?from=someday"))).status).toBe(404);
    caller = dave;
    expect((await GET(new Request("http://portal.test/admin/audit/export?from=someday"))).status).toBe(400);

    // The portal's server stamps the client's address from the connection (no trusted proxy here).
    const stamped = { headers: {} as Record<string, string>, socket: { remoteAddress: "203.0.113.9" } };
    stampClientAddress(stamped as never, 0);
    const response = await GET(new Request(url, { headers: stamped.headers }));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="audit-trail-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = (await response.text()).trimEnd().split("\r\n");
    expect(lines[0]).toBe("at_utc,actor_email,tried_email,action,object_type,object_id,object_name,outcome,message,aws_request_id,ip_address");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z,dave@example\.com,,desktop\.reboot,desktop,dk-bob,Desktop of bob \(ws-bobbob123\),SUCCESS,"'=HYPERLINK\(""http:\/\/evil""\)",,$/);

    const recorded = await testDb.auditEvent.findMany({ where: { action: "audit.export" } });
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ actorEmail: "dave@example.com", outcome: "SUCCESS", ipAddress: "203.0.113.9", message: "Exported 1 event as CSV (action=desktop.)" });
  });
});
