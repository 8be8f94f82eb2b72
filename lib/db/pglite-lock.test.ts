// One process per PGlite folder: a second process is refused with a clear message, a lock left by a
// dead process is taken over.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { createDb, type DbHandle } from "./client";
import { acquirePgliteLock, DatabaseInUseError, lockFileFor } from "./pglite-lock";

// Node with tsx's loader directly (not the tsx CLI, which runs the script in a grandchild process).
const NODE_TSX = [process.execPath, "--import", pathToFileURL(path.resolve("node_modules/tsx/dist/loader.mjs")).href];
const FIXTURE = path.resolve("test-support/open-shared-db.ts");

const roots: string[] = [];
const handles: DbHandle[] = [];
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
  for (const handle of handles.splice(0)) await handle.close();
});
afterAll(() => {
  for (const root of roots) fs.rmSync(root, { recursive: true, force: true });
});

/** A project-like folder whose embedded database is <root>/.data/pglite (the default layout). */
function newRoot(): { root: string; pgliteDir: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "portal-lock-test-"));
  roots.push(root);
  return { root, pgliteDir: path.join(root, ".data", "pglite") };
}

function open(pgliteDir: string): DbHandle {
  const handle = createDb({ pgliteDir });
  handles.push(handle);
  return handle;
}

/** Runs the app's way of opening the database in another process, with cwd = root. */
function runOtherProcess(root: string) {
  return spawnSync(NODE_TSX[0], [...NODE_TSX.slice(1), FIXTURE], {
    cwd: root,
    env: { ...process.env, PORTAL_DATA_DIR: ".data", DATABASE_URL: "" },
    encoding: "utf8",
    timeout: 60_000,
  });
}

/** Starts another process that opens the database and keeps it; resolves once it has it open. */
async function holdInOtherProcess(root: string): Promise<ChildProcess> {
  const child = spawn(NODE_TSX[0], [...NODE_TSX.slice(1), FIXTURE, "--hold"], {
    cwd: root,
    env: { ...process.env, PORTAL_DATA_DIR: ".data", DATABASE_URL: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    let err = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("opened by")) resolve();
    });
    child.stderr!.on("data", (chunk: Buffer) => (err += chunk.toString()));
    child.on("exit", (code) => reject(new Error(`holder exited with ${code}: ${err}`)));
  });
  return child;
}

function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  return Number(child.stdout);
}

describe("PGlite folder lock", () => {
  it("refuses a second process while one has the database open, naming the holder", async () => {
    const { root, pgliteDir } = newRoot();
    const handle = open(pgliteDir);
    await handle.db.$queryRawUnsafe("SELECT 1");

    const other = runOtherProcess(root);
    expect(other.status).toBe(3);
    expect(other.stderr).toContain(
      `The embedded database in .data/pglite is in use by process ${process.pid}. Stop it first, or set DATABASE_URL.`,
    );
    // The holder is unharmed.
    expect(await handle.db.$queryRawUnsafe("SELECT 1 AS ok")).toEqual([{ ok: 1 }]);
  });

  it("lets another process in once the holder has closed", async () => {
    const { root, pgliteDir } = newRoot();
    const handle = createDb({ pgliteDir });
    await handle.db.$executeRawUnsafe("CREATE TABLE written_first (n integer)");
    await handle.close();
    expect(fs.existsSync(lockFileFor(pgliteDir))).toBe(false);

    const other = runOtherProcess(root);
    expect(other.stderr).toBe("");
    expect(other.status).toBe(0);
    expect(other.stdout).toMatch(/opened by \d+/);
  });

  it("refuses this process while another holds it, and takes over after that process is killed", async () => {
    const { root, pgliteDir } = newRoot();
    const holder = await holdInOtherProcess(root);
    expect(() => createDb({ pgliteDir })).toThrow(
      `The embedded database in ${pgliteDir} is in use by process ${holder.pid}. Stop it first, or set DATABASE_URL.`,
    );

    holder.kill("SIGKILL");
    await new Promise((resolve) => holder.once("exit", resolve));
    const handle = open(pgliteDir);
    expect(await handle.db.$queryRawUnsafe("SELECT 1 AS ok")).toEqual([{ ok: 1 }]);
    expect(JSON.parse(fs.readFileSync(lockFileFor(pgliteDir), "utf8")).pid).toBe(process.pid);
  });

  it("takes over a lock file left by a process that no longer exists", () => {
    const { pgliteDir } = newRoot();
    fs.mkdirSync(path.dirname(pgliteDir), { recursive: true });
    const pid = deadPid();
    fs.writeFileSync(lockFileFor(pgliteDir), JSON.stringify({ pid, hostname: os.hostname(), acquiredAt: "2026-01-01T00:00:00Z" }));
    const lock = acquirePgliteLock(pgliteDir);
    expect(JSON.parse(fs.readFileSync(lock.file, "utf8")).pid).toBe(process.pid);
    lock.release();
    expect(fs.existsSync(lock.file)).toBe(false);
  });

  it("takes over an old unreadable lock file, but not one being written right now", () => {
    const { pgliteDir } = newRoot();
    fs.mkdirSync(path.dirname(pgliteDir), { recursive: true });
    const file = lockFileFor(pgliteDir);
    fs.writeFileSync(file, "");
    expect(() => acquirePgliteLock(pgliteDir)).toThrow(DatabaseInUseError);
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(file, old, old);
    const lock = acquirePgliteLock(pgliteDir);
    lock.release();
  });

  it("refuses a second open of the same folder within one process", async () => {
    const { pgliteDir } = newRoot();
    open(pgliteDir);
    expect(() => createDb({ pgliteDir })).toThrow(/already open in this process/);
  });

  it("refuses a lock held by a live process on this machine (pid 1)", () => {
    const { pgliteDir } = newRoot();
    fs.mkdirSync(path.dirname(pgliteDir), { recursive: true });
    fs.writeFileSync(lockFileFor(pgliteDir), JSON.stringify({ pid: 1, hostname: os.hostname(), acquiredAt: "" }));
    expect(() => acquirePgliteLock(pgliteDir)).toThrow(/in use by process 1\. Stop it first, or set DATABASE_URL\./);
  });
});
