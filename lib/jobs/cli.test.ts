// `npm run worker` as its own process: it provisions from the outbox and stops cleanly on SIGTERM.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "@/lib/aws-emulator/server";
import { createDb } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";
import { approveRequest, DIRECTORY_ID, seedPortal } from "@/test-support/worker-harness";
import { freePort } from "@/test-support/free-port";

let emulator: RunningEmulator | undefined;
let dir: string | undefined;

afterEach(async () => {
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
