// Benchmark 1: provision a bulk job (default 2,000 desktops, written the way the bulk confirmation
// writes it) through the emulator throttled at 2 CreateWorkspaces calls per second, with the
// portal's production limiter (the shared AwsRateBucket, AIMD from a 4/s ceiling) and worker
// defaults. Side by side: the same worker sending one desktop per call (a sample, extrapolated).
import { startEmulator } from "@/lib/aws-emulator/server";
import { createDbAwsGateway } from "@/lib/aws/gateway";
import { DbRateLimiter } from "@/lib/aws/db-rate-limiter";
import { createTestDb } from "@/test-support/test-db";
import { addDirectoryUsers, bulkUserNames, emulatorDesktopsByUser, queueBulkProvisioning, seedPortal } from "@/test-support/worker-harness";
import { startWorker } from "@/lib/jobs/worker";
import { CountingLimiter, quietLogger, waitUntil, type Row, seconds } from "./support";

const THROTTLE_PER_SECOND = 2;

export interface ProvisionRun {
  label: string;
  desktops: number;
  batchSize: number;
  acceptedMs: number;
  availableMs: number | null;
  createCalls: number;
  createAttempts: number;
  throttledAttempts: number;
  otherCalls: number;
  failed: number;
  duplicates: number;
  finished: boolean;
}

export async function runProvision(label: string, desktops: number, batchSize: number, timeoutMs: number): Promise<ProvisionRun> {
  const emulator = await startEmulator({
    port: 0,
    timeScale: "test",
    seed: true,
    sessions: false,
    throttle: { operations: { CreateWorkspaces: { ratePerSecond: THROTTLE_PER_SECOND, burst: THROTTLE_PER_SECOND } } },
  });
  const t = await createTestDb();
  try {
    const users = bulkUserNames(desktops, "bench");
    await addDirectoryUsers(emulator.url, users);
    const people = await seedPortal(t.db);
    await queueBulkProvisioning(t.db, people, users, { fileName: `bench-${desktops}.csv` });

    const limiter = new CountingLimiter(new DbRateLimiter(t.db));
    const aws = createDbAwsGateway(t.db, { limiter, clientOptions: { endpoint: emulator.url } });
    const started = Date.now();
    const worker = startWorker({
      db: t.db,
      aws,
      pollMs: 100,
      reconcileMs: 1_000,
      sweepMs: 0,
      createBatchSize: batchSize,
      logger: quietLogger,
    });
    let acceptedMs = NaN;
    let availableMs: number | null = null;
    let finished = false;
    try {
      finished = await waitUntil(
        async () => (await t.db.operation.count({ where: { type: "CREATE", status: { in: ["SUCCEEDED", "FAILED"] } } })) === desktops,
        timeoutMs,
      );
      acceptedMs = Date.now() - started;
      if (finished) {
        const settled = await waitUntil(
          async () => (await t.db.desktopRequest.count({ where: { status: { in: ["READY", "FAILED"] } } })) === desktops,
          120_000,
          500,
        );
        availableMs = settled ? Date.now() - started : null;
      }
    } finally {
      await worker.stop();
      aws.destroy();
    }

    const calls = await t.db.awsCall.groupBy({ by: ["operation"], _count: true });
    const createCalls = calls.find((c) => c.operation === "CreateWorkspaces")?._count ?? 0;
    const otherCalls = calls.filter((c) => c.operation !== "CreateWorkspaces").reduce((n, c) => n + c._count, 0);
    const byUser = await emulatorDesktopsByUser(emulator.url);
    const duplicates = users.filter((u) => (byUser.get(u)?.length ?? 0) > 1).length;
    const failed = await t.db.desktopRequest.count({ where: { status: "FAILED" } });
    return {
      label,
      desktops,
      batchSize,
      acceptedMs,
      availableMs,
      createCalls,
      createAttempts: limiter.attempts.get("CreateWorkspaces") ?? 0,
      throttledAttempts: limiter.throttles.get("CreateWorkspaces") ?? 0,
      otherCalls,
      failed,
      duplicates,
      finished,
    };
  } finally {
    await t.close();
    await emulator.close();
  }
}

export async function provisionBenchmark(options: { desktops: number; naiveSample: number }): Promise<Row[]> {
  const { desktops, naiveSample } = options;
  const floorMs = (Math.ceil(desktops / 25) / THROTTLE_PER_SECOND) * 1000;
  console.log(`[bench] provisioning ${desktops} desktops, CreateWorkspaces throttled at ${THROTTLE_PER_SECOND}/s (floor ${seconds(floorMs)})…`);
  const batched = await runProvision("batched", desktops, 25, floorMs * 4 + 60_000);
  console.log(`[bench] naive sample: ${naiveSample} desktops, one per call…`);
  const naive = await runProvision("naive", naiveSample, 1, ((naiveSample / THROTTLE_PER_SECOND) * 1000) * 4 + 60_000);
  const naiveCallsExtrapolated = Math.round((naive.createCalls / naive.desktops) * desktops);
  const naiveMsExtrapolated = (naive.acceptedMs / naive.desktops) * desktops;
  const naiveFloorMs = (desktops / THROTTLE_PER_SECOND) * 1000;
  const ratio = batched.acceptedMs / floorMs;

  return [
    ["desktops", String(desktops), "bulk job rows (lib/bulk createProvisioningJob)"],
    ["CreateWorkspaces calls (batched)", String(batched.createCalls), `${Math.ceil(desktops / 25)} = ${desktops}/25 minimum`],
    ["CreateWorkspaces HTTP attempts (incl. throttled retries)", `${batched.createAttempts} (${batched.throttledAttempts} throttled)`, ""],
    ["other AWS calls (reconcile, checks)", String(batched.otherCalls), "DescribeWorkspaces by id, 25 per call"],
    ["wall time to all creates accepted", seconds(batched.acceptedMs), batched.finished ? "" : "DID NOT FINISH (timeout)"],
    ["throttle floor", seconds(floorMs), `${Math.ceil(desktops / 25)} calls / ${THROTTLE_PER_SECOND} per s`],
    ["ratio wall / floor", ratio.toFixed(2), ratio <= 1.2 ? "target ≤ 1.2: met" : "target ≤ 1.2: MISSED"],
    ["wall time to all AVAILABLE", batched.availableMs === null ? "n/a" : seconds(batched.availableMs), "emulator test speed (PENDING 2 s)"],
    ["failed items", String(batched.failed), ""],
    ["duplicates (users with >1 desktop in AWS)", String(batched.duplicates), batched.duplicates === 0 ? "target 0: met" : "target 0: MISSED"],
    [
      `naive: measured on ${naive.desktops} desktops`,
      `${naive.createCalls} calls, ${seconds(naive.acceptedMs)}`,
      `${naive.createAttempts} attempts (${naive.throttledAttempts} throttled), ${naive.duplicates} duplicates`,
    ],
    [`naive: extrapolated to ${desktops}`, `${naiveCallsExtrapolated} calls, ${seconds(naiveMsExtrapolated)}`, `floor ${seconds(naiveFloorMs)}`],
    [
      "create calls, naive / batched",
      `${(naiveCallsExtrapolated / Math.max(1, batched.createCalls)).toFixed(1)}×`,
      naiveCallsExtrapolated / Math.max(1, batched.createCalls) >= 20 ? "target ≥ 20×: met" : "target ≥ 20×: MISSED",
    ],
  ];
}
