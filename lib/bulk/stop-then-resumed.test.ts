// Issue 11, item 5: "A bulk stop reported Done for a desktop that showed Available a minute later,
// with no audited start." Reproduced with the emulator's simulated users: an AutoStop desktop whose
// user is connected stops, and AWS starts it again because its user is still connecting (as the
// real service does). The portal never asked for a start, and the item must not just say Done.
import { afterEach, beforeEach, expect, it, vi } from "vitest";
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

const { silentLogger, startHarness } = await import("@/test-support/worker-harness");
const { reconcileOnce } = await import("@/lib/jobs/reconcile");
const actions = await import("./actions");
const { listAllBulkJobItems } = await import("./queries");

beforeEach(async () => {
  h = await startHarness({ emulator: { sessions: true, sessionSeed: "item-5" } });
  const admin = await h.db.user.findUniqueOrThrow({ where: { id: h.approverId } });
  caller = { id: admin.id, email: admin.email, name: admin.name, role: "ADMIN" };
});
afterEach(async () => {
  await h?.close();
});

/** Reconcile, moving the emulator's clock on by `seconds` each time, until nothing is changing. */
async function settle(seconds = 20) {
  for (let i = 0; i < 10; i++) {
    await h.advanceClock(seconds);
    await reconcileOnce({ db: h.db, aws: h.aws, logger: silentLogger });
    const changing = await h.db.desktop.count({ where: { state: { in: ["PENDING", "STOPPING", "STARTING", "REBOOTING"] } } });
    if (changing === 0) return;
  }
  throw new Error("desktops did not settle");
}

it("a bulk stop of an AutoStop desktop whose user is connected: AWS starts it again, and the item says so", async () => {
  const { desktopId } = await h.approve({ userName: "alice", runningMode: "AUTO_STOP", autoStopTimeoutHours: 1 });
  await h.drain();
  await settle();
  const { workspaceId } = await h.db.desktop.findUniqueOrThrow({ where: { id: desktopId } });

  // Move the emulator's clock into one of the user's working sessions.
  const view = (await h.control(`/emulator/workspaces/${workspaceId}/sessions?days=14`)) as { sessions: { startMs: number; endMs: number }[] };
  const { nowMs } = (await h.control("/emulator/clock")) as { nowMs: number };
  const session = view.sessions.find((s) => s.startMs > nowMs && s.endMs - s.startMs > 30 * 60_000)!;
  await h.advanceClock((session.startMs - nowMs) / 1000 + 5 * 60);
  await settle();
  expect((await h.control(`/emulator/workspaces/${workspaceId}/sessions`)) as object).toMatchObject({ state: "AVAILABLE", connected: true });

  const started = await actions.startFleetAction({ action: "stop", selection: { kind: "ids", desktopIds: [desktopId] }, expectedCount: 1 });
  if (!started.ok) throw new Error(started.message);
  await h.drain();
  await settle(5);

  // What the admin saw: the desktop is available again and nobody started it from the portal.
  expect((await h.db.desktop.findUniqueOrThrow({ where: { id: desktopId } })).state).toBe("AVAILABLE");
  expect(await h.db.auditEvent.count({ where: { action: { startsWith: "desktop.start" }, targetId: desktopId } })).toBe(0);
  const [item] = await listAllBulkJobItems(started.jobId);
  expect(item).toMatchObject({ desktopState: "AVAILABLE", status: "CHANGED_SINCE" });
  expect(item.errorMessage).toBe(
    "AWS stopped it, and it is available again: an AutoStop desktop starts by itself when its user connects. Nobody started it from the portal.",
  );
});
