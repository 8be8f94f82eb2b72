// `npm run worker` as its own process: it provisions from the outbox and stops cleanly on SIGTERM.
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "@/lib/aws-emulator/server";
import { createDb } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";
import {
  addDirectoryUsers,
  approveRequest,
  bulkUserNames,
  DIRECTORY_ID,
  emulatorDesktopsByUser,
  queueBulkProvisioning,
  seedPortal,
} from "@/test-support/worker-harness";
import { freePort } from "@/test-support/free-port";

let emulator: RunningEmulator | undefined;
let dir: string | undefined;
let slowProxy: http.Server | undefined;

afterEach(async () => {
  slowProxy?.close();
  slowProxy = undefined;
  await emulator?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

it("provisions queued desktops and exits 0 on SIGTERM", async () => {
  emulator = await startEmulator({ port: 0, timeScale: "test", seed: true, sessions: false });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-worker-cli-"));
  const pgliteDir = path.join(dir, "pglite");

  const setup = createDb({ pgliteDir });
  let queued;
  try {
    await migrateDatabase(setup.db, { migrationsDir: path.resolve("prisma/migrations") });
    const people = await seedPortal(setup.db);
    queued = await approveRequest(setup.db, people, { userName: "alice" });
  } finally {
    await setup.close();
  }

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORTAL_DATA_DIR: dir,
    PORTAL_EMULATOR: "off",
    AWS_ENDPOINT_URL: emulator.url,
    AWS_REGION: "us-east-1",
    WORKER_POLL_MS: "50",
    WORKER_RECONCILE_MS: "100",
    WORKER_HEALTH_PORT: String(await freePort()),
    AUTH_SECRET: "x".repeat(40),
  };
  delete env.DATABASE_URL;
  delete env.AWS_ACCESS_KEY_ID;
  delete env.AWS_SECRET_ACCESS_KEY;
  delete env.AWS_PROFILE;
  // `node --import tsx` rather than the tsx CLI: the CLI relays SIGTERM only if the child answers
  // within 30 ms, else it SIGKILLs it, and PGlite queries can hold the event loop longer than that.
  const child = spawn(process.execPath, ["--import", "tsx", "lib/jobs/cli.ts"], { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));

  try {
    // The desktop appears in AWS (read through the emulator's own state: the database is locked by the worker).
    const deadline = Date.now() + 45_000;
    let created = false;
    while (Date.now() < deadline && !created) {
      const state = (await (await fetch(`${emulator.url}/emulator/state`)).json()) as { workspaces?: unknown[] };
      created = JSON.stringify(state.workspaces ?? []).includes(`"${DIRECTORY_ID}"`);
      if (!created) await new Promise((r) => setTimeout(r, 200));
    }
    expect(created, output).toBe(true);
    await new Promise((r) => setTimeout(r, 300)); // let the pass record its result

    // Its own health checks, on WORKER_HEALTH_PORT: alive, and ready with its passes recent.
    const health = `http://localhost:${env.WORKER_HEALTH_PORT}`;
    expect((await fetch(`${health}/healthz`)).status, output).toBe(200);
    const ready = await fetch(`${health}/readyz`);
    expect(await ready.json(), output).toEqual({ status: "ready", checks: { database: "ok", migrations: "ok", worker: "ok" } });
    expect(ready.status).toBe(200);
  } finally {
    child.kill("SIGTERM");
  }
  expect(await exited, output).toBe(0);
  expect(output).toContain("stopped");

  const check = createDb({ pgliteDir });
  try {
    const op = await check.db.operation.findUniqueOrThrow({ where: { id: queued.operationId } });
    expect(op.status).toBe("SUCCEEDED");
    const desktop = await check.db.desktop.findUniqueOrThrow({ where: { id: queued.desktopId } });
    expect(desktop.workspaceId).toMatch(/^ws-/);
    expect(await check.db.awsCall.count({ where: { operation: "CreateWorkspaces", httpStatus: 200 } })).toBe(1);
  } finally {
    await check.close();
  }
});

// The worker process on PGlite against `awsUrl`, as `npm run worker` runs it.
function spawnWorker(dataDir: string, awsUrl: string, args: string[] = []) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORTAL_DATA_DIR: dataDir,
    PORTAL_EMULATOR: "off",
    AWS_ENDPOINT_URL: awsUrl,
    AWS_REGION: "us-east-1",
    WORKER_POLL_MS: "50",
    WORKER_RECONCILE_MS: "100",
    AUTH_SECRET: "x".repeat(40),
  };
  for (const name of ["DATABASE_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_PROFILE"]) delete env[name];
  const child = spawn(process.execPath, ["--import", "tsx", "lib/jobs/cli.ts", ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
  const log = { output: "" };
  child.stdout.on("data", (chunk) => (log.output += chunk));
  child.stderr.on("data", (chunk) => (log.output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, log, exited };
}

it("SIGTERM mid-pass: the calls in flight finish and are recorded, the claims not yet sent go back to the queue, none stays claimed", async () => {
  emulator = await startEmulator({ port: 0, timeScale: "test", seed: true, sessions: false });
  // In front of the emulator: CreateWorkspaces answers after 2 s, and the test sees when the first is sent.
  let creates = 0;
  let firstCreate!: () => void;
  const createSent = new Promise<void>((resolve) => (firstCreate = resolve));
  const target = new URL(emulator.url);
  slowProxy = http.createServer((req, res) => {
    const isCreate = String(req.headers["x-amz-target"] ?? "").endsWith(".CreateWorkspaces");
    if (isCreate && ++creates === 1) firstCreate();
    const forward = () =>
      req.pipe(
        http.request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        }),
      );
    if (isCreate) setTimeout(forward, 2_000);
    else forward();
  });
  await new Promise<void>((resolve) => slowProxy!.listen(0, "127.0.0.1", resolve));
  const slowUrl = `http://127.0.0.1:${(slowProxy.address() as { port: number }).port}`;

  dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-worker-drain-"));
  const pgliteDir = path.join(dir, "pglite");
  // 200 creates: eight CreateWorkspaces calls of 25, at most four in flight, so one pass of several calls.
  const users = bulkUserNames(200, "drain");
  await addDirectoryUsers(emulator.url, users);
  const setup = createDb({ pgliteDir });
  try {
    await migrateDatabase(setup.db, { migrationsDir: path.resolve("prisma/migrations") });
    await queueBulkProvisioning(setup.db, await seedPortal(setup.db), users);
  } finally {
    await setup.close();
  }

  const worker = spawnWorker(dir, slowUrl);
  await createSent;
  worker.child.kill("SIGTERM");
  expect(await worker.exited, worker.log.output).toBe(0);
  expect(worker.log.output).toMatch(/finishing the current pass.*SIGTERM/);

  const afterStop = await emulatorDesktopsByUser(emulator.url);
  const check = createDb({ pgliteDir });
  try {
    const ops = await check.db.operation.findMany({ where: { type: "CREATE" }, select: { status: true, lockedBy: true, attempts: true } });
    expect(ops).toHaveLength(200);
    // Nothing left claimed: the next worker need not wait for a lease to run out.
    expect(ops.filter((o) => o.status === "RUNNING" || o.lockedBy !== null)).toEqual([]);
    const succeeded = ops.filter((o) => o.status === "SUCCEEDED").length;
    const handedBack = ops.filter((o) => o.status === "QUEUED");
    // The calls sent before SIGTERM (1 to 4 of 25) were answered and recorded; the rest never sent.
    expect(succeeded).toBeGreaterThanOrEqual(25);
    expect(succeeded).toBeLessThanOrEqual(100);
    expect(handedBack.length).toBe(200 - succeeded);
    expect(handedBack.every((o) => o.attempts === 0)).toBe(true);
    expect([...afterStop.values()].flat()).toHaveLength(succeeded);
  } finally {
    await check.close();
  }

  // Another worker takes the rest at once: every user gets exactly one desktop.
  const rest = spawnWorker(dir, emulator.url, ["--until-idle"]);
  expect(await rest.exited, rest.log.output).toBe(0);
  const byUser = await emulatorDesktopsByUser(emulator.url);
  expect(users.filter((u) => byUser.get(u)?.length !== 1)).toEqual([]);
}, 120_000);
