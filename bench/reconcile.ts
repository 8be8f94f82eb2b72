// Benchmark 2: reconciliation of a 10,000-desktop fleet of which 1 % is changing (rebooting). The
// emulator runs at realistic speed (a reboot lasts 2 minutes) and is seeded through the SDK in
// batches of 25 with no throttling; the portal's rows are written to match. Measured: AWS calls per
// minute of the worker's polling over a fixed window, and the calls of one fleet sweep.
import { startEmulator } from "@/lib/aws-emulator/server";
import { memoryCallLog } from "@/lib/aws/call-log";
import { DbRateLimiter } from "@/lib/aws/db-rate-limiter";
import { createAwsGateway, createDbAwsGateway } from "@/lib/aws/gateway";
import { unlimitedRateLimiter } from "@/lib/aws/rate-limiter";
import { createTestDb } from "@/test-support/test-db";
import { sweepFleet } from "@/lib/jobs/reconcile";
import { addDirectoryUsers, BUNDLE_ID, bulkUserNames, DIRECTORY_ID, REGION, seedPortal } from "@/test-support/worker-harness";
import { startWorker } from "@/lib/jobs/worker";
import { CountingLimiter, quietLogger, sleep, type Row, seconds } from "./support";

export async function reconcileBenchmark(options: { fleet: number; changingShare: number; windowMs: number; pollMs: number; sweepMinutes: number }): Promise<Row[]> {
  const { fleet, windowMs, pollMs } = options;
  const changing = Math.round(fleet * options.changingShare);
  console.log(`[bench] reconciliation: seeding ${fleet} desktops (${changing} changing)…`);
  const emulator = await startEmulator({ port: 0, timeScale: "realistic", seed: true, sessions: false });
  const t = await createTestDb();
  const seeder = createAwsGateway({ callLog: memoryCallLog(), limiter: unlimitedRateLimiter, clientOptions: { endpoint: emulator.url, maxAttempts: 5 } });
  try {
    const users = bulkUserNames(fleet, "fleet");
    await addDirectoryUsers(emulator.url, users);
    const api = seeder.forRegion(REGION).workspaces;
    const created: { workspaceId: string; userName: string }[] = [];
    const batches: string[][] = [];
    for (let i = 0; i < users.length; i += 25) batches.push(users.slice(i, i + 25));
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < batches.length) {
          const batch = batches[next++];
          const result = await api.createWorkspaces(
            batch.map((userName) => ({ directoryId: DIRECTORY_ID, userName, bundleId: BUNDLE_ID, runningMode: "ALWAYS_ON" as const, tags: {} })),
          );
          if (!result.ok || result.pending.length !== batch.length) throw new Error(`seeding failed: ${result.ok ? "items failed" : result.code}`);
          for (const p of result.pending) created.push({ workspaceId: p.workspaceId, userName: batch[p.index] });
        }
      }),
    );
    await emulator.advanceClock(1300); // PENDING → AVAILABLE

    await seedPortal(t.db);
    const now = new Date();
    for (let i = 0; i < created.length; i += 1000) {
      await t.db.desktop.createMany({
        data: created.slice(i, i + 1000).map((c) => ({
          workspaceId: c.workspaceId,
          directoryId: DIRECTORY_ID,
          userName: c.userName,
          bundleId: BUNDLE_ID,
          runningMode: "ALWAYS_ON" as const,
          state: "AVAILABLE",
          stateChangedAt: now,
          lastSeenAt: now,
        })),
      });
    }
    // 1 % changing: rebooted (as the portal would, 25 per call), shown REBOOTING in the portal.
    const rebooting = created.slice(0, changing);
    for (let i = 0; i < rebooting.length; i += 25) {
      // Seeding only: a reset connection is simply tried again (rebooting twice is harmless).
      let result = await api.rebootWorkspaces(rebooting.slice(i, i + 25).map((c) => c.workspaceId));
      for (let retry = 0; retry < 3 && !result.ok; retry++) result = await api.rebootWorkspaces(rebooting.slice(i, i + 25).map((c) => c.workspaceId));
      if (!result.ok || result.failed.length > 0) throw new Error(`reboot failed: ${JSON.stringify(result.ok ? result.failed.slice(0, 2) : result)}`);
    }
    await t.db.desktop.updateMany({ where: { workspaceId: { in: rebooting.map((c) => c.workspaceId) } }, data: { state: "REBOOTING", stateChangedAt: new Date() } });

    // The worker's polling alone over the window (the sweep is measured on its own below).
    console.log(`[bench] reconciliation: polling for ${seconds(windowMs)} every ${seconds(pollMs)}…`);
    const limiter = new CountingLimiter(new DbRateLimiter(t.db));
    const aws = createDbAwsGateway(t.db, { limiter, clientOptions: { endpoint: emulator.url } });
    const windowStart = new Date();
    const worker = startWorker({ db: t.db, aws, pollMs: 1_000, reconcileMs: pollMs, sweepMs: 0, logger: quietLogger });
    await sleep(windowMs);
    await worker.stop();
    const polls = await t.db.awsCall.findMany({
      where: { operation: "DescribeWorkspaces", at: { gte: windowStart } },
      select: { at: true, itemCount: true, errorCode: true },
      orderBy: { at: "asc" },
    });
    const perMinute = polls.length / (windowMs / 60_000);
    // Calls of one poll: those within a second of each other.
    const groups: number[] = [];
    let last = 0;
    for (const p of polls) {
      if (p.at.getTime() - last > 1_000) groups.push(0);
      groups[groups.length - 1]++;
      last = p.at.getTime();
    }
    const stillRebooting = await t.db.desktop.count({ where: { state: "REBOOTING" } });

    console.log("[bench] reconciliation: one fleet sweep…");
    await t.db.awsCall.deleteMany();
    const sweepStarted = Date.now();
    const swept = await sweepFleet({ db: t.db, aws, logger: quietLogger });
    const sweepMs = Date.now() - sweepStarted;
    aws.destroy();
    const expectedPerPoll = Math.ceil(changing / 25);

    return [
      ["fleet / changing", `${fleet} / ${changing}`, "REBOOTING, realistic speed (2 min)"],
      ["poll interval, window", `${seconds(pollMs)}, ${seconds(windowMs)}`, ""],
      ["polls in window", String(groups.length), `desktops still changing after: ${stillRebooting}`],
      ["calls per poll (max)", String(Math.max(0, ...groups)), `target ≤ ${expectedPerPoll} (1 per 25 changing): ${Math.max(0, ...groups) <= expectedPerPoll ? "met" : "MISSED"}`],
      ["polling calls per minute", perMinute.toFixed(1), `= ${expectedPerPoll} × ${(60_000 / pollMs).toFixed(0)} polls/min; independent of the fleet size`],
      ["sweep: calls, duration", `${swept.awsCalls}, ${seconds(sweepMs)}`, `${Math.ceil(fleet / 25)} pages of 25 (DescribeWorkspaces DirectoryId)`],
      ["sweep: found", `imported ${swept.imported}, changed ${swept.changedOutside}, gone ${swept.gone}`, "nothing changed outside: all 0"],
      [
        `sweep calls per minute (every ${options.sweepMinutes} min)`,
        (swept.awsCalls / options.sweepMinutes).toFixed(1),
        "grows with the fleet, but only at the sweep interval",
      ],
    ];
  } finally {
    seeder.destroy();
    await t.close();
    await emulator.close();
  }
}
