// Each event queues its notice in its own transaction, to the right people, in the template's words.
import { describe, expect, it } from "vitest";
import { changeBillingMode, recordRunningModeResult } from "@/lib/billing/mode-changes/mutations";
import { recordDesktopActionResult } from "@/lib/desktops/action-results";
import { createDesktopRequest, decideRequests } from "@/lib/requests/mutations";
import { failRequestCreate, settleRequest } from "@/lib/requests/request-status";
import { BILLING_DIRECTORY, billingPeople as people, useBillingTestDb } from "@/test-support/billing-fixture";

const fx = useBillingTestDb();
const BUNDLE = "wsb-v7ko4r7f1";

async function noticesSince(since: Date) {
  return fx.db.notification.findMany({ where: { createdAt: { gte: since } }, orderBy: [{ kind: "asc" }, { recipient: "asc" }] });
}

async function submit(justification = "Month-end close needs a desktop.") {
  return fx.db.$transaction((tx) =>
    createDesktopRequest(tx, people.alice, { directoryId: BILLING_DIRECTORY, userName: "alice", bundleId: BUNDLE, runningMode: "AUTO_STOP", autoStopTimeoutMinutes: 60, justification }),
  );
}

/** A desktop row for the request, as an approval writes it (the worker takes it from there). */
async function desktopFor(requestId: string) {
  return fx.db.desktop.create({ data: { requestId, ownerId: people.alice.id, directoryId: BILLING_DIRECTORY, userName: "alice", bundleId: BUNDLE, runningMode: "AUTO_STOP", state: "PENDING", workspaceId: `ws-${requestId.slice(-8)}` } });
}

describe("notices queued with their events", () => {
  it("a submitted request: its approvers and admins, not the requester", async () => {
    const since = new Date();
    await submit();
    const notes = await noticesSince(since);
    expect(notes.map((n) => [n.kind, n.recipient])).toEqual([
      ["request.submitted", "carol@example.com"],
      ["request.submitted", "dave@example.com"],
    ]);
    expect(notes[0].subject).toBe("Desktop request from Alice waits for your approval");
    expect(notes[0].text).toContain("Justification: Month-end close needs a desktop.");
    expect(notes[0].html).toContain("<th align=\"left\" style=\"padding-right:12px\">Bundle</th><td>Standard with Windows 10 (Server 2022 based)</td>");
  });

  it("a rejected request: the requester, with the reason", async () => {
    const request = await submit();
    const since = new Date();
    await fx.db.$transaction((tx) => decideRequests(tx, people.carol, { requestIds: [request.id], decision: "REJECT", reason: "Use the <shared> lab desktop." }, { region: "us-east-1" }));
    const [note] = await noticesSince(since);
    expect(note).toMatchObject({ kind: "request.decided", recipient: "alice@example.com", subject: "Your desktop request was rejected" });
    expect(note.text).toContain("Carol rejected your desktop request.");
    expect(note.text).toContain("Reason: Use the <shared> lab desktop.");
    expect(note.html).toContain("Reason: Use the &lt;shared&gt; lab desktop.");
  });

  it("a desktop ready: its owner, with the registration code, the client links and how to sign in", async () => {
    const request = await submit();
    await fx.db.desktopRequest.update({ where: { id: request.id }, data: { status: "PROVISIONING" } });
    await desktopFor(request.id);
    const since = new Date();
    await fx.db.$transaction((tx) => settleRequest(tx, request.id, { state: "AVAILABLE" }, new Date()));
    const [note] = await noticesSince(since);
    expect(note).toMatchObject({ kind: "desktop.ready", recipient: "alice@example.com", subject: "Your desktop is ready" });
    expect(note.text).toContain("Enter the registration code: SLiad+C0RP7X");
    expect(note.text).toContain("https://clients.amazonworkspaces.com/");
    expect(note.text).toContain("Sign in as alice with your directory (corp.example.com) password.");
    // Settling again moves nothing and tells nobody twice.
    await fx.db.$transaction((tx) => settleRequest(tx, request.id, { state: "AVAILABLE" }, new Date()));
    expect(await noticesSince(since)).toHaveLength(1);
  });

  it("a create that failed: the admins, with AWS's code and message", async () => {
    const request = await submit();
    await fx.db.desktopRequest.update({ where: { id: request.id }, data: { status: "APPROVED" } });
    const since = new Date();
    await fx.db.$transaction((tx) => failRequestCreate(tx, request.id, { code: "ResourceNotFound.User", message: "The user alice was not found in the directory.", now: new Date() }));
    const notes = await noticesSince(since);
    expect(notes.map((n) => [n.kind, n.recipient])).toEqual([["desktop.failed", "dave@example.com"]]);
    expect(notes[0].text).toContain("AWS error code: ResourceNotFound.User");
    expect(notes[0].text).toContain("AWS message: The user alice was not found in the directory.");
  });

  it("an action AWS refused: the admins, with AWS's code and message", async () => {
    const d = await fx.desktop({ runningMode: "AUTO_STOP" });
    const op = await fx.db.operation.create({ data: { type: "REBOOT", desktopId: d.id, region: "us-east-1", status: "RUNNING", lockedBy: "w1" } });
    const since = new Date();
    await recordDesktopActionResult(fx.db, { operationId: op.id, workerId: "w1", action: "reboot", desktopId: d.id, createdById: null, workspaceId: d.workspaceId, failure: { code: "InvalidResourceState", message: "The WorkSpace is STOPPED." } });
    const [note] = await noticesSince(since);
    expect(note).toMatchObject({ kind: "desktop.failed", recipient: "dave@example.com", subject: `Reboot failed: alice's desktop ${d.workspaceId} in corp.example.com` });
    expect(note.text).toContain("AWS error code: InvalidResourceState");
  });

  it("a billing-mode change: its owner when it is scheduled, and when AWS applied it", async () => {
    const d = await fx.desktop({ runningMode: "ALWAYS_ON" });
    const since = new Date();
    await fx.db.$transaction((tx) => changeBillingMode(tx, people.dave, { desktopId: d.id, toMode: "AUTO_STOP", autoStopTimeoutMinutes: 60 }, new Date("2027-05-10T10:00:00Z")));
    const [scheduled] = await noticesSince(since);
    expect(scheduled).toMatchObject({ kind: "billing.mode_change", recipient: "alice@example.com", subject: `Billing-mode change scheduled: alice's desktop ${d.workspaceId} in corp.example.com` });
    expect(scheduled.text).toContain("changes to AutoStop (billed by the hour) on 2027-06-01 00:00 UTC");

    const op = await fx.db.operation.create({ data: { type: "MODIFY_RUNNING_MODE", desktopId: d.id, region: "us-east-1", status: "RUNNING", lockedBy: "w1" } });
    const later = new Date();
    await recordRunningModeResult(fx.db, { operationId: op.id, workerId: "w1", desktopId: d.id, runningMode: "AUTO_STOP", autoStopTimeoutMinutes: 60 });
    // (The scheduled notice carries the change's own time, in 2027: find the applied one by its words.)
    const applied = (await noticesSince(later)).find((n) => n.subject.startsWith("Billing mode changed"));
    expect(applied).toMatchObject({ kind: "billing.mode_change", subject: `Billing mode changed: alice's desktop ${d.workspaceId} in corp.example.com` });
    expect(applied!.text).toContain("is now AutoStop (billed by the hour)");
  });
});
