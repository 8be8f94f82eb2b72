// Approval policies applied when a request is submitted, end to end: the actions as the UI calls
// them, the real worker against the emulator, and e-mail to a real SMTP server (smtp-server).
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { PrismaClient } from "@/lib/db/generated/client";
import type { SmtpConfig } from "@/lib/config";
import { ensureDefaultPrices } from "@/lib/billing/seed";
import { reconcileOnce } from "@/lib/jobs/reconcile";
import { runWorkerOnce } from "@/lib/jobs/worker";
import { startSmtpTestServer, type SmtpTestServer } from "@/test-support/smtp-test-server";
import { BUNDLE_ID, DIRECTORY_ID, startHarness, type Harness } from "@/test-support/worker-harness";

let h: Harness;
let smtp: SmtpTestServer;
let caller: { id: string; email: string; name: string; role: "EMPLOYEE" | "APPROVER" | "ADMIN" } | null = null;

vi.mock("@/lib/db/client", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  get db() {
    return h.db;
  },
}));
vi.mock("@/lib/auth/session", () => ({ getActionUser: async () => caller, getCurrentUser: async () => caller }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const { submitRequest, decideRequests } = await import("@/lib/requests/actions");
const { listApprovalQueue } = await import("@/lib/requests/queries");

const FROM = "WorkSpaces Portal <portal@example.com>";
const smtpConfig = (): SmtpConfig => ({ host: "localhost", port: smtp.port, security: "starttls", user: smtp.user, password: smtp.password, caFile: smtp.caFile, timeoutMs: 5_000 });
const form = (over: Record<string, string> = {}) => ({ bundleId: BUNDLE_ID, runningMode: "AUTO_STOP", autoStopTimeoutHours: "1", justification: "Quarterly close needs a desktop.", ...over });

type Person = { id: string; email: string; name: string; role: "EMPLOYEE" | "APPROVER" | "ADMIN" };
let alice: Person;
let boss: Person;
let itApprover: Person;
let otherApprover: Person;
let admin: Person;

async function person(email: string, role: Person["role"], extra: { groups?: string[]; managerEmail?: string } = {}): Promise<Person> {
  const u = await h.db.user.create({ data: { email, name: email.split("@")[0], role, groups: extra.groups ?? [], managerEmail: extra.managerEmail ?? null } });
  return { id: u.id, email: u.email, name: u.name, role: u.role };
}

async function rule(position: number, data: Record<string, unknown>) {
  return h.db.approvalRule.create({ data: { position, name: `rule ${position}`, outcome: "ONE_LEVEL", ...data } as never });
}

beforeAll(async () => {
  smtp = await startSmtpTestServer();
  h = await startHarness();
  await ensureDefaultPrices(h.db);
  const requester = await h.db.user.update({ where: { id: h.requesterId }, data: { managerEmail: "boss@corp.example.com", groups: ["Finance"] } });
  alice = { id: requester.id, email: requester.email, name: requester.name, role: "EMPLOYEE" };
  admin = { id: h.approverId, email: "admin@corp.example.com", name: "Admin", role: "ADMIN" };
  boss = await person("boss@corp.example.com", "APPROVER");
  itApprover = await person("it@corp.example.com", "APPROVER", { groups: ["IT Approvers"] });
  otherApprover = await person("other@corp.example.com", "APPROVER", { groups: ["Facilities"] });
});
afterAll(async () => {
  await h?.close();
  await smtp?.close();
});
beforeEach(async () => {
  caller = null;
  await h.db.notification.deleteMany();
  await h.db.operation.deleteMany({ where: { type: "SEND_NOTIFICATION" } });
  await h.db.approvalRule.deleteMany();
});

/** Notifications queued for a request, as (recipient, subject). */
async function queued(kind: string) {
  const rows = await h.db.notification.findMany({ where: { kind }, orderBy: { recipient: "asc" } });
  return rows.map((n) => `${n.recipient}: ${n.subject}`);
}

async function clearOpenRequests() {
  await h.db.desktopRequest.updateMany({ where: { status: "SUBMITTED" }, data: { status: "CANCELLED" } });
}

describe("approval policies at submission", () => {
  it("auto-approval: the desktop is created without anyone clicking, becomes AVAILABLE, and the requester gets the ready e-mail", async () => {
    await rule(1, { name: "Cheap Windows", outcome: "AUTO_APPROVE", computeTypes: ["VALUE"], runningModes: ["AUTO_STOP"], maxMonthlyCost: 100 });
    caller = alice;
    const submitted = await submitRequest(form({ hoursPerWeek: "20" }));
    expect(submitted).toMatchObject({ ok: true });
    const requestId = (submitted as { requestId: string }).requestId;

    const request = await h.db.desktopRequest.findUniqueOrThrow({ where: { id: requestId }, include: { desktop: true, operations: true, events: { orderBy: { at: "asc" } } } });
    expect(request.status).toBe("APPROVED");
    expect(request.deciderId).toBeNull();
    expect(request.events.map((e) => e.message)).toContain("Approved automatically by the approval policy (rule 1: Cheap Windows). Your desktop is queued for creation.");
    expect(request.operations.map((o) => o.type)).toEqual(["CREATE"]);
    const audit = await h.db.auditEvent.findFirstOrThrow({ where: { action: "request.auto_approve", targetId: requestId } });
    expect(audit).toMatchObject({ actorId: null, message: "Approved by rule 1 (Cheap Windows)", details: { rule: { number: 1, name: "Cheap Windows" } } });
    // Nobody is asked to approve it; the requester hears it was approved.
    expect(await queued("request.submitted")).toEqual([]);
    expect(await queued("request.decided")).toEqual(["alice@corp.example.com: Your desktop request was approved"]);

    // The worker creates it in the emulator; it settles AVAILABLE; the ready mail goes out over SMTP.
    const before = smtp.received.length;
    await h.drain({ mail: { from: FROM, smtp: smtpConfig() } });
    await h.advanceClock(1300);
    await reconcileOnce({ db: h.db, aws: h.aws });
    const desktop = await h.db.desktop.findUniqueOrThrow({ where: { requestId }, include: { request: true } });
    expect(desktop.state).toBe("AVAILABLE");
    expect(desktop.request?.status).toBe("READY");
    await runWorkerOnce(h.workerOptions({ mail: { from: FROM, smtp: smtpConfig() } }));
    const mail = smtp.received.slice(before);
    expect(mail.map((m) => `${m.to.join(",")}: ${m.subject}`).sort()).toEqual([
      "alice@corp.example.com: Your desktop is ready",
      "alice@corp.example.com: Your desktop request was approved",
    ]);
    expect(mail.find((m) => m.subject === "Your desktop is ready")?.text).toContain("Amazon WorkSpaces client");
  });

  it("a reject rule refuses at once with its reason, audited with the rule", async () => {
    await h.db.desktop.updateMany({ data: { state: "TERMINATED", terminatedAt: new Date() } });
    await rule(1, { name: "No AlwaysOn", outcome: "REJECT", runningModes: ["ALWAYS_ON"], rejectReason: "AlwaysOn desktops need a business case: use AutoStop." });
    caller = alice;
    const submitted = await submitRequest(form({ runningMode: "ALWAYS_ON", autoStopTimeoutHours: "" }));
    const request = await h.db.desktopRequest.findUniqueOrThrow({ where: { id: (submitted as { requestId: string }).requestId } });
    expect(request).toMatchObject({ status: "REJECTED", decisionReason: "AlwaysOn desktops need a business case: use AutoStop." });
    expect(await h.db.auditEvent.count({ where: { action: "request.auto_reject", targetId: request.id, message: { contains: "rule 1 (No AlwaysOn)" } } })).toBe(1);
    expect(await h.db.desktop.count({ where: { requestId: request.id } })).toBe(0);
  });

  it("two levels: the manager decides level 1, then only the level-2 group (or an admin); each level's approvers are told", async () => {
    await h.db.desktop.updateMany({ data: { state: "TERMINATED", terminatedAt: new Date() } });
    await rule(1, { name: "Managed", outcome: "TWO_LEVELS", level1Manager: true, level2Group: "it approvers" });
    caller = alice;
    const submitted = await submitRequest(form());
    const requestId = (submitted as { requestId: string }).requestId;
    expect(await h.db.desktopRequest.findUniqueOrThrow({ where: { id: requestId } })).toMatchObject({ status: "SUBMITTED", approvalLevel: 1, approvalLevels: 2, level1ManagerEmail: "boss@corp.example.com" });
    expect(await queued("request.submitted")).toEqual(["boss@corp.example.com: Desktop request from Alice waits for your approval (level 1 of 2)"]);

    // The queue shows the level, and who may decide it.
    const asSeenBy = async (viewer: Person) => (await listApprovalQueue({ q: "", status: "SUBMITTED", sort: "oldest" }, viewer)).find((r) => r.id === requestId)!;
    expect((await asSeenBy(boss)).approval).toEqual({ level: 1, levels: 2, waitsFor: "the manager boss@corp.example.com", escalated: false });
    expect((await asSeenBy(boss)).viewerMayDecide).toBe(true);
    expect((await asSeenBy(itApprover)).viewerMayDecide).toBe(false);

    // An approver of the later level cannot decide level 1.
    caller = itApprover;
    const early = await decideRequests({ requestIds: [requestId], decision: "APPROVE" });
    expect(early).toMatchObject({ ok: true, decided: [], skipped: [{ code: "FORBIDDEN", message: "Only the manager boss@corp.example.com (or an admin) can decide this request's level 1 of 2." }] });

    caller = boss;
    expect(await decideRequests({ requestIds: [requestId], decision: "APPROVE", reason: "Fine by me." })).toMatchObject({ ok: true, decided: [requestId] });
    const afterLevel1 = await h.db.desktopRequest.findUniqueOrThrow({ where: { id: requestId }, include: { desktop: true } });
    expect(afterLevel1).toMatchObject({ status: "SUBMITTED", approvalLevel: 2, desktop: null });
    expect(await queued("request.submitted")).toEqual([
      "boss@corp.example.com: Desktop request from Alice waits for your approval (level 1 of 2)",
      "it@corp.example.com: Desktop request from Alice waits for your approval (level 2 of 2)",
    ]);
    expect(await queued("request.decided")).toEqual([]);

    // The manager is done; someone outside the level-2 group is refused; the group member approves.
    for (const outsider of [boss, otherApprover]) {
      caller = outsider;
      expect(await decideRequests({ requestIds: [requestId], decision: "APPROVE" })).toMatchObject({ decided: [], skipped: [{ code: "FORBIDDEN" }] });
    }
    caller = itApprover;
    expect(await decideRequests({ requestIds: [requestId], decision: "APPROVE" })).toMatchObject({ ok: true, decided: [requestId] });
    const approved = await h.db.desktopRequest.findUniqueOrThrow({ where: { id: requestId }, include: { desktop: true, operations: true } });
    expect(approved).toMatchObject({ status: "APPROVED", deciderId: itApprover.id });
    expect(approved.desktop).not.toBeNull();
    expect(approved.operations.map((o) => o.type)).toEqual(["CREATE"]);
    expect(await h.db.auditEvent.count({ where: { targetId: requestId, action: { in: ["request.approve_level", "request.approve"] } } })).toBe(2);
  });

  it("a manager who is a plain employee sees and decides level 1 of their report's request, and nothing else", async () => {
    await clearOpenRequests();
    await h.db.desktop.updateMany({ data: { state: "TERMINATED", terminatedAt: new Date() } });
    const erin = await person("erin@corp.example.com", "EMPLOYEE");
    const dan = await person("dan@corp.example.com", "EMPLOYEE", { managerEmail: "Erin@corp.example.com" });
    const gina = await person("gina@corp.example.com", "EMPLOYEE");
    await rule(1, { name: "Managed", outcome: "TWO_LEVELS", level1Manager: true, level2Group: "it approvers" });
    const { createDesktopRequest } = await import("@/lib/requests/mutations");
    const { countManagedQueue } = await import("@/lib/requests/queries");
    const submit = (who: Person, userName: string) =>
      h.db.$transaction((tx) =>
        createDesktopRequest(tx, who, { directoryId: DIRECTORY_ID, userName, bundleId: BUNDLE_ID, runningMode: "AUTO_STOP", autoStopTimeoutMinutes: 60, justification: "Needs a desktop." }, { region: "us-east-1" }),
      );
    const report = await submit(dan, "dan");
    const noManager = await submit(gina, "gina"); // no manager: level 1 is any approver's
    caller = alice;
    const otherTeam = (await submitRequest(form())) as { requestId: string }; // waits for boss
    expect(await h.db.desktopRequest.findUniqueOrThrow({ where: { id: report.id } })).toMatchObject({ approvalLevel: 1, level1ManagerEmail: "erin@corp.example.com" });
    expect(await h.db.desktopRequest.findUniqueOrThrow({ where: { id: noManager.id } })).toMatchObject({ approvalLevel: 1, level1ManagerEmail: null });
    // The employee manager is told, like any approver of a level.
    expect(await queued("request.submitted")).toContain("erin@corp.example.com: Desktop request from dan waits for your approval (level 1 of 2)");

    // Their queue holds only their report's request, whatever the filter asks for.
    expect(await countManagedQueue(erin)).toBe(1);
    const queue = await listApprovalQueue({ q: "", status: "ALL", sort: "oldest" }, { ...erin, managedOnly: true });
    expect(queue.map((r) => [r.id, r.viewerMayDecide])).toEqual([[report.id, true]]);

    // Someone else's request, or one with no manager level, does not exist for them.
    caller = erin;
    for (const id of [otherTeam.requestId, noManager.id]) {
      expect(await decideRequests({ requestIds: [id], decision: "APPROVE" })).toMatchObject({ ok: false, code: "NOT_FOUND" });
    }
    expect(await decideRequests({ requestIds: [report.id, otherTeam.requestId], decision: "APPROVE", reason: "Fine." })).toMatchObject({
      ok: true,
      decided: [report.id],
      skipped: [{ id: otherTeam.requestId, code: "NOT_FOUND" }],
    });
    expect(await h.db.desktopRequest.findUniqueOrThrow({ where: { id: report.id } })).toMatchObject({ status: "SUBMITTED", approvalLevel: 2 });
    expect(await h.db.desktopRequest.findUniqueOrThrow({ where: { id: otherTeam.requestId } })).toMatchObject({ status: "SUBMITTED", approvalLevel: 1 });

    // Level 2 is the approvers': the manager can no longer decide or see it.
    expect(await decideRequests({ requestIds: [report.id], decision: "REJECT", reason: "Changed my mind." })).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(await h.db.desktopRequest.findUniqueOrThrow({ where: { id: report.id } })).toMatchObject({ status: "SUBMITTED", approvalLevel: 2 });
    expect(await countManagedQueue(erin)).toBe(0);
    expect(await listApprovalQueue({ q: "", status: "ALL", sort: "oldest" }, { ...erin, managedOnly: true })).toEqual([]);
    await clearOpenRequests();
  });

  it("admins may decide any level; no rule matching means one level for every approver", async () => {
    await clearOpenRequests();
    await h.db.desktop.updateMany({ data: { state: "TERMINATED", terminatedAt: new Date() } });
    await rule(1, { name: "Graphics only", outcome: "TWO_LEVELS", computeTypes: ["GRAPHICS_G4DN"], level1Group: "Leads", level2Group: "IT Approvers" });
    caller = alice;
    const submitted = await submitRequest(form());
    const requestId = (submitted as { requestId: string }).requestId;
    expect(await h.db.desktopRequest.findUniqueOrThrow({ where: { id: requestId } })).toMatchObject({ approvalRuleId: null, approvalLevels: 1, level1Group: null });
    expect(await queued("request.submitted")).toEqual([
      "admin@corp.example.com: Desktop request from Alice waits for your approval",
      "boss@corp.example.com: Desktop request from Alice waits for your approval",
      "it@corp.example.com: Desktop request from Alice waits for your approval",
      "other@corp.example.com: Desktop request from Alice waits for your approval",
    ]);
    caller = admin;
    expect(await decideRequests({ requestIds: [requestId], decision: "REJECT", reason: "Not now." })).toMatchObject({ ok: true, decided: [requestId] });
  });

  it("an auto-approve rule that a guardrail refuses leaves the request to a person", async () => {
    await clearOpenRequests();
    await h.db.desktop.updateMany({ data: { state: "TERMINATED", terminatedAt: new Date() } });
    await h.db.directoryGuardrail.upsert({ where: { directoryId: DIRECTORY_ID }, create: { directoryId: DIRECTORY_ID, desktopsPerUser: 0 }, update: { desktopsPerUser: 0 } });
    try {
      await rule(1, { name: "Everything", outcome: "AUTO_APPROVE" });
      // Submission checks the quota itself; the policy's approval must not slip past it either.
      const { createDesktopRequest } = await import("@/lib/requests/mutations");
      const request = await h.db.$transaction((tx) =>
        createDesktopRequest(tx, alice, { directoryId: DIRECTORY_ID, userName: "alice", bundleId: BUNDLE_ID, runningMode: "AUTO_STOP", autoStopTimeoutMinutes: 60, justification: "quota test" }, { region: "us-east-1" }),
      );
      expect(request.status).toBe("SUBMITTED");
      const events = await h.db.requestEvent.findMany({ where: { requestId: request.id }, orderBy: { at: "asc" } });
      expect(events.at(-1)?.message).toMatch(/^Not approved automatically \(Not approved: .*\) It waits for an approver\.$/);
      expect((await queued("request.submitted")).length).toBeGreaterThan(0);
    } finally {
      await h.db.directoryGuardrail.deleteMany({ where: { directoryId: DIRECTORY_ID } });
    }
  });
});

describe("saving rules", () => {
  it("a rule that can never match is refused at its field; one an earlier rule hides is saved with a warning; the preview names the rule", async () => {
    const { saveApprovalRule, moveApprovalRule, previewApproval } = await import("./actions");
    caller = admin;
    const never = await saveApprovalRule({ name: "Empty range", outcome: "AUTO_APPROVE", minMonthlyCost: "80", maxMonthlyCost: "20" });
    expect(never).toMatchObject({ ok: false, code: "INVALID_INPUT", fieldErrors: { maxMonthlyCost: "The highest monthly cost is below the lowest: this rule can never match." } });
    expect(await h.db.approvalRule.count()).toBe(0);
    expect(await saveApprovalRule({ name: "No reason", outcome: "REJECT" })).toMatchObject({ ok: false, fieldErrors: { rejectReason: expect.stringContaining("Say why") } });

    expect(await saveApprovalRule({ name: "Windows value", outcome: "ONE_LEVEL", computeTypes: ["VALUE"] })).toMatchObject({ ok: true, warnings: [] });
    const hidden = await saveApprovalRule({ name: "Cheap value", outcome: "AUTO_APPROVE", computeTypes: ["VALUE"], maxMonthlyCost: "100" });
    expect(hidden).toMatchObject({ ok: true, warnings: [expect.stringMatching(/^Rule 2 \(Cheap value\): Contradicts rule 1 \(Windows value\)/)] });
    const preview = () => previewApproval({ userId: alice.id, bundleId: BUNDLE_ID, directoryId: DIRECTORY_ID, runningMode: "AUTO_STOP" });
    expect(await preview()).toMatchObject({ ok: true, verdict: "This request would wait for one approval by rule 1 (Windows value): level 1: any approver." });

    // Reordered, the exception comes first and nothing is hidden.
    expect(await moveApprovalRule({ ruleId: (hidden as { ruleId: string }).ruleId, direction: "up" })).toMatchObject({ ok: true, warnings: [] });
    expect(await preview()).toMatchObject({ ok: true, verdict: "This request would be approved automatically by rule 1 (Cheap value)." });
    expect(await h.db.auditEvent.count({ where: { action: { startsWith: "approval_rule." } } })).toBe(3);
  });
});

describe("reminders and escalation", () => {
  it("a request waiting past the setting reminds its level's approvers once, then escalates once to the admins and the escalation group", async () => {
    const { getConfig, resetConfigForTests } = await import("@/lib/config");
    const { remindAndEscalate } = await import("./reminders");
    process.env.PORTAL_APPROVAL_ESCALATION_GROUP = "Escalations";
    process.env.PORTAL_APPROVAL_REMINDER_HOURS = "24";
    process.env.PORTAL_APPROVAL_ESCALATION_HOURS = "8";
    resetConfigForTests();
    try {
      await clearOpenRequests();
      await h.db.desktop.updateMany({ data: { state: "TERMINATED", terminatedAt: new Date() } });
      const escalations = await person("esc@corp.example.com", "APPROVER", { groups: ["escalations"] });
      await rule(1, { name: "IT decides", outcome: "ONE_LEVEL", level1Group: "IT Approvers" });
      const t0 = new Date("2026-12-01T09:00:00Z");
      const at = (hours: number) => new Date(t0.getTime() + hours * 3_600_000);
      const { createDesktopRequest } = await import("@/lib/requests/mutations");
      const request = await h.db.$transaction((tx) =>
        createDesktopRequest(tx, alice, { directoryId: DIRECTORY_ID, userName: "alice", bundleId: BUNDLE_ID, runningMode: "AUTO_STOP", autoStopTimeoutMinutes: 60, justification: "reminder test" }, { region: "us-east-1" }, t0),
      );
      const settings = getConfig().approvals;
      await h.db.notification.deleteMany();
      await h.db.operation.deleteMany({ where: { type: "SEND_NOTIFICATION" } });

      expect(await remindAndEscalate(h.db, settings, at(23.9))).toEqual({ reminded: 0, escalated: 0 });
      expect(await remindAndEscalate(h.db, settings, at(24))).toEqual({ reminded: 1, escalated: 0 });
      // Another pass (or another worker) sends nothing more.
      expect(await remindAndEscalate(h.db, settings, at(25))).toEqual({ reminded: 0, escalated: 0 });
      expect(await queued("request.submitted")).toEqual(["it@corp.example.com: Reminder: desktop request from Alice waits for your approval"]);

      // The escalation group may not decide it yet.
      caller = escalations;
      expect(await decideRequests({ requestIds: [request.id], decision: "APPROVE" })).toMatchObject({ decided: [], skipped: [{ code: "FORBIDDEN" }] });

      expect(await remindAndEscalate(h.db, settings, at(31.9))).toEqual({ reminded: 0, escalated: 0 });
      expect(await remindAndEscalate(h.db, settings, at(32))).toEqual({ reminded: 0, escalated: 1 });
      expect(await remindAndEscalate(h.db, settings, at(40))).toEqual({ reminded: 0, escalated: 0 });
      expect((await queued("request.submitted")).filter((n) => n.includes("Escalated"))).toEqual([
        "admin@corp.example.com: Escalated: desktop request from Alice still waits for approval",
        "esc@corp.example.com: Escalated: desktop request from Alice still waits for approval",
        "it@corp.example.com: Escalated: desktop request from Alice still waits for approval",
      ]);
      expect(await h.db.auditEvent.count({ where: { action: "request.escalate", targetId: request.id } })).toBe(1);
      // Each went through the outbox.
      expect(await h.db.operation.count({ where: { type: "SEND_NOTIFICATION" } })).toBe(4);

      // Escalated, the group may decide it.
      expect(await decideRequests({ requestIds: [request.id], decision: "APPROVE" })).toMatchObject({ ok: true, decided: [request.id] });
    } finally {
      delete process.env.PORTAL_APPROVAL_ESCALATION_GROUP;
      delete process.env.PORTAL_APPROVAL_REMINDER_HOURS;
      delete process.env.PORTAL_APPROVAL_ESCALATION_HOURS;
      resetConfigForTests();
    }
  });
});
