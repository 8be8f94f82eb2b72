// One process per PGlite folder. Nothing in PGlite stops two processes from opening the same folder,
// and one of them then silently loses committed rows; this lock file refuses the second one.
// A lock left by a process that died (crash, SIGKILL) is taken over.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export interface PgliteLock {
  readonly file: string;
  release(): void;
}

interface LockOwner {
  pid: number;
  hostname: string;
  /** Kernel start time of the process (Linux), so a recycled pid is not mistaken for the owner. */
  processStart?: string;
  acquiredAt: string;
}

export class DatabaseInUseError extends Error {
  constructor(
    message: string,
    readonly pid: number,
  ) {
    super(message);
    this.name = "DatabaseInUseError";
  }
}

/** The lock file sits next to the folder (PGlite wants the folder itself to be its own). */
export function lockFileFor(pgliteDir: string): string {
  return path.resolve(pgliteDir) + ".lock";
}

/**
 * Locks held by this process: lock file -> its content. A second open in the same process is refused
 * too. One exit hook removes whatever is still held (a crash or signal leaves a stale lock instead,
 * which the next process takes over).
 */
const HELD_KEY = Symbol.for("workspaces-portal.pglite-locks");
type HeldHolder = { [HELD_KEY]?: Map<string, string> };
function held(): Map<string, string> {
  const holder = globalThis as HeldHolder;
  if (!holder[HELD_KEY]) {
    const locks = new Map<string, string>();
    holder[HELD_KEY] = locks;
    process.on("exit", () => {
      for (const [file, content] of locks) removeIfOurs(file, content);
    });
  }
  return holder[HELD_KEY];
}

function removeIfOurs(file: string, content: string): void {
  try {
    if (fs.readFileSync(file, "utf8") === content) fs.rmSync(file, { force: true });
  } catch {
    // already gone
  }
}

/**
 * Takes the lock on `pgliteDir` or throws DatabaseInUseError naming the process that holds it.
 * Synchronous so that opening the database can stay synchronous.
 */
export function acquirePgliteLock(pgliteDir: string): PgliteLock {
  const file = lockFileFor(pgliteDir);
  const shown = displayPath(pgliteDir);
  if (held().has(file)) {
    throw new DatabaseInUseError(
      `The embedded database in ${shown} is already open in this process (pid ${process.pid}). Use the shared client from lib/db/client, or close the other one first.`,
      process.pid,
    );
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const mine: LockOwner = {
    pid: process.pid,
    hostname: os.hostname(),
    processStart: processStartTime(process.pid),
    acquiredAt: new Date().toISOString(),
  };
  const content = JSON.stringify(mine) + "\n";

  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      fs.writeFileSync(file, content, { flag: "wx" });
      return remember(file, content);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const existing = readOwner(file);
    if (existing === "missing") continue; // released meanwhile: try again
    if (existing !== "unreadable" && ownerIsAlive(existing)) {
      throw new DatabaseInUseError(
        existing.hostname === os.hostname()
          ? `The embedded database in ${shown} is in use by process ${existing.pid}. Stop it first, or set DATABASE_URL.`
          : `The embedded database in ${shown} is in use by process ${existing.pid} on ${existing.hostname}. Stop it first, or set DATABASE_URL.`,
        existing.pid,
      );
    }
    // Stale (its process is gone) or half-written by a process that died while writing it: take it over.
    // Move it aside first so that two processes taking over at once cannot both win.
    const aside = `${file}.stale-${process.pid}-${attempt}`;
    try {
      fs.renameSync(file, aside);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") continue;
      throw error;
    }
    // Another process may have taken it over between our read and our rename: then put its lock back.
    const moved = readOwner(aside);
    if (moved !== "missing" && moved !== "unreadable" && ownerIsAlive(moved)) {
      try {
        fs.linkSync(aside, file);
      } catch {
        // someone else holds it now; either way it is not ours
      }
      fs.rmSync(aside, { force: true });
      continue;
    }
    fs.rmSync(aside, { force: true });
  }
  throw new Error(`Could not take the lock ${file} for the embedded database in ${shown}; try again.`);
}

function remember(file: string, content: string): PgliteLock {
  held().set(file, content);
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    held().delete(file);
    removeIfOurs(file, content);
  };
  return { file, release };
}

function readOwner(file: string): LockOwner | "missing" | "unreadable" {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return "missing";
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockOwner>;
    if (typeof parsed.pid === "number" && typeof parsed.hostname === "string") return parsed as LockOwner;
  } catch {
    // fall through
  }
  // A writer may be between creating and filling the file: give it a moment before calling it broken.
  const ageMs = Date.now() - fs.statSync(file).mtimeMs;
  if (ageMs < 2000) return { pid: -1, hostname: os.hostname(), acquiredAt: "" };
  return "unreadable";
}

function ownerIsAlive(owner: LockOwner): boolean {
  if (owner.pid === -1) return true; // being written right now
  // Another machine (a shared folder): its processes cannot be checked from here, so refuse.
  if (owner.hostname !== os.hostname()) return true;
  if (owner.pid === process.pid) return false; // ours from before, not held (we track held ones)
  if (processState(owner.pid) === "Z") return false; // exited, not yet reaped by its parent
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  if (owner.processStart) {
    const now = processStartTime(owner.pid);
    if (now !== undefined && now !== owner.processStart) return false; // pid recycled
  }
  return true;
}

/** Fields 3 onwards of /proc/<pid>/stat; undefined off Linux or when the process is gone. */
function procStat(pid: number): string[] | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may contain spaces and parentheses: count from the last ')'.
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return undefined;
  }
}

/** Start time in clock ticks since boot (field 22). */
function processStartTime(pid: number): string | undefined {
  return procStat(pid)?.[19];
}

/** R, S, D, Z, ... (field 3). */
function processState(pid: number): string | undefined {
  return procStat(pid)?.[0];
}

function displayPath(dir: string): string {
  const relative = path.relative(process.cwd(), path.resolve(dir));
  return relative && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative : path.resolve(dir);
}
