// Fleet scale: bulk jobs of hundreds of desktops through the real SDK against the emulator, with
// throttling, server errors, lost answers, a worker killed with SIGKILL, and two worker processes
// sharing one PostgreSQL database. Sizes are what CI affords (each test one to two minutes); the
// vitest "scale" project (npm run test:scale) runs them. Without TEST_DATABASE_URL the two-worker
// test is reported as skipped: two processes cannot share one PGlite folder.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "@/lib/aws-emulator/server";
import { createDb, type DbHandle } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";
import { createTestDb, type TestDb } from "@/test-support/test-db";
import {
  addDirectoryUsers,
  bulkJobProgress,
  bulkUserNames,
  emulatorDesktopsByUser,
  queueBulkProvisioning,
  seedPortal,
  silentLogger,
  startHarness,
  type Harness,
} from "@/test-support/worker-harness";
import { startWorker } from "./worker";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Zero duplicates: no user has two desktops in AWS, and every portal desktop id is distinct. */
function expectNoDuplicates(byUser: Map<string, unknown[]>, users: string[], workspaceIds: string[]) {
  const twice = users.filter((u) => (byUser.get(u.toLowerCase())?.length ?? 0) > 1);
  expect(twice, `users with more than one desktop: ${twice.join(", ")}`).toEqual([]);
  expect(new Set(workspaceIds).size).toBe(workspaceIds.length);
}

describe("faults at scale", () => {
  it("300-desktop job under throttling, 20 % server errors and 5 % lost answers: every item AVAILABLE or failed with a reason, no duplicates", async () => {
    const h: Harness = await startHarness({ sharedLimiter: true });
    cleanups.push(() => h.close());
    const users = bulkUserNames(300, "fault");
    await addDirectoryUsers(h.emulator.url, users);
    const { jobId } = await queueBulkProvisioning(h.db, { approverId: h.approverId }, users);

    await h.configureEmulator({
      throttle: {
        default: { ratePerSecond: 20, burst: 20 },
        operations: { CreateWorkspaces: { ratePerSecond: 2, burst: 2 }, DescribeWorkspaces: { ratePerSecond: 10, burst: 10 } },
      },
      faults: { errorRate: 0.2, lostAnswerRate: 0.05, seed: 4242 },
    });

    const worker = startWorker({
      ...h.workerOptions({ workerId: "fault-worker", backoff: { baseMs: 200, capMs: 2_000 }, unknownOutcomeDelayMs: 300, maxAttempts: 8 }),
      pollMs: 100,
      reconcileMs: 300,
      sweepMs: 0,
    });
    cleanups.push(() => worker.stop());

    const deadline = Date.now() + 240_000;
    let progress = await bulkJobProgress(h.db, jobId);
    while (progress.open > 0 && Date.now() < deadline) {
      await sleep(1_000);
      progress = await bulkJobProgress(h.db, jobId);
    }
    await worker.stop();
    await h.configureEmulator({ faults: { errorRate: 0, lostAnswerRate: 0 }, throttle: {} });

    expect(progress.open, `items still open: ${JSON.stringify(progress)}`).toBe(0);
    expect(progress.failedWithoutReason).toBe(0);
    expect(progress.available + progress.failed).toBe(300);
    // Faults slow the job down but must not make it fail: retries and adoption see it through.
    expect(progress.available, progress.failures.slice(0, 5).join("\n")).toBeGreaterThanOrEqual(285);
    expect(progress.failures.filter((f) => f.includes("ResourceExists"))).toEqual([]);

    expectNoDuplicates(await emulatorDesktopsByUser(h.emulator.url), users, progress.workspaceIds);
    const inAws = await emulatorDesktopsByUser(h.emulator.url);
    const awsCount = users.reduce((n, u) => n + (inAws.get(u)?.length ?? 0), 0);
    // Every desktop in AWS is one the portal knows (none created and lost).
    expect(awsCount).toBe(progress.workspaceIds.length);

    const calls = await h.db.awsCall.groupBy({ by: ["operation", "errorCode"], _count: true });
    const count = (op: string, code: string | null) => calls.find((c) => c.operation === op && c.errorCode === code)?._count ?? 0;
    // The faults really happened.
    expect(calls.filter((c) => c.operation === "CreateWorkspaces" && c.errorCode !== null).length).toBeGreaterThan(0);
    console.log(
      `[fault test] available=${progress.available} failed=${progress.failed}; CreateWorkspaces ok=${count("CreateWorkspaces", null)}, ` +
        `errors=${calls.filter((c) => c.operation === "CreateWorkspaces" && c.errorCode).map((c) => `${c.errorCode}:${c._count}`).join(",")}; ` +
        `adopted=${worker.stats.adopted}`,
    );
  });
});

// ------------------------------------------------------------------------------------------------
// Worker processes: `node --import tsx lib/jobs/cli.ts` as children.

interface Child {
  process: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function spawnWorker(env: NodeJS.ProcessEnv, args: string[] = []): Child {
  const child = spawn(process.execPath, ["--import", "tsx", "lib/jobs/cli.ts", ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGKILL");
      await exited;
    }
  });
  return { process: child, output: () => output, exited };
}

function workerEnv(emulatorUrl: string, database: { pgliteDataDir?: string; databaseUrl?: string }, extra: Record<string, string> = {}) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORTAL_EMULATOR: "off",
    AWS_ENDPOINT_URL: emulatorUrl,
    AWS_REGION: "us-east-1",
    WORKER_POLL_MS: "100",
    WORKER_RECONCILE_MS: "300",
    WORKER_LEASE_MS: "3000",
    // The emulator shows new desktops at once (no describe lag at test speed).
    WORKER_UNKNOWN_OUTCOME_DELAY_MS: "2000",
    AUTH_SECRET: "x".repeat(40),
    ...extra,
  };
  delete env.AWS_ACCESS_KEY_ID;
  delete env.AWS_SECRET_ACCESS_KEY;
  delete env.AWS_PROFILE;
  delete env.DATABASE_URL;
  if (database.databaseUrl) env.DATABASE_URL = database.databaseUrl;
  else env.PORTAL_DATA_DIR = database.pgliteDataDir;
  return env;
}

/** The test database: PostgreSQL with TEST_DATABASE_URL (a URL children can use), else a PGlite folder. */
async function openWorkerDatabase(): Promise<{ handle: DbHandle; env: { pgliteDataDir?: string; databaseUrl?: string }; reopen: () => DbHandle }> {
  if (process.env.TEST_DATABASE_URL) {
    const t: TestDb = await createTestDb();
    cleanups.push(() => t.close());
    const name = (await t.db.$queryRaw<{ d: string }[]>`select current_database() as d`)[0].d;
    const url = new URL(process.env.TEST_DATABASE_URL);
    url.pathname = `/${name}`;
    return { handle: t, env: { databaseUrl: url.toString() }, reopen: () => t };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-fleet-"));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  const pgliteDir = path.join(dir, "pglite");
  const handle = createDb({ pgliteDir });
  await migrateDatabase(handle.db, { migrationsDir: path.resolve("prisma/migrations") });
  return { handle, env: { pgliteDataDir: dir }, reopen: () => createDb({ pgliteDir }) };
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function emulatorCount(url: string): Promise<number> {
  return ((await (await fetch(`${url}/emulator/health`)).json()) as { workspaces: number }).workspaces;
}

describe("worker crash", () => {
  it("kill -9 in the middle of a 500-desktop job: after a restart exactly 500 desktops exist, each once, and the job completes", async () => {
    const emulator: RunningEmulator = await startEmulator({
      port: 0,
      timeScale: "test",
      seed: true,
      sessions: false,
      // Slow enough that the kill lands mid-job: 20 calls at 2 per second.
      throttle: { operations: { CreateWorkspaces: { ratePerSecond: 2, burst: 2 } } },
    });
    cleanups.push(() => emulator.close());
    const users = bulkUserNames(500, "crash");
    await addDirectoryUsers(emulator.url, users);

    const database = await openWorkerDatabase();
    const people = await seedPortal(database.handle.db);
    const { jobId } = await queueBulkProvisioning(database.handle.db, people, users);
    const pglite = !database.env.databaseUrl;
    if (pglite) await database.handle.close(); // the child owns the PGlite folder

    const env = workerEnv(emulator.url, database.env);
    const t0 = Date.now();
    const first = spawnWorker(env);
    await waitFor(async () => (await emulatorCount(emulator.url)) >= 150, 240_000, `150 desktops (worker output: ${first.output()})`);
    first.process.kill("SIGKILL");
    expect(await first.exited).toBe(null); // killed, no clean exit
    const createdBeforeKill = await emulatorCount(emulator.url);
    expect(createdBeforeKill).toBeLessThan(500);

    const killedAt = Date.now() - t0;
    const second = spawnWorker(env, ["--until-idle"]);
    const code = await Promise.race([second.exited, sleep(240_000).then(() => "timeout" as const)]);
    expect(code, second.output()).toBe(0);

    const check = pglite ? database.reopen() : database.handle;
    if (pglite) cleanups.push(() => check.close());
    const progress = await bulkJobProgress(check.db, jobId);
    expect(progress).toMatchObject({ total: 500, available: 500, failed: 0, open: 0 });
    const byUser = await emulatorDesktopsByUser(emulator.url);
    expect(users.reduce((n, u) => n + (byUser.get(u)?.length ?? 0), 0)).toBe(500);
    expectNoDuplicates(byUser, users, progress.workspaceIds);
    expect(new Set(progress.workspaceIds)).toEqual(new Set(users.map((u) => byUser.get(u)![0].WorkspaceId)));

    const ops = await check.db.operation.groupBy({ by: ["status"], _count: true });
    expect(ops).toEqual([{ status: "SUCCEEDED", _count: 500 }]);
    console.log(
      `[crash test] ${pglite ? "PGlite" : "PostgreSQL"}: ${createdBeforeKill} desktops before kill -9 at ${killedAt} ms; ` +
        `done at ${Date.now() - t0} ms; after restart: ${second.output().match(/worker stopped.*/)?.[0]}`,
    );
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)("two worker processes on PostgreSQL", () => {
  it("share a 500-desktop job: every operation runs exactly once", async () => {
    const emulator = await startEmulator({ port: 0, timeScale: "test", seed: true, sessions: false });
    cleanups.push(() => emulator.close());
    const users = bulkUserNames(500, "pair");
    await addDirectoryUsers(emulator.url, users);
    const database = await openWorkerDatabase();
    const db = database.handle.db;
    const people = await seedPortal(db);
    const { jobId } = await queueBulkProvisioning(db, people, users);

    // Small claims so that both workers get a share of the job.
    const env = (id: string) => workerEnv(emulator.url, database.env, { WORKER_ID: id, WORKER_CLAIM_LIMIT: "50" });
    const a = spawnWorker(env("worker-a"), ["--until-idle"]);
    const b = spawnWorker(env("worker-b"), ["--until-idle"]);
    const codes = await Promise.race([Promise.all([a.exited, b.exited]), sleep(240_000).then(() => "timeout" as const)]);
    expect(codes, `${a.output()}\n${b.output()}`).toEqual([0, 0]);

    const ops = await db.operation.findMany({ select: { id: true, status: true, attempts: true } });
    expect(ops).toHaveLength(500);
    expect(ops.filter((o) => o.status !== "SUCCEEDED" || o.attempts !== 1)).toEqual([]);
    const calls = await db.awsCall.findMany({ where: { operation: "CreateWorkspaces" }, select: { operationIds: true, httpStatus: true, at: true } });
    const sent = calls.flatMap((c) => c.operationIds);
    expect(sent).toHaveLength(500); // each operation in exactly one call
    expect(new Set(sent).size).toBe(500);
    expect(calls.every((c) => c.httpStatus === 200 && c.operationIds.length === 25)).toBe(true);

    // The worker's last line, "worker stopped" with its stats (JSON or pretty, the same keys).
    const succeeded = (o: string) => Number([...o.matchAll(/"succeeded":(\d+)/g)].at(-1)?.[1] ?? 0);
    expect(succeeded(a.output())).toBeGreaterThan(0);
    expect(succeeded(b.output())).toBeGreaterThan(0);
    expect(succeeded(a.output()) + succeeded(b.output())).toBe(500);

    const byUser = await emulatorDesktopsByUser(emulator.url);
    const progress = await bulkJobProgress(db, jobId);
    expect(progress).toMatchObject({ total: 500, available: 500, open: 0 });
    expectNoDuplicates(byUser, users, progress.workspaceIds);
    expect(users.reduce((n, u) => n + (byUser.get(u)?.length ?? 0), 0)).toBe(500);
    console.log(`[two workers] a: ${succeeded(a.output())} succeeded | b: ${succeeded(b.output())} succeeded`);
  });
});
