// Failed creates (state ERROR, no WorkSpace id): retry queues the CREATE again with the worker's
// look-first protection; remove closes the row with an audit record and calls nothing in AWS.
// Integration: the real worker against the emulator and a real database.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BUNDLE_ID, DIRECTORY_ID, REGION, startHarness, type Harness } from "@/test-support/worker-harness";
import { DESKTOP_ID_TAG, runWorkerOnce } from "@/lib/jobs/worker";
import { removeFailedCreates, retryFailedCreates } from "./mutations";

let h: Harness;
const admin = () => ({ id: h.approverId, email: "admin@corp.example.com" });

beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h?.close();
});

/** A request approved for a user AWS does not know: its create fails (ResourceNotFound.User). */
async function failedCreate(userName = "newhire") {
  const approved = await h.approve({ userName });
  await runWorkerOnce(h.workerOptions());
  expect(await h.db.desktop.findUniqueOrThrow({ where: { id: approved.desktopId } })).toMatchObject({ state: "ERROR", workspaceId: null });
  return approved;
}

const calls = (operation: string) => h.db.awsCall.count({ where: { operation } });

describe("retry", () => {
  it("queues the create again; once the user exists it is created, the request moves on, and the audit trail says who", async () => {
    const { desktopId, requestId } = await failedCreate();
    await h.control(`/emulator/directories/${DIRECTORY_ID}/users`, { UserName: "newhire" });

    const outcome = await h.db.$transaction((tx) => retryFailedCreates(tx, admin(), [desktopId], REGION));
    expect(outcome).toEqual({ done: [desktopId], skipped: [] });
    expect(await h.db.desktop.findUniqueOrThrow({ where: { id: desktopId } })).toMatchObject({ state: "REQUESTED" });
    const request = await h.db.desktopRequest.findUniqueOrThrow({ where: { id: requestId }, include: { events: { orderBy: { at: "asc" } } } });
    expect(request).toMatchObject({ status: "APPROVED", failureCode: null });
    expect(request.events.at(-1)?.message).toBe("An administrator queued the desktop's creation again.");

    const describesBefore = await calls("DescribeWorkspaces");
    await h.drain();
    const desktop = await h.db.desktop.findUniqueOrThrow({ where: { id: desktopId } });
    expect(desktop.workspaceId).toMatch(/^ws-/);
    expect((await h.db.desktopRequest.findUniqueOrThrow({ where: { id: requestId } })).status).toBe("PROVISIONING");
    // It looked for a desktop carrying its tags before creating one.
    expect(await calls("DescribeWorkspaces")).toBeGreaterThan(describesBefore);
    expect(await calls("CreateWorkspaces")).toBe(2);
    expect(await h.db.auditEvent.count({ where: { action: "desktop.retry", targetId: desktopId, actorId: h.approverId } })).toBe(1);
  });

  it("adopts a desktop AWS made after all (it carries the portal's tag) instead of creating a second one", async () => {
    const { desktopId } = await failedCreate("alice2");
    await h.control(`/emulator/directories/${DIRECTORY_ID}/users`, { UserName: "alice2" });
    // As if an earlier call had reached AWS after all.
    const made = await h.aws.forRegion(REGION).workspaces.createWorkspaces([
      { directoryId: DIRECTORY_ID, userName: "alice2", bundleId: BUNDLE_ID, runningMode: "AUTO_STOP", autoStopTimeoutMinutes: 60, tags: { [DESKTOP_ID_TAG]: desktopId } },
    ]);
    expect(made.ok && made.pending).toHaveLength(1);
    const createsBefore = await calls("CreateWorkspaces");

    await h.db.$transaction((tx) => retryFailedCreates(tx, admin(), [desktopId], REGION));
    await h.drain();
    expect(await calls("CreateWorkspaces")).toBe(createsBefore);
    expect((await h.db.desktop.findUniqueOrThrow({ where: { id: desktopId } })).workspaceId).toBe(made.ok ? made.pending[0].workspaceId : "");
    expect(await h.awsDesktops()).toHaveLength(1);
  });

  it("fails at once when AWS refuses the retried create again and no desktop of it exists, without spending the retry budget", async () => {
    const { desktopId, requestId } = await failedCreate("newhire"); // the user still does not exist in AWS
    await h.db.$transaction((tx) => retryFailedCreates(tx, admin(), [desktopId], REGION));
    const createsBefore = await calls("CreateWorkspaces");

    const passes = await h.drain();
    // One pass for the create; the second sends the admins' notice of its failure.
    expect(passes).toHaveLength(2);
    expect(await h.db.operation.count({ where: { type: "SEND_NOTIFICATION", status: { not: "SUCCEEDED" } } })).toBe(0);
    expect(await calls("CreateWorkspaces")).toBe(createsBefore + 1);
    expect(await h.db.desktop.findUniqueOrThrow({ where: { id: desktopId } })).toMatchObject({ state: "ERROR", workspaceId: null });
    const retried = await h.db.operation.findFirstOrThrow({ where: { desktopId, type: "CREATE" }, orderBy: { createdAt: "desc" } });
    // AWS's own reason, not "Gave up after 8 attempts".
    expect(retried).toMatchObject({ status: "FAILED", attempts: 1, lastErrorCode: "ResourceNotFound.User", lastError: expect.not.stringContaining("Gave up") });
    expect(await h.db.desktopRequest.findUniqueOrThrow({ where: { id: requestId } })).toMatchObject({ failureCode: "ResourceNotFound.User" });
  });

  it("skips a desktop that exists in AWS, and one whose user got another desktop meanwhile (one per user and directory)", async () => {
    const failed = await failedCreate("carl");
    await h.control(`/emulator/directories/${DIRECTORY_ID}/users`, { UserName: "carl" });
    await h.approve({ userName: "carl" });
    const live = await h.approve({ userName: "alice" });
    await h.drain();
    const outcome = await h.db.$transaction((tx) => retryFailedCreates(tx, admin(), [failed.desktopId, live.desktopId], REGION));
    expect(outcome.done).toEqual([]);
    expect(outcome.skipped).toEqual(
      expect.arrayContaining([
        { id: live.desktopId, userName: "alice", reason: "The desktop exists in AWS: only a create that failed before AWS made the desktop can be retried or removed." },
        { id: failed.desktopId, userName: "carl", reason: expect.stringMatching(/^carl already has a desktop in corp\.example\.com \(ws-/) },
      ]),
    );
    expect((await h.db.desktop.findUniqueOrThrow({ where: { id: failed.desktopId } })).state).toBe("ERROR");
  });
});

describe("remove", () => {
  it("closes the row with an audit record and a line in the request's history, without calling AWS", async () => {
    const { desktopId, requestId } = await failedCreate();
    const callsBefore = await h.db.awsCall.count();
    const outcome = await h.db.$transaction((tx) => removeFailedCreates(tx, admin(), [desktopId]));
    expect(outcome).toEqual({ done: [desktopId], skipped: [] });
    const desktop = await h.db.desktop.findUniqueOrThrow({ where: { id: desktopId } });
    expect(desktop.state).toBe("TERMINATED");
    expect(desktop.terminatedAt).toBeInstanceOf(Date);
    expect(await h.db.operation.count({ where: { desktopId, status: { in: ["QUEUED", "RUNNING"] } } })).toBe(0);
    expect(await h.db.auditEvent.count({ where: { action: "desktop.remove", targetId: desktopId } })).toBe(1);
    const events = await h.db.requestEvent.findMany({ where: { requestId }, orderBy: { at: "asc" } });
    expect(events.at(-1)?.message).toBe("An administrator removed the desktop that could not be created.");
    await runWorkerOnce(h.workerOptions());
    expect(await h.db.awsCall.count()).toBe(callsBefore);
  });

  it("refuses a desktop that exists in AWS", async () => {
    const live = await h.approve({ userName: "alice" });
    await h.drain();
    const outcome = await h.db.$transaction((tx) => removeFailedCreates(tx, admin(), [live.desktopId]));
    expect(outcome.done).toEqual([]);
    expect(outcome.skipped[0].reason).toMatch(/exists in AWS/);
  });
});
