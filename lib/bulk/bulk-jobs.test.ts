// Integration: bulk jobs through the server actions, on a real test database, executed by the real
// worker against the AWS emulator (through the real SDK).
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Harness } from "@/test-support/worker-harness";

let h: Harness;
let caller: { id: string; email: string; name: string; role: "EMPLOYEE" | "APPROVER" | "ADMIN" } | null = null;

vi.mock("@/lib/db/client", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  get db() {
    return h.db;
  },
}));
vi.mock("@/lib/auth/session", () => ({ getActionUser: async () => caller, UNAUTHENTICATED_MESSAGE: "Your session has ended. Sign in again." }));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const { BUNDLE_ID, DIRECTORY_ID, silentLogger, startHarness } = await import("@/test-support/worker-harness");
const { reconcileOnce } = await import("@/lib/jobs/reconcile");
const { runWorkerOnce } = await import("@/lib/jobs/worker");
const actions = await import("./actions");
const { getBulkJob, listAllBulkJobItems } = await import("./queries");
const { toResultsCsv } = await import("./results-csv");

const HEADER = "user_name,directory_id,bundle_id,running_mode,autostop_timeout_hours,tags";
const users = (from: number, count: number) => Array.from({ length: count }, (_, i) => `user${String(from + i).padStart(4, "0")}`);
const row = (user: string, extra = "AUTO_STOP,2,CostCenter=42") => `${user},${DIRECTORY_ID},${BUNDLE_ID},${extra}`;

beforeEach(async () => {
  h = await startHarness();
  const admin = await h.db.user.findUniqueOrThrow({ where: { id: h.approverId } });
  caller = { id: admin.id, email: admin.email, name: admin.name, role: "ADMIN" };
});

afterEach(async () => {
  await h?.close();
});

function upload(text: string, extra: Record<string, string> = {}, name = "people.csv") {
  const form = new FormData();
  form.set("file", new File([text], name, { type: "text/csv" }));
  for (const [k, v] of Object.entries(extra)) form.set(k, v);
  return form;
}

async function preview(text: string) {
  const result = await actions.previewProvisioningCsv(upload(text));
  if (!result.ok) throw new Error(`preview failed: ${result.message}`);
  return result.preview;
}

/** Preview, then confirm what the preview said: the job id. */
async function provision(lines: string[]) {
  const text = [HEADER, ...lines].join("\n");
  const p = await preview(text);
  const result = await actions.confirmProvisioningCsv(upload(text, { sha256: p.sha256, expectedRows: String(p.counts.valid) }));
  if (!result.ok) throw new Error(`confirm failed: ${result.message}`);
  return result.jobId;
}

/** Runs reconcile (moving the emulator's clock on) until no followed desktop is changing. */
async function settle() {
  for (let i = 0; i < 8; i++) {
    await h.advanceClock(60);
    await reconcileOnce({ db: h.db, aws: h.aws, logger: silentLogger });
    const changing = await h.db.desktop.count({
      where: { workspaceId: { not: null }, terminatedAt: null, state: { in: ["PENDING", "REBOOTING", "TERMINATING", "STOPPING", "STARTING", "REBUILDING"] } },
    });
    if (changing === 0) return;
  }
  throw new Error("desktops did not settle");
}

async function counts(jobId: string) {
  const job = await getBulkJob(jobId);
  return Object.fromEntries(Object.entries(job!.counts).filter(([, n]) => n > 0));
}

describe("bulk provisioning from a CSV", () => {
  it("previews every row, confirms the valid ones, and the worker provisions them to AVAILABLE", async () => {
    const lines = [
      ...users(1, 28).map((u) => row(u)),
      row("alice", "ALWAYS_ON,,"),
      row("nobody", "AUTO_STOP,,"),
      row("user0001", "AUTO_STOP,2,"),
      `bad,${DIRECTORY_ID},wsb-unknown01,AUTO_STOP,1,`,
    ];
    const p = await preview([HEADER, ...lines].join("\n"));
    expect(p.counts).toEqual({ total: 32, valid: 30, withErrors: 2, withWarnings: 29 });
    expect(p.rows.filter((r) => !r.valid).map((r) => [r.line, r.problems.filter((x) => x.severity === "error").map((x) => x.message)])).toEqual([
      [32, ["user0001 already has a row for this directory on line 2 (one desktop per user and directory)."]],
      [33, ["Bundle wsb-unknown01 is not in the portal's catalogue."]],
    ]);
    expect(p.rows.find((r) => r.cells.user_name === "alice")).toMatchObject({ valid: true, requesterEmail: "alice@corp.example.com", problems: [] });

    const jobId = await provision(lines);
    expect(await counts(jobId)).toEqual({ QUEUED: 30 });

    // The rows as an approval writes them: approved requests, desktops, CREATE operations.
    const requests = await h.db.desktopRequest.findMany({ include: { desktop: true } });
    expect(requests).toHaveLength(30);
    const alice = requests.find((r) => r.userName === "alice")!;
    expect(alice).toMatchObject({ status: "APPROVED", requesterId: h.requesterId, deciderId: h.approverId, runningMode: "ALWAYS_ON", autoStopTimeoutMinutes: null });
    expect(alice.desktop).toMatchObject({ ownerId: h.requesterId, state: "REQUESTED" });
    expect(alice.justification).toBe(`Bulk job ${jobId}, line 30`);
    const stranger = requests.find((r) => r.userName === "user0005")!;
    expect(stranger).toMatchObject({ requesterId: h.approverId, autoStopTimeoutMinutes: 120 });
    expect(stranger.desktop).toMatchObject({ ownerId: null, autoStopTimeoutMinutes: 120 });
    const ops = await h.db.operation.findMany({ where: { type: "CREATE" } });
    expect(ops).toHaveLength(30);
    expect(ops.find((o) => o.requestId === stranger.id)?.payload).toEqual({ bulkJobId: jobId, tags: { CostCenter: "42" } });
    expect(await h.db.auditEvent.count({ where: { action: "request.approve" } })).toBe(30);
    expect(await h.db.auditEvent.count({ where: { action: "bulk.provision", targetId: jobId } })).toBe(1);

    await h.drain();
    const calls = await h.db.awsCall.findMany({ where: { operation: "CreateWorkspaces" } });
    expect(calls.map((c) => c.itemCount).sort((a, b) => b - a)).toEqual([25, 5]);
    expect(await counts(jobId)).toEqual({ PENDING: 29, FAILED: 1 });
    // The row's tags reach AWS next to the portal's own.
    const tagged = (await h.awsDesktops()).find((w) => w.userName === "user0005")!;
    expect(tagged.tags).toMatchObject({ CostCenter: "42", "portal:request-id": stranger.id });
    expect((await h.awsDesktops()).find((w) => w.userName === "alice")!.tags).not.toHaveProperty("CostCenter");

    await settle();
    const job = await getBulkJob(jobId);
    expect(job).toMatchObject({ state: "COMPLETED_WITH_FAILURES", total: 30, succeeded: 29, failed: 1, active: 0 });
    const items = await listAllBulkJobItems(jobId);
    const failed = items.filter((i) => i.status === "FAILED");
    expect(failed).toEqual([expect.objectContaining({ line: 31, userName: "nobody", errorCode: "ResourceNotFound.User", workspaceId: null })]);
    expect(items.filter((i) => i.status === "AVAILABLE").every((i) => i.workspaceId?.startsWith("ws-") && i.desktopState === "AVAILABLE")).toBe(true);
    expect(toResultsCsv({ kind: "PROVISION", action: null }, items)).toContain("31,nobody,d-9067000001,wsb-uj9exd002,AUTO_STOP,1,,FAILED,,ERROR,ResourceNotFound.User,");

    // Retry once the user exists in the directory: a new request; the failed one keeps its history.
    await h.control(`/emulator/directories/${DIRECTORY_ID}/users`, { UserName: "nobody" });
    const retry = await actions.retryFailedItems({ jobId });
    expect(retry).toMatchObject({ ok: true, retried: 1, skipped: [] });
    expect(await counts(jobId)).toEqual({ QUEUED: 1, AVAILABLE: 29 });
    const nobody = await h.db.desktopRequest.findMany({ where: { userName: "nobody" }, include: { events: { orderBy: { at: "asc" } } }, orderBy: { createdAt: "asc" } });
    expect(nobody.map((r) => r.status)).toEqual(["FAILED", "APPROVED"]);
    expect(nobody[0].events.at(-1)?.message).toMatch(new RegExp(`^Retried by admin@corp.example.com as request ${nobody[1].id}`));
    expect(nobody[1].justification).toBe(`Bulk job ${jobId}, line 31 (retry)`);

    await h.drain();
    await settle();
    expect(await counts(jobId)).toEqual({ AVAILABLE: 30 });
    expect(await actions.retryFailedItems({ jobId })).toMatchObject({ ok: false, code: "CONFLICT" });
  });

  it("creates nothing when the file or the check changed since the preview", async () => {
    const text = [HEADER, row("user0001"), row("user0002")].join("\n");
    const p = await preview(text);
    const changed = await actions.confirmProvisioningCsv(upload(`${text}\n${row("user0003")}`, { sha256: p.sha256, expectedRows: "2" }));
    expect(changed).toMatchObject({ ok: false, code: "CONFLICT", message: expect.stringMatching(/file changed/) });

    // Someone else got user0002 a desktop meanwhile.
    await h.approve({ userName: "user0002" });
    const stale = await actions.confirmProvisioningCsv(upload(text, { sha256: p.sha256, expectedRows: "2" }));
    expect(stale).toMatchObject({ ok: false, code: "CONFLICT", message: expect.stringMatching(/1 row can be created now, not 2/) });
    expect(!stale.ok && "preview" in stale && stale.preview?.counts.valid).toBe(1);
    expect(await h.db.bulkJob.count()).toBe(0);
  });

  it("refuses files that are not UTF-8 CSV before anything happens", async () => {
    const form = new FormData();
    form.set("file", new File([new Uint8Array([0xff, 0xfe, 0x75, 0x00])], "people.csv"));
    expect(await actions.previewProvisioningCsv(form)).toMatchObject({ ok: false, code: "INVALID_INPUT", fieldErrors: { file: expect.stringMatching(/UTF-16/) } });
    expect(await actions.previewProvisioningCsv(upload("x", {}, "people.xlsx"))).toMatchObject({ ok: false, fieldErrors: { file: expect.stringMatching(/Excel workbook/) } });
  });

  it("confirms 2,000 rows at once: a request, desktop, operation and item for each", async () => {
    const lines = Array.from({ length: 2000 }, (_, i) => row(`bulk${String(i).padStart(5, "0")}`));
    const text = [HEADER, ...lines].join("\n");
    const p = await preview(text);
    expect(p.counts.valid).toBe(2000);
    // How long it takes is measured in bench/ (npm run bench -- timings).
    const result = await actions.confirmProvisioningCsv(upload(text, { sha256: p.sha256, expectedRows: "2000" }));
    expect(result).toMatchObject({ ok: true, items: 2000 });
    expect(await h.db.operation.count({ where: { type: "CREATE", status: "QUEUED" } })).toBe(2000);
    expect(await h.db.desktop.count({ where: { state: "REQUESTED" } })).toBe(2000);
    expect(await h.db.bulkJobItem.count()).toBe(2000);
  });

  it("cancels the items not yet sent; sent ones, and ones whose answer was lost, run to their end", async () => {
    const jobId = await provision(users(1, 30).map((u) => row(u)));
    // One worker pass that takes only 10 of the 30.
    await runWorkerOnce(h.workerOptions({ claimLimit: 10 }));
    expect(await counts(jobId)).toEqual({ PENDING: 10, QUEUED: 20 });
    // A queued one whose earlier call may have reached AWS is not cancelled.
    const unsure = await h.db.operation.findFirstOrThrow({ where: { status: "QUEUED" } });
    await h.db.operation.update({ where: { id: unsure.id }, data: { outcomeUnknown: true, attempts: 1 } });

    const result = await actions.cancelRemainingItems({ jobId });
    expect(result).toMatchObject({ ok: true, cancelled: 19 });
    expect(await counts(jobId)).toEqual({ PENDING: 10, QUEUED: 1, CANCELLED: 19 });
    const cancelled = await h.db.desktopRequest.findMany({ where: { status: "CANCELLED" }, include: { desktop: true, events: true } });
    expect(cancelled).toHaveLength(19);
    expect(cancelled.every((r) => r.desktop?.state === "TERMINATED" && r.desktop.terminatedAt && r.events.some((e) => e.status === "CANCELLED"))).toBe(true);
    expect(await actions.cancelRemainingItems({ jobId })).toMatchObject({ ok: false, code: "CONFLICT" });

    await h.drain();
    await settle();
    expect(await counts(jobId)).toEqual({ AVAILABLE: 11, CANCELLED: 19 });
    expect(await getBulkJob(jobId)).toMatchObject({ state: "CANCELLED", active: 0 });
    // Only the 11 exist in AWS.
    expect((await h.awsDesktops()).length).toBe(11);
  });
});

describe("bulk actions on the fleet", () => {
  it("terminates the selection, skipping refused desktops with reasons; AWS's refusals can be retried", async () => {
    await provision(users(1, 30).map((u) => row(u)));
    await h.drain();
    await settle();
    const desktops = await h.db.desktop.findMany({ orderBy: { userName: "asc" } });
    expect(desktops.every((d) => d.state === "AVAILABLE")).toBe(true);
    const [suspended, busy, refusedByAws] = desktops;
    // What the portal last saw: suspended (AWS refuses terminate), and one with a reboot queued.
    await h.db.desktop.update({ where: { id: suspended.id }, data: { state: "SUSPENDED" } });
    await h.enqueueAction(busy.id, "REBOOT");
    // AWS has it suspended although the portal still shows it available: AWS refuses the item.
    await h.control(`/emulator/workspaces/${refusedByAws.workspaceId}/state`, { State: "SUSPENDED" });

    const selection = { kind: "filter" as const, filter: { q: "user00", state: "", runningMode: "" as const } };
    const previewed = await actions.previewFleetAction({ action: "terminate", selection });
    expect(previewed).toMatchObject({ ok: true, plan: { total: 30, allowed: 28, refusedTotal: 2 } });
    expect(previewed.ok && previewed.plan.refused.map((r) => [r.userName, r.reason])).toEqual([
      ["user0001", "AWS does not allow terminating a suspended desktop."],
      ["user0002", "A reboot is already in progress."],
    ]);

    expect(await actions.startFleetAction({ action: "terminate", selection, expectedCount: 28, confirm: "27" })).toMatchObject({
      ok: false,
      code: "INVALID_INPUT",
      fieldErrors: { confirm: "Does not match." },
    });
    expect(await actions.startFleetAction({ action: "terminate", selection, expectedCount: 29, confirm: "terminate" })).toMatchObject({
      ok: false,
      code: "CONFLICT",
      plan: { allowed: 28 },
    });
    expect(await h.db.bulkJob.count({ where: { kind: "ACTION" } })).toBe(0);

    const started = await actions.startFleetAction({ action: "terminate", selection, expectedCount: 28, confirm: "28" });
    if (!started.ok) throw new Error(started.message);
    const jobId = started.jobId;
    expect(await counts(jobId)).toEqual({ QUEUED: 28, SKIPPED: 2 });

    await h.drain();
    const calls = await h.db.awsCall.findMany({ where: { operation: "TerminateWorkspaces" } });
    expect(calls.map((c) => c.itemCount).sort((a, b) => b - a)).toEqual([25, 3]);
    await settle();
    expect(await counts(jobId)).toEqual({ DONE: 27, FAILED: 1, SKIPPED: 2 });
    const items = await listAllBulkJobItems(jobId);
    expect(items.find((i) => i.status === "FAILED")).toMatchObject({ userName: "user0003", errorCode: "InvalidResourceState.Workspace" });
    expect(items.filter((i) => i.status === "SKIPPED").map((i) => [i.userName, i.errorMessage])).toEqual([
      ["user0001", "AWS does not allow terminating a suspended desktop."],
      ["user0002", "A reboot is already in progress."],
    ]);
    expect(items.filter((i) => i.status === "DONE").every((i) => i.desktopState === "TERMINATED")).toBe(true);

    // Back to AVAILABLE in AWS: the retry goes through.
    await h.control(`/emulator/workspaces/${refusedByAws.workspaceId}/state`, { State: "AVAILABLE" });
    expect(await actions.retryFailedItems({ jobId })).toMatchObject({ ok: true, retried: 1 });
    await h.drain();
    await settle();
    expect(await counts(jobId)).toEqual({ DONE: 28, SKIPPED: 2 });
    expect(await getBulkJob(jobId)).toMatchObject({ state: "COMPLETED" });
    const inAws = await h.awsDesktops();
    expect(inAws.filter((w) => w.state !== "TERMINATED").map((w) => w.userName).sort()).toEqual(["user0001", "user0002"]);
  });

  it("acts on selected ids, and refuses when nothing selected can be acted on", async () => {
    await provision(users(1, 3).map((u) => row(u)));
    await h.drain();
    await settle();
    const desktops = await h.db.desktop.findMany({ orderBy: { userName: "asc" } });
    const ids = desktops.map((d) => d.id);
    // AlwaysOn desktops cannot be started; AVAILABLE AutoStop ones are not STOPPED.
    const refused = await actions.startFleetAction({ action: "start", selection: { kind: "ids", desktopIds: ids }, expectedCount: 1 });
    expect(refused).toMatchObject({ ok: false, code: "CONFLICT", message: "None of the selected desktops can be started now." });

    const started = await actions.startFleetAction({ action: "reboot", selection: { kind: "ids", desktopIds: ids.slice(0, 2) }, expectedCount: 2 });
    if (!started.ok) throw new Error(started.message);
    await h.drain();
    expect(await counts(started.jobId)).toEqual({ IN_PROGRESS: 2 });
    await settle();
    expect(await counts(started.jobId)).toEqual({ DONE: 2 });
    const audit = await h.db.auditEvent.findMany({ where: { action: "desktop.reboot.request" } });
    expect(audit.map((a) => a.targetId).sort()).toEqual(ids.slice(0, 2).sort());
  });
});

describe("who may", () => {
  it("refuses every bulk action to employees and approvers, changing nothing", async () => {
    const jobId = await provision([row("user0001")]);
    const before = { jobs: await h.db.bulkJob.count(), ops: await h.db.operation.count(), requests: await h.db.desktopRequest.count() };
    const text = [HEADER, row("user0002")].join("\n");
    for (const role of ["EMPLOYEE", "APPROVER"] as const) {
      caller = { id: h.requesterId, email: "alice@corp.example.com", name: "Alice", role };
      const results = [
        await actions.previewProvisioningCsv(upload(text)),
        await actions.confirmProvisioningCsv(upload(text, { sha256: "0".repeat(64), expectedRows: "1" })),
        await actions.retryFailedItems({ jobId }),
        await actions.cancelRemainingItems({ jobId }),
        await actions.previewFleetAction({ action: "reboot", selection: { kind: "filter", filter: { q: "", state: "", runningMode: "" } } }),
        await actions.startFleetAction({ action: "reboot", selection: { kind: "filter", filter: { q: "", state: "", runningMode: "" } }, expectedCount: 1 }),
      ];
      // A job they may not see does not exist for them (ids cannot be probed).
      expect(results.map((r) => r.ok || r.code)).toEqual(["FORBIDDEN", "FORBIDDEN", "NOT_FOUND", "NOT_FOUND", "FORBIDDEN", "FORBIDDEN"]);
    }
    caller = null;
    expect(await actions.cancelRemainingItems({ jobId })).toMatchObject({ ok: false, code: "UNAUTHENTICATED" });
    expect({ jobs: await h.db.bulkJob.count(), ops: await h.db.operation.count(), requests: await h.db.desktopRequest.count() }).toEqual(before);
  });
});
