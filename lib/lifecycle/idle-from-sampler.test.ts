// The usage sampler feeds idle detection: the emulator's simulated user connects (its
// LastKnownUserConnectionTimestamp, read by sampleUsage through DescribeWorkspacesConnectionStatus,
// becomes Desktop.lastConnectedAt), then nobody does for weeks, and listInactiveDesktops calls the
// desktop idle; a desktop whose user never connects is never used. The harness starts the emulator
// with simulated sessions off; the first test turns them on for one working session only.
import { afterEach, describe, expect, it } from "vitest";
import { sampleUsage } from "@/lib/billing/usage/sampler";
import { reconcileOnce } from "@/lib/jobs/reconcile";
import { runWorkerOnce } from "@/lib/jobs/worker";
import { silentLogger, startHarness, type Harness } from "@/test-support/worker-harness";
import { listInactiveDesktops } from "./queries";
import { DAY_MS } from "./rules";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** The emulator's "now": the portal's times for these checks, as the sampler is given them. */
async function emulatorNow(harness: Harness): Promise<Date> {
  return new Date(((await harness.control("/emulator/clock")) as { nowMs: number }).nowMs);
}

async function advanceTo(harness: Harness, atMs: number) {
  const now = (await emulatorNow(harness)).getTime();
  if (atMs > now) await harness.advanceClock(Math.ceil((atMs - now) / 1000));
}

/** An AlwaysOn desktop (it never stops by itself, so only its user's connections matter), AVAILABLE. */
async function availableDesktop(harness: Harness) {
  const approved = await harness.approve({ userName: "alice", runningMode: "ALWAYS_ON" });
  await runWorkerOnce(harness.workerOptions());
  await harness.advanceClock(1300); // past PENDING at any speed
  await reconcileOnce({ db: harness.db, aws: harness.aws, logger: silentLogger });
  const desktop = await harness.db.desktop.findUniqueOrThrow({ where: { id: approved.desktopId } });
  expect(desktop.state).toBe("AVAILABLE");
  return desktop;
}

const sample = async (harness: Harness) => {
  const summary = await sampleUsage(harness.db, harness.aws, { now: await emulatorNow(harness), tagRefreshLimit: 0 });
  expect(summary.failedCalls).toBe(0);
  return summary;
};

describe("idle detection from the usage sampler", () => {
  it("a desktop whose user connected once, then nobody for 20 days, is listed idle for 20 days since that connection", async () => {
    h = await startHarness();
    const desktop = await availableDesktop(h);
    const start = (await emulatorNow(h)).getTime();
    const planned = (await h.control(`/emulator/workspaces/${desktop.workspaceId}/sessions?from=${new Date(start).toISOString()}&days=7`)) as {
      sessions: { startMs: number; endMs: number }[];
    };
    const session = planned.sessions.find((s) => s.startMs > start);
    expect(session).toBeDefined();

    // The user works through their next session, then goes away for good.
    await h.configureEmulator({ sessions: true });
    // The first sample comes after the session ended: only AWS's LastKnownUserConnectionTimestamp tells.
    await advanceTo(h, session!.endMs + 5 * 60_000);
    expect((await sample(h)).connected).toBe(0);
    await h.configureEmulator({ sessions: false });

    const afterSession = await h.db.desktop.findUniqueOrThrow({ where: { id: desktop.id } });
    expect(afterSession.lastConnectedAt?.getTime()).toBe(session!.startMs);
    // Not idle yet: the user was here minutes ago.
    expect((await listInactiveDesktops(14, await emulatorNow(h), h.db)).rows).toEqual([]);

    await h.advanceClock(20 * 86_400);
    expect((await sample(h)).connected).toBe(0);
    const now = await emulatorNow(h);
    const lastConnectedAt = (await h.db.desktop.findUniqueOrThrow({ where: { id: desktop.id } })).lastConnectedAt!;
    // Samples with nobody connected leave the last connection as it was.
    expect(lastConnectedAt.getTime()).toBe(session!.startMs);

    const list = await listInactiveDesktops(14, now, h.db);
    expect(list.rows).toHaveLength(1);
    expect(list.rows[0]).toMatchObject({
      id: desktop.id,
      kind: "IDLE",
      days: Math.floor((now.getTime() - lastConnectedAt.getTime()) / DAY_MS),
      lastConnectedAt: lastConnectedAt.toISOString(),
    });
    expect(list.rows[0].days).toBe(20);
    // 21 days of inactivity have not passed yet.
    expect((await listInactiveDesktops(21, now, h.db)).rows).toEqual([]);
  });

  it("a desktop whose user never connects is listed never used, counted from when it became AVAILABLE", async () => {
    h = await startHarness();
    const desktop = await availableDesktop(h);
    expect((await sample(h)).desktops).toBe(1);
    expect((await listInactiveDesktops(14, await emulatorNow(h), h.db)).rows).toEqual([]);

    await h.advanceClock(20 * 86_400);
    await sample(h);
    const now = await emulatorNow(h);
    const row = await h.db.desktop.findUniqueOrThrow({ where: { id: desktop.id } });
    expect(row.lastConnectedAt).toBeNull();
    const list = await listInactiveDesktops(14, now, h.db);
    expect(list.rows).toHaveLength(1);
    expect(list.rows[0]).toMatchObject({ id: desktop.id, kind: "NEVER_USED", days: 20, lastConnectedAt: null });
  });
});
